"""What the market's rules mean in numbers a trainer can read: win rates at a price, offer acceptance.

Each function evaluates the same rule functions the month uses (:mod:`.rules`) for a
typical client, so the authoring guide's tables are generated from the engine and a
test keeps them in step with it.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .rules import offer_chance, purchase_utility, sigmoid

TYPICAL_WIN = 0.7   # a client who buys from us 70% of the time at the market's price


def _typical_base(win_at_market: float) -> float:
    """The loyalty that, with middling recall and fit, gives ``win_at_market`` at the market's price."""
    target = np.log(win_at_market / (1.0 - win_at_market))
    # utility is linear in loyalty: solve for it with recall 0.5, fit 0.7, no incumbency, no price gap.
    at0 = float(purchase_utility(0.0, 0.5, 0.7, False, False, 0.0, 0.0, 1.0))
    at1 = float(purchase_utility(1.0, 0.5, 0.7, False, False, 0.0, 0.0, 1.0))
    return (target - at0) / (at1 - at0)


def win_rates(sensitivities: ArrayLike, gaps: ArrayLike, tolerance: float, win_at_market: float = TYPICAL_WIN) -> np.ndarray:
    """Chance of winning a deal (rows: price sensitivity, columns: price gap to the market) for a client
    who would buy from us ``win_at_market`` of the time at the market's price."""
    loyalty = _typical_base(win_at_market)
    sens = np.asarray(sensitivities, float)[:, None]
    gap = np.asarray(gaps, float)[None, :]
    return sigmoid(purchase_utility(loyalty, 0.5, 0.7, False, False, sens, gap, tolerance))


def offer_rates(fits: ArrayLike, loyalty: float = 0.5, known: bool = True) -> np.ndarray:
    """Chance an offer at the market's price is accepted, by the client's need for the product (0..1);
    ``known``: whether the desk had learned the job the product serves."""
    fit = np.asarray(fits, float)
    learned = fit if known else np.zeros_like(fit)
    return offer_chance(fit, learned, np.full_like(fit, loyalty), np.zeros_like(fit), np.zeros_like(fit), 1.0)
