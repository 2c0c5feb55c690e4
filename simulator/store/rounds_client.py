"""The game's side of a rounds session (issue 26): join under a name, read the round, send a month's plan, and the
rules that say when a game may plan, resolve and show a month.

Standard library only (``urllib``), like the outbox: the game needs none of the server's extras. Nothing here waits on
its own; the window asks from a background thread (``simulator.ui.rounds``). Offline (no server) a game is simply not
in lockstep: solo play does not change.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..engine import Game, MonthPlan
from ..scenario.schema import Event
from .outbox import TIMEOUT, clean_code, clean_server


class RoundsRefused(Exception):
    """The server refused (a name taken, a month not open, a session that is not in rounds); ``code`` says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class RoundView:
    """A round as the server last said it (see docs/workshop-server.md, "Rounds")."""

    month: int
    phase: str
    practice: bool
    practice_seed: int | None
    revealed: int
    revision: int
    participants: int
    sent: int
    seconds_left: int | None
    injected: tuple[Event, ...]

    @classmethod
    def from_json(cls, data: dict) -> RoundView:
        """The round from the server's JSON; ValueError when it is not one."""
        try:
            events = tuple(Event.model_validate(item["event"]) for item in data.get("injected", []))
            left = data.get("seconds_left")
            return cls(month=int(data["month"]), phase=str(data["phase"]), practice=bool(data.get("practice")),
                       practice_seed=data.get("practice_seed") if isinstance(data.get("practice_seed"), int) else None,
                       revealed=int(data.get("revealed", 0)), revision=int(data.get("revision", 0)),
                       participants=int(data.get("participants", 0)), sent=int(data.get("sent", 0)),
                       seconds_left=left if isinstance(left, int) else None, injected=events)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a round: {exc}") from None

    def may_plan(self, month: int) -> bool:
        """Whether month ``month`` (1-based) has been opened: the desk may plan it."""
        return self.phase != "lobby" and self.month >= month

    def resolved(self, month: int) -> bool:
        """Whether month ``month`` is closed (or past): a game may now play it."""
        return self.month > month or (self.month == month and self.phase in ("closed", "revealed"))

    def shown(self, month: int) -> bool:
        """Whether month ``month``'s results may be shown."""
        return self.revealed >= month or self.month > month

    def news(self, game: Game) -> list[Event]:
        """The trainer's events ``game`` does not have yet (what it takes in before planning)."""
        return [e for e in self.injected if e not in game.injected]


class RoundsClient:
    """One rounds session on one server, for one game."""

    def __init__(self, server: str, code: str, timeout: float = TIMEOUT):
        self.server = clean_server(server)
        self.code = clean_code(code)
        self.timeout = timeout

    def _url(self, path: str) -> str:
        return f"{self.server}/api/sessions/{urllib.parse.quote(self.code)}{path}"

    def _call(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> dict:
        """One request; RoundsRefused for a 4xx with the server's reason, ConnectionError when it cannot be had."""
        body = None if data is None else json.dumps(data, ensure_ascii=False).encode("utf-8")
        sent = {"User-Agent": "sales-desk-game", **({"Content-Type": "application/json"} if body else {}),
                **(headers or {})}
        request = urllib.request.Request(self._url(path), data=body, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return _json(response.read())
        except urllib.error.HTTPError as exc:
            answer = _json(exc.read())
            message = str(answer.get("error") or f"HTTP {exc.code}")[:300]
            if 400 <= exc.code < 500 and exc.code not in (408, 429):
                raise RoundsRefused(str(answer.get("code") or exc.code), message) from None
            raise ConnectionError(message) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            raise ConnectionError(str(getattr(exc, "reason", exc))[:200]) from None

    def join(self, name: str, token: str | None = None) -> str:
        """Join under ``name`` (again with the ``token`` it got before); the token to send plans with."""
        data = {"name": name, **({"participant": token} if token else {})}
        answer = self._call("POST", "/participants", data)
        token = answer.get("participant")
        if not isinstance(token, str):
            raise ConnectionError("the server did not answer as a workshop server")
        return token

    def round(self) -> RoundView:
        """The round now."""
        try:
            return RoundView.from_json(self._call("GET", "/round"))
        except ValueError as exc:
            raise ConnectionError(str(exc)) from None

    def send_plan(self, month: int, token: str, plan: MonthPlan) -> dict:
        """Send ``plan`` for ``month`` (the one the game will play); the server's receipt (``late`` among it)."""
        return self._call("PUT", f"/rounds/{int(month)}/plan", {"plan": plan.to_json()}, {"X-Participant": token})


def _json(raw: bytes) -> dict:
    try:
        data = json.loads(raw[:2_000_000].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
