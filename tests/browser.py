"""The headless Chromium the end-to-end board test drives (Debian's package, through Playwright's driver).

Without it the browser tests are skipped, saying why, except where ``SALESDESK_REQUIRE_BROWSER=1``
(``.ci/run`` sets it, as it installs Chromium), where a missing browser fails them, as
``SALESDESK_REQUIRE_POSTGRES`` does for the PostgreSQL tests (tests/postgres_db.py).
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

REQUIRE = "SALESDESK_REQUIRE_BROWSER"


def chromium() -> str:
    """The Chromium executable to drive (``SALESDESK_CHROMIUM``, else /usr/bin/chromium); skips, or fails where
    :data:`REQUIRE` is set, when it or Playwright is missing."""
    path = os.environ.get("SALESDESK_CHROMIUM") or "/usr/bin/chromium"
    missing = []
    if not Path(path).is_file():
        missing.append(f"{path} is missing (apt-get install chromium; or set SALESDESK_CHROMIUM)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("Playwright is not installed (pip install -e '.[test]')")
    if missing:
        reason = "no browser for the end-to-end test: " + "; ".join(missing)
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{reason}, but {REQUIRE}=1 (see .ci/run)")
        pytest.skip(reason)
    return path
