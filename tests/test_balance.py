"""Every shipped scenario teaches its lesson: the reasoned strategy wins, clearly, and for the right reasons.

For each scenario in ``scenarios/`` (the guided tutorial included; not
``_template.yaml``), every reference strategy plays the same 30 seeds.
``balanced`` must have the highest mean score, ahead of the runner-up by
more than the spread between seeds (the larger sample standard deviation of
the two). Each wrong answer must also lose the way the course says it does:
greedy sells less, the discounter earns less margin, the spammer is trusted
less, and the passive desk keeps fewer clients. In a price-list scenario
(every price fixed) greedy and the discounter cannot differ from balanced:
there they are not counted.

Run with ``python -m pytest -m slow -s tests/test_balance.py`` to see the table each scenario
was checked against; a failure shows it too. ``python main.py balance
SCENARIO --seeds 30`` prints the same kind of table for a trainer.
"""
from __future__ import annotations

import numpy as np
import pytest
from balance_runs import SCENARIOS, run, scenario_params, table

from simulator.scenario import load_text
from simulator.strategies import STRATEGIES, play
from simulator.strategies.balance import PEERS

pytestmark = pytest.mark.slow  # in `python -m pytest -m slow`, not in `python -m pytest`


def _identical(a, b) -> bool:
    return bool(np.array_equal(a.scores, b.scores))


@pytest.mark.parametrize("path", scenario_params())
def test_balanced_wins_clearly_and_for_the_right_reasons(path):
    title, all_rows = run(path)
    rows = {name: all_rows[name] for name in STRATEGIES if name not in PEERS}
    text = table(title, rows)
    print("\n" + text)
    best = rows["balanced"]
    rivals = [r for r in rows.values() if r.name != "balanced" and not _identical(r, best)]
    runner_up = max(rivals, key=lambda r: r.mean)
    spread = max(best.std, runner_up.std)
    assert best.mean - runner_up.mean > spread, (
        f"balanced must beat the runner-up ({runner_up.name}) by more than the spread between seeds "
        f"({spread:.2f}); gap {best.mean - runner_up.mean:.2f}\n{text}"
    )
    b, spammer, passive = best.kpis, rows["spammer"].kpis, rows["passive"].kpis
    reasons = {
        "the spammer annoys clients": spammer["loyalty"] < b["loyalty"] - 0.1,
        "the passive desk lets clients drift away": passive["retention"] < b["retention"]
        and passive["gross_profit"] < b["gross_profit"],
    }
    if not _identical(rows["greedy"], best):
        greedy = rows["greedy"].kpis
        reasons["greedy sells less at the ceiling"] = greedy["revenue"] < b["revenue"]
        reasons["greedy's prices cost loyalty"] = greedy["loyalty"] < b["loyalty"]
    if not _identical(rows["discounter"], best):
        reasons["the discounter gives away margin"] = rows["discounter"].kpis["gross_profit"] < b["gross_profit"]
    wrong = [lesson for lesson, holds in reasons.items() if not holds]
    assert not wrong, f"the scenario does not teach: {', '.join(wrong)}\n{text}"


def test_a_price_list_paid_on_the_invoice_teaches_the_average_check():
    """Every price fixed, pay on the invoice: greedy and the discounter cannot differ from balanced (no free
    markup), and balanced still wins clearly: the lever is the average check, grown with offers that fit."""
    text = (SCENARIOS / "price-list.yaml").read_text(encoding="utf-8")
    text = text.replace("markup: {min: 0.05, max: 0.6, default: 0.3}", "markup: {min: 0.3, max: 0.3, default: 0.3, fixed: true}")
    scenario = load_text(text, "price-list-all-fixed.yaml")
    assert all(p.markup.fixed for p in scenario.products) and scenario.compensation.base == "invoice"
    seeds = range(1, 16)
    scores = {name: np.array([play(scenario, seed, STRATEGIES[name]).result().score for seed in seeds])
              for name in STRATEGIES if name not in PEERS}   # by_the_desk: a peer of balanced, not a rival
    best = scores["balanced"]
    assert np.array_equal(scores["greedy"], best) and np.array_equal(scores["discounter"], best)
    rivals = {n: v for n, v in scores.items() if not np.array_equal(v, best)}
    runner_up = max(rivals, key=lambda n: rivals[n].mean())
    spread = max(best.std(ddof=1), rivals[runner_up].std(ddof=1))
    assert best.mean() - rivals[runner_up].mean() > spread, {n: round(float(v.mean()), 1) for n, v in scores.items()}
