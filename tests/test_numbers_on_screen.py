"""The numbers the month report and the leaderboard's review print are the engine's, events included.

Every shipped desk scenario with market events is played by ``balanced`` through a month with an event
running; the report's rows and the review's reasons must carry the price, the gap to the market and the
counts the engine resolved (a price gap computed on a screen without the month's events was the bug)."""
from __future__ import annotations

import numpy as np
import pytest

from simulator.engine import Game, Reason, reason_key
from simulator.locale.catalogue import text
from simulator.scenario import load_file
from simulator.shipped import SCENARIOS_DIR
from simulator.store.review import month_summaries
from simulator.strategies import STRATEGIES

WITH_EVENTS = sorted(p for p in SCENARIOS_DIR.glob("*.yaml")
                     if not p.name.startswith("_") and load_file(p).kind == "desk" and load_file(p).events)


def _through_an_event(path) -> Game:
    scenario = load_file(path)
    game = Game(scenario, 4)
    first = min(e.month for e in scenario.events) - 1  # 0-based: months played before the first event
    while not game.finished and game.month < first:
        game.play_month(STRATEGIES["balanced"].make_plan(game))
    assert game.month == first and game.catalog.active_events(game.month).any()
    game.play_month(STRATEGIES["balanced"].make_plan(game))
    return game


@pytest.mark.parametrize("path", WITH_EVENTS, ids=lambda p: p.stem)
def test_the_review_and_the_report_print_the_engines_gaps_and_counts(path):
    game = _through_an_event(path)
    report = game.reports[-1]
    assert report.events
    summary = month_summaries(game, "en")[-1]
    won = report.deals_won
    assert (summary.deals_won, summary.deals_lost) == (int(won.sum()), int((~won).sum()))
    market = game.market_prices(report.month - 1)
    np.testing.assert_allclose(report.deal_gap, report.deal_price / market[report.deal_product] - 1.0)
    lost_price = (report.deal_reason == Reason.PRICE)
    for p in np.unique(report.deal_product[lost_price]):
        gaps = report.deal_gap[lost_price & (report.deal_product == p)]
        expected = text("en", reason_key(Reason.PRICE), gap=float(np.median(gaps)))
        assert any(expected in line for _, line in summary.lost), (expected, summary.lost)
    refused_price = report.offer_reason == Reason.OFFER_PRICE
    for p in np.unique(report.offer_product[refused_price]):
        gaps = report.offer_gap[refused_price & (report.offer_product == p)]
        expected = text("en", reason_key(Reason.OFFER_PRICE), gap=float(np.median(gaps)))
        assert any(expected in line for _, line in summary.refused), (expected, summary.refused)


@pytest.mark.parametrize("path", WITH_EVENTS, ids=lambda p: p.stem)
def test_a_quote_during_an_event_is_what_the_engine_charges_and_judges(path):
    scenario = load_file(path)
    game = Game(scenario, 4)
    first = min(e.month for e in scenario.events) - 1  # 0-based: months played before the first event
    while game.month < first:
        game.play_month(STRATEGIES["balanced"].make_plan(game))
    market = game.market_prices()
    for p, product in enumerate(game.view.product_ids):
        markup = float(game.markups[product])
        quote = game.quote(product, markup)
        assert quote["gap"] == pytest.approx(quote["price"] / market[p] - 1.0)
