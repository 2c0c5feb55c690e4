"""What the head may see of his department now: a frozen snapshot the screens and the reference heads read.

:attr:`HeadGame.view <simulator.head.game.HeadGame.view>` is taken afresh after each decision and each month;
nothing in it writes through to the game (the game changes only by ``decide`` and ``play_month``). A seller's
traits show as the head knows them: a hidden one is None until an interview reveals it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from ..engine import FrozenDict
from ..scenario.schema import PayScheme


class _HasStatus(Protocol):
    @property
    def status(self) -> str: ...


_P = TypeVar("_P", bound=_HasStatus)


@dataclass(frozen=True)
class SellerView:
    """A candidate or a seller as the head sees him: status, pay, promise, mood and what interviews showed."""

    index: int
    id: str
    status: str                        # candidate, hired, quit
    scheme: PayScheme | None
    promise: float
    motivation: float
    expectation: float
    joined: int
    asked: tuple[str, ...]
    traits_seen: FrozenDict            # trait -> value, None while hidden
    markups: FrozenDict | None         # the markups he quoted last (None before his first month)

    @property
    def pay(self) -> PayScheme:
        """His pay scheme (every seller on the team has one; a candidate has none until hired)."""
        assert self.scheme is not None, f"`{self.id}` has no pay scheme"
        return self.scheme

    def visible_traits(self) -> dict[str, float | None]:
        """Traits as the head sees them: hidden ones are None until an interview reveals them."""
        return dict(self.traits_seen)


@dataclass(frozen=True)
class HeadView:
    """The department now: every candidate and seller, who holds which book, the markup bands, the books' sizes."""

    month: int
    sellers: FrozenDict                # id -> SellerView, in the scenario's order
    holder: FrozenDict                 # segment id -> seller id or None
    bands: FrozenDict                  # product id -> (floor, ceiling)
    book_sizes: FrozenDict             # segment id -> clients in the book
    segment_ids: tuple[str, ...]

    def team_members(self) -> list[SellerView]:
        """Sellers on the team now."""
        return with_status(self.sellers.values(), "hired")

    def candidates(self) -> list[SellerView]:
        """Candidates the head may still hire."""
        return with_status(self.sellers.values(), "candidate")

    def books_of(self, seller: str) -> list[str]:
        """Segments ``seller`` holds."""
        return held_by(self.holder, self.segment_ids, seller)


def with_status(people: Iterable[_P], status: str) -> list[_P]:
    """Those of ``people`` (sellers as the head sees them, or the game's own records) whose status is ``status``
    ("hired", "candidate", ...), in order. The view and the game filter with this one rule."""
    return [p for p in people if p.status == status]


def held_by(holder: Mapping[str, str | None], segment_ids: Iterable[str], seller: str) -> list[str]:
    """The segments of ``segment_ids`` that ``holder`` gives to ``seller``."""
    return [seg for seg in segment_ids if holder[seg] == seller]
