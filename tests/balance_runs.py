"""Shared runs for the balance and probe tests: every strategy and probe over the same 30 seeds.

Each shipped scenario is played once per test process (cached) by every reference strategy and
every probe; ``tests/test_balance.py`` and ``tests/test_probes.py`` judge the same numbers.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.scenario import load_file
from simulator.strategies import STRATEGIES, play
from simulator.strategies.probes import PROBES

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SEEDS = range(1, 31)          # 30 seeds for every scenario, the 6,500-client one included
SHOWN_KPIS = ("gross_profit", "revenue", "bonus", "loyalty", "retention", "average_check", "upsell_rate")


def shipped(kind: str = "desk") -> list[Path]:
    """Shipped scenario files of ``kind`` (desk or head) that must balance (not the template); the desk
    strategies play desk scenarios, the reference heads head scenarios (tests/test_head_balance.py)."""
    return sorted(p for p in SCENARIOS.glob("*.yaml") if not p.name.startswith("_") and load_file(p).kind == kind)


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


@functools.lru_cache(maxsize=None)
def run(path: Path) -> tuple[str, dict[str, Row]]:
    """(title, rows by strategy name) for a scenario: every reference strategy and probe, same seeds."""
    scenario = load_file(path)
    rows = {}
    for name, strategy in {**STRATEGIES, **PROBES}.items():
        results = [play(scenario, seed, strategy).result() for seed in SEEDS]
        rows[name] = Row(name, np.array([r.score for r in results]),
                         {k: float(np.mean([r.kpis[k] for r in results])) for k in SHOWN_KPIS})
    title = f"{scenario.id}: {scenario.client_count()} clients, {scenario.turns} months, {len(SEEDS)} seeds"
    return title, rows


def table(title: str, rows: dict[str, Row]) -> str:
    """The balance table, best mean score first; probes show their paired difference with balanced."""
    base = rows["balanced"].scores
    head = f"{'strategy':<24} {'mean':>7} {'std':>6} {'vs bal':>7}  {'gross profit':>13} {'bonus':>11} " \
           f"{'loyalty':>7} {'retain':>6} {'avg check':>10} {'upsell':>6}"
    lines = [title, head]
    for row in sorted(rows.values(), key=lambda r: -r.mean):
        k = row.kpis
        lines.append(
            f"{row.name:<24} {row.mean:7.1f} {row.std:6.2f} {float((row.scores - base).mean()):+7.1f}  "
            f"{k['gross_profit']:13,.0f} {k['bonus']:11,.0f} {k['loyalty']:7.2f} {k['retention']:6.2f} "
            f"{k['average_check']:10,.0f} {k['upsell_rate']:6.2f}"
        )
    return "\n".join(lines)
