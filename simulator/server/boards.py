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
from contextlib import contextmanager
from typing import Iterator

from ..store.db import StoreError
from ..store.leaderboard import Leaderboard
from ..store.scenarios import ScenarioLibrary

DEFAULT_SIZE = 4


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

    def _take(self) -> Leaderboard:
        with self._lock:
            board = self._idle.pop() if self._idle else None
        if board is not None and getattr(board.database, "broken", False):
            self._discard(board)  # the database server restarted: a new connection
            board = None
        if board is None:
            board = Leaderboard.open(self.db, scenarios=self.library.shared())
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
        try:
            board.close()
        except Exception:
            pass

    def close(self) -> None:
        """Close every idle connection; one still lent is closed when it comes back."""
        self._closed = True
        with self._lock:
            idle, self._idle = self._idle, []
        for board in idle:
            self._discard(board)
