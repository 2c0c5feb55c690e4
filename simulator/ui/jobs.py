"""Work the window must not wait for — replaying games for the group view, a review, a comparison or an
imported file, playing a what-if's branch — run on a worker thread while the frame loop keeps drawing.

A scene starts a :class:`Job` with :meth:`Jobs.start`; the job's ``work`` runs on its own thread with a
:class:`Progress` it counts on (``progress.total = N``, ``progress.step()`` after each game) and that
stops it once cancelled (Esc). The app calls :meth:`Jobs.poll` once per frame, on the frame thread, and
that is where a finished job's ``done`` (or ``failed``) runs: scenes only ever change on the frame thread.

Why a thread and not a process: the engine is pure (no shared state), so replays are safe on a thread;
numpy releases the GIL only partly, but a replay is short steps of Python and numpy, so the frame thread
gets the GIL every switch interval. Measured on the busy 2-core machine (load ~6) while replays of the
whole-company scenario ran on a thread: frames every 16 ms at the median, 32 ms at the 95th percentile,
74 ms at the longest (8 ms idle); a process would add ~1 s of start-up (importing numpy and the engine)
and pickling of games for no gain in smoothness.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class Cancelled(Exception):
    """Raised inside a job's work when the job was cancelled (the work simply stops)."""


class Progress:
    """What a job's work reports: ``done`` of ``total`` steps; :meth:`step` raises :class:`Cancelled` once the
    job is cancelled, so the work stops at the next game."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self._cancel = threading.Event()

    def step(self, n: int = 1) -> None:
        """Count ``n`` more steps done (and stop here if the job was cancelled)."""
        self.done += n
        self.check()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the job was cancelled."""
        if self._cancel.is_set():
            raise Cancelled

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


@dataclass
class Job:
    """``work(progress)`` runs off the frame thread; ``done(result)``, ``failed(exception)`` or ``cancelled()`` run
    on the frame thread afterwards. ``title`` is a locale key the progress note shows (filled with
    ``title_args``), ``count`` the key of its "12 of 30" line (given ``done`` and ``total``); ``owner`` the scene."""

    title: str
    work: Callable[[Progress], Any]
    done: Callable[[Any], None]
    failed: Callable[[Exception], None] | None = None
    cancelled: Callable[[], None] | None = None
    owner: Any = None
    title_args: dict[str, Any] = field(default_factory=dict)
    count: str = "board.job_count"
    progress: Progress = field(default_factory=Progress)
    _thread: threading.Thread | None = None
    _outcome: tuple[str, Any] | None = None

    @property
    def finished(self) -> bool:
        """True once the work has stopped (its callback may still be waiting for the next frame)."""
        return self._outcome is not None

    def cancel(self) -> None:
        """Ask the work to stop at its next step (its ``cancelled`` callback runs on the next frame)."""
        self.progress._cancel.set()

    def _run(self) -> None:
        try:
            self._outcome = ("done", self.work(self.progress))
        except Cancelled:
            self._outcome = ("cancelled", None)
        except Exception as exc:  # handed to the scene on the frame thread, never lost on the worker
            self._outcome = ("failed", exc)


class Jobs:
    """The app's background jobs (one worker thread each)."""

    def __init__(self) -> None:
        self._jobs: list[Job] = []

    def start(self, job: Job) -> Job:
        """Start ``job``'s work on a worker thread; returns it."""
        job._thread = threading.Thread(target=job._run, name=f"salesdesk-{job.title}", daemon=True)
        self._jobs.append(job)
        job._thread.start()
        return job

    @property
    def busy(self) -> bool:
        """Whether a job is running or waits for its callback."""
        return bool(self._jobs)

    def of(self, owner) -> Job | None:
        """The running job ``owner`` started, or None."""
        return next((j for j in self._jobs if j.owner is owner), None)

    def poll(self) -> None:
        """On the frame thread: call the callbacks of the jobs whose work has stopped."""
        for job in [j for j in self._jobs if j.finished]:
            self._jobs.remove(job)
            assert job._thread is not None and job._outcome is not None
            job._thread.join()
            job._thread = None
            kind, value = job._outcome
            if kind == "done":
                job.done(value)
            elif kind == "failed" and job.failed is not None:
                job.failed(value)
            elif kind == "failed":
                raise value
            elif job.cancelled is not None:
                job.cancelled()

    def cancel(self, owner=None) -> None:
        """Cancel ``owner``'s jobs (every job when None)."""
        for job in self._jobs:
            if owner is None or job.owner is owner:
                job.cancel()

    def forget(self, owner) -> None:
        """Cancel ``owner``'s jobs and drop them: their callbacks never run (the scene has left the stack)."""
        for job in [j for j in self._jobs if j.owner is owner]:
            job.cancel()
            self._jobs.remove(job)

    def wait(self, timeout: float = 30.0) -> None:
        """Block until every job's work has stopped (for quitting; callbacks still wait for :meth:`poll`)."""
        for job in list(self._jobs):
            if job._thread is not None:
                job._thread.join(timeout)
