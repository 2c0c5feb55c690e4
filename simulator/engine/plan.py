"""A month's plan: markups, touches and offers, and the rules it must keep.

Touches and offers come in batches (one touch type and topic, or one product,
for many clients), which is what a bulk action or a cadence rule produces; a
single touch is a batch of one. A batch names a set of clients: a client listed
twice in one batch is touched once (two calls to one client are two batches).
A plan is plain data and round-trips through JSON for replays.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .frozen import is_sealed, sealed

MAX_QUESTIONS = 10   # the most questions one conversation may hold


class PlanError(ValueError):
    """A plan breaks a rule; the game state is unchanged. ``rule`` names the rule."""

    def __init__(self, rule: str, message: str):
        self.rule = rule
        self.message = message
        super().__init__(f"{rule}: {message}")


def client_ids(value: object) -> np.ndarray:
    """Client indices as a sealed (read-only for good) 1-D int64 array, the form every batch holds them in.

    Accepts any sequence or array of whole numbers; anything else (floats, bools,
    text, nested lists) raises PlanError('format', ...). The range is checked
    against the game when the plan is played.
    """
    if isinstance(value, np.ndarray) and value.dtype == np.int64 and value.ndim == 1 and is_sealed(value):
        return value  # already what a batch holds, and nobody can change it: shared, not copied
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.array(value if isinstance(value, (tuple, list)) else tuple(value))  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            raise PlanError("format", "client indices must be whole numbers") from None
    if arr.size == 0:
        arr = np.zeros(0, np.int64)
    elif arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise PlanError("format", "client indices must be a flat list of whole numbers")
    elif arr.dtype.kind == "u" and arr.max() > np.iinfo(np.int64).max:
        raise PlanError("unknown_client", f"no client #{int(arr.max())}")
    return sealed(arr.astype(np.int64))  # always a copy (the caller's array stays the caller's), never writable


class _Batch:
    """What batches share: clients kept as a read-only array, equality and hash by value."""

    clients: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "clients", client_ids(self.clients))

    def _key(self) -> tuple:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key() and np.array_equal(self.clients, other.clients)

    def __hash__(self) -> int:
        return hash((self._key(), self.clients.tobytes()))


@dataclass(frozen=True, eq=False)
class TouchBatch(_Batch):
    """Contact these clients with one touch type, optionally about a topic (a product or event id).

    ``clients`` may be given as any sequence of client indices; it is kept as a
    read-only int64 array (see :func:`client_ids`).
    """

    kind: str
    clients: np.ndarray
    topic: str | None = None

    def _key(self) -> tuple:
        return (self.kind, self.topic)


@dataclass(frozen=True, eq=False)
class OfferBatch(_Batch):
    """Offer one product to these clients (any sequence of indices; kept as a read-only int64 array)."""

    product: str
    clients: np.ndarray

    def _key(self) -> tuple:
        return (self.product,)


@dataclass(frozen=True)
class ConversationRecord:
    """A conversation as the month's plan holds it: on the touch ``touch`` to ``client``, these questions in order."""

    client: int
    touch: str
    questions: tuple[str, ...]

    def to_json(self) -> dict:
        """Plain JSON data (for replays and saves)."""
        return {"client": int(self.client), "touch": self.touch, "questions": list(self.questions)}

    @classmethod
    def from_json(cls, data: object) -> ConversationRecord:
        """Parse; raises PlanError('format', ...) on anything malformed."""
        if not isinstance(data, dict) or set(data) != {"client", "touch", "questions"}:
            raise PlanError("format", "a conversation is an object with client, touch and questions")
        client, touch, questions = data["client"], data["touch"], data["questions"]
        if isinstance(client, bool) or not isinstance(client, int) or not isinstance(touch, str) \
                or not isinstance(questions, list) or not all(isinstance(q, str) for q in questions) \
                or len(questions) > MAX_QUESTIONS:
            raise PlanError("format", f"a conversation names a client (a whole number), a touch type and at most "
                                      f"{MAX_QUESTIONS} question ids")
        return cls(client, touch, tuple(questions))


@dataclass(frozen=True)
class MonthPlan:
    """Everything the player decides for one month."""

    markups: Mapping[str, float] = field(default_factory=dict)
    touches: tuple[TouchBatch, ...] = ()
    offers: tuple[OfferBatch, ...] = ()
    conversations: tuple[ConversationRecord, ...] = ()   # discovery conversations on the month's calls and visits

    def to_json(self) -> dict:
        """Plain JSON data (for replays and saves); ``conversations`` only when the month had one, so a plan
        without them reads as it always did."""
        data = {
            "markups": {k: float(v) for k, v in sorted(self.markups.items())},
            "touches": [
                {"kind": b.kind, "topic": b.topic, "clients": b.clients.tolist()} for b in self.touches
            ],
            "offers": [{"product": b.product, "clients": b.clients.tolist()} for b in self.offers],
        }
        if self.conversations:
            data["conversations"] = [c.to_json() for c in self.conversations]
        return data

    @classmethod
    def from_json(cls, data: object) -> MonthPlan:
        """Parse plan JSON; raises PlanError('format', ...) on anything malformed."""
        try:
            if not isinstance(data, dict) or set(data) - {"markups", "touches", "offers", "conversations"}:
                raise TypeError("a plan is an object with markups, touches, offers and conversations")
            markups = data.get("markups", {})
            if not isinstance(markups, dict):
                raise TypeError("markups must be an object")
            parsed = {str(k): _number(v) for k, v in markups.items()}
            touches = tuple(
                TouchBatch(kind=_text(t["kind"]), clients=_clients(t["clients"]),  # type: ignore[arg-type]
                           topic=None if t.get("topic") is None else _text(t["topic"]))
                for t in _list(data.get("touches", []))
            )
            offers = tuple(
                OfferBatch(product=_text(o["product"]), clients=_clients(o["clients"]))  # type: ignore[arg-type]
                for o in _list(data.get("offers", []))
            )
            conversations = tuple(ConversationRecord.from_json(c) for c in _list(data.get("conversations", [])))
        except PlanError:
            raise
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            raise PlanError("format", f"malformed plan: {exc}") from None
        return cls(markups=parsed, touches=touches, offers=offers, conversations=conversations)


def _list(value: object) -> list:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _clients(value: object) -> tuple[int, ...]:
    items = _list(value)
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in items):
        raise TypeError("client indices must be whole numbers")
    return tuple(items)


@dataclass(frozen=True)
class CompiledPlan:
    """A validated plan as arrays the month's rules work on."""

    markups: np.ndarray          # per product
    touch_client: np.ndarray     # per touch
    touch_kind: np.ndarray       # touch type index per touch
    touch_topic: np.ndarray      # -1 none, 0..P-1 product, P+e event
    offer_client: np.ndarray
    offer_product: np.ndarray
    hours: float
    touch_cost: float
    touch_talk: np.ndarray | None = None   # per touch: it carries a conversation (None: no conversations)
    talks: tuple[tuple[int, str, tuple[str, ...]], ...] = ()   # (client, touch type, question ids) per conversation


def sessions(n_clients: int, capacity: int) -> int:
    """Sessions a batch of a touch type needs: one per ``capacity`` clients."""
    return max(1, math.ceil(n_clients / capacity)) if n_clients else 0
