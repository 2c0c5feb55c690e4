"""Expected values for the month ahead, from the same rules as the month.

Two questions a seller asks get their answers here.

At the price slider: at this markup, how many deals can I expect this month, and what do they
bring? :func:`price_outlook` answers in closed form from :mod:`.rules`; strategies search their
markups with it.

Before ending the month: what does this whole plan bring, now and later? :func:`plan_forecast`
plays the month itself (:func:`~.month.resolve_month`, the very function the game plays) with the
plan, then a few idle months after it, on a copy of the clients *as the desk knows them* (needs it
has not revealed count as none), under luck of its own: several samples of draws keyed by the
game's seed and the sample, never the game's draws, so asking changes nothing and tells nothing
the desk does not know. Averaged, they give this month's deals, profit and bonus with what the
plan costs in loyalty and annoyance (misfit offers, pushing repeats, over-contact, prices past the
market's tolerance), and a look ahead: the bonus of the next months from where the plan leaves
the clients' loyalty, recall and patience. A plan that wins a little now and loses clients'
trust shows it in the total, so the plan with the best forecast is the good practice.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.schema import Scenario
from .month import resolve_month
from .plan import CompiledPlan
from .reasons import SOLD_OFFER, Cause, Reason
from .report import MonthReport
from .rng import Draws
from .rules import goodwill, known_fit, market_month, offer_chance, overprice_hurt, purchase_utility, sigmoid
from .world import NEVER, Catalog, ClientState, job_intensity, prerequisites_met


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
                  offer_clients: np.ndarray | None = None) -> PriceOutlook:
    """Expected sales of ``product`` in 0-based month ``t`` at each markup in ``markups``.

    Demand comes from renewals falling due and from needs (their monthly chance); each client
    with demand buys from us with the month's choice rule. ``offer_clients`` (if given) are
    offered the product, accepted with the offer rule. This month's touches are not counted.
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
        take = offer_chance(mk.intensity[oc, p][:, None], learned[:, None], trust[oc, None], o_sens[:, None],
                            gap[None, :], m.price_tolerance) * (price[None, :] <= st.budget[oc, None]) * (1.0 - chance[oc, None])
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
    future_bonus: float        # expected bonus over those months from where the plan leaves the clients, the desk idle
    goodwill: float            # future_bonus less the same had the desk done nothing this month: what the plan does
                               # for the months ahead (negative: it spends the clients' trust)

    @property
    def total(self) -> float:
        """This month's bonus and the look ahead's together: what the desk ranks plans by."""
        return self.bonus + self.future_bonus


LOOK_AHEAD = 6              # months past the planned one the forecast follows the clients
SAMPLE_BUDGET = 60_000      # client-months a forecast plays (so a small desk gets more samples of luck)
MIN_SAMPLES, MAX_SAMPLES = 4, 48
_FORECAST_LUCK = 0x2545F4914F6CDD1D  # keeps the forecast's luck apart from the game's
_SEED_SPACE = 2**63


def forecast_samples(n_clients: int, months: int) -> int:
    """How many samples of luck a forecast plays for a desk of ``n_clients`` over ``months`` months."""
    return int(np.clip(SAMPLE_BUDGET // max(1, n_clients * months), MIN_SAMPLES, MAX_SAMPLES))


def forecast_draws(seed: int, sample: int) -> Draws:
    """The draws of one forecast sample: fixed by the game's seed and the sample's number, never the game's own."""
    return Draws((seed * 0x9E3779B97F4A7C15 + (sample + 1) * _FORECAST_LUCK) % _SEED_SPACE)


def desk_belief(cat: Catalog, st: ClientState) -> ClientState:
    """The clients as the desk knows them: a copy of ``st`` in which needs the desk has not revealed are none."""
    need = np.where(st.revealed, st.need, 0.0)
    fields = {k: v.copy() for k, v in vars(st).items()}
    fields.update(need=need, intensity=job_intensity(need, cat.serves))
    return ClientState(**fields)


def _copy(st: ClientState) -> ClientState:
    """A copy a month may write (need and intensity, which a month never writes, are shared)."""
    return ClientState(**{k: v if k in ("need", "intensity") else v.copy() for k, v in vars(st).items()})


@dataclass(frozen=True)
class _Played:
    """One sample's month with the plan and the bonus of the idle months after it."""

    report: MonthReport
    future: float


def _play(s: Scenario, cat: Catalog, belief: ClientState, draws: Draws, t: int, plan: CompiledPlan,
          idle: CompiledPlan, months: int) -> _Played:
    st = _copy(belief)
    report = resolve_month(s, cat, st, draws, t, plan)
    future = 0.0
    for h in range(1, months + 1):
        future += resolve_month(s, cat, st, draws, t + h, idle).books.bonus
    return _Played(report, future)


def idle_plan(markups: np.ndarray) -> CompiledPlan:
    """A month with no touches and no offers at ``markups``."""
    none = np.zeros(0, np.int64)
    return CompiledPlan(markups=markups, touch_client=none, touch_kind=none, touch_topic=none, offer_client=none,
                        offer_product=none, hours=0.0, touch_cost=0.0)


def plan_forecast(s: Scenario, cat: Catalog, st: ClientState, seed: int, t: int, turns: int,
                  plan: CompiledPlan) -> MonthForecast:
    """The month ``t`` (0-based) of a game of ``turns`` months played with ``plan`` from ``st``, in expected values
    over samples of the forecast's own luck, on the clients as the desk knows them (see the module's text).

    The look ahead plays up to LOOK_AHEAD idle months after it (no touches, no offers, the plan's markups), and
    the same months after an idle month ``t``: the difference is the plan's ``goodwill``.
    """
    P = len(cat.product_ids)
    months = int(max(0, min(LOOK_AHEAD, turns - t - 1)))
    belief = desk_belief(cat, st)
    idle = idle_plan(plan.markups)
    cost = market_month(cat, belief.need[:0], belief.intensity[:0], t).cost
    sold_offer = np.array([int(r) for r in SOLD_OFFER])
    n = forecast_samples(st.loyalty.shape[0], months + 1)
    deals, revenue, gross = np.zeros(P), np.zeros(P), np.zeros(P)
    bonus = loyalty = misfit = pushed = empty = lost = future = idle_future = 0.0
    causes = np.zeros(len(Cause))
    for k in range(n):
        draws = forecast_draws(seed, k)
        played = _play(s, cat, belief, draws, t, plan, idle, months)
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
        if months:
            idle_future += _play(s, cat, belief, draws, t, idle, idle, months).future
    return MonthForecast(
        deals=deals / n, revenue=revenue / n, gross_profit=gross / n, total_deals=float(deals.sum() / n),
        total_revenue=float(revenue.sum() / n), total_gross_profit=float(gross.sum() / n), bonus=bonus / n,
        loyalty_change=loyalty / n, loyalty_by_cause=causes / n, misfit_offers=misfit / n, pushed_offers=pushed / n,
        empty_touches=empty / n, clients_lost=lost / n, months_ahead=months, future_bonus=future / n,
        goodwill=(future - idle_future) / n,
    )
