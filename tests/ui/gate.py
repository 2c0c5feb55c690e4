"""A gate for tests of work off the frame thread: it holds the worker inside a method at its ``at``-th call
until the test opens it, so a replay lasts exactly as long as the test needs to look at the window."""
from __future__ import annotations

import threading


class Gate:
    """Holds ``owner.method``'s ``at``-th call (on whatever thread makes it) until :meth:`open`."""

    def __init__(self, monkeypatch, owner: type, method: str, at: int):
        self.calls, self.at = 0, at
        self.reached, self._open = threading.Event(), threading.Event()
        original = getattr(owner, method)

        def held(obj, *args, **kwargs):
            self.calls += 1
            if self.calls == self.at:
                self.reached.set()
                assert self._open.wait(60), "the test never let the work go on"
            return original(obj, *args, **kwargs)
        monkeypatch.setattr(owner, method, held)

    def open(self) -> None:
        self._open.set()
