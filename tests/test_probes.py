"""No play the course calls bad practice beats the reasoned reference (GAME_DESIGN.md §4).

Every probe in :data:`simulator.strategies.probes.PROBES` (mass group touches, offering everything to
everyone, pretext calls, filler calls, damage early and repair late, a fixed mid-band markup, a seller
chasing his own bonus under each pay base, the lazy plays) plays the same 30 seeds as ``balanced`` in
every shipped scenario. Paired seed by seed, none may beat ``balanced`` by more than the spread between
seeds; and offering everything to everyone must not pay the seller more than ``balanced`` does.

``python main.py balance SCENARIO --probes`` prints the same comparison for a trainer.
"""
from __future__ import annotations

import pytest

from simulator.strategies.probes import PROBES

from balance_runs import run, shipped, table

pytestmark = pytest.mark.slow  # `python -m pytest -m "not slow"` leaves it out


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.xdist_group(p.stem), id=p.stem) for p in shipped()])
def test_no_probe_beats_balanced_by_more_than_the_seed_spread(path):
    title, rows = run(path)
    text = table(title, rows)
    print("\n" + text)
    best = rows["balanced"]
    winners = []
    for name in PROBES:
        probe = rows[name]
        margin = float((probe.scores - best.scores).mean())
        spread = max(best.std, probe.std)
        if margin > spread:
            winners.append(f"{name} by {margin:.2f} (spread {spread:.2f})")
    assert not winners, f"bad practice beats balanced: {'; '.join(winners)}\n{text}"


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.xdist_group(p.stem), id=p.stem) for p in shipped()])
def test_offering_everything_does_not_pay_the_seller_more(path):
    title, rows = run(path)
    everything, best = rows["offer_everything"].kpis["bonus"], rows["balanced"].kpis["bonus"]
    assert everything <= best, (
        f"offering everything to everyone paid the seller {everything:,.0f} against balanced's {best:,.0f}\n"
        + table(title, rows))
