"""Events a trainer injects into a game (issue 26, live levers): an input like a plan, played from their month on,
never changing a month already played, and refused when they do not fit the scenario."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from simulator.engine import Game, InjectedEventError, inject, replay
from simulator.scenario import load_file
from simulator.scenario.schema import Event
from simulator.shipped import SCENARIOS_DIR
from simulator.strategies import STRATEGIES

TAX = load_file(SCENARIOS_DIR / "tax-law.yaml")


def price_war(month: int, factor: float = 0.8, duration: int = 2, ident: str = "live-price-war") -> Event:
    product = TAX.products[0].id
    return Event(id=ident, month=month, duration=duration, title={"ru": "Ценовая война", "en": "Price war"},
                 market_price={product: factor})


def _played(game: Game, months: int) -> Game:
    strategy = STRATEGIES["balanced"]
    for _ in range(months):
        game.play_month(strategy.make_plan(game))
    return game


def test_an_injected_event_runs_from_its_month_and_moves_the_market():
    plain = _played(Game(TAX, 5), 5)
    hit = _played(Game(TAX, 5, [price_war(3)]), 5)
    assert [r.events for r in plain.reports][:2] == [r.events for r in hit.reports][:2]
    assert "live-price-war" in hit.reports[2].events and "live-price-war" in hit.reports[3].events
    assert "live-price-war" not in hit.reports[4].events  # two months long
    for month in (0, 1):  # the months before it are the same, to the kopeck
        assert plain.reports[month].kpis == hit.reports[month].kpis
    # the competitors' cut shows on the desk's prices for the months it runs, and the market moved for the player
    product = TAX.products[0].id
    index = hit.catalog.product_ids.index(product)
    assert hit.market_prices(2)[index] == pytest.approx(plain.market_prices(2)[index] * 0.8)
    assert plain.reports[2].kpis != hit.reports[2].kpis
    # the scenario's hash stays the file's; the event travels beside it
    assert hit.scenario_hash == plain.scenario_hash and hit.injected == (price_war(3),)


def test_injecting_mid_game_is_the_same_as_having_the_event_from_the_start():
    strategy = STRATEGIES["balanced"]
    mid = _played(Game(TAX, 11), 2)
    mid = inject(mid, [price_war(3)])
    assert mid.month == 2 and len(mid.injected) == 1
    while not mid.finished:
        mid.play_month(strategy.make_plan(mid))
    whole = replay(TAX, 11, list(mid.plans), [price_war(3)])
    assert whole.result().score == mid.result().score
    assert np.array_equal(whole.state.loyalty, mid.state.loyalty)


def test_an_event_for_a_month_already_played_is_refused():
    game = _played(Game(TAX, 1), 3)
    with pytest.raises(InjectedEventError, match="already"):
        inject(game, [price_war(3)])
    assert len(inject(game, [price_war(4)]).plans) == 3


@pytest.mark.parametrize("event, words", [
    (Event(id="x", month=2, title={"en": "x"}, market_price={"no-such-product": 0.9}), "unknown product"),
    (Event(id="x", month=2, title={"en": "x"}, needs={"no-such-job": 0.3}), "unknown job"),
    (Event(id="x", month=99, title={"en": "x"}), "after the last month"),
    (Event(id="tax-amendments", month=2, title={"en": "x"}), "duplicate id"),
])
def test_an_event_that_does_not_fit_the_scenario_is_refused(event, words):
    with pytest.raises(InjectedEventError, match=words):
        Game(TAX, 1, [event])


def test_stacked_injected_factors_are_refused_past_the_limits():
    events = [price_war(2, 0.1, ident=f"cut-{k}") for k in range(3)]  # 0.1^3 is below the schema's 0.05
    with pytest.raises(InjectedEventError, match="multiply"):
        Game(TAX, 1, events)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(month=st.integers(1, 12), played=st.integers(0, 11), factor=st.floats(0.5, 1.5), duration=st.integers(1, 4),
       seed=st.integers(0, 2**40))
def test_property_injection_never_changes_the_months_played(month, played, factor, duration, seed):
    played = min(played, month - 1)
    strategy = STRATEGIES["balanced"]
    game = Game(TAX, seed)
    for _ in range(played):
        game.play_month(strategy.make_plan(game))
    before = [dict(r.kpis) for r in game.reports]
    after = inject(game, [price_war(month, factor, duration)])
    assert [dict(r.kpis) for r in after.reports] == before
    assert after.plans == game.plans
