"""Opening the leaderboard database safely: ours, empty, or refused untouched.

A file that is not SQLite, an SQLite file of another program, or a leaderboard
from a newer version of the game raises :class:`StoreError` before anything is
written to it. Our own files are opened in WAL mode with a busy timeout, so
several processes can read and write at once; every write goes through
:func:`write_transaction` (``BEGIN IMMEDIATE`` ... ``COMMIT``).
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from . import schema

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 60_000


class StoreError(Exception):
    """The leaderboard database cannot be used; the message says why. The file was not changed."""


def connect(path: Path, create: bool = True) -> sqlite3.Connection:
    """A connection to our database at ``path``, created or migrated to the current schema.

    Raises StoreError for a missing file (when ``create`` is false), a file that is not SQLite, an
    SQLite file that is not a Sales Desk leaderboard, a newer schema, or a damaged file.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a leaderboard database file")
    if path.exists():
        _refuse_unless_ours_or_empty(path)
    elif not create:
        raise StoreError(f"no leaderboard database at {path}")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for {path}: {exc.strerror or exc}") from None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        _ensure_schema(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise damaged(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return conn


def damaged(path: Path, exc: Exception) -> StoreError:
    """The error for a database SQLite itself refuses (locked for too long, or damaged)."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: the database stayed busy for {BUSY_TIMEOUT_MS // 1000} s; try again ({text})")
    return StoreError(f"{path}: the database is damaged or unreadable ({text}); it was left as it is")


@contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; any error rolls everything back. SQLite errors become StoreError."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from None
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        if isinstance(exc, sqlite3.DatabaseError):
            raise damaged(path, exc) from None
        raise


def _refuse_unless_ours_or_empty(path: Path) -> None:
    """Look at an existing file without changing it; raise StoreError unless we may use it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not header:
        return  # an empty file: a new database
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a leaderboard database (not an SQLite file); it was left as it is")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        ro = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise damaged(path, exc) from None
    try:
        app_id, version, tables = _describe(ro)
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from None
    finally:
        ro.close()
    _classify(path, app_id, version, tables)


def _describe(conn: sqlite3.Connection) -> tuple[int, int, set[str]]:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return app_id, version, tables


def _classify(path: Path, app_id: int, version: int, tables: set[str]) -> None:
    """Raise StoreError unless the database is ours at a version we know, or completely empty."""
    if app_id == 0 and version == 0 and not tables:
        return
    if app_id != schema.APPLICATION_ID or "entries" not in tables:
        raise StoreError(f"{path} is another program's SQLite database, not a Sales Desk leaderboard; "
                         "it was left as it is")
    if version > schema.CURRENT_VERSION:
        raise StoreError(f"{path} was written by a newer Sales Desk (schema version {version}; this one knows "
                         f"up to {schema.CURRENT_VERSION}); update the game, the file was left as it is")
    if version < 1:
        raise StoreError(f"{path} has no schema version; it was left as it is")


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    app_id, version, tables = _describe(conn)
    _classify(path, app_id, version, tables)
    if version == schema.CURRENT_VERSION:
        _use_wal(conn)
        return
    # New or older: create or migrate under the write lock, re-checking what another process may have done.
    with write_transaction(conn, path):
        app_id, version, tables = _describe(conn)
        _classify(path, app_id, version, tables)
        if version < schema.CURRENT_VERSION:
            schema.upgrade(conn, version)
    _use_wal(conn)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL (a no-op when it already is); readers then never block the writer."""
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
