"""What the head may see of his department now: a frozen snapshot the screens and the reference heads read.

:attr:`HeadGame.view <simulator.head.game.HeadGame.view>` is taken afresh after each decision and each month;
nothing in it writes through to the game (the game changes only by ``decide`` and ``play_month``). A seller's
traits show as the head knows them: a hidden one is None until an interview reveals it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..engine import FrozenDict
from ..scenario.schema import PayScheme


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
        return [s for s in self.sellers.values() if s.status == "hired"]

    def candidates(self) -> list[SellerView]:
        """Candidates the head may still hire."""
        return [s for s in self.sellers.values() if s.status == "candidate"]

    def books_of(self, seller: str) -> list[str]:
        """Segments ``seller`` holds."""
        return [seg for seg in self.segment_ids if self.holder[seg] == seller]
