"""A small, bounded pool of open leaderboards for the web process: every request borrows one and gives it back.

A web server answers from many threads (Starlette runs plain handlers in a thread pool of about 40). Opening a
leaderboard per thread kept a database connection (an open file, or one of PostgreSQL's ``max_connections``)
for every thread that ever ran, and loaded every scenario again in each. Here a process holds at most ``size``
connections, made when first needed and reused; scenarios are loaded once per process and shared (read only).
A request waits for a free connection (up to ``wait`` seconds, then the store answers "busy"); a connection the
database server dropped is closed and replaced on its next use.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TypeVar, cast

from ..store.db import StoreError
from ..store.leaderboard import Leaderboard
from ..store.scenarios import ScenarioLibrary

T = TypeVar("T")  # what a cached computation returns

DEFAULT_SIZE = 4
SQLITE_CACHE_KIB = 256


class BoardPool:
    """At most ``size`` open leaderboards on ``db``, lent to one thread at a time (:meth:`borrow`)."""

    def __init__(self, db: str, scenario_paths: list[str], size: int = DEFAULT_SIZE, wait: float = 30.0):
        self.db = db
        self.size = max(1, size)
        self.wait = wait
        self.library = ScenarioLibrary(scenario_paths)  # loaded once for the process
        self._idle: list[Leaderboard] = []
        self._open = 0
        self._slots = threading.BoundedSemaphore(self.size)
        self._lock = threading.Lock()
        self._closed = False

    @property
    def open_connections(self) -> int:
        """Connections open now (at most ``size``)."""
        return self._open

    @contextmanager
    def borrow(self) -> Iterator[Leaderboard]:
        """A leaderboard for this request alone; given back (or closed, when its connection broke) afterwards."""
        if not self._slots.acquire(timeout=self.wait):
            raise StoreError(f"every one of the server's {self.size} database connections stayed busy for "
                             f"{self.wait:g} s")
        board: Leaderboard | None = None
        try:
            board = self._take()
            yield board
        finally:
            self._give_back(board)
            self._slots.release()

    def fill(self) -> None:
        """Open every connection now (at start-up), so the process's open files and database connections stay the
        same from the first request on."""
        taken = [self._take() for _ in range(self.size - self._open)] if self._open < self.size else []
        for board in taken:
            self._give_back(board)

    def _take(self) -> Leaderboard:
        with self._lock:
            board = self._idle.pop() if self._idle else None
        if board is not None and getattr(board.database, "broken", False):
            self._discard(board)  # the database server restarted: a new connection
            board = None
        if board is None:
            board = Leaderboard.open(self.db, scenarios=self.library.shared(), mark_bots=False)  # the workers do
            if getattr(board.database, "kind", "sqlite") == "sqlite":
                # SQLite's page cache (2 MB a connection by default) would grow with the board and stay: the pages
                # are in the system's file cache anyway, so each connection keeps a small one.
                board.database.conn.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            with self._lock:
                self._open += 1
        return board

    def _give_back(self, board: Leaderboard | None) -> None:
        if board is None:
            return
        if self._closed or getattr(board.database, "broken", False):
            self._discard(board)
            return
        with self._lock:
            self._idle.append(board)

    def _discard(self, board: Leaderboard) -> None:
        with self._lock:
            self._open -= 1
        with suppress(Exception):
            board.close()

    def close(self) -> None:
        """Close every idle connection; one still lent is closed when it comes back."""
        self._closed = True
        with self._lock:
            idle, self._idle = self._idle, []
        for board in idle:
            self._discard(board)


class ShortCache:
    """Answers kept for ``ttl`` seconds (at most ``size`` of them), so a burst of board reads computes each board
    once instead of once per request: the projector, the game's rank look-ups and forty laptops all ask for the same
    board every second. One caller computes a missing answer while the others wait for it; :meth:`forget` drops a
    session's answers when this process changes it (an upload, a hidden or deleted entry). Another server process
    sharing the database sees such a change at most ``ttl`` seconds late."""

    def __init__(self, ttl: float = 0.5, size: int = 256):
        self.ttl, self.size = ttl, size
        self._answers: dict[tuple, tuple[float, object]] = {}
        self._locks: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        """The answer for ``key``: a fresh cached one, or ``compute()`` (stored for ``ttl`` seconds)."""
        import time

        with self._lock:
            found = self._answers.get(key)
            if found is not None and time.monotonic() - found[0] < self.ttl:
                return cast(T, found[1])
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                found = self._answers.get(key)
                if found is not None and time.monotonic() - found[0] < self.ttl:
                    return cast(T, found[1])
            value = compute()
            with self._lock:
                if len(self._answers) >= self.size:
                    self._answers.clear()
                    self._locks = {key: lock}
                self._answers[key] = (time.monotonic(), value)
            return value

    def forget(self, first: object | None = None) -> None:
        """Drop the answers whose key starts with ``first`` (every answer when None)."""
        with self._lock:
            if first is None:
                self._answers.clear()
            else:
                for key in [k for k in self._answers if k and k[0] == first]:
                    del self._answers[key]
