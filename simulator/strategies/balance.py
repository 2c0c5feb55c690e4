"""Does a scenario teach its lesson? Play strategies over seeds and judge the result.

:func:`run_balance` plays every reference strategy (and, on request, every
probe) on the same seeds and returns one :class:`Row` per strategy, the
paired difference of each probe with ``balanced``, and a :class:`Verdict`.
It is pure: no printing, no files; the command line only formats it, and the
tests reuse it.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

import numpy as np

from ..engine import KPI_NAMES
from ..scenario.lint import no_free_markup
from ..scenario.schema import Scenario
from .base import Strategy, play
from .targets import capped_items

REFERENCE = "balanced"
# References that play good practice another way (``by_the_desk``: from the desk's screen alone): shown beside
# balanced, never counted as the wrong answer balanced must beat.
PEERS = frozenset({"by_the_desk"})
# Families of strategies that make the same contacts and offers and differ only in the markups they set:
# with no free markup they cannot help playing the same game.
PRICE_TWINS = (
    frozenset({"balanced", "greedy", "discounter", "mid_band", "price_nudge", "max_service_at_tolerance",
               "max_service_at_ceiling", "pay_greedy_gross_profit", "pay_greedy_net_profit"}),
    frozenset({"offer_everything", "pay_greedy_invoice"}),
)


@dataclass(frozen=True)
class Row:
    """One strategy's games over the seeds: a score and every KPI per seed."""

    name: str
    probe: bool
    scores: np.ndarray
    kpis: dict[str, np.ndarray]

    @property
    def mean(self) -> float:
        """Mean score over the seeds."""
        return float(self.scores.mean())

    @property
    def std(self) -> float:
        """Sample standard deviation of the score over the seeds (0 for a single seed)."""
        return float(self.scores.std(ddof=1)) if self.scores.size > 1 else 0.0

    def kpi_mean(self, kpi: str) -> float:
        """Mean of one KPI over the seeds."""
        return float(self.kpis[kpi].mean())

    def same_game(self, other: Row) -> bool:
        """True when both strategies got exactly the same score and KPIs on every seed."""
        return np.array_equal(self.scores, other.scores) and all(
            np.array_equal(self.kpis[k], other.kpis[k]) for k in self.kpis)


@dataclass(frozen=True)
class Verdict:
    """Whether the scenario teaches its lesson, and why (not)."""

    teaches: bool
    best: str
    runner_up: str | None
    margin: float
    spread: float
    reasons: list[str] = field(default_factory=list)     # why it needs tuning; empty when it teaches
    warnings: list[str] = field(default_factory=list)
    identical: list[list[str]] = field(default_factory=list)
    identical_text: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"teaches": self.teaches, "best": self.best, "runner_up": self.runner_up,
                "margin": round(self.margin, 4), "spread": round(self.spread, 4), "reasons": self.reasons,
                "warnings": self.warnings, "identical": self.identical}


@dataclass(frozen=True)
class ProbeCheck:
    """A probe compared with ``balanced`` seed by seed."""

    name: str
    diff: float      # mean over the seeds of (probe - balanced)
    spread: float    # the larger sample std of the two score columns

    @property
    def beats(self) -> bool:
        """True when the probe beats balanced by more than the seed spread."""
        return self.diff > self.spread


@dataclass(frozen=True)
class Balance:
    """A balance run: the seeds, every strategy's row (references first), probe checks and the verdict."""

    seeds: list[int]
    rows: dict[str, Row]
    probes: list[ProbeCheck]
    verdict: Verdict

    def ranked(self, probe: bool = False) -> list[Row]:
        """Reference (or probe) rows, best mean first; balanced first among equals."""
        rows = [r for r in self.rows.values() if r.probe == probe]
        return sorted(rows, key=lambda r: (-r.mean, r.name != REFERENCE))


def _row(name: str, probe: bool, results: list[tuple[float, dict]]) -> Row:
    return Row(name, probe, np.array([score for score, _ in results], float),
               {k: np.array([kpis[k] for _, kpis in results], float) for k in KPI_NAMES})


def _result(scenario: Scenario, seed: int, strategy: Strategy) -> tuple[float, dict]:
    result = play(scenario, seed, strategy).result()
    return result.score, {k: result.kpis[k] for k in KPI_NAMES}


CHUNK = 4   # seeds a worker plays per task: small enough for an even spread and a live progress bar


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def play_games(scenario: Scenario, work: list[tuple[str, Strategy, list[int]]],
               on_game: Callable[[str, int], None] | None = None, jobs: int = 1) -> dict[str, list[tuple[float, dict]]]:
    """(score, KPIs) of every (strategy, seed) in ``work``, in seed order per strategy name.

    With ``jobs`` above 1 the games run in worker processes, a few seeds per task; a strategy a worker
    cannot rebuild (one made on the fly and not picklable) is played here. Every game is deterministic,
    so the results do not depend on ``jobs``.
    """
    results: dict[str, list] = {name: [None] * len(seeds) for name, _, seeds in work}
    tasks: list[tuple] = []
    local: list[tuple] = []
    for name, strategy, seeds in work:
        handle = _handle(strategy) if jobs > 1 else None
        for start in range(0, len(seeds), CHUNK):
            (tasks if handle is not None else local).append((name, handle or strategy, start, seeds[start:start + CHUNK]))
    if tasks:
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context,
                                 initializer=_worker_start, initargs=(scenario,)) as pool:
            futures = {pool.submit(_worker_play, handle, chunk): (name, start, chunk)
                       for name, handle, start, chunk in tasks}
            try:
                for future in as_completed(futures):
                    name, start, chunk = futures[future]
                    results[name][start:start + len(chunk)] = future.result()
                    for seed in chunk:
                        if on_game is not None:
                            on_game(name, seed)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    for name, strategy, start, chunk in local:
        for k, seed in enumerate(chunk):
            results[name][start + k] = _result(scenario, seed, strategy)
            if on_game is not None:
                on_game(name, seed)
    return results


def _handle(strategy: Strategy) -> tuple | None:
    """How a worker process finds ``strategy``: by its registered name, or pickled; None when it cannot."""
    from . import PROBES, STRATEGIES
    from .probes import TALK_PROBES

    for kind, registry in (("reference", STRATEGIES), ("probe", {**PROBES, **TALK_PROBES})):
        if registry.get(strategy.name) is strategy:
            return kind, strategy.name
    try:
        return "pickled", pickle.dumps(strategy)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None


_WORKER_SCENARIO: Scenario | None = None


def _worker_start(scenario: Scenario) -> None:
    global _WORKER_SCENARIO
    _WORKER_SCENARIO = scenario


def _worker_play(handle: tuple, seeds: list[int]) -> list[tuple[float, dict]]:
    from . import PROBES, STRATEGIES
    from .probes import TALK_PROBES

    kind, ref = handle
    probes = {**PROBES, **TALK_PROBES}
    strategy = pickle.loads(ref) if kind == "pickled" else (STRATEGIES if kind == "reference" else probes)[ref]
    assert _WORKER_SCENARIO is not None, "the worker's initializer sets the scenario"
    return [_result(_WORKER_SCENARIO, seed, strategy) for seed in seeds]


def run_balance(scenario: Scenario, references: dict[str, Strategy], seeds: Iterable[int],
                probes: dict[str, Strategy] | None = None,
                on_game: Callable[[str, int], None] | None = None, jobs: int = 1) -> Balance:
    """Play the reference strategies (``balanced`` among them) and the probes on the same seeds; judge.

    ``jobs``: worker processes to play the games in (1: all in this process).
    """
    if REFERENCE not in references:
        raise ValueError(f"the reference strategies must include `{REFERENCE}`")
    seeds = list(seeds)
    probes = probes or {}
    work = [(name, strategy, seeds) for name, strategy in {**references, **probes}.items()]
    games = play_games(scenario, work, on_game, jobs)
    rows = {name: _row(name, False, games[name]) for name in references}
    rows.update({name: _row(name, True, games[name]) for name in probes})
    checks = [probe_check(rows[REFERENCE], r) for r in rows.values() if r.probe]
    return Balance(seeds, rows, checks, judge(scenario, rows, checks))


def probe_check(reference: Row, probe: Row) -> ProbeCheck:
    """The probe's paired difference with the reference on the same seeds, and the seed spread."""
    return ProbeCheck(probe.name, float(np.mean(probe.scores - reference.scores)), max(probe.std, reference.std))


def identical_groups(rows: dict[str, Row]) -> list[list[str]]:
    """Groups (two or more) of strategies that played exactly the same games, in the rows' order."""
    groups: list[list[str]] = []
    for row in rows.values():
        for group in groups:
            if rows[group[0]].same_game(row):
                group.append(row.name)
                break
        else:
            groups.append([row.name])
    groups = [g for g in groups if len(g) > 1]
    for g in groups:  # balanced leads its group
        if REFERENCE in g:
            g.remove(REFERENCE)
            g.insert(0, REFERENCE)
    return groups


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe_identical(scenario: Scenario, group: list[str]) -> str:
    """One sentence naming strategies that play the identical game, with the reason when it is known."""
    if group[0] == REFERENCE:
        others = group[1:]
        text = f"{_and(others)} {'plays' if len(others) == 1 else 'play'} exactly like {REFERENCE} here"
    else:
        text = f"{_and(group)} play the identical game here"
    if no_free_markup(scenario) and any(set(group) <= family for family in PRICE_TWINS):
        text += ": no free markup"
    return text


def judge(scenario: Scenario, rows: dict[str, Row], checks: list[ProbeCheck]) -> Verdict:
    """The verdict: balanced first among the references, ahead of the runner-up (clones of the best
    excluded) by more than the seed spread, and no probe ahead of balanced by more than the spread."""
    groups = identical_groups(rows)
    refs = sorted((r for r in rows.values() if not r.probe and r.name not in PEERS),
                  key=lambda r: (-r.mean, r.name != REFERENCE))
    best = refs[0]
    clones = next((set(g) for g in groups if best.name in g), {best.name})
    rivals = [r for r in refs if r.name not in clones]
    reasons = []
    if rivals:
        runner = rivals[0]
        margin, spread = best.mean - runner.mean, max(best.std, runner.std)
        if best.name != REFERENCE:
            reasons.append(f"{best.name} scores more than {REFERENCE}")
        elif margin == 0:
            reasons.append(f"{REFERENCE} is only tied with {runner.name}")
        elif margin <= spread:
            reasons.append(f"{REFERENCE} is not ahead of {runner.name} by more than the seed spread")
    else:
        runner, margin, spread = None, 0.0, best.std
        reasons.append(f"every reference strategy plays the same game as {best.name}: nothing to compare")
    for c in checks:
        if c.beats:
            reasons.append(f"probe {c.name} beats {REFERENCE} by {c.diff:.1f} points (seed spread {c.spread:.1f})")
    return Verdict(
        teaches=not reasons, best=best.name, runner_up=runner.name if runner else None, margin=margin,
        spread=spread, reasons=reasons, warnings=capped_items(scenario, rows[REFERENCE].kpis),
        identical=groups, identical_text=[describe_identical(scenario, g) for g in groups],
    )
