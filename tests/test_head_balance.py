"""Every shipped head scenario teaches its lesson: the aligned head wins, clearly, because the sellers respond.

For each head scenario in ``scenarios/``, every reference head and probe plays the same 30 seeds
(``python main.py balance SCENARIO --seeds 30 --probes`` prints the same table). ``aligned`` must be
first among the reference heads by more than the seed spread, no probe may beat it by more than the
spread, and the wrong heads must lose the way the notes say: the misaligned head's sellers (paid on
volume) keep less margin, the opaque head's (paid on net profit) sell less and lose heart.
"""
from __future__ import annotations

import functools

import pytest

from simulator.head.balance import run_head_balance
from simulator.scenario import load_file

from balance_runs import SEEDS, shipped


@functools.lru_cache(maxsize=None)
def _run(path):
    return run_head_balance(load_file(path), SEEDS, probes=True)


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.xdist_group(p.stem), id=p.stem)
                                  for p in shipped("head")])
def test_the_aligned_head_wins_clearly_and_for_the_right_reasons(path):
    result = _run(path)
    v = result.verdict
    rows = result.rows
    summary = {name: (round(r.mean, 1), round(r.std, 1)) for name, r in rows.items()}
    assert v.teaches, f"{v.reasons}: {summary}"
    aligned, misaligned, opaque = rows["aligned"], rows["misaligned"], rows["opaque"]
    assert aligned.kpi_mean("net_profit") > misaligned.kpi_mean("net_profit"), summary
    assert aligned.kpi_mean("revenue") > opaque.kpi_mean("revenue"), summary
    assert aligned.kpi_mean("morale") > opaque.kpi_mean("morale"), summary


def test_there_are_two_shipped_head_scenarios_one_with_free_markups_one_with_a_price_list():
    kinds = {p.stem: any(not x.markup.fixed for x in load_file(p).products) for p in shipped("head")}
    assert sorted(kinds.values()) == [False, True], kinds


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.xdist_group(p.stem), id=p.stem)
                                  for p in shipped("head")])
def test_the_pay_base_alone_makes_the_difference(path):
    """The aligned head with the other base (invoice where sellers set markups, gross profit on a price list),
    the same rules, hiring and budget otherwise: it loses by more than the seed spread."""
    import numpy as np

    from simulator.head.heads import HEADS, Head, _aligned_like, free_markups, play_head
    from simulator.head.game import HeadGame

    scenario = load_file(path)
    wrong = "invoice" if free_markups(HeadGame(scenario, 0)) else "gross_profit"
    other = Head("other_base", "", "", _aligned_like(lambda game: wrong))
    seeds = list(SEEDS)[:10]
    right = np.array([play_head(scenario, s, HEADS["aligned"]).result().score for s in seeds])
    moved = np.array([play_head(scenario, s, other).result().score for s in seeds])
    assert right.mean() - moved.mean() > max(right.std(ddof=1), moved.std(ddof=1)), (right.mean(), moved.mean())
