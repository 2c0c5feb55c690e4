"""Expected values for the month ahead, from the same rules as the month.

Two questions a seller asks get their answers here.

At the price slider: at this markup, how many deals can I expect this month, and what do they
bring? :func:`price_outlook` answers in closed form from :mod:`.rules`; strategies search their
markups with it.

Before ending the month: what does this whole plan bring, now and later? :func:`plan_forecast`
plays the month itself (:func:`~.month.resolve_month`, the very function the game plays) with the
plan, then up to LOOK_AHEAD months after it in which the desk keeps working as the course says
(:func:`keep_working`), on a copy of the clients *as the desk knows them* (:func:`desk_belief`:
the needs it has learned, and a guess at the ones left to find from what the client's card and its
segment show), under luck of its own: several samples of draws keyed by the sample's number alone,
never the game's seed or draws, so asking changes nothing and tells nothing the desk does not know.

Averaged, the samples give this month's deals, profit and bonus with what the plan costs in
loyalty and annoyance (misfit offers, pushing repeats, over-contact, prices past the market's
tolerance), and a look ahead: the bonus of the next months from where the plan leaves the clients'
trust, memory and patience and what it leaves to sell (an offer refused now is pushing if made again
at the same price). Later months count at DISCOUNT a month (a sale now is worth more than the same
sale later). A plan that wins a little now and spends clients' trust or burns offers shows it in
the total, so the plan with the best forecast is the good practice.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.schema import Scenario
from . import rng
from .conversation_rules import Talker
from .month import resolve_month
from .plan import CompiledPlan
from .reasons import SOLD_OFFER, Cause, Reason
from .report import MonthReport
from .rng import Draws
from .rules import (
    due,
    faded,
    fresh_demand,
    goodwill,
    held,
    known_fit,
    market_month,
    need_demand,
    offer_chance,
    overprice_hurt,
    purchase_utility,
    sigmoid,
    topic_news,
    welcome_touches,
)
from .world import NEED_THRESHOLD, NEVER, Catalog, ClientState, job_intensity, prerequisites_met


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
    came_due = due(bought, cat.cycle[p], t)
    # The month's demand in expectation: a renewal due for certain, a fresh need at its monthly chance.
    fresh = fresh_demand(st.last_buy > NEVER, cat.core, active, cat.requires)[:, p]
    chance = np.where(fresh, need_demand(m.demand_rate, mk.intensity[:, p]), came_due.astype(float))
    chance = np.where(active, chance, 0.0)
    who = (chance > 0).nonzero()[0]
    fit = mk.intensity[who, p]
    incumbent = came_due[who] & st.ours[who, p]
    reminded = st.reminded_personally[who, p] >= bought[who]
    sens = st.price_sensitivity[who]
    trust = goodwill(st.loyalty, faded(st.annoyance), m.contact_tolerance)  # as the month starts
    utility = purchase_utility(trust[who, None], st.recall[who, None], fit[:, None], incumbent[:, None],
                               reminded[:, None], sens[:, None], gap[None, :], m.price_tolerance)
    affordable = price[None, :] <= st.budget[who, None]
    win = sigmoid(utility) * affordable * chance[who, None]
    deals = win.sum(axis=0)
    hurt = (chance[who, None] * overprice_hurt(gap[None, :], m.price_tolerance)).sum(axis=0)
    if offer_clients is not None and len(offer_clients):
        oc = np.asarray(offer_clients, np.int64)
        oc = oc[active[oc] & ~held(bought[oc], cat.cycle[p], t)]
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
    """The month ahead with a plan, in expected values: per product (aligned with the catalogue) and in total,
    what the plan costs in loyalty and annoyance, and a look ahead at the months after it."""

    deals: np.ndarray
    revenue: np.ndarray
    gross_profit: np.ndarray
    total_deals: float
    total_revenue: float
    total_gross_profit: float
    bonus: float               # this month's expected bonus under the scheme (luck and, on net profit, overheads move it)
    loyalty_change: float      # expected change of the clients' mean loyalty this month
    loyalty_by_cause: np.ndarray  # that change split by :class:`~.reasons.Cause` (mean over clients)
    misfit_offers: float       # offers the desk knows no need for: refused, each costs trust and annoys
    pushed_offers: float       # offers repeated with nothing new since the client said no: pushing
    empty_touches: float       # touches with no news for the client, or past their tolerance for contact
    clients_lost: float        # clients expected to leave us this month
    months_ahead: int          # months the look ahead follows (at most LOOK_AHEAD, never past the game's end)
    future_bonus: float        # expected bonus over those months from where the plan leaves the clients, the desk
                               # then working as the course says (:func:`keep_working`)
    future_value: float        # the same with each later month counted at DISCOUNT per month: a sale now is worth more
                               # than the same sale later

    @property
    def total(self) -> float:
        """This month's bonus and the look ahead's worth together: what the desk ranks plans by."""
        return self.bonus + self.future_value


LOOK_AHEAD = 6              # months past the planned one the forecast follows the clients
DISCOUNT = 0.75             # what a month's bonus later is worth against the same bonus a month sooner
SAMPLE_BUDGET = 15_000      # client-months a forecast plays (so a small desk gets more samples of luck)
MIN_SAMPLES, MAX_SAMPLES = 1, 24  # a big desk averages over its many clients
_FORECAST_LUCK = 0x2545F4914F6CDD1D  # keeps the forecast's luck apart from the game's
_SEED_SPACE = 2**63


def forecast_samples(n_clients: int, months: int) -> int:
    """How many samples of luck a forecast plays for a desk of ``n_clients`` over ``months`` months."""
    return int(np.clip(SAMPLE_BUDGET // max(1, n_clients * months), MIN_SAMPLES, MAX_SAMPLES))


def forecast_draws(sample: int) -> Draws:
    """The draws of one forecast sample: fixed by the sample's number alone, never the game's seed or luck."""
    return Draws(((sample + 1) * _FORECAST_LUCK) % _SEED_SPACE)


def desk_belief(cat: Catalog, st: ClientState, hidden: np.ndarray, draws: Draws | None = None, t: int = 0) -> ClientState:
    """A copy of the desk's clients (``st``: needs it has not revealed read 0) to play the forecast on.

    The desk knows how many needs each client has left to find (``hidden``, the client's card says so), not
    which, and what it has learned of the others in the client's segment. With ``draws``, one guess of the rest:
    the needs left fall on the jobs not yet revealed in proportion to how common each job is among the
    segment's known needs, each as strong as the need of a segment client picked at random among those the
    desk knows it for, and stay unrevealed: an offer on one converts as one on a job the desk has not
    learned, and a weak one is a misfit. In a segment where the desk has learned no need at all yet, the
    segment's published profile stands in (its jobs, each as strong as a draw from the profile's range).
    Without ``draws``, needs not revealed count as none.
    """
    need = np.where(st.revealed, st.need, 0.0)
    if draws is not None and need.size:
        unknown = ~st.revealed
        left = np.minimum(np.asarray(hidden), unknown.sum(axis=1))
        known = st.revealed & (st.need > 0)
        group = st.segment
        for g in np.unique(group[left > 0]):
            members = group == g
            rows = (members & (left > 0)).nonzero()[0]
            profile = cat.segment_needs[g] if 0 <= g < cat.segment_needs.shape[0] else np.zeros((need.shape[1], 2))
            blind = not known[members].any() and bool((profile[:, 1] > 0).any())  # nothing learned: the profile
            common = (profile[:, 1] > 0) if blind else known[members].mean(axis=0)
            common = common + 1e-3  # a job nobody in the segment showed yet: barely likely
            weight = unknown[rows] * common[None, :]
            chance = np.minimum(left[rows, None] * weight / weight.sum(axis=1, keepdims=True), 1.0)
            for j in range(need.shape[1]):
                luck = draws.uniform(t, rows, rng.GUESSED_NEED + 2 * j)
                guessed = rows[unknown[rows, j] & (luck < chance[:, j])]
                pick = draws.uniform(t, guessed, rng.GUESSED_NEED + 2 * j + 1)
                if blind and profile[j, 1] > 0:
                    need[guessed, j] = profile[j, 0] + pick * (profile[j, 1] - profile[j, 0])
                    continue
                seen = need[members & known[:, j], j]
                if not seen.size:
                    seen = need[known[:, j], j]
                if not seen.size:
                    seen = np.array([NEED_THRESHOLD])
                need[guessed, j] = seen[np.minimum((pick * seen.size).astype(np.int64), seen.size - 1)]
    fields = {k: v.copy() for k, v in vars(st).items()}
    fields.update(need=need, intensity=job_intensity(need, cat.serves))
    return ClientState(**fields)


def _copy(st: ClientState) -> ClientState:
    """A copy a month may write (need and intensity, which a month never writes, are shared)."""
    return ClientState(**{k: v if k in ("need", "intensity") else v.copy() for k, v in vars(st).items()})


def keep_working(s: Scenario, cat: Catalog, st: ClientState, t: int, markups: np.ndarray) -> CompiledPlan:
    """The look ahead's month: the desk keeps working its clients the way the course says, within each client's
    patience and the desk's hours (the most valuable clients first).

    Every active client with something new to hear gets one one-to-one touch about it (a renewal coming due
    first, then a running event's news, then a product that fits a need), and is offered each product that fits
    a need the desk has learned, is news to them, not held and affordable. What counts as news and as held are
    the rules' own (:func:`~.rules.topic_news`, :func:`~.rules.held`). With no one-to-one touch, the month is idle.
    """
    singles = ((cat.touch_capacity == 1) & ~cat.touch_win_back).nonzero()[0]
    if not singles.size:
        return idle_plan(markups)
    kind = int(singles[np.lexsort((cat.touch_cost[singles], cat.touch_hours[singles]))[0]])
    P = len(cat.product_ids)
    mk = market_month(cat, st.need, st.intensity, t)
    price = mk.cost * (1.0 + markups)
    clients = (st.active & (welcome_touches(faded(st.contact_load), s.model.touch_limit) >= 1)).nonzero()[0]
    clients = clients[np.argsort(-st.budget[clients], kind="stable")]  # the most valuable first
    topics = np.r_[np.arange(P), P + mk.running.nonzero()[0]].astype(np.int64)  # products, events running
    hours = cat.touch_hours[kind]
    calls = clients.size if hours <= 0 else min(clients.size, int(s.desk.hours_per_month // hours + 1e-9))
    k = topics.size
    chosen, topic, pitch = [], [], []
    start, step = 0, max(calls, 256)
    while calls > 0 and start < clients.size:  # ask about the leading clients until the hours are spoken for
        block = clients[start:start + step]
        news = topic_news(cat, st, mk, np.repeat(block, k), np.tile(topics, block.size), price, t)
        reason = np.concatenate([news.renewal.reshape(-1, k), news.event.reshape(-1, k), news.pitch.reshape(-1, k)], axis=1)
        said = np.nonzero(reason.any(axis=1))[0][:calls]
        chosen.append(block[said])
        topic.append(topics[reason[said].argmax(axis=1) % k])
        pitch.append(news.pitch.reshape(-1, k)[said, :P])
        calls -= said.size
        start += step
    touched = np.concatenate(chosen) if chosen else np.zeros(0, np.int64)
    topic_of = np.concatenate(topic) if topic else np.zeros(0, np.int64)
    learned = job_intensity(mk.need[touched] * st.revealed[touched], cat.serves)  # known_fit, for every product
    offer = (np.concatenate(pitch) if pitch else np.zeros((0, P), bool)) & (learned >= NEED_THRESHOLD)
    offer &= price[None, :] <= st.budget[touched, None]
    offer &= prerequisites_met(st.last_buy[touched] > NEVER, cat.requires)
    oc, op = np.nonzero(offer)
    return CompiledPlan(markups=markups, touch_client=touched, touch_kind=np.full(touched.size, kind, np.int64),
                        touch_topic=topic_of, offer_client=touched[oc], offer_product=op.astype(np.int64),
                        hours=float(hours * touched.size), touch_cost=float(cat.touch_cost[kind] * touched.size))


@dataclass(frozen=True)
class _Played:
    """One sample's month with the plan and the bonus of the months after it."""

    report: MonthReport
    future: np.ndarray  # the bonus of each month after it


def _play(s: Scenario, cat: Catalog, belief: ClientState, draws: Draws, t: int, plan: CompiledPlan,
          months: int, talker: Talker | None = None) -> _Played:
    st = _copy(belief)
    book = None if talker is None else talker.book
    report = resolve_month(s, cat, st, draws, t, plan, book, talker)
    future = np.zeros(months)
    for h in range(1, months + 1):
        future[h - 1] = resolve_month(s, cat, st, draws, t + h, keep_working(s, cat, st, t + h, plan.markups),
                                      book).books.bonus
    return _Played(report, future)


def idle_plan(markups: np.ndarray) -> CompiledPlan:
    """A month with no touches and no offers at ``markups``."""
    none = np.zeros(0, np.int64)
    return CompiledPlan(markups=markups, touch_client=none, touch_kind=none, touch_topic=none, offer_client=none,
                        offer_product=none, hours=0.0, touch_cost=0.0)


def forecast_months(t: int, turns: int) -> int:
    """Months a forecast of 0-based month ``t`` of a game of ``turns`` months looks ahead."""
    return int(max(0, min(LOOK_AHEAD, turns - t - 1)))


def plan_forecast(s: Scenario, cat: Catalog, st: ClientState, hidden: np.ndarray, t: int, turns: int,
                  plan: CompiledPlan, talker: Talker | None = None) -> MonthForecast:
    """The month ``t`` (0-based) of a game of ``turns`` months played with ``plan``, in expected values over samples
    of the forecast's own luck, from the clients as the desk knows them (``st``: needs not revealed read 0;
    ``hidden``: how many each client has left to find; see :func:`desk_belief`),
    then up to LOOK_AHEAD months (never past the game's end) of :func:`keep_working` at the plan's markups.
    ``talker``: the month's conversations as the desk held them (their trust, and the forces they named, count
    as the month counts them); None in a scenario without conversations.
    """
    P = len(cat.product_ids)
    months = forecast_months(t, turns)
    cost = market_month(cat, st.need[:0], st.intensity[:0], t).cost
    sold_offer = np.array([int(r) for r in SOLD_OFFER])
    n = forecast_samples(st.loyalty.shape[0], months + 1)
    deals, revenue, gross = np.zeros(P), np.zeros(P), np.zeros(P)
    bonus = loyalty = misfit = pushed = empty = lost = 0.0
    future = np.zeros(months)
    causes = np.zeros(len(Cause))
    for k in range(n):
        draws = forecast_draws(k)
        belief = desk_belief(cat, st, hidden, draws, t)
        played = _play(s, cat, belief, draws, t, plan, months, talker)
        r = played.report
        won = (r.deal_reason == Reason.WON) | (r.deal_reason == Reason.WON_RENEWAL)
        took = np.isin(r.offer_reason, sold_offer)
        for products, prices in ((r.deal_product[won], r.deal_price[won]), (r.offer_product[took], r.offer_price[took])):
            deals += np.bincount(products, minlength=P)
            revenue += np.bincount(products, weights=prices, minlength=P)
            gross += np.bincount(products, weights=prices - cost[products], minlength=P)
        bonus += r.books.bonus
        loyalty += float(r.loyalty_change.mean()) if r.loyalty_change.size else 0.0
        causes += r.loyalty_by_cause
        misfit += int(np.count_nonzero(r.offer_reason == Reason.NO_NEED))
        pushed += int(np.count_nonzero(r.offer_reason == Reason.PUSHED))
        empty += r.touches - r.useful_touches
        lost += r.churned.size
        future += played.future
    return MonthForecast(
        deals=deals / n, revenue=revenue / n, gross_profit=gross / n, total_deals=float(deals.sum() / n),
        total_revenue=float(revenue.sum() / n), total_gross_profit=float(gross.sum() / n), bonus=bonus / n,
        loyalty_change=loyalty / n, loyalty_by_cause=causes / n, misfit_offers=misfit / n, pushed_offers=pushed / n,
        empty_touches=empty / n, clients_lost=lost / n, months_ahead=months, future_bonus=float(future.sum() / n),
        future_value=float((future / n) @ DISCOUNT ** np.arange(1, months + 1)),
    )
