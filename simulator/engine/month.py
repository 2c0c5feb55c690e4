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
    fresh_demand_of,
    goodwill,
    held,
    known_fit,
    market_month,
    met_in_person,
    need_demand,
    offer_chance,
    offer_is_repeat,
    overprice_hurt,
    past_tolerance,
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
from .world import NEED_THRESHOLD, NEVER, Catalog, ClientState, at_pairs, pair_index, set_pairs

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


N_CAUSES = len(Cause)

# Codes as plain ints: numpy treats an IntEnum member as a foreign object (several microseconds a use).
R = SimpleNamespace(**{r.name: int(r) for r in Reason})
C = SimpleNamespace(**{c.name: int(c) for c in Cause})
D = SimpleNamespace(**{d.name: int(d) for d in Departure})


class CauseLedger:
    """Each client's loyalty change this month split by :class:`~.reasons.Cause` (causes x clients, as zeros where
    nothing moved): a row is made only for a cause that moved someone, and it remembers which clients it moved while
    they are few, so the causes that moved nobody or a few cost little to book, average and rank (most months most
    causes move a few clients or none)."""

    def __init__(self, n_clients: int):
        self.n = n_clients
        self.rows: list[np.ndarray | None] = [None] * N_CAUSES
        self._moved: list[list[np.ndarray] | None] = [[] for _ in range(N_CAUSES)]  # None: anyone may have moved

    def row(self, cause: int) -> np.ndarray:
        """The cause's row, to change in place for any client (zeros the first time)."""
        self._moved[cause] = None
        return self._row(cause)

    def _row(self, cause: int) -> np.ndarray:
        row = self.rows[cause]
        if row is None:
            row = self.rows[cause] = np.zeros(self.n)
        return row

    def add(self, cause: int, clients: np.ndarray, values: np.ndarray | float) -> None:
        """Book ``values`` to ``clients`` (distinct)."""
        self._row(cause)[clients] += values
        moved = self._moved[cause]
        if moved is not None:
            moved.append(clients)

    def take(self, cause: int, values: np.ndarray) -> None:
        """Book a loss of ``values`` (one per client) to every client."""
        row = self.rows[cause]
        self._moved[cause] = None
        if row is None:
            self.rows[cause] = np.subtract(0.0, values)  # what subtracting from a row of zeros gives, to the bit
        else:
            row -= values

    def trim(self, clients: np.ndarray, change: np.ndarray) -> None:
        """Book ``change`` of ``clients`` (distinct) to each one's biggest cause so far (the first of equals)."""
        sizes = np.zeros((N_CAUSES, clients.size))
        for cause, row in enumerate(self.rows):
            if row is not None:
                sizes[cause] = np.abs(row[clients])
        biggest = sizes.argmax(axis=0)
        for cause in np.unique(biggest):
            mine = biggest == cause
            self.add(int(cause), clients[mine], change[mine])

    def means(self) -> np.ndarray:
        """Per cause, the mean change over all clients (0 for a cause that moved nobody)."""
        # np.add.reduce / n is ndarray.mean to the bit, without its wrapper's overhead.
        return np.array([np.add.reduce(row) / self.n if row is not None and self.n else 0.0 for row in self.rows])

    def main_cause(self) -> np.ndarray:
        """Each client's biggest loyalty cause this month (the first of equals; -1 where nothing moved)."""
        best = np.zeros(self.n)
        main = np.full(self.n, -1, np.int8)
        for cause, (row, moved) in enumerate(zip(self.rows, self._moved)):
            if row is None:
                continue
            few = None if moved is None else (np.concatenate(moved) if len(moved) > 1 else moved[0])
            if few is None or few.size > self.n // 4:  # many moved: whole rows beat gathering every index
                size = np.abs(row)
                main = np.where(size > best, np.int8(cause), main)  # (quicker than a masked copy)
                np.maximum(best, size, out=best)
            else:  # (a client listed twice gets the same numbers twice)
                size, before = np.abs(row[few]), best[few]
                main[few[size > before]] = cause
                best[few] = np.maximum(before, size)
        return main


def _saturated(delta: np.ndarray, loyalty: np.ndarray) -> np.ndarray:
    """Loyalty changes with gains shrinking above SATURATION: the last points of trust are the hardest."""
    room = np.clip((1.0 - loyalty) / (1.0 - SATURATION), 0.0, 1.0)
    # A gain times a room of 0..1 is no more than the gain, a loss times it no less than the loss: the smaller of
    # the two is "gains shrink, losses stay" (a quicker pass than a where; the same numbers, zeros included).
    return np.minimum(delta, delta * room)


def _split(ledger: CauseLedger, rows: np.ndarray, applied: np.ndarray, losses: np.ndarray | None, gain_cause: int,
           loss_cause: int) -> None:
    """Book a change made of gains and ``losses`` (<= 0; None: none) of clients ``rows`` (distinct, sorted): the
    losses as they are, the rest as gains (the gains are what saturation and caps left of them)."""
    gains = applied if losses is None else applied - losses
    if rows.size == ledger.n:  # every client (a mass mailing): whole rows beat gathering every index
        if losses is not None:
            ledger.row(loss_cause)[:] += losses
        ledger.row(gain_cause)[:] += gains
        return
    if losses is not None:
        ledger.add(loss_cause, rows, losses)
    ledger.add(gain_cause, rows, gains)


def _distinct_rows(rows: np.ndarray, n: int) -> np.ndarray:
    """The distinct values of ``rows`` (client indices below ``n``), sorted."""
    seen = np.zeros(n, bool)
    seen[rows] = True
    return seen.nonzero()[0]


def _groups(clients: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``clients`` (below ``n``), sorted, and for each entry its value's place among them:
    ``np.bincount(place, weights)`` sums per distinct client in the entries' order, as ``np.bincount(clients,
    weights, minlength=n)[distinct]`` does, without a row for every client."""
    if clients.size and bool((clients[1:] >= clients[:-1]).all()):  # sorted (a month's deals): no lookup needed
        new = _starts(clients)
        return clients[new], np.cumsum(new) - 1
    distinct = _distinct_rows(clients, n)
    place = np.empty(n, np.int64)
    place[distinct] = np.arange(distinct.size)
    return distinct, place[clients]


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` for non-negative keys: as 16-bit keys where they fit (numpy sorts
    those by radix, in linear time; a 64-bit stable sort of a few thousand keys costs a millisecond)."""
    if keys.size and keys.min() >= 0 and keys.max() < 2**16:
        return np.argsort(keys.astype(np.uint16), kind="stable")
    return np.argsort(keys, kind="stable")


def _first(keys: np.ndarray, shared: np.ndarray) -> np.ndarray | None:
    """Mask of the first occurrence of each key, in the order given (the plan's order); None when every key is
    the first of its kind. ``shared``: per entry, whether its client has other touches this month (a key belongs
    to one client, so a key of a client touched once is first; most clients are touched once a month, and the few
    others are quicker to sort apart)."""
    again = shared.nonzero()[0]
    if not again.size:
        return None
    sub = keys[again]
    order = _stable_order(sub)
    starts = _starts(sub[order])
    if starts.all():
        return None
    first = np.ones(keys.size, bool)
    first[again] = False
    first[again[order[starts]]] = True
    return first


def _firsts(entries: np.ndarray, keys: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """The ``entries`` whose key (``keys``, one per entry) comes first among them (see :func:`_first`)."""
    first = _first(keys, shared)
    return entries if first is None else entries[first]


def _rank_per_client(clients: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """For each touch, how many touches the same client had before it this month (0 for the first); ``shared``:
    per touch, whether its client has other touches this month."""
    rank = np.zeros(clients.size, np.int64)
    again = shared.nonzero()[0]
    if again.size:
        rank[again] = _rank_in_order(clients[again])
    return rank


def _starts(ordered: np.ndarray) -> np.ndarray:
    """Mask of the entries of sorted ``ordered`` that differ from the one before (the first of each run)."""
    new = np.empty(ordered.size, bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return new


def _rank_in_order(clients: np.ndarray) -> np.ndarray:
    order = _stable_order(clients)
    ordered = clients[order]
    starts = _starts(ordered).nonzero()[0]
    lengths = np.diff(np.append(starts, ordered.size))
    rank = np.empty(clients.size, np.int64)
    rank[order] = np.arange(ordered.size) - np.repeat(starts, lengths)
    return rank


def _add_at_pairs(grid: np.ndarray, pairs: np.ndarray, value: float) -> None:
    """``np.add.at(grid, (clients, products), value)`` for the pairs at ``pairs`` (:func:`~.world.pair_index`)."""
    if grid.flags.c_contiguous:
        np.add.at(grid.reshape(-1), pairs, value)
    else:
        np.add.at(grid, np.divmod(pairs, grid.shape[1]), value)


def _touch_reasons(cat: Catalog, st: ClientState, mk: MarketMonth, tc: np.ndarray, tk: np.ndarray, tt: np.ndarray,
                   price: np.ndarray, t: int, limit: float, shared: np.ndarray, talk: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which touches carry a reason the client has not heard yet, within their tolerance; records the reasons.

    A reason is credited to the first touch that carries it, in the plan's order. Returns (useful, the share
    of its touch type's recall and of its loyalty each touch brings): a touch useful only as a group event's
    service brings less the more group events the client remembers (:func:`~.rules.service_effect`).
    ``shared``: per touch, whether its client has other touches this month.
    """
    P = cat.cost.shape[0]
    N = st.loyalty.shape[0]
    useful = np.zeros(tc.size, bool)
    recall_share, loyalty_share = np.ones(tc.size), np.ones(tc.size)
    # A group event's service (a seminar, a webinar): once a month per client, while not overdone.
    idx = cat.touch_useful[tk].nonzero()[0]
    if idx.size:
        attended = tc[idx]
        first = _firsts(idx, attended, shared[idx])
        clients = tc[first]
        by_recall, by_loyalty, overdone = service_effect(st.service_memory[clients], st.loyalty[clients])
        useful[first] = ~overdone
        # An invitation too many is ignored: it brings nothing to mind (and annoys, below).
        recall_share[first] = np.where(overdone, 0.0, by_recall) if overdone.any() else by_recall
        loyalty_share[first] = by_loyalty
        st.service_memory += np.bincount(attended, minlength=N)
    topical = (tt >= 0).nonzero()[0]
    if topical.size:
        topical = _firsts(topical, tc[topical] * (P + len(cat.event_ids)) + tt[topical], shared[topical])
        c, topic = tc[topical], tt[topical]
        news = topic_news(cat, st, mk, c, topic, price, t)
        reason = news.renewal | news.pitch | news.event
        useful[topical] |= reason
        recall_share[topical[reason]], loyalty_share[topical[reason]] = 1.0, 1.0  # a reason of its own: in full
        r, pi, ev = news.renewal.nonzero()[0], news.pitch.nonzero()[0], news.event.nonzero()[0]
        if r.size:
            reminded = pair_index(st.reminded, c[r], topic[r])
            set_pairs(st.reminded, reminded, t)
            set_pairs(st.reminded_personally, reminded[cat.touch_capacity[tk[topical[r]]] == 1], t)
        if pi.size:
            pitched = pair_index(st.pitched_price, c[pi], topic[pi])
            record_pitch(st, c[pi], topic[pi], price[topic[pi]], at_pairs(mk.intensity, pitched), t, pitched)
        if ev.size:
            st.told[c[ev], topic[ev] - P] = True
    if talk is not None:  # a discovery conversation is a reason of its own: the client talks about their business
        useful |= talk
        recall_share[talk], loyalty_share[talk] = 1.0, 1.0
    # Past the client's tolerance for contact, even a reasoned touch annoys.
    over = st.contact_load[tc] + _rank_per_client(tc, shared) + 1 > limit
    return useful & ~over, recall_share, loyalty_share


def apply_touches(s: Scenario, cat: Catalog, st: ClientState, draws: rng.Draws, t: int, plan: CompiledPlan,
                  mk: MarketMonth, price: np.ndarray, ledger: CauseLedger | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The month's touches on ``st`` (in place): win-backs, reasons, recall, loyalty, annoyance, revealed needs.

    Returns (clients won back, per-touch mask of touches that carried a reason, clients with needs newly revealed).
    A touch without a reason (or past the client's tolerance) brings us back to mind only partly and costs a
    little trust at once; annoyance from it lingers. ``ledger``, when given, books each
    loyalty change under its cause.
    """
    N = st.loyalty.shape[0]
    if ledger is None:
        ledger = CauseLedger(N)
    st.annoyance *= MEMORY_FADE  # (rules.faded, in place)
    st.contact_load *= MEMORY_FADE
    st.service_memory *= SERVICE_FADE
    tc, tk, tt = plan.touch_client, plan.touch_kind, plan.touch_topic
    talk = plan.touch_talk
    won_back = np.zeros(0, np.int64)
    if tc.size and not st.active.all():
        inactive = ~st.active[tc]
        if inactive.any():
            candidates = np.unique(tc[inactive])
            luck = draws.uniform(t, candidates, rng.WIN_BACK)
            won_back = candidates[luck < WIN_BACK_CHANCE]
            st.active[won_back] = True
            ledger.add(C.WIN_BACK, won_back, np.maximum(st.loyalty[won_back], 0.3) - st.loyalty[won_back])
            st.loyalty[won_back] = np.maximum(st.loyalty[won_back], 0.3)
            keep = ~inactive
            tc, tk, tt = tc[keep], tk[keep], tt[keep]
            talk = None if talk is None else talk[keep]
    if not tc.size:
        return won_back, np.zeros(0, bool), np.zeros(0, np.int64)
    counts = np.bincount(tc, minlength=N)  # touches per client this month
    shared = counts[tc] > 1                # per touch: its client has others this month
    useful, recall_share, loyalty_share = _touch_reasons(cat, st, mk, tc, tk, tt, price, t, s.model.touch_limit,
                                                         shared, talk)
    empty = (~useful).nonzero()[0]   # empty or too many: each costs a little trust at once and annoys
    # (With none empty, each "where useful" below is every touch: the wheres are skipped, the numbers the same.)
    strength = cat.touch_recall[tk] * recall_share
    if empty.size:
        strength *= np.where(useful, 1.0, EMPTY_RECALL)
    strength = np.clip(strength, 0.0, 0.99)
    reached = (counts != 0).nonzero()[0]  # (a mask's nonzero is several times quicker than a count's)
    keep_share = np.exp(np.bincount(tc, weights=np.log1p(-strength), minlength=N)[reached])
    # Only touched rows: 1 - (1 - r) * 1 is not always r in floating point, and an untouched
    # client's numbers must not move when another client is touched (common random numbers).
    st.recall[reached] = 1.0 - (1.0 - st.recall[reached]) * keep_share
    weights = cat.touch_loyalty[tk] * loyalty_share
    if empty.size:
        weights = np.where(useful, weights, -EMPTY_TOUCH)
    gain = np.bincount(tc, weights=weights, minlength=N)[reached]
    loyalty = st.loyalty[reached]
    applied = _saturated(gain if gain.max() <= USEFUL_GAIN_CAP else np.minimum(gain, USEFUL_GAIN_CAP), loyalty)
    st.loyalty[reached] = loyalty + applied
    if empty.size:
        # Summed over the empty touches alone: a useful touch's share of the losses is a zero, which adds nothing.
        losses = np.bincount(tc[empty], weights=np.full(empty.size, -EMPTY_TOUCH), minlength=N)[reached]
        _split(ledger, reached, applied, losses, C.USEFUL_TOUCH, C.EMPTY_TOUCH)
        st.annoyance += np.bincount(tc[empty], minlength=N)
    else:
        _split(ledger, reached, applied, None, C.USEFUL_TOUCH, C.EMPTY_TOUCH)
    st.contact_load += counts
    reveal_chance = np.zeros(N)
    # Nothing to say, nothing learned; a group event's service reveals as much less as it brings less.
    reveal = cat.touch_reveal[tk] * recall_share
    np.maximum.at(reveal_chance, tc, np.where(useful, reveal, 0.0) if empty.size else reveal)
    touched = (reveal_chance > 0).nonzero()[0]
    lucky = touched[draws.uniform(t, touched, rng.REVEAL) < reveal_chance[touched]]
    has, was = st.need[lucky] > 0, st.revealed[lucky]
    fresh = np.zeros(lucky.size, bool)
    for j in range(has.shape[1]):  # a few jobs: columns beat .any(axis=1) over narrow rows
        fresh |= has[:, j] & ~was[:, j]
    st.revealed[lucky] = was | has
    st.last_contact[reached] = t
    return won_back, useful, lucky[fresh]


def _deal_reasons(won: np.ndarray, renewal: np.ndarray, over_budget: np.ndarray, price_term: np.ndarray,
                  recall: np.ndarray, loyalty: np.ndarray) -> np.ndarray:
    """Each deal's outcome code: won (a renewal or not), or lost for the weightiest reason (the first of equals among
    price, forgetting us and low loyalty; to a competitor when none weighs much), or over the client's budget."""
    by_price = np.maximum(price_term, 0.0)
    by_recall = 2.5 * (0.5 - recall)
    by_loyalty = 4.0 * (0.5 - loyalty)
    reason = np.full(won.size, R.LOW_LOYALTY, np.int8)
    np.copyto(reason, R.FORGOT, where=by_recall >= by_loyalty)
    np.copyto(reason, R.PRICE, where=(by_price >= by_recall) & (by_price >= by_loyalty))
    np.copyto(reason, R.COMPETITOR, where=np.maximum(np.maximum(by_price, by_recall), by_loyalty) < 0.25)
    np.copyto(reason, R.BUDGET, where=over_budget)
    np.copyto(reason, R.WON, where=won)
    np.copyto(reason, R.WON_RENEWAL, where=won & renewal)
    return reason


def _prerequisites_owned(cat: Catalog, st: ClientState, clients: np.ndarray, products: np.ndarray) -> np.ndarray:
    """For (client, product) pairs: whether the client owns every product the product requires."""
    missing = np.zeros(clients.size, bool)
    for q in np.flatnonzero(cat.requires.any(axis=0)).tolist():  # a column at a time: only pairs, never the whole grid
        missing |= cat.requires[products, q] & (at_pairs(st.last_buy, pair_index(st.last_buy, clients, q)) <= NEVER)
    return ~missing


def resolve_month(s: Scenario, cat: Catalog, st: ClientState, draws: rng.Draws, t: int, plan: CompiledPlan,
                  book: TalkBook | None = None, talker: Talker | None = None) -> MonthReport:
    """Play 0-based month ``t`` on ``st`` (mutated in place) and report what happened. ``book``: the scenario's
    conversations (without it a plan's conversations are not held: the desk's forecast plays the month so)."""
    m = s.model
    N, P = st.need.shape[0], cat.cost.shape[0]
    tolerance = m.price_tolerance
    loyalty_before = st.loyalty.copy()
    ledger = CauseLedger(N)
    silence_start = t - st.last_contact

    mk = market_month(cat, st.need, st.intensity, t)
    running, market, cost, need, intensity = mk.running, mk.market, mk.cost, mk.need, mk.intensity
    price = cost * (1.0 + plan.markups)
    gap_all = (price - market) / market
    # Per product, picked per deal and offer below (the same numbers, worked out once).
    beyond_all = past_tolerance(gap_all, tolerance)
    hurt_all = overprice_hurt(gap_all, tolerance)

    st.recall *= recall_kept(m.memory_months)

    talks = _hold_conversations(book, cat, st, draws, t, plan, mk, ledger, talker) if book is not None and plan.talks else ()
    known_before = st.revealed.copy()  # offers were prepared with what the desk knew before this month's calls
    # (and after its conversations: the desk heard the answers while it planned)
    won_back, useful, newly = apply_touches(s, cat, st, draws, t, plan, mk, price, ledger)

    # Demand: renewals come due, and needs turn into purchases of products never bought.
    everyone = bool(st.active.all())
    owned = st.last_buy > NEVER
    came_due = due(st.last_buy, cat.cycle, t, owned)
    demand = came_due.copy()
    if not everyone:
        demand[~st.active] = False
    for p in np.flatnonzero(cat.core).tolist():
        # Draw only where a need could turn into demand: the same numbers a full grid would hold there.
        # (A chance that rounds to 0 is drawn for but never met: luck < 0 is false.)
        need_of = intensity[:, p]
        maybe = (fresh_demand_of(p, owned, st.active, cat.requires) & (need_of > 0)).nonzero()[0]
        if maybe.size:
            luck = draws.uniform(t, maybe, rng.DEMAND + p)
            demand[maybe[luck < need_demand(m.demand_rate, need_of[maybe])], p] = True

    # Choice: us or a competitor.
    deals = demand.reshape(-1).nonzero()[0]  # the (client, product) pairs, client by client
    dc, dp = np.divmod(deals, P)
    d_price, d_gap = price[dp], gap_all[dp]
    loy, rec, sens = st.loyalty[dc], st.recall[dc], st.price_sensitivity[dc]
    trust = goodwill(st.loyalty, st.annoyance, m.contact_tolerance)
    d_trust = trust[dc]
    renewal = came_due.reshape(-1)[deals]
    incumbent = renewal & at_pairs(st.ours, deals)
    reminded = at_pairs(st.reminded_personally, deals) >= at_pairs(st.last_buy, deals)
    price_term = price_pressure(sens, d_gap, tolerance, d_trust, beyond_all[dp])
    utility = purchase_utility(d_trust, rec, at_pairs(intensity, deals), incumbent, reminded, sens, d_gap, tolerance,
                               price_term)
    over_budget = d_price > st.budget[dc]
    won = (draws.uniform(t, dc, rng.CHOICE + dp) < sigmoid(utility)) & ~over_budget
    deal_reason = _deal_reasons(won, renewal, over_budget, price_term, rec, loy)

    set_pairs(st.last_buy, deals, t)
    set_pairs(st.ours, deals, won)
    lost_incumbent = incumbent & ~won
    delta = np.where(won, DEAL_WON, DEAL_LOST) + np.where(lost_incumbent, RENEWAL_LOST, 0.0)
    # Feeling overcharged counts once a month, by the dearest quote (deals here, offers below).
    overcharged = np.zeros(N)
    if dc.size:  # only clients with a deal move (adding 0 to the others changes nothing)
        dealt, place = _groups(dc, N)
        loyalty = st.loyalty[dealt]
        applied = _saturated(np.bincount(place, weights=delta, minlength=dealt.size), loyalty)
        st.loyalty[dealt] = loyalty + applied
        _split(ledger, dealt, applied, np.bincount(place, weights=np.minimum(delta, 0.0), minlength=dealt.size),
               C.DEAL_WON, C.DEAL_LOST)
        np.maximum.at(overcharged, dc, hurt_all[dp])
    # Renewals of our products that came due this month: fought for at a deal, or lost with a client who left.
    lapsed = 0
    if not everyone:
        gone = ~st.active
        for p in (cat.cycle > 0).nonzero()[0].tolist():
            lapsed += int(np.count_nonzero(gone & st.ours[:, p] & (st.last_buy[:, p] == t - cat.cycle[p])))
    renewals_due = int(np.count_nonzero(incumbent)) + lapsed
    renewals_kept = int(np.count_nonzero(incumbent & won))
    buyers = dc[won]  # repeats are harmless: each writes the same value computed from the old one
    st.last_contact[buyers] = t
    st.recall[buyers] += (1.0 - st.recall[buyers]) * WON_RECALL
    np.add.at(st.purchases, buyers, 1)

    # Offers.
    oc, op = plan.offer_client, plan.offer_product
    offer_reason = np.zeros(oc.size, np.int8)
    o_price = price[op]
    o_gap = gap_all[op]
    if oc.size:
        offers = pair_index(st.last_buy, oc, op)
        bought = at_pairs(st.last_buy, offers)
        o_held = held(bought, cat.cycle[op], t)
        o_prereq = _prerequisites_owned(cat, st, oc, op) if cat.requires.any() else np.ones(oc.size, bool)
        fit = at_pairs(intensity, offers)
        no_need = fit < NEED_THRESHOLD
        o_sens = st.price_sensitivity[oc]
        o_trust = trust[oc]
        o_active = st.active[oc]
        affordable = o_price <= st.budget[oc]
        o_pressure = price_pressure(o_sens, o_gap, tolerance, o_trust, beyond_all[op])
        learned = known_fit(need, known_before, cat.serves, oc, op)
        personal = met_in_person(N, plan.touch_client, plan.touch_kind, cat.touch_capacity)[oc]
        chance = offer_chance(fit, learned, o_trust, o_sens, o_gap, tolerance, personal, o_pressure)
        # Offering again what the client turned down, at no better price and no greater need, is pushing:
        # they mostly say no again, and it annoys (below).
        repeat = offer_is_repeat(st, oc, op, o_price, fit, t, offers)
        chance = np.where(repeat, chance * PUSHED_SHARE, chance)
        if book is not None:  # the switch's forces: an anxiety nobody surfaced holds back, insight helps
            chance = chance * offer_factor(book, st, oc, op, cat.serves)
        accepted = draws.uniform(t, oc, rng.OFFER + op) < chance
        in_deal = demand.reshape(-1)[offers]
        # The first reason that applies, in this order (applied from the last reason back).
        offer_reason = np.full(oc.size, R.NOT_NOW, np.int8)
        for applies, reason in (
            (o_pressure > 1.0, R.OFFER_PRICE), (learned < NEED_THRESHOLD, R.UNKNOWN_JOB), (repeat, R.PUSHED),
            (no_need, R.NO_NEED),
            (accepted, R.ACCEPTED), (~affordable, R.OFFER_BUDGET), (~o_prereq, R.REQUIRES),
            (o_held, R.OWNED), (in_deal, R.IN_DEAL), (~o_active, R.NOT_NOW),
        ):
            np.copyto(offer_reason, reason, where=applies)
        ok = offer_reason == R.ACCEPTED
        offer_reason[ok & no_need] = R.ACCEPTED_ANYWAY
        set_pairs(st.last_buy, offers[ok], t)
        set_pairs(st.ours, offers[ok], True)
        np.add.at(st.purchases, oc[ok], 1)
        # A misfit pitch annoys, and each repeat of the same one costs more trust; so does pushing.
        misfit = no_need & (offer_reason != R.IN_DEAL) & ~ok
        quoted = o_active & ~in_deal & ~o_held & o_prereq & affordable
        pushed = quoted & ~misfit & repeat
        o_delta = np.where(ok & ~pushed, OFFER_FITS, 0.0) - np.where(pushed, PUSHED_COST, 0.0)
        o_delta += np.where(misfit, OFFER_MISFIT * (1.0 + at_pairs(st.misfits, offers)), 0.0)
        o_delta += np.where(offer_reason == R.OWNED, OFFER_OWNED, 0.0)
        _add_at_pairs(st.misfits, offers[misfit], 1.0)
        if book is not None and misfit.any():  # a "yes" that was no need: the refusal tells the desk
            for c, p in zip(oc[misfit].tolist(), op[misfit].tolist()):
                st.believed[c, cat.serves[p]] = 0.0
        st.annoyance += np.bincount(oc[misfit | pushed], minlength=N)
        q = quoted.nonzero()[0]
        record_pitch(st, oc[q], op[q], o_price[q], fit[q], t, offers[q])
        np.maximum.at(overcharged, oc, np.where(quoted, hurt_all[op], 0.0))
        offered, place = _groups(oc, N)
        loyalty = st.loyalty[offered]
        applied = _saturated(np.bincount(place, weights=o_delta, minlength=offered.size), loyalty)
        st.loyalty[offered] = loyalty + applied
        _split(ledger, offered, applied, np.bincount(place, weights=np.minimum(o_delta, 0.0), minlength=offered.size),
               C.FITTING_OFFER, C.MISFIT_OFFER)
    if dc.size or oc.size:  # only clients quoted a price can feel overcharged (the others lose 0)
        quoted_to = np.zeros(N, bool)
        quoted_to[dc] = True
        quoted_to[oc] = True
        charged = quoted_to.nonzero()[0]
        hurt = overcharged[charged]
        st.loyalty[charged] -= hurt
        ledger.add(C.PRICE, charged, -hurt)
    # Over-contact: annoyance beyond the tolerance costs trust every month it lasts, touched or not.
    if N and st.annoyance.max() > m.contact_tolerance:  # (otherwise it costs nobody anything)
        pestered = ANNOYANCE_PENALTY * np.maximum(st.annoyance - m.contact_tolerance, 0.0)
        st.loyalty -= pestered
        ledger.take(C.OVER_CONTACT, pestered)

    # Silence and churn.
    quiet = silent(st.last_contact, t, m.silence_months) & st.active
    if quiet.any():
        fade = silence_cost(quiet)
        st.loyalty -= fade
        ledger.take(C.SILENCE, fade)
    eroded = erosion(st.loyalty)
    st.loyalty -= eroded
    ledger.take(C.COMPETITORS, eroded)
    if N and (st.loyalty.min() < 0.0 or st.loyalty.max() > 1.0):  # (clipping what is in 0..1 changes nothing)
        unclipped = st.loyalty.copy()
        np.clip(st.loyalty, 0.0, 1.0, out=st.loyalty)
        trimmed = (st.loyalty != unclipped).nonzero()[0]
        # Loyalty stays in 0..1: the trim is booked to each client's biggest cause.
        ledger.trim(trimmed, st.loyalty[trimmed] - unclipped[trimmed])
    if N and (st.recall.min() < 0.0 or st.recall.max() > 1.0):
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
    active = int(np.count_nonzero(st.active))
    kpis = {
        "revenue": books.revenue,
        "gross_profit": books.gross_profit,
        "net_profit": books.net_profit,
        "bonus": books.bonus,
        "pay": books.pay,
        "loyalty": float(st.loyalty.mean()) if N else 0.0,
        "retention": active / N if N else 0.0,  # the share active (the mean of the flags, exactly)
        "active_clients": active,
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
        loyalty_change=st.loyalty - loyalty_before, loyalty_by_cause=ledger.means(),
        loyalty_cause=ledger.main_cause(),
        silence=silence_start, touches=int(plan.touch_client.size), useful_touches=n_useful,
        hours_used=float(plan.hours), books=books, kpis=kpis, conversations=talks,
    )


def _hold_conversations(book: TalkBook, cat: Catalog, st: ClientState, draws: rng.Draws, t: int, plan: CompiledPlan,
                        mk: MarketMonth, ledger: CauseLedger, talker: Talker | None = None
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
        ledger.add(C.USEFUL_TOUCH if applied > 0 else C.EMPTY_TOUCH, np.array([c]), applied)
        st.annoyance[c] += talk_annoyance(out)
    return outcomes
