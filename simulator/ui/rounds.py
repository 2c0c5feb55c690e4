"""A game in a rounds session (issue 26): one background thread joins, sends the month's plan and asks for the round
once a second; the window reads :attr:`Lockstep.view` and :attr:`Lockstep.error` each frame and never waits on the
network. Only a game of the session's own scenario and seed plays in lockstep; anything else (solo play, another
scenario from the menu) is untouched. Offline, the waiting screen says so and offers to play on alone.
"""
from __future__ import annotations

import contextlib
import json
import threading
from pathlib import Path

from ..engine import MonthPlan
from ..scenario.reading import read_regular
from ..store.files import write_atomic
from ..store.rounds_client import RoundsClient, RoundsRefused, RoundView


class Lockstep:
    """The link between this game and its rounds session."""

    def __init__(self, client: RoundsClient, scenario_id: str, seed: int, poll: float = 1.0,
                 tokens: Path | None = None):
        self.client = client
        self.tokens = tokens  # a small file keeping each session's token by name: a restarted game rejoins as itself
        self.scenario_id = scenario_id
        self.seed = seed
        self.poll = poll
        self.name = ""
        self.token: str | None = None
        self.view: RoundView | None = None
        self.error: str | None = None       # the last problem in words (no answer, a name taken), None when fine
        self.refused: str | None = None     # a refusal that trying again will not fix (the name is taken)
        self.alone = False                  # the player chose to play on without the room
        self.practice_seed: int | None = None  # the room's practice round's seed, once this game played it
        self._pending: dict[int, MonthPlan] = {}
        self.receipts: dict[int, dict] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def applies_to(self, scenario_id: str, seed: int) -> bool:
        """Whether a game of ``scenario_id`` on ``seed`` is the session's (and the player has not gone alone)."""
        return not self.alone and scenario_id == self.scenario_id and seed in (self.seed, self.practice_seed)

    def start(self, name: str) -> None:
        """Join under ``name`` and keep asking for the round (in the background; again does nothing)."""
        self.name = name
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="salesdesk-rounds", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop asking (the window closes, or the player plays on alone)."""
        self._stop.set()
        self._wake.set()

    def send(self, month: int, plan: MonthPlan) -> None:
        """Send ``plan`` for ``month`` (in the background; kept until the server has it)."""
        with self._lock:
            self._pending[month] = plan
        self._wake.set()

    def sent(self, month: int) -> bool:
        """Whether the server has this game's plan for ``month``."""
        return month in self.receipts

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll_once()
            self._wake.wait(self.poll)
            self._wake.clear()

    def poll_once(self) -> None:
        """Join if not yet, send what waits, read the round; problems go to :attr:`error` (never raised)."""
        try:
            if self.token is None and self.refused is None:
                self.token = self.client.join(self.name, self._kept())
                self._keep(self.token)
            with self._lock:
                pending = sorted(self._pending.items())
            for month, plan in pending:
                if self.token is None:
                    break
                self.receipts[month] = self.client.send_plan(month, self.token, plan)
                with self._lock:
                    if self._pending.get(month) is plan:
                        del self._pending[month]
            self.view = self.client.round()
            self.error = self.refused
        except RoundsRefused as exc:
            if exc.code == "name_taken":
                self.refused = exc.args[0]
            self.error = str(exc)
        except ConnectionError as exc:
            self.error = str(exc) or "no answer"
        except Exception as exc:  # never let the background thread die: the window would wait for ever
            self.error = f"{type(exc).__name__}: {exc}"[:200]

    def _key(self) -> str:
        return f"{getattr(self.client, 'server', '')} {getattr(self.client, 'code', '')} {self.name}"

    def _read_tokens(self) -> dict:
        if self.tokens is None:
            return {}
        try:
            data = json.loads(read_regular(self.tokens, 256 * 1024).decode("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _kept(self) -> str | None:
        """The token this name got in this session before (a game restarted mid-session), or None."""
        token = self._read_tokens().get(self._key())
        return token if isinstance(token, str) else None

    def _keep(self, token: str) -> None:
        if self.tokens is None:
            return
        kept = self._read_tokens()
        kept[self._key()] = token
        with contextlib.suppress(OSError):  # a folder that refuses it only costs a rejoin after a restart
            write_atomic(self.tokens, json.dumps(dict(list(kept.items())[-50:]), ensure_ascii=False))
