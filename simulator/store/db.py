"""Opening the leaderboard database safely: ours, empty, or refused untouched.

A file that is not SQLite, an SQLite file of another program, or a leaderboard
from a newer version of the game raises :class:`StoreError` before anything is
written to it. Our own files are opened in WAL mode with a busy timeout, so
several processes can read and write at once; every write goes through
:meth:`Database.write` (``BEGIN IMMEDIATE`` ... ``COMMIT``).
"""
from __future__ import annotations

import os
import sqlite3
import stat
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from . import schema

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 60_000


class StoreError(Exception):
    """The leaderboard database cannot be used; the message says why. The file was not changed."""


class Database:
    """An open connection to our database, with the file's path for messages.

    SQLite errors become StoreError. If the file turns out damaged, :meth:`close` also removes the
    empty ``-wal``/``-shm`` side files this connection created, so a refused file is left as found.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, side_files_existed: bool, read_only: bool = False):
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self._side_files_existed = side_files_existed
        self._damaged = False

    def read(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run a query and fetch every row."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self.failure(exc) from None

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; any error rolls everything back."""
        if self.read_only:
            raise StoreError(read_only_message(self.path))
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise self.failure(exc) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise self.failure(exc) from None
            raise

    def failure(self, exc: Exception) -> StoreError:
        """The StoreError for an SQLite error; remembers a damaged file for :meth:`close`."""
        error = damaged(self.path, exc)
        if "damaged" in str(error):
            self._damaged = True
        return error

    def close(self) -> None:
        """Close the connection (and tidy the side files of a damaged file we opened)."""
        self.conn.close()
        if self._damaged and not self._side_files_existed:
            _remove_empty_side_files(self.path)


def connect(path: Path, create: bool = True) -> Database:
    """Our database at ``path``, created or migrated to the current schema and checked for damage.

    Raises StoreError for a missing file (when ``create`` is false), a file that is not SQLite, an
    SQLite file that is not a Sales Desk leaderboard, a newer schema, or a damaged file.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except PermissionError:
        raise StoreError(f"cannot reach {path}: permission denied (you may not open the folder "
                         f"{path.parent}); ask for access or use another --db") from None
    except OSError as exc:
        raise StoreError(f"cannot reach {path}: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise StoreError(f"{path} is a folder, not a leaderboard database file")
    if mode is not None and not stat.S_ISREG(mode):
        raise StoreError(f"{path} is not a regular file (a device or a pipe); a leaderboard database is a file")
    if mode is None:
        if not create:
            raise StoreError(f"no leaderboard database at {path}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except PermissionError:
            raise StoreError(f"cannot create {path}: permission denied (you may not write in {path.parent}); "
                             "use another --db") from None
        except OSError as exc:
            raise StoreError(f"cannot create the folder for {path}: {exc.strerror or exc}") from None
        _create_whole(path)
    read_only = path.exists() and not (writable(path) and writable(path.parent))
    if path.exists():
        _refuse_unless_ours_or_empty(path, read_only)
    side_files_existed = any(p.exists() for p in _side_files(path))
    try:
        if read_only:
            conn = sqlite3.connect(_read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
        else:
            # check_same_thread off: a server keeps a few connections in a pool and lends each to one thread at a time.
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    db = Database(conn, path, side_files_existed, read_only)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if read_only:
            _check_read_only(db)
        else:
            _ensure_schema(db)
        problems = db.read("PRAGMA quick_check")
        if problems != [("ok",)]:
            raise db.failure(sqlite3.DatabaseError("; ".join(str(r[0]) for r in problems[:3])))
    except sqlite3.DatabaseError as exc:
        error = db.failure(exc)
        db.close()
        raise error from None
    except BaseException:
        db.close()
        raise
    return db


def writable(path: Path) -> bool:
    """Whether this process may write ``path`` (a file or a folder)."""
    return os.access(path, os.W_OK)


def read_only_message(path: Path) -> str:
    """The plain-words message for a change to a leaderboard this process may only read."""
    return (f"{path} can be read but not changed: the file or its folder is read-only for you "
            "(it is not damaged); copy it to a folder you may write, or ask for write access")


def _read_only_uri(path: Path) -> str:
    """A read-only URI; ``immutable`` where SQLite could not make its shared-memory file beside a WAL file."""
    base = f"file:{quote(str(path.resolve()))}?mode=ro"
    wal, shm = _side_files(path)
    if not writable(path.parent) and not shm.exists():
        return base + "&immutable=1"  # nobody can be writing: nobody may write in this folder
    return base


def _check_read_only(db: Database) -> None:
    """A database opened read-only must already be ours at the current version (it cannot be migrated)."""
    app_id, version, tables = _describe(db.conn)
    _classify(db.path, app_id, version, tables)
    if version == 0:
        raise StoreError(f"{db.path} is empty and read-only for you; there is no leaderboard to show")
    if version < schema.CURRENT_VERSION:
        raise StoreError(f"{db.path} was written by an older Sales Desk and must be upgraded, but it is read-only "
                         "for you (it is not damaged); copy it to a folder you may write and open the copy")


def _create_whole(path: Path) -> None:
    """Create a new database at ``path`` in one step, so no process ever sees it half-made.

    The schema is built (in WAL mode) in a private file beside ``path`` and hard-linked into place;
    the link fails if another process got there first, and then theirs is used. Where hard links are
    not possible (some file systems), nothing is created here and :func:`_ensure_schema` creates the
    schema in place under the write lock instead.
    """
    draft = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:12]}.new")
    try:
        conn = sqlite3.connect(str(draft), isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            schema.upgrade(conn, 0)
            conn.execute("COMMIT")
            _use_wal(conn)
        finally:
            conn.close()  # the last connection to close folds the WAL back in and removes the side files
        os.link(draft, path)
    except FileExistsError:
        pass  # another process created it a moment ago
    except (OSError, sqlite3.Error):
        pass  # no hard links here (or no room for the draft): the in-place path takes over
    finally:
        for leftover in (draft, *_side_files(draft)):
            with suppress(OSError):
                leftover.unlink(missing_ok=True)


def damaged(path: Path, exc: Exception) -> StoreError:
    """The error for a database SQLite itself refuses (locked for too long, or damaged)."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: the database stayed busy for {BUSY_TIMEOUT_MS // 1000} s; try again ({text})")
    if is_disk_full(exc):
        return StoreError(disk_full_message(str(path)))
    return StoreError(f"{path}: the database is damaged or unreadable ({text}); it was left as it is")


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error is a full disk (SQLITE_FULL, ENOSPC/EDQUOT, PostgreSQL's disk_full), not damage."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or getattr(exc, "sqlstate", None) == "53100":
        return True
    text = str(exc).lower()
    return "disk is full" in text or "no space left on device" in text or "disk quota exceeded" in text


def disk_full_message(where: str) -> str:
    """The words for a full disk: nothing stored is lost, and what to do."""
    return (f"{where}: the disk (or the quota) is full, so nothing new could be written; what was stored before is "
            "kept and intact. Free some space and try again")


def _side_files(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _remove_empty_side_files(path: Path) -> None:
    """Remove the ``-wal``/``-shm`` files our own connection left next to a refused file (an empty WAL holds no data)."""
    wal, shm = _side_files(path)
    try:
        if not wal.exists() or wal.stat().st_size == 0:
            wal.unlink(missing_ok=True)
            shm.unlink(missing_ok=True)
    except OSError:
        pass


def _refuse_unless_ours_or_empty(path: Path, read_only: bool = False) -> None:
    """Look at an existing file without changing it; raise StoreError unless we may use it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise StoreError(f"cannot read {path}: permission denied (the file is not readable for you); "
                         "ask for access") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not header:
        return  # an empty file: a new database
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a leaderboard database (not an SQLite file); it was left as it is")
    # A read-only connection that takes the usual locks, so a file another process is creating or
    # migrating right now is seen either before or after, never half-written.
    uri = _read_only_uri(path) if read_only else f"file:{quote(str(path.resolve()))}?mode=ro"
    side_files_existed = any(p.exists() for p in _side_files(path))
    try:
        ro = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise damaged(path, exc) from None
    try:
        ro.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id, version, tables = _describe(ro)
        _classify(path, app_id, version, tables)
    except (sqlite3.DatabaseError, StoreError) as exc:
        ro.close()
        if not side_files_existed:
            _remove_empty_side_files(path)
        raise exc if isinstance(exc, StoreError) else damaged(path, exc) from None
    ro.close()


def _describe(conn: sqlite3.Connection) -> tuple[int, int, set[str]]:
    """Application id, schema version and tables, read from one snapshot of the file.

    Read in one transaction: read one by one, a schema another process commits in between
    would look half-made (tables but no id) and be taken for another program's database.
    """
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    finally:
        if own:
            conn.execute("COMMIT")
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


def _ensure_schema(db: Database) -> None:
    app_id, version, tables = _describe(db.conn)
    _classify(db.path, app_id, version, tables)
    if version < schema.CURRENT_VERSION:
        # New or older: create or migrate under the write lock, re-checking what another process may have done.
        with db.write() as conn:
            app_id, version, tables = _describe(conn)
            _classify(db.path, app_id, version, tables)
            if version < schema.CURRENT_VERSION:
                schema.upgrade(conn, version)
    _use_wal(db.conn)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL (a no-op when it already is); readers then never block the writer.

    Two connections switching the same file at once can each wait for the other's lock until the
    busy timeout, so the switch is tried with a short timeout and retried, staggered by process.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        conn.execute("PRAGMA busy_timeout = 50")
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(0.005 * (1 + os.getpid() % 7))
            continue
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if str(mode).lower() != "wal":
            return  # this file system cannot do WAL: the rollback journal is slower with many writers, still safe
