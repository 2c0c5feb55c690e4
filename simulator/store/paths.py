"""Where the game keeps its data: the user's data folder, overridable by environment."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "sales-desk"


def data_dir() -> Path:
    """The per-user data folder (``SALESDESK_HOME`` overrides it); created on first use by writers."""
    override = os.environ.get("SALESDESK_HOME")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP


def default_db_path() -> Path:
    """The leaderboard database: ``SALESDESK_DB`` or ``leaderboard.sqlite3`` in the data folder."""
    override = os.environ.get("SALESDESK_DB")
    return Path(override).expanduser() if override else data_dir() / "leaderboard.sqlite3"


def saves_dir() -> Path:
    """Folder of autosaved games."""
    return data_dir() / "saves"
