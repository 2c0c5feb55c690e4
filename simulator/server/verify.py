"""What a worker does with one upload: parse, check it belongs to the session, verify by replaying, store.

Returns plain data (it crosses a process boundary): ``{"ok": True, "status": 201|200, "entry": ...,
"created": bool}`` or ``{"ok": False, "status": 4xx, "code": ..., "error": ...}``.
"""
from __future__ import annotations

from dataclasses import replace

from ..store.kinds import parse_replay
from ..store.leaderboard import Leaderboard
from ..store.replay import ReplayError, loads
from ..store.rounds import injected_json
from ..store.scenarios import ScenarioLibrary
from .pool import Job


def open_board(db: str, scenario_paths: list[str], mark_bots: bool = True) -> Leaderboard:
    """The leaderboard at ``db`` with the shipped scenarios and the trainer's ``--scenario`` files (``mark_bots``:
    see ``Leaderboard.open``)."""
    return Leaderboard.open(db, scenarios=ScenarioLibrary(scenario_paths), mark_bots=mark_bots)


def refused(code: str, error: str, status: int = 422) -> dict:
    """A refusal as the API returns it."""
    return {"ok": False, "status": status, "code": code, "error": error}


def store_upload(board: Leaderboard, job: Job) -> dict:
    """Verify and store one upload (a desk or a head game's replay) for the session described by ``job``
    (scenario id, seed, group)."""
    try:
        text = job.body.decode("utf-8")
    except UnicodeDecodeError:
        return refused("unreadable", "not UTF-8 text; a replay is a JSON file")
    try:
        rep = parse_replay(loads(text))  # a desk game's replay or a head-of-sales game's
    except ReplayError as exc:
        return refused(exc.code, str(exc))
    except (ValueError, TypeError, OverflowError, RecursionError, IndexError) as exc:
        return refused("format", f"the replay cannot be used ({type(exc).__name__})")
    if rep.scenario_id != job.scenario_id:
        return refused("wrong_session", f"this replay is of scenario `{rep.scenario_id}`; the session plays "
                       f"`{job.scenario_id}`: start the game with the session's scenario")
    if rep.seed != job.seed:
        return refused("wrong_session", f"this replay was played on seed {rep.seed}; the session plays seed "
                       f"{job.seed}: start the game with the session's seed")
    if injected_json(list(getattr(rep, "injected", ()))) != job.injected:
        return refused("injected_events", "this replay's injected events are not the ones the trainer injected in "
                       "this session (an event removed, added or changed): play the session's game as it came")
    rep = replace(rep, group=job.group)  # the session decides the group, whatever the laptop's settings said
    try:
        added = board.add_replay(rep, mark_bots=False)  # the worker marks bot play when no upload waits (pool)
    except ReplayError as exc:
        return refused(exc.code, str(exc), 409 if exc.code == "duplicate" else 422)
    except (ValueError, TypeError, OverflowError, RecursionError, IndexError) as exc:
        return refused("format", f"the replay cannot be used ({type(exc).__name__}: {str(exc)[:200]})")
    return {"ok": True, "status": 201 if added.created else 200, "created": added.created,
            "entry": added.entry.to_json()}
