"""Does a head scenario teach its lesson? Every reference head (and probe) over the same seeds, judged.

The same rows, probe checks and verdict as the desk's balance
(:mod:`simulator.strategies.balance`), with ``aligned`` as the reference: it
must be first among the reference heads by more than the seed spread, and no
probe may beat it by more than the spread. Pure: no printing, no files.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from ..engine import KPI_NAMES
from ..scenario.schema import Scenario
from ..strategies.balance import Balance, ProbeCheck, Row, Verdict, probe_check
from .heads import HEAD_PROBES, HEADS, LAB_PROBES, NOTHING, play_head

REFERENCE_HEAD = "aligned"
BASELINE_HEAD = "nothing"   # decides nothing: what the books bring with the team as it was, for the pay it was on
HEAD_KPIS = KPI_NAMES + ("morale",)


def _result(scenario: Scenario, name: str, seed: int) -> tuple[float, dict]:
    head = HEADS.get(name) or HEAD_PROBES.get(name) or LAB_PROBES.get(name) or NOTHING
    result = play_head(scenario, seed, head).result()
    return result.score, {k: result.kpis[k] for k in HEAD_KPIS}


_WORKER: Scenario | None = None


def _start(scenario: Scenario) -> None:
    global _WORKER
    _WORKER = scenario


def _play(name: str, seed: int) -> tuple[float, dict]:
    assert _WORKER is not None, "the worker was started without its scenario"
    return _result(_WORKER, name, seed)


def run_head_balance(scenario: Scenario, seeds: Iterable[int], probes: bool = False,
                     on_game: Callable[[str, int], None] | None = None, jobs: int = 1) -> Balance:
    """Play every reference head (and with ``probes`` every probe head) on the same seeds; judge."""
    seeds = list(seeds)
    names = list(HEADS) + [BASELINE_HEAD] + (list(HEAD_PROBES) + lab_probes(scenario) if probes else [])
    work = [(name, seed) for name in names for seed in seeds]
    results: dict[tuple[str, int], tuple[float, dict]] = {}
    if jobs > 1:
        with ProcessPoolExecutor(jobs, initializer=_start, initargs=(scenario,)) as pool:
            for key, res in zip(work, pool.map(_play, *zip(*work))):
                results[key] = res
                if on_game:
                    on_game(*key)
    else:
        for name, seed in work:
            results[(name, seed)] = _result(scenario, name, seed)
            if on_game:
                on_game(name, seed)
    rows = {}
    for name in names:
        games = [results[(name, seed)] for seed in seeds]
        rows[name] = Row(name, name in HEAD_PROBES or name in LAB_PROBES, np.array([g[0] for g in games], float),
                         {k: np.array([g[1][k] for g in games], float) for k in HEAD_KPIS})
    checks = [probe_check(rows[REFERENCE_HEAD], r) for r in rows.values() if r.probe]
    return Balance(seeds, rows, checks, judge_heads(rows, checks))


def lab_probes(scenario: Scenario) -> list[str]:
    """The pay-plan lab's probes, for a scenario that unlocks the lab (``team.levers.pay_plan``)."""
    team = scenario.team
    return list(LAB_PROBES) if team is not None and team.levers.pay_plan else []


def judge_heads(rows: dict[str, Row], checks: list[ProbeCheck]) -> Verdict:
    """``aligned`` first among the reference heads by more than the seed spread, no probe ahead of it by more."""
    refs = sorted((r for r in rows.values() if not r.probe), key=lambda r: (-r.mean, r.name != REFERENCE_HEAD))
    best, runner = refs[0], refs[1] if len(refs) > 1 else None
    reasons = []
    margin = best.mean - runner.mean if runner else 0.0
    spread = max(best.std, runner.std) if runner else best.std
    if best.name != REFERENCE_HEAD:
        reasons.append(f"{best.name} scores more than {REFERENCE_HEAD}")
    elif runner is not None and margin <= spread:
        reasons.append(f"{REFERENCE_HEAD} is not ahead of {runner.name} by more than the seed spread")
    for c in checks:
        if c.beats:
            reasons.append(f"probe {c.name} beats {REFERENCE_HEAD} by {c.diff:.1f} points (seed spread {c.spread:.1f})")
    return Verdict(teaches=not reasons, best=best.name, runner_up=runner.name if runner else None, margin=margin,
                   spread=spread, reasons=reasons)


@dataclass(frozen=True)
class WorkWorth:
    """What the sellers' work under the reference head is worth against their pay: the gross profit it brought
    beyond a head who decides nothing, and the pay it cost beyond his (means over the seeds)."""

    gross: float          # aligned's gross profit less nothing's
    pay: float            # aligned's pay less nothing's
    aligned_gross: float
    aligned_pay: float

    @property
    def worth_it(self) -> bool:
        """Whether the work brings more than it costs (else effort is not worth its pay: clients come anyway)."""
        return self.gross > self.pay

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"gross_profit_gained": round(self.gross, 2), "pay_added": round(self.pay, 2),
                "aligned_gross_profit": round(self.aligned_gross, 2), "aligned_pay": round(self.aligned_pay, 2),
                "worth_it": self.worth_it}

    def line(self) -> str:
        """One line for the balance table."""
        ratio = f"{self.gross / self.pay:.1f}" if self.pay > 0 else "-"
        text = (f"sellers' work: under {REFERENCE_HEAD} they bring {self.gross:,.0f} more gross profit than under a head "
                f"who decides nothing, for {self.pay:,.0f} more pay ({ratio} per unit of pay; {REFERENCE_HEAD} pays "
                f"{self.aligned_pay:,.0f} for {self.aligned_gross:,.0f})")
        if not self.worth_it:
            text += ("; NOT worth its pay: clients come by themselves, so a bare salary or deciding nothing pays "
                     "(shorten memory_months, give renewals a rival, make offers the lever)")
        return text


def work_worth(result: Balance) -> WorkWorth:
    """:class:`WorkWorth` of a head balance (its rows hold ``aligned`` and ``nothing``)."""
    a, z = result.rows[REFERENCE_HEAD], result.rows[BASELINE_HEAD]
    return WorkWorth(a.kpi_mean("gross_profit") - z.kpi_mean("gross_profit"), a.kpi_mean("pay") - z.kpi_mean("pay"),
                     a.kpi_mean("gross_profit"), a.kpi_mean("pay"))
