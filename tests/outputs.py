"""Where tests leave pictures a person may want to open (the current run's screenshots): outside the source tree.

``$SALESDESK_TEST_OUT`` if set, else ``salesdesk-test-out`` in the system's temporary folder (``/tmp`` on Linux).
A failing screenshot comparison names the file there next to its reference.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

OUT_DIR = Path(os.environ.get("SALESDESK_TEST_OUT") or Path(tempfile.gettempdir()) / "salesdesk-test-out")
