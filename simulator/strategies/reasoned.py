"""The reasoned reference strategy: contact with a reason, offers that fit, a sensible markup.

It sees only what a player sees: loyalty and recall bars, revealed needs,
owned products and when they come due, and the month's events.
"""
from __future__ import annotations

import numpy as np

from ..engine import Game, MonthPlan, OfferBatch, TouchBatch
from ..engine.plan import sessions
from ..engine.world import NEED_THRESHOLD, NEVER

RENEWAL_WINDOW = 3   # remind about a renewal this many months ahead
OFFER_FIT = 0.45     # offer only products serving a known need at least this strong
KEEP_IN_TOUCH = 3    # months of silence after which a client gets a keep-in-touch touch


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


def _touch_kinds(game: Game) -> tuple[int | None, int | None]:
    cat = game.catalog
    singles = [k for k in range(len(cat.touch_ids)) if cat.touch_capacity[k] == 1 and not cat.touch_win_back[k]]
    singles = singles or [k for k in range(len(cat.touch_ids)) if cat.touch_capacity[k] == 1]
    call = min(singles, key=lambda k: (cat.touch_hours[k], cat.touch_cost[k])) if singles else None
    groups = [k for k in range(len(cat.touch_ids)) if cat.touch_capacity[k] > 1 and cat.touch_useful[k]]
    group = min(groups, key=lambda k: cat.touch_hours[k] / cat.touch_capacity[k]) if groups else None
    return call, group


def balanced(game: Game) -> MonthPlan:
    """Renewal reminders, event news, fitting offers, keep-in-touch; default markups."""
    cat, st = game.catalog, game.state
    n, P = game.n_clients, len(cat.product_ids)
    hours = _Hours(game.scenario.desk.hours_per_month)
    call, group = _touch_kinds(game)
    active = st.active
    known = np.nan_to_num(game.visible_needs(), nan=0.0)
    intensity = (known[:, None, :] * cat.serves[None, :, :]).max(axis=2) if known.shape[1] else np.zeros((n, P))
    due_in = game.due_in()
    owned = st.last_buy > NEVER
    held = owned & ((cat.cycle == 0) | (due_in > 0))
    prereq_ok = (~owned).astype(np.int64) @ cat.requires.T.astype(np.int64) == 0
    price = cat.cost * (1.0 + cat.markup_start)
    affordable = price[None, :] <= st.budget[:, None]
    wanted = np.where(active[:, None] & ~held & prereq_ok & affordable & (intensity >= OFFER_FIT), intensity * price, 0.0)
    silence = game.month - st.last_contact
    touched = np.zeros(n, bool)
    batches: list[TouchBatch] = []

    def add(kind: int, clients: np.ndarray, topic: str | None) -> np.ndarray:
        taken = clients[: hours.take(clients.size, cat.touch_hours[kind], int(cat.touch_capacity[kind]))]
        if taken.size:
            batches.append(TouchBatch(cat.touch_ids[kind], tuple(int(c) for c in taken), topic))
            touched[taken] = True
        return taken

    if call is not None:
        # 1. Renewal reminders, the most valuable first.
        soon = active[:, None] & (cat.cycle > 0)[None, :] & owned & (due_in <= RENEWAL_WINDOW) & (due_in >= 0)
        for p in np.argsort(-price):
            clients = np.flatnonzero(soon[:, p] & ~touched)
            add(call, clients[np.argsort(due_in[clients, p], kind="stable")], cat.product_ids[p])
    # 2. News that concerns clients: an event topic, to a group if the scenario has a group touch.
    running = np.flatnonzero(cat.active_events(game.month))
    for e in running:
        concerned = active & ((known >= NEED_THRESHOLD) & cat.event_concerns[e]).any(axis=1)
        kind = group if group is not None else call
        if kind is not None and cat.event_concerns[e].any():
            add(kind, np.flatnonzero(concerned & ~touched), cat.event_ids[e])
    if call is not None:
        # 3. A product that fits a known need.
        best = wanted.argmax(axis=1)
        clients = np.flatnonzero((wanted.max(axis=1) > 0) & ~touched)
        clients = clients[np.argsort(-wanted[clients, best[clients]], kind="stable")]
        for p in range(P):
            add(call, clients[best[clients] == p], cat.product_ids[p])
    # 4. Keep in touch with the quiet ones: a useful group touch, else a call that may reveal needs.
    quiet = np.flatnonzero(active & ~touched & (silence >= KEEP_IN_TOUCH))
    quiet = quiet[np.argsort(-(st.loyalty[quiet] + st.recall[quiet]), kind="stable")]
    if group is not None:
        quiet = np.setdiff1d(quiet, add(group, quiet, None), assume_unique=True)
    if call is not None and quiet.size:
        add(call, quiet, None)

    offers = []
    fits = wanted > 0
    fits &= touched[:, None]
    for p in range(P):
        clients = np.flatnonzero(fits[:, p])
        if clients.size:
            offers.append(OfferBatch(cat.product_ids[p], tuple(int(c) for c in clients)))
    return MonthPlan(markups={}, touches=tuple(batches), offers=tuple(offers))
