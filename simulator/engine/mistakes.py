"""Mistakes a trainer looks for across a group: each one a yes/no of one finished game, with its numbers.

The store replays every game of a group and counts how many made each mistake ("7 of 12 set the
software markup at the ceiling in month 1"); the words come from the UI's catalogues
(``group.mistake.<code>``). The rules live here, beside the debrief's :mod:`.takeaways`, whose
findings that are not praise count as mistakes too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .takeaways import takeaways

if TYPE_CHECKING:
    from .game import Game

# Codes in the order a trainer would talk them through (the course's lessons: price, memory, fit, range).
CEILING_FIRST_MONTH = "ceiling_first_month"
RENEWALS_UNTOUCHED = "renewals_untouched"
NO_OFFERS = "no_offers"
TAKEAWAY_CODES = ("forgotten", "empty_touches", "misfit_offers", "price")
CODES = (CEILING_FIRST_MONTH, RENEWALS_UNTOUCHED, NO_OFFERS) + TAKEAWAY_CODES
UNTOUCHED_SHARE = 0.5  # more than this share of the renewals that came due had no touch before: a mistake
_EPS = 1e-6


@dataclass(frozen=True)
class Mistake:
    """One mistake in one game: ``code`` (one of :data:`CODES`), the course's ``lesson`` (1-7), ``product``
    (a product id, for a mistake about one product) and ``numbers`` for the text."""

    code: str
    lesson: int
    product: str | None = None
    numbers: dict = field(default_factory=dict)


def mistakes(game: Game) -> list[Mistake]:
    """The mistakes of a game played so far (``game``: an engine Game), in the order of :data:`CODES`."""
    found = _ceiling_first_month(game)
    untouched = _renewals_untouched(game)
    if untouched is not None:
        found.append(untouched)
    if game.plans and not any(len(batch.clients) for plan in game.plans for batch in plan.offers):
        found.append(Mistake(NO_OFFERS, 4))
    for item in takeaways(game.reports, game.n_clients, limit=len(TAKEAWAY_CODES) + 2):
        if not item.good and item.code in TAKEAWAY_CODES:
            found.append(Mistake(item.code, item.lesson, numbers=dict(item.numbers)))
    return sorted(found, key=lambda m: CODES.index(m.code))


def _ceiling_first_month(game: Game) -> list[Mistake]:
    """Each free-markup product priced at its ceiling in the first month (before the market answered)."""
    if not game.plans:
        return []
    cat, first = game.catalog, game.plans[0].markups
    out = []
    for p, pid in enumerate(cat.product_ids):
        if cat.fixed[p] or cat.markup_max[p] - cat.markup_min[p] <= _EPS:
            continue
        value = float(first.get(pid, cat.markup_start[p]))
        if value >= cat.markup_max[p] - _EPS:
            out.append(Mistake(CEILING_FIRST_MONTH, 5, pid, {"markup": value}))
    return out


def _renewals_untouched(game: Game) -> Mistake | None:
    """Most clients whose renewal came due had no touch in that month or any month before it."""
    touched = np.zeros(game.n_clients, dtype=bool)
    due, missed = set(), set()
    for plan, report in zip(game.plans, game.reports):
        for batch in plan.touches:
            touched[np.asarray(batch.clients, dtype=np.int64)] = True
        for client in np.unique(report.deal_client[report.deal_renewal]).tolist():
            if client not in due:
                due.add(client)
                if not touched[client]:
                    missed.add(client)
    if due and len(missed) > UNTOUCHED_SHARE * len(due):
        return Mistake(RENEWALS_UNTOUCHED, 1, numbers={"missed": len(missed), "due": len(due)})
    return None
