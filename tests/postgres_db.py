"""A fresh PostgreSQL database per test (or module), on the server `.ci/run` starts.

``SALESDESK_TEST_POSTGRES`` is a URL of a role that may create databases; each use gets its own
database, dropped afterwards. Without it the PostgreSQL tests are skipped, except where
``SALESDESK_REQUIRE_POSTGRES=1`` (CI sets it), where a missing server fails them.
"""
from __future__ import annotations

import os
import time
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV = "SALESDESK_TEST_POSTGRES"

# A fixture's params: tests run on SQLite and again on PostgreSQL (those on one xdist worker, one at a time). The
# PostgreSQL runs are long runs (a database created and dropped per test): `python -m pytest -m slow` has them.
POSTGRESQL = pytest.param("postgresql", marks=[pytest.mark.xdist_group("postgres"), pytest.mark.slow])
BACKENDS = ["sqlite", POSTGRESQL]


def admin_url() -> str:
    url = os.environ.get(ENV)
    if not url:
        if os.environ.get("SALESDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{ENV} is not set, but SALESDESK_REQUIRE_POSTGRES=1: start PostgreSQL (see .ci/run)")
        pytest.skip(f"no PostgreSQL server for the tests ({ENV} is not set; .ci/run sets it)")
    return url


@contextmanager
def fresh_database():
    """Yield the URL of a new, empty database; drop it afterwards."""
    import psycopg

    admin = admin_url()
    name = f"salesdesk_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin)
    url = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield url
    finally:
        _drop(admin, name)


def _drop(admin: str, name: str, tries: int = 20) -> None:
    """Drop a test database, cutting the tests' own connections. FORCE cannot end an autovacuum worker that
    happens to be in it (a superuser's process: InsufficientPrivilege), so that is waited out and retried."""
    import psycopg

    for attempt in range(tries):
        try:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            if attempt == tries - 1:
                raise
            time.sleep(0.25)


@contextmanager
def database(kind: str, sqlite_path):
    """``sqlite_path`` for ``sqlite``; a fresh PostgreSQL database's URL for ``postgresql``."""
    if kind == "sqlite":
        yield sqlite_path
        return
    with fresh_database() as url:
        yield url
