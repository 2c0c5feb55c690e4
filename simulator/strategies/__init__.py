"""Reference strategies: bots that play through the engine's public API.

They drive the tests and are the yardstick the debrief compares a player with.
"""
from .base import Strategy, play
from .by_the_desk import by_the_desk
from .probes import PROBES
from .reasoned import balanced
from .simple import discounter, greedy, passive, spammer

STRATEGIES: dict[str, Strategy] = {
    s.name: s
    for s in (
        Strategy("balanced", balanced),
        Strategy("passive", passive),
        Strategy("greedy", greedy),
        Strategy("discounter", discounter),
        Strategy("spammer", spammer),
        Strategy("by_the_desk", by_the_desk),
    )
}

__all__ = ["PROBES", "STRATEGIES", "Strategy", "play"]
