"""Where two plays of a scenario differ, by channel, by reason and by product: the counts a what-if puts side by
side ("calls 639 → 1,420; offers refused for no known need 212 → 8; declarations sold 40 → 95")."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .game import Game


@dataclass(frozen=True)
class PlayBreakdown:
    """Counts over the months from ``from_month`` (1-based, inclusive) to the end of a game.

    ``touches_by_kind``: touches made per touch kind (a channel; a group session counts each client reached);
    ``touches_by_reason``: touches per topic kind, ``renewal`` / ``pitch`` / ``event`` / ``none`` (no topic);
    ``offers_by_reason``: offers per outcome (a :class:`~.reasons.Reason` code);
    ``sold_by_product`` / ``offered_by_product``: sales (deals won and offers accepted) and offers made, per product.
    """

    touches_by_kind: dict
    touches_by_reason: dict
    offers_by_reason: dict
    sold_by_product: dict
    offered_by_product: dict


def play_breakdown(game: Game, from_month: int = 1) -> PlayBreakdown:
    """The breakdown of ``game``'s months ``from_month``.. (all played months when 1)."""
    cat = game.catalog
    kinds: Counter = Counter()
    topics: Counter = Counter()
    offers: Counter = Counter()
    sold: Counter = Counter()
    offered: Counter = Counter()
    products, events = set(cat.product_ids), set(cat.event_ids)
    for plan, report in zip(game.plans, game.reports):
        if report.month < from_month:
            continue
        for batch in plan.touches:
            n = int(np.asarray(batch.clients).size)
            kinds[batch.kind] += n
            topic = batch.topic
            topics["none" if topic is None else "event" if topic in events else
                   "product" if topic in products else "none"] += n
        for code in np.asarray(report.offer_reason).tolist():
            offers[int(code)] += 1
        for p in np.asarray(report.offer_product).tolist():
            offered[cat.product_ids[int(p)]] += 1
        won = np.asarray(report.deals_won)
        for p in np.asarray(report.deal_product)[won].tolist():
            sold[cat.product_ids[int(p)]] += 1
        for p in np.asarray(report.offer_product)[np.asarray(report.offers_accepted)].tolist():
            sold[cat.product_ids[int(p)]] += 1
    return PlayBreakdown(dict(kinds), dict(topics), dict(offers), dict(sold), dict(offered))
