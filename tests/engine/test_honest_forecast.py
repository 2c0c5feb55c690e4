"""The month's forecast is honest: it prices in what a plan costs in trust and what it leaves for later, from what
the desk knows, without touching the game or its luck."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from simulator.engine import Cause, Game, MonthPlan, OfferBatch, TouchBatch
from simulator.engine.world import job_intensity
from simulator.scenario import load_file
from simulator.strategies.probes import offer_everything
from simulator.strategies.reasoned import balanced

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@cache
def shipped(name: str):
    return load_file(SCENARIOS / f"{name}.yaml")


def _numbers(forecast) -> list[float]:
    return [forecast.bonus, forecast.total_gross_profit, forecast.loyalty_change, forecast.future_bonus,
            forecast.misfit_offers, forecast.clients_lost, *forecast.deals, *forecast.loyalty_by_cause]


def test_asking_changes_nothing_and_the_same_question_gets_the_same_answer():
    game = Game(shipped("certification"), 4)
    plan = balanced(game.desk)
    before = {k: v.copy() for k, v in vars(game._state).items()}
    first = game.desk.forecast(plan)
    assert all(np.array_equal(before[k], v) for k, v in vars(game._state).items())
    again = Game(shipped("certification"), 4)
    assert _numbers(again.desk.forecast(balanced(again.desk))) == _numbers(first)
    # The game then plays exactly as if nobody had asked.
    untouched = Game(shipped("certification"), 4)
    assert game.play_month(plan).books == untouched.play_month(plan).books


def test_the_forecast_knows_only_what_the_desk_knows():
    """Which job a client's hidden need is for, and how strong it is, is not the desk's to know: moving it to
    another job the desk has not learned changes no number of the forecast (the count of needs left stays)."""
    plain, moved = Game(shipped("tax-law"), 2), Game(shipped("tax-law"), 2)
    st = moved._state
    hidden = (st.need > 0) & ~st.revealed
    rows = np.flatnonzero((hidden.sum(axis=1) == 1) & ((~st.revealed & (st.need == 0)).sum(axis=1) >= 1))
    assert rows.size > 10
    for c in rows:
        j_from = int(np.flatnonzero(hidden[c])[0])
        j_to = int(np.flatnonzero(~st.revealed[c] & (st.need[c] == 0))[0])
        st.need[c, j_to], st.need[c, j_from] = 1.0 - st.need[c, j_from] / 2, 0.0
    st.intensity = job_intensity(st.need, moved.catalog.serves)
    plan = balanced(plain.desk)
    assert balanced(moved.desk) == plan
    assert _numbers(moved.desk.forecast(plan)) == _numbers(plain.desk.forecast(plan))
    assert (moved._state.need != plain._state.need).sum() >= 2 * rows.size  # the truth did differ


@pytest.mark.parametrize("name", ["certification", "price-list", "whole-company"])
def test_offering_everything_shows_its_cost_in_trust_and_in_the_months_ahead(name):
    game = Game(shipped(name), 1)
    good, pushy = balanced(game.desk), offer_everything(game.desk)
    g, p = game.desk.forecast(good), game.desk.forecast(pushy)
    assert p.bonus >= g.bonus                       # a little more this month ...
    assert p.misfit_offers > 0 and p.loyalty_by_cause[Cause.MISFIT_OFFER] < 0 and g.misfit_offers == 0
    assert p.loyalty_change < g.loyalty_change
    assert p.future_bonus < g.future_bonus          # ... and less in the months ahead
    assert p.total < g.total                        # so the forecast ranks the good plan first


def test_the_look_ahead_stops_at_the_games_end():
    game = Game(shipped("tutorial"), 1)
    while game.month < game.turns - 1:
        forecast = game.desk.forecast(balanced(game.desk))
        assert forecast.months_ahead == game.turns - game.month - 1
        game.play_month(balanced(game.desk))
    last = game.desk.forecast(balanced(game.desk))
    assert last.months_ahead == 0 and last.future_bonus == 0 and last.total == last.bonus


def test_doing_nothing_is_forecast_as_losing_the_months_ahead():
    """An idle month leaves renewals unreminded and news untold: the look ahead is worth less than after a
    month of reasoned contact, and so is the whole."""
    game = Game(shipped("certification"), 2)
    idle, good = game.desk.forecast(MonthPlan()), game.desk.forecast(balanced(game.desk))
    assert idle.total < good.total and idle.loyalty_change < good.loyalty_change


def test_where_the_desk_knows_no_need_in_a_segment_yet_its_published_profile_stands_in():
    # discovery: every need hidden at the start; "settled" clients want reports at 0.15 at most (no need),
    # "payroll" clients want the payroll module at up to 0.95
    game = Game(shipped("discovery"), 1)
    segment = np.asarray(game.state.segment)
    ids = game.catalog.segment_ids
    settled = np.flatnonzero(segment == ids.index("settled"))
    by_hand = np.flatnonzero(segment == ids.index("payroll"))
    reports = game.desk.forecast(MonthPlan(touches=(TouchBatch("call", settled),),
                                           offers=(OfferBatch("reports", settled),)))
    payroll = game.desk.forecast(MonthPlan(touches=(TouchBatch("call", by_hand),),
                                           offers=(OfferBatch("payroll", by_hand),)))
    assert reports.misfit_offers > 0.9 * settled.size       # the profile says: no such need there
    assert payroll.misfit_offers < 0.6 * by_hand.size       # the profile says: most need it
