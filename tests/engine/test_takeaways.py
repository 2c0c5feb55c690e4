"""The debrief's takeaways name what a player's own game did, with its numbers, worst first."""
from __future__ import annotations

import pytest

from simulator.engine.takeaways import loyalty_waterfall, play_profile, takeaways
from simulator.strategies import PROBES, STRATEGIES, play

from .factory import scenario

ALL = {**STRATEGIES, **PROBES}


@pytest.mark.parametrize("name, first", [
    ("offer_everything", "misfit_offers"),
    ("spammer", "empty_touches"),
    ("passive", "forgotten"),
    ("greedy", "price"),
])
def test_the_first_takeaway_names_the_bad_practice(name, first):
    game = play(scenario(turns=8), 3, ALL[name])
    found = takeaways(game.reports, game.n_clients)
    assert found and found[0].code == first and not found[0].good
    assert len(found) <= 3


def test_good_play_is_praised_with_its_numbers():
    game = play(scenario(turns=8), 3, STRATEGIES["balanced"])
    found = takeaways(game.reports, game.n_clients)
    assert found and all(item.good for item in found)
    useful = next(item for item in found if item.code == "useful_touches")
    assert useful.numbers["n"] == sum(r.useful_touches for r in game.reports) and useful.numbers["points"] > 0


def test_the_profile_shows_what_the_reference_did_differently():
    sc = scenario(turns=8)
    ref, spam, pushy = (play(sc, 3, ALL[name]) for name in ("balanced", "spammer", "offer_everything"))
    r, s, p = play_profile(ref), play_profile(spam), play_profile(pushy)
    assert r.useful_share > 0.9 > 0.1 > s.useful_share
    assert p.misfit_share > 0.3 > 0.05 > r.misfit_share
    assert r.touches == sum(rep.touches for rep in ref.reports)
    assert set(r.markups) == set(ref.catalog.product_ids) and 0 <= r.renewals_kept <= 1


def test_the_loyalty_waterfall_adds_up_to_the_games_change():
    from simulator.engine import Game
    sc = scenario(turns=8)
    start = float(Game(sc, 3).state.loyalty.mean())
    game = play(sc, 3, ALL["offer_everything"])
    parts = loyalty_waterfall(game.reports)
    assert sum(v for _, v in parts) == pytest.approx((float(game.state.loyalty.mean()) - start) * 100, abs=0.05 * len(parts) + 1e-6)
    assert abs(parts[0][1]) >= abs(parts[-1][1])
