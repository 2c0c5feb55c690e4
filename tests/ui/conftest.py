"""UI test fixtures: a pilot on a fresh data folder (saves, settings, leaderboard) per test."""
from __future__ import annotations

import pytest

from simulator.ui.pilot import Pilot


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """An empty user data folder; nothing a test does touches the real one."""
    home = tmp_path / "home"
    monkeypatch.setenv("SALESDESK_HOME", str(home))
    monkeypatch.setenv("SALESDESK_DB", str(home / "leaderboard.sqlite3"))
    return home


@pytest.fixture
def start(data_dir):
    """Start the app under the pilot: ``start(lang='ru', ...)``."""
    def _start(**kwargs) -> Pilot:
        return Pilot.start(data_dir, **kwargs)
    return _start
