"""Shared runs for the balance and probe tests: every strategy and probe over the same 30 seeds.

Each shipped scenario is played once per worker process by every reference strategy and every probe
(:func:`run` keeps its rows for the session); ``tests/test_balance.py`` and ``tests/test_probes.py`` judge
the same numbers. Their tests are parametrised with :func:`scenario_params`, which puts every test of one
scenario in the pytest-xdist group named after it (``--dist loadgroup``, pyproject.toml; tests/conftest.py
mends the grouping for pytest 9 and tests/test_xdist_groups.py holds it), so under xdist a scenario is played
by one worker, once, and different scenarios by different workers. Nothing is shared through files.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from simulator.scenario import load_file
from simulator.strategies import STRATEGIES, play
from simulator.strategies.balance import PEERS
from simulator.strategies.probes import probes_for

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SEEDS = range(1, 31)          # 30 seeds for every scenario, the 6,500-client one included
SHOWN_KPIS = ("gross_profit", "revenue", "bonus", "loyalty", "retention", "renewal_rate", "average_check", "upsell_rate")


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
    renewal_rate: np.ndarray  # renewals kept, per seed (its seed spread is checked in tests/test_probes.py)
    bonus: np.ndarray         # the seller's bonus, per seed (paired with balanced's in tests/test_probes.py)

    @property
    def mean(self) -> float:
        return float(self.scores.mean())

    @property
    def std(self) -> float:
        return float(self.scores.std(ddof=1))


def scenario_params(kind: str = "desk", only: tuple[str, ...] = ()) -> list:
    """``pytest.param`` per shipped scenario of ``kind`` (those named in ``only``, if given), each in the xdist group
    named after its file, so every test that plays a scenario's sweep runs on the worker that already played it."""
    return [pytest.param(p, marks=pytest.mark.xdist_group(p.stem), id=p.stem)
            for p in shipped(kind) if not only or p.stem in only]


@functools.cache
def run(path: Path) -> tuple[str, dict[str, Row]]:
    """(title, rows by strategy name) for a scenario: every reference strategy and probe, same seeds; played once
    per process and kept (the tests that read it share the scenario's xdist group, see :func:`scenario_params`)."""
    scenario = load_file(path)
    # by_the_desk (a peer of balanced, not a wrong answer) is judged in tests/test_desk_forecast.py, on 10 seeds.
    everyone = {name: s for name, s in {**STRATEGIES, **probes_for(scenario)}.items() if name not in PEERS}
    rows = {name: _row(scenario, name, strategy) for name, strategy in everyone.items()}
    title = f"{scenario.id}: {scenario.client_count()} clients, {scenario.turns} months, {len(SEEDS)} seeds"
    return title, rows


def _row(scenario, name: str, strategy) -> Row:
    results = [play(scenario, seed, strategy).result() for seed in SEEDS]
    return Row(name, np.array([r.score for r in results]),
               {k: float(np.mean([r.kpis[k] for r in results])) for k in SHOWN_KPIS},
               np.array([r.kpis["renewal_rate"] for r in results]), np.array([r.kpis["bonus"] for r in results]))


def table(title: str, rows: dict[str, Row]) -> str:
    """The balance table, best mean score first; probes show their paired difference with balanced."""
    base = rows["balanced"].scores
    head = f"{'strategy':<24} {'mean':>7} {'std':>6} {'vs bal':>7}  {'gross profit':>13} {'bonus':>11} " \
           f"{'loyalty':>7} {'retain':>6} {'renew':>6} {'avg check':>10} {'upsell':>6}"
    lines = [title, head]
    for row in sorted(rows.values(), key=lambda r: -r.mean):
        k = row.kpis
        lines.append(
            f"{row.name:<24} {row.mean:7.1f} {row.std:6.2f} {float((row.scores - base).mean()):+7.1f}  "
            f"{k['gross_profit']:13,.0f} {k['bonus']:11,.0f} {k['loyalty']:7.2f} {k['retention']:6.2f} "
            f"{k['renewal_rate']:6.2f} "
            f"{k['average_check']:10,.0f} {k['upsell_rate']:6.2f}"
        )
    return "\n".join(lines)
