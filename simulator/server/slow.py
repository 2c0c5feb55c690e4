"""Slow and numerous clients: deadlines on each connection, a cap on connections, and a log that cannot flood.

uvicorn keeps a connection that never finishes its request headers open for ever, so a few thousand sockets
that send a byte now and then took every open file of the server and locked the participants out. Here:

- :class:`GuardedH11Protocol` gives a connection ``header_timeout`` seconds to send its request line and headers
  (from its start, or from the end of its previous answer), then ``body_timeout`` more for the body; past that
  it is closed. A request the app is answering is never cut (the verification pool has its own time limit).
- Beyond ``max_connections`` open connections a new one is closed at once, so the process keeps file
  descriptors for its database and its workers whatever a client does.
- :class:`RepeatFilter` lets the same log message through ``burst`` times a minute, then counts it and says how
  many were left out the next time it passes: thousands of identical errors are a few lines.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import TYPE_CHECKING

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

if TYPE_CHECKING:
    import ctypes

HEADER_TIMEOUT = 10.0
BODY_TIMEOUT = 30.0
MAX_CONNECTIONS = 4096


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with header and body deadlines and a cap on open connections."""

    header_timeout = HEADER_TIMEOUT
    body_timeout = BODY_TIMEOUT
    max_connections = MAX_CONNECTIONS

    _deadline_task: asyncio.TimerHandle | None = None
    _in_body = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.close()  # over the cap: the connection is refused before it costs anything more
            return
        self._arm(self.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._in_body = False
        if not self.transport.is_closing():
            self._arm(self.header_timeout)  # the next request on this connection has the same deadline

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline_task = self.loop.call_later(seconds, self._deadline)

    def _disarm(self) -> None:
        if self._deadline_task is not None:
            self._deadline_task.cancel()
            self._deadline_task = None

    def _deadline(self) -> None:
        self._deadline_task = None
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if state is h11.SEND_BODY and not self._in_body:
            self._in_body = True  # the headers came in time; the body gets its own deadline
            self._arm(self.body_timeout)
            return
        if state in (h11.IDLE, h11.SEND_BODY):
            if self.cycle is not None and not self.cycle.response_complete:
                self.cycle.disconnected = True
            self.transport.close()


def guarded_protocol(header_timeout: float, body_timeout: float, max_connections: int) -> type[GuardedH11Protocol]:
    """The protocol class with these limits (uvicorn's ``Config(http=...)`` takes a class)."""
    return type("GuardedH11", (GuardedH11Protocol,), {"header_timeout": header_timeout, "body_timeout": body_timeout,
                                                      "max_connections": max_connections})


class RepeatFilter(logging.Filter):
    """At most ``burst`` records with the same text per ``window`` seconds; the next one let through after a pause
    says how many were left out. Remembers at most ``max_keys`` texts (then starts afresh)."""

    def __init__(self, burst: int = 5, window: float = 60.0, max_keys: int = 1000):
        super().__init__()
        self.burst, self.window, self.max_keys = burst, window, max_keys
        self.suppressed = 0
        self._seen: dict[tuple, list] = {}  # key -> [window start, passed in window, left out since last passed]
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        key = (record.name, record.levelno, str(record.getMessage())[:300], exc)
        now = time.monotonic()
        with self._lock:
            if len(self._seen) >= self.max_keys and key not in self._seen:
                self._seen.clear()
            state = self._seen.setdefault(key, [now, 0, 0])
            if now - state[0] > self.window:
                state[0], state[1] = now, 0
            if state[1] >= self.burst:
                state[2] += 1
                self.suppressed += 1
                return False
            state[1] += 1
            left_out, state[2] = state[2], 0
        if left_out:
            record.msg = f"{record.msg} (the same message {left_out} more times left out of the log)"
        return True


LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "asyncio", "salesdesk")


def limit_repeats(filter_: RepeatFilter | None = None) -> RepeatFilter:
    """Put one :class:`RepeatFilter` on the server's loggers (uvicorn's, asyncio's, ours); returns it."""
    filter_ = filter_ or RepeatFilter()
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RepeatFilter) for f in logger.filters):
            logger.addFilter(filter_)
    return filter_


# --- memory ------------------------------------------------------------------------------------------------------
M_ARENA_MAX = -8  # glibc's mallopt parameter


def _libc() -> ctypes.CDLL | None:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


def fewer_malloc_arenas(arenas: int = 2) -> bool:
    """Let glibc keep at most ``arenas`` malloc arenas: each of the ~40 request threads would otherwise get one of its
    own, keep what a burst allocated in it, and the process would grow with every burst (fragmentation, not a
    leak). Call before the threads start; False where this is not glibc."""
    try:
        libc = _libc()
        return bool(libc is not None and hasattr(libc, "mallopt") and libc.mallopt(M_ARENA_MAX, arenas))
    except OSError:
        return False


def release_memory() -> None:
    """Give the heap's free pages back to the system (glibc's malloc_trim); nothing where it is not glibc."""
    try:
        libc = _libc()
        if libc is not None and hasattr(libc, "malloc_trim"):
            libc.malloc_trim(0)
    except OSError:
        pass


async def keep_memory_released(interval: float = 5.0) -> None:
    """Every ``interval`` seconds, :func:`release_memory` (a server's memory returns to its level after a burst)."""
    while True:
        await asyncio.sleep(interval)
        release_memory()
