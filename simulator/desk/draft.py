"""The month's plan while the player drafts it, and the standing contact rules that pre-fill it.

The draft keeps touches and offers as one boolean mask per (touch type, topic) or per product, so a bulk
action on thousands of clients is a numpy ``|=`` and the plan handed to the engine still lists every touch.
The hours are the engine's rule (:func:`~simulator.engine.sessions`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..engine import Conversation, ConversationRecord, Game, MonthPlan, OfferBatch, TouchBatch, sessions


@dataclass(frozen=True)
class AddResult:
    """What a (bulk) touch or offer did: how many were added and why the rest were not."""

    added: int
    no_hours: int = 0
    lost: int = 0
    no_contact: int = 0
    already: int = 0


class PlanDraft:
    """The month's plan while the player builds it."""

    def __init__(self, game: Game):
        self.game = game
        cat = game.view
        self.n = game.n_clients
        self.markups = dict(game.markups)
        self._touches: dict[tuple[str, str | None], np.ndarray] = {}
        self._offers: dict[str, np.ndarray] = {}
        self._talks: dict[int, Conversation] = {}   # client -> the conversation held on their call or visit
        self._hours = {t: float(h) for t, h in zip(cat.touch_ids, cat.touch_hours)}
        self._capacity = {t: int(c) for t, c in zip(cat.touch_ids, cat.touch_capacity)}
        self._win_back = {t: bool(w) for t, w in zip(cat.touch_ids, cat.touch_win_back)}
        self.version = 0
        self._planned_cache: tuple[int, np.ndarray] | None = None

    # --- hours ---------------------------------------------------------------
    @property
    def capacity_hours(self) -> float:
        """Hours the desk has this month."""
        return float(self.game.scenario.desk.hours_per_month)

    def hours_used(self) -> float:
        """Hours the touches planned so far take (the engine's rule: sessions per batch)."""
        return float(sum(sessions(int(mask.sum()), self._capacity[kind]) * self._hours[kind]
                         for (kind, _), mask in self._touches.items()))

    def hours_left(self) -> float:
        """Hours still free this month."""
        return self.capacity_hours - self.hours_used()

    def _room_for(self, kind: str, already: int) -> int:
        """How many more clients a batch of ``kind`` that has ``already`` clients can take within the hours left."""
        hours, cap = self._hours[kind], self._capacity[kind]
        if hours <= 0:
            return self.n
        free_sessions = int((self.hours_left() + 1e-9) // hours)
        return max(0, (sessions(already, cap) + free_sessions) * cap - already)

    # --- touches -------------------------------------------------------------
    def add_touch(self, kind: str, topic: str | None, clients: ArrayLike) -> AddResult:
        """Plan ``kind`` (about ``topic``) for ``clients``, in their order, as far as the hours allow."""
        ids = np.asarray(clients, dtype=np.int64).reshape(-1)
        active = self.game.view.active
        lost = 0
        if not self._win_back[kind]:
            keep = active[ids]
            lost = int((~keep).sum())
            ids = ids[keep]
        mask = self._touches.get((kind, topic))
        if mask is not None:
            fresh = ids[~mask[ids]]
            already = int(ids.size - fresh.size)
        else:
            fresh, already = ids, 0
        _, first = np.unique(fresh, return_index=True)
        fresh = fresh[np.sort(first)]
        current = int(mask.sum()) if mask is not None else 0
        room = self._room_for(kind, current)
        take = fresh[:room]
        if take.size:
            if mask is None:
                mask = np.zeros(self.n, bool)
                self._touches[(kind, topic)] = mask
            mask[take] = True
            self._changed()
        return AddResult(added=int(take.size), no_hours=int(fresh.size - take.size), lost=lost, already=already)

    def touches_of(self, client: int) -> list[tuple[str, str | None]]:
        """The (touch type, topic) pairs planned for one client."""
        return [key for key, mask in self._touches.items() if mask[client]]

    def offers_of(self, client: int) -> list[str]:
        """Products planned to be offered to one client."""
        return [p for p, mask in self._offers.items() if mask[client]]

    def contacted(self) -> np.ndarray:
        """Mask of clients with at least one touch planned."""
        out = np.zeros(self.n, bool)
        for mask in self._touches.values():
            out |= mask
        return out

    def topics_planned(self) -> np.ndarray:
        """N x (P + E) bool: a touch about each product (then each event) is planned for the client."""
        view = self.game.view
        topics = list(view.product_ids) + list(view.event_ids)
        out = np.zeros((self.n, len(topics)), bool)
        for (_, topic), mask in self._touches.items():
            if topic is not None:
                out[:, topics.index(topic)] |= mask
        return out

    def offers_planned(self) -> np.ndarray:
        """N x P bool: an offer of each product is planned for the client."""
        view = self.game.view
        out = np.zeros((self.n, len(view.product_ids)), bool)
        for product, mask in self._offers.items():
            out[:, view.product_index(product)] |= mask
        return out

    def planned_count(self) -> np.ndarray:
        """Touches plus offers planned per client (cached until the draft changes)."""
        if self._planned_cache is None or self._planned_cache[0] != self.version:
            count = np.zeros(self.n, np.int64)
            for mask in list(self._touches.values()) + list(self._offers.values()):
                count += mask
            self._planned_cache = (self.version, count)
        return self._planned_cache[1]

    # --- offers --------------------------------------------------------------
    def add_offer(self, product: str, clients: ArrayLike) -> AddResult:
        """Offer ``product`` to those of ``clients`` who have a touch planned this month."""
        ids = np.unique(np.asarray(clients, dtype=np.int64).reshape(-1))
        active = self.game.view.active[ids]
        contacted = self.contacted()[ids]
        ok = ids[active & contacted]
        mask = self._offers.get(product)
        already = int(mask[ok].sum()) if mask is not None else 0
        if ok.size:
            if mask is None:
                mask = np.zeros(self.n, bool)
                self._offers[product] = mask
            mask[ok] = True
            self._changed()
        return AddResult(added=int(ok.size) - already, lost=int((~active).sum()),
                         no_contact=int((active & ~contacted).sum()), already=already)

    # --- conversations ----------------------------------------------------------
    def talk_touch(self, client: int) -> str | None:
        """The touch planned for ``client`` that can carry a conversation (the engine's
        :meth:`~simulator.engine.Game.can_converse`), the longest first (a visit before a call); None if none is."""
        kinds = [kind for kind, _ in self.touches_of(client) if self.game.can_converse(client, kind)]
        return max(kinds, key=lambda k: self._hours[k], default=None)

    def add_conversation(self, conversation: Conversation) -> None:
        """Keep a conversation held this month (one per client: a new one replaces the old); it rides on the
        client's planned touch and goes when that touch is cleared."""
        self._talks[int(conversation.client)] = conversation
        self._changed()

    def conversation_of(self, client: int) -> Conversation | None:
        """The conversation held with ``client`` this month, if any."""
        return self._talks.get(int(client))

    def conversations(self) -> tuple[ConversationRecord, ...]:
        """This month's conversations as the plan records them (clients in order)."""
        return tuple(self._talks[c].record() for c in sorted(self._talks))

    # --- clearing ------------------------------------------------------------
    def clear(self, clients: ArrayLike) -> int:
        """Remove every touch and offer planned for ``clients``; returns how many items went."""
        ids = np.asarray(clients, dtype=np.int64).reshape(-1)
        removed = 0
        tables: tuple[dict, ...] = (self._touches, self._offers)
        for table in tables:
            for key in list(table):
                mask = table[key]
                removed += int(mask[ids].sum())
                mask[ids] = False
                if not mask.any():
                    del table[key]
        for client in [c for c, talk in self._talks.items() if talk.touch not in {k for k, _ in self.touches_of(c)}]:
            del self._talks[client]      # its call or visit is gone: so is the conversation
        if removed:
            self._changed()
        return removed

    # --- markups -------------------------------------------------------------
    def set_markup(self, product: str, value: float) -> float:
        """Set a product's markup, clamped to its band (fixed products keep theirs); returns the value kept."""
        view = self.game.view
        p = view.product_index(product)
        if view.fixed[p]:
            return self.markups[product]
        floor, ceiling, _ = view.markup_band
        value = round(min(max(float(value), float(floor[p])), float(ceiling[p])), 4)
        if value != self.markups[product]:
            self.markups[product] = value
            self._changed()
        return value

    # --- the plan ------------------------------------------------------------
    def to_plan(self) -> MonthPlan:
        """The plan as the engine takes it: every touch listed client by client."""
        view = self.game.view
        markups = {pid: self.markups[pid] for i, pid in enumerate(view.product_ids) if not view.fixed[i]}
        touches = tuple(TouchBatch(kind, np.flatnonzero(mask), topic)
                        for (kind, topic), mask in self._touches.items() if mask.any())
        offers = tuple(OfferBatch(product, np.flatnonzero(mask))
                       for product, mask in self._offers.items() if mask.any())
        return MonthPlan(markups=markups, touches=touches, offers=offers, conversations=self.conversations())

    def _changed(self) -> None:
        self.version += 1


@dataclass(frozen=True)
class CadenceRule:
    """A standing contact rule: clients of a segment get ``kind`` when ``every`` months have passed since contact."""

    segment: str
    kind: str
    every: int

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"segment": self.segment, "kind": self.kind, "every": self.every}


def apply_cadence(draft: PlanDraft, rules: list[CadenceRule]) -> AddResult:
    """Pre-fill ``draft`` from ``rules`` within the hours left; the longest-silent clients first."""
    view = draft.game.view
    seg_index = {s: i for i, s in enumerate(view.segment_ids)}
    silence = view.silence
    added = no_hours = 0
    for rule in rules:
        if rule.every <= 0 or rule.segment not in seg_index or rule.kind not in view.touch_ids:
            continue
        due = np.flatnonzero(view.active & (view.segment == seg_index[rule.segment]) & (silence >= rule.every))
        due = due[np.argsort(-silence[due], kind="stable")]
        result = draft.add_touch(rule.kind, None, due)
        added += result.added
        no_hours += result.no_hours
    return AddResult(added=added, no_hours=no_hours)


def offer_fit(game: Game, client: int, product: str) -> tuple[str, float]:
    """What the player knows about how an offer fits (the engine's :meth:`DeskView.offer_fit`)."""
    return game.view.offer_fit(client, product)
