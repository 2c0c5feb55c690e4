"""Bringing older leaderboards up to date: what earlier versions did not store (KPIs, the zero's reference,
skill, the official mark, the decisions key) recomputed from the stored plans, and each desk game's likeness to
the bots (``store.similarity``) filled in where it is missing. Run when a leaderboard is opened (and by the
server's idle workers for the likeness)."""
from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING

from ..engine import PlanError, replay as replay_plans
from .entries import decisions_key, skill_score
from .kinds import DESK
from .references import reference_score
from .replay import Replay, ReplayError, loads, verify
from .schema import KPI_COLUMNS
from .similarity import closest, similarity

if TYPE_CHECKING:
    from .leaderboard import Leaderboard


def backfill(board: Leaderboard, likeness: bool = True) -> None:
    """Fill what older versions did not store (KPIs, passive reference, skill, official mark, decisions key).

    The stored plans are the truth: score, KPIs and skill are recomputed from them, where their
    scenario can be found. An entry whose scenario is unavailable keeps its data (counted as
    official, as it was before) until it can be found.
    """
    pending = board.database.read("SELECT id, replay, grp FROM entries WHERE (kpi_revenue IS NULL OR passive_score IS NULL "
                         "OR decisions_hash IS NULL) AND kind IS NULL", ())  # head games came with all of it
    for entry_id, text, _group in pending:
        try:
            rep = replace(Replay.from_json(loads(text)), claimed_score=None)
            scenario = board.scenarios.find(rep)
            game = verify(rep, scenario)
        except (ReplayError, ValueError, TypeError, OverflowError, RecursionError):
            with board.database.write() as conn:
                conn.execute("UPDATE entries SET official = COALESCE(official, 1) WHERE id = ?", (entry_id,))
            continue
        result = game.result()
        reference = reference_score(board, scenario, rep.scenario_hash, rep.seed)
        passive = reference_score(board, scenario, rep.scenario_hash, rep.seed, DESK.zero)
        updates = {"score": result.score, "reference_score": reference, "passive_score": passive,
                   "skill": skill_score(result.score, passive, reference),
                   "decisions_hash": decisions_key(rep, result.score),
                   **{f"kpi_{k}": result.kpis.get(k) for k in KPI_COLUMNS}}
        assignments = ", ".join(f"{column} = ?" for column in updates)
        with board.database.write() as conn:
            updates["official"] = int(board.official_in(conn, scenario, rep.scenario_hash))
            assignments = ", ".join(f"{column} = ?" for column in updates)
            conn.execute(f"UPDATE entries SET {assignments} WHERE id = ?", (*updates.values(), entry_id))
            board.remember_scenario(conn, scenario, rep.scenario_hash)
    if likeness:
        mark_bots(board)

def mark_bots(board: Leaderboard, limit: int | None = None, after: int = 0) -> int:
    """Fill in how like a bot's each desk game without it is (``store.similarity``): games stored before schema
    version 7, or with ``add_replay(mark_bots=False)``. At most ``limit`` games (all when None) with ids above
    ``after``; where a game's scenario cannot be found it is tried again next time. Returns the last id looked
    at (0 when there was none), to go on from (about 0.02-0.5 s a game, so a large old leaderboard takes a
    while once)."""
    if board.read_only:
        return 0
    pending = board.database.read("SELECT id, replay FROM entries WHERE similarity IS NULL AND kind IS NULL "
                         "AND branch_parent IS NULL AND id > ? ORDER BY id"
                         + ("" if limit is None else f" LIMIT {int(limit)}"), (int(after),))
    for entry_id, text in pending:
        try:
            rep = Replay.from_json(loads(text))
            game = replay_plans(board.scenarios.find(rep), rep.seed, list(rep.plans), rep.injected)
        except (ReplayError, PlanError, ValueError, TypeError, OverflowError, RecursionError, IndexError):
            continue  # its scenario is not here (yet): tried again when the leaderboard is next opened
        shares = similarity(game.scenario, rep.seed, game.plans)
        like, share = closest(shares)
        with board.database.write() as conn:
            conn.execute("UPDATE entries SET bot_like = ?, bot_share = ?, similarity = ? WHERE id = ?",
                         (like, share, json.dumps(shares, sort_keys=True), entry_id))
    return pending[-1][0] if pending else 0
