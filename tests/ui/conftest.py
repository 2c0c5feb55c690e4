"""UI test fixtures: a pilot on a fresh data folder (saves, settings, leaderboard) per test.

Tests play `data/desk-demo.yaml` (a frozen copy of a certification scenario) rather than a shipped
scenario, so that tuning the shipped scenarios does not change what the UI tests see.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.pilot import Pilot

DATA_DIR = Path(__file__).resolve().parent / "data"


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
        kwargs.setdefault("scenario_dirs", [DATA_DIR, SCENARIOS_DIR])
        return Pilot.start(data_dir, **kwargs)
    return _start
