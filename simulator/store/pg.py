"""The leaderboard on a PostgreSQL server (``--db postgresql://user:password@host:port/dbname``).

The same tables and the same migrations as the SQLite file (:mod:`.schema`): the store's SQL is
written once, for SQLite, and this module translates the few SQLite words it uses
(``?`` parameters, ``INSERT OR IGNORE``/``OR REPLACE``, ``PRAGMA user_version``/``application_id``,
``INTEGER``/``REAL`` column types). Writes are serialised like SQLite's ``BEGIN IMMEDIATE``
with a transaction-level advisory lock, so the store's check-then-insert logic holds when
several server processes share one database. The schema version and the mark that the
database is ours live in a ``salesdesk_meta`` table.

Needs psycopg (``pip install -e ".[postgres]"``). Every database error becomes StoreError with
the server's address (never the password) and words a trainer can act on.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from . import schema
from .db import StoreError, disk_full_message, is_disk_full

SCHEMES = ("postgresql://", "postgres://")
LOCK_KEY = 0x53444C42  # the same number as the SQLite application id: "SDLB"
CONNECT_TIMEOUT = 10
REPLACE_KEYS = {"group_seeds": "(grp, scenario_id)"}


def is_url(path: object) -> bool:
    """Whether a ``--db`` value names a PostgreSQL database rather than a file."""
    return isinstance(path, str) and path.startswith(SCHEMES)


def shown(url: str) -> str:
    """The URL as messages show it: the password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def translate(sql: str) -> str:
    """One SQLite statement of the store in PostgreSQL's words."""
    text = sql.strip()
    pragma = re.fullmatch(r"PRAGMA (user_version|application_id) = (\d+)", text)
    if pragma:
        key = "schema_version" if pragma.group(1) == "user_version" else "application_id"
        return (f"INSERT INTO salesdesk_meta (key, value) VALUES ('{key}', '{pragma.group(2)}') "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")
    if text.upper().startswith(("CREATE TABLE", "ALTER TABLE")):
        text = re.sub(r"\bINTEGER PRIMARY KEY\b", "BIGSERIAL PRIMARY KEY", text)
        text = re.sub(r"\bINTEGER\b", "BIGINT", text)
        text = re.sub(r"\bREAL\b", "DOUBLE PRECISION", text)
    ignore = re.match(r"INSERT OR IGNORE INTO", text)
    if ignore:
        text = "INSERT INTO" + text[ignore.end():] + " ON CONFLICT DO NOTHING"
    replace = re.match(r"INSERT OR REPLACE INTO (\w+)", text)
    if replace:
        table = replace.group(1)
        found = re.search(r"\(([^)]*)\)", text)
        assert found is not None, text  # INSERT OR REPLACE always names its columns here
        columns = found.group(1).split(",")
        key = REPLACE_KEYS[table]
        keys = {c.strip() for c in key.strip("()").split(",")}
        updates = ", ".join(f"{c.strip()} = EXCLUDED.{c.strip()}" for c in columns if c.strip() not in keys)
        text = f"INSERT INTO {table}" + text[replace.end():] + f" ON CONFLICT {key} DO UPDATE SET {updates}"
    return text.replace("?", "%s")


class _Connection:
    """What the store's code calls ``conn`` inside a write: ``execute(sql, params)`` with SQLite's SQL."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: tuple = ()) -> Any:
        return self._conn.execute(translate(sql), tuple(params))


class PgDatabase:
    """An open connection to a PostgreSQL leaderboard, with the same methods as :class:`.db.Database`."""

    read_only = False

    def __init__(self, conn: Any, url: str) -> None:
        self.conn = conn
        self.url = url
        self.path = shown(url)
        self.kind = "postgresql"

    @property
    def broken(self) -> bool:
        """Whether the connection is lost (the server restarted): the owner should open a new one."""
        return bool(self.conn.closed or self.conn.broken)

    def read(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run a query; a connection the server dropped (a restart) is made again and the query retried once."""
        import psycopg

        for attempt in (1, 2):
            try:
                if self.broken:
                    self._reconnect()
                return self.conn.execute(translate(sql), tuple(params)).fetchall()
            except psycopg.Error as exc:
                if attempt == 2 or not self.broken:
                    raise self.failure(exc) from None
        raise AssertionError("unreachable")

    def _reconnect(self) -> None:
        import psycopg

        with suppress(Exception):
            self.conn.close()
        self.conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)

    @contextmanager
    def write(self) -> Iterator[_Connection]:
        """One transaction, holding the store's write lock (like SQLite's ``BEGIN IMMEDIATE``).

        Not retried here: a write cut off by a restart raises StoreError (the caller answers 503 and
        the game sends again; the same game twice is stored once).
        """
        import psycopg

        try:
            if self.broken:
                self._reconnect()
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                yield _Connection(self.conn)
        except psycopg.Error as exc:
            raise self.failure(exc) from None

    def failure(self, exc: Exception) -> StoreError:
        """The StoreError for a PostgreSQL error."""
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if is_disk_full(exc):
            return StoreError(disk_full_message(f"{self.path} (the PostgreSQL server)"))
        if self.broken:
            return StoreError(f"{self.path}: the connection to the PostgreSQL server was lost ({first}); "
                              "it is retried on the next request")
        return StoreError(f"{self.path}: the PostgreSQL server refused a query ({first})")

    def close(self) -> None:
        with suppress(Exception):
            self.conn.close()


def connect_postgres(url: str, create: bool = True) -> PgDatabase:
    """Our database at ``url``, created or migrated to the current schema under the write lock.

    Raises StoreError when the server cannot be reached, the database holds another program's
    tables, or it was written by a newer Sales Desk; nothing is changed then.
    """
    try:
        import psycopg
    except ModuleNotFoundError:
        raise StoreError("a PostgreSQL --db needs psycopg: pip install -e \".[postgres]\"") from None
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"cannot reach the PostgreSQL database {shown(url)}: {first}") from None
    db = PgDatabase(conn, url)
    try:
        _ensure_schema(db, create)
    except BaseException:
        db.close()
        raise
    return db


def _describe(db: PgDatabase, conn: _Connection | None = None) -> tuple[int | None, int, set[str]]:
    run = (conn.execute if conn is not None else lambda sql, p=(): db.conn.execute(sql, p))
    tables = {r[0] for r in run("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                "current_schema()", ()).fetchall()}
    if "salesdesk_meta" not in tables:
        return None, 0, tables
    meta = dict(run("SELECT key, value FROM salesdesk_meta", ()).fetchall())
    app_id = int(meta["application_id"]) if "application_id" in meta else None
    return app_id, int(meta.get("schema_version", 0)), tables


def _classify(db: PgDatabase, app_id: int | None, version: int, tables: set[str]) -> None:
    if not tables or tables == {"salesdesk_meta"}:
        return
    if app_id != schema.APPLICATION_ID or "entries" not in tables:
        raise StoreError(f"{db.path} holds another program's tables, not a Sales Desk leaderboard; it was left as it is")
    if version > schema.CURRENT_VERSION:
        raise StoreError(f"{db.path} was written by a newer Sales Desk (schema version {version}; this one knows "
                         f"up to {schema.CURRENT_VERSION}); update the game, the database was left as it is")


def _ensure_schema(db: PgDatabase, create: bool) -> None:
    import psycopg

    try:
        app_id, version, tables = _describe(db)
        _classify(db, app_id, version, tables)
        if version >= schema.CURRENT_VERSION:
            return
        if not create and version == 0:
            raise StoreError(f"no leaderboard in the PostgreSQL database {db.path}")
        with db.conn.transaction():
            db.conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            db.conn.execute("CREATE TABLE IF NOT EXISTS salesdesk_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            app_id, version, tables = _describe(db)
            _classify(db, app_id, version, tables)
            if version < schema.CURRENT_VERSION:
                schema.upgrade(cast(sqlite3.Connection, _Connection(db.conn)), version)  # the same execute()
    except psycopg.Error as exc:
        raise db.failure(exc) from None
