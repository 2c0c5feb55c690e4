"""Shared fixtures for the store tests: an isolated data folder, a tiny scenario."""
from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario import load_file
from store_helpers import CERTIFICATION, TINY_YAML


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    """Never touch the real user data folder: SALESDESK_HOME and SALESDESK_DB point into tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("SALESDESK_HOME", str(home))
    monkeypatch.setenv("SALESDESK_DB", str(home / "leaderboard.sqlite3"))
    return home


@pytest.fixture(scope="session")
def tiny_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scenarios") / "tiny.yaml"
    path.write_text(TINY_YAML, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny(tiny_path):
    return load_file(tiny_path)


@pytest.fixture(scope="session")
def certification():
    return load_file(CERTIFICATION)
