"""What-if from any month: the same game up to month k, then played on another way, with the same luck.

Randomness is a hash of (seed, month, client, purpose), so a fork sees exactly the luck the original saw:
the difference between the two runs is the decisions alone.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from ..engine import Game, MonthPlan, PlanError, replay
from ..scenario.schema import Event, Scenario
from .base import Strategy


def replay_months(scenario: Scenario, seed: int, plans: list[MonthPlan],
                  on_month: Callable[[], None] | None = None, injected: Sequence[Event] = ()) -> Game:
    """``engine.replay``, calling ``on_month()`` after each month (a progress bar counts on it, and an exception
    it raises stops the replay there). Raises PlanError naming the month of a broken plan, as ``replay`` does.
    ``injected``: the events a trainer injected into the game (they stay in every fork: the market is the same)."""
    if on_month is None:
        return replay(scenario, seed, plans, injected)
    game = replay(scenario, seed, [], injected)
    for k, plan in enumerate(plans):
        try:
            game.play_month(plan)
        except PlanError as exc:
            raise PlanError(exc.rule, f"month {k + 1}: {exc.message}") from None
        on_month()
    return game


def fork(scenario: Scenario, seed: int, plans: list[MonthPlan], month: int, strategy: Strategy | None,
         on_month: Callable[[], None] | None = None, injected: Sequence[Event] = ()) -> Game:
    """Replay ``plans`` for the first ``month`` months, then play on with ``strategy`` (None: the same plans);
    ``on_month()`` is called after every month, kept or played on (``game.turns`` calls in all).

    Raises ValueError for a month outside 0..len(plans) and PlanError if a plan breaks a rule.
    """
    if not 0 <= month <= len(plans):
        raise ValueError(f"the fork month must be 0..{len(plans)}, not {month}")
    game = replay_months(scenario, seed, plans[:month], on_month, injected)
    while not game.finished:
        game.play_month(plans[game.month] if strategy is None else strategy.make_plan(game))
        if on_month is not None:
            on_month()
    return game
