"""What a month produced: deals, offers, churn, loyalty moves and the books."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .conversation import ConversationOutcome
from .money import Books
from .reasons import Reason


@dataclass(frozen=True)
class MonthReport:
    """The outcome of one month. Arrays are aligned per deal or per offer; reasons are codes."""

    month: int                   # 1-based
    events: tuple[str, ...]      # ids of events running this month
    deal_client: np.ndarray
    deal_product: np.ndarray
    deal_reason: np.ndarray      # Reason codes; WON / WON_RENEWAL mean a sale
    deal_price: np.ndarray
    deal_gap: np.ndarray         # (our price - market) / market
    deal_renewal: np.ndarray     # bool: a cycle product came due
    offer_client: np.ndarray
    offer_product: np.ndarray
    offer_reason: np.ndarray     # ACCEPTED or ACCEPTED_ANYWAY mean a sale
    offer_price: np.ndarray
    offer_gap: np.ndarray        # (offer price - market) / market, with the month's events applied
    churned: np.ndarray          # client indices lost this month
    churn_reason: np.ndarray     # Departure code per churned client
    won_back: np.ndarray         # client indices won back this month
    revealed: np.ndarray         # client indices whose hidden needs were revealed
    loyalty_change: np.ndarray   # N: loyalty after minus before
    loyalty_by_cause: np.ndarray  # Cause-indexed: the mean change over all clients from each cause (sums to the mean change)
    loyalty_cause: np.ndarray    # N: each client's biggest Cause this month (-1: no change)
    silence: np.ndarray          # N: months since last contact, at the start of the month
    touches: int
    useful_touches: int
    hours_used: float
    books: Books
    kpis: dict
    conversations: tuple[ConversationOutcome, ...] = ()   # the month's discovery conversations, what each did

    @property
    def deals_won(self) -> np.ndarray:
        """Mask of deals we won."""
        return (self.deal_reason == Reason.WON) | (self.deal_reason == Reason.WON_RENEWAL)

    @property
    def offers_accepted(self) -> np.ndarray:
        """Mask of offers accepted."""
        return (self.offer_reason == Reason.ACCEPTED) | (self.offer_reason == Reason.ACCEPTED_ANYWAY)
