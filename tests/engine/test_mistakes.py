"""The mistakes a trainer looks for across a group, judged on real games of the tiny scenario."""
from __future__ import annotations

import numpy as np
import pytest

from simulator.engine import Game, MonthPlan, OfferBatch, TouchBatch, replay
from simulator.engine.mistakes import CODES, mistakes
from simulator.strategies import STRATEGIES, play

# ``tiny``: the tiny scenario (tests/shared_fixtures.py, registered for every folder in tests/conftest.py).


def _codes(game) -> set[tuple[str, str | None]]:
    return {(m.code, m.product) for m in mistakes(game)}


def _plans(first: MonthPlan, turns: int = 3) -> list[MonthPlan]:
    return [first] + [MonthPlan() for _ in range(turns - 1)]


def test_a_markup_at_the_ceiling_in_month_one_is_named_per_product(tiny):
    game = replay(tiny, 1, _plans(MonthPlan(markups={"kit": 1.0})))
    assert ("ceiling_first_month", "kit") in _codes(game)
    assert ("ceiling_first_month", "care") not in _codes(game)  # care stayed at its start, 0.4
    kit = next(m for m in mistakes(game) if m.product == "kit")
    assert kit.numbers["markup"] == pytest.approx(1.0) and kit.lesson == 5
    just_under = replay(tiny, 1, _plans(MonthPlan(markups={"kit": 0.95})))
    assert not any(code == "ceiling_first_month" for code, _ in _codes(just_under))
    later = replay(tiny, 1, [MonthPlan(), MonthPlan(markups={"kit": 1.0}), MonthPlan()])
    assert not any(code == "ceiling_first_month" for code, _ in _codes(later))  # month 2 is not month 1


def test_renewals_that_came_due_without_a_touch_are_a_mistake_and_a_touch_first_clears_it(tiny):
    silent = replay(tiny, 1, _plans(MonthPlan()))
    due = set()
    for report in silent.reports:
        due |= set(report.deal_client[report.deal_renewal].tolist())
    assert due  # the tiny scenario's kits come due within its three months
    found = next(m for m in mistakes(silent) if m.code == "renewals_untouched")
    assert found.numbers == {"missed": len(due), "due": len(due)}
    everyone = TouchBatch(kind="call", clients=np.arange(silent.n_clients))
    touched = replay(tiny, 1, _plans(MonthPlan(touches=(everyone,))))
    assert "renewals_untouched" not in {code for code, _ in _codes(touched)}


def test_a_game_without_a_single_offer_is_named_and_one_offer_clears_it(tiny):
    assert ("no_offers", None) in _codes(replay(tiny, 1, _plans(MonthPlan())))
    offered = replay(tiny, 1, _plans(MonthPlan(touches=(TouchBatch(kind="call", clients=np.array([0])),),
                                               offers=(OfferBatch(product="care", clients=np.array([0])),))))
    assert ("no_offers", None) not in _codes(offered)
    assert mistakes(Game(tiny, 1)) == []  # nothing played, nothing to judge


def test_the_bad_practice_of_the_takeaways_counts_and_the_reference_makes_none_of_the_grave_ones(tiny):
    greedy = _codes(play(tiny, 1, STRATEGIES["greedy"]))
    assert {("ceiling_first_month", "kit"), ("ceiling_first_month", "care"), ("price", None)} <= greedy
    # Greedy plans its offers at its own prices: it loses to price, not to pushing stale offers.
    assert ("misfit_offers", None) not in greedy
    spammer = _codes(play(tiny, 1, STRATEGIES["spammer"]))
    assert ("empty_touches", None) in spammer
    balanced = _codes(play(tiny, 1, STRATEGIES["balanced"]))
    assert not balanced & {("renewals_untouched", None), ("no_offers", None), ("empty_touches", None),
                           ("misfit_offers", None), ("ceiling_first_month", "kit")}
    found = mistakes(play(tiny, 1, STRATEGIES["greedy"]))
    assert [CODES.index(m.code) for m in found] == sorted(CODES.index(m.code) for m in found)
