"""Atomic file writes: a temp file in the same folder, then os.replace."""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one.

    An OSError names ``path`` (not the temporary file), so a message can say which file could not be written.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder; give a file name", str(path))
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
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
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
