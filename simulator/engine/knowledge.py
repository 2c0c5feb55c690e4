"""What the desk knows before it acts: would a touch be news, would an offer fit, and if not, why.

The month (:mod:`.month`) credits a touch's reason and books an offer with the rules of :mod:`.rules`; the
functions here apply the same rules to what the desk knows (revealed needs only, its own history with each
client) for every client and topic at once, and say why a touch is no news or an offer would not fit, as
codes with the month they refer to. Screens turn the codes into words (``touch_status.*``,
``offer_status.*``); bots read them as they are.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from .report import MonthReport
from .rules import MarketMonth, due_soon, held, offer_is_repeat, pitch_is_news, reminder_given, topic_news
from .world import NEED_THRESHOLD, NEVER, Catalog, ClientState, prerequisites_met


class TouchStatus(IntEnum):
    """Whether a touch about a topic would carry a reason (codes below 10) or why not."""

    NEWS_RENEWAL = 0      # a renewal in its window, no reminder given since the last purchase
    NEWS_PITCH = 1        # a product that fits a known need, not held, not pitched at this price and need
    NEWS_EVENT = 2        # a running event's news that concerns a known need, not told yet
    REMINDED = 10         # the reminder of this renewal was given in ``month``
    PITCHED = 11          # pitched in ``month``; not news again until a cut or a grown need it notices, months later
    TOLD = 12             # the event's news was told already
    HELD = 13             # the client holds the product and it is not coming due: nothing to remind
    NO_KNOWN_NEED = 14    # no known need the product serves (at least NEED_THRESHOLD): a pitch says nothing
    NOT_RUNNING = 15      # the event does not run this month
    NOT_CONCERNED = 16    # the event's news concerns no known need of the client
    LOST = 17             # gone to a competitor: only a win-back touch reaches them, and it carries no topic
    NOT_NEWS = 18         # no news by another of the engine's rules
    OVER_LIMIT = 19       # it would be news, but the client has had as many touches as they welcome lately


class OfferStatus(IntEnum):
    """How an offer of a product would land (``FITS``) or why it would not."""

    FITS = 0              # a known need, not held, prerequisites owned, affordable, not offered before unchanged
    LOST = 10             # gone to a competitor
    HELD = 11             # holds it and it is not due: an offer only annoys a little
    REQUIRES = 12         # needs another product first
    OVER_BUDGET = 13      # the price is above the most the client pays for one purchase
    NO_KNOWN_NEED = 14    # no revealed job the product serves: a misfit if they have none, and weak if hidden
    WEAK_NEED = 15        # a known need below NEED_THRESHOLD: most likely a misfit
    REPEAT = 16           # pitched in ``month``, nothing the client would notice changed since (or too soon): pushing
    REFUSED = 17          # offered in ``month`` and turned down, nothing it would notice changed since (or too soon):
                          # pushing (wait a few months for a material price cut or a grown need)


IS_NEWS_BELOW = 10  # TouchStatus codes below this are news


@dataclass(frozen=True)
class TopicStatuses:
    """N x (P + E): a :class:`TouchStatus` code per client and topic (products, then events), and the 1-based month
    the code refers to (the reminder's, the pitch's; 0 where none)."""

    code: np.ndarray
    month: np.ndarray

    @property
    def news(self) -> np.ndarray:
        """N x (P + E) bool: the touch would carry a reason (within the client's tolerance for contact)."""
        return self.code < IS_NEWS_BELOW


@dataclass(frozen=True)
class OfferStatuses:
    """N x P: an :class:`OfferStatus` code per client and product, and the 1-based month the product was last
    pitched or offered to the client (0: never)."""

    code: np.ndarray
    month: np.ndarray

    @property
    def fits(self) -> np.ndarray:
        """N x P bool: an offer would fit a known need and count."""
        return self.code == OfferStatus.FITS


def _grid(n: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (client, column) pair of an n x width grid, row by row."""
    return np.repeat(np.arange(n, dtype=np.int64), width), np.tile(np.arange(width, dtype=np.int64), n)


def _month(months: np.ndarray) -> np.ndarray:
    """0-based months as 1-based (0 for never)."""
    return np.where(months > NEVER, months + 1, 0).astype(np.int32)


def touch_statuses(cat: Catalog, st: ClientState, mk: MarketMonth, price: np.ndarray, t: int,
                   room: np.ndarray) -> TopicStatuses:
    """Whether a touch about each topic would be news to each client in month ``t``, and why not.

    ``st`` holds what the desk knows (hidden needs as 0), ``mk`` the month's market on it, ``price`` each product's
    price at the planned markups, ``room`` (N bool) whether the client still welcomes a touch this month.
    """
    N, P, E = st.loyalty.shape[0], cat.cost.shape[0], len(cat.event_ids)
    clients, topics = _grid(N, P + E)
    news = topic_news(cat, st, mk, clients, topics, price, t)
    code = np.full(N * (P + E), TouchStatus.NOT_NEWS, np.int8)
    month = np.zeros(N * (P + E), np.int32)
    on_product = topics < P
    c, p = clients[on_product], topics[on_product]
    if c.size:
        bought = st.last_buy[c, p]
        due = due_soon(bought, cat.cycle[p], t)
        fit = mk.intensity[c, p]
        why = np.select(
            [due & reminder_given(st.reminded[c, p], bought), ~due & held(bought, cat.cycle[p], t),
             ~due & (fit < NEED_THRESHOLD), ~due & ~pitch_is_news(st, c, p, price[p], fit, t)],
            [TouchStatus.REMINDED, TouchStatus.HELD, TouchStatus.NO_KNOWN_NEED, TouchStatus.PITCHED],
            TouchStatus.NOT_NEWS)
        code[on_product] = why
        month[on_product] = np.select([why == TouchStatus.REMINDED, why == TouchStatus.PITCHED],
                                      [_month(st.reminded[c, p]), _month(st.pitched_at[c, p])], 0)
    on_event = ~on_product
    if on_event.any():
        c, e = clients[on_event], topics[on_event] - P
        concerned = ((mk.need[c] >= NEED_THRESHOLD) & cat.event_concerns[e]).any(axis=1)
        code[on_event] = np.select([~mk.running[e], ~concerned, st.told[c, e]],
                                   [TouchStatus.NOT_RUNNING, TouchStatus.NOT_CONCERNED, TouchStatus.TOLD],
                                   TouchStatus.NOT_NEWS)
    code[news.renewal] = TouchStatus.NEWS_RENEWAL
    code[news.pitch] = TouchStatus.NEWS_PITCH
    code[news.event] = TouchStatus.NEWS_EVENT
    is_news = news.renewal | news.pitch | news.event
    month[is_news] = 0
    code[is_news & ~room[clients]] = TouchStatus.OVER_LIMIT
    lost = ~st.active[clients]
    code[lost], month[lost] = TouchStatus.LOST, 0
    return TopicStatuses(code.reshape(N, P + E), month.reshape(N, P + E))


def last_refusals(reports: Sequence[MonthReport], n_clients: int, n_products: int) -> np.ndarray:
    """N x P: the 1-based month each client last turned down an offer of each product (0: never), from the desk's
    own month reports."""
    refused = np.zeros((n_clients, n_products), np.int32)
    for report in reports:
        no = ~report.offers_accepted
        refused[report.offer_client[no], report.offer_product[no]] = report.month
    return refused


def offer_statuses(cat: Catalog, st: ClientState, mk: MarketMonth, price: np.ndarray, t: int,
                   refused: np.ndarray | None = None) -> OfferStatuses:
    """How an offer of each product to each client would land in month ``t`` by what the desk knows, and why not.

    ``st`` holds what the desk knows (hidden needs as 0), ``mk`` the month's market on it, ``price`` each product's
    price at the planned markups, ``refused`` (see :func:`last_refusals`) when each offer was last turned down.
    The order of the reasons is the month's: a client gone, a product held or missing its prerequisite, over
    budget, no need (a misfit), then a repeat (pushing), named a refusal when the last quote was a refused offer.
    """
    N, P = st.loyalty.shape[0], cat.cost.shape[0]
    clients, products = _grid(N, P)
    fit = mk.intensity[clients, products]
    learned = (st.revealed[clients] & cat.serves[products]).any(axis=1)
    bought = st.last_buy[clients, products]
    requires = ~prerequisites_met(st.last_buy > NEVER, cat.requires).ravel()
    repeat = offer_is_repeat(st, clients, products, price[products], fit, t)
    code = np.select(
        [~st.active[clients], held(bought, cat.cycle[products], t), requires, price[products] > st.budget[clients],
         ~learned, fit < NEED_THRESHOLD, repeat],
        [OfferStatus.LOST, OfferStatus.HELD, OfferStatus.REQUIRES, OfferStatus.OVER_BUDGET, OfferStatus.NO_KNOWN_NEED,
         OfferStatus.WEAK_NEED, OfferStatus.REPEAT],
        OfferStatus.FITS).astype(np.int8)
    month = _month(st.pitched_at).reshape(N, P)
    code = code.reshape(N, P)
    if refused is not None:
        code[(code == OfferStatus.REPEAT) & (refused == month)] = OfferStatus.REFUSED
    return OfferStatuses(code, month)
