"""Game KPIs and the score: a transparent sum of KPI items the debrief shows line by line."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
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


@dataclass(frozen=True)
class ClientCounts:
    """What a game's KPI totals need of its clients now: how many bought at least once and at least twice, how many
    are active, and the mean loyalty and share active (where the shares stand before any month is played). Counts
    of several books add up (``+``: the shares weighted by their clients)."""

    clients: int
    buying: int
    repeat: int
    active: int
    loyalty: float
    retention: float

    def __add__(self, other: ClientCounts) -> ClientCounts:
        n = self.clients + other.clients

        def share(a: float, b: float) -> float:
            return (a * self.clients + b * other.clients) / n if n else 0.0
        return ClientCounts(n, self.buying + other.buying, self.repeat + other.repeat, self.active + other.active,
                            share(self.loyalty, other.loyalty), share(self.retention, other.retention))


def client_counts(state: ClientState, loyalty: float | None = None) -> ClientCounts:
    """:class:`ClientCounts` of a game's client state (``loyalty``: the clients' mean loyalty, when the caller has it:
    a month's report says it)."""
    n = state.loyalty.shape[0]
    active = int(np.count_nonzero(state.active))
    if loyalty is None:
        loyalty = float(state.loyalty.mean()) if n else 0.0
    return ClientCounts(n, int(np.count_nonzero(state.purchases >= 1)), int(np.count_nonzero(state.purchases >= 2)),
                        active, loyalty, active / n if n else 0.0)  # (the mean of the flags, to the bit)


def game_kpis(reports: list[MonthReport], state: ClientState) -> dict[str, float]:
    """The KPIs of a game so far, from its month reports and the current client state (see :func:`kpi_totals`)."""
    return kpi_totals([r.kpis for r in reports], client_counts(state))


# What game KPIs are totalled from, per month: money and offers summed, shares averaged over the months, renewals
# counted (a month's KPIs may lack these: 0).
_SUMMED = ("revenue", "gross_profit", "net_profit", "bonus", "pay", "offers_made", "offers_accepted")
_AVERAGED = ("loyalty", "retention")
_COUNTED = ("renewals_due", "renewals_kept")


def kpi_columns(months: Sequence[Mapping[str, float]] = ()) -> dict[str, list[float]]:
    """Per KPI that game KPIs are totalled from, its value in each month (see :func:`add_month`)."""
    columns: dict[str, list[float]] = {key: [] for key in (*_SUMMED, *_AVERAGED, *_COUNTED)}
    for month in months:
        add_month(columns, month)
    return columns


def add_month(columns: dict[str, list[float]], month: Mapping[str, float]) -> None:
    """Append one month's KPIs to ``columns`` (:func:`kpi_columns`): a game keeps its columns as it goes."""
    for key in _SUMMED:
        columns[key].append(month[key])
    for key in _AVERAGED:
        columns[key].append(month[key])
    for key in _COUNTED:
        columns[key].append(month.get(key, 0))


def kpi_totals(months: Sequence[Mapping[str, float]], clients: ClientCounts) -> dict[str, float]:
    """The KPIs of a game so far, from each month's KPIs (a desk's month report's, or a department's summed over its
    books) and its clients now: the one place game KPIs are totalled (see :func:`column_totals`)."""
    return column_totals(kpi_columns(months), clients)


def column_totals(columns: Mapping[str, Sequence[float]], clients: ClientCounts) -> dict[str, float]:
    """The KPIs of a game so far, from its months' KPIs as :func:`kpi_columns` lays them out and its clients now.

    Loyalty and retention count over the whole game (the mean of every month's end), so a late
    repair cannot undo earlier damage. The renewal rate is the share of our renewals that came due and
    were renewed with us (a renewal of a client who left counts as lost). The average check is revenue per
    buying client per month.
    """
    n_months = len(columns["revenue"])

    def total(key: str) -> float:
        return float(round(sum(columns[key]), 2))

    start = {"loyalty": clients.loyalty, "retention": clients.retention}
    # Before the first month the shares are where the game starts: the desk's scorecard shows them from month 1.
    def over_time(key: str) -> float:
        # np.add.reduce / n is np.mean to the bit, without its wrapper's overhead.
        return round(float(np.add.reduce(np.array(columns[key], float))) / n_months, 6) if n_months else round(start[key], 6)

    due = sum(columns["renewals_due"])
    n_buyers = clients.buying
    offers = sum(columns["offers_made"])
    revenue = total("revenue")
    return {
        "revenue": revenue,
        "gross_profit": total("gross_profit"),
        "net_profit": total("net_profit"),
        "bonus": total("bonus"),
        "pay": total("pay"),
        "loyalty": over_time("loyalty"),
        "retention": over_time("retention"),
        "renewal_rate": round(sum(columns["renewals_kept"]) / due, 6) if due else 0.0,
        "repeat_rate": round(clients.repeat / n_buyers, 6) if n_buyers else 0.0,
        "average_check": round(revenue / n_buyers / n_months, 2) if n_buyers and n_months else 0.0,
        "upsell_rate": round(sum(columns["offers_accepted"]) / offers, 6) if offers else 0.0,
        "active_clients": float(clients.active),
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
