"""Strategies that each overdo one thing: they are the yardstick's wrong answers."""
from __future__ import annotations

import numpy as np

from ..engine import MonthPlan, OfferBatch, SellerDesk, TouchBatch
from . import reasoned

MAX_ROUNDS = 8  # calls to one client in a month, at most


def passive(game: SellerDesk) -> MonthPlan:
    """Default markups, no touches, no offers."""
    return MonthPlan()


def _band_markups(game: SellerDesk, which: str) -> dict[str, float]:
    view = game.view
    floor, ceiling, start = view.markup_band
    values = ceiling if which == "max" else floor
    return {pid: float(start[i] if view.fixed[i] else values[i]) for i, pid in enumerate(view.product_ids)}


def _reasoned_at(game: SellerDesk, markups: dict[str, float]) -> MonthPlan:
    """The reasoned contacts and fitting offers, planned at ``markups`` (what is news depends on the price)."""
    desk = reasoned.reasoned_contacts(game, markups)
    return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=reasoned.fitting_offers(game, desk, markups))


def greedy(game: SellerDesk) -> MonthPlan:
    """The reasoned contact plan, but every markup at the ceiling (and the plan made at those prices)."""
    return _reasoned_at(game, _band_markups(game, "max"))


def discounter(game: SellerDesk) -> MonthPlan:
    """The reasoned contact plan, but every markup at the floor (and the plan made at those prices)."""
    return _reasoned_at(game, _band_markups(game, "min"))


def spammer(game: SellerDesk) -> MonthPlan:
    """As many calls without a reason as the hours allow, each with an offer of whatever comes next.

    The same clients come first every month (spam lands on the top of the list);
    when the hours allow more calls than there are clients, the top of the list
    hears from the desk several times.
    """
    cat, s = game.view, game.scenario
    single = [k for k in range(len(cat.touch_ids)) if cat.touch_capacity[k] == 1 and cat.touch_hours[k] > 0]
    if not single:
        return MonthPlan()
    k = min(single, key=lambda i: cat.touch_hours[i])
    active = np.flatnonzero(game.view.active)
    calls = int(s.desk.hours_per_month // cat.touch_hours[k] + 1e-9)
    if active.size == 0 or calls <= 0:
        return MonthPlan()
    rounds = [active[: min(calls - r * active.size, active.size)] for r in range(min(-(-calls // active.size), MAX_ROUNDS))]
    touches = tuple(TouchBatch(cat.touch_ids[k], clients) for clients in rounds)
    product = game.month % len(cat.product_ids)
    assert sum(len(b.clients) for b in touches) * cat.touch_hours[k] <= s.desk.hours_per_month + 1e-9
    return MonthPlan(touches=touches, offers=(OfferBatch(cat.product_ids[product], touches[0].clients),))
