"""The pay-plan lab: periods, cap and clawback pay by their rules; sellers game the lines as field studies found;
the calculator forecasts each seller's own book with a range; the lab compares every alternative."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from simulator.head import HeadDecision, HeadGame, payplan as pp, seller as sm
from simulator.head.lab import LAB_VARIANTS
from simulator.scenario import load_file
from simulator.scenario.schema import Accelerator, Clawback, PayScheme

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
PLAIN = PayScheme(salary=40_000, base="gross_profit", rate=0.1)
TRAITS = sm.Traits(0.5, 0.5, 0.7, 0.8)


@pytest.fixture(scope="module")
def lab():
    return load_file(SCENARIOS / "head-pay-lab.yaml")


@settings(max_examples=60, deadline=None)
@given(bases=st.lists(st.floats(0, 2e6), min_size=3, max_size=3), rate=st.floats(0.0, 0.3))
def test_a_linear_quarter_pays_what_three_months_would_have_paid_and_only_at_its_end(bases, rate):
    scheme = PayScheme(salary=0, base="invoice", rate=rate, period="quarter")
    comp = sm.compensation(scheme)
    ledger = pp.Ledger()
    paid = [pp.settle(scheme, comp, ledger, m, b, {}, {}).bonus for m, b in enumerate(bases)]
    assert paid[0] == paid[1] == 0.0
    assert paid[2] == pytest.approx(sum(round(b * rate, 2) for b in bases), abs=0.05)


@settings(max_examples=60, deadline=None)
@given(base=st.floats(0, 5e6), cap=st.floats(0, 2e5))
def test_a_period_never_pays_more_bonus_than_the_cap_and_says_what_it_withheld(base, cap):
    scheme = PayScheme(salary=0, base="invoice", rate=0.05, cap=cap)
    settled = pp.settle(scheme, sm.compensation(scheme), pp.Ledger(), 0, base, {}, {})
    assert settled.bonus <= cap + 1e-6
    assert settled.bonus + settled.capped == pytest.approx(round(base * 0.05, 2), abs=0.02)


def test_a_clawback_takes_back_the_bonus_of_a_client_lost_within_its_months_and_not_later():
    scheme = PayScheme(salary=0, base="invoice", rate=0.1, clawback=Clawback(months=2))
    comp = sm.compensation(scheme)
    ledger = pp.Ledger()
    pp.settle(scheme, comp, ledger, 0, 1000.0, {"b": {7: 600.0, 8: 400.0}}, {})
    lost = pp.settle(scheme, comp, ledger, 1, 0.0, {}, {"b": np.array([7])})
    assert lost.clawback == pytest.approx(60.0)
    late = pp.settle(scheme, comp, ledger, 4, 0.0, {}, {"b": np.array([8])})
    assert late.clawback == 0.0
    none = PayScheme(salary=0, base="invoice", rate=0.1)
    ledger = pp.Ledger()
    pp.settle(none, sm.compensation(none), ledger, 0, 1000.0, {"b": {7: 1000.0}}, {})
    assert pp.settle(none, sm.compensation(none), ledger, 1, 0.0, {}, {"b": np.array([7])}).clawback == 0.0


def test_sellers_game_the_lines_rush_and_discount_near_an_accelerator_hold_at_a_cap_give_up_far_away():
    accel = PayScheme(salary=0, base="invoice", rate=0.02, accelerator=Accelerator(above=3_000_000, rate=0.06),
                      period="quarter")
    # the quarter's last month, 2.2 M in and a month's 0.6 M to come: the line is within reach with a push
    rush = sm.stance(accel, TRAITS, 2_200_000, 3, 3, 600_000, None)
    assert rush.code == "rush" and rush.effort > 1.0 and rush.discount > 0.0
    assert sm.stance(accel, TRAITS, 1_000_000, 1, 3, 600_000, None).code == "steady"   # early in the quarter
    assert sm.stance(accel, TRAITS, 200_000, 3, 3, 300_000, None).code == "give_up"
    capped = PayScheme(salary=0, base="invoice", rate=0.05, cap=50_000)
    hold = sm.stance(capped, TRAITS, 0, 1, 1, 2_000_000, pp.cap_base(capped, sm.compensation(capped)))
    assert hold.code == "hold" and hold.effort < 1.0
    bands = {"a": (0.1, 0.5)}
    assert sm.with_stance({"a": 0.4}, bands, rush)["a"] < 0.4


def test_a_clawback_takes_the_pull_out_of_pushing_offers():
    invoice = PayScheme(salary=0, base="invoice", rate=0.03)
    assert sm.push(TRAITS, invoice.model_copy(update={"clawback": Clawback(months=3)}), 0.2) < sm.push(TRAITS, invoice, 0.2)


def test_the_seller_in_a_game_discounts_and_rushes_when_the_quarters_line_is_within_reach(lab):
    """The inherited plan (invoice pay, an accelerator above a quarterly target, a cap): over a game, the months a
    seller rushed for the line carry lower quoted markups than his steady months, and the cap makes him hold."""
    game = HeadGame(lab, 2)
    while not game.finished:
        game.play_month()
    by: dict[tuple[str, str], list[float]] = {}
    for r in game.reports:
        for m in r.sellers:
            by.setdefault((m.seller, m.stance), []).append(float(np.mean(list(m.markups.values()))))
    rushed = [sid for sid, stance in by if stance == "rush" and (sid, "steady") in by]
    assert rushed, by
    for sid in rushed:
        assert np.mean(by[(sid, "rush")]) < np.mean(by[(sid, "steady")]) - 0.03, (sid, by)
    assert any(stance == "hold" for _, stance in by), by


def test_plain_schemes_pay_what_the_engines_books_say(lab):
    game = HeadGame(lab, 4)
    game.decide(HeadDecision(team_pay=PLAIN))
    report = game.play_month()
    for m in report.sellers:
        assert m.books_money.pay == pytest.approx(PLAIN.salary + m.books_money.bonus)
        assert m.stance == "steady" and m.clawback == 0.0


def test_the_forecast_is_each_sellers_own_with_a_range_and_leaves_the_game_untouched(lab):
    game = HeadGame(lab, 6)
    game.decide(HeadDecision(team_pay=PLAIN))
    forecasts = {s.id: game.pay_forecast(s.id, PLAIN) for s in game.team_members()}
    for f in forecasts.values():
        assert f.pay[0] <= f.pay[1] <= f.pay[2]
        assert f.pay[0] < f.pay[2], "his own luck gives a range"
    assert len({f.pay[1] for f in forecasts.values()}) == len(forecasts), "each seller's own book, not an average"
    twin = HeadGame(lab, 6)
    twin.decide(HeadDecision(team_pay=PLAIN))
    played, untouched = game.play_month(), twin.play_month()
    assert played.kpis == untouched.kpis
    # what month 1 then paid sits in (or next to) the forecast's range: the forecast knows his book and his plan
    for m in played.sellers:
        low, _, high = forecasts[m.seller].pay
        assert low * 0.9 <= m.books_money.pay <= high * 1.1, (m.seller, m.books_money.pay, forecasts[m.seller].pay)


def test_the_lab_puts_every_alternative_side_by_side_and_says_what_to_change(lab):
    game = HeadGame(lab, 1)
    game.play_month()   # he knows what a month brings him now
    oleg = "oleg"
    results = game.lab(oleg, game.sellers[oleg].pay.model_copy(update={"period": "month", "cap": None,
                                                                       "accelerator": None}))
    assert tuple(results) == LAB_VARIANTS
    assert "no_stake" in results["salary_only"].advice
    assert results["cap"].pay[2] <= results["draft"].pay[2]
    assert results["accelerator"].company[1] < results["draft"].company[1], "the greedy seller discounts to the line"
    assert results["gross_profit"].markup > results["invoice"].markup, "paid on margin he prices up"
