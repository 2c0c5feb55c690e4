"""How `balance` shows a :class:`~simulator.strategies.balance.Balance`: a table with a verdict, or JSON."""
from __future__ import annotations

from ..engine import KPI_NAMES
from ..scenario import Scenario, content_hash
from ..strategies.balance import Balance, Row
from .common import fmt_kpi as fmt

MAIN_KPIS = ("gross_profit", "loyalty", "retention", "renewal_rate", "average_check", "upsell_rate")
TEACHES, NEEDS_TUNING = "teaches its lesson", "NEEDS TUNING"


def _points(value: float, signed: bool = False) -> str:
    """Points to one decimal, or to two significant digits when that would print a misleading 0.0."""
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    if value != 0 and abs(value) < 0.05:
        text = f"{value:+.2g}" if signed else f"{value:.2g}"
    return text


def _row_json(row: Row, rank: int) -> dict:
    return {"rank": rank, "score_mean": row.mean, "score_std": row.std,
            **{f"{k}_mean": row.kpi_mean(k) for k in KPI_NAMES}}


def to_json(scenario: Scenario, result: Balance) -> dict:
    """The documented JSON object of a balance run."""
    checks = {c.name: c for c in result.probes}
    probes = {}
    for rank, row in enumerate(result.ranked(probe=True), 1):
        probes[row.name] = {**_row_json(row, rank), "diff_vs_balanced": checks[row.name].diff,
                            "spread": checks[row.name].spread}
    return {
        "scenario": {"id": scenario.id, "version": scenario.version, "hash": content_hash(scenario)},
        "seeds": len(result.seeds), "first_seed": result.seeds[0],
        "strategies": {row.name: _row_json(row, rank) for rank, row in enumerate(result.ranked(), 1)},
        "probes": probes,
        "verdict": result.verdict.to_json(),
    }


def table(scenario: Scenario, result: Balance) -> str:
    """The balance table, the probes' paired differences, what plays alike, warnings and the verdict."""
    refs, probes = result.ranked(), result.ranked(probe=True)
    width = max(len(r.name) for r in refs + probes)
    probes_note = f", {len(probes)} probes" if probes else ""
    lines = [f"{scenario.title.get('en')} ({scenario.id} v{scenario.version}): {len(result.seeds)} seeds from "
             f"{result.seeds[0]}{probes_note}",
             f"{'rank':>5} {'strategy':<{width}} {'score':>8} {'± std':>7} " + " ".join(f"{k:>14}" for k in MAIN_KPIS)]
    for rank, row in [(str(i), r) for i, r in enumerate(refs, 1)] + [("probe", r) for r in probes]:
        lines.append(f"{rank:>5} {row.name:<{width}} {row.mean:>8.1f} {row.std:>7.1f} "
                     + " ".join(f"{fmt(row.kpi_mean(k), k):>14}" for k in MAIN_KPIS))
    if result.probes:
        lines.append("probes against balanced, paired on the same seeds (none may be ahead by more than the spread):")
        for c in sorted(result.probes, key=lambda c: -c.diff):
            flag = ": BEATS balanced" if c.beats else ""
            lines.append(f"  {c.name:<{width}} {_points(c.diff, signed=True):>7} points (seed spread "
                         f"{_points(c.spread)}){flag}")
    verdict = result.verdict
    lines += verdict.identical_text
    lines += [f"warning: {w}" for w in verdict.warnings]
    lines.append(verdict_line(result))
    return "\n".join(lines)


def verdict_line(result: Balance) -> str:
    """``best: ..., ahead of X by N points (seed spread S): teaches its lesson`` (or tied with / NEEDS TUNING)."""
    v = result.verdict
    if v.runner_up is None:
        head = f"best: {v.best}; no other reference strategy plays a different game"
    elif v.margin == 0:
        head = f"best: {v.best}, tied with {v.runner_up} (seed spread {_points(v.spread)})"
    else:
        head = f"best: {v.best}, ahead of {v.runner_up} by {_points(v.margin)} points (seed spread {_points(v.spread)})"
    return f"{head}: {TEACHES}" if v.teaches else f"{head}: {NEEDS_TUNING} ({'; '.join(v.reasons)})"
