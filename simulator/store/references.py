"""Reference scores: what a game kind's reference bot (skill 100) and its zero (skill 0) score on a scenario and
seed, played once and cached in the leaderboard's database (a new engine or bot gets fresh ones: the key is the
kind's ``reference_key``, which holds the rules' fingerprint)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..scenario import Scenario
from .kinds import DESK, GameKind

if TYPE_CHECKING:
    from .leaderboard import Leaderboard


def reference_score(board: Leaderboard, scenario: Scenario, scenario_hash: str, seed: int, name: str | None = None,
                    kind: GameKind = DESK) -> float:
    """A reference bot's score on this scenario and seed (``name``, by default the kind's reference: the
    ``balanced`` strategy, the ``aligned`` head; the kind's ``zero`` gives skill 0), cached in ``board``."""
    name = name or kind.reference
    key = kind.reference_key(name)
    cached = board.cached_reference(scenario_hash, seed, key)
    if cached is not None:
        return cached
    value = kind.play_reference(scenario, seed, name).result().score
    board.keep_reference(scenario_hash, seed, key, value)
    return value
