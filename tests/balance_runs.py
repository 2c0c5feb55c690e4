"""Shared runs for the balance and probe tests: every strategy and probe over the same 30 seeds.

Each shipped scenario is played once per test run by every reference strategy and every probe;
``tests/test_balance.py`` and ``tests/test_probes.py`` judge the same numbers. Under pytest-xdist the
workers share the work through files in the run's shared temporary folder (see tests/conftest.py): each (scenario, strategy) row is
played by whichever worker takes its lock first and read by the others, so two workers that need the same
scenario split its strategies between them instead of both playing all of them. (``xdist_group`` cannot
keep a scenario's tests on one worker with pytest 9: pytest-xdist 3.8's loadgroup sets an attribute
pytest 9 no longer reads.)
"""
from __future__ import annotations

import functools
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

try:
    import fcntl
except ImportError:  # Windows: each worker plays its own rows
    fcntl = None  # type: ignore[assignment]

from simulator.scenario import content_hash, load_file
from simulator.strategies import STRATEGIES, play
from simulator.strategies.probes import PROBES

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


@functools.lru_cache(maxsize=None)
def run(path: Path) -> tuple[str, dict[str, Row]]:
    """(title, rows by strategy name) for a scenario: every reference strategy and probe, same seeds."""
    scenario = load_file(path)
    everyone = {**STRATEGIES, **PROBES}
    shared = _shared_folder()
    if shared is None:
        rows = {name: _row(scenario, name, strategy) for name, strategy in everyone.items()}
    else:
        rows = _shared_rows(scenario, everyone, shared / f"{path.stem}-{content_hash(scenario)}")
    title = f"{scenario.id}: {scenario.client_count()} clients, {scenario.turns} months, {len(SEEDS)} seeds"
    return title, rows


def _row(scenario, name: str, strategy) -> Row:
    results = [play(scenario, seed, strategy).result() for seed in SEEDS]
    return Row(name, np.array([r.score for r in results]),
               {k: float(np.mean([r.kpis[k] for r in results])) for k in SHOWN_KPIS},
               np.array([r.kpis["renewal_rate"] for r in results]), np.array([r.kpis["bonus"] for r in results]))


def _shared_folder() -> Path | None:
    """The run's folder for rows the xdist workers share (None without xdist or file locks)."""
    shared = os.environ.get("SALESDESK_TEST_SHARED")  # set by tests/conftest.py in each xdist worker
    if not shared or fcntl is None:
        return None
    folder = Path(shared) / "balance"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shared_rows(scenario, everyone: dict, stem: Path) -> dict[str, Row]:
    """Every strategy's row: read when another worker has played it, played here when its lock is free;
    when every row left is being played elsewhere, wait for one of them."""
    rows: dict[str, Row] = {}
    pending = list(everyone)
    while pending:
        busy = []
        for name in pending:
            done = Path(f"{stem}-{name}.pickle")
            with open(f"{stem}-{name}.lock", "w") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | (fcntl.LOCK_NB if len(busy) < len(pending) - 1 else 0))
                except BlockingIOError:
                    busy.append(name)
                    continue
                if not done.exists():  # (a worker that died while playing it left no file: play it here)
                    partial = done.with_suffix(f".{os.getpid()}.tmp")
                    partial.write_bytes(pickle.dumps(_row(scenario, name, everyone[name])))
                    os.replace(partial, done)
                rows[name] = pickle.loads(done.read_bytes())
        pending = busy
    return {name: rows[name] for name in everyone}


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
