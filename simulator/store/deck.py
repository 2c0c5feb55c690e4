"""The debrief deck's content: what a trainer shows the room after a session, worked out from the room's own games.

Public API (``python main.py deck`` and the workshop server's trainer page use it; :mod:`.deck_html` draws it)::

    from simulator.store.deck import build_deck

    with Leaderboard.open() as board:
        deck = build_deck(board, "certification", group="Moscow-1", seed=42)
        deck.scores, deck.forks, deck.mistakes, deck.pay, deck.lessons, deck.cohort

Everything is a number or a code; words come at the edge (:mod:`.deck_html`). What it holds:

* the score distribution of the people's games (a bot's game is ranked on the board but not counted here);
* the most instructive forks: for real games, the engine's what-if (the same luck, the reference ``balanced``
  playing on from a month), ranked by what the reference gained per month it played; every fork is re-simulated;
* the common mistakes with counts (the engine's :func:`~simulator.engine.mistakes`, as the group view counts them);
* the pay comparison: what the same games would have paid under each bonus base (lesson 6);
* a line per lesson with the mistakes of that lesson the room made (the deck asks a question on each);
* cohort percentiles: where this group's games stand among every game of the same scenario version played by other
  groups or on other seeds (compared on skill, which puts every seed on the same scale).

Building replays every game and plays the forks: seconds on a room's games; call it off an event loop.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..engine import BASES, Game, mistakes
from ..strategies import STRATEGIES
from ..strategies.whatif import fork as what_if
from .db import StoreError
from .entries import Entry, utc_now
from .group import GroupMistake, Spread, common_mistakes, people, spreads
from .kinds import REFERENCE_STRATEGY, kind_of
from .replay import ReplayError

if TYPE_CHECKING:
    from .leaderboard import Leaderboard

FORKS = 3                 # forks the deck shows
FORK_POINTS = (0.25, 0.5, 0.75)  # where in a game a fork is tried (shares of its months)
LESSONS = tuple(range(1, 8))     # the course's lessons (GAME_DESIGN.md §1)
FORK_KPIS = ("loyalty", "gross_profit", "bonus", "retention")


class DeckError(ValueError):
    """Nothing to build a deck from (no such group, scenario or seed; no game by a person)."""


@dataclass(frozen=True)
class Fork:
    """One what-if on a real game: ``player``'s game kept to month ``month`` (months played as they were), then
    the reference played on with the same luck. ``gain`` is the score it made more (``per_month``: per month it
    played); ``kpis`` maps a KPI to (the player's value, the fork's value)."""

    entry_id: int
    player: str
    month: int
    turns: int
    strategy: str
    own_score: float
    fork_score: float
    kpis: dict[str, tuple[float, float]]

    @property
    def gain(self) -> float:
        """Score points the reference's months added (negative: the player's own months were better)."""
        return self.fork_score - self.own_score

    @property
    def per_month(self) -> float:
        """The gain per month the reference played."""
        return self.gain / max(1, self.turns - self.month)


@dataclass(frozen=True)
class PayLine:
    """What the room's games would have paid under one bonus base: the mean, lowest and highest bonus, and who would
    have earned most; ``own`` marks the scenario's own base."""

    base: str
    mean: float
    low: float
    high: float
    best: str
    own: bool


@dataclass(frozen=True)
class CohortGroup:
    """Another group's (or another seed's) games of the same scenario version: how many, their median skill."""

    group: str
    seed: int
    games: int
    median_skill: float
    this: bool = False


@dataclass(frozen=True)
class Cohort:
    """Where this group stands among every game of the scenario version: ``groups`` (this one marked), the
    percentile of this group's median skill among all games, and each of its players' percentiles."""

    groups: list[CohortGroup]
    games: int
    median_percentile: float
    players: list[tuple[str, float]]


@dataclass(frozen=True)
class Deck:
    """The debrief deck's content for one group, scenario and seed (see the module's docstring)."""

    scenario_id: str
    scenario_version: int
    title: dict[str, str]
    group: str
    seed: int
    generated_at: str
    players: list[tuple[str, float, float | None]]      # (player, score, skill), board order, people only
    left_out: int                                        # bots' games on the board, not counted
    scores: Spread | None
    forks: list[Fork]
    games: int                                           # games replayed for the mistakes
    mistakes: list[GroupMistake]
    products: dict[str, dict[str, str]]                  # product id -> its name by language
    pay: list[PayLine]
    lessons: dict[int, int]                              # lesson -> games with a mistake of it
    cohort: Cohort | None
    teams: list[dict] = field(default_factory=list)      # who proposed what, per team (store.teams)


def build_deck(board: Leaderboard, scenario_id: str, group: str, seed: int, *, forks: int = FORKS,
               progress: Callable[[], None] | None = None) -> Deck:
    """The deck of ``group``'s games on ``scenario_id`` and ``seed`` (the official board, latest version).

    ``progress()`` is called after each replayed game and each fork. Raises :class:`DeckError` when there are no
    people's games to show."""
    ranked = next((b for b in board.rankings(scenario_id=scenario_id, group=group, seed=seed) if b.official), None)
    if ranked is None or not people(ranked.entries):
        raise DeckError(f"no game by a person on `{scenario_id}` for group `{group}` on seed {seed}")
    entries = ranked.entries
    group_entries = people(entries)
    step = progress or (lambda: None)
    games: list[tuple[Entry, Game]] = []
    for entry in group_entries:
        if not kind_of(entry).common_mistakes:  # a head game: its sellers' desks are not the player's plans
            continue
        try:
            game = board.review(entry.id)
        except (ReplayError, KeyError, StoreError):
            continue
        games.append((entry, game))
        step()
    scenario = games[0][1].scenario if games else None
    score = spreads(group_entries, ["score"])
    return Deck(
        scenario_id=scenario_id, scenario_version=ranked.scenario_version,
        title=dict(scenario.title.root) if scenario is not None else {"en": scenario_id},
        group=group, seed=seed, generated_at=utc_now(),
        players=[(e.player, e.score, e.skill) for e in group_entries], left_out=len(entries) - len(group_entries),
        scores=score[0] if score else None,
        forks=instructive_forks(games, forks, step),
        games=len(games), mistakes=common_mistakes(g for _, g in games),
        products={p.id: dict(p.name.root) for p in (scenario.products if scenario is not None else [])},
        pay=pay_comparison(games), lessons=lesson_counts(g for _, g in games),
        cohort=cohort(board, ranked.scenario_id, ranked.scenario_version, group, seed))


def instructive_forks(games: Sequence[tuple[Entry, Game]], n: int = FORKS,
                      progress: Callable[[], None] | None = None) -> list[Fork]:
    """The ``n`` forks that teach most, one per player: for each game the reference plays on from a quarter, half
    and three quarters of the way (the same luck: :func:`~simulator.strategies.whatif.fork`), and the fork that
    gained most per month it played is that game's; the games whose forks gained most come first. A fork that
    gains nothing teaches nothing and is left out."""
    reference = STRATEGIES[REFERENCE_STRATEGY]
    best: list[Fork] = []
    for entry, game in games:
        turns = len(game.plans)
        found: Fork | None = None
        for month in sorted({min(turns - 1, max(1, round(share * turns))) for share in FORK_POINTS}):
            if month < 1:
                continue
            played = what_if(game.scenario, game.seed, list(game.plans), month, reference)
            if progress is not None:
                progress()
            own, other = game.result(), played.result()
            candidate = Fork(entry.id, entry.player, month, turns, REFERENCE_STRATEGY, own.score, other.score,
                             {k: (float(own.kpis[k]), float(other.kpis[k])) for k in FORK_KPIS
                              if k in own.kpis and k in other.kpis})
            if candidate.gain > 1e-9 and (found is None or candidate.per_month > found.per_month):
                found = candidate
        if found is not None:
            best.append(found)
    best.sort(key=lambda f: (-f.per_month, -f.gain, f.player, f.entry_id))
    return best[:n]


def pay_comparison(games: Sequence[tuple[Entry, Game]]) -> list[PayLine]:
    """The bonus each game would have paid under each base (the engine books all three every month)."""
    if not games:
        return []
    own = games[0][1].scenario.compensation.base
    out = []
    for base in BASES:
        paid = [(sum(float(r.books.bonus_by_base[base]) for r in game.reports), entry.player) for entry, game in games]
        values = [p for p, _ in paid]
        top = max(paid, key=lambda p: p[0])
        out.append(PayLine(base, sum(values) / len(values), min(values), max(values), top[1], base == own))
    return out


def lesson_counts(games: Iterable[Game]) -> dict[int, int]:
    """For each lesson, how many games made at least one mistake of it."""
    counts = dict.fromkeys(LESSONS, 0)
    for game in games:  # the engine's rules decide what a mistake is
        for lesson in {m.lesson for m in mistakes(game)}:
            counts[lesson] = counts.get(lesson, 0) + 1
    return counts


def cohort(board: Leaderboard, scenario_id: str, version: int, group: str, seed: int) -> Cohort | None:
    """This group among every people's game of the scenario version on an official board (other groups, other
    seeds), by skill; None when no other group or seed played it."""
    found: dict[tuple[str, int], list[tuple[str, float]]] = {}
    for ranked in board.rankings(scenario_id=scenario_id, scenario_version=version, kpi="skill"):
        if not ranked.official:
            continue
        for e in people(ranked.entries):
            if e.skill is not None and math.isfinite(e.skill):
                found.setdefault((e.group, e.seed), []).append((e.player, float(e.skill)))
    ours = found.get((group, seed), [])
    if not ours or len(found) < 2:
        return None
    every = sorted(s for games in found.values() for _, s in games)
    groups = [CohortGroup(g, s, len(games), _median([v for _, v in games]), (g, s) == (group, seed))
              for (g, s), games in sorted(found.items(), key=lambda kv: -_median([v for _, v in kv[1]]))]
    return Cohort(groups, len(every), percentile(every, _median([v for _, v in ours])),
                  [(name, percentile(every, value)) for name, value in sorted(ours, key=lambda p: -p[1])])


def percentile(values: Sequence[float], value: float) -> float:
    """The percentile rank of ``value`` among sorted ``values``: the share below it plus half the share equal to it
    (0-100), so the middle of a group is the 50th."""
    below = sum(1 for v in values if v < value)
    equal = sum(1 for v in values if v == value)
    return 100.0 * (below + 0.5 * equal) / len(values) if values else 0.0


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
