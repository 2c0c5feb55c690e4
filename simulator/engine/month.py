"""The month's rules, vectorised over clients.

Order of play: events -> recall fades -> touches (recall, loyalty, annoyance,
revealed needs, win-backs) -> demand (renewals come due, needs turn into
purchases) -> choice (us or a competitor) -> offers -> silence and erosion ->
churn -> books.

Contact has diminishing returns. A reason counts once: a renewal reminder once
per renewal window (not again until the client buys), a product pitch once
and again only after a change the client notices (a material price cut or a
grown need) and a few months (rules.pitch_is_news), an event's news once, a
group event's service once a month. Every client remembers recent touches
(``contact_load``): past their ``touch_limit`` even a touch with a reason
annoys. Group service saturates on its own (rules.service_effect): each
remembered group event weakens the next, too many are ignored and annoy, and
its loyalty levels off below what personal contact reaches; an offer made only
at a group event converts less. At a renewal competitors court the client; a
one-to-one reminder in its window gives the incumbent an edge that a mass
mailing does not. Trust lowers price sensitivity up to the market's tolerance.

No need, no sale: an offer of a product the client has no job for is all but
always refused, annoys, and costs more trust each time it is repeated.

Loyalty has a realistic middle: gains shrink above SATURATION and competitors
wear a little of it away every month (EROSION), so only steady useful contact
keeps it high. Clients leave when they both forget and distrust us, when they
renew with a competitor while barely remembering us, or when a competitor
lures a client with little trust left (more easily when we annoy them).

The probabilities themselves live in :mod:`.rules`, shared with the forecast.
All randomness comes from :class:`~simulator.engine.rng.Draws`, keyed by
(month, client, slot), so one client's luck never depends on another's
treatment.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from ..scenario.schema import Scenario
from . import rng
from .conversation import FORCES, ConversationOutcome
from .conversation_rules import TalkBook, Talker, offer_factor, talk_annoyance
from .money import close_books, outside_corridor
from .plan import CompiledPlan
from .reasons import Cause, Departure, Reason
from .report import MonthReport
from .rules import (
    MEMORY_FADE,
    SERVICE_FADE,
    MarketMonth,
    courted,
    due,
    erosion,
    fading,
    forgets_us,
    fresh_demand,
    goodwill,
    held,
    known_fit,
    market_month,
    met_in_person,
    need_demand,
    offer_chance,
    offer_is_repeat,
    overprice_hurt,
    poach_chance,
    price_pressure,
    purchase_utility,
    recall_kept,
    record_pitch,
    service_effect,
    sigmoid,
    silence_cost,
    silent,
    topic_news,
)
from .world import NEED_THRESHOLD, NEVER, Catalog, ClientState

# Loyalty moves.
USEFUL_GAIN_CAP = 0.12       # most loyalty useful touches add in one month
ANNOYANCE_PENALTY = 0.02     # per annoying contact above the tolerance, every month it lasts
DEAL_WON, DEAL_LOST, RENEWAL_LOST = 0.02, -0.02, -0.03
OFFER_FITS, OFFER_MISFIT, OFFER_OWNED = 0.03, -0.03, -0.01
SATURATION = 0.5             # loyalty above which gains shrink: full below it, none at 1.0
WIN_BACK_CHANCE = 0.3
WON_RECALL = 0.3             # a purchase from us brings us back to mind
EMPTY_RECALL = 0.3           # share of its recall strength a touch without a reason brings (it reveals no needs)
PUSHED_SHARE = 0.05          # an offer repeated with nothing new converts this much as well as the first ...
PUSHED_COST = 0.02           # ... and costs this much loyalty at once, besides annoying
EMPTY_TOUCH = 0.02           # loyalty a touch without a reason costs at once (the client's time wasted)


# Codes as plain ints: numpy treats an IntEnum member as a foreign object (several microseconds a use).
R = SimpleNamespace(**{r.name: int(r) for r in Reason})
C = SimpleNamespace(**{c.name: int(c) for c in Cause})
D = SimpleNamespace(**{d.name: int(d) for d in Departure})


def _main_cause(ledger: np.ndarray) -> np.ndarray:
    """Each client's biggest loyalty cause this month (the first of equals; -1 where nothing moved)."""
    if ledger.shape[1] == 0:
        return np.zeros(0, np.int8)
    # Row by row: a running maximum over a few long rows beats argmax down the short axis, and two rows of
    # scratch beat the absolute value of the whole ledger; copyto with a mask beats a boolean assignment.
    best = np.abs(ledger[0])
    size = np.empty_like(best)
    bigger = np.empty(best.shape, bool)
    main = np.zeros(ledger.shape[1], np.int8)
    for cause in range(1, ledger.shape[0]):
        np.abs(ledger[cause], out=size)
        np.greater(size, best, out=bigger)
        np.copyto(main, cause, where=bigger)
        np.maximum(best, size, out=best)
    np.copyto(main, -1, where=best == 0)
    return main


def _saturated(delta: np.ndarray, loyalty: np.ndarray) -> np.ndarray:
    """Loyalty changes with gains shrinking above SATURATION: the last points of trust are the hardest."""
    room = np.clip((1.0 - loyalty) / (1.0 - SATURATION), 0.0, 1.0)
    return np.where(delta > 0, delta * room, delta)


def _split(ledger: np.ndarray, rows: np.ndarray, applied: np.ndarray, losses: np.ndarray, gain_cause: int,
           loss_cause: int) -> None:
    """Book a change made of gains and ``losses`` (<= 0) of clients ``rows`` (distinct, sorted): the losses as
    they are, the rest as gains (the gains are what saturation and caps left of them)."""
    if rows.size == ledger.shape[1]:  # every client (a mass mailing): whole rows beat gathering every index
        ledger[loss_cause] += losses
        ledger[gain_cause] += applied - losses
        return
    ledger[loss_cause, rows] += losses
    ledger[gain_cause, rows] += applied - losses


def _distinct_rows(rows: np.ndarray, n: int) -> np.ndarray:
    """The distinct values of ``rows`` (client indices below ``n``), sorted."""
    seen = np.zeros(n, bool)
    seen[rows] = True
    return seen.nonzero()[0]


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` for non-negative keys: as 16-bit keys where they fit (numpy sorts
    those by radix, in linear time; a 64-bit stable sort of a few thousand keys costs a millisecond)."""
    if keys.size and keys.min() >= 0 and keys.max() < 2**16:
        return np.argsort(keys.astype(np.uint16), kind="stable")
    return np.argsort(keys, kind="stable")


def _repeated(clients: np.ndarray, n: int) -> np.ndarray:
    """Indices of the entries whose client (below ``n``) appears more than once: the rest are alone, so first
    and ranked 0 (most clients are touched once a month, and the few others are quicker to sort apart)."""
    return (np.bincount(clients, minlength=n)[clients] > 1).nonzero()[0]


def _first(keys: np.ndarray, clients: np.ndarray, n: int) -> np.ndarray:
    """Mask of the first occurrence of each key, in the order given (the plan's order); ``clients`` (below ``n``):
    each key's client (a key belongs to one client)."""
    first = np.ones(keys.size, bool)
    again = _repeated(clients, n)
    if again.size:
        sub = keys[again]
        order = _stable_order(sub)
        ordered = sub[order]
        first[again] = False
        first[again[order[np.r_[True, ordered[1:] != ordered[:-1]]]]] = True
    return first


def _rank_per_client(clients: np.ndarray, n: int) -> np.ndarray:
    """For each touch, how many touches the same client (below ``n``) had before it this month (0 for the
    first)."""
    rank = np.zeros(clients.size, np.int64)
    again = _repeated(clients, n)
    if again.size:
        rank[again] = _rank_in_order(clients[again])
    return rank


def _rank_in_order(clients: np.ndarray) -> np.ndarray:
    order = _stable_order(clients)
    ordered = clients[order]
    starts = (np.r_[True, ordered[1:] != ordered[:-1]]).nonzero()[0]
    lengths = np.diff(np.r_[starts, ordered.size])
    rank = np.empty(clients.size, np.int64)
    rank[order] = np.arange(ordered.size) - np.repeat(starts, lengths)
    return rank


def _touch_reasons(cat: Catalog, st: ClientState, mk: MarketMonth, tc: np.ndarray, tk: np.ndarray, tt: np.ndarray,
                   price: np.ndarray, t: int, limit: float, talk: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which touches carry a reason the client has not heard yet, within their tolerance; records the reasons.

    A reason is credited to the first touch that carries it, in the plan's order. Returns (useful, the share
    of its touch type's recall and of its loyalty each touch brings): a touch useful only as a group event's
    service brings less the more group events the client remembers (:func:`~.rules.service_effect`).
    """
    P = cat.cost.shape[0]
    useful = np.zeros(tc.size, bool)
    recall_share, loyalty_share = np.ones(tc.size), np.ones(tc.size)
    # A group event's service (a seminar, a webinar): once a month per client, while not overdone.
    service = cat.touch_useful[tk]
    if service.any():
        idx = service.nonzero()[0]
        first = idx[_first(tc[idx], tc[idx], st.service_memory.shape[0])]
        by_recall, by_loyalty, overdone = service_effect(st.service_memory[tc[first]], st.loyalty[tc[first]])
        useful[first] = ~overdone
        # An invitation too many is ignored: it brings nothing to mind (and annoys, below).
        recall_share[first], loyalty_share[first] = np.where(overdone, 0.0, by_recall), by_loyalty
        st.service_memory += np.bincount(tc[idx], minlength=st.service_memory.shape[0])
    topical = (tt >= 0).nonzero()[0]
    if topical.size:
        topical = topical[_first(tc[topical] * (P + len(cat.event_ids)) + tt[topical], tc[topical], st.loyalty.shape[0])]
        c, topic = tc[topical], tt[topical]
        news = topic_news(cat, st, mk, c, topic, price, t)
        reason = news.renewal | news.pitch | news.event
        useful[topical] |= reason
        recall_share[topical[reason]], loyalty_share[topical[reason]] = 1.0, 1.0  # a reason of its own: in full
        r, pi, ev = news.renewal, news.pitch, news.event
        st.reminded[c[r], topic[r]] = t
        personal = r & (cat.touch_capacity[tk[topical]] == 1)
        st.reminded_personally[c[personal], topic[personal]] = t
        record_pitch(st, c[pi], topic[pi], price[topic[pi]], mk.intensity[c[pi], topic[pi]], t)
        st.told[c[ev], topic[ev] - P] = True
    if talk is not None:  # a discovery conversation is a reason of its own: the client talks about their business
        useful |= talk
        recall_share[talk], loyalty_share[talk] = 1.0, 1.0
    # Past the client's tolerance for contact, even a reasoned touch annoys.
    over = st.contact_load[tc] + _rank_per_client(tc, st.loyalty.shape[0]) + 1 > limit
    return useful & ~over, recall_share, loyalty_share


def apply_touches(s: Scenario, cat: Catalog, st: ClientState, draws: rng.Draws, t: int, plan: CompiledPlan,
                  mk: MarketMonth, price: np.ndarray, ledger: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The month's touches on ``st`` (in place): win-backs, reasons, recall, loyalty, annoyance, revealed needs.

    Returns (clients won back, per-touch mask of touches that carried a reason, clients with needs newly revealed).
    A touch without a reason (or past the client's tolerance) brings us back to mind only partly and costs a
    little trust at once; annoyance from it lingers. ``ledger`` (causes x clients), when given, books each
    loyalty change under its cause.
    """
    N = st.loyalty.shape[0]
    if ledger is None:
        ledger = np.zeros((len(Cause), N))
    st.annoyance *= MEMORY_FADE  # (rules.faded, in place)
    st.contact_load *= MEMORY_FADE
    st.service_memory *= SERVICE_FADE
    tc, tk, tt = plan.touch_client, plan.touch_kind, plan.touch_topic
    talk = plan.touch_talk
    won_back = np.zeros(0, np.int64)
    if tc.size:
        inactive = ~st.active[tc]
        if inactive.any():
            candidates = np.unique(tc[inactive])
            luck = draws.uniform(t, candidates, rng.WIN_BACK)
            won_back = candidates[luck < WIN_BACK_CHANCE]
            st.active[won_back] = True
            ledger[C.WIN_BACK, won_back] += np.maximum(st.loyalty[won_back], 0.3) - st.loyalty[won_back]
            st.loyalty[won_back] = np.maximum(st.loyalty[won_back], 0.3)
            keep = ~inactive
            tc, tk, tt = tc[keep], tk[keep], tt[keep]
            talk = None if talk is None else talk[keep]
    if not tc.size:
        return won_back, np.zeros(0, bool), np.zeros(0, np.int64)
    useful, recall_share, loyalty_share = _touch_reasons(cat, st, mk, tc, tk, tt, price, t, s.model.touch_limit, talk)
    strength = np.clip(cat.touch_recall[tk] * recall_share * np.where(useful, 1.0, EMPTY_RECALL), 0.0, 0.99)
    reached = _distinct_rows(tc, N)
    keep_share = np.exp(np.bincount(tc, weights=np.log1p(-strength), minlength=N)[reached])
    # Only touched rows: 1 - (1 - r) * 1 is not always r in floating point, and an untouched
    # client's numbers must not move when another client is touched (common random numbers).
    st.recall[reached] = 1.0 - (1.0 - st.recall[reached]) * keep_share
    weights = np.where(useful, cat.touch_loyalty[tk] * loyalty_share, -EMPTY_TOUCH)
    gain = np.bincount(tc, weights=weights, minlength=N)[reached]
    applied = _saturated(np.minimum(gain, USEFUL_GAIN_CAP), st.loyalty[reached])
    st.loyalty[reached] += applied
    _split(ledger, reached, applied, np.bincount(tc, weights=(~useful) * -EMPTY_TOUCH, minlength=N)[reached],
           C.USEFUL_TOUCH, C.EMPTY_TOUCH)
    st.annoyance += np.bincount(tc, weights=(~useful).astype(float), minlength=N)  # empty or too many
    st.contact_load += np.bincount(tc, minlength=N)
    reveal_chance = np.zeros(N)
    # Nothing to say, nothing learned; a group event's service reveals as much less as it brings less.
    np.maximum.at(reveal_chance, tc, np.where(useful, cat.touch_reveal[tk] * recall_share, 0.0))
    touched = (reveal_chance > 0).nonzero()[0]
    lucky = touched[draws.uniform(t, touched, rng.REVEAL) < reveal_chance[touched]]
    has, was = st.need[lucky] > 0, st.revealed[lucky]
    fresh = np.zeros(lucky.size, bool)
    for j in range(has.shape[1]):  # a few jobs: columns beat .any(axis=1) over narrow rows
        fresh |= has[:, j] & ~was[:, j]
    st.revealed[lucky] = was | has
    st.last_contact[reached] = t
    return won_back, useful, lucky[fresh]


def resolve_month(s: Scenario, cat: Catalog, st: ClientState, draws: rng.Draws, t: int, plan: CompiledPlan,
                  book: TalkBook | None = None, talker: Talker | None = None) -> MonthReport:
    """Play 0-based month ``t`` on ``st`` (mutated in place) and report what happened. ``book``: the scenario's
    conversations (without it a plan's conversations are not held: the desk's forecast plays the month so)."""
    m = s.model
    N, P = st.need.shape[0], cat.cost.shape[0]
    loyalty_before = st.loyalty.copy()
    ledger = np.zeros((len(Cause), N))
    silence_start = t - st.last_contact

    mk = market_month(cat, st.need, st.intensity, t)
    running, market, cost, need, intensity = mk.running, mk.market, mk.cost, mk.need, mk.intensity
    price = cost * (1.0 + plan.markups)
    gap_all = (price - market) / market

    st.recall *= recall_kept(m.memory_months)

    talks = _hold_conversations(book, cat, st, draws, t, plan, mk, ledger, talker) if book is not None and plan.talks else ()
    known_before = st.revealed.copy()  # offers were prepared with what the desk knew before this month's calls
    # (and after its conversations: the desk heard the answers while it planned)
    won_back, useful, newly = apply_touches(s, cat, st, draws, t, plan, mk, price, ledger)

    # Demand: renewals come due, and needs turn into purchases of products never bought.
    owned = st.last_buy > NEVER
    gone = ~st.active
    came_due = due(st.last_buy, cat.cycle, t, owned)
    spontaneous = fresh_demand(owned, cat.core, st.active, cat.requires)
    # Draw only where a need could turn into demand: the same numbers a full grid would hold there.
    # (A chance that rounds to 0 is drawn for but never met: luck < 0 is false.)
    spontaneous &= intensity > 0
    maybe = spontaneous.ravel().nonzero()[0]
    demand = came_due.copy()
    demand[gone] = False
    if maybe.size:
        luck = draws.uniform(t, maybe // P, rng.DEMAND + maybe % P)
        chance = need_demand(m.demand_rate, intensity.ravel()[maybe])
        demand.ravel()[maybe[luck < chance]] = True

    # Choice: us or a competitor.
    dc, dp = np.divmod(demand.ravel().nonzero()[0], P)  # np.nonzero's row-major order, quicker
    d_price, d_gap = price[dp], gap_all[dp]
    loy, rec, sens = st.loyalty[dc], st.recall[dc], st.price_sensitivity[dc]
    trust = goodwill(st.loyalty, st.annoyance, m.contact_tolerance)
    renewal = came_due[dc, dp]
    incumbent = renewal & st.ours[dc, dp]
    reminded = st.reminded_personally[dc, dp] >= st.last_buy[dc, dp]
    price_term = price_pressure(sens, d_gap, m.price_tolerance, trust[dc])
    utility = purchase_utility(trust[dc], rec, intensity[dc, dp], incumbent, reminded, sens, d_gap, m.price_tolerance)
    over_budget = d_price > st.budget[dc]
    won = (draws.uniform(t, dc, rng.CHOICE + dp) < sigmoid(utility)) & ~over_budget
    deal_reason = np.where(renewal, R.WON_RENEWAL, R.WON).astype(np.int8)
    blame = np.stack([
        np.maximum(price_term, 0.0),
        2.5 * (0.5 - rec),
        4.0 * (0.5 - loy),
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
        applied = _saturated(deal_delta, st.loyalty[dealt])
        st.loyalty[dealt] += applied
        _split(ledger, dealt, applied, np.bincount(dc, weights=np.minimum(delta, 0.0), minlength=N)[dealt],
               C.DEAL_WON, C.DEAL_LOST)
    # Feeling overcharged counts once a month, by the dearest quote (deals here, offers below).
    overcharged = np.zeros(N)
    np.maximum.at(overcharged, dc, overprice_hurt(d_gap, m.price_tolerance))
    # Renewals of our products that came due this month: fought for at a deal, or lost with a client who left.
    lapsed = 0
    if (~st.active).any():
        for p in (cat.cycle > 0).nonzero()[0]:
            lapsed += int(np.count_nonzero(gone & st.ours[:, p] & (st.last_buy[:, p] == t - cat.cycle[p])))
    renewals_due = int(np.count_nonzero(incumbent)) + lapsed
    renewals_kept = int(np.count_nonzero(incumbent & won))
    buyers = dc[won]  # repeats are harmless: each writes the same value computed from the old one
    st.last_contact[buyers] = t
    st.recall[buyers] += (1.0 - st.recall[buyers]) * WON_RECALL
    np.add.at(st.purchases, dc[won], 1)

    # Offers.
    oc, op = plan.offer_client, plan.offer_product
    offer_reason = np.zeros(oc.size, np.int8)
    o_price = price[op]
    o_gap = gap_all[op]
    if oc.size:
        bought = st.last_buy[oc, op]
        o_held = held(bought, cat.cycle[op], t)
        if cat.requires.any():  # every required product owned, checked for the offered pairs only
            o_prereq = ~(cat.requires[op] & (st.last_buy[oc] <= NEVER)).any(axis=1)
        else:
            o_prereq = np.ones(oc.size, bool)
        fit = intensity[oc, op]
        o_sens = st.price_sensitivity[oc]
        o_pressure = price_pressure(o_sens, o_gap, m.price_tolerance, trust[oc])
        learned = known_fit(need, known_before, cat.serves, oc, op)
        personal = met_in_person(N, plan.touch_client, plan.touch_kind, cat.touch_capacity)[oc]
        chance = offer_chance(fit, learned, trust[oc], o_sens, o_gap, m.price_tolerance, personal)
        # Offering again what the client turned down, at no better price and no greater need, is pushing:
        # they mostly say no again, and it annoys (below).
        repeat = offer_is_repeat(st, oc, op, o_price, fit, t)
        chance = np.where(repeat, chance * PUSHED_SHARE, chance)
        if book is not None:  # the switch's forces: an anxiety nobody surfaced holds back, insight helps
            chance = chance * offer_factor(book, st, oc, op, cat.serves)
        accepted = draws.uniform(t, oc, rng.OFFER + op) < chance
        in_deal = demand[oc, op]
        # The first reason that applies, in this order (applied from the last reason back).
        offer_reason = np.full(oc.size, R.NOT_NOW, np.int8)
        for applies, reason in (
            (o_pressure > 1.0, R.OFFER_PRICE), (learned < NEED_THRESHOLD, R.UNKNOWN_JOB), (repeat, R.PUSHED),
            (fit < NEED_THRESHOLD, R.NO_NEED),
            (accepted, R.ACCEPTED), (o_price > st.budget[oc], R.OFFER_BUDGET), (~o_prereq, R.REQUIRES),
            (o_held, R.OWNED), (in_deal, R.IN_DEAL), (~st.active[oc], R.NOT_NOW),
        ):
            np.copyto(offer_reason, reason, where=applies)
        ok = offer_reason == R.ACCEPTED
        offer_reason[ok & (fit < NEED_THRESHOLD)] = R.ACCEPTED_ANYWAY
        st.last_buy[oc[ok], op[ok]] = t
        st.ours[oc[ok], op[ok]] = True
        np.add.at(st.purchases, oc[ok], 1)
        # A misfit pitch annoys, and each repeat of the same one costs more trust; so does pushing.
        misfit = (fit < NEED_THRESHOLD) & (offer_reason != R.IN_DEAL) & ~ok
        quoted = st.active[oc] & ~in_deal & ~o_held & o_prereq & (o_price <= st.budget[oc])
        pushed = quoted & ~misfit & repeat
        o_delta = np.where(ok & ~pushed, OFFER_FITS, 0.0) - np.where(pushed, PUSHED_COST, 0.0)
        o_delta += np.where(misfit, OFFER_MISFIT * (1.0 + st.misfits[oc, op]), 0.0)
        o_delta += np.where(offer_reason == R.OWNED, OFFER_OWNED, 0.0)
        np.add.at(st.misfits, (oc[misfit], op[misfit]), 1.0)
        if book is not None and misfit.any():  # a "yes" that was no need: the refusal tells the desk
            for c, p in zip(oc[misfit].tolist(), op[misfit].tolist()):
                st.believed[c, cat.serves[p]] = 0.0
        st.annoyance += np.bincount(oc[misfit | pushed], minlength=N)
        record_pitch(st, oc[quoted], op[quoted], o_price[quoted], fit[quoted], t)
        np.maximum.at(overcharged, oc, np.where(quoted, overprice_hurt(o_gap, m.price_tolerance), 0.0))
        offered = _distinct_rows(oc, N)
        applied = _saturated(np.bincount(oc, weights=o_delta, minlength=N)[offered], st.loyalty[offered])
        st.loyalty[offered] += applied
        _split(ledger, offered, applied, np.bincount(oc, weights=np.minimum(o_delta, 0.0), minlength=N)[offered],
               C.FITTING_OFFER, C.MISFIT_OFFER)
    st.loyalty -= overcharged
    ledger[C.PRICE] -= overcharged
    # Over-contact: annoyance beyond the tolerance costs trust every month it lasts, touched or not.
    pestered = ANNOYANCE_PENALTY * np.maximum(st.annoyance - m.contact_tolerance, 0.0)
    st.loyalty -= pestered
    ledger[C.OVER_CONTACT] -= pestered

    # Silence and churn.
    fade = silence_cost(silent(st.last_contact, t, m.silence_months) & st.active)
    st.loyalty -= fade
    ledger[C.SILENCE] -= fade
    eroded = erosion(st.loyalty)
    st.loyalty -= eroded
    ledger[C.COMPETITORS] -= eroded
    unclipped = st.loyalty.copy()
    np.clip(st.loyalty, 0.0, 1.0, out=st.loyalty)
    trimmed = (st.loyalty != unclipped).nonzero()[0]
    if trimmed.size:  # loyalty stays in 0..1: the trim is booked to each client's biggest cause
        biggest = np.abs(ledger[:, trimmed]).argmax(axis=0)
        ledger[biggest, trimmed] += st.loyalty[trimmed] - unclipped[trimmed]
    np.clip(st.recall, 0.0, 1.0, out=st.recall)
    drifting = st.active & fading(st.loyalty, st.recall, m.churn_threshold)
    left_us = np.zeros(N, bool)
    left_us[dc[lost_incumbent & forgets_us(rec)]] = True
    # Competitors court every client; the less one trusts us, the likelier they switch,
    # and a client we annoy listens to them more.
    # Worked out only for rows that can leave: elsewhere the chance is 0 (not fading, and the poach
    # term is 0 for clients gone or not courted).
    rows = (drifting | left_us | (st.active & courted(st.loyalty))).nonzero()[0]
    annoyed = st.annoyance[rows] > m.contact_tolerance
    poach = poach_chance(st.active[rows], st.loyalty[rows], annoyed)
    leave_chance = np.maximum(np.where(drifting[rows], m.churn_chance, 0.0), poach)
    at_risk = (leave_chance > 0) | left_us[rows]
    candidates, leave_chance = rows[at_risk], leave_chance[at_risk]
    gone_now = left_us[candidates] | (draws.uniform(t, candidates, rng.CHURN) < leave_chance)
    churned = candidates[gone_now]
    why = np.where(annoyed, D.LURED_ANNOYED, D.LURED)[at_risk]
    why = np.where(drifting[candidates] & (m.churn_chance >= poach[at_risk]), D.FORGOT, why)
    why = np.where(left_us[candidates], D.RENEWED_ELSEWHERE, why)
    churn_reason = why[gone_now]
    st.active[churned] = False

    # Books.
    sold_deal = won
    sold_offer = (offer_reason == R.ACCEPTED) | (offer_reason == R.ACCEPTED_ANYWAY)
    revenue = float(d_price[sold_deal].sum() + o_price[sold_offer].sum())
    cogs = float(cost[dp][sold_deal].sum() + cost[op][sold_offer].sum())
    serve = float(cat.serve_cost[dp][sold_deal].sum() + cat.serve_cost[op][sold_offer].sum())
    company_luck = draws.uniform(t, np.zeros(2, np.int64), rng.COMPANY + np.arange(2))
    outside = outside_corridor(s.compensation, plan.markups, cost, cat.serve_cost,
                                np.concatenate([dp[sold_deal], op[sold_offer]]))
    books = close_books(s.compensation, s.desk.salary, revenue, cogs, plan.touch_cost, serve, company_luck, outside)
    invoiced = np.zeros(N, bool)
    invoiced[dc[sold_deal]] = True
    invoiced[oc[sold_offer]] = True
    n_useful = int(np.count_nonzero(useful))
    kpis = {
        "revenue": books.revenue,
        "gross_profit": books.gross_profit,
        "net_profit": books.net_profit,
        "bonus": books.bonus,
        "pay": books.pay,
        "loyalty": float(st.loyalty.mean()) if N else 0.0,
        "retention": float(st.active.mean()) if N else 0.0,
        "active_clients": int(np.count_nonzero(st.active)),
        "deals_won": int(np.count_nonzero(sold_deal)),
        "deals_lost": int(sold_deal.size - np.count_nonzero(sold_deal)),
        "offers_made": int(oc.size),
        "offers_accepted": int(np.count_nonzero(sold_offer)),
        "invoices": int(np.count_nonzero(invoiced)),
        "touches": int(plan.touch_client.size),
        "useful_touches": n_useful,
        "renewals_due": renewals_due,
        "renewals_kept": renewals_kept,
        "hours_used": float(plan.hours),
    }
    return MonthReport(
        month=t + 1, events=tuple(e for e, r in zip(cat.event_ids, running) if r),
        deal_client=dc, deal_product=dp, deal_reason=deal_reason, deal_price=d_price, deal_gap=d_gap,
        deal_renewal=renewal, offer_client=oc, offer_product=op, offer_reason=offer_reason, offer_price=o_price,
        offer_gap=o_gap,
        churned=churned, churn_reason=churn_reason.astype(np.int8), won_back=won_back, revealed=newly,
        loyalty_change=st.loyalty - loyalty_before, loyalty_by_cause=ledger.mean(axis=1) if N else ledger.sum(axis=1),
        loyalty_cause=_main_cause(ledger),
        silence=silence_start, touches=int(plan.touch_client.size), useful_touches=n_useful,
        hours_used=float(plan.hours), books=books, kpis=kpis, conversations=talks,
    )


def _hold_conversations(book: TalkBook, cat: Catalog, st: ClientState, draws: rng.Draws, t: int, plan: CompiledPlan,
                        mk: MarketMonth, ledger: np.ndarray, talker: Talker | None = None
                        ) -> tuple[ConversationOutcome, ...]:
    """The month's conversations on ``st`` (in place): true needs revealed, signals believed, forces learned,
    trust moved (booked as useful or empty contact) and annoyance left. Played on the month's start, as the desk
    heard them while it planned (``talker``: the one the desk asked this month, built from this very state)."""
    if talker is None:
        known = st.revealed | (st.believed > 0)
        talker = Talker(book, mk.need, known, st.archetype, st.forces_known, st.active, draws, t)
    outcomes = tuple(talker.outcome(c, touch, questions) for c, touch, questions in plan.talks)
    jidx = {j: i for i, j in enumerate(cat.job_ids)}
    for out in outcomes:
        c = out.client
        for job in out.needs:
            st.revealed[c, jidx[job]] = True
        for job, value in out.intensity.items():
            if job not in out.needs and not st.revealed[c, jidx[job]]:
                st.believed[c, jidx[job]] = max(st.believed[c, jidx[job]], value)
        for force in out.forces:
            st.forces_known[c, FORCES.index(force)] = True
        applied = float(_saturated(np.array([out.trust]), st.loyalty[c:c + 1])[0])
        st.loyalty[c] += applied
        ledger[C.USEFUL_TOUCH if applied > 0 else C.EMPTY_TOUCH, c] += applied
        st.annoyance[c] += talk_annoyance(out)
    return outcomes
