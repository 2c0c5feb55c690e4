"""What the desk knows before the player acts, per client: whether a touch about each topic would be news or a
repeat, and how an offer of each product stands (fits, refused at this price, no known need, owned).

Every answer is the engine's: the news is :meth:`Game.news`, the fit is :meth:`DeskView.offer_fit` (taken for all
clients at once) and a repeat is the engine's rule :func:`~simulator.engine.rules.pitch_is_news`. Nothing here
decides anything of its own; screens and the month agenda read this table.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import Game
from ..engine.agenda import AgendaItem, month_agenda
from ..engine.rules import market_month, pitch_is_news, renewal_window
from ..engine.world import NEED_THRESHOLD, NEVER
from .draft import PlanDraft

# Offer status codes (N x P), most blocking first.
OWNED, REQUIRES, REFUSED, FITS, WEAK, UNKNOWN, RENEWING = range(7)
OFFER_STATUS = ("owned", "requires", "refused", "fits", "weak", "unknown", "renewing")


@dataclass(frozen=True)
class DeskKnowledge:
    """One month's answers for every client (rows) and topic or product (columns, the scenario's order)."""

    news: np.ndarray           # N x (P + E) bool: a touch about the topic would be news to the client now
    used_month: np.ndarray     # N x (P + E) int: 1-based month the topic was last used with the client (0: never;
                               # -1: an event's news already told, month not kept)
    offer: np.ndarray          # N x P status code (OFFER_STATUS)
    strength: np.ndarray       # N x P the known need the product serves (0..1)
    pitched_month: np.ndarray  # N x P 1-based month of the last pitch or offer of the product (0: never)

    def fits(self, product: int) -> np.ndarray:
        """N bool: the product fits a known job and was not refused at this price."""
        return self.offer[:, product] == FITS


def desk_knowledge(game: Game, markups: dict[str, float] | None = None) -> DeskKnowledge:
    """The desk's knowledge for the month being planned, at ``markups`` (default: the current ones)."""
    view, cat, st = game.view, game.catalog, game.state
    P, N = len(view.product_ids), game.n_clients
    news = np.array(game.news(markups))
    used = np.zeros(news.shape, np.int64)
    reminded = np.asarray(st.reminded)
    pitched_at = np.asarray(st.pitched_at)
    last = np.maximum(reminded, pitched_at)
    used[:, :P] = np.where(last > NEVER, last + 1, 0)
    used[:, P:] = np.where(np.asarray(st.told), -1, 0)
    # The fit as DeskView.offer_fit words it, for every client at once.
    known = np.asarray(view.known_needs)
    serves = np.asarray(cat.serves)
    strength = np.stack([(known * serves[p]).max(axis=1) if serves[p].any() else np.zeros(N) for p in range(P)],
                        axis=1) if P else np.zeros((N, 0))
    revealed_job = np.stack([(np.asarray(view.revealed) & serves[p]).any(axis=1) for p in range(P)], axis=1) \
        if P else np.zeros((N, 0), bool)
    owned = np.asarray(view.owned) & ((np.asarray(view.cycle) == 0)[None, :] | (np.asarray(view.due_in) > 0))
    offer = np.where(strength >= NEED_THRESHOLD, FITS, np.where(revealed_job, WEAK, UNKNOWN))
    # News the desk can see coming: the engine's news, where the reason is one the desk knows (a renewal in its
    # window, a need it has learned, an event that concerns a known need); a hidden need's news stays a surprise.
    cycle = np.asarray(view.cycle)
    window = (np.asarray(view.owned) & (cycle > 0)[None, :]
              & (np.asarray(view.due_in) <= renewal_window(np.maximum(cycle, 1))[None, :]))
    news[:, :P] &= window | (strength >= NEED_THRESHOLD)
    for e in range(news.shape[1] - P):
        news[:, P + e] &= np.asarray(view.concerned(e))
    # A product pitched before and not news again (same price, same need): a repeat is pushing (the engine's rule).
    t = min(game.month, game.turns - 1)
    mk = market_month(cat, np.asarray(st.need), np.asarray(st.intensity), t)
    values = np.asarray([(markups or game.markups).get(pid, game.markups[pid]) for pid in view.product_ids])
    price = mk.cost * (1.0 + values)
    pitched = pitched_at > NEVER
    repeat = np.zeros((N, P), bool)
    rows, cols = np.nonzero(pitched)
    if rows.size:
        repeat[rows, cols] = ~pitch_is_news(st, rows, cols, price[cols], mk.intensity[rows, cols])
    offer = np.where(repeat, REFUSED, offer)
    offer = np.where(~np.asarray(view.prerequisites_met), REQUIRES, offer)
    offer = np.where(owned, OWNED, offer)
    # Due now: the client is renewing it this month (an offer would find them in the deal): a reminder, not an offer.
    offer = np.where(np.asarray(view.owned) & (np.asarray(view.cycle) > 0)[None, :] & (np.asarray(view.due_in) <= 0),
                     RENEWING, offer)
    return DeskKnowledge(news=news, used_month=used, offer=offer.astype(np.int64), strength=strength,
                         pitched_month=np.where(pitched, pitched_at + 1, 0))


def desk_agenda(draft: PlanDraft, knowledge: DeskKnowledge | None = None) -> list[AgendaItem]:
    """The engine's month agenda for the plan drafted so far (see :func:`~simulator.engine.agenda.month_agenda`)."""
    game = draft.game
    view = game.view
    known = knowledge if knowledge is not None else desk_knowledge(game, draft.markups)
    one_to_one = np.asarray(view.touch_capacity) == 1   # a touch that carries the client's own topic
    useful_hours = float(np.asarray(view.touch_hours)[one_to_one].min()) if one_to_one.any() else 0.0
    return month_agenda(view, game.client_signals(), known.news, known.offer == FITS, known.offer == REFUSED,
                        draft.topics_planned(), draft.offers_planned(), draft.hours_left(), useful_hours)
