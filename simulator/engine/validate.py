"""The rules a plan must keep, checked before anything changes, then compiled to arrays."""
from __future__ import annotations

import numpy as np

from ..scenario.schema import Scenario
from .plan import MAX_QUESTIONS, CompiledPlan, MonthPlan, PlanError, sessions
from .world import Catalog, ClientState

_EPS = 1e-9


def complete_markups(catalog: Catalog, plan: MonthPlan, current: np.ndarray) -> dict[str, float]:
    """The plan's markups with every product filled in (unchanged products keep ``current``)."""
    markups = {pid: float(current[i]) for i, pid in enumerate(catalog.product_ids)}
    markups.update({k: float(v) for k, v in plan.markups.items()})
    return markups


def compile_plan(s: Scenario, catalog: Catalog, state: ClientState, plan: MonthPlan, current: np.ndarray) -> CompiledPlan:
    """Check every rule and return the plan as arrays; raises PlanError naming the broken rule."""
    pidx = {p: i for i, p in enumerate(catalog.product_ids)}
    tidx = {t: i for i, t in enumerate(catalog.touch_ids)}
    eidx = {e: i for i, e in enumerate(catalog.event_ids)}
    n_clients = state.loyalty.shape[0]
    markups = current.copy()
    for pid, value in plan.markups.items():
        if pid not in pidx:
            raise PlanError("unknown_product", f"no product `{pid}` in this scenario")
        p = pidx[pid]
        if not np.isfinite(value):
            raise PlanError("markup_band", f"markup for `{pid}` is not a number")
        if catalog.fixed[p] and abs(value - catalog.markup_start[p]) > _EPS:
            raise PlanError("fixed_price", f"`{pid}` is sold from the price list at markup "
                                           f"{catalog.markup_start[p]:g}; its markup cannot change")
        if value < catalog.markup_min[p] - _EPS or value > catalog.markup_max[p] + _EPS:
            raise PlanError("markup_band", f"markup {value:g} for `{pid}` is outside the band "
                                           f"[{catalog.markup_min[p]:g}, {catalog.markup_max[p]:g}] management set")
        markups[p] = value

    everyone = bool(state.active.all())
    clients, kinds, topics = [], [], []
    hours = money = 0.0
    for batch in plan.touches:
        if batch.kind not in tidx:
            raise PlanError("unknown_touch_type", f"no touch type `{batch.kind}` in this scenario")
        k = tidx[batch.kind]
        if batch.topic is None:
            topic = -1
        elif batch.topic in pidx:
            topic = pidx[batch.topic]
        elif batch.topic in eidx:
            topic = len(pidx) + eidx[batch.topic]
        else:
            raise PlanError("unknown_topic", f"topic `{batch.topic}` is neither a product nor an event")
        c = _client_array(batch.clients, n_clients)
        if c.size == 0:
            continue
        if not everyone and not catalog.touch_win_back[k]:
            lost = ~state.active[c]
            if lost.any():
                raise PlanError("client_lost", f"client #{int(c[lost][0])} has left; only a win-back touch can reach them")
        distinct = _distinct(c, n_clients)
        if distinct < c.size:  # a batch names a set of clients: a repeat is not another touch
            c = c[np.sort(np.unique(c, return_index=True)[1])]
        n = sessions(distinct, int(catalog.touch_capacity[k]))
        hours += n * catalog.touch_hours[k]
        money += n * catalog.touch_cost[k]
        clients.append(c)
        kinds.append(k)
        topics.append(topic)
    if hours > s.desk.hours_per_month + _EPS:
        raise PlanError("hours", f"the plan needs {hours:g} hours; the desk has {s.desk.hours_per_month:g} a month")
    touch_client = np.concatenate(clients) if clients else np.zeros(0, np.int64)
    if touch_client.size > 31 * max(n_clients, 1):
        raise PlanError("too_large", "more than 31 touches per client in one month")

    offer_clients, offer_products = [], []
    for offer in plan.offers:
        if offer.product not in pidx:
            raise PlanError("unknown_product", f"no product `{offer.product}` to offer")
        offer_clients.append(_client_array(offer.clients, n_clients))
        offer_products.append(pidx[offer.product])
    offer_client = np.concatenate(offer_clients) if offer_clients else np.zeros(0, np.int64)
    offer_product = _spread(offer_products, offer_clients)
    if offer_client.size:
        contacted = np.zeros(n_clients, bool)
        contacted[touch_client] = True
        missing = ~contacted[offer_client]
        if missing.any():
            raise PlanError("offer_without_contact", f"an offer to client #{int(offer_client[missing][0])} needs a touch "
                                                     "with them in the same month")
        # Sorted distinct (client, product) pairs: a mark per cell beats np.unique's sort.
        marked = np.zeros(n_clients * len(pidx), bool)
        marked[offer_client * len(pidx) + offer_product] = True
        pairs = np.flatnonzero(marked)
        offer_client, offer_product = pairs // len(pidx), pairs % len(pidx)
    touch_kind = _spread(kinds, clients)
    talks, touch_talk = _conversations(s, catalog, state, plan, touch_client, touch_kind)
    return CompiledPlan(
        markups=markups, touch_client=touch_client, touch_kind=touch_kind, touch_topic=_spread(topics, clients),
        offer_client=offer_client, offer_product=offer_product, hours=float(hours), touch_cost=float(money),
        touch_talk=touch_talk, talks=talks,
    )


def _spread(values: list[int], batches: list[np.ndarray]) -> np.ndarray:
    """Each batch's value repeated for each of its clients, batch after batch (int64)."""
    return np.repeat(np.array(values, np.int64), [b.size for b in batches])


def _conversations(s: Scenario, catalog: Catalog, state: ClientState, plan: MonthPlan, touch_client: np.ndarray,
                   touch_kind: np.ndarray) -> tuple[tuple[tuple[int, str, tuple[str, ...]], ...], np.ndarray | None]:
    """The plan's conversations checked (a one-to-one touch of that type on the client, one per client, known
    questions asked once each, a client with an archetype) and the touches that carry them (the first touch of
    the type on the client)."""
    if not plan.conversations:
        return (), None
    conv = s.conversations
    if conv is None:
        raise PlanError("conversation", "this scenario has no conversations")
    known = {q.id for q in conv.questions}
    tidx = {t: i for i, t in enumerate(catalog.touch_ids)}
    n_clients = state.loyalty.shape[0]
    carried = np.zeros(touch_client.size, bool)
    seen: set[int] = set()
    talks = []
    for record in plan.conversations:
        c = int(record.client)
        if not 0 <= c < n_clients:
            raise PlanError("unknown_client", f"no client #{c}; clients are numbered 0..{n_clients - 1}")
        if c in seen:
            raise PlanError("conversation", f"client #{c} has two conversations this month; one is the most")
        seen.add(c)
        k = tidx.get(record.touch)
        if k is None:
            raise PlanError("unknown_touch_type", f"no touch type `{record.touch}` in this scenario")
        if catalog.touch_capacity[k] != 1 or catalog.touch_win_back[k]:
            raise PlanError("conversation", f"`{record.touch}` is not a one-to-one call or visit; a conversation "
                                            "needs one")
        if state.archetype[c] < 0 or not state.active[c]:
            raise PlanError("conversation", f"client #{c} has no conversation in this scenario (no archetype, "
                                            "or gone)")
        rows = np.flatnonzero((touch_client == c) & (touch_kind == k))
        if not rows.size:
            raise PlanError("conversation", f"a conversation with client #{c} needs a `{record.touch}` with them "
                                            "this month")
        if len(record.questions) > MAX_QUESTIONS or len(set(record.questions)) < len(record.questions):
            raise PlanError("conversation", f"a conversation asks at most {MAX_QUESTIONS} questions, each once")
        unknown = [q for q in record.questions if q not in known]
        if unknown:
            raise PlanError("conversation", f"no question `{unknown[0]}` in this scenario")
        carried[rows[0]] = True
        talks.append((c, record.touch, tuple(record.questions)))
    return tuple(talks), carried


def _client_array(clients: np.ndarray, n_clients: int) -> np.ndarray:
    """A batch's clients (already an int64 array), checked against the game's client count."""
    # One maximum over the indices read as unsigned: a negative one reads as a huge number.
    if clients.size and int(clients.view(np.uint64).max()) >= n_clients:
        bad = clients[(clients < 0) | (clients >= n_clients)][0]
        raise PlanError("unknown_client", f"no client #{int(bad)}; clients are numbered 0..{n_clients - 1}")
    return clients


def _distinct(clients: np.ndarray, n_clients: int) -> int:
    """How many different clients a batch names (a client listed twice takes one seat)."""
    if clients.size < 64:
        return len(set(clients.tolist()))
    seen = np.zeros(n_clients, bool)
    seen[clients] = True
    return int(np.count_nonzero(seen))
