"""The debrief's takeaways name what a player's own game did, with its numbers, worst first."""
from __future__ import annotations

import pytest

from simulator.engine.takeaways import takeaways
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
