"""Game KPIs and the score: a transparent sum of KPI items the debrief shows line by line."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.schema import Scoring
from .report import MonthReport
from .world import ClientState

KPI_NAMES = (
    "revenue", "gross_profit", "net_profit", "bonus", "pay", "loyalty", "retention",
    "repeat_rate", "average_check", "upsell_rate", "active_clients",
)

SHARE_KPIS = frozenset({"loyalty", "retention", "repeat_rate", "upsell_rate"})  # 0..1, shown as percentages

KPI_TEXT = {
    "revenue": ("Выручка", "Revenue", "Сумма всех продаж за игру.", "All sales over the game."),
    "gross_profit": ("Валовая прибыль", "Gross profit", "Выручка минус себестоимость.", "Revenue minus cost of goods."),
    "net_profit": ("Чистая прибыль", "Net profit", "Валовая прибыль минус касания и накладные расходы.",
                   "Gross profit minus touch costs and overheads."),
    "bonus": ("Бонус", "Bonus", "Премия менеджера по схеме сценария.", "The manager's bonus under the scenario's scheme."),
    "pay": ("Доход менеджера", "Pay", "Оклад плюс бонус за все месяцы.", "Salary plus bonus over all months."),
    "loyalty": ("Лояльность", "Loyalty", "Средняя лояльность клиентов в конце (0–100%).", "Mean client loyalty at the end (0-100%)."),
    "retention": ("Удержание", "Retention", "Доля клиентов, оставшихся с нами.", "Share of clients still with us."),
    "repeat_rate": ("Повторные покупки", "Repeat rate", "Доля купивших, кто купил снова.",
                    "Share of buyers who bought again."),
    "average_check": ("Средний чек", "Average check", "Выручка на один счёт (клиент-месяц с покупкой).",
                      "Revenue per invoice (a client-month with a purchase)."),
    "upsell_rate": ("Доля принятых предложений", "Upsell rate", "Принятые предложения к сделанным.",
                    "Offers accepted out of offers made."),
    "active_clients": ("Активные клиенты", "Active clients", "Клиенты, оставшиеся с нами в конце.",
                       "Clients still with us at the end."),
}


def game_kpis(reports: list[MonthReport], state: ClientState) -> dict[str, float]:
    """The KPIs of a game so far, from its month reports and the current client state."""
    total = lambda key: float(round(sum(r.kpis[key] for r in reports), 2))  # noqa: E731
    buyers = state.purchases >= 1
    offers = sum(r.kpis["offers_made"] for r in reports)
    invoices = sum(r.kpis["invoices"] for r in reports)
    revenue = total("revenue")
    n = state.loyalty.shape[0]
    return {
        "revenue": revenue,
        "gross_profit": total("gross_profit"),
        "net_profit": total("net_profit"),
        "bonus": total("bonus"),
        "pay": total("pay"),
        "loyalty": round(float(state.loyalty.mean()), 6) if n else 0.0,
        "retention": round(float(state.active.mean()), 6) if n else 0.0,
        "repeat_rate": round(float((state.purchases >= 2).sum() / buyers.sum()), 6) if buyers.any() else 0.0,
        "average_check": round(revenue / invoices, 2) if invoices else 0.0,
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
