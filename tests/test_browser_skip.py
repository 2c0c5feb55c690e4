"""Without Chromium the browser test skips, saying why; where CI requires the browser it fails instead."""
from __future__ import annotations

import pytest

from tests.browser import REQUIRE, chromium


def test_a_missing_browser_skips_the_test_and_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("SALESDESK_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.delenv(REQUIRE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        chromium()


def test_a_missing_browser_fails_where_ci_requires_it(monkeypatch, tmp_path):
    monkeypatch.setenv("SALESDESK_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv(REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception, match=f"{REQUIRE}=1"):
        chromium()


def test_a_browser_that_is_there_is_used(monkeypatch, tmp_path):
    pytest.importorskip("playwright")
    fake = tmp_path / "chromium"
    fake.write_text("")
    monkeypatch.setenv("SALESDESK_CHROMIUM", str(fake))
    assert chromium() == str(fake)
