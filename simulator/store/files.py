"""Atomic file writes: a temp file in the same folder, then os.replace; never over what is not ours to replace."""
from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


class OutputRefused(OSError):
    """An output path that must not be overwritten (a database, a device, a FIFO, a symlink)."""


def check_output(path: str | Path) -> None:
    """Raise OutputRefused (naming ``path``) unless writing a new regular file over ``path`` is safe.

    Refused: a symbolic link (the file it points to would be replaced by a copy), a folder, a device, a
    FIFO or a socket, an SQLite database (the leaderboard) and the side files of one (``-wal``, ``-shm``,
    ``-journal``).
    """
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror or str(exc), str(path)) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            _refuse(path, "it is a symbolic link; give the real file's name, or a new name")
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder; give a file name", str(path))
        if not stat.S_ISREG(info.st_mode):
            _refuse(path, "it is a device, pipe or socket, not a regular file; give a file name")
        if _is_database(path):
            _refuse(path, "it is a database (an SQLite file such as the leaderboard); it was not overwritten, "
                          "give another file name")
    for suffix in ("-wal", "-shm", "-journal"):
        if path.name.endswith(suffix) and _is_database(path.with_name(path.name[: -len(suffix)])):
            _refuse(path, "it belongs to a database (SQLite side file); it was not overwritten, give another file name")


REPLAY_MARKS = (b"sales-desk-replay", b"sales-desk-head-replay")


def check_export_target(path: str | Path, ours: Callable[[bytes], bool]) -> None:
    """Raise OutputRefused unless an export may replace ``path``: a new name, an empty file, or a file an earlier
    export wrote (``ours`` recognises its first bytes). A participant's replay handed in and not imported yet, or
    any other file, is never replaced (an export is cheap to write again under another name; they are not)."""
    path = Path(path)
    check_output(path)
    try:
        if not path.is_file():
            return
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return  # unreadable: writing will say why
    if not head.strip():
        return
    if any(mark in head for mark in REPLAY_MARKS):
        _refuse(path, "it is a replay file (a participant's game, perhaps not imported yet); it was not overwritten: "
                      "give the export another file name")
    if not ours(head):
        _refuse(path, "the file exists and was not written by a leaderboard export; it was not overwritten: give "
                      "another file name, or move the file away first")


def _refuse(path: Path, reason: str) -> None:
    raise OutputRefused(errno.EPERM, reason, str(path))


def _is_database(path: Path) -> bool:
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one.

    Refuses (OutputRefused) to replace a database, device, FIFO or symlink; see :func:`check_output`.
    An OSError names ``path`` (not the temporary file), so a message can say which file could not be written.
    """
    path = Path(path)
    check_output(path)
    try:
        _write(path, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror or str(exc), str(path)) from None


def _write(path: Path, raw: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (mkstemp's are owner-only).

    Exports and replay files are meant to be shared, so they should not end up readable by their owner alone.
    """
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(current)
    return current


def safe_file_part(text: str) -> str:
    """A player name made safe for a file name (letters of any script, digits, dot, dash; at most 40)."""
    return re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("_")[:40] or "player"
