"""Any valid scenario, however extreme its numbers, plays without NaN, infinities or state out of range.

Hypothesis varies the lab scenario's prices, bands, cycles, touch strengths, client ranges, model
constants, event factors and pay scheme to the limits the schema allows, then plays reference
strategies and random plans through it.
"""
from __future__ import annotations

import copy
import dataclasses
import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st

from simulator.engine import Game, MonthPlan, PlanError, TouchBatch
from simulator.scenario import Scenario
from simulator.strategies import STRATEGIES

from .factory import BASE

money = st.sampled_from([0.01, 1.0, 99.0, 5_000.0, 1e6, 1e9])
share = st.sampled_from([0.0, 0.001, 0.5, 0.999, 1.0])


def _range(values):
    return st.tuples(values, values).map(sorted).map(list)


@st.composite
def extreme_scenarios(draw) -> Scenario:
    data = copy.deepcopy(BASE)
    for product in data["products"]:
        product["cost"] = draw(money)
        product["market_price"] = draw(money)
        low, high = sorted(draw(st.lists(st.sampled_from([0.0, 0.01, 0.5, 3.0, 100.0]), min_size=2, max_size=2)))
        product["markup"] = {"min": low, "max": high, "fixed": product["markup"].get("fixed", False),
                             "default": draw(st.sampled_from([low, high, (low + high) / 2]))}
        if product.get("cycle_months") is not None or draw(st.booleans()):
            product["cycle_months"] = draw(st.sampled_from([1, 2, 36, 240]))
    for touch in data["touch_types"]:
        touch.update(recall=draw(share), loyalty=draw(share), reveal=draw(share),
                     hours=draw(st.sampled_from([0.0, 0.01, 0.5, 8.0])), cost=draw(st.sampled_from([0.0, 1e6])))
    seg = data["segments"][0]
    seg.update(count=draw(st.sampled_from([0, 1, 40])), loyalty=draw(_range(share)), recall=draw(_range(share)),
               price_sensitivity=draw(_range(st.sampled_from([0.0, 0.5, 5.0, 20.0]))), budget=draw(_range(money)),
               hidden=draw(share), needs={"sell": draw(_range(share)), "train": draw(_range(share))},
               owns={"cert": draw(_range(st.sampled_from([0, 1, 30, 200])))})
    data["model"] = {"memory_months": draw(st.sampled_from([0.01, 1.0, 240.0])), "demand_rate": draw(share),
                     "price_tolerance": draw(st.sampled_from([0.0, 0.15, 5.0])), "churn_threshold": draw(share),
                     "churn_chance": draw(share), "contact_tolerance": draw(st.sampled_from([1, 10])),
                     "silence_months": draw(st.sampled_from([1, 240]))}
    data["events"][0].update(market_price={"cert": draw(st.sampled_from([0.05, 1.0, 20.0]))},
                             cost={"course": draw(st.sampled_from([0.05, 20.0]))},
                             needs={"train": draw(st.sampled_from([-1.0, 0.0, 1.0]))})
    pay = {"base": draw(st.sampled_from(["gross_profit", "invoice", "net_profit"])), "rate": draw(share),
           "overheads": draw(st.sampled_from([0.0, 1e9]))}
    if draw(st.booleans()):
        pay["tiers"] = [{"from": 0, "rate": draw(share)}, {"from": draw(money), "rate": draw(share)}]
        pay["plan"] = {"target": draw(money), "bonus": draw(money)}
    data["compensation"] = pay
    return Scenario.model_validate(data)


def _random_plan(game: Game, rng: np.random.Generator) -> MonthPlan:
    cat = game.catalog
    markups = {p: float(rng.uniform(cat.markup_min[i], cat.markup_max[i]))
               for i, p in enumerate(cat.product_ids) if not cat.fixed[i]}
    active = np.flatnonzero(game.state.active)
    touches = tuple(TouchBatch(kind, rng.choice(active, size=min(active.size, 5), replace=False),
                               rng.choice([None, "cert", "course", "law"]))
                    for kind in ("call", "webinar") if active.size)
    return MonthPlan(markups=markups, touches=touches)


def _check(game: Game) -> None:
    s = game.state
    for field in dataclasses.fields(s):
        array = getattr(s, field.name)
        if array.dtype.kind == "f":
            assert np.isfinite(array).all(), field.name
    assert ((s.loyalty >= 0) & (s.loyalty <= 1)).all() and ((s.recall >= 0) & (s.recall <= 1)).all()
    report = game.reports[-1]
    b = report.books
    assert all(np.isfinite(v) for v in (b.revenue, b.gross_profit, b.net_profit, b.bonus, b.pay))
    assert b.bonus >= 0 and b.revenue >= 0
    assert abs(b.revenue - b.cost_of_goods - b.gross_profit) <= 0.011 + 1e-9 * abs(b.revenue)
    assert np.isfinite(report.deal_gap).all() and np.isfinite(report.deal_price).all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=extreme_scenarios(), seed=st.integers(0, 2**32), strategy=st.sampled_from(["balanced", "spammer", "greedy"]))
def test_extreme_scenarios_play_without_nan_or_state_out_of_range(scenario, seed, strategy):
    rng = np.random.default_rng(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow or a division by zero is a bug here, not noise
        for use_bot in (True, False):
            game = Game(scenario, seed)
            while not game.finished:
                plan = STRATEGIES[strategy].make_plan(game) if use_bot else _random_plan(game, rng)
                try:
                    game.play_month(plan)
                except PlanError:
                    game.play_month(MonthPlan())  # hours too few for this plan in this scenario
                _check(game)
            result = game.result()
            assert np.isfinite(result.score) and result.score >= 0
            assert all(np.isfinite(v) for v in result.kpis.values())
