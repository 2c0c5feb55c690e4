"""Bonus thresholds as a pay rule: deals with a markup outside the corridor pay no bonus, but still sell."""
from __future__ import annotations

import pytest

from simulator.engine import Game, MonthPlan, TouchBatch
from simulator.engine.money import close_books
from simulator.scenario.schema import Compensation

from .factory import scenario

CORRIDOR = {"min": 0.3, "max": 0.7}
ALL = tuple(range(301))


def month(markups: dict, base: str = "gross_profit", corridor: dict | None = CORRIDOR, seed: int = 5):
    comp = {"base": base, "rate": 0.1, "overheads": 500}
    if corridor is not None:
        comp["bonus_corridor"] = corridor
    game = Game(scenario(compensation=comp), seed)
    return game, game.play_month(MonthPlan(markups=markups, touches=(TouchBatch("call", ALL),)))


def test_deals_outside_the_corridor_sell_but_pay_no_bonus():
    # cert is the product clients buy; its band is 0.1..1.5, so 1.0 is allowed but outside the corridor.
    _, free = month({"cert": 1.0}, corridor=None)
    _, clamped = month({"cert": 1.0})
    a, b = free.books, clamped.books
    assert b.revenue == a.revenue > 0 and b.gross_profit == a.gross_profit, "outside deals still count as sales"
    cert_revenue = sum(p for p, won, prod in zip(clamped.deal_price, clamped.deals_won, clamped.deal_product)
                       if won and prod == 0)
    assert cert_revenue > 0 and b.outside_corridor == pytest.approx(cert_revenue, abs=0.01)
    assert b.bonus < a.bonus
    assert b.bonus_without_corridor == a.bonus, "the counterfactual: what counting every deal would have paid"


def test_deals_inside_the_corridor_pay_as_without_one():
    _, free = month({"cert": 0.5, "list": 0.5}, corridor=None)
    _, inside = month({"cert": 0.5, "list": 0.5})
    assert inside.books.outside_corridor == 0 and inside.books.bonus == free.books.bonus > 0


def test_a_markup_exactly_at_a_threshold_counts():
    _, edge = month({"cert": 0.7, "list": 0.5})
    assert edge.books.outside_corridor == 0


@pytest.mark.parametrize("base", ["gross_profit", "invoice", "net_profit"])
def test_every_base_of_the_same_month_leaves_the_outside_deals_out(base):
    _, report = month({"cert": 1.0}, base=base)
    b = report.books
    assert b.bonus == b.bonus_by_base[base]
    comp = Compensation(base=base, rate=0.1, overheads=500)
    # The same month's figures minus the deals outside the corridor, booked with no corridor at all.
    out_rev = b.outside_corridor
    assert out_rev > 0
    by_hand = close_books(comp, b.salary, b.revenue - out_rev, b.cost_of_goods - out_rev / 2.0, b.touch_costs,
                          b.serve_costs, (0.5, 0.5))
    assert b.bonus_by_base["invoice"] == by_hand.bonus_by_base["invoice"]
    assert b.bonus_by_base["gross_profit"] == by_hand.bonus_by_base["gross_profit"]


def test_the_live_preview_shows_no_bonus_outside_the_corridor():
    game, _ = month({"cert": 0.5})
    inside, outside = game.quote("cert", 0.5), game.quote("cert", 1.0)
    assert inside["bonus"] > 0 and not inside["outside_corridor"]
    assert outside["bonus"] == 0 and outside["outside_corridor"]
    assert outside["margin"] > inside["margin"], "the seller may still quote there: only the bonus is gone"


def test_the_desk_forecast_leaves_outside_deals_out_of_the_bonus_only():
    plan = MonthPlan(markups={"cert": 1.0}, touches=(TouchBatch("call", ALL),))
    with_band = Game(scenario(compensation={"base": "gross_profit", "rate": 0.1, "bonus_corridor": CORRIDOR}), 5)
    without = Game(scenario(compensation={"base": "gross_profit", "rate": 0.1}), 5)
    a, b = without.forecast(plan), with_band.forecast(plan)
    assert b.total_revenue == a.total_revenue > 0 and b.total_gross_profit == a.total_gross_profit
    assert b.bonus < a.bonus
