"""The market's rules as pure functions: one rule, one function.

The month (:mod:`.month`) applies them with random draws; the forecast
(:mod:`.forecast`) applies the same functions in expectation, and screens,
strategies and the authoring guide ask them for the numbers they show. No
rule is written twice.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .world import (
    NEED_THRESHOLD,
    NEVER,
    Catalog,
    ClientState,
    at_pairs,
    job_intensity,
    pair_index,
    set_pairs,
)

Values = np.ndarray | float  # a number per client (or per deal), or one for all
Flags = np.ndarray | bool

# Purchase choice: logit of buying from us.
CHOICE_BIAS, CHOICE_LOYALTY, CHOICE_RECALL, CHOICE_FIT = -2.5, 4.0, 2.5, 0.5
CHOICE_INCUMBENT = -0.3      # a renewal with us: the client knows our service, but competitors court it at renewal
CHOICE_REMINDED = 1.8        # ... unless a one-to-one reminder in its window came first: we came to them first
PRICE_SLOPE = 6.0            # times the client's price sensitivity, per unit of price gap
TRUST_EASE = 0.85            # share of that slope (within the tolerance) full trust takes away: service holds a premium
PRICE_EXCESS = 6.0           # extra slope beyond the market's tolerance: "the buyer is no fool"
KINK = 0.03                  # width of the smooth bend at the tolerance (a gap of 3%)
# Offers: logit of accepting.
OFFER_BIAS, OFFER_FIT, OFFER_LOYALTY = -3.5, 6.5, 1.5
NO_NEED_CHANCE = 0.01        # a client without the job a product serves practically never buys it
IRRITATION = 0.1             # goodwill lost per annoying contact above the client's tolerance, while it lasts
UNKNOWN_JOB_SHARE = 0.15     # an offer made before the desk learned the client's job converts this much as well
GROUP_OFFER_SHARE = 0.5      # an offer to a client the desk met only at a group event converts this much as well
# Loyalty lost to a price quoted beyond the market's tolerance (smooth, capped).
OVERPRICE_SLOPE, OVERPRICE_CAP = 0.3, 0.15
RENEWAL_WINDOW = 3           # months before a renewal in which a reminder is a useful reason (long cycles)
PITCH_PRICE_DROP = 0.05      # a product pitched again is news only if its price fell by this share (a cut the
PITCH_NEED_RISE = 0.1        # client notices) or the client's need for it grew by this much ...
PITCH_COOLDOWN = 3           # ... and at least this many months after the last pitch of it
# Group service (webinars, seminars): each client remembers the group events it had (the memory keeps
# SERVICE_FADE of itself each month); each remembered one weakens the next, past SERVICE_TOO_MUCH another
# annoys instead of helping, and the loyalty it brings levels off at SERVICE_CEILING (below what personal,
# reasoned contact reaches).
SERVICE_FADE = 0.6
SERVICE_DIMINISH = 0.8
SERVICE_TOO_MUCH = 0.9
SERVICE_CEILING = 0.55
SERVICE_BEND = 0.2           # service gains fade to nothing over this much loyalty below the ceiling
# Memory and drift, month by month.
MEMORY_FADE = 0.5            # annoyance and the memory of contact halve every month
SILENCE_FADE = 0.015         # loyalty a client we have been silent to too long loses each month
EROSION = 0.015              # share of loyalty competitors wear away each month
FORGOTTEN_BELOW = 0.3        # recall under which a client renewing forgets us and renews with a competitor
POACH_RATE, POACH_BELOW = 0.05, 0.3  # monthly chance a competitor lures a client with no trust left, fading to 0 at this loyalty
ANNOYED_POACH = 2.0          # an annoyed client is this many times easier to lure


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, clipped where exp would overflow (the result there is 0 or 1 anyway)."""
    return 1.0 / (1.0 + np.exp(-np.clip(x, -700.0, 700.0)))


def softplus(x: Values, width: float) -> np.ndarray:
    """A smooth max(x, 0): the bend is ``width`` wide instead of a kink."""
    z = np.clip(np.asarray(x, float) / width, -700.0, 700.0)
    return width * np.logaddexp(0.0, z)


def renewal_window(cycle: np.ndarray) -> np.ndarray:
    """Months before a cycle product comes due in which a reminder is news: up to
    RENEWAL_WINDOW, a third of the cycle for short ones (at least 1)."""
    return np.minimum(np.maximum(np.asarray(cycle) // 3, 1), RENEWAL_WINDOW)  # whole months: clip's own work


def trusted_slope(trust: Values) -> np.ndarray:
    """The share of the price slope a client of this trust (goodwill, 0..1) still feels within the market's
    tolerance: 1 with no trust, 1 - TRUST_EASE with full trust (:func:`price_pressure` restores the full slope
    beyond the tolerance: the best-served client pays a premium up to about the tolerance, not beyond)."""
    return 1.0 - TRUST_EASE * np.clip(np.asarray(trust, float), 0.0, 1.0)


def price_pressure(sensitivity: Values, gap: Values, tolerance: float, trust: Values = 0.0,
                   beyond: Values | None = None) -> np.ndarray:
    """How much a price gap to the market weighs against buying from us (logit units).

    Linear in the gap, bending smoothly steeper around the market's tolerance: a little
    above market is a trade-off, far above it the market walks away. A client's ``trust``
    flattens the linear part up to the tolerance (a trusted supplier's premium is easier to
    accept, and its discount matters less); beyond the tolerance every step costs as much as
    for anyone: trust holds a premium up to the tolerance, not beyond. ``beyond`` (:func:`past_tolerance` of
    ``gap``), when the caller has it per product, saves working it out per deal.
    """
    eased = trusted_slope(trust)
    beyond = past_tolerance(gap, tolerance) if beyond is None else beyond
    # Trust flattens the slope up to the tolerance; past it the full slope is back (plus the excess).
    return sensitivity * (PRICE_SLOPE * (eased * gap + (1.0 - eased) * beyond) + PRICE_EXCESS * beyond)


def past_tolerance(gap: Values, tolerance: float) -> np.ndarray:
    """How far a price gap is past the market's tolerance, smoothly (the bend :func:`price_pressure` takes):
    elementwise, so a month works it out once per product and picks it per deal."""
    return softplus(gap - tolerance, KINK)


def overprice_hurt(gap: np.ndarray, tolerance: float) -> np.ndarray:
    """Loyalty lost when a client is quoted a price beyond the market's tolerance (smooth, capped)."""
    return np.minimum(OVERPRICE_SLOPE * softplus(np.asarray(gap, float) - tolerance, KINK / 2), OVERPRICE_CAP)


def goodwill(loyalty: np.ndarray, annoyance: np.ndarray, tolerance: float) -> np.ndarray:
    """The trust a client brings to a purchase or an offer: loyalty, less what our pestering costs while it lasts."""
    excess = np.subtract(annoyance, tolerance)
    if not np.any(excess > 0):  # nobody pestered (most months): less nothing, without a maximum over every client
        return np.subtract(loyalty, 0.0)
    return loyalty - IRRITATION * np.maximum(excess, 0.0)


def purchase_utility(loyalty: Values, recall: Values, fit: Values, incumbent: Flags, reminded: Flags,
                     sensitivity: Values, gap: Values, tolerance: float, pressure: np.ndarray | None = None) -> np.ndarray:
    """Logit of a client with demand buying from us rather than a competitor (``pressure``: the
    :func:`price_pressure` of these arguments, when the caller has worked it out already)."""
    pressure = price_pressure(sensitivity, gap, tolerance, loyalty) if pressure is None else pressure
    return (CHOICE_BIAS + CHOICE_LOYALTY * loyalty + CHOICE_RECALL * recall + CHOICE_FIT * fit
            + CHOICE_INCUMBENT * incumbent + CHOICE_REMINDED * (incumbent & reminded)
            - pressure)


def offer_chance(fit: np.ndarray, known_fit: np.ndarray, loyalty: np.ndarray, sensitivity: np.ndarray,
                 gap: np.ndarray, tolerance: float, personal: Flags = True, pressure: np.ndarray | None = None) -> np.ndarray:
    """Chance an offer is accepted: driven by need fit, loyalty and price.

    With no need, next to none. A need the desk has not yet learned (``known_fit``: the fit from the
    client's revealed jobs) converts far less: the seller pitches a product, not the client's job. An
    offer made where the desk met the client only at a group event (``personal`` false: no one-to-one
    touch that month) converts GROUP_OFFER_SHARE as well: a webinar is not a conversation. ``pressure``: the
    :func:`price_pressure` of these arguments, when the caller has worked it out already.
    """
    pressure = price_pressure(sensitivity, gap, tolerance, loyalty) if pressure is None else pressure
    chance = sigmoid(OFFER_BIAS + OFFER_FIT * fit + OFFER_LOYALTY * loyalty - pressure)
    chance = np.where(personal, chance, chance * GROUP_OFFER_SHARE)
    chance = np.where(known_fit < NEED_THRESHOLD, chance * UNKNOWN_JOB_SHARE, chance)
    return np.where(fit < NEED_THRESHOLD, np.minimum(chance, NO_NEED_CHANCE), chance)


def known_fit(need: np.ndarray, revealed: np.ndarray, serves: np.ndarray, clients: np.ndarray,
              products: np.ndarray) -> np.ndarray:
    """For (client, product) pairs: the need the product serves among the client's revealed jobs."""
    if clients.size == 0:
        return np.zeros(0)
    known = need[clients] * revealed[clients]
    if known.shape[1] == 0:
        return np.zeros(clients.size)
    wanted = serves[products]
    # A few jobs: a running maximum over columns beats .max(axis=1) over rows only a few wide (the same values).
    fit = known[:, 0] * wanted[:, 0]
    for j in range(1, known.shape[1]):
        np.maximum(fit, known[:, j] * wanted[:, j], out=fit)
    return fit


@dataclass(frozen=True)
class MarketMonth:
    """What the month's events make of the market: prices, costs and needs."""

    running: np.ndarray    # E bool
    market: np.ndarray     # P market price
    cost: np.ndarray       # P our cost
    need: np.ndarray       # N x J need intensity this month
    intensity: np.ndarray  # N x P need for each product this month


def market_month(cat: Catalog, need: np.ndarray, intensity: np.ndarray, t: int) -> MarketMonth:
    """Prices, costs and needs in 0-based month ``t`` with the events running then."""
    running = cat.active_events(t)
    if not running.any():
        return MarketMonth(running, cat.market_price, cat.cost, need, intensity)
    market = cat.market_price * cat.event_price[running].prod(axis=0)
    cost = cat.cost * cat.event_cost[running].prod(axis=0)
    boost = event_boost(cat, running)
    if boost.any():
        need = boosted_need(need, boost)
        intensity = job_intensity(need, cat.serves)
    return MarketMonth(running, market, cost, need, intensity)


def event_boost(cat: Catalog, running: np.ndarray) -> np.ndarray:
    """J: what the running events (``running``: E bool) add to each job's need."""
    return cat.event_needs[running].sum(axis=0)


def boosted_need(need: np.ndarray, boost: np.ndarray) -> np.ndarray:
    """N x J: the needs with the running events' ``boost`` (:func:`event_boost`): an event sharpens a need a
    client has, never creates one."""
    return np.clip(need + (need > 0) * boost, 0.0, 1.0)


def market_markup(market: Values, cost: Values) -> np.ndarray:
    """The markup at which the price meets the market."""
    return np.asarray(market) / cost - 1.0


def tolerance_markup(market: Values, cost: Values, tolerance: float) -> np.ndarray:
    """The markup at which the price passes the market's tolerance (beyond it clients walk away, and a quote
    costs trust: :func:`price_pressure`, :func:`overprice_hurt`)."""
    return np.asarray(market) * (1.0 + tolerance) / cost - 1.0


def met_in_person(n_clients: int, touch_client: np.ndarray, touch_kind: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """N bool: the clients a month's touches (``touch_client``, ``touch_kind``) meet one-to-one (a touch type of
    ``capacity`` 1), so an offer to them is a personal one."""
    met = np.zeros(n_clients, bool)
    met[touch_client[capacity[touch_kind] == 1]] = True
    return met


def held(last_buy: np.ndarray, cycle: np.ndarray, t: int) -> np.ndarray:
    """Whether a product bought in ``last_buy`` is still in use in month ``t`` (bought and not yet due)."""
    return (last_buy > NEVER) & ((cycle == 0) | (t - last_buy < cycle))


def due(last_buy: np.ndarray, cycle: np.ndarray, t: int, owned: np.ndarray | None = None) -> np.ndarray:
    """Whether a cycle product bought in ``last_buy`` comes due in month ``t``: bought at least a cycle ago
    (``t - last_buy >= cycle``); a one-off product never comes due. Every product bought is either held or due.
    ``owned`` (``last_buy > NEVER``), when the caller has it, saves working it out again."""
    owned = last_buy > NEVER if owned is None else owned
    if last_buy.ndim == 2 and np.ndim(cycle) == 1:
        # N x P, column by column: broadcasting a P-vector over a grid only a few products wide costs several
        # times a plain elementwise pass.
        out = np.zeros(last_buy.shape, bool)
        for p in (cycle > 0).nonzero()[0]:
            np.less_equal(last_buy[:, p], t - cycle[p], out=out[:, p])
        out &= owned
        return out
    return owned & (cycle > 0) & (last_buy <= t - cycle)


def fresh_demand(owned: np.ndarray, core: np.ndarray, active: np.ndarray, requires: np.ndarray) -> np.ndarray:
    """N x P: where a need may turn into demand this month (at :func:`need_demand`'s chance): a core product the
    client never bought (one bought is held or comes due), while it is our client and owns what the product
    requires."""
    fresh = np.zeros(owned.shape, bool)
    for p in np.flatnonzero(core).tolist():
        fresh_demand_of(p, owned, active, requires, out=fresh[:, p])
    return fresh


def fresh_demand_of(product: int, owned: np.ndarray, active: np.ndarray, requires: np.ndarray,
                    out: np.ndarray | None = None) -> np.ndarray:
    """N: :func:`fresh_demand` of one core ``product`` (a column of the grid, worked out alone: the month draws
    demand product by product)."""
    fresh = np.logical_not(owned[:, product], out=out)
    fresh &= active
    for q in np.flatnonzero(requires[product]):
        fresh &= owned[:, q]
    return fresh


def need_demand(demand_rate: float, intensity: Values) -> np.ndarray:
    """The monthly chance a need of this intensity turns into demand for a product never bought."""
    return demand_rate * np.asarray(intensity)


def due_soon(last_buy: np.ndarray, cycle: np.ndarray, t: int) -> np.ndarray:
    """Whether a cycle product comes due within its renewal window (or is due now)."""
    return (last_buy > NEVER) & (cycle > 0) & (t - last_buy + renewal_window(cycle) >= cycle)


def pitch_changed(last_price: Values, last_need: Values, price: Values, fit: Values) -> np.ndarray:
    """Whether an offer changed in a way the client notices since it was last pitched at ``last_price`` and
    ``last_need``: the price fell by at least PITCH_PRICE_DROP, or the need grew by at least PITCH_NEED_RISE.
    A smaller cut is not news."""
    return ((np.asarray(price) <= np.asarray(last_price) * (1 - PITCH_PRICE_DROP) + 1e-9)
            | (np.asarray(fit) >= np.asarray(last_need) + PITCH_NEED_RISE - 1e-9))


def pitch_is_news(st: ClientState, clients: np.ndarray, products: np.ndarray, price: Values, fit: Values,
                  t: int, pairs: np.ndarray | None = None) -> np.ndarray:
    """Whether pitching (or offering) each product to each client in 0-based month ``t`` is news, per (client,
    product) pair: never pitched to them; or at least PITCH_COOLDOWN months since the last pitch and since then
    the offer changed as :func:`pitch_changed` says. Pure: reads the client's history, changes nothing.
    ``pairs``: the pairs' :func:`~.world.pair_index`, when the caller has it."""
    pairs = pair_index(st.pitched_price, clients, products) if pairs is None else pairs
    last = at_pairs(st.pitched_price, pairs)
    never = last <= 0
    rested = t - at_pairs(st.pitched_at, pairs) >= PITCH_COOLDOWN
    return never | (rested & pitch_changed(last, at_pairs(st.pitched_need, pairs), price, fit))


def offer_is_repeat(st: ClientState, clients: np.ndarray, products: np.ndarray, price: Values, fit: Values,
                      t: int, pairs: np.ndarray | None = None) -> np.ndarray:
    """Whether offering each product to each client in month ``t`` repeats an earlier pitch or offer (made in an
    earlier month, refused or not taken up) with nothing new: pushing. The client mostly says no again and is
    annoyed. The same test the desk's "already offered at this price" signal shows."""
    pairs = pair_index(st.pitched_at, clients, products) if pairs is None else pairs
    at = at_pairs(st.pitched_at, pairs)
    return (at > NEVER) & (at < t) & ~pitch_is_news(st, clients, products, price, fit, t, pairs)


def service_effect(memory: Values, loyalty: Values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A group event's service to clients who remember ``memory`` group events (decayed) at ``loyalty``:
    (the share of the touch type's recall it still brings, the share of its loyalty, whether it is overdone).

    Diminishing: 1 / (1 + SERVICE_DIMINISH x memory); the loyalty share also fades to nothing as loyalty
    nears SERVICE_CEILING. Past SERVICE_TOO_MUCH remembered events another one annoys (``overdone``).
    """
    memory = np.asarray(memory, float)
    share = 1.0 / (1.0 + SERVICE_DIMINISH * memory)
    room = np.clip((SERVICE_CEILING - np.asarray(loyalty, float)) / SERVICE_BEND, 0.0, 1.0)
    return share, share * room, memory > SERVICE_TOO_MUCH


def record_pitch(st: ClientState, clients: np.ndarray, products: np.ndarray, price: np.ndarray, fit: np.ndarray, t: int,
                 pairs: np.ndarray | None = None) -> None:
    """Remember that these products were pitched to these clients at this price and need, in month ``t``
    (``pairs``: their :func:`~.world.pair_index`, when the caller has it)."""
    pairs = pair_index(st.pitched_price, clients, products) if pairs is None else pairs
    set_pairs(st.pitched_price, pairs, price)
    set_pairs(st.pitched_need, pairs, fit)
    set_pairs(st.pitched_at, pairs, t)


@dataclass(frozen=True)
class TopicNews:
    """For touches (client, topic) in a month: which reason each would carry if it came first."""

    renewal: np.ndarray    # a reminder of a renewal in its window, not yet given since the last purchase
    pitch: np.ndarray      # a product that fits a need, not held, not pitched at this price and need before
    event: np.ndarray      # news of a running event that concerns the client, not yet told


def topic_news(cat: Catalog, st: ClientState, mk: MarketMonth, clients: np.ndarray, topics: np.ndarray, price: np.ndarray,
               t: int) -> TopicNews:
    """Whether a touch to each of ``clients`` about ``topics`` (-1 none, 0..P-1 product, P+e event) is news.

    Reads the client's history with us (reminders, pitches, news already given); changes nothing.
    """
    P = cat.cost.shape[0]
    n = clients.size
    renewal, pitch, event = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool)
    on_product = ((topics >= 0) & (topics < P)).nonzero()[0]
    if on_product.size:
        c, p = clients[on_product], topics[on_product]
        pairs = pair_index(st.last_buy, c, p)
        bought = at_pairs(st.last_buy, pairs)
        cycle = cat.cycle[p]
        due = due_soon(bought, cycle, t) & (at_pairs(st.reminded, pairs) < bought)
        fit = at_pairs(mk.intensity, pairs)
        news = pitch_is_news(st, c, p, price[p], fit, t, pairs)
        renewal[on_product] = due
        pitch[on_product] = ~due & ~held(bought, cycle, t) & (fit >= NEED_THRESHOLD) & news
    on_event = (topics >= P).nonzero()[0]
    if on_event.size:
        c, e = clients[on_event], topics[on_event] - P
        # A job at a time: .any(axis=1) over rows only a few jobs wide is slow.
        need, concerns = mk.need[c], cat.event_concerns[e]
        concerned = np.zeros(c.size, bool)
        for j in range(need.shape[1]):
            concerned |= (need[:, j] >= NEED_THRESHOLD) & concerns[:, j]
        event[on_event] = mk.running[e] & concerned & ~st.told[c, e]
    return TopicNews(renewal, pitch, event)


def reminder_given(reminded: np.ndarray, bought: np.ndarray) -> np.ndarray:
    """Whether a renewal reminder was already credited since the product was last bought (it counts once a renewal)."""
    return reminded >= bought


def faded(memory: Values) -> np.ndarray:
    """A client's annoyance or memory of contact a month on (MEMORY_FADE): how it stands as the next month starts."""
    return np.asarray(memory) * MEMORY_FADE


def recall_kept(memory_months: float) -> float:
    """The share of its recall of us a client keeps over a month (a scenario's ``memory_months``)."""
    return float(np.exp(-1.0 / memory_months))


def silent(last_contact: np.ndarray, t: int, silence_months: int) -> np.ndarray:
    """Whether we have been silent to each client too long in month ``t``: loyalty fades (SILENCE_FADE)."""
    return (t - last_contact) > silence_months


def silence_cost(quiet: Flags) -> np.ndarray:
    """Loyalty silence costs a client this month (``quiet``: :func:`silent`, and still ours)."""
    return np.asarray(quiet, float) * SILENCE_FADE  # 1 x SILENCE_FADE or 0 (quicker than a where)


def erosion(loyalty: Values) -> np.ndarray:
    """Loyalty competitors wear away this month."""
    return EROSION * np.asarray(loyalty)


def fading(loyalty: Values, recall: Values, threshold: float) -> np.ndarray:
    """Whether a client both distrusts and forgets us (below the scenario's ``churn_threshold`` in both): it may
    leave at the scenario's ``churn_chance``."""
    return (np.asarray(loyalty) < threshold) & (np.asarray(recall) < threshold)


def forgets_us(recall: Values) -> np.ndarray:
    """Whether a client remembers us too little to renew with us once competitors court it at a renewal."""
    return np.asarray(recall) < FORGOTTEN_BELOW


def courted(loyalty: Values) -> np.ndarray:
    """Whether competitors may lure a client away this month (:func:`poach_chance` above 0): too little trust."""
    return np.asarray(loyalty) < POACH_BELOW


def poach_chance(active: Flags, loyalty: Values, annoyed: Flags) -> np.ndarray:
    """The monthly chance a competitor lures a client: POACH_RATE with no trust left, fading to 0 at POACH_BELOW,
    ANNOYED_POACH times as likely when we annoy them."""
    chance = active * POACH_RATE * np.clip((POACH_BELOW - np.asarray(loyalty)) / POACH_BELOW, 0.0, 1.0)
    chance *= np.where(annoyed, ANNOYED_POACH, 1.0)
    return chance


def welcome_touches(recent: np.ndarray, limit: float) -> np.ndarray:
    """How many touches each client still welcomes this month, given their memory of recent contact as the month
    starts (``recent``): the k-th touch of the month (k = 1, 2, ...) annoys once ``recent + k`` passes ``limit``."""
    return np.maximum(np.floor(limit - np.asarray(recent, float) + 1e-9), 0).astype(np.int64)
