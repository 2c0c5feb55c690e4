"""The reasoned reference strategy: contact with a reason, offers that fit, a price searched for.

It sees only what a player sees: loyalty and recall bars, revealed needs,
owned products and when they come due, the month's events (what they do to
prices, costs and needs is in the brief), its own history with each client
(what it reminded, pitched and told them, how often it called) and the desk's
forecast of deals at a price. Its month, in order of priority within the
hours, never touching a client more often than they welcome:

1. news about a running event to the clients it concerns, one-to-many if the
   scenario has a useful group touch (a webinar, a seminar);
2. the group touch as a service for everyone it still serves well (the group
   events a client remembers, worked out from the desk's own plans, leave it
   at least SERVICE_SHARE of its effect); when a seat at it costs more hours
   than a call, only with the hours steps 3-5 leave;
3. renewal reminders, one-to-one (the incumbent's edge), the dearest first,
   once per renewal;
4. the event news by call when there is no group touch;
5. a call about the product that best fits a known need, once per product
   until its price falls or the need grows;
6. keep in touch with clients quiet for three months;
7. with hours to spare, win-back visits to clients who left.

Offers go to every client called one-to-one for products that fit a known
need, are affordable, not already held and news to them (an offer made only at
a group event converts less). Each markup is searched in the band with the
forecast: the most expected gross profit, less what quotes beyond the market's
tolerance would cost in loyalty.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..engine import (
    NEED_THRESHOLD,
    SERVICE_FADE,
    MonthPlan,
    OfferBatch,
    SellerDesk,
    TouchBatch,
    service_effect,
    sessions,
)
from .talks import Policy, discovery_targets, good_talk, hold_talks

KEEP_IN_TOUCH = 3    # months of silence after which a client gets a keep-in-touch touch
SERVICE_SHARE = 0.6  # a group touch as service only while it still brings this share of its effect
LOYALTY_WORTH = 3.0  # markup search: what a client's whole loyalty is worth, in deals at the default margin
GRID = 17            # markups tried across the band


class Hours:
    """The month's hours, spent batch by batch."""

    def __init__(self, total: float):
        self.left = total

    def take(self, n_clients: int, hours: float, capacity: int) -> int:
        """How many of ``n_clients`` fit into the hours left (sessions of ``capacity``); books them."""
        if hours <= 0:
            return n_clients
        fit_sessions = int(self.left // hours + 1e-9)
        n = min(n_clients, fit_sessions * capacity)
        self.left -= sessions(n, capacity) * hours
        return n


def touch_kinds(game: SellerDesk) -> tuple[int | None, int | None, int | None]:
    """The scenario's cheapest one-to-one touch, its cheapest useful group touch and its win-back touch."""
    view = game.view
    singles = [k for k in range(len(view.touch_ids)) if view.touch_capacity[k] == 1 and not view.touch_win_back[k]]
    singles = singles or [k for k in range(len(view.touch_ids)) if view.touch_capacity[k] == 1]
    call = min(singles, key=lambda k: (view.touch_hours[k], view.touch_cost[k])) if singles else None
    groups = [k for k in range(len(view.touch_ids)) if view.touch_capacity[k] > 1 and view.touch_useful[k]]
    group = min(groups, key=lambda k: view.touch_hours[k] / view.touch_capacity[k]) if groups else None
    backs = [k for k in range(len(view.touch_ids)) if view.touch_win_back[k]]
    win_back = min(backs, key=lambda k: (view.touch_hours[k], view.touch_cost[k])) if backs else None
    return call, group, win_back


def served_recently(game: SellerDesk, kind: int, months: int) -> np.ndarray:
    """Clients who got touch ``kind`` in the last ``months`` months (from the desk's own past plans)."""
    served = np.zeros(game.n_clients, bool)
    name = game.view.touch_ids[kind]
    for plan in game.plans[-months:] if months > 0 else []:
        for batch in plan.touches:
            if batch.kind == name:
                served[batch.clients] = True
    return served


def remembered_service(game: SellerDesk) -> np.ndarray:
    """N: the group events (useful group touches) each client remembers as this month begins, worked out from
    the desk's own past plans the way the engine's rule does (each month keeps SERVICE_FADE of the memory)."""
    view = game.view
    useful = {view.touch_ids[k] for k in range(len(view.touch_ids)) if view.touch_useful[k]}
    memory = np.zeros(game.n_clients)
    for plan in game.plans:
        memory *= SERVICE_FADE
        for batch in plan.touches:
            if batch.kind in useful:
                np.add.at(memory, batch.clients, 1.0)
    return memory * SERVICE_FADE


def known_intensity(game: SellerDesk) -> np.ndarray:
    """N x P: each client's need for each product as far as the desk knows (hidden needs as 0, events applied)."""
    return game.view.known_intensity


def searched_markups(game: SellerDesk, objective: str = "company", offer_everyone: bool = False,
                     touches: tuple[TouchBatch, ...] = ()) -> dict[str, float]:
    """Each free markup searched in its band with the forecast; fixed ones stay.

    ``objective``: what to maximise this month — ``company`` (gross profit, less the loyalty that quotes beyond
    the market's tolerance cost), or a seller's own bonus base: ``gross_profit``,
    ``invoice`` (revenue) or ``net_profit`` (margin after the cost to serve). ``touches``: the month's
    planned touches, which the forecast counts before clients choose.
    """
    planned = MonthPlan(touches=tuple(touches)) if touches else None
    view = game.view
    intensity = view.known_intensity
    held = view.owned
    floor, ceiling, start = view.markup_band
    markups = {}
    for p, pid in enumerate(view.product_ids):
        if view.fixed[p] or ceiling[p] <= floor[p]:
            markups[pid] = float(start[p])
            continue
        grid = np.unique(np.r_[np.linspace(floor[p], ceiling[p], GRID), start[p]])
        fits = view.active & ~held[:, p] & ((intensity[:, p] >= NEED_THRESHOLD) | offer_everyone)
        outlook = game.price_outlook(pid, grid, np.flatnonzero(fits), planned)
        reference_margin = view.cost[p] * start[p]
        if objective == "invoice":
            value = outlook.revenue
        elif objective == "net_profit":
            value = outlook.margin_after_serve
        elif objective == "gross_profit":
            value = outlook.gross_profit
        else:
            value = outlook.gross_profit - LOYALTY_WORTH * reference_margin * outlook.loyalty_cost
        if not np.isfinite(value).any() or np.ptp(value[np.isfinite(value)]) < 1e-9:
            markups[pid] = float(game.markups[pid])  # nothing to gain either way: keep the price
            continue
        markups[pid] = float(round(grid[int(np.argmax(value))], 4))
    return markups


@dataclass
class DeskPlan:
    """A month's plan being built: hours left, touches so far, who has been touched."""

    game: SellerDesk
    hours: Hours
    batches: list[TouchBatch] = field(default_factory=list)
    touched: np.ndarray = None  # type: ignore[assignment]  # any touch this month (an offer may ride on it)
    called: np.ndarray = None  # type: ignore[assignment]  # a one-to-one touch this month
    load: np.ndarray = None  # type: ignore[assignment]  # the client's memory of contact, with this month's touches
    pitched: np.ndarray = None  # type: ignore[assignment]  # N x P: a touch about the product this month
    news: np.ndarray = None  # type: ignore[assignment]  # N x (P + E): what was news as the month's plan began

    def __post_init__(self) -> None:
        n = self.game.n_clients
        self.touched = np.zeros(n, bool)
        self.called = np.zeros(n, bool)
        self.load = self.game.view.recent_contacts.copy()
        self.pitched = np.zeros((n, len(self.game.view.product_ids)), bool)

    def room(self, clients: np.ndarray, extra: float = 0.0) -> np.ndarray:
        """Those of ``clients`` who still welcome a touch this month."""
        return clients[self.load[clients] + 1 + extra <= self.game.scenario.model.touch_limit + 1e-9]

    def add(self, kind: int, clients: np.ndarray, topic: str | None, respect_limit: bool = True) -> np.ndarray:
        """Touch a leading share of ``clients`` that fits the hours; returns who was touched."""
        view = self.game.view
        if respect_limit:
            clients = self.room(clients)
        taken = clients[: self.hours.take(clients.size, view.touch_hours[kind], int(view.touch_capacity[kind]))]
        if taken.size:
            self.batches.append(TouchBatch(view.touch_ids[kind], taken, topic))
            self.touched[taken] = True
            self.called[taken] |= view.touch_capacity[kind] == 1
            self.load[taken] += 1
            if topic in view.product_ids:
                self.pitched[taken, view.product_ids.index(topic)] = True
        return taken


def fitting_offers(game: SellerDesk, desk: DeskPlan, markups: dict[str, float], min_fit: float = NEED_THRESHOLD,
                   personal_only: bool = True) -> tuple:
    """Offers to every client met one-to-one this month (``personal_only`` false: every touched client) of every
    product that fits a known need (at least ``min_fit``), is affordable and not held, and is news to them (not
    turned down before at this price, or pitched this month). An offer made only at a group event converts
    less, and a refused one is not news again for months: the reference makes offers in conversation."""
    view = game.view
    owned = view.owned
    price = view.cost * (1.0 + np.array([markups[p] for p in view.product_ids]))
    ok = (view.known_intensity >= min_fit) & view.prerequisites_met & ~owned
    ok &= game.news(markups)[:, : len(view.product_ids)] | desk.pitched
    ok[~(view.active & (desk.called if personal_only else desk.touched))] = False
    offers = []
    for p in range(len(view.product_ids)):
        clients = np.flatnonzero(ok[:, p] & (price[p] <= view.budget))
        if clients.size:
            offers.append(OfferBatch(view.product_ids[p], clients))
    return tuple(offers)


def reasoned_contacts(game: SellerDesk, markups: dict[str, float], hours: float | None = None,
                      events: bool = True) -> DeskPlan:
    """Steps 1-7 of the module's list: every touch carries news the client has not heard, within their tolerance.

    ``hours``: the hours to plan (default: the desk's month); ``events``: False for a desk that ignores the
    month's events (no news about them; a simulated seller without flexibility).
    """
    view = game.view
    n, P = game.n_clients, len(view.product_ids)
    desk = DeskPlan(game, Hours(game.scenario.desk.hours_per_month if hours is None else hours))
    call, group, win_back = touch_kinds(game)
    active = view.active
    intensity = view.known_intensity
    news = desk.news = game.news(markups)
    running = np.flatnonzero(view.running_events) if events else np.zeros(0, np.int64)
    concerned = [news[:, P + e] & view.concerned(int(e)) for e in running]
    price = view.cost * (1.0 + np.array([markups[p] for p in view.product_ids]))
    silence = view.silence
    if group is not None:
        # 1. The news one-to-many. 2. Service: everyone hears something useful now and then.
        for e, who in zip(running, concerned):
            desk.add(group, np.flatnonzero(who & ~desk.touched), view.event_ids[e])
        share, _, overdone = service_effect(remembered_service(game), view.loyalty)
        welcome = active & (share >= SERVICE_SHARE) & ~overdone
        # Service first when a seat costs fewer hours than a call; else only with the hours the calls leave.
        cheap = call is None or view.touch_hours[group] / view.touch_capacity[group] < view.touch_hours[call]
        if cheap:
            desk.add(group, np.flatnonzero(welcome & ~desk.touched), None)
    if call is not None:
        # 3. Renewal reminders one-to-one, the most valuable first, once per renewal.
        due_in = view.due_in
        reminders = news[:, :P] & (due_in <= 3) & view.owned
        reminders[~active] = False
        for p in np.argsort(-price):
            clients = np.flatnonzero(reminders[:, p] & ~desk.called)
            desk.add(call, clients[np.argsort(due_in[clients, p], kind="stable")], view.product_ids[p])
        # 4. The news by call when there is no group touch.
        if group is None:
            for e, who in zip(running, concerned):
                desk.add(call, np.flatnonzero(who & ~desk.touched), view.event_ids[e])
        # 5. A product that fits a known need, pitched once.
        pitchable = news[:, :P] & (intensity >= NEED_THRESHOLD) & view.prerequisites_met
        pitchable[~active] = False
        wanted = np.where(pitchable & (price <= view.budget[:, None]), intensity * price, 0.0)
        best = wanted.argmax(axis=1)
        clients = np.flatnonzero((wanted[np.arange(n), best] > 0) & ~desk.called)
        clients = clients[np.argsort(-wanted[clients, best[clients]], kind="stable")]
        for p in range(P):
            desk.add(call, clients[best[clients] == p], view.product_ids[p])
    if group is not None and not cheap:
        desk.add(group, np.flatnonzero(welcome & ~desk.touched), None)
    # 6. Keep in touch with the quiet ones: a useful group touch, else a call that may reveal needs.
    quiet = np.flatnonzero(active & ~desk.touched & (silence >= KEEP_IN_TOUCH))
    quiet = quiet[np.argsort(-(view.loyalty[quiet] + view.recall[quiet]), kind="stable")]
    if group is not None:
        desk.add(group, quiet, None)
        quiet = quiet[~desk.touched[quiet]]
    if call is not None and quiet.size:
        desk.add(call, quiet[~desk.touched[quiet]], None)
    # 7. Hours to spare: try to win back the clients who left, the biggest budgets first.
    if win_back is not None:
        lost = np.flatnonzero(~active)
        desk.add(win_back, lost[np.argsort(-view.budget[lost], kind="stable")], None, respect_limit=False)
    return desk


def priced_contacts(game: SellerDesk, objective: str = "company", offer_everyone: bool = False) -> tuple[dict, DeskPlan]:
    """Markups searched for the month's reasoned touches, then the touches planned again at those prices
    (a lower price is news worth a call)."""
    first = reasoned_contacts(game, dict(game.markups))
    markups = searched_markups(game, objective, offer_everyone, touches=tuple(first.batches))
    return markups, reasoned_contacts(game, markups)


def balanced(game: SellerDesk) -> MonthPlan:
    """Reasoned contact within each client's tolerance, offers that fit, markups searched with the forecast; in a
    scenario with conversations, discovery calls with the hours left and a good conversation on every call
    (:func:`~.talks.good_talk`), the offers chosen from what the talks revealed."""
    return talking(good_talk)(game)


def talking(policy: Policy, discover: bool = True) -> Callable[[SellerDesk], MonthPlan]:
    """``balanced`` with conversations held by ``policy`` (and, with ``discover``, discovery calls to clients whose
    needs the desk has yet to learn, as the hours allow); without conversations in the scenario, ``balanced``."""
    def plan(game: SellerDesk) -> MonthPlan:
        markups, desk = priced_contacts(game)
        if not game.conversation_touches():
            return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=fitting_offers(game, desk, markups))
        call = touch_kinds(game)[0]
        if discover and call is not None and game.view.touch_ids[call] in game.conversation_touches():
            desk.add(call, discovery_targets(game, desk.touched), None)
        records, known = hold_talks(game, desk.batches, policy)
        return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=fitting_offers(known, desk, markups),
                         conversations=records)
    plan.__name__ = f"talking_{policy.__name__}"
    return plan
