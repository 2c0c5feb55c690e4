"""How much of a game a bot played: each month's decisions against what every reference and probe strategy would
have decided in that very month.

The player's game is replayed month by month; before each month every strategy is asked for its plan in that
situation (strategies are deterministic, and planning changes nothing in the game), and the plan is compared with
the one played. A strategy's *share* is the fraction of months where the two are the same or nearly so:

- every markup within :data:`MARKUP_TOLERANCE` of the strategy's (a nudge of 0.0001 is the same price), and
- the touches (kind, topic, client) and the offers (product, client) overlapping by at least :data:`OVERLAP`
  (Jaccard: shared over all; two empty sets agree).

A game whose best share reaches :data:`BOT_SHARE` is marked as that bot's (``Entry.bot``): it is ranked with the
mark, shown on every board, export and the command line, never silently taken for a person's game. Why half:
at that point the game is more the bot's than the player's; a person playing through the desk never meets a
bot's exact client lists by chance (the tests check a person's varied game scores far below), while a bot's game
with a few months nudged, or a what-if branch handed in as one's own, stays above it. Lower shares are kept for
the trainer (``similarity``, CSV's ``bot_share``). The desk's peers (``by_the_desk``, which plays only what the
desk shows a person) are left out: a trainee who follows the desk's agenda is meant to decide as it does, and that
is the course learned, not a bot's game. Head-of-sales games are not compared here (their reference
copies are refused by ``head_replay``); neither are what-if branches (ranked apart already).
"""
from __future__ import annotations

from ..engine import Game, MonthPlan, replay as replay_plans
from ..scenario import Scenario
from ..strategies import STRATEGIES, Strategy
from ..strategies.balance import PEERS
from ..strategies.probes import probes_for
from .replay import canonical_plans

BOT_SHARE = 0.5
MARKUP_TOLERANCE = 0.005
OVERLAP = 0.9


def similarity(scenario: Scenario, seed: int, plans: tuple[MonthPlan, ...] | list[MonthPlan]) -> dict[str, float]:
    """Each reference and probe strategy's share (0..1) of months in which ``plans`` decide as it would have."""
    bots = {name: s for name, s in {**STRATEGIES, **probes_for(scenario)}.items() if name not in PEERS}
    hits = dict.fromkeys(bots, 0)
    if not plans:
        return dict.fromkeys(bots, 0.0)
    game = replay_plans(scenario, seed, [])
    for plan in plans:
        played = _month(plan)
        for name, strategy in bots.items():
            if _alike(_planned(game, strategy), played):
                hits[name] += 1
        game.play_month(plan)
    return {name: round(count / len(plans), 4) for name, count in hits.items()}


def closest(shares: dict[str, float]) -> tuple[str | None, float]:
    """The strategy with the highest share and that share (the first in order on a tie); (None, 0) when none."""
    if not shares:
        return None, 0.0
    name = max(shares, key=lambda k: shares[k])
    return name, shares[name]


def _planned(game: Game, strategy: Strategy) -> dict | None:
    try:
        return _month(game.as_recorded(strategy.make_plan(game)))
    except Exception:  # a probe that cannot plan in this situation decides nothing alike
        return None


def _month(plan: MonthPlan) -> dict:
    canonical = canonical_plans((plan,))[0]
    return {"markups": canonical["markups"],
            "touches": {(kind, topic, c) for kind, topic, clients in canonical["touches"] for c in clients},
            "offers": {(product, c) for product, clients in canonical["offers"] for c in clients}}


def _alike(planned: dict | None, played: dict) -> bool:
    if planned is None:
        return False
    a, b = planned["markups"], played["markups"]
    if set(a) != set(b) or any(abs(a[k] - b[k]) > MARKUP_TOLERANCE for k in a):
        return False
    return _overlap(planned["touches"], played["touches"]) >= OVERLAP and \
        _overlap(planned["offers"], played["offers"]) >= OVERLAP


def _overlap(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
