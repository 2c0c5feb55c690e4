"""Where the game keeps its data: the user's data folder (platformdirs), overridable by environment.

The folder is ``platformdirs.user_data_dir("sales-desk")``: ``~/.local/share/sales-desk`` on Linux
(``$XDG_DATA_HOME/sales-desk`` when set), ``~/Library/Application Support/sales-desk`` on macOS and
``%APPDATA%\\sales-desk`` on Windows. ``SALESDESK_HOME`` replaces it (the tests point it at a temporary
folder); ``SALESDESK_DB`` names the leaderboard database alone.
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "sales-desk"


def data_dir() -> Path:
    """The per-user data folder (``SALESDESK_HOME`` overrides it); created on first use by writers."""
    override = os.environ.get("SALESDESK_HOME")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP, appauthor=False, roaming=True))


def default_db_path() -> Path:
    """The leaderboard database: ``SALESDESK_DB`` or ``leaderboard.sqlite3`` in the data folder."""
    override = os.environ.get("SALESDESK_DB")
    return Path(override).expanduser() if override else data_dir() / "leaderboard.sqlite3"


def saves_dir() -> Path:
    """Folder of autosaved games."""
    return data_dir() / "saves"


def user_scenarios_dir() -> Path:
    """The trainer's own scenario files (``scenarios`` in the data folder); the game's menu lists them."""
    return data_dir() / "scenarios"
