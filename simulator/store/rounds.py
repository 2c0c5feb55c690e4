"""Workshop rounds: a trainer runs a session month by month, in lockstep (issue 26).

Participants do not share a market: each game plays the same scenario and seed alone, and the engine resolves a
month from the seed and that player's plan. So nothing is simulated here; a rounds session *sequences*: the trainer
opens a month, everyone plans and sends the plan, the trainer (or a timer) closes the month, every game resolves it,
and the results show when the trainer reveals them. Events the trainer injects (live levers) are kept here by month
and become part of every game and replay (``engine.injected``).

Phases of a session's one current round: ``lobby`` (month 0: nothing open yet) -> ``open`` (month k takes plans) ->
``closed`` (the month resolves in every game; results hidden) -> ``revealed`` (its report shows) -> ``open``
(month k+1) ... A *practice round* is month 1 played on another seed (:func:`practice_seed`); ``reset`` takes the
session back to the lobby and drops what the practice sent and injected. Everything is in the database (the tables
of schema version 8), so any number of server processes agree; a timer needs no background job: the first read
after the deadline records the close, in one write.
"""
from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..engine import MAX_SEED
from ..scenario.schema import Event
from .entries import utc_now
from .leaderboard import Leaderboard
from .replay import clean_name
from .workshop import normalise_code

PHASES = ("lobby", "open", "closed", "revealed")
MAX_ROUND_SECONDS = 4 * 3600
MAX_PLAN_BYTES = 1024 * 1024


class RoundError(Exception):
    """A round change or a plan that does not fit the session's state; ``code`` names why (the server answers
    409, or 401 for ``no_participant``)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class RoundState:
    """Where a rounds session is: the month open or last opened, its phase, and what came in."""

    code: str
    month: int
    phase: str
    practice: bool
    opened_at: str | None
    closes_at: str | None
    closed_at: str | None
    revealed: int               # the last month whose results may be shown (0: none)
    revision: int               # grows with every change: a client compares it to see that something moved
    participants: int
    sent: int                   # plans in for the current month (of this round: practice or not)
    injected: tuple[Event, ...]  # the events of the game being played (the practice's during practice)

    def seconds_left(self, now: datetime | None = None) -> int | None:
        """Seconds until the timer closes the open month (None without a timer or when not open)."""
        if self.phase != "open" or self.closes_at is None:
            return None
        left = (parse_time(self.closes_at) - (now or datetime.now(UTC))).total_seconds()
        return max(0, int(left + 0.999))

    def to_json(self, now: datetime | None = None) -> dict:
        """Plain JSON data (see docs/workshop-server.md, "Rounds")."""
        return {"month": self.month, "phase": self.phase, "practice": self.practice,
                "opened_at": self.opened_at, "closes_at": self.closes_at, "closed_at": self.closed_at,
                "seconds_left": self.seconds_left(now), "revealed": self.revealed, "revision": self.revision,
                "participants": self.participants, "sent": self.sent,
                "injected": [{"month": e.month, "event": e.model_dump(mode="json")} for e in self.injected]}


def practice_seed(seed: int) -> int:
    """The seed a practice round plays: another market than the session's, so the real month 1 is news."""
    return (int(seed) + 7_919) % (MAX_SEED + 1)


def parse_time(text: str) -> datetime:
    """A stored time (``2024-05-01T09:30:00Z``) as an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_STATE = "SELECT month, phase, practice, opened_at, closes_at, closed_at, revealed, revision FROM workshop_rounds " \
         "WHERE code = ?"


def round_state(board: Leaderboard, code: str, now: datetime | None = None) -> RoundState | None:
    """The round of the rounds session ``code`` (None for a free session or no session). An open month whose timer
    ran out is closed here, once, by whichever request comes first."""
    code = normalise_code(code)
    rows = board.database.read(_STATE, (code,))
    if not rows:
        return None
    month, phase, practice, _, closes_at, *_ = rows[0]
    moment = now or datetime.now(UTC)
    if phase == "open" and closes_at is not None and parse_time(closes_at) <= moment:
        with board.database.write() as conn:
            conn.execute("UPDATE workshop_rounds SET phase = 'closed', closed_at = ?, revision = revision + 1 "
                         "WHERE code = ? AND phase = 'open' AND month = ? AND closes_at = ?",
                         (closes_at, code, month, closes_at))
        rows = board.database.read(_STATE, (code,))
    return _state(board, code, rows[0])


def _state(board: Leaderboard, code: str, row: tuple) -> RoundState:
    month, phase, practice, opened_at, closes_at, closed_at, revealed, revision = row
    people = board.database.read("SELECT COUNT(*) FROM round_participants WHERE code = ?", (code,))[0][0]
    sent = board.database.read("SELECT COUNT(*) FROM round_plans WHERE code = ? AND month = ? AND practice = ?",
                               (code, month, int(practice)))[0][0]
    return RoundState(code, int(month), str(phase), bool(practice), opened_at, closes_at, closed_at, int(revealed),
                      int(revision), int(people), int(sent), tuple(injected_events(board, code, bool(practice))))


def _current(conn: Any, code: str) -> tuple:
    row = conn.execute(_STATE, (code,)).fetchone()
    if row is None:
        raise RoundError("not_rounds", "this session is not run in rounds")
    return tuple(row)


def _change(board: Leaderboard, code: str, now: datetime | None,
            step: Callable[[Any, tuple, datetime], None]) -> RoundState:
    """Apply ``step(conn, current row, now)`` in one write transaction (the timer applied first), then read back."""
    code = normalise_code(code)
    moment = now or datetime.now(UTC)
    round_state(board, code, moment)  # a timer that ran out closes the month before anything else happens
    with board.database.write() as conn:
        step(conn, _current(conn, code), moment)
        conn.execute("UPDATE workshop_rounds SET revision = revision + 1 WHERE code = ?", (code,))
    state = round_state(board, code, moment)
    assert state is not None
    return state


def open_round(board: Leaderboard, code: str, turns: int, seconds: int | None = None, practice: bool = False,
               now: datetime | None = None) -> RoundState:
    """Open the next month (month 1 from the lobby; from a closed month its results are revealed on the way),
    with a timer of ``seconds`` if given; ``practice`` opens the practice round (from the lobby only)."""
    if seconds is not None and not 1 <= seconds <= MAX_ROUND_SECONDS:
        raise ValueError(f"a round's timer is 1 to {MAX_ROUND_SECONDS} seconds")

    def step(conn: Any, row: tuple, moment: datetime) -> None:
        month, phase, in_practice = row[0], row[1], bool(row[2])
        if phase == "open":
            raise RoundError("bad_phase", f"month {month} is open already: close it first")
        if practice and phase != "lobby":
            raise RoundError("bad_phase", "a practice round opens only before month 1 (reset the practice first)")
        if in_practice:
            raise RoundError("bad_phase", "the practice round is over: reset it before month 1 opens")
        if month >= turns:
            raise RoundError("no_more_months", f"all {turns} months have been played")
        revealed = month if phase == "closed" else row[6]
        closes_at = _stamp(moment + timedelta(seconds=seconds)) if seconds else None
        conn.execute("UPDATE workshop_rounds SET month = ?, phase = 'open', practice = ?, opened_at = ?, "
                     "closes_at = ?, closed_at = NULL, revealed = ? WHERE code = ?",
                     (month + 1, int(practice), _stamp(moment), closes_at, revealed, code))

    return _change(board, code, now, step)


def close_round(board: Leaderboard, code: str, now: datetime | None = None) -> RoundState:
    """Close the open month: every game may now resolve it (its results stay hidden until revealed)."""
    def step(conn: Any, row: tuple, moment: datetime) -> None:
        if row[1] != "open":
            raise RoundError("bad_phase", "no month is open")
        conn.execute("UPDATE workshop_rounds SET phase = 'closed', closed_at = ? WHERE code = ?",
                     (_stamp(moment), code))

    return _change(board, code, now, step)


def reveal_round(board: Leaderboard, code: str, now: datetime | None = None) -> RoundState:
    """Show the closed month's results in every game."""
    def step(conn: Any, row: tuple, moment: datetime) -> None:
        if row[1] != "closed":
            raise RoundError("bad_phase", "reveal follows close: close the month first")
        conn.execute("UPDATE workshop_rounds SET phase = 'revealed', revealed = month WHERE code = ?", (code,))

    return _change(board, code, now, step)


def reset_practice(board: Leaderboard, code: str, now: datetime | None = None) -> RoundState:
    """End the practice round: back to the lobby; what the practice sent and injected is dropped."""
    def step(conn: Any, row: tuple, moment: datetime) -> None:
        if not row[2]:
            raise RoundError("bad_phase", "there is no practice round to reset")
        conn.execute("UPDATE workshop_rounds SET month = 0, phase = 'lobby', practice = 0, opened_at = NULL, "
                     "closes_at = NULL, closed_at = NULL, revealed = 0 WHERE code = ?", (code,))
        conn.execute("DELETE FROM round_plans WHERE code = ? AND practice = 1", (code,))
        conn.execute("DELETE FROM round_events WHERE code = ? AND practice = 1", (code,))

    return _change(board, code, now, step)


@dataclass(frozen=True)
class Participant:
    """Someone who joined a rounds session: the token the game keeps (it sends plans with it) and the name."""

    token: str
    name: str
    created: bool


def join(board: Leaderboard, code: str, name: str, token: str | None = None) -> Participant:
    """Join the session under ``name`` (unique in the session). With the ``token`` that name got before, the same
    participant again (a game restarted); a name someone else holds is ``name_taken``."""
    code, name = normalise_code(code), clean_name(name)
    if not name:
        raise ValueError("a name is needed to join")
    with board.database.write() as conn:
        if conn.execute("SELECT 1 FROM workshop_rounds WHERE code = ?", (code,)).fetchone() is None:
            raise RoundError("not_rounds", "this session is not run in rounds: play at your own pace and send the "
                             "game at the end")
        held = conn.execute("SELECT token FROM round_participants WHERE code = ? AND name = ?", (code, name)).fetchone()
        if held is not None:
            if token is not None and secrets.compare_digest(str(held[0]), str(token)):
                return Participant(str(held[0]), name, False)
            raise RoundError("name_taken", f"someone in this session is called {name} already: add an initial")
        new = secrets.token_urlsafe(24)
        conn.execute("INSERT INTO round_participants (code, token, name, joined_at) VALUES (?, ?, ?, ?)",
                     (code, new, name, utc_now()))
        conn.execute("UPDATE workshop_rounds SET revision = revision + 1 WHERE code = ?", (code,))
    return Participant(new, name, True)


def participant_name(board: Leaderboard, code: str, token: str) -> str | None:
    """The name the token joined under, or None."""
    rows = board.database.read("SELECT name FROM round_participants WHERE code = ? AND token = ?",
                               (normalise_code(code), str(token)[:100]))
    return str(rows[0][0]) if rows else None


def submit_plan(board: Leaderboard, code: str, month: int, token: str, plan: dict,
                now: datetime | None = None) -> dict:
    """Keep the plan ``token``'s participant sent for ``month`` (the last one sent counts). A plan for the month
    open is on time; for a month closed already it is taken as ``late`` (a slow or reconnecting game goes on); a
    month not opened yet is ``not_open``."""
    code = normalise_code(code)
    text = json.dumps(plan, ensure_ascii=False, sort_keys=True)
    if len(text.encode("utf-8")) > MAX_PLAN_BYTES:
        raise ValueError("the plan is too large")
    state = round_state(board, code, now)
    if state is None:
        raise RoundError("not_rounds", "this session is not run in rounds")
    if participant_name(board, code, token) is None:
        raise RoundError("no_participant", "join the session first (the game does it when you give your name)")
    if month < 1 or month > state.month or (month == state.month and state.phase == "lobby"):
        raise RoundError("not_open", f"month {month} is not open yet; the trainer opens it")
    late = month < state.month or state.phase != "open"
    received = utc_now()
    with board.database.write() as conn:
        conn.execute("DELETE FROM round_plans WHERE code = ? AND month = ? AND practice = ? AND token = ?",
                     (code, month, int(state.practice), token))
        conn.execute("INSERT INTO round_plans (code, month, practice, token, plan, received_at, late) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", (code, month, int(state.practice), token, text, received, int(late)))
        conn.execute("UPDATE workshop_rounds SET revision = revision + 1 WHERE code = ?", (code,))
    return {"month": month, "practice": state.practice, "late": late, "received_at": received}


def people(board: Leaderboard, code: str) -> list[dict]:
    """Everyone who joined, by name, and whether their plan for the current month is in."""
    code = normalise_code(code)
    state = round_state(board, code)
    if state is None:
        return []
    rows = board.database.read(
        "SELECT p.name, r.late, r.received_at FROM round_participants p LEFT JOIN round_plans r ON r.code = p.code "
        "AND r.token = p.token AND r.month = ? AND r.practice = ? WHERE p.code = ? ORDER BY p.name",
        (state.month, int(state.practice), code))
    return [{"name": str(name), "sent": at is not None, "late": bool(late) if at is not None else False}
            for name, late, at in rows]


def sent_plans(board: Leaderboard, code: str, month: int, practice: bool = False) -> dict[str, dict]:
    """The plans sent for ``month``, by participant name (for a debrief or a team's choice)."""
    rows = board.database.read(
        "SELECT p.name, r.plan FROM round_plans r JOIN round_participants p ON p.code = r.code AND p.token = r.token "
        "WHERE r.code = ? AND r.month = ? AND r.practice = ? ORDER BY p.name", (normalise_code(code), month, int(practice)))
    return {str(name): json.loads(plan) for name, plan in rows}


def next_month(state: RoundState) -> int:
    """The month an event injected now starts in: the one after the month open or played (month 1 in the lobby)."""
    return state.month + 1


def inject(board: Leaderboard, code: str, turns: int, make: Callable[[int, str], Event],
           now: datetime | None = None) -> Event:
    """Inject the event ``make(month, id)`` builds for the next month (:func:`next_month`) into every game of the
    session (the practice's only, during practice); ValueError from ``make`` passes through."""
    code = normalise_code(code)
    state = round_state(board, code, now)
    if state is None:
        raise RoundError("not_rounds", "this session is not run in rounds")
    month = next_month(state)
    if month > turns:
        raise RoundError("no_more_months", f"the game has {turns} months; there is no month {month} to inject into")
    with board.database.write() as conn:
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM round_events WHERE code = ? AND practice = ?",
                           (code, int(state.practice))).fetchone()[0]
        event = make(month, f"live-{month}-{seq}")
        conn.execute("INSERT INTO round_events (code, month, practice, seq, event, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                     (code, month, int(state.practice), seq, event.model_dump_json(), utc_now()))
        conn.execute("UPDATE workshop_rounds SET revision = revision + 1 WHERE code = ?", (code,))
    return event


def injected_events(board: Leaderboard, code: str, practice: bool = False) -> list[Event]:
    """The events injected into the session's games (the practice round's with ``practice``), in order."""
    rows = board.database.read("SELECT event FROM round_events WHERE code = ? AND practice = ? ORDER BY seq",
                               (normalise_code(code), int(practice)))
    return [Event.model_validate_json(row[0]) for row in rows]


def injected_json(events: list[Event]) -> str:
    """Events in one canonical JSON text, to compare a replay's with a session's."""
    return json.dumps([e.model_dump(mode="json") for e in events], sort_keys=True, ensure_ascii=False)
