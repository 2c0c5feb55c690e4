"""A worked example of your own bot (see docs/bot-api.md).

    python main.py simulate certification --strategy docs/examples/my_bot.py:MyBot
    python main.py balance certification --seeds 10 --strategy docs/examples/my_bot.py:MyBot
    python main.py whatif REPLAY --from 6 --strategy docs/examples/my_bot.py:MyBot

MyBot keeps it simple. ``game`` is the desk (a ``SellerDesk``): what the desk knows this month, read-only:

1. each free markup sits where the price meets the market (``game.quote``), inside the band;
2. renewal reminders by call to clients whose product comes due within two months and who have not
   been reminded of this renewal yet (``game.due_in``, ``game.news``), the most loyal first;
3. an offer of that product to the same clients;
4. as many of them as the month's hours allow (``game.check`` says when a plan breaks a rule).

``renewals_only`` is the same idea as a plain function: a function of the game works as a bot too.
"""
from __future__ import annotations

import numpy as np

from simulator.engine import MonthPlan, OfferBatch, SellerDesk, TouchBatch

DUE_WITHIN = 2  # months ahead a renewal reminder is worth making


class MyBot:
    """Made once per game (no arguments); ``make_plan`` is called once per month."""

    def __init__(self) -> None:
        self.months_seen = 0  # a bot may remember things between the months of one game

    def make_plan(self, game: SellerDesk) -> MonthPlan:
        self.months_seen += 1
        markups = market_markups(game)
        call = cheapest_call(game)
        if call is None:
            return MonthPlan(markups=markups)
        wanted_touches, wanted_offers = renewal_calls(game, call, markups)
        touches, offers = within_hours(game, markups, wanted_touches, wanted_offers)
        return MonthPlan(markups=markups, touches=touches, offers=offers)


def renewals_only(game: SellerDesk) -> MonthPlan:
    """The same bot as a function (no memory between months): `my_bot.py:renewals_only`."""
    return MyBot().make_plan(game)


def market_markups(game: SellerDesk) -> dict[str, float]:
    """Each free product's markup where its price meets the market, kept inside the band."""
    markups = {}
    for product in game.scenario.products:
        band = product.markup
        if band.fixed:
            continue  # a price-list product: its markup is not ours to set
        at_market = game.quote(product.id, game.markups[product.id])["market_markup"]
        markups[product.id] = float(np.clip(at_market, band.min, band.max))
    return markups


def cheapest_call(game: SellerDesk) -> str | None:
    """The one-to-one touch that takes the fewest hours (None if the scenario has none)."""
    calls = [t for t in game.scenario.touch_types if t.capacity == 1 and not t.win_back]
    return min(calls, key=lambda t: (t.hours, t.cost)).id if calls else None


def renewal_calls(game: SellerDesk, call: str,
                  markups: dict[str, float]) -> tuple[list[TouchBatch], list[OfferBatch]]:
    """A reminder call and an offer per cycle product, to the clients due soon who have not heard it yet."""
    view = game.view  # what the desk knows: read-only arrays, one row per client
    due = view.due_in  # clients x products: months until each product comes due
    news = game.news(markups)  # clients x (products + events): would a touch on this topic be news?
    taken = np.zeros(game.n_clients, bool)  # one reminder per client a month
    touches: list[TouchBatch] = []
    offers: list[OfferBatch] = []
    for p, product in enumerate(game.scenario.products):
        clients = np.flatnonzero(view.active & (due[:, p] >= 0) & (due[:, p] <= DUE_WITHIN) & news[:, p] & ~taken)
        if clients.size == 0:
            continue
        clients = clients[np.argsort(-view.loyalty[clients], kind="stable")]  # the most loyal first
        taken[clients] = True
        touches.append(TouchBatch(call, clients, topic=product.id))
        offers.append(OfferBatch(product.id, clients))
    return touches, offers


def within_hours(game: SellerDesk, markups: dict[str, float], touches: list[TouchBatch],
                 offers: list[OfferBatch]) -> tuple[tuple[TouchBatch, ...], tuple[OfferBatch, ...]]:
    """Drop clients from the end of the biggest batch until the plan keeps every rule (the hours, above all)."""
    while touches:
        broken = game.check(MonthPlan(markups=markups, touches=tuple(touches), offers=tuple(offers)))
        if broken is None:
            break
        biggest = max(range(len(touches)), key=lambda k: len(touches[k].clients))
        keep = touches[biggest].clients[: len(touches[biggest].clients) * 3 // 4]
        if keep.size == 0:
            del touches[biggest], offers[biggest]
        else:
            touches[biggest] = TouchBatch(touches[biggest].kind, keep, topic=touches[biggest].topic)
            offers[biggest] = OfferBatch(offers[biggest].product, keep)
    return tuple(touches), tuple(offers)
