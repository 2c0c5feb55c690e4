"""What a sales desk can know: the public, read-only face of a game for players, bots, screens and the store.

A :class:`DeskView` answers named questions about the clients and the catalogue as the desk sees them this
month. It is built from a :class:`DeskKnowledge`, a snapshot of what the desk knows: needs the desk has not
revealed read as 0 (they are not in the snapshot at all), and every array is sealed (writing to it, or making
it writable again, raises). One row a client and one column a product (or job, event, touch kind) in the
scenario's order.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .frozen import sealed
from .rules import boosted_need, due_soon, event_boost, faded, held
from .world import NEED_THRESHOLD, NEVER, Catalog, ClientState, job_intensity, prerequisites_met


def _frozen(array: np.ndarray) -> np.ndarray:
    return sealed(array)


@dataclass(frozen=True)
class DeskKnowledge:
    """What the desk knows as a month starts: the catalogue, the clients as the desk sees them (``state``: hidden
    needs as 0, the desk's own history with each client) and how many needs each client still hides (the count,
    never which). Every array is sealed."""

    catalog: Catalog
    state: ClientState
    month: int
    hidden: np.ndarray  # N: needs the desk has not learned yet


class DeskView:
    """One month's view of a game (taken afresh from ``game.view`` after each month)."""

    NEED_THRESHOLD = NEED_THRESHOLD  # a need from which a product or event is relevant to a client
    _month: int
    _state: ClientState
    _cat: Catalog
    _hidden: np.ndarray

    def __init__(self, knowledge: DeskKnowledge):
        object.__setattr__(self, "_month", knowledge.month)
        object.__setattr__(self, "_state", knowledge.state)    # sealed, hidden needs as 0
        object.__setattr__(self, "_cat", knowledge.catalog)
        object.__setattr__(self, "_hidden", knowledge.hidden)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"the desk's view is read-only: cannot set `{name}`")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"the desk's view is read-only: cannot delete `{name}`")

    # --- the game -------------------------------------------------------------------
    @property
    def month(self) -> int:
        """Months played so far when the view was taken (the month being planned is ``month + 1``)."""
        return self._month

    @property
    def n_clients(self) -> int:
        """Number of clients (rows)."""
        return int(self._state.loyalty.shape[0])

    # --- the catalogue ----------------------------------------------------------------
    @property
    def product_ids(self) -> tuple[str, ...]:
        """Products, in the scenario's order (the columns of N x P arrays)."""
        return self._cat.product_ids

    @property
    def touch_ids(self) -> tuple[str, ...]:
        """Touch kinds, in the scenario's order."""
        return self._cat.touch_ids

    @property
    def segment_ids(self) -> tuple[str, ...]:
        """Segments, in the scenario's order (``segment`` indexes them)."""
        return self._cat.segment_ids

    @property
    def event_ids(self) -> tuple[str, ...]:
        """Market events, in the scenario's order."""
        return self._cat.event_ids

    def product_index(self, product: str) -> int:
        """Column of ``product`` (ValueError if the scenario has none)."""
        return self._cat.product_ids.index(product)

    def touch_index(self, kind: str) -> int:
        """Index of touch kind ``kind`` (ValueError if the scenario has none)."""
        return self._cat.touch_ids.index(kind)

    @cached_property
    def cost(self) -> np.ndarray:
        """P: each product's cost (the markup is on it)."""
        return _frozen(self._cat.cost)

    @cached_property
    def cycle(self) -> np.ndarray:
        """P: months between purchases of a cycle product (0: bought once)."""
        return _frozen(self._cat.cycle)

    @cached_property
    def fixed(self) -> np.ndarray:
        """P bool: the price is fixed by management (a price list)."""
        return _frozen(self._cat.fixed)

    @cached_property
    def markup_band(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(floor, ceiling, start) markups per product."""
        return _frozen(self._cat.markup_min), _frozen(self._cat.markup_max), _frozen(self._cat.markup_start)

    @cached_property
    def requires(self) -> np.ndarray:
        """P x P bool: a product (row) needs the client to own another (column) first."""
        return _frozen(self._cat.requires)

    @cached_property
    def touch_hours(self) -> np.ndarray:
        """Hours of one session of each touch kind."""
        return _frozen(self._cat.touch_hours)

    @cached_property
    def touch_capacity(self) -> np.ndarray:
        """Clients one session of each touch kind reaches (1: one-to-one)."""
        return _frozen(self._cat.touch_capacity)

    @cached_property
    def touch_cost(self) -> np.ndarray:
        """Money one session of each touch kind costs."""
        return _frozen(self._cat.touch_cost)

    @cached_property
    def touch_useful(self) -> np.ndarray:
        """Bool per touch kind: it can carry news a client values (a newsletter cannot)."""
        return _frozen(self._cat.touch_useful)

    @cached_property
    def touch_win_back(self) -> np.ndarray:
        """Bool per touch kind: it can reach a client who has left."""
        return _frozen(self._cat.touch_win_back)

    @cached_property
    def running_events(self) -> np.ndarray:
        """E bool: events running in the month being planned."""
        return _frozen(self._cat.active_events(self.month))

    def events_running_in(self, month: int) -> np.ndarray:
        """E bool: events running in 0-based ``month`` (the month being planned is ``self.month``)."""
        return _frozen(self._cat.active_events(month))

    @cached_property
    def event_concerns(self) -> np.ndarray:
        """E x J bool: the jobs each event's news concerns."""
        return _frozen(self._cat.event_concerns)

    # --- the clients ------------------------------------------------------------------
    @property
    def active(self) -> np.ndarray:
        """N bool: still our client (a client who left is reached only by a win-back touch)."""
        return self._state.active

    @property
    def loyalty(self) -> np.ndarray:
        """N, 0..1: how much the client trusts us."""
        return self._state.loyalty

    @property
    def recall(self) -> np.ndarray:
        """N, 0..1: how well the client remembers us."""
        return self._state.recall

    @property
    def budget(self) -> np.ndarray:
        """N: the most a client pays for one purchase."""
        return self._state.budget

    @property
    def price_sensitivity(self) -> np.ndarray:
        """N: how strongly a client's choice follows the price."""
        return self._state.price_sensitivity

    @property
    def segment(self) -> np.ndarray:
        """N: index into ``segment_ids`` (-1: a named client outside the segments)."""
        return self._state.segment

    @cached_property
    def silence(self) -> np.ndarray:
        """N: months since our last contact (touch or deal), counted at the month being planned."""
        return _frozen(self.month - self._state.last_contact)

    @cached_property
    def recent_contacts(self) -> np.ndarray:
        """N: the desk's log of recent touches per client as the coming month starts (each month halves it): past
        the scenario's ``touch_limit`` even a touch with a reason annoys."""
        return _frozen(faded(self._state.contact_load))

    @cached_property
    def owned(self) -> np.ndarray:
        """N x P bool: the client has bought the product (from anyone)."""
        return _frozen(self._state.last_buy > NEVER)

    @cached_property
    def months_since_purchase(self) -> np.ndarray:
        """N x P: months since the client last bought each product (meaningful where ``owned``)."""
        return _frozen(self.month - 1 - self._state.last_buy)

    @property
    def ours(self) -> np.ndarray:
        """N x P bool: that last purchase was from us."""
        return self._state.ours

    @cached_property
    def due_in(self) -> np.ndarray:
        """N x P: months until a cycle product comes due (0 or less: due now; huge: never)."""
        return _frozen(due_in(self._state.last_buy, self._cat.cycle, self.month))

    @cached_property
    def due_soon(self) -> np.ndarray:
        """N x P bool: a cycle product comes due within its renewal window (or is due now): a reminder is news
        unless given already."""
        return _frozen(due_soon(self._state.last_buy, self._cat.cycle, self.month))

    @property
    def revealed(self) -> np.ndarray:
        """N x J bool: needs the desk has learned."""
        return self._state.revealed

    @cached_property
    def known_needs(self) -> np.ndarray:
        """N x J: the client's need for each job as far as the desk knows (hidden needs read 0)."""
        return self._state.need  # the snapshot holds known needs only

    def hidden_needs(self, client: int) -> int:
        """How many of the client's needs the desk has not learned yet (the card says some are left to find, not
        which: a touch with a reason reveals them)."""
        return int(self._hidden[client])

    @cached_property
    def known_intensity(self) -> np.ndarray:
        """N x P: the need for each product by the jobs it serves, as far as the desk knows, with the needs
        this month's events sharpen (the briefing says which)."""
        known = np.asarray(self.known_needs)
        running = self.running_events
        if running.any():
            known = boosted_need(known, event_boost(self._cat, running))
        return _frozen(job_intensity(known, self._cat.serves))

    @cached_property
    def known_intensity_before_events(self) -> np.ndarray:
        """N x P: :attr:`known_intensity` as it was before this month's events sharpened any need (what a seller
        who has not noticed the events still goes by)."""
        return _frozen(job_intensity(np.asarray(self.known_needs), self._cat.serves))

    @cached_property
    def prerequisites_met(self) -> np.ndarray:
        """N x P bool: the client owns everything the product requires."""
        return _frozen(prerequisites_met(np.asarray(self.owned), self._cat.requires))

    def concerned(self, event: int) -> np.ndarray:
        """N bool: active clients with a known need the event's news concerns."""
        known = np.asarray(self.known_needs) >= NEED_THRESHOLD
        return _frozen(self._state.active & (known & self._cat.event_concerns[event]).any(axis=1))

    def offer_fit(self, client: int, product: str) -> tuple[str, float]:
        """What the desk knows about how offering ``product`` to ``client`` fits: ``owned`` (holds it and it is not
        due), ``requires`` (needs another product first), ``fits`` (a known need at least :data:`NEED_THRESHOLD`),
        ``weak`` (a known need below it), ``unknown`` (no need learned for the jobs it does); with the intensity."""
        p = self.product_index(product)
        if held(self._state.last_buy[client, p], self._cat.cycle[p], self.month):
            return "owned", 0.0
        if not self.prerequisites_met[client, p]:
            return "requires", 0.0
        served = np.asarray(self.known_needs)[client][self._cat.serves[p]]
        strength = float(served.max()) if served.size else 0.0
        if strength >= NEED_THRESHOLD:
            return "fits", strength
        if (self._state.revealed[client] & self._cat.serves[p]).any():
            return "weak", strength
        return "unknown", 0.0


def due_in(last_buy: np.ndarray, cycle: np.ndarray, month: int) -> np.ndarray:
    """N x P months until each cycle product comes due in ``month`` (negative: overdue; 10**6 for none)."""
    result = np.where(last_buy > NEVER, last_buy + (cycle - month), 10**6).astype(np.int64, copy=False)
    result[:, cycle <= 0] = 10**6
    return result
