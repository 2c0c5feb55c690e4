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


@pytest.fixture(scope="session")
def thirty_games(tmp_path_factory) -> Path:
    """A leaderboard file with 30 people's tutorial games on one board (built once; copy it, never change it)."""
    from simulator.store.leaderboard import Leaderboard
    from simulator.strategies import STRATEGIES, play

    from .flows import TUTORIAL
    path = tmp_path_factory.mktemp("thirty") / "leaderboard.sqlite3"
    names = sorted(STRATEGIES)
    with Leaderboard.open(path) as board:
        for k in range(30):  # a group per seed: each group's games rank on the one board of the tutorial
            board.add_game(play(TUTORIAL, k + 1, STRATEGIES[names[k % len(names)]]), player=f"Player {k + 1:02d}",
                           group=f"G{k + 1:02d}", finished_at="2025-03-14T10:00:00Z")
    return path


@pytest.fixture
def board_of_30(data_dir, thirty_games) -> Path:
    """The user's leaderboard holds the 30 games of :func:`thirty_games`."""
    import shutil
    data_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(thirty_games, data_dir / "leaderboard.sqlite3"))
