"""Reading an input file within limits: regular files only, size checked before anything is loaded.

Every file the game or the command line reads (scenarios, replays, saves,
settings) goes through :func:`read_regular`, so ``/dev/zero`` is refused
instead of filling memory, a FIFO is refused instead of hanging, and a huge
file is refused before it is read.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


class FileRefused(OSError):
    """The path is not a regular file we may read, or it is too large; ``str()`` says why (without the path)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check(mode: int, size: int, max_bytes: int) -> None:
    if not stat.S_ISREG(mode):
        raise FileRefused(f"is {_kind(mode)}, not a regular file")
    if size > max_bytes:
        raise FileRefused(f"file is {size:,} bytes; the limit is {max_bytes:,} bytes")


def read_regular(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them.

    Raises FileRefused for a folder, device, FIFO or socket (checked before opening, so a FIFO never
    blocks) and for a file larger than ``max_bytes``; FileNotFoundError, PermissionError and other
    OSErrors as the system reports them.
    """
    path = Path(path)
    before = os.stat(path)
    _check(before.st_mode, before.st_size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        now = os.fstat(fd)  # the file may have been swapped for something else since the stat
        _check(now.st_mode, now.st_size, max_bytes)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # it grew while we read
                raise FileRefused(f"file is more than {max_bytes:,} bytes; the limit is {max_bytes:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)
