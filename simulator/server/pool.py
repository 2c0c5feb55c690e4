"""Verifying uploads away from the web server: a fixed number of worker processes, a time limit each.

A replay is hostile until replayed: parsing, checking and re-simulating it (and storing it) happens
in a worker process. A worker that takes longer than the time limit is killed and replaced, so a
huge or hostile upload costs at most one worker for that long; the web process itself never runs
the engine. Uploads beyond the workers wait in a bounded line; when the line is full a new upload
is turned away at once (:class:`Busy`, HTTP 503 with ``Retry-After``) instead of piling up.

A worker opens the leaderboard itself and stores the entry in its own transaction, so an entry is
either committed (and survives any crash after) or not there at all. How like a bot's a stored game is
(``Leaderboard.mark_bots``, up to half a second a game) is worked out afterwards, one game at a time while no
upload waits, so a class uploading at once is not slowed by it; the mark shows on the board a moment later.
"""
from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext

IDLE = 0.5  # seconds without an upload before a worker marks bot play of stored games
MEMORY_LIMIT_BYTES = 2 * 1024**3  # address space of a worker: a hostile upload cannot take the machine's memory


class Busy(Exception):
    """Every worker is busy and the waiting line is full."""


@dataclass(frozen=True)
class Job:
    """One upload to verify and store: the raw body and what the session fixes."""

    body: bytes
    scenario_id: str
    seed: int
    group: str
    injected: str = "[]"  # the session's injected events (store.rounds.injected_json): the replay must carry these


def _worker_main(conn: Connection, db: str, scenario_paths: list[str]) -> None:
    """A worker process: open the leaderboard once, then verify and store one job at a time."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    except (ImportError, ValueError, OSError):
        pass
    from .verify import open_board, store_upload

    try:
        board = open_board(db, scenario_paths, mark_bots=False)
    except Exception:
        board = None  # opened again with the first upload, which then reports the error
    marked_up_to = 0  # the last game given its bot similarity (Leaderboard.mark_bots); -1: none waits
    while True:
        try:
            # Bot similarity, one game at a time, only once no upload has come for IDLE seconds: during a burst
            # the next upload arrives within milliseconds and must not wait behind it.
            while board is not None and marked_up_to >= 0 and not conn.poll(IDLE):
                try:  # one game at a time, while no upload waits
                    last = board.mark_bots(limit=1, after=marked_up_to)
                except Exception:
                    last = 0
                marked_up_to = last if last else -1
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if job is None:
            return
        try:
            if board is not None and getattr(board.database, "broken", False):
                board.close()  # the database server restarted: connect again
                board = None
            if board is None:
                board = open_board(db, scenario_paths, mark_bots=False)
            result = store_upload(board, job)
            if result.get("created"):
                marked_up_to = 0  # a new game to mark (and any a restart left)
        except MemoryError:
            result = {"ok": False, "status": 413, "code": "too_large",
                      "error": "the replay needs more memory to check than an upload may use"}
        except Exception as exc:  # the database went away, or a bug: report it, keep the worker usable
            from ..store.db import StoreError

            if board is not None:
                with contextlib.suppress(Exception):
                    board.close()
                board = None
            status = 503 if isinstance(exc, StoreError) else 500
            result = {"ok": False, "status": status, "code": "store" if status == 503 else "internal",
                      "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
        try:
            conn.send(result)
        except (OSError, BrokenPipeError):
            return


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, ctx: SpawnContext, db: str, scenario_paths: list[str]):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, db, scenario_paths), daemon=True,
                                   name="salesdesk-verify")
        self.process.start()
        child.close()

    def run(self, job: Job, time_limit: float) -> dict | None:
        """The job's result, or None when it did not finish in ``time_limit`` seconds (the caller kills us)."""
        try:
            self.conn.send(job)
            if self.conn.poll(time_limit):
                return self.conn.recv()
        except (EOFError, OSError):
            return {"ok": False, "status": 500, "code": "worker_failed",
                    "error": "the checking process stopped while replaying this upload"}
        return None

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self.conn.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


class VerifyPool:
    """``workers`` processes; at most ``max_waiting`` uploads wait for one; ``time_limit`` seconds per upload."""

    def __init__(self, db: str, scenario_paths: list[str] | None = None, workers: int | None = None,
                 time_limit: float = 30.0, max_waiting: int = 256):
        self.db = db
        self.scenario_paths = list(scenario_paths or [])
        self.size = max(1, workers or os.cpu_count() or 1)
        self.time_limit = time_limit
        self.max_waiting = max_waiting
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a threaded web server
        self._idle: asyncio.Queue | None = None
        self._waiting = 0
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        self.killed = 0  # workers killed for running over the time limit

    async def start(self) -> None:
        """Start the workers (in threads: starting a process imports the engine)."""
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(*(asyncio.to_thread(self._new_worker) for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    def _new_worker(self) -> _Worker:
        worker = _Worker(self._ctx, self.db, self.scenario_paths)
        with self._lock:
            self._workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool) -> None:
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
        worker.stop(kill=kill)

    @property
    def waiting(self) -> int:
        """Uploads waiting for a worker now."""
        return self._waiting

    async def submit(self, job: Job) -> dict:
        """Verify and store ``job`` in a worker; raises Busy when the line is full."""
        assert self._idle is not None, "start() the pool first"
        if self._waiting >= self.max_waiting:
            raise Busy()
        self._waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self._waiting -= 1
        started = time.monotonic()
        try:
            result = await asyncio.to_thread(worker.run, job, self.time_limit)
        except BaseException:
            await asyncio.to_thread(self._retire, worker, True)
            self._idle.put_nowait(await asyncio.to_thread(self._new_worker))
            raise
        if result is None or result.get("code") == "worker_failed":
            self.killed += result is None
            await asyncio.to_thread(self._retire, worker, True)
            worker = await asyncio.to_thread(self._new_worker)
            if result is None:
                result = {"ok": False, "status": 422, "code": "time_limit",
                          "error": f"checking this replay took longer than {self.time_limit:g} s and was stopped"}
        self._idle.put_nowait(worker)
        result.setdefault("seconds", round(time.monotonic() - started, 3))
        return result

    async def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers = list(self._workers)
        await asyncio.gather(*(asyncio.to_thread(self._retire, w, False) for w in workers))
