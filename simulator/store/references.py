"""Reference scores: what a game kind's reference bot (skill 100) and its zero (skill 0) score on a scenario and
seed, played once and cached in the leaderboard's database (a new engine or bot gets fresh ones: the key is the
kind's ``reference_key``, which holds the rules' fingerprint)."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..scenario import Scenario
from ..scenario.schema import Event
from .kinds import DESK, GameKind

if TYPE_CHECKING:
    from .leaderboard import Leaderboard


# The reference scores this process has played, by (scenario hash, seed, reference key): the same content, seed
# and rules (the key holds the rules' fingerprint) give the same score, so a second board (a test's, a server
# worker's second database) need not play the bot again. Bounded: cleared when full.
_PLAYED: dict[tuple[str, int, str], float] = {}
PLAYED_KEPT = 4096


def reference_score(board: Leaderboard, scenario: Scenario, scenario_hash: str, seed: int, name: str | None = None,
                    kind: GameKind = DESK) -> float:
    """A reference bot's score on this scenario and seed (``name``, by default the kind's reference: the
    ``balanced`` strategy, the ``aligned`` head; the kind's ``zero`` gives skill 0), cached in ``board``."""
    name = name or kind.reference
    key = kind.reference_key(name)
    cached = board.cached_reference(scenario_hash, seed, key)
    if cached is not None:
        return cached
    value = _PLAYED.get((scenario_hash, seed, key))
    if value is None:
        value = kind.play_reference(scenario, seed, name).result().score
        if len(_PLAYED) >= PLAYED_KEPT:
            _PLAYED.clear()
        _PLAYED[(scenario_hash, seed, key)] = value
    board.keep_reference(scenario_hash, seed, key, value)
    return value


def forget_played() -> None:
    """Forget the reference scores this process has played (the next board plays them again)."""
    _PLAYED.clear()


def injected_hash(scenario_hash: str, injected: Sequence[Event]) -> str:
    """The key reference scores are cached under for a scenario played with a trainer's injected events: the file's
    hash and a hash of the events (the bots' market is the game's, events and all)."""
    canonical = json.dumps([e.model_dump(mode="json") for e in injected], sort_keys=True, ensure_ascii=False)
    return f"{scenario_hash}+{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:16]}"
