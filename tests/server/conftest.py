"""Fixtures for the workshop server: a tiny scenario and a running app (Starlette's TestClient, real workers)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from server_helpers import TOKEN
from starlette.testclient import TestClient

from simulator.server.app import ServerConfig, create_app
from tests.postgres_db import POSTGRESQL, fresh_database
from tests.shared_fixtures import isolated_data  # noqa: F401  (autouse: a fresh data folder per test)


@contextmanager
def running(db: Path | str, tiny_path: Path, **limits):
    """A server app on ``db`` (a file, or a postgresql:// URL) with its worker processes started; a TestClient."""
    peer = limits.pop("client", ("testclient", 50000))
    config = ServerConfig(db=str(db), trainer_token=TOKEN, scenario_paths=[str(tiny_path)],
                          workers=limits.pop("workers", 2), allowed_hosts=limits.pop("allowed_hosts", ["testserver"]),
                          **limits)
    with TestClient(create_app(config), raise_server_exceptions=True, client=peer) as client:
        yield client


BACKENDS = ["sqlite", POSTGRESQL]


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory, tiny_path):
    """One server per test module and database kind (starting its workers takes about a second)."""
    if request.param == "sqlite":
        with running(tmp_path_factory.mktemp("server") / "board.sqlite3", tiny_path) as client:
            yield client
        return
    with fresh_database() as url, running(url, tiny_path) as client:
        yield client
