"""Sending finished games to the workshop server from the game, in the background.

The replay goes to the outbox on disk first (:mod:`simulator.store.outbox`), then a background
thread uploads everything waiting; the window never waits on the network. Scenes read
:attr:`WorkshopSender.busy` and :meth:`result_for` each frame to show the status.
"""
from __future__ import annotations

import threading
from pathlib import Path

from ..store.outbox import REFUSED, SENT, WAITING, Outbox, SendResult, clean_code, clean_server
from ..store.team_client import TeamSeat

__all__ = ["REFUSED", "SENT", "WAITING", "WorkshopSender", "reason_key", "team_seat"]

SERVER_REASONS = ("wrong_session", "session_closed", "no_session", "time_limit")


def reason_key(result: SendResult, import_codes: tuple[str, ...]) -> str:
    """The locale key that says in words why a server refused a game."""
    if result.code in SERVER_REASONS:
        return f"workshop.reason.{result.code}"
    return f"import.reason.{result.code if result.code in import_codes else 'other'}"


class WorkshopSender:
    """The outbox and the one background thread that empties it."""

    def __init__(self, outbox: Outbox):
        self.outbox = outbox
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._results: dict[Path, SendResult] = {}
        self.last: SendResult | None = None

    @property
    def busy(self) -> bool:
        """Whether a send is under way."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def configured(self, settings) -> bool:
        """Whether the settings name a server and a join code that can be used."""
        try:
            return bool(clean_server(settings.server)) and bool(clean_code(settings.code))
        except ValueError:
            return False

    def queue(self, replay, server: str, code: str) -> Path:
        """Keep ``replay`` (a desk game's ``Replay`` or a head game's ``HeadReplay``, e.g. ``HeadSession.replay()``)
        in the outbox for ``server``/``code`` (OSError/ValueError if it cannot be written)."""
        return self.outbox.add(replay, server, code)

    def send_all(self) -> bool:
        """Start sending everything waiting (False when a send is already under way)."""
        with self._lock:
            if self.busy:
                return False
            self._thread = threading.Thread(target=self._run, name="salesdesk-outbox", daemon=True)
            self._thread.start()
            return True

    def _run(self) -> None:
        try:
            for item, result in self.outbox.flush():
                self._results[item.path] = result
                self.last = result
        except Exception as exc:  # never let a background send crash the game; the file stays waiting
            self.last = SendResult(WAITING, f"{type(exc).__name__}: {exc}")

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the current send is done (for tests and for quitting)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def result_for(self, path: Path) -> SendResult | None:
        """What happened to the replay kept at ``path`` (None while it has not been tried)."""
        return self._results.get(path)

    def waiting(self) -> int:
        """How many games wait in the outbox."""
        return len(self.outbox.pending())


def team_seat(ctx, member: str) -> TeamSeat | None:
    """Where ``member`` sits when the game was joined with a team (``join --team``) and names a workshop server and
    session; None for a player alone (the month is then played at once, as always)."""
    if not ctx.team:
        return None
    try:
        server, code = clean_server(ctx.settings.server), clean_code(ctx.settings.code)
    except ValueError:
        return None
    return TeamSeat(server, code, ctx.team, member or "?") if server and code else None
