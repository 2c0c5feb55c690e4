"""Personal takeaways for the debrief: what a player's own game says about each lesson, in numbers.

Each takeaway is a code with its numbers (words come from the UI's catalogues), tied to a lesson of
the course (GAME_DESIGN.md §1) and ranked by how much it mattered in this game: loyalty points moved
(summed over clients, as the month reports book them by cause) or deals lost.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .reasons import Cause, Departure, Reason
from .report import MonthReport

if TYPE_CHECKING:
    from .game import Game

MISFIT_CODES = (Reason.NO_NEED, Reason.UNKNOWN_JOB, Reason.PUSHED)


@dataclass(frozen=True)
class Takeaway:
    """One finding: ``code`` names it (a catalogue key ``takeaway.<code>``), ``lesson`` is the course's lesson
    number (1-7), ``numbers`` fill the text, ``weight`` ranks it (bigger matters more), ``good`` if it praises."""

    code: str
    lesson: int
    weight: float
    good: bool = False
    numbers: dict = field(default_factory=dict)


def _points(reports: Sequence[MonthReport], cause: Cause) -> float:
    """Loyalty points (0-100) a cause moved over the game for the average client (negative: it cost them)."""
    return float(sum(r.loyalty_by_cause[cause] for r in reports) * 100)


def takeaways(reports: Sequence[MonthReport], n_clients: int, limit: int = 3) -> list[Takeaway]:
    """The ``limit`` findings that mattered most in a game, worst first; praise fills the rest.

    A finding counts when it is more than noise: misfit or pushed offers at least 5% of the offers, touches
    without news at least 10% of the touches, deals lost on price at least 20% of the deals or a loyalty
    cost from price (a good price still loses some deals: that is the trade-off), clients who forgot us at least 2% of them or renewals lost for silence at least 10%.
    Each is weighed by the loyalty it cost the average client plus its share of the activity.
    """
    if not reports or n_clients == 0:
        return []
    found: list[Takeaway] = []
    offers = np.concatenate([r.offer_reason for r in reports])
    misfit = int(np.isin(offers, MISFIT_CODES).sum())
    if offers.size and misfit >= 0.05 * offers.size:
        cost = max(-_points(reports, Cause.MISFIT_OFFER), 0.0)
        sold = int(sum((r.offer_reason == Reason.ACCEPTED_ANYWAY).sum() for r in reports))
        found.append(Takeaway("misfit_offers", 3, cost + 20 * misfit / offers.size,
                              numbers={"n": misfit, "refused": round(100 * (misfit - sold) / misfit), "points": round(cost, 1) + 0.0}))
    touches = sum(r.touches for r in reports)
    empty = sum(r.touches - r.useful_touches for r in reports)
    if touches and empty >= 0.1 * touches:
        cost = max(-(_points(reports, Cause.EMPTY_TOUCH) + _points(reports, Cause.OVER_CONTACT)), 0.0)
        found.append(Takeaway("empty_touches", 2, cost + 20 * empty / touches,
                              numbers={"n": int(empty), "share": round(100 * empty / touches), "points": round(cost, 1) + 0.0}))
    deals = sum(r.deal_reason.size for r in reports)
    lost_price = int(sum((r.deal_reason == Reason.PRICE).sum() for r in reports))
    price_cost = max(-_points(reports, Cause.PRICE), 0.0)
    if (deals and lost_price >= 0.2 * deals) or price_cost >= 1.0:
        found.append(Takeaway("price", 5, price_cost + 20 * lost_price / max(deals, 1),
                              numbers={"lost": lost_price, "points": round(price_cost, 1) + 0.0}))
    churn = np.concatenate([r.churn_reason for r in reports])
    forgot = int(np.isin(churn, (Departure.FORGOT, Departure.RENEWED_ELSEWHERE)).sum())
    renewals = sum(int(r.deal_renewal.sum()) for r in reports)
    silent = int(sum((r.deal_renewal & np.isin(r.deal_reason, (Reason.FORGOT, Reason.LOW_LOYALTY))).sum()
                     for r in reports))
    if forgot >= 0.02 * n_clients or (renewals and silent >= 0.1 * renewals):
        cost = max(-_points(reports, Cause.SILENCE), 0.0)
        found.append(Takeaway("forgotten", 1, cost + 100 * forgot / n_clients + 20 * silent / max(renewals, 1),
                              numbers={"left": forgot, "renewals": silent, "points": round(cost, 1) + 0.0}))
    found.sort(key=lambda f: -f.weight)
    found = found[:limit]
    useful = sum(r.useful_touches for r in reports)
    if useful and len(found) < limit:
        gain = _points(reports, Cause.USEFUL_TOUCH)
        found.append(Takeaway("useful_touches", 2, gain, good=True, numbers={"n": int(useful), "points": round(gain, 1) + 0.0}))
    fitting = int(sum((r.offer_reason == Reason.ACCEPTED).sum() for r in reports))
    if fitting and len(found) < limit:
        gain = _points(reports, Cause.FITTING_OFFER)
        found.append(Takeaway("fitting_offers", 3, gain, good=True, numbers={"n": fitting, "points": round(gain, 1) + 0.0}))
    return found[:limit]


@dataclass(frozen=True)
class PlayProfile:
    """How a game was played, in the few numbers the debrief compares with the reference on the same seed."""

    markups: dict            # product id -> the average markup over the months
    touches: int
    useful_share: float      # share of touches that carried news for the client
    offers: int
    misfit_share: float      # share of offers with no known need, or pushing what was turned down
    renewals_kept: float     # share of renewals that stayed with us (0 when none came due)


def play_profile(game: Game) -> PlayProfile:
    """The profile of a game played so far (``game``: an engine Game)."""
    reports, cat = game.reports, game.catalog
    months = max(len(game.plans), 1)
    markups = {pid: sum(plan.markups.get(pid, 0.0) for plan in game.plans) / months for pid in cat.product_ids}
    touches = sum(r.touches for r in reports)
    offers = np.concatenate([r.offer_reason for r in reports]) if reports else np.zeros(0)
    renewals = sum(int(r.deal_renewal.sum()) for r in reports)
    kept = sum(int((r.deal_renewal & r.deals_won).sum()) for r in reports)
    return PlayProfile(
        markups=markups, touches=int(touches),
        useful_share=sum(r.useful_touches for r in reports) / touches if touches else 0.0,
        offers=int(offers.size), misfit_share=float(np.isin(offers, MISFIT_CODES).mean()) if offers.size else 0.0,
        renewals_kept=kept / renewals if renewals else 0.0,
    )


def loyalty_waterfall(reports: list[MonthReport]) -> list[tuple[int, float]]:
    """The whole game's loyalty change for the average client by cause, in points (0-100), biggest first;
    the parts add up to the change from the start to the end."""
    if not reports:
        return []
    total = sum((r.loyalty_by_cause for r in reports), np.zeros_like(reports[0].loyalty_by_cause)) * 100
    return sorted(((int(c), float(v)) for c, v in enumerate(total) if abs(v) >= 0.05), key=lambda cv: -abs(cv[1]))
