"""Every shipped scenario teaches its lesson: the reasoned strategy wins, clearly, and for the right reasons.

For each scenario in ``scenarios/`` (the guided tutorial included; not
``_template.yaml``), every reference strategy plays the same SEEDS seeds.
``balanced`` must have the highest mean score, ahead of the runner-up by
more than the spread between seeds (the larger sample standard deviation of
the two). Each wrong answer must also lose the way the course says it does:
greedy sells less and is trusted less, the discounter earns less margin, the
spammer is trusted less, and the passive desk keeps fewer clients.

Run with ``pytest -s tests/test_balance.py`` to see the table each scenario
was checked against; a failure shows it too. ``python main.py balance
SCENARIO --seeds 50`` prints the same kind of table for a trainer.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from simulator.scenario import load_file
from simulator.strategies import STRATEGIES, play

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SEEDS = range(1, 31)          # 30 seeds for every scenario, the 6,500-client one included (about 20 s)
SHOWN_KPIS = ("gross_profit", "revenue", "loyalty", "retention", "average_check", "upsell_rate")


def shipped() -> list[Path]:
    """Shipped scenario files that must balance."""
    return sorted(p for p in SCENARIOS.glob("*.yaml") if not p.name.startswith("_"))


@dataclass(frozen=True)
class Row:
    """One strategy's results over the seeds."""

    name: str
    scores: np.ndarray
    kpis: dict[str, float]    # means over the seeds

    @property
    def mean(self) -> float:
        return float(self.scores.mean())

    @property
    def std(self) -> float:
        return float(self.scores.std(ddof=1))


def run(path: Path) -> tuple[str, dict[str, Row]]:
    scenario = load_file(path)
    rows = {}
    for name, strategy in STRATEGIES.items():
        results = [play(scenario, seed, strategy).result() for seed in SEEDS]
        rows[name] = Row(
            name,
            np.array([r.score for r in results]),
            {k: float(np.mean([r.kpis[k] for r in results])) for k in SHOWN_KPIS},
        )
    title = f"{scenario.id}: {scenario.client_count()} clients, {scenario.turns} months, {len(SEEDS)} seeds"
    return title, rows


def table(title: str, rows: dict[str, Row]) -> str:
    """The balance table, best mean score first."""
    head = f"{'strategy':<11} {'mean':>7} {'std':>6} {'min':>7} {'max':>7}  {'gross profit':>13} {'revenue':>13} " \
           f"{'loyalty':>7} {'retain':>6} {'avg check':>10} {'upsell':>6}"
    lines = [title, head]
    for row in sorted(rows.values(), key=lambda r: -r.mean):
        k = row.kpis
        lines.append(
            f"{row.name:<11} {row.mean:7.1f} {row.std:6.2f} {row.scores.min():7.1f} {row.scores.max():7.1f}  "
            f"{k['gross_profit']:13,.0f} {k['revenue']:13,.0f} {k['loyalty']:7.2f} {k['retention']:6.2f} "
            f"{k['average_check']:10,.0f} {k['upsell_rate']:6.2f}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.stem)
def test_balanced_wins_clearly_and_for_the_right_reasons(path):
    title, rows = run(path)
    text = table(title, rows)
    print("\n" + text)
    best = rows["balanced"]
    runner_up = max((r for r in rows.values() if r.name != "balanced"), key=lambda r: r.mean)
    spread = max(best.std, runner_up.std)
    assert best.mean - runner_up.mean > spread, (
        f"balanced must beat the runner-up ({runner_up.name}) by more than the spread between seeds "
        f"({spread:.2f}); gap {best.mean - runner_up.mean:.2f}\n{text}"
    )
    b, greedy, discounter = best.kpis, rows["greedy"].kpis, rows["discounter"].kpis
    spammer, passive = rows["spammer"].kpis, rows["passive"].kpis
    reasons = {
        "greedy sells less at the ceiling": greedy["revenue"] < b["revenue"],
        "greedy's prices cost loyalty": greedy["loyalty"] < b["loyalty"],
        "the discounter gives away margin": discounter["gross_profit"] < b["gross_profit"],
        "the spammer annoys clients": spammer["loyalty"] < b["loyalty"] - 0.1,
        "the passive desk lets clients drift away": passive["retention"] < b["retention"]
        and passive["gross_profit"] < b["gross_profit"],
    }
    wrong = [lesson for lesson, holds in reasons.items() if not holds]
    assert not wrong, f"the scenario does not teach: {', '.join(wrong)}\n{text}"
