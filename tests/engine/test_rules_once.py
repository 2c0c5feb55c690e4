"""Each rule is written once (engine/rules.py): the month, the forecast, the desk's signals and the head's sheets
agree because they call the same function."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as hs

from simulator.engine import Game, MonthPlan
from simulator.engine.rules import due, held
from simulator.engine.world import NEVER
from simulator.head import HeadGame
from simulator.scenario import load_file

ROOT = Path(__file__).resolve().parents[2]


@settings(max_examples=60, deadline=None)
@given(seed=hs.integers(0, 2**32 - 1), t=hs.integers(0, 40))
def test_every_product_bought_is_either_held_or_due_and_never_both(seed, t):
    rng = np.random.default_rng(seed)
    n, p = 30, 5
    cycle = rng.integers(0, 13, p)
    last_buy = np.where(rng.random((n, p)) < 0.3, NEVER, rng.integers(-24, t + 1, (n, p)))
    owned = last_buy > NEVER
    came_due, still_held = due(last_buy, cycle, t), held(last_buy, cycle, t)
    assert np.array_equal(came_due ^ still_held, owned) and not (came_due & still_held).any()
    assert not came_due[:, cycle == 0].any()  # a one-off product never comes due
    # The grid's column-by-column pass and the pairwise form are one rule.
    clients, products = np.nonzero(np.ones((n, p), bool))
    assert np.array_equal(due(last_buy[clients, products], cycle[products], t), came_due.ravel())


def test_the_head_sheet_and_the_desk_quote_name_the_same_markups():
    head = HeadGame(load_file(ROOT / "scenarios" / "head-free-markup.yaml"), 1)
    book = next(iter(head.books.values()))
    assert not book.view.running_events.any()  # no event moves the desk's prices in the first month
    for p in head.scenario.products:
        desk = book.quote(p.id, 0.2)
        sheet = head.floor_sheet(p.id)
        assert sheet["tolerance_markup"] == round(desk["tolerance_markup"], 4) > round(desk["market_markup"], 4)
        assert head.quote(head.team.pay, p.id, 0.2)["price"] == desk["price"]


def test_the_price_outlooks_demand_is_the_months_demand_rule():
    """Expected demand for a product: every renewal coming due, plus each never-bought core product's known need
    at the scenario's demand rate (prerequisites owned): worked out here from the desk's view alone."""
    scenario = load_file(ROOT / "scenarios" / "certification.yaml")
    game = Game(scenario, 3)
    while not (np.asarray(game.view.owned) & (np.asarray(game.view.due_in) <= 0)).any():  # a month with renewals
        game.play_month(MonthPlan(markups=game.markups))
    view = game.view
    owned, active = np.asarray(view.owned), np.asarray(view.active)
    came_due = owned & (np.asarray(view.due_in) <= 0)
    for p, pid in enumerate(view.product_ids):
        fresh = ~owned[:, p] & active & np.asarray(view.prerequisites_met)[:, p] & bool(game.catalog.core[p])
        need = scenario.model.demand_rate * np.asarray(view.known_intensity)[:, p]
        expected = float((came_due[:, p] & active).sum() + need[fresh].sum())
        assert game.price_outlook(pid, [0.2]).demand == pytest.approx(expected, abs=1e-9)
