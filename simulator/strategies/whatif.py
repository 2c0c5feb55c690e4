"""What-if from any month: the same game up to month k, then played on another way, with the same luck.

Randomness is a hash of (seed, month, client, purpose), so a fork sees exactly the luck the original saw:
the difference between the two runs is the decisions alone.
"""
from __future__ import annotations

from ..engine import Game, MonthPlan, replay
from ..scenario.schema import Scenario
from .base import Strategy


def fork(scenario: Scenario, seed: int, plans: list[MonthPlan], month: int, strategy: Strategy | None) -> Game:
    """Replay ``plans`` for the first ``month`` months, then play on with ``strategy`` (None: the same plans).

    Raises ValueError for a month outside 0..len(plans) and PlanError if a plan breaks a rule.
    """
    if not 0 <= month <= len(plans):
        raise ValueError(f"the fork month must be 0..{len(plans)}, not {month}")
    game = replay(scenario, seed, plans[:month])
    while not game.finished:
        game.play_month(plans[game.month] if strategy is None else strategy.make_plan(game))
    return game
