"""``by_the_desk``: a careful trainee who plays from the screen and nothing else.

It reads only what the desk shows a person: each client's row (loyalty, recall, the warning flags), the
marks on each topic ("news" or "reminder already given in month 5") and on each offer ("fits a known job",
"refused at this price in month 1"), how many more touches a client welcomes, its own past plans, and the
month's forecast. It never searches the game's state. If it cannot reach most of ``balanced``'s skill, the
desk hides something a person needs.

Its month, by rules a person can follow, within the hours and each client's room for contact:

1. tell the clients a running event concerns (marked news), by group session if the scenario has one;
2. remind every client whose renewal is marked news, one-to-one, the dearest product first;
3. pitch each client the product marked as fitting a known job (the strongest need, the dearest first) by a
   call about it;
4. invite everyone not served lately (or forgetting us) to a group session as a service;
5. call the clients flagged as forgetting us whom nothing above reached;
6. spend what hours are left on win-back visits, the biggest budgets first;
7. offer each client touched this month every product marked as fitting that they have never bought (one
   coming due is the renewal's business, not an upsell).

Prices: a person moves each slider and watches the forecast. It tries the markups the desk marks (the price
at the market, halfway to what the market tolerates, the current one) and keeps the set whose plan has the
best forecast total (this month's bonus and the months ahead).
"""
from __future__ import annotations

import numpy as np

from ..engine import MonthPlan, OfferBatch, OfferStatus, SellerDesk, TouchBatch, TouchStatus, sessions
from .talks import discovery_targets, good_talk, hold_talks

SERVICE_EVERY = 3   # months between group sessions offered to each client as a service


def _kinds(desk: SellerDesk) -> tuple[int | None, int | None, int | None]:
    """The cheapest one-to-one touch, the cheapest group session that is a service, and the win-back touch."""
    view = desk.view
    kinds = range(len(view.touch_ids))
    calls = [k for k in kinds if view.touch_capacity[k] == 1 and not view.touch_win_back[k]]
    groups = [k for k in kinds if view.touch_capacity[k] > 1 and view.touch_useful[k]]
    backs = [k for k in kinds if view.touch_win_back[k]]
    call = min(calls, key=lambda k: (view.touch_hours[k], view.touch_cost[k])) if calls else None
    group = min(groups, key=lambda k: view.touch_hours[k] / view.touch_capacity[k]) if groups else None
    back = min(backs, key=lambda k: (view.touch_hours[k], view.touch_cost[k])) if backs else None
    return call, group, back


class _Month:
    """The plan being drafted: hours left, each client's room for contact, who was touched."""

    def __init__(self, desk: SellerDesk):
        self.desk = desk
        self.hours = float(desk.scenario.desk.hours_per_month)
        self.room = np.array(desk.touch_room(), dtype=np.int64)
        self.touched = np.zeros(desk.n_clients, bool)
        self.batches: list[TouchBatch] = []

    def touch(self, kind: int, clients: np.ndarray, topic: str | None, mind_room: bool = True) -> np.ndarray:
        """Touch the leading ``clients`` the hours allow (those with room for one more touch); returns them."""
        view = self.desk.view
        if mind_room:
            clients = clients[self.room[clients] > 0]
        hours, capacity = float(view.touch_hours[kind]), int(view.touch_capacity[kind])
        fit = clients.size if hours <= 0 else min(clients.size, int(self.hours // hours + 1e-9) * capacity)
        taken = clients[:fit]
        if taken.size:
            self.hours -= sessions(taken.size, capacity) * hours
            self.room[taken] -= 1
            self.touched[taken] = True
            self.batches.append(TouchBatch(view.touch_ids[kind], taken, topic))
        return taken


def _served_lately(desk: SellerDesk, kind: int) -> np.ndarray:
    """Clients who had touch ``kind`` in the desk's last SERVICE_EVERY plans."""
    served = np.zeros(desk.n_clients, bool)
    name = desk.view.touch_ids[kind]
    for plan in desk.plans[-SERVICE_EVERY:]:
        for batch in plan.touches:
            if batch.kind == name:
                served[batch.clients] = True
    return served


def _draft(desk: SellerDesk, markups: dict[str, float]) -> MonthPlan:
    """Steps 1-7 of the module's list at ``markups``."""
    view = desk.view
    P = len(view.product_ids)
    topics = view.product_ids + view.event_ids
    marks = desk.touch_status(markups).code
    offers = desk.offer_status(markups).code == OfferStatus.FITS
    signals = desk.client_signals()
    price = np.asarray(view.cost) * (1.0 + np.array([markups[p] for p in view.product_ids]))
    call, group, back = _kinds(desk)
    month = _Month(desk)
    # 1. The month's news to the clients it concerns.
    for e in np.flatnonzero(view.running_events):
        concerned = np.flatnonzero(marks[:, P + e] == TouchStatus.NEWS_EVENT)
        kind = group if group is not None else call
        if kind is not None:
            month.touch(kind, concerned, topics[P + e])
    if call is not None:
        # 2. Renewals coming due, one-to-one, the dearest product first.
        for p in np.argsort(-price, kind="stable"):
            due = np.flatnonzero((marks[:, p] == TouchStatus.NEWS_RENEWAL) & ~month.touched)
            month.touch(call, due, topics[p])
        # 3. A product that fits a known job, pitched by a call: the strongest need (and dearest) first.
        pitch = (marks[:, :P] == TouchStatus.NEWS_PITCH) & offers
        worth = np.where(pitch, np.asarray(view.known_intensity) * price, 0.0)
        best = worth.argmax(axis=1)
        who = np.flatnonzero((worth.max(axis=1) > 0) & ~month.touched)
        who = who[np.argsort(-worth[who, best[who]], kind="stable")]
        for p in range(P):
            month.touch(call, who[best[who] == p], topics[p])
    # 4. A group session as a service for everyone not served lately (the forgetting ones first).
    if group is not None:
        lately = _served_lately(desk, group)
        idle = np.flatnonzero(view.active & ~month.touched & (~lately | signals.forgetting))
        idle = idle[np.argsort(~signals.forgetting[idle], kind="stable")]
        month.touch(group, idle, None)
    # 5. Clients forgetting us whom nothing reached: a call to be remembered.
    if call is not None:
        forgetting = np.flatnonzero(signals.forgetting & ~month.touched)
        forgetting = forgetting[np.argsort(-np.asarray(view.budget)[forgetting], kind="stable")]
        month.touch(call, forgetting, None)
    # 6. Hours left: win-back visits, the biggest budgets first.
    if back is not None:
        lost = np.flatnonzero(signals.lost)
        month.touch(back, lost[np.argsort(-np.asarray(view.budget)[lost], kind="stable")], None, mind_room=False)
    # 7. Every touched client is offered what the desk marks as fitting and they have never bought.
    offered = offers & ~np.asarray(view.owned) & (month.touched & np.asarray(view.active))[:, None]
    batches = tuple(OfferBatch(pid, np.flatnonzero(offered[:, p])) for p, pid in enumerate(view.product_ids)
                    if offered[:, p].any())
    return MonthPlan(markups=markups, touches=tuple(month.batches), offers=batches)


def _price_points(desk: SellerDesk) -> list[dict[str, float]]:
    """The markup sets a person tries on the sliders: at the market's price, halfway to what the market
    tolerates, and the current markups (each within management's band; a fixed price stays)."""
    view = desk.view
    floor, ceiling, start = view.markup_band
    current = desk.markups
    points = []
    for share in (0.0, 0.5):
        markups = {}
        for p, pid in enumerate(view.product_ids):
            if view.fixed[p]:
                markups[pid] = float(start[p])
                continue
            quote = desk.quote(pid, float(current[pid]))
            target = quote["market_markup"] + share * (quote["tolerance_markup"] - quote["market_markup"])
            markups[pid] = float(np.clip(round(target, 4), floor[p], ceiling[p]))
        points.append(markups)
    points.append({pid: float(current[pid]) for pid in view.product_ids})
    return points


def by_the_desk(desk: SellerDesk) -> MonthPlan:
    """The month's plan from the desk's marks, priced where the forecast is best (see the module's text); in a
    scenario with conversations, then discovery calls and good conversations (:func:`_talk`)."""
    best, best_total = None, -np.inf
    for markups in _price_points(desk):
        plan = _draft(desk, markups)
        forecast = desk.forecast(plan)
        if forecast is not None and forecast.total > best_total:
            best, best_total = plan, forecast.total
    if best is None:
        return MonthPlan()
    return _talk(desk, best) if desk.conversation_touches() else best


def _talk(desk: SellerDesk, plan: MonthPlan) -> MonthPlan:
    """``plan`` with a discovery call (hours and room allowing) to each client the card says still hides needs,
    a good conversation on every call, and step 7's offers again from what the conversations revealed."""
    view = desk.view
    touched = np.zeros(desk.n_clients, bool)
    room = np.array(desk.touch_room(), dtype=np.int64)
    for batch in plan.touches:
        touched[batch.clients] = True
        room[batch.clients] -= 1
    calls = [k for k in range(len(view.touch_ids)) if view.touch_ids[k] in desk.conversation_touches()]
    batches = list(plan.touches)
    if calls:
        call = min(calls, key=lambda k: (view.touch_hours[k], view.touch_cost[k]))
        left = float(desk.scenario.desk.hours_per_month) - desk.hours_needed(plan)
        who = discovery_targets(desk, touched)
        who = who[room[who] > 0]
        hours = float(view.touch_hours[call])
        fit = who.size if hours <= 0 else min(who.size, int(left // hours + 1e-9))
        if fit:
            batches.append(TouchBatch(view.touch_ids[call], who[:fit], None))
            touched[who[:fit]] = True
    records, known = hold_talks(desk, batches, good_talk)
    offers = known.offer_status(dict(plan.markups)).code == OfferStatus.FITS
    offered = offers & ~np.asarray(view.owned) & (touched & np.asarray(view.active))[:, None]
    batches_offered = tuple(OfferBatch(pid, np.flatnonzero(offered[:, p])) for p, pid in enumerate(view.product_ids)
                            if offered[:, p].any())
    return MonthPlan(markups=plan.markups, touches=tuple(batches), offers=batches_offered, conversations=records)
