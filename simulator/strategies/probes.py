"""Probe strategies: what a clever, lazy trainee might try, and what the course calls bad practice.

None of them may beat ``balanced`` by more than the spread between seeds in
any shipped scenario (``python main.py balance SCENARIO --probes``; the test
``tests/test_probes.py``). Each probe says which lesson it tests.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..engine import MonthPlan, OfferBatch, SellerDesk, TouchBatch
from ..scenario.schema import Scenario
from .base import Strategy
from .reasoned import (
    DeskPlan,
    Hours,
    balanced,
    fitting_offers,
    priced_contacts,
    reasoned_contacts,
    searched_markups,
    talking,
    touch_kinds,
)
from .talks import ask_everything, no_questions, pitch_first, pitchy_talk, would_you_buy

TOP_SHARE = 0.2        # "top clients only" serves this share of clients, the biggest budgets
FLOOD_ROUNDS = 3       # group touches per client per month in the floods
HARVEST_UNTIL = 2 / 3  # the harvester offers everything until this share of the game, then repairs
NUDGE = 0.012          # the price nudger cuts every price by this share a month ...
NUDGE_PERIOD = 6       # ... and starts again from the default price every this many months


def _offer_everything(game: SellerDesk, touched: np.ndarray) -> tuple[OfferBatch, ...]:
    """Every product to every touched active client who does not hold it."""
    cat = st = game.view
    owned = cat.owned
    offers = []
    for p, pid in enumerate(cat.product_ids):
        clients = np.flatnonzero(touched & st.active & ~owned[:, p])
        if clients.size:
            offers.append(OfferBatch(pid, clients))
    return tuple(offers)


def _band(game: SellerDesk, where: float) -> dict[str, float]:
    """Every free markup at a fixed point of its band (0 floor, 1 ceiling)."""
    view = game.view
    floor, ceiling, start = view.markup_band
    return {pid: float(start[i] if view.fixed[i] else round(floor[i] + where * (ceiling[i] - floor[i]), 4))
            for i, pid in enumerate(view.product_ids)}


def _flood(game: SellerDesk, rounds: int) -> list[TouchBatch]:
    """A useful group touch (else the cheapest call) to every active client, ``rounds`` times, as hours allow."""
    call, group, _ = touch_kinds(game)
    kind = group if group is not None else call
    if kind is None:
        return []
    desk = DeskPlan(game, Hours(game.scenario.desk.hours_per_month))
    everyone = np.flatnonzero(game.view.active)
    for _ in range(rounds):
        desk.add(kind, everyone, None, respect_limit=False)
    return desk.batches


def _with_service_to_all(game: SellerDesk, desk: DeskPlan) -> None:
    """Add a useful group touch (a webinar, a seminar) for every active client not yet at one this month,
    as far as their tolerance for contact and the hours allow."""
    _, group, _ = touch_kinds(game)
    if group is None:
        return
    at_one = np.zeros(game.n_clients, bool)
    name = game.view.touch_ids[group]
    for batch in desk.batches:
        if batch.kind == name:
            at_one[batch.clients] = True
    desk.add(group, np.flatnonzero(game.view.active & ~at_one), None)


def _at_markups(game: SellerDesk, markups: dict[str, float], service_to_all: bool = False) -> MonthPlan:
    """The reasoned contacts and fitting offers planned at ``markups`` (with a group touch for everyone)."""
    desk = reasoned_contacts(game, markups)
    if service_to_all:
        _with_service_to_all(game, desk)
    return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=fitting_offers(game, desk, markups))


def _at_premium(game: SellerDesk, over_market: float | None) -> dict[str, float]:
    """Every free markup at the market's price plus ``over_market`` (None: the ceiling), within the band."""
    view = game.view
    floor, ceiling, start = view.markup_band
    if over_market is None:
        wanted = ceiling
    else:
        wanted = game.market_prices() * (1.0 + over_market) / view.cost - 1.0
    return {pid: float(start[i] if view.fixed[i] else round(float(np.clip(wanted[i], floor[i], ceiling[i])), 4))
            for i, pid in enumerate(view.product_ids)}


def webinar_to_all(game: SellerDesk) -> MonthPlan:
    """The reasoned plan, and a group touch for every client every month, up to their tolerance for contact."""
    markups, desk = priced_contacts(game)
    _with_service_to_all(game, desk)
    return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=fitting_offers(game, desk, markups))


def webinar_only(game: SellerDesk) -> MonthPlan:
    """Group touches only, no calls: the event news, renewal reminders as mass events, and service for
    everyone every month; searched markups and fitting offers to those who came."""
    _, group, _ = touch_kinds(game)
    if group is None:
        return balanced(game)
    view = game.view
    markups = searched_markups(game)
    P = len(view.product_ids)
    news = game.news(markups)
    desk = DeskPlan(game, Hours(game.scenario.desk.hours_per_month))
    for e in np.flatnonzero(view.running_events):
        desk.add(group, np.flatnonzero(news[:, P + e] & view.concerned(int(e)) & view.active & ~desk.touched),
                 view.event_ids[e])
    due_in = view.due_in
    for p in range(P):
        due = news[:, p] & view.owned[:, p] & (due_in[:, p] <= 3) & view.active & ~desk.touched
        desk.add(group, np.flatnonzero(due), view.product_ids[p])
    desk.add(group, np.flatnonzero(view.active & ~desk.touched), None)
    offers = fitting_offers(game, desk, markups, personal_only=False)
    return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=offers)


def price_nudge(game: SellerDesk) -> MonthPlan:
    """The reasoned plan with every price cut a little (1.2%) each month, starting again every six months:
    does a small cut make every old pitch news again?"""
    view = game.view
    floor, ceiling, start = view.markup_band
    step = game.month % NUDGE_PERIOD
    price = view.cost * (1.0 + start) * (1.0 - NUDGE) ** step
    markups = {pid: float(start[i] if view.fixed[i] else round(float(np.clip(price[i] / view.cost[i] - 1.0, floor[i],
                                                                                  ceiling[i])), 6))
               for i, pid in enumerate(view.product_ids)}
    return _at_markups(game, markups)


def max_service_at_tolerance(game: SellerDesk) -> MonthPlan:
    """The reasoned plan (the best service the desk gives), every price at the market's tolerance: can the
    best-served clients hold the premium the market tolerates?"""
    return _at_markups(game, _at_premium(game, game.scenario.model.price_tolerance))


def max_service_at_ceiling(game: SellerDesk) -> MonthPlan:
    """The reasoned plan (the best service the desk gives), every price at the ceiling: service must not hold
    a premium beyond the market's tolerance."""
    return _at_markups(game, _at_premium(game, None))


def reoffer_refused(game: SellerDesk) -> MonthPlan:
    """The reasoned contacts, and every fitting product offered again every month to every touched client,
    news or not: a repeat after a refusal at the same price is pushing."""
    markups, desk = priced_contacts(game)
    view = game.view
    ok = (view.known_intensity >= 0.3) & view.prerequisites_met & ~view.owned
    ok[~(view.active & desk.touched)] = False
    offers = tuple(OfferBatch(pid, np.flatnonzero(ok[:, p])) for p, pid in enumerate(view.product_ids) if ok[:, p].any())
    return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=offers)


def top_clients(game: SellerDesk) -> MonthPlan:
    """Serve only the biggest fifth of clients (by budget) with the reasoned plan; ignore the rest."""
    plan = balanced(game)
    st = game.view
    top = np.zeros(game.n_clients, bool)
    top[np.argsort(-st.budget, kind="stable")[: max(1, int(TOP_SHARE * game.n_clients))]] = True
    touches = tuple(TouchBatch(b.kind, b.clients[top[b.clients]], b.topic) for b in plan.touches)
    offers = tuple(OfferBatch(b.product, b.clients[top[b.clients]]) for b in plan.offers)
    return MonthPlan(markups=plan.markups, touches=touches, offers=offers)


def renewals_only(game: SellerDesk) -> MonthPlan:
    """Call only about renewals coming due; nothing else."""
    cat = st = game.view
    call, _, _ = touch_kinds(game)
    if call is None:
        return MonthPlan()
    desk = DeskPlan(game, Hours(game.scenario.desk.hours_per_month))
    due_in = game.due_in()
    for p in range(len(cat.product_ids)):
        clients = np.flatnonzero(st.active & (due_in[:, p] >= 0) & (due_in[:, p] <= 3) & ~desk.touched)
        desk.add(call, clients, cat.product_ids[p], respect_limit=False)
    return MonthPlan(touches=tuple(desk.batches))


def late_start(game: SellerDesk) -> MonthPlan:
    """Do nothing for the first third of the game, then play the reasoned plan."""
    return MonthPlan() if game.month < game.turns // 3 else balanced(game)


def offer_everything(game: SellerDesk) -> MonthPlan:
    """The reasoned contacts, and every product offered to every touched client."""
    plan = balanced(game)
    touched = np.zeros(game.n_clients, bool)
    for b in plan.touches:
        touched[b.clients] = True
    return MonthPlan(markups=plan.markups, touches=plan.touches, offers=_offer_everything(game, touched))


def webinar_spam(game: SellerDesk) -> MonthPlan:
    """A group touch (webinar, seminar) to every client several times a month, no topic."""
    return MonthPlan(touches=tuple(_flood(game, FLOOD_ROUNDS)))


def pretext_calls(game: SellerDesk) -> MonthPlan:
    """One bulk call a month to everyone, always 'about' the product with the shortest cycle."""
    cat = game.view
    call, _, _ = touch_kinds(game)
    if call is None:
        return MonthPlan()
    cycles = np.where(cat.cycle > 0, cat.cycle, 10**6)
    topic = cat.product_ids[int(np.argmin(cycles))]
    desk = DeskPlan(game, Hours(game.scenario.desk.hours_per_month))
    desk.add(call, np.flatnonzero(game.view.active), topic, respect_limit=False)
    return MonthPlan(touches=tuple(desk.batches))


def filler_calls(game: SellerDesk) -> MonthPlan:
    """The reasoned plan, with every spare hour filled with calls that carry no reason."""
    markups, desk = priced_contacts(game)
    call, _, _ = touch_kinds(game)
    if call is not None:
        idle = np.flatnonzero(game.view.active & ~desk.touched)
        desk.add(call, idle, None, respect_limit=False)
    return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=fitting_offers(game, desk, markups))


def double_calls(game: SellerDesk) -> MonthPlan:
    """The reasoned plan, then the same reasoned calls again: is reasoned contact ever too much?"""
    markups, desk = priced_contacts(game)
    for batch in list(desk.batches):
        kind = game.view.touch_index(batch.kind)
        desk.add(kind, batch.clients, batch.topic, respect_limit=False)
    return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=fitting_offers(game, desk, markups))


def harvest(game: SellerDesk) -> MonthPlan:
    """Damage early, repair late: ceiling prices and every product to everyone for two thirds of the
    game, then floods of group touches to rebuild loyalty before the end."""
    if game.month < int(HARVEST_UNTIL * game.turns):
        markups = _band(game, 1.0)
        desk = reasoned_contacts(game, markups)
        return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=_offer_everything(game, desk.touched))
    return MonthPlan(touches=tuple(_flood(game, FLOOD_ROUNDS)))


def mid_band(game: SellerDesk) -> MonthPlan:
    """The reasoned contacts with every free markup fixed at the middle of its band."""
    markups = _band(game, 0.5)
    desk = reasoned_contacts(game, markups)
    return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=fitting_offers(game, desk, markups))


def _pay_greedy(base: str) -> Callable[[SellerDesk], MonthPlan]:
    def make(game: SellerDesk) -> MonthPlan:
        # A seller chasing his own bonus: the markup that pays him most this month, and on invoice pay
        # (where every sale pays) every product offered to everyone he touches.
        markups, desk = priced_contacts(game, objective=base, offer_everyone=base == "invoice")
        offers = _offer_everything(game, desk.touched) if base == "invoice" else fitting_offers(game, desk, markups)
        return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=offers)
    make.__name__ = f"pay_greedy_{base}"
    make.__doc__ = f"A seller maximising his own month's bonus as if paid on {base}."
    return make


PROBES: dict[str, Strategy] = {
    s.name: s
    for s in (
        Strategy("top_clients", top_clients),
        Strategy("renewals_only", renewals_only),
        Strategy("late_start", late_start),
        Strategy("offer_everything", offer_everything),
        Strategy("webinar_spam", webinar_spam),
        Strategy("pretext_calls", pretext_calls),
        Strategy("filler_calls", filler_calls),
        Strategy("double_calls", double_calls),
        Strategy("harvest", harvest),
        Strategy("mid_band", mid_band),
        Strategy("webinar_to_all", webinar_to_all),
        Strategy("webinar_only", webinar_only),
        Strategy("price_nudge", price_nudge),
        Strategy("max_service_at_tolerance", max_service_at_tolerance),
        Strategy("max_service_at_ceiling", max_service_at_ceiling),
        Strategy("reoffer_refused", reoffer_refused),
        Strategy("pay_greedy_gross_profit", _pay_greedy("gross_profit")),
        Strategy("pay_greedy_invoice", _pay_greedy("invoice")),
        Strategy("pay_greedy_net_profit", _pay_greedy("net_profit")),
    )
}


# Conversation probes, played only on scenarios with conversations (elsewhere they are ``balanced``): the pitchy
# salesman, "would you buy?" and nothing else, the product first, and every question on the menu.
TALK_PROBES: dict[str, Strategy] = {
    s.name: s
    for s in (
        Strategy("pitchy_talk", talking(pitchy_talk)),
        Strategy("would_you_buy", talking(would_you_buy)),
        Strategy("pitch_first", talking(pitch_first)),
        Strategy("ask_everything", talking(ask_everything)),
        Strategy("no_questions", talking(no_questions, discover=False)),
    )
}


def probes_for(scenario: Scenario) -> dict[str, Strategy]:
    """The probes that test ``scenario``: every probe, and the conversation probes when it has conversations."""
    return {**PROBES, **TALK_PROBES} if scenario.conversations is not None else dict(PROBES)


# The probes the course calls bad practice (GAME_DESIGN.md §4): none may pay the seller more than ``balanced``.
# (The others are lazy or partial plays, a fixed price, or a seller chasing his pay, aligned or not.)
BAD_PRACTICE = (
    "offer_everything", "webinar_spam", "webinar_to_all", "webinar_only", "pretext_calls", "filler_calls",
    "double_calls", "harvest", "price_nudge", "reoffer_refused", "max_service_at_ceiling",
    "pitchy_talk", "would_you_buy", "pitch_first", "ask_everything",
)
