"""Game KPIs and the score: a transparent sum of KPI items the debrief shows line by line."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.schema import Scoring
from .report import MonthReport
from .world import ClientState

KPI_NAMES = (
    "revenue", "gross_profit", "net_profit", "bonus", "pay", "loyalty", "retention", "renewal_rate",
    "repeat_rate", "average_check", "upsell_rate", "active_clients",
)

SHARE_KPIS = frozenset({"loyalty", "retention", "renewal_rate", "repeat_rate", "upsell_rate"})  # 0..1, shown as percentages

# A KPI's name and what it means are the catalogues' ``kpi.<name>`` and ``kpi_help.<name>``.


def game_kpis(reports: list[MonthReport], state: ClientState) -> dict[str, float]:
    """The KPIs of a game so far, from its month reports and the current client state.

    Loyalty and retention count over the whole game (the mean of every month's end), so a late
    repair cannot undo earlier damage. The renewal rate is the share of our renewals that came due and
    were renewed with us (a renewal of a client who left counts as lost). The average check is revenue per
    buying client per month.
    """
    def total(key: str) -> float:
        return float(round(sum(r.kpis[key] for r in reports), 2))

    n = state.loyalty.shape[0]
    start = {"loyalty": float(state.loyalty.mean()) if n else 0.0, "retention": float(state.active.mean()) if n else 0.0}
    # Before the first month the shares are where the game starts: the desk's scorecard shows them from month 1.
    def over_time(key: str) -> float:
        return round(float(np.mean([r.kpis[key] for r in reports])), 6) if reports else round(start[key], 6)

    due = sum(r.kpis.get("renewals_due", 0) for r in reports)
    buyers = state.purchases >= 1
    n_buyers = int(np.count_nonzero(buyers))
    offers = sum(r.kpis["offers_made"] for r in reports)
    revenue = total("revenue")
    return {
        "revenue": revenue,
        "gross_profit": total("gross_profit"),
        "net_profit": total("net_profit"),
        "bonus": total("bonus"),
        "pay": total("pay"),
        "loyalty": over_time("loyalty"),
        "retention": over_time("retention"),
        "renewal_rate": round(sum(r.kpis.get("renewals_kept", 0) for r in reports) / due, 6) if due else 0.0,
        "repeat_rate": round(float((state.purchases >= 2).sum() / n_buyers), 6) if n_buyers else 0.0,
        "average_check": round(revenue / n_buyers / len(reports), 2) if n_buyers and reports else 0.0,
        "upsell_rate": round(sum(r.kpis["offers_accepted"] for r in reports) / offers, 6) if offers else 0.0,
        "active_clients": float(np.count_nonzero(state.active)),
    }


@dataclass(frozen=True)
class ScoreLine:
    """One line of the score: points = weight x min(max(value / target, 0), cap)."""

    kpi: str
    value: float
    target: float
    weight: float
    points: float

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"kpi": self.kpi, "value": self.value, "target": self.target, "weight": self.weight, "points": self.points}


def score(scoring: Scoring, kpis: dict[str, float]) -> tuple[float, list[ScoreLine]]:
    """The total score and its breakdown."""
    lines = []
    for item in scoring.items:
        value = kpis[item.kpi]
        ratio = min(max(value / item.target, 0.0), scoring.cap)
        lines.append(ScoreLine(item.kpi, value, item.target, item.weight, round(item.weight * ratio, 4)))
    return round(sum(line.points for line in lines), 4), lines


def skill(score: float, passive: float | None, reference: float | None) -> float | None:
    """Skill on the same scenario and seed: ``100 * (score - passive) / (reference - passive)``.

    Doing nothing (the ``passive`` strategy) is 0 and the ``balanced`` reference is 100, so a
    player who merely waits for clients to come cannot look skilled. None when either reference
    is missing or the reference does not beat doing nothing (nothing to measure against).
    Rounded to 0.01.
    """
    if passive is None or reference is None or reference - passive <= 1e-9:
        return None
    return round(100.0 * (score - passive) / (reference - passive), 2)


@dataclass(frozen=True)
class ScorecardLine:
    """One score item as the desk shows it during the game: the KPI so far, its target, points and the
    change in points since the previous month."""

    kpi: str
    value: float
    target: float
    weight: float
    points: float
    change: float
    measured: bool = True   # False while the KPI has nothing to measure yet (no renewal has come due): its 0 means "not yet"


def unmeasured_kpis(reports: list[MonthReport]) -> frozenset[str]:
    """KPIs that have nothing to measure yet in a game so far: ``renewal_rate`` before any renewal came due."""
    due = sum(r.kpis.get("renewals_due", 0) for r in reports)
    return frozenset() if due else frozenset({"renewal_rate"})


def scorecard(scoring: Scoring, kpis: dict[str, float], previous_points: list[float] | None,
              unmeasured: frozenset[str] = frozenset()) -> list[ScorecardLine]:
    """The score items with the game's KPIs so far; ``previous_points``: each item's points a month earlier;
    ``unmeasured``: KPIs with nothing to measure yet (see :func:`unmeasured_kpis`)."""
    _, lines = score(scoring, kpis)
    before = previous_points or [line.points for line in lines]
    return [ScorecardLine(line.kpi, line.value, line.target, line.weight, line.points, round(line.points - b, 4),
                          line.kpi not in unmeasured)
            for line, b in zip(lines, before)]
