"""The pay plan's money over time: periods, the cap and the clawback (pure; the seller's response is in .seller).

A plain scheme (monthly, no cap, no clawback) pays exactly what the engine's
``close_books`` books for the month. Otherwise a seller's :class:`Ledger`
carries what the period has earned so far and the bonus each client's
purchases brought him:

* **Period.** The bonus base adds up over the period (a month or a quarter);
  the threshold counts deal by deal as always, the accelerator's line and the
  cap count over the period, and the bonus is paid in the period's last month.
* **Cap.** A period pays at most ``cap`` in bonus.
* **Clawback.** The bonus a client's purchases brought is taken back when that
  client leaves within ``clawback.months`` of buying.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..engine import MonthReport, bonus_for
from ..scenario.schema import Compensation, PayScheme

QUARTER = 3
UNPAID_TRUST = 0.8   # how much of a bonus earned but not yet paid a seller counts as pay (money later feels like less)


def period_months(scheme: PayScheme) -> int:
    """Months in one of the scheme's bonus periods."""
    return QUARTER if scheme.period == "quarter" else 1


def month_in_period(scheme: PayScheme, month: int) -> int:
    """1-based place of game month ``month`` (0-based) in its period."""
    return month % period_months(scheme) + 1


def plain(scheme: PayScheme) -> bool:
    """Whether the scheme pays a month's bonus on that month alone, uncapped, never taken back."""
    return scheme.period == "month" and scheme.cap is None and scheme.clawback is None


def period_bonus(scheme: PayScheme, comp: Compensation, base: float) -> float:
    """Bonus a period's base earns: the engine's rate, tiers and plan on it, then the cap."""
    bonus = bonus_for(comp, base)[0]
    return min(bonus, math.floor(scheme.cap * 100) / 100) if scheme.cap is not None else bonus   # in kopecks


@dataclass
class Ledger:
    """A seller's running pay plan: the period's base so far and the bonus each recent purchase brought."""

    period_base: float = 0.0
    pending: list = field(default_factory=list)   # (book, client, share of the period's base) this period
    paid: list = field(default_factory=list)      # (month, book, client, bonus) paid, for the clawback


@dataclass(frozen=True)
class Settled:
    """What the pay plan pays this month."""

    bonus: float          # bonus paid this month (the period's, in its last month)
    clawback: float       # bonus taken back for clients lost soon after buying
    capped: float         # bonus the cap withheld
    period_base: float    # the period's base so far (0 after a payout)
    accrued: float        # bonus the period has earned so far (what the seller counts on)


def client_shares(report: MonthReport, markups: dict[str, float], product_ids: tuple[str, ...], base: str
                  ) -> dict[int, float]:
    """Each buying client's part of a book's month base (price on invoice pay, the margin in the price otherwise)."""
    m = np.array([markups.get(p, 0.0) for p in product_ids])
    clients = np.concatenate([report.deal_client[report.deals_won], report.offer_client[report.offers_accepted]])
    products = np.concatenate([report.deal_product[report.deals_won], report.offer_product[report.offers_accepted]])
    prices = np.concatenate([report.deal_price[report.deals_won], report.offer_price[report.offers_accepted]])
    worth = prices if base == "invoice" else prices * m[products] / (1.0 + m[products])
    out: dict[int, float] = {}
    for c, w in zip(clients.tolist(), worth.tolist()):
        out[c] = out.get(c, 0.0) + w
    return out


def settle(scheme: PayScheme, comp: Compensation, ledger: Ledger, month: int, month_base: float,
           shares: dict[str, dict[int, float]], lost: dict[str, np.ndarray]) -> Settled:
    """Book one month of the pay plan on ``ledger`` (changed in place): add the month's base, pay the period's
    bonus in its last month, take back the bonus of clients ``lost`` (book -> client indices) within the
    clawback's months. ``shares`` is book -> client -> his part of the month's base (:func:`client_shares`)."""
    ledger.period_base += month_base
    total = sum(sum(v.values()) for v in shares.values())
    for book, parts in shares.items():
        for client, part in parts.items():
            ledger.pending.append((book, client, month_base * part / total if total > 0 else 0.0))
    earned = bonus_for(comp, ledger.period_base)[0]
    accrued = period_bonus(scheme, comp, ledger.period_base)
    bonus = capped = 0.0
    if month_in_period(scheme, month) == period_months(scheme):
        bonus, capped = accrued, round(earned - accrued, 2)
        rate = bonus / ledger.period_base if ledger.period_base > 0 else 0.0
        ledger.paid += [(month, book, client, part * rate) for book, client, part in ledger.pending]
        ledger.period_base, ledger.pending = 0.0, []
    clawback = 0.0
    if scheme.clawback is not None:
        window = scheme.clawback.months
        gone = {(book, int(c)) for book, cs in lost.items() for c in np.asarray(cs).tolist()}
        keep = []
        for entry in ledger.paid:
            paid_month, book, client, amount = entry
            if (book, client) in gone and month - paid_month <= window:
                clawback += amount
            elif month - paid_month < window:
                keep.append(entry)
        ledger.paid = keep
        ledger.pending = [e for e in ledger.pending if (e[0], e[1]) not in gone]
    else:
        ledger.paid = []
    return Settled(round(bonus, 2), round(clawback, 2), max(capped, 0.0), round(ledger.period_base, 2), accrued)


def felt_pay(scheme: PayScheme, comp: Compensation, salary: float, settled: Settled, month: int) -> float:
    """The month's pay as the seller counts it against his promise: salary plus the period's bonus spread over its
    months (before the payout, what he has earned so far run to the period's end, discounted by UNPAID_TRUST: a
    bonus paid later feels like less), less what was taken back."""
    n = period_months(scheme)
    if n == 1:
        return salary + settled.bonus - settled.clawback
    k = month_in_period(scheme, month)
    if k == n:
        return salary + settled.bonus / n - settled.clawback
    projected = settled.period_base * n / k
    return salary + UNPAID_TRUST * period_bonus(scheme, comp, projected) / n - settled.clawback




def base_for_bonus(comp: Compensation, bonus: float) -> float:
    """The monthly base whose bonus is ``bonus`` (0 when no base pays it)."""
    if bonus <= 0 or bonus_for(comp, 1e12)[0] < bonus:
        return 0.0
    low, high = 0.0, 1e12
    for _ in range(80):
        mid = (low + high) / 2
        low, high = (mid, high) if bonus_for(comp, mid)[0] < bonus else (low, mid)
    return high


def cap_base(scheme: PayScheme, comp: Compensation) -> float | None:
    """The period base at which the cap binds (None without a cap)."""
    if scheme.cap is None:
        return None
    found = base_for_bonus(comp, scheme.cap)
    return found if found > 0 else None
