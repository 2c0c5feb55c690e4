"""What the desk knows before the player acts, as the screens read it: per client and topic, whether a touch would
be news or why not (a repeat, and since when); per client and product, how an offer would land (fits, refused at
this price in month M, no known need, held, ...); and the month agenda built on them.

Every answer is the engine's (:meth:`Game.touch_status`, :meth:`Game.offer_status`,
:func:`~simulator.engine.agenda.month_agenda`); this module only gathers them for the plan drafted so far.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..engine import AgendaItem, ConversationRecord, Game, OfferStatus, SellerDesk, TouchStatus, month_agenda
from .draft import PlanDraft

FITS, REPEAT, REFUSED = int(OfferStatus.FITS), int(OfferStatus.REPEAT), int(OfferStatus.REFUSED)
RENEWING = -1  # shown in place of FITS for a product the client renews this month: a reminder keeps it


@dataclass(frozen=True)
class DeskKnowledge:
    """One month's answers for every client (rows) and topic or product (columns, the scenario's order)."""

    news: np.ndarray          # N x (P + E) bool: a touch about the topic would be news to the client now
    topic: np.ndarray         # N x (P + E) TouchStatus code
    topic_month: np.ndarray   # N x (P + E) the 1-based month the code refers to (0: none)
    offer: np.ndarray         # N x P OfferStatus code, or RENEWING
    offer_month: np.ndarray   # N x P the 1-based month the product was last pitched or offered (0: never)

    def fits(self, product: int) -> np.ndarray:
        """N bool: the product fits a known job and was not refused at this price (and is not renewing now)."""
        return self.offer[:, product] == FITS


def talked_desk(game: Game, talks: Sequence[ConversationRecord] = ()) -> SellerDesk:
    """The desk as it knows the clients after this month's conversations ``talks`` (the engine's
    :meth:`~simulator.engine.SellerDesk.with_conversations`): a need a talk revealed, or a "yes" it heard, counts
    for the fit line and the offers before the month is played."""
    return game.desk.with_conversations(tuple(talks)) if talks else game.desk


def desk_knowledge(game: Game, markups: dict[str, float] | None = None,
                   talks: Sequence[ConversationRecord] = ()) -> DeskKnowledge:
    """The desk's knowledge for the month being planned, at ``markups`` (default: the current ones), after this
    month's conversations ``talks``."""
    desk = talked_desk(game, talks)
    touch, offer = desk.touch_status(markups), desk.offer_status(markups)
    view = desk.view
    code = np.array(offer.code, dtype=np.int64)
    renewing = np.asarray(view.owned) & (np.asarray(view.cycle) > 0)[None, :] & (np.asarray(view.due_in) <= 0)
    code[(code == FITS) & renewing] = RENEWING
    return DeskKnowledge(news=np.asarray(touch.news), topic=np.asarray(touch.code), topic_month=np.asarray(touch.month),
                         offer=code, offer_month=np.asarray(offer.month))


def desk_agenda(draft: PlanDraft, knowledge: DeskKnowledge | None = None) -> list[AgendaItem]:
    """The engine's month agenda for the plan drafted so far (see :func:`~simulator.engine.agenda.month_agenda`)."""
    game = draft.game
    view = game.view
    known = knowledge if knowledge is not None else desk_knowledge(game, draft.markups, draft.conversations())
    one_to_one = np.asarray(view.touch_capacity) == 1   # a touch that carries the client's own topic
    useful_hours = float(np.asarray(view.touch_hours)[one_to_one].min()) if one_to_one.any() else 0.0
    pushing = (known.offer == REFUSED) | (known.offer == REPEAT)   # turned down, or pitched, at this price
    return month_agenda(view, game.client_signals(), known.news, known.offer == FITS, pushing,
                        draft.topics_planned(), draft.offers_planned(), draft.hours_left(), useful_hours)


TOUCH_WORDS = {int(c): c.name.lower() for c in TouchStatus}
OFFER_WORDS = {int(c): c.name.lower() for c in OfferStatus} | {RENEWING: "renewing"}
