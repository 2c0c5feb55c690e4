"""The month agenda: the few things that matter this month, ranked, as codes with their counts and clients.

A pure function of what the desk can know (the view, the row signals) and of the desk's knowledge of news and
offers (a touch about a topic would be news; an offer fits a known job and was not refused at this price) and of
the plan drafted so far. Words come from the UI's catalogues (``agenda.<code>``); each item names the clients it
is about, so a screen can open them as a filter.

Order (most urgent first): an event that began this month and moves the market's prices (check the prices),
news of an event and whom it concerns (a new event first), renewals in their window
with no reminder yet (those due now first), clients at risk of leaving, clients going quiet, offers refused at
this price (leave them alone: before any new offer), products that fit a known job and were not offered, then
the free hours and a useful way to spend them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .seller_desk import ClientSignals
    from .view import DeskView

CODES = ("market", "news", "renewal", "at_risk", "quiet", "refused", "fits", "free_hours")


@dataclass(frozen=True)
class AgendaItem:
    """One thing to do (or to leave alone) this month.

    ``code``: one of :data:`CODES`; ``clients``: whom it concerns (client numbers, most urgent first);
    ``topic``: the product or event a touch or offer would be about (None for none); ``numbers``: the counts
    the words need (``n`` always: how many clients).
    """

    code: str
    clients: np.ndarray
    topic: str | None = None
    numbers: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        """How many clients the item concerns."""
        return int(self.clients.size)


def _ordered(mask: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Clients in ``mask``, smallest ``key`` first (ties by client number)."""
    rows = np.flatnonzero(mask)
    return rows[np.lexsort((rows, key[rows]))]


def month_agenda(view: DeskView, signals: ClientSignals, news: np.ndarray, fits: np.ndarray, refused: np.ndarray, planned: np.ndarray,
                 offered: np.ndarray, hours_left: float, useful_hours: float, limit: int = 6) -> list[AgendaItem]:
    """The month's agenda, most urgent first, at most ``limit`` items (the free hours always last when any).

    ``view``: the :class:`DeskView`; ``signals``: the :class:`ClientSignals` of the month; ``news``: N x (P + E)
    whether a touch about each topic would be news; ``fits`` / ``refused``: N x P the offer fits a known job and
    was not refused / was refused at this price; ``planned``: N x (P + E) a touch about the topic is in the
    plan; ``offered``: N x P the offer is in the plan; ``hours_left``: hours not yet planned;
    ``useful_hours``: the hours of the cheapest one-to-one touch, which carries the client's own topic (0: none).
    """
    P = len(view.product_ids)
    active = np.asarray(view.active)
    silence = np.asarray(view.silence)
    due_in = np.asarray(view.due_in)
    items: list[AgendaItem] = []
    started = np.asarray(view.running_events) & ~_running_before(view)
    for e, eid in enumerate(view.event_ids):
        if not view.running_events[e]:
            continue
        col = P + e
        who = active & news[:, col] & ~planned[:, col]
        if who.any():
            items.append(AgendaItem("news", _ordered(who, -silence), eid, {"n": int(who.sum()),
                                                                           "new": bool(started[e])}))
        elif started[e] and not news[:, col].any():  # news for nobody's known need (a price or cost change): the market moved
            items.append(AgendaItem("market", np.zeros(0, np.int64), eid, {"n": 0, "new": True}))
    items.sort(key=lambda item: (not item.numbers["new"], item.code != "market"))
    cycle = np.asarray(view.cycle)
    for p, pid in enumerate(view.product_ids):
        if cycle[p] <= 0:
            continue
        who = active & np.asarray(view.due_soon)[:, p] & news[:, p] & ~planned[:, p]
        if who.any():
            items.append(AgendaItem("renewal", _ordered(who, due_in[:, p]), pid,
                                    {"n": int(who.sum()), "now": int((who & (due_in[:, p] <= 0)).sum())}))
    any_planned = planned.any(axis=1)
    topics = tuple(view.product_ids) + tuple(view.event_ids)
    for code, who in (("at_risk", np.asarray(signals.at_risk) & ~any_planned),
                      ("quiet", np.asarray(signals.forgetting) & ~np.asarray(signals.at_risk) & ~any_planned)):
        if who.any():
            topic = _best_topic(news, who)  # the reason that is news to most of them
            items.append(AgendaItem(code, _ordered(who, -silence), topics[topic] if topic >= 0 else None,
                                    {"n": int(who.sum()), "news": int(news[who, topic].sum()) if topic >= 0 else 0}))
    left_alone = active & refused.any(axis=1)
    if left_alone.any():
        product = view.product_ids[int(refused[left_alone].sum(axis=0).argmax())]
        items.append(AgendaItem("refused", _ordered(left_alone, np.arange(active.size)), product,
                                {"n": int(left_alone.sum())}))
    for p, pid in enumerate(view.product_ids):
        who = active & fits[:, p] & ~offered[:, p]
        if who.any():
            items.append(AgendaItem("fits", _ordered(who, -silence), pid, {"n": int(who.sum())}))
    items = items[:limit - 1] if hours_left > 0 else items[:limit]
    if hours_left > 0:
        # A useful way to spend them: the topic that would be news to most clients with nothing planned, and them.
        free = active & ~any_planned
        topic = _best_topic(news, free)
        who = free & news[:, topic] if topic >= 0 else np.zeros(active.size, bool)
        reach = int(hours_left // useful_hours) if useful_hours > 0 else 0
        items.append(AgendaItem("free_hours", _ordered(who, -silence), topics[topic] if topic >= 0 else None,
                                {"n": int(who.sum()), "hours": float(hours_left), "reach": reach}))
    return items


def _best_topic(news: np.ndarray, who: np.ndarray) -> int:
    """The topic (column) that would be news to most of ``who`` (-1: none is news to any)."""
    counts = news[who].sum(axis=0) if news.shape[1] else np.zeros(0)
    return int(counts.argmax()) if counts.size and counts.max() > 0 else -1


def _running_before(view: DeskView) -> np.ndarray:
    """E bool: events already running in the month before the one being planned."""
    months_played = view.month
    if months_played == 0:
        return np.zeros(len(view.event_ids), bool)
    return np.asarray(view.events_running_in(months_played - 1))
