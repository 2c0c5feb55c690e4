"""The trainer's view of a group: how its KPIs spread, and the mistakes many of its games made.

Public API (the leaderboard screen, the HTML report and the workshop board use it)::

    from simulator.store.group import group_view

    with Leaderboard.open() as board:
        view = group_view(board, entries)          # entries of one board (rankings(...)[0].entries)
        for s in view.spreads: s.kpi, s.mean, s.sd, s.low, s.high, s.values
        for m in view.mistakes: m.code, m.product, m.count, view.games   # "7 of 12 ..."

Games written by a reference bot are left out: the group is the people who played. The spreads come
from the verified KPIs stored with each entry; the mistakes from replaying each entry's plans (the
engine's :mod:`~simulator.engine.mistakes` decides what a mistake is).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..engine import MISTAKE_CODES as CODES, mistakes
from .db import StoreError
from .kinds import DESK, kind_of
from .replay import ReplayError

if TYPE_CHECKING:
    from .leaderboard import Leaderboard

# The KPIs a desk group view shows, in this order (a board's own KPI is added when it is another; each kind
# has its own: ``kinds.GameKind.group_kpis``).
GROUP_KPIS = DESK.group_kpis


@dataclass(frozen=True)
class Spread:
    """One KPI over the group: ``n`` games with a value, their mean, standard deviation (of the population: the
    group is all there is, as on the workshop server's board), lowest and highest, and every value (sorted) for a
    distribution chart."""

    kpi: str
    n: int
    mean: float
    sd: float
    low: float
    high: float
    values: tuple[float, ...]


@dataclass(frozen=True)
class GroupMistake:
    """A mistake ``count`` games of the group made (``product``: the product it was about, if one)."""

    code: str
    lesson: int
    product: str | None
    count: int


@dataclass(frozen=True)
class GroupView:
    """``games``: the group's games looked at (bots left out); ``unreadable``: games that could not be replayed."""

    games: int
    spreads: list[Spread]
    mistakes: list[GroupMistake]
    unreadable: int = 0


def people(entries: Iterable) -> list:
    """The entries played by people (a replay a reference bot wrote is not the group's)."""
    return [e for e in entries if not getattr(e, "strategy", None)]


def spreads(entries: Sequence, kpis: Sequence[str] = GROUP_KPIS) -> list[Spread]:
    """Mean, spread and values of each KPI over ``entries`` (a KPI no entry has is left out)."""
    out = []
    for kpi in kpis:
        values = sorted(float(v) for v in (e.value(kpi) for e in entries) if v is not None and math.isfinite(v))
        if not values:
            continue
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))  # the group is the whole population
        out.append(Spread(kpi, len(values), mean, sd, values[0], values[-1], tuple(values)))
    return out


def common_mistakes(games: Iterable) -> list[GroupMistake]:
    """How many of ``games`` (finished engine Games) made each mistake, most common first."""
    counts: Counter = Counter()
    lessons: dict = {}
    for game in games:
        seen = set()
        for m in mistakes(game):
            key = (m.code, m.product)
            if key not in seen:  # a game counts once per mistake
                seen.add(key)
                counts[key] += 1
                lessons[key] = m.lesson
    order = sorted(counts, key=lambda k: (-counts[k], CODES.index(k[0]), k[1] or ""))
    return [GroupMistake(code, lessons[(code, product)], product, counts[(code, product)]) for code, product in order]


def replayed(entries: Sequence) -> list:
    """The entries :func:`group_view` replays: games played by people, of a kind whose mistakes the engine
    knows (a desk's; a head game's are its sellers')."""
    return [e for e in people(entries) if kind_of(e).common_mistakes]


def group_view(board: Leaderboard, entries: Sequence, kpis: Sequence[str] = GROUP_KPIS,
               progress: Callable[[], None] | None = None) -> GroupView:
    """The group view of ``entries`` (one board's), replaying each person's game from ``board``; ``progress`` is
    called after each replay (the window counts them, and stops the work by raising from it)."""
    group = people(entries)
    games, unreadable = [], 0
    for entry in replayed(entries):
        try:
            games.append(board.review(entry.id))
        except (ReplayError, KeyError, StoreError):
            unreadable += 1
        if progress is not None:
            progress()
    return GroupView(len(games), spreads(group, kpis), common_mistakes(games), unreadable)
