"""The reasoned reference strategy: contact with a reason, offers that fit, a sensible markup.

It sees only what a player sees: loyalty and recall bars, revealed needs,
owned products and when they come due, the month's events (what they do to
prices, costs and needs is in the brief), and the desk's own past plans.
Its month, in order of priority within the hours:

1. news about a running event to the clients it concerns, one-to-many if the
   scenario has a useful group touch (a webinar, a seminar);
2. the group touch as a service for everyone who has not had one this quarter;
3. renewal reminders (calls), the dearest product first;
4. the event news by call when there is no group touch;
5. a call about the product that best fits a known need;
6. keep in touch with clients quiet for three months;
7. with hours to spare, win-back visits to clients who left.

Offers go to every touched client for products that fit a known need, are
affordable and not already owned. Markups stay at the scenario's default
unless an event moves the market or the cost; then the price keeps its
default position against the market, inside the band.
"""
from __future__ import annotations

import numpy as np

from ..engine import Game, MonthPlan, OfferBatch, TouchBatch
from ..engine.plan import sessions
from ..engine.world import NEED_THRESHOLD, NEVER, job_intensity, prerequisites_met

RENEWAL_WINDOW = 3   # remind about a renewal this many months ahead
OFFER_FIT = 0.45     # offer only products serving a known need at least this strong
KEEP_IN_TOUCH = 3    # months of silence after which a client gets a keep-in-touch touch
SERVICE_EVERY = 3    # months between useful group touches (webinar, seminar) for each client


class _Hours:
    def __init__(self, total: float):
        self.left = total

    def take(self, n_clients: int, hours: float, capacity: int) -> int:
        """How many of ``n_clients`` fit into the hours left (sessions of ``capacity``)."""
        if hours <= 0:
            return n_clients
        fit_sessions = int(self.left // hours + 1e-9)
        n = min(n_clients, fit_sessions * capacity)
        self.left -= sessions(n, capacity) * hours
        return n


def _touch_kinds(game: Game) -> tuple[int | None, int | None, int | None]:
    cat = game.catalog
    singles = [k for k in range(len(cat.touch_ids)) if cat.touch_capacity[k] == 1 and not cat.touch_win_back[k]]
    singles = singles or [k for k in range(len(cat.touch_ids)) if cat.touch_capacity[k] == 1]
    call = min(singles, key=lambda k: (cat.touch_hours[k], cat.touch_cost[k])) if singles else None
    groups = [k for k in range(len(cat.touch_ids)) if cat.touch_capacity[k] > 1 and cat.touch_useful[k]]
    group = min(groups, key=lambda k: cat.touch_hours[k] / cat.touch_capacity[k]) if groups else None
    backs = [k for k in range(len(cat.touch_ids)) if cat.touch_win_back[k]]
    win_back = min(backs, key=lambda k: (cat.touch_hours[k], cat.touch_cost[k])) if backs else None
    return call, group, win_back


def _served_recently(game: Game, kind: int, months: int) -> np.ndarray:
    """Clients who got touch ``kind`` in the last ``months`` months (from the desk's own past plans)."""
    served = np.zeros(game.n_clients, bool)
    name = game.catalog.touch_ids[kind]
    for plan in game.plans[-months:] if months > 0 else []:
        for batch in plan.touches:
            if batch.kind == name:
                served[batch.clients] = True
    return served


def market_markups(game: Game) -> dict[str, float]:
    """The default markups, moved only to keep each price where the default puts it against the market.

    When an event in the brief moves the market price or our cost, the price
    follows the market (inside the band); otherwise the default stands.
    """
    cat = game.catalog
    running = cat.active_events(game.month)
    market, cost = cat.market_price.copy(), cat.cost.copy()
    if running.any():
        market *= cat.event_price[running].prod(axis=0)
        cost *= cat.event_cost[running].prod(axis=0)
    intended = cat.cost * (1.0 + cat.markup_start) / cat.market_price
    markup = np.clip(market * intended / cost - 1.0, cat.markup_min, cat.markup_max)
    markup = np.where(cat.fixed | ~running.any(), cat.markup_start, np.round(markup, 4))
    return {pid: float(markup[i]) for i, pid in enumerate(cat.product_ids)}


def balanced(game: Game) -> MonthPlan:
    """Renewal reminders, event news, fitting offers, keep-in-touch, win-backs; markups that keep up with the market."""
    cat, st = game.catalog, game.state
    n, P = game.n_clients, len(cat.product_ids)
    hours = _Hours(game.scenario.desk.hours_per_month)
    call, group, win_back = _touch_kinds(game)
    active = st.active
    known = np.where(st.revealed, st.need, 0.0)  # visible_needs() with hidden ones as 0
    running_now = cat.active_events(game.month)
    if running_now.any():  # the brief says which needs this month's events sharpen
        known = np.clip(known + (known > 0) * cat.event_needs[running_now].sum(axis=0), 0.0, 1.0)
    intensity = job_intensity(known, cat.serves)
    due_in = game.due_in()
    owned = st.last_buy > NEVER
    held = owned  # owned and not yet due, or due now: a renewal the client asks for by themselves
    prereq_ok = prerequisites_met(owned, cat.requires)
    markups = market_markups(game)
    price = cat.cost * (1.0 + np.array([markups[p] for p in cat.product_ids]))
    # Worth offering: active, not held, prerequisites owned, affordable, a strong enough known need.
    # (Built in place, a column or a row mask at a time: N x 1 broadcasts are slow with few products.)
    offerable = intensity >= OFFER_FIT
    offerable &= prereq_ok
    offerable &= ~held
    offerable[~active] = False
    for p in range(P):
        offerable[:, p] &= price[p] <= st.budget
    wanted = np.zeros(intensity.shape)
    np.multiply(intensity, price, out=wanted, where=offerable)
    silence = game.month - st.last_contact
    touched = np.zeros(n, bool)  # any touch this month (an offer may ride on it)
    called = np.zeros(n, bool)   # a one-to-one touch this month
    batches: list[TouchBatch] = []

    def add(kind: int, clients: np.ndarray, topic: str | None) -> np.ndarray:
        taken = clients[: hours.take(clients.size, cat.touch_hours[kind], int(cat.touch_capacity[kind]))]
        if taken.size:
            batches.append(TouchBatch(cat.touch_ids[kind], taken, topic))
            touched[taken] = True
            called[taken] |= cat.touch_capacity[kind] == 1
        return taken

    # 1. News that concerns clients: an event topic, one-to-many when the scenario has a group touch.
    running = np.flatnonzero(running_now)
    concerned = [active & ((known >= NEED_THRESHOLD) & cat.event_concerns[e]).any(axis=1) for e in running]
    if group is not None:
        for e, who in zip(running, concerned):
            if cat.event_concerns[e].any():
                add(group, np.flatnonzero(who & ~touched), cat.event_ids[e])
        # 1b. Service: everyone hears something useful one-to-many at least once a quarter.
        served = _served_recently(game, group, SERVICE_EVERY)
        add(group, np.flatnonzero(active & ~touched & ~served), None)
    if call is not None:
        # 2. Renewal reminders, the most valuable first: once early in the window, again in the last month.
        # due_in is huge for products not owned or without a cycle, so the window alone picks renewals.
        soon = due_in <= RENEWAL_WINDOW
        soon &= due_in >= 0
        soon &= (due_in <= 1) | (silence >= 2)[:, None]
        soon[~active] = False
        for p in np.argsort(-price):
            clients = np.flatnonzero(soon[:, p] & ~called)
            add(call, clients[np.argsort(due_in[clients, p], kind="stable")], cat.product_ids[p])
        # 3. The news by call when there is no group touch.
        if group is None:
            for e, who in zip(running, concerned):
                if cat.event_concerns[e].any():
                    add(call, np.flatnonzero(who & ~touched), cat.event_ids[e])
        # 4. A product that fits a known need.
        best = wanted.argmax(axis=1)
        clients = np.flatnonzero((wanted[np.arange(n), best] > 0) & ~called)  # the row's max, by argmax
        clients = clients[np.argsort(-wanted[clients, best[clients]], kind="stable")]
        for p in range(P):
            add(call, clients[best[clients] == p], cat.product_ids[p])
    # 5. Keep in touch with the quiet ones: a useful group touch, else a call that may reveal needs.
    quiet = np.flatnonzero(active & ~touched & (silence >= KEEP_IN_TOUCH))
    quiet = quiet[np.argsort(-(st.loyalty[quiet] + st.recall[quiet]), kind="stable")]
    if group is not None:
        quiet = quiet[add(group, quiet, None).size:]  # add() takes a leading share
    if call is not None and quiet.size:
        add(call, quiet, None)
    # 6. Hours to spare: try to win back the clients who left, the biggest budgets first.
    if win_back is not None:
        lost = np.flatnonzero(~active)
        add(win_back, lost[np.argsort(-st.budget[lost], kind="stable")], None)

    offers = []
    fits = wanted > 0
    fits &= touched[:, None]
    for p in range(P):
        clients = np.flatnonzero(fits[:, p])
        if clients.size:
            offers.append(OfferBatch(cat.product_ids[p], clients))
    return MonthPlan(markups=markups, touches=tuple(batches), offers=tuple(offers))
