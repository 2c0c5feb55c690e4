"""Workshop sessions: what a trainer opens for a group on the workshop server (``python main.py serve``).

A session fixes the scenario, the seed and the group; participants upload to it with its short join
code. Sessions live in the leaderboard database (table ``workshop_sessions``), so every server
process sharing the database sees the same ones.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from .entries import utc_now
from .leaderboard import Leaderboard
from .replay import clean_name

# No 0/O, 1/I/L: a code read off a projector is typed without mistakes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# 31^10 (about 8e14) codes: with the server's lock-out after a few dozen unknown codes per address, finding one of
# even a hundred open sessions by guessing takes a botnet years. Ten characters still read off a projector.
CODE_LENGTH = 10


@dataclass(frozen=True)
class WorkshopSession:
    """One session: its join code, the scenario id, seed and group it fixes, and when it was closed."""

    code: str
    scenario_id: str
    seed: int
    group: str
    created_at: str
    closed_at: str | None = None
    anonymous: bool = False  # players are named to the trainer only (board, entry pages, API)
    mode: str = "free"  # "rounds": the trainer runs the months in lockstep (store.rounds); "free": each at their pace

    @property
    def open(self) -> bool:
        """Whether uploads are still accepted."""
        return self.closed_at is None

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"code": self.code, "scenario": self.scenario_id, "seed": self.seed, "group": self.group,
                "created_at": self.created_at, "closed_at": self.closed_at, "open": self.open,
                "anonymous": self.anonymous, "mode": self.mode}


def normalise_code(text: str) -> str:
    """A join code as typed (any case, spaces or dashes) in its stored form."""
    return "".join(ch for ch in str(text).upper() if ch.isalnum())[:32]


def create_session(board: Leaderboard, scenario_id: str, seed: int, group: str,
                   anonymous: bool = False, mode: str = "free") -> WorkshopSession:
    """Open a session with a new join code; also fixes the group's seed on the scenario (``fix_group_seed``).

    Another open session of the same group keeps its own games and board (its seed); ``anonymous`` names the
    players to the trainer only; ``mode="rounds"`` runs it month by month (:mod:`.rounds`)."""
    if mode not in MODES:
        raise ValueError(f"a session's mode is one of {', '.join(MODES)}")
    group = clean_name(group)
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        with board.database.write() as conn:
            if conn.execute("SELECT 1 FROM workshop_sessions WHERE code = ?", (code,)).fetchone():
                continue
            now = utc_now()
            conn.execute("INSERT INTO workshop_sessions (code, scenario_id, seed, grp, created_at, anonymous, mode) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", (code, scenario_id, int(seed), group, now, int(anonymous), mode))
            if mode == "rounds":  # its lobby: month 0, nothing open (store.rounds)
                conn.execute("INSERT INTO workshop_rounds (code, month, phase, practice, revealed, revision) "
                             "VALUES (?, 0, 'lobby', 0, 0, 1)", (code,))
        board.fix_group_seed(group, seed, scenario_id)
        return WorkshopSession(code, scenario_id, int(seed), group, now, None, anonymous, mode)
    raise RuntimeError("could not find a free join code")  # 31^10 codes: practically unreachable


def get_session(board: Leaderboard, code: str) -> WorkshopSession | None:
    """The session with this join code, or None."""
    rows = board.database.read(f"SELECT {COLUMNS} FROM workshop_sessions WHERE code = ?",
                               (normalise_code(code),))
    return _session(rows[0]) if rows else None


def list_sessions(board: Leaderboard) -> list[WorkshopSession]:
    """Every session, newest first."""
    rows = board.database.read(f"SELECT {COLUMNS} FROM workshop_sessions ORDER BY created_at DESC, code", ())
    return [_session(r) for r in rows]


def anonymous_groups(board: Leaderboard) -> set[tuple[str, str]]:
    """(group, scenario id) of every session run anonymously: their entries name no player but to the trainer."""
    rows = board.database.read("SELECT DISTINCT grp, scenario_id FROM workshop_sessions WHERE anonymous <> 0", ())
    return {(r[0], r[1]) for r in rows}


COLUMNS = "code, scenario_id, seed, grp, created_at, closed_at, anonymous, mode"
MODES = ("free", "rounds")


def _session(row: tuple) -> WorkshopSession:
    code, scenario_id, seed, group, created_at, closed_at, anonymous, mode = row
    return WorkshopSession(code, scenario_id, seed, group, created_at, closed_at, bool(anonymous), str(mode))


def close_session(board: Leaderboard, code: str) -> WorkshopSession | None:
    """Stop accepting uploads (the board stays readable); None when there is no such session."""
    with board.database.write() as conn:
        conn.execute("UPDATE workshop_sessions SET closed_at = ? WHERE code = ? AND closed_at IS NULL",
                     (utc_now(), normalise_code(code)))
    return get_session(board, code)
