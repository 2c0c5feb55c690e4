"""No play the course calls bad practice beats the reasoned reference (GAME_DESIGN.md §4).

Every probe in :data:`simulator.strategies.probes.PROBES` (mass group touches, offering everything to
everyone, pretext calls, filler calls, damage early and repair late, a fixed mid-band markup, a seller
chasing his own bonus under each pay base, the lazy plays) plays the same 30 seeds as ``balanced`` in
every shipped scenario. Paired seed by seed, none may beat ``balanced`` by more than the spread between
seeds; and no probe the course calls bad practice (:data:`~simulator.strategies.probes.BAD_PRACTICE`) may pay
the seller more than ``balanced`` does.

``python main.py balance SCENARIO --probes`` prints the same comparison for a trainer.
"""
from __future__ import annotations

import numpy as np
import pytest
from balance_runs import run, scenario_params, table

from simulator.strategies.probes import BAD_PRACTICE, PROBES, TALK_PROBES

pytestmark = pytest.mark.slow  # in `python -m pytest -m slow`, not in `python -m pytest`


@pytest.mark.parametrize("path", scenario_params())
def test_no_probe_beats_balanced_by_more_than_the_seed_spread(path):
    title, rows = run(path)
    text = table(title, rows)
    print("\n" + text)
    best = rows["balanced"]
    winners = []
    for name in [n for n in {**PROBES, **TALK_PROBES} if n in rows]:   # the conversation probes where they apply
        probe = rows[name]
        margin = float((probe.scores - best.scores).mean())
        spread = max(best.std, probe.std)
        if margin > spread:
            winners.append(f"{name} by {margin:.2f} (spread {spread:.2f})")
    assert not winners, f"bad practice beats balanced: {'; '.join(winners)}\n{text}"


@pytest.mark.parametrize("path", scenario_params())
def test_no_bad_practice_pays_the_seller_more(path):
    """Paired seed by seed, no probe the course calls bad practice pays the seller more than balanced does: its
    mean extra bonus may not exceed twice the standard error of the paired differences (a difference the 30 seeds
    cannot tell from luck is not "more")."""
    title, rows = run(path)
    best = rows["balanced"].bonus
    richer = []
    for name in [n for n in BAD_PRACTICE if n in rows]:
        extra = rows[name].bonus - best
        noise = 2 * extra.std(ddof=1) / np.sqrt(extra.size)
        if extra.mean() > noise:
            richer.append(f"{name} +{extra.mean():,.0f} a game (noise {noise:,.0f})")
    assert not richer, f"bad practice paid the seller more than balanced: {'; '.join(richer)}\n" + table(title, rows)


@pytest.mark.parametrize("path", scenario_params(only=("certification", "tax-law")))
def test_retention_separates_the_reference_from_the_discounter_and_a_renewals_only_desk(path):
    """Renewals kept (the score's retention item wherever renewals come due) tells players apart: on the
    scenarios the issue names, the discounter (who keeps renewals by giving the margin away) and a desk that
    does only renewal calls differ from balanced by more than the item's own seed spread."""
    title, rows = run(path)
    best = rows["balanced"].renewal_rate
    for name in ("discounter", "renewals_only"):
        other = rows[name].renewal_rate
        spread = max(best.std(ddof=1), other.std(ddof=1))
        assert abs(other.mean() - best.mean()) > spread, (
            f"renewals kept: balanced {best.mean():.3f}, {name} {other.mean():.3f}, spread {spread:.3f}\n" + table(title, rows))
