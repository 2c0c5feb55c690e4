"""What a game's play shows of each lesson: behaviour a trainer can read as learning, apart from the score.

Each :class:`Evidence` is a share of cases (``hits`` of ``count``) of one behaviour the course teaches, tied to its
lesson: renewals met with a touch before they came due (1), touches that carried a reason (2), offers that fit a
known job (3), offers not repeated after a refusal (3), quotes inside the market's tolerance (5). Sums of hits and
counts add up across games, so a person's record over every scenario they played is the same shares over all.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .mistakes import mistakes
from .reasons import Reason
from .takeaways import MISFIT_CODES, takeaways

if TYPE_CHECKING:
    from .game import Game

REMINDED, REASONED, FITTING, NO_REPEATS, IN_BAND = (
    "renewals_reminded", "reasoned_contact", "fitting_offers", "no_repeat_refusals", "price_in_band")
EVIDENCE_CODES = (REMINDED, REASONED, FITTING, NO_REPEATS, IN_BAND)
EVIDENCE_LESSON = {REMINDED: 1, REASONED: 2, FITTING: 3, NO_REPEATS: 3, IN_BAND: 5}
REMINDER_MONTHS = 2   # a touch in the renewal's month or the month before counts as a reminder


@dataclass(frozen=True)
class Evidence:
    """One behaviour of one game (or summed over games): ``hits`` of ``count`` cases went the way the lesson says."""

    code: str
    lesson: int
    hits: int
    count: int

    @property
    def share(self) -> float | None:
        """hits / count, or None when there was no case."""
        return self.hits / self.count if self.count else None

    def __add__(self, other: Evidence) -> Evidence:
        return Evidence(self.code, self.lesson, self.hits + other.hits, self.count + other.count)


def play_evidence(game: Game) -> list[Evidence]:
    """The behaviours of a game played so far, one :class:`Evidence` per code of :data:`EVIDENCE_CODES`."""
    plans, reports = game.plans, game.reports
    n = game.n_clients
    last_touch = np.full(n, -10**6, np.int64)
    reminded = renewals = 0
    for t, (plan, report) in enumerate(zip(plans, reports)):
        for batch in plan.touches:
            last_touch[np.asarray(batch.clients, np.int64)] = t
        rows = report.deal_client[report.deal_renewal]
        renewals += int(rows.size)
        reminded += int((t - last_touch[rows] < REMINDER_MONTHS).sum())
    touches = sum(r.touches for r in reports)
    useful = sum(r.useful_touches for r in reports)
    offers = np.concatenate([r.offer_reason for r in reports]) if reports else np.zeros(0, np.int64)
    misfit = int(np.isin(offers, MISFIT_CODES).sum())
    pushed = int((offers == Reason.PUSHED).sum())
    tolerance = game.scenario.model.price_tolerance
    gaps = np.concatenate([np.r_[r.deal_gap, r.offer_gap] for r in reports]) if reports else np.zeros(0)
    inside = int((gaps <= tolerance + 1e-9).sum())
    found = {REMINDED: (reminded, renewals), REASONED: (int(useful), int(touches)),
             FITTING: (int(offers.size) - misfit, int(offers.size)), NO_REPEATS: (int(offers.size) - pushed, int(offers.size)),
             IN_BAND: (inside, int(gaps.size))}
    return [Evidence(code, EVIDENCE_LESSON[code], *found[code]) for code in EVIDENCE_CODES]


@dataclass(frozen=True)
class Miss:
    """A game's biggest miss by cause, for the reflection prompt after the debrief: ``code`` (a takeaway's or a
    mistake's: ``forgotten``, ``empty_touches``, ``misfit_offers``, ``price``, ``ceiling_first_month``,
    ``renewals_untouched``, ``no_offers``; ``none`` when nothing stood out), its lesson and its numbers."""

    code: str
    lesson: int
    numbers: dict


def biggest_miss(game: Game) -> Miss:
    """The miss that cost the game most: the weightiest finding of the debrief's takeaways that is not praise,
    else the first of the group's common mistakes the game made, else ``none``."""
    for item in takeaways(game.reports, game.n_clients, limit=4):
        if not item.good:
            return Miss(item.code, item.lesson, dict(item.numbers))
    found = mistakes(game)
    if found:
        first = found[0]
        return Miss(first.code, first.lesson, {**first.numbers, **({"product": first.product} if first.product else {})})
    return Miss("none", 0, {})
