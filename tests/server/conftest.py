"""Fixtures for the workshop server: a tiny scenario and a running app (Starlette's TestClient, real workers)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from simulator.scenario import load_file
from simulator.server.app import ServerConfig, create_app
from server_helpers import TINY_YAML, TOKEN

from starlette.testclient import TestClient


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    """Never touch the real user data folder."""
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


@contextmanager
def running(db: Path, tiny_path: Path, **limits):
    """A server app on ``db`` with its worker processes started; yields a TestClient."""
    config = ServerConfig(db=str(db), trainer_token=TOKEN, scenario_paths=[str(tiny_path)],
                          workers=limits.pop("workers", 2), **limits)
    with TestClient(create_app(config), raise_server_exceptions=True) as client:
        yield client


@pytest.fixture(scope="module")
def server(tmp_path_factory, tiny_path):
    """One server for a test module (starting its workers takes about a second)."""
    db = tmp_path_factory.mktemp("server") / "board.sqlite3"
    with running(db, tiny_path) as client:
        client.db = db
        yield client
