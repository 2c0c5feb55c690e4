"""A finished game month by month, as plain data for a debrief: decisions and outcomes.

``month_summaries(game, lang)`` turns a re-simulated game (``Leaderboard.review``)
into one :class:`MonthSummary` per month: the markups set, touches by type,
offers by product, deals won and lost with the reasons in words, the money and
loyalty. The HTML report uses it; a review screen may too.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..engine import Game, MonthPlan, MonthReport, Reason, reason_key
from ..locale.catalogue import text
from ..scenario.schema import Product


@dataclass(frozen=True)
class MonthSummary:
    """One month of a game, in words and numbers."""

    month: int
    events: tuple[str, ...]            # event titles
    markups: dict[str, float]          # product name -> markup
    touches: dict[str, int]            # touch type name -> clients contacted
    offers: dict[str, int]             # product name -> clients offered
    deals_won: int
    deals_lost: int
    lost: list[tuple[int, str]]        # (count, "product: reason") for lost deals, most frequent first
    offers_accepted: int
    offers_refused: int
    refused: list[tuple[int, str]]     # (count, "product: reason") for refused offers
    churned: int
    revenue: float
    gross_profit: float
    bonus: float
    loyalty: float
    active_clients: int


def month_summaries(game: Game, lang: str = "en") -> list[MonthSummary]:
    """Every month played in ``game``, summarised in ``lang`` ('ru' or 'en')."""
    return [_summary(game, plan, report, lang) for plan, report in zip(game.plans, game.reports)]


def _summary(game: Game, plan: MonthPlan, report: MonthReport, lang: str) -> MonthSummary:
    scenario = game.scenario
    products = {p.id: p for p in scenario.products}
    product_ids = list(game.view.product_ids)

    def product_name(pid: str) -> str:
        return products[pid].name.get(lang) if pid in products else pid

    touch_names = {t.id: t.name.get(lang) for t in scenario.touch_types}
    event_titles = {e.id: e.title.get(lang) for e in scenario.events}

    touches: Counter[str] = Counter()
    for batch in plan.touches:
        touches[touch_names.get(batch.kind, batch.kind)] += len(batch.clients)
    offers: Counter[str] = Counter()
    for offer in plan.offers:
        offers[product_name(offer.product)] += len(offer.clients)

    won = report.deals_won
    accepted = report.offers_accepted
    lost = _reasons(report.deal_reason[~won], report.deal_product[~won], report.deal_gap[~won],
                    report.silence[report.deal_client[~won]] if report.deal_client.size else np.zeros(0),
                    product_ids, product_name, products, lang)
    refused_mask = ~accepted & (report.offer_reason != Reason.IN_DEAL)
    refused = _reasons(report.offer_reason[refused_mask], report.offer_product[refused_mask],
                       report.offer_gap[refused_mask], np.zeros(int(refused_mask.sum())),
                       product_ids, product_name, products, lang)
    return MonthSummary(
        month=report.month,
        events=tuple(event_titles.get(e, e) for e in report.events),
        markups={product_name(pid): round(float(v), 4) for pid, v in plan.markups.items()},
        touches=dict(touches), offers=dict(offers),
        deals_won=int(won.sum()), deals_lost=int((~won).sum()), lost=lost,
        offers_accepted=int(accepted.sum()), offers_refused=int(refused_mask.sum()), refused=refused,
        churned=int(report.churned.size),
        revenue=float(report.books.revenue), gross_profit=float(report.books.gross_profit),
        bonus=float(report.books.bonus), loyalty=float(report.kpis["loyalty"]),
        active_clients=int(report.kpis["active_clients"]),
    )


def _reasons(codes: np.ndarray, product_idx: np.ndarray, gaps: np.ndarray, silences: np.ndarray,
             product_ids: Sequence[str], product_name: Callable[[str], str], products: dict[str, Product],
             lang: str) -> list[tuple[int, str]]:
    """Group outcomes by (reason, product); each group's text uses its median gap and silence."""
    groups: dict[tuple[int, int], list[int]] = {}
    for k, (code, p) in enumerate(zip(codes.tolist(), product_idx.tolist())):
        groups.setdefault((int(code), int(p)), []).append(k)
    lines = []
    for (code, p), members in groups.items():
        pid = product_ids[p]
        requires = products[pid].requires if pid in products else []
        context = {
            "gap": float(np.median(gaps[members])) if len(gaps) else 0.0,
            "silence": int(np.median(silences[members])) if len(silences) else 0,
            "requires": ", ".join(product_name(r) for r in requires) or "?",
        }
        lines.append((len(members), f"{product_name(pid)}: {text(lang, reason_key(code), **context)}"))
    return sorted(lines, key=lambda line: (-line[0], line[1]))
