"""The month's rules, vectorised over clients.

Order of play: events -> recall fades -> touches (recall, loyalty, annoyance,
revealed needs, win-backs) -> demand (renewals come due, needs turn into
purchases) -> choice (us or a competitor) -> offers -> silence and erosion ->
churn -> books.

Loyalty has a realistic middle: gains shrink above SATURATION and competitors
wear a little of it away every month (EROSION), so only steady useful contact
keeps it high. Prices steepen their pull beyond the market's tolerance
(PRICE_EXCESS) and a client quoted such a price feels overcharged once that
month. Clients leave when they both forget and distrust us, when they renew
with a competitor while barely remembering us, or when a competitor lures a
client with little trust left (more easily when we annoy them).

All randomness comes from :class:`~simulator.engine.rng.Draws`, keyed
by (month, client, slot), so one client's luck never depends on another's
treatment.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from ..scenario.schema import Scenario
from . import rng
from .money import close_books
from .plan import CompiledPlan
from .reasons import Reason
from .report import MonthReport
from .world import NEED_THRESHOLD, NEVER, Catalog, ClientState, job_intensity, prerequisites_met

# Purchase choice: logit of buying from us.
CHOICE_BIAS, CHOICE_LOYALTY, CHOICE_RECALL, CHOICE_FIT, CHOICE_INCUMBENT = -2.5, 4.0, 2.5, 0.5, 0.5
PRICE_SLOPE = 3.0            # times the client's price sensitivity, per unit of price gap
PRICE_EXCESS = 4.0           # extra slope beyond the market's tolerance: "the buyer is no fool"
# Offers: logit of accepting.
OFFER_BIAS, OFFER_FIT, OFFER_LOYALTY = -3.0, 6.0, 1.5
# Loyalty moves.
USEFUL_GAIN_CAP = 0.12       # most loyalty useful touches add in one month
ANNOYANCE_PENALTY = 0.02     # per touch without a reason above the tolerance
DEAL_WON, DEAL_LOST, RENEWAL_LOST = 0.02, -0.02, -0.03
OFFER_FITS, OFFER_MISFIT, OFFER_OWNED = 0.03, -0.03, -0.01
OVERPRICE_BASE, OVERPRICE_SLOPE, OVERPRICE_CAP = 0.01, 0.25, 0.15
SILENCE_FADE = 0.015
SATURATION = 0.5             # loyalty above which gains shrink: full below it, none at 1.0
EROSION = 0.015              # share of loyalty competitors wear away each month
POACH_RATE, POACH_BELOW = 0.05, 0.3  # monthly chance a competitor lures a client with no trust left, fading to 0 at this loyalty
ANNOYED_POACH = 2.0          # an annoyed client is this many times easier to lure
RENEWAL_WINDOW = 3           # months before a renewal in which a reminder is a useful reason
WIN_BACK_CHANCE = 0.3
WON_RECALL = 0.3             # a purchase from us brings us back to mind


# Reason codes as plain ints: numpy treats an IntEnum member as a foreign object (several microseconds a use).
R = SimpleNamespace(**{r.name: int(r) for r in Reason})


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # Clipped where exp would overflow (a price a hundred times the market's); the result there is 0 or 1 anyway.
    return 1.0 / (1.0 + np.exp(-np.clip(x, -700.0, 700.0)))


def _saturated(delta: np.ndarray, loyalty: np.ndarray) -> np.ndarray:
    """Loyalty changes with gains shrinking above SATURATION: the last points of trust are the hardest."""
    room = np.clip((1.0 - loyalty) / (1.0 - SATURATION), 0.0, 1.0)
    return np.where(delta > 0, delta * room, delta)


def _distinct_rows(rows: np.ndarray, n: int) -> np.ndarray:
    """The distinct values of ``rows`` (client indices below ``n``), sorted."""
    seen = np.zeros(n, bool)
    seen[rows] = True
    return np.flatnonzero(seen)


def price_pressure(sensitivity: np.ndarray, gap: np.ndarray, tolerance: float) -> np.ndarray:
    """How much a price gap to the market weighs against buying from us (logit units).

    Linear in the gap, steeper beyond the market's tolerance: a little above
    market is a trade-off, far above it the market walks away.
    """
    return sensitivity * (PRICE_SLOPE * gap + PRICE_EXCESS * np.maximum(gap - tolerance, 0.0))


def overprice_hurt(gap: np.ndarray, tolerance: float) -> np.ndarray:
    """Loyalty lost when a client is quoted a price beyond the market's tolerance."""
    over = np.maximum(gap - tolerance, 0.0)
    return np.where(over > 0, np.minimum(OVERPRICE_BASE + OVERPRICE_SLOPE * over, OVERPRICE_CAP), 0.0)


def resolve_month(s: Scenario, cat: Catalog, st: ClientState, draws: rng.Draws, t: int, plan: CompiledPlan) -> MonthReport:
    """Play 0-based month ``t`` on ``st`` (mutated in place) and report what happened."""
    m = s.model
    N, P = st.need.shape[0], cat.cost.shape[0]
    loyalty_before = st.loyalty.copy()
    silence_start = t - st.last_contact

    # Events.
    running = cat.active_events(t)
    price_factor = cat.event_price[running].prod(axis=0) if running.any() else 1.0
    cost_factor = cat.event_cost[running].prod(axis=0) if running.any() else 1.0
    market = cat.market_price * price_factor
    cost = cat.cost * cost_factor
    need, intensity = st.need, st.intensity
    boost = cat.event_needs[running].sum(axis=0) if running.any() else None
    if boost is not None and boost.any():
        need = np.clip(need + (need > 0) * boost, 0.0, 1.0)
        intensity = job_intensity(need, cat.serves)
    price = cost * (1.0 + plan.markups)
    gap_all = (price - market) / market

    st.recall *= np.exp(-1.0 / m.memory_months)

    # Touches.
    st.annoyance *= 0.5  # annoyance fades by half each month
    tc, tk, tt = plan.touch_client, plan.touch_kind, plan.touch_topic
    won_back = np.zeros(0, np.int64)
    if tc.size:
        inactive = ~st.active[tc]
        if inactive.any():
            candidates = np.unique(tc[inactive])
            luck = draws.uniform(t, candidates, rng.WIN_BACK)
            won_back = candidates[luck < WIN_BACK_CHANCE]
            st.active[won_back] = True
            st.loyalty[won_back] = np.maximum(st.loyalty[won_back], 0.3)
            keep = ~inactive
            tc, tk, tt = tc[keep], tk[keep], tt[keep]
    useful = np.zeros(tc.size, bool)
    if tc.size:
        useful = cat.touch_useful[tk].copy()
        on_product = (tt >= 0) & (tt < P)
        if on_product.any():
            c, p = tc[on_product], tt[on_product]
            bought = st.last_buy[c, p]
            held = (bought > NEVER) & ((cat.cycle[p] == 0) | (t - bought < cat.cycle[p]))
            due_soon = (bought > NEVER) & (cat.cycle[p] > 0) & (t - bought + RENEWAL_WINDOW >= cat.cycle[p])
            useful[on_product] |= ((intensity[c, p] >= NEED_THRESHOLD) & ~held) | due_soon
        on_event = tt >= P
        if on_event.any():
            c, e = tc[on_event], tt[on_event] - P
            concerned = ((need[c] >= NEED_THRESHOLD) & cat.event_concerns[e]).any(axis=1)
            useful[on_event] |= running[e] & concerned
        strength = np.clip(cat.touch_recall[tk], 0.0, 0.99)
        reached = _distinct_rows(tc, N)
        keep_share = np.exp(np.bincount(tc, weights=np.log1p(-strength), minlength=N)[reached])
        # Only touched rows: 1 - (1 - r) * 1 is not always r in floating point, and an untouched
        # client's numbers must not move when another client is touched (common random numbers).
        st.recall[reached] = 1.0 - (1.0 - st.recall[reached]) * keep_share
        gain = np.bincount(tc, weights=cat.touch_loyalty[tk] * useful, minlength=N)[reached]
        st.loyalty[reached] += _saturated(np.minimum(gain, USEFUL_GAIN_CAP), st.loyalty[reached])
        st.annoyance += np.bincount(tc, weights=(~useful).astype(float), minlength=N)  # empty touches
        reveal_chance = np.zeros(N)
        np.maximum.at(reveal_chance, tc, cat.touch_reveal[tk])
        touched = np.flatnonzero(reveal_chance > 0)
        lucky = touched[draws.uniform(t, touched, rng.REVEAL) < reveal_chance[touched]]
        has, was = st.need[lucky] > 0, st.revealed[lucky]
        fresh = np.zeros(lucky.size, bool)
        for j in range(has.shape[1]):  # a few jobs: columns beat .any(axis=1) over narrow rows
            fresh |= has[:, j] & ~was[:, j]
        newly = lucky[fresh]
        st.revealed[lucky] = was | has
        st.last_contact[reached] = t
    else:
        newly = np.zeros(0, np.int64)
    # Over-contact: annoyance beyond the tolerance costs trust every month it lasts, touched or not.
    st.loyalty -= ANNOYANCE_PENALTY * np.maximum(st.annoyance - m.contact_tolerance, 0.0)

    # Demand.
    # N x P masks are built in place, by column or by row: broadcasting an N- or P-vector over
    # a grid only a few products wide costs several times a plain elementwise pass.
    owned = st.last_buy > NEVER
    gone = ~st.active
    # Due: a cycle product bought at least a cycle ago (t - bought >= cycle); a one-off product never comes due.
    due = np.zeros(owned.shape, bool)
    for p in np.flatnonzero(cat.cycle > 0):
        np.less_equal(st.last_buy[:, p], t - cat.cycle[p], out=due[:, p])
    due &= owned
    # Owned products are either held or due, so only products never bought can be wanted afresh.
    spontaneous = ~owned
    spontaneous[:, ~cat.core] = False
    spontaneous[gone] = False
    if cat.requires.any():
        spontaneous &= prerequisites_met(owned, cat.requires)
    # Draw only where a need could turn into demand: the same numbers a full grid would hold there.
    # (A chance that rounds to 0 is drawn for but never met: luck < 0 is false.)
    spontaneous &= intensity > 0
    maybe = np.flatnonzero(spontaneous)
    demand = due.copy()
    demand[gone] = False
    if maybe.size:
        luck = draws.uniform(t, maybe // P, rng.DEMAND + maybe % P)
        chance = m.demand_rate * intensity.ravel()[maybe]
        demand.ravel()[maybe[luck < chance]] = True

    # Choice: us or a competitor.
    dc, dp = np.divmod(np.flatnonzero(demand), P)  # np.nonzero's row-major order, quicker
    d_price, d_gap = price[dp], gap_all[dp]
    loy, rec, sens = st.loyalty[dc], st.recall[dc], st.price_sensitivity[dc]
    renewal = due[dc, dp]
    incumbent = renewal & st.ours[dc, dp]
    price_term = price_pressure(sens, d_gap, m.price_tolerance)
    utility = (CHOICE_BIAS + CHOICE_LOYALTY * loy + CHOICE_RECALL * rec + CHOICE_FIT * intensity[dc, dp]
               + CHOICE_INCUMBENT * incumbent - price_term)
    over_budget = d_price > st.budget[dc]
    won = (draws.uniform(t, dc, rng.CHOICE + dp) < _sigmoid(utility)) & ~over_budget
    deal_reason = np.where(renewal, R.WON_RENEWAL, R.WON).astype(np.int8)
    blame = np.stack([
        np.maximum(price_term, 0.0),
        CHOICE_RECALL * (0.5 - rec),
        CHOICE_LOYALTY * (0.5 - loy),
    ])
    worst = blame.argmax(axis=0)
    lost_reason = np.where(blame.max(axis=0) < 0.25, R.COMPETITOR,
                           np.array([R.PRICE, R.FORGOT, R.LOW_LOYALTY])[worst])
    lost_reason = np.where(over_budget, R.BUDGET, lost_reason)
    deal_reason = np.where(won, deal_reason, lost_reason).astype(np.int8)

    st.last_buy[dc, dp] = t
    st.ours[dc, dp] = won
    lost_incumbent = incumbent & ~won
    delta = np.where(won, DEAL_WON, DEAL_LOST) + np.where(lost_incumbent, RENEWAL_LOST, 0.0)
    if dc.size:  # only clients with a deal move (adding 0 to the others changes nothing)
        dealt = _distinct_rows(dc, N)
        deal_delta = np.bincount(dc, weights=delta, minlength=N)[dealt]
        st.loyalty[dealt] += _saturated(deal_delta, st.loyalty[dealt])
    # Feeling overcharged counts once a month, by the dearest quote (deals here, offers below).
    overcharged = np.zeros(N)
    np.maximum.at(overcharged, dc, overprice_hurt(d_gap, m.price_tolerance))
    buyers = dc[won]  # repeats are harmless: each writes the same value computed from the old one
    st.last_contact[buyers] = t
    st.recall[buyers] += (1.0 - st.recall[buyers]) * WON_RECALL
    np.add.at(st.purchases, dc[won], 1)

    # Offers.
    oc, op = plan.offer_client, plan.offer_product
    offer_reason = np.zeros(oc.size, np.int8)
    o_price = price[op]
    if oc.size:
        bought = st.last_buy[oc, op]
        o_held = (bought > NEVER) & ((cat.cycle[op] == 0) | (t - bought < cat.cycle[op]))
        if cat.requires.any():  # every required product owned, checked for the offered pairs only
            o_prereq = ~(cat.requires[op] & (st.last_buy[oc] <= NEVER)).any(axis=1)
        else:
            o_prereq = np.ones(oc.size, bool)
        fit = intensity[oc, op]
        o_gap = gap_all[op]
        o_sens = st.price_sensitivity[oc]
        o_pressure = price_pressure(o_sens, o_gap, m.price_tolerance)
        o_util = OFFER_BIAS + OFFER_FIT * fit + OFFER_LOYALTY * st.loyalty[oc] - o_pressure
        accepted = draws.uniform(t, oc, rng.OFFER + op) < _sigmoid(o_util)
        in_deal = demand[oc, op]
        refused = np.where(fit < NEED_THRESHOLD, R.NO_NEED,
                           np.where(o_pressure > 1.0, R.OFFER_PRICE, R.NOT_NOW))
        # The first reason that applies, in this order (np.select, applied from the last reason back).
        offer_reason = refused.astype(np.int8)
        for applies, reason in (
            (accepted, R.ACCEPTED), (o_price > st.budget[oc], R.OFFER_BUDGET), (~o_prereq, R.REQUIRES),
            (o_held, R.OWNED), (in_deal, R.IN_DEAL), (~st.active[oc], R.NOT_NOW),
        ):
            offer_reason[applies] = reason
        ok = offer_reason == R.ACCEPTED
        st.last_buy[oc[ok], op[ok]] = t
        st.ours[oc[ok], op[ok]] = True
        np.add.at(st.purchases, oc[ok], 1)
        o_delta = np.where(ok, OFFER_FITS, 0.0)
        o_delta += np.where((fit < NEED_THRESHOLD) & (offer_reason != R.IN_DEAL), OFFER_MISFIT, 0.0)
        o_delta += np.where(offer_reason == R.OWNED, OFFER_OWNED, 0.0)
        quoted = st.active[oc] & ~in_deal & ~o_held & o_prereq & (o_price <= st.budget[oc])
        np.maximum.at(overcharged, oc, np.where(quoted, overprice_hurt(o_gap, m.price_tolerance), 0.0))
        offered = _distinct_rows(oc, N)
        st.loyalty[offered] += _saturated(np.bincount(oc, weights=o_delta, minlength=N)[offered], st.loyalty[offered])
    st.loyalty -= overcharged

    # Silence and churn.
    quiet = (t - st.last_contact) > m.silence_months
    st.loyalty -= np.where(quiet & st.active, SILENCE_FADE, 0.0)
    st.loyalty -= EROSION * st.loyalty
    np.clip(st.loyalty, 0.0, 1.0, out=st.loyalty)
    np.clip(st.recall, 0.0, 1.0, out=st.recall)
    fading = st.active & (st.loyalty < m.churn_threshold) & (st.recall < m.churn_threshold)
    left_us = np.zeros(N, bool)
    left_us[dc[lost_incumbent & (rec < 0.3)]] = True
    # Competitors court every client; the less one trusts us, the likelier they switch,
    # and a client we annoy listens to them more.
    # Worked out only for rows that can leave: elsewhere the chance is 0 (not fading, and the poach
    # term is 0 for clients gone or trusting us at least POACH_BELOW).
    rows = np.flatnonzero(fading | left_us | (st.active & (st.loyalty < POACH_BELOW)))
    annoyed = st.annoyance[rows] > m.contact_tolerance
    poach = st.active[rows] * POACH_RATE * np.clip((POACH_BELOW - st.loyalty[rows]) / POACH_BELOW, 0.0, 1.0)
    poach *= np.where(annoyed, ANNOYED_POACH, 1.0)
    leave_chance = np.maximum(np.where(fading[rows], m.churn_chance, 0.0), poach)
    at_risk = (leave_chance > 0) | left_us[rows]
    candidates, leave_chance = rows[at_risk], leave_chance[at_risk]
    churned = candidates[left_us[candidates] | (draws.uniform(t, candidates, rng.CHURN) < leave_chance)]
    st.active[churned] = False

    # Books.
    sold_deal = won
    sold_offer = offer_reason == R.ACCEPTED
    revenue = float(d_price[sold_deal].sum() + o_price[sold_offer].sum())
    cogs = float(cost[dp][sold_deal].sum() + cost[op][sold_offer].sum())
    books = close_books(s.compensation, s.desk.salary, revenue, cogs, plan.touch_cost)
    invoiced = np.zeros(N, bool)
    invoiced[dc[sold_deal]] = True
    invoiced[oc[sold_offer]] = True
    invoices = np.count_nonzero(invoiced)
    kpis = {
        "revenue": books.revenue,
        "gross_profit": books.gross_profit,
        "net_profit": books.net_profit,
        "bonus": books.bonus,
        "pay": books.pay,
        "loyalty": float(st.loyalty.mean()) if N else 0.0,
        "retention": float(st.active.mean()) if N else 0.0,
        "active_clients": int(st.active.sum()),
        "deals_won": int(sold_deal.sum()),
        "deals_lost": int((~sold_deal).sum()),
        "offers_made": int(oc.size),
        "offers_accepted": int(sold_offer.sum()),
        "invoices": int(invoices),
        "touches": int(plan.touch_client.size),
        "hours_used": float(plan.hours),
    }
    return MonthReport(
        month=t + 1, events=tuple(e for e, r in zip(cat.event_ids, running) if r),
        deal_client=dc, deal_product=dp, deal_reason=deal_reason, deal_price=d_price, deal_gap=d_gap,
        deal_renewal=renewal, offer_client=oc, offer_product=op, offer_reason=offer_reason, offer_price=o_price,
        churned=churned, won_back=won_back, revealed=newly, loyalty_change=st.loyalty - loyalty_before,
        silence=silence_start, touches=int(plan.touch_client.size), useful_touches=int(useful.sum()),
        hours_used=float(plan.hours), books=books, kpis=kpis,
    )
