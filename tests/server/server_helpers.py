"""Helpers for the workshop server's tests: a tiny scenario, distinct replays on one seed, a running app."""
from __future__ import annotations

import json
from pathlib import Path

from simulator.engine import MonthPlan, replay as replay_plans
from simulator.store.replay import Replay
from simulator.strategies import STRATEGIES, play
from tests.shared_fixtures import TINY_YAML  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "trainer-secret-token"



def variant_replay(scenario, seed: int, k: int, player: str, group: str = "", strategy: str = "balanced") -> Replay:
    """A person's game on ``seed``, distinct for each ``k``: a strategy's plans with every month's markups shifted
    (a person's own prices: not the strategy's game, nor a splice of it, which the store refuses).

    Different markups are different decisions (another entry), and the claimed score is what replaying gives.
    """
    base = play(scenario, seed, STRATEGIES[strategy])
    plans = list(base.plans)
    for t, plan in enumerate(plans):
        markups = {p.id: round(p.markup.min + (p.markup.max - p.markup.min) * ((k * 0.037 + t * 0.011 + 0.05) % 1.0), 4)
                   for p in scenario.products}
        plans[t] = MonthPlan(markups=markups, touches=plan.touches, offers=plan.offers)
    game = replay_plans(scenario, seed, plans)
    return Replay.from_game(game, player=player, group=group, finished_at="2026-11-30T10:00:00Z")


def body(rep: Replay) -> bytes:
    """A replay as the game uploads it."""
    return rep.dumps().encode("utf-8")


def tampered(rep: Replay) -> bytes:
    """The replay with a better score written in."""
    data = rep.to_json()
    data["claimed_score"] = (rep.claimed_score or 0) + 10
    return json.dumps(data).encode("utf-8")


def trainer() -> dict:
    return {"Authorization": f"Bearer {TOKEN}"}
