"""The month report's inbox: every card's reasons account for every deal, offer, departure and loyalty point."""
from __future__ import annotations

import numpy as np
import pytest

from simulator.engine import Game
from simulator.engine.inbox import DELTA_KPIS, kpi_deltas, month_inbox
from simulator.scenario import load_file
from simulator.shipped import SCENARIOS_DIR
from simulator.strategies import PROBES, STRATEGIES

CASES = [("tutorial", "balanced"), ("certification", "spammer"), ("certification", "balanced"),
         ("markup-corridor", "harvest")]


def _played(scenario_id: str, strategy_name: str, months: int = 4, seed: int = 7) -> Game:
    game = Game(load_file(SCENARIOS_DIR / f"{scenario_id}.yaml"), seed)
    strategy = {**STRATEGIES, **PROBES}[strategy_name]
    for _ in range(min(months, game.turns)):
        game.play_month(strategy.make_plan(game))
    return game


@pytest.mark.parametrize("scenario_id,strategy", CASES)
def test_each_card_groups_every_row_once_under_its_own_reason(scenario_id, strategy):
    game = _played(scenario_id, strategy)
    for report in game.reports:
        cards = {card.kind: card for card in month_inbox(report)}
        assert next(iter(cards)) == "bonus"
        for kind, codes, clients in (("deals", report.deal_reason, report.deal_client),
                                     ("offers", report.offer_reason, report.offer_client),
                                     ("departures", report.churn_reason, report.churned)):
            if not codes.size:
                assert kind not in cards
                continue
            card = cards[kind]
            rows = np.concatenate([g.rows for g in card.groups])
            assert sorted(rows.tolist()) == list(range(codes.size))            # each row once
            for g in card.groups:
                assert np.all(codes[g.rows] == g.code)                            # under its own reason
                assert np.array_equal(g.clients, clients[g.rows])
            if kind != "departures":
                assert card.count == codes.size
            goods = [g for g in card.groups if g.good]
            assert card.groups[: len(card.groups) - len(goods)] == tuple(g for g in card.groups if not g.good)
        if "deals" in cards:
            assert cards["deals"].good == int(report.deals_won.sum())
        if "offers" in cards:
            assert cards["offers"].good == int(report.offers_accepted.sum())


@pytest.mark.parametrize("scenario_id,strategy", CASES)
def test_the_loyalty_card_splits_the_months_change_by_cause(scenario_id, strategy):
    game = _played(scenario_id, strategy)
    for report in game.reports:
        card = next((c for c in month_inbox(report) if c.kind == "loyalty"), None)
        if card is None:
            assert np.all(np.abs(report.loyalty_by_cause) * 100 < 0.05)
            continue
        assert card.points == pytest.approx(report.loyalty_by_cause.sum() * 100, abs=0.01)
        shown = sum(g.value for g in card.groups)
        hidden = sum(v * 100 for v in report.loyalty_by_cause if abs(v * 100) < 0.05)
        assert shown + hidden == pytest.approx(card.points, abs=0.02 * len(card.groups) + 0.01)
        for g in card.groups:
            assert np.all(report.loyalty_cause[g.clients] == g.code)
            moved = np.abs(report.loyalty_change[g.clients])
            assert np.all(moved[:-1] >= moved[1:])                                # biggest movers first


def test_needs_revealed_and_the_kpi_deltas_come_from_the_reports():
    game = _played("certification", "balanced", months=3)
    first, second = game.reports[0], game.reports[1]
    revealed = next(c for c in month_inbox(first) if c.kind == "revealed")
    assert revealed.count == first.revealed.size > 0
    assert np.array_equal(revealed.groups[0].clients, first.revealed)
    deltas = kpi_deltas(second, first)
    assert [d.kpi for d in deltas] == list(DELTA_KPIS)
    for d in deltas:
        assert d.before == first.kpis[d.kpi] and d.after == second.kpis[d.kpi]
        assert d.change == pytest.approx(second.kpis[d.kpi] - first.kpis[d.kpi])
    assert all(d.before is None and d.change is None for d in kpi_deltas(first, None))

