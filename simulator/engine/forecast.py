"""Expected values for the month ahead: the same rules as the month, without the luck.

A forecast reads the game's state and never draws a random number, so asking
for one changes nothing (the player's luck stays untouched). It answers the
question a seller asks at the price slider: at this markup, how many deals
can I expect this month, and what do they bring? Strategies use it to search
their markups; the desk can show it as the slider moves.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.schema import Scenario
from .rules import goodwill, known_fit, market_month, offer_chance, overprice_hurt, purchase_utility, sigmoid
from .world import NEVER, Catalog, ClientState, prerequisites_met


@dataclass(frozen=True)
class PriceOutlook:
    """Expected results of one product this month at each of several markups (arrays aligned with ``markups``)."""

    product: str
    markups: np.ndarray
    price: np.ndarray
    gap: np.ndarray            # (price - market) / market
    deals: np.ndarray          # expected sales: demand won plus offers accepted
    revenue: np.ndarray
    gross_profit: np.ndarray
    margin_after_serve: np.ndarray  # gross profit less the cost to serve those sales
    loyalty_cost: np.ndarray   # expected loyalty lost to quotes beyond the market's tolerance (summed over clients)
    demand: float              # expected clients with demand for it this month, whoever they buy from


def price_outlook(s: Scenario, cat: Catalog, st: ClientState, t: int, product: int, markups: np.ndarray,
                  offer_clients: np.ndarray | None = None, personal: np.ndarray | None = None) -> PriceOutlook:
    """Expected sales of ``product`` in 0-based month ``t`` at each markup in ``markups``.

    Demand comes from renewals falling due and from needs (their monthly chance); each client
    with demand buys from us with the month's choice rule. ``offer_clients`` (if given) are
    offered the product, accepted with the offer rule; ``personal`` (N bool, default all) marks the clients
    met one-to-one this month (an offer to the others converts less). This month's touches are not counted.
    """
    m = s.model
    mk = market_month(cat, st.need, st.intensity, t)
    p = product
    markups = np.asarray(markups, float)
    price = mk.cost[p] * (1.0 + markups)
    gap = (price - mk.market[p]) / mk.market[p]
    active = st.active
    bought = st.last_buy[:, p]
    owned = bought > NEVER
    if cat.cycle[p] > 0:
        due = owned & (bought <= t - cat.cycle[p])
    else:
        due = np.zeros_like(owned)
    chance = due.astype(float)
    if cat.core[p]:
        fresh = ~owned
        if cat.requires[p].any():
            fresh &= prerequisites_met(st.last_buy > NEVER, cat.requires)[:, p]
        chance = np.where(fresh, m.demand_rate * mk.intensity[:, p], chance)
    chance = np.where(active, chance, 0.0)
    who = np.flatnonzero(chance > 0)
    fit = mk.intensity[who, p]
    incumbent = due[who] & st.ours[who, p]
    reminded = st.reminded_personally[who, p] >= bought[who]
    sens = st.price_sensitivity[who]
    trust = goodwill(st.loyalty, st.annoyance * 0.5, m.contact_tolerance)  # annoyance halves as the month starts
    utility = purchase_utility(trust[who, None], st.recall[who, None], fit[:, None], incumbent[:, None],
                               reminded[:, None], sens[:, None], gap[None, :], m.price_tolerance)
    affordable = price[None, :] <= st.budget[who, None]
    win = sigmoid(utility) * affordable * chance[who, None]
    deals = win.sum(axis=0)
    hurt = (chance[who, None] * overprice_hurt(gap[None, :], m.price_tolerance)).sum(axis=0)
    if offer_clients is not None and len(offer_clients):
        oc = np.asarray(offer_clients, np.int64)
        oc = oc[active[oc] & ~(owned[oc] & ((cat.cycle[p] == 0) | (t - bought[oc] < cat.cycle[p])))]
        o_sens = st.price_sensitivity[oc]
        learned = known_fit(mk.need, st.revealed, cat.serves, oc, np.full(oc.size, p))
        met = np.ones(oc.size, bool) if personal is None else np.asarray(personal, bool)[oc]
        take = offer_chance(mk.intensity[oc, p][:, None], learned[:, None], trust[oc, None], o_sens[:, None],
                            gap[None, :], m.price_tolerance, met[:, None]) * (price[None, :] <= st.budget[oc, None]) * (1.0 - chance[oc, None])
        deals = deals + take.sum(axis=0)
        hurt = hurt + overprice_hurt(gap, m.price_tolerance) * oc.size
    margin = price - mk.cost[p]
    return PriceOutlook(
        product=cat.product_ids[p], markups=markups, price=price, gap=gap, deals=deals, revenue=deals * price,
        gross_profit=deals * margin, margin_after_serve=deals * (margin - cat.serve_cost[p]), loyalty_cost=hurt,
        demand=float(chance.sum()),
    )


@dataclass(frozen=True)
class MonthForecast:
    """The month ahead with a plan, in expected values: per product (aligned with the catalogue) and in total."""

    deals: np.ndarray
    revenue: np.ndarray
    gross_profit: np.ndarray
    total_deals: float
    total_revenue: float
    total_gross_profit: float
    bonus: float           # the scheme's bonus on the expected base (an estimate: luck and, on net profit, overheads move it)
