"""Fair randomness: a counter-based hash of (seed, month, client, slot).

Every random number the market uses in a month is a pure function of the
game's seed, the month, the client's index and a fixed slot (what the number
is for). So two players who treat client A differently still see the same
luck for client B, and replaying a game reproduces it bit for bit. The hash
is SplitMix64's finaliser in numpy's wrapping uint64 arithmetic, vectorised
over clients, so no Generator is built per client or per month.
"""
from __future__ import annotations

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_MONTH = np.uint64(0xD6E8FEB86659FD93)
_SLOT = np.uint64(0xA0761D6478BD642F)
_S30, _S27, _S31, _S11 = (np.uint64(n) for n in (30, 27, 31, 11))
_TO_UNIT = 1.0 / float(1 << 53)

# Slots: what a draw is for. Product-indexed draws use slot + product index.
REVEAL, CHURN, WIN_BACK, DEMAND, CHOICE, OFFER = 0, 1, 2, 1 << 10, 2 << 10, 3 << 10


def _mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> _S30)
    x *= _MIX1
    x ^= x >> _S27
    x *= _MIX2
    x ^= x >> _S31
    return x


class Draws:
    """Uniform [0, 1) draws for one game, addressed by month, client and slot."""

    def __init__(self, seed: int):
        self._seed_key = _mix(np.array([seed & 0xFFFFFFFFFFFFFFFF], dtype=np.uint64) + _GOLDEN)[0]

    def uniform(self, month: int, clients: np.ndarray, slot: int | np.ndarray) -> np.ndarray:
        """One uniform per client (``slot`` may be an array aligned with ``clients``)."""
        with np.errstate(over="ignore"):
            key = self._seed_key ^ (np.uint64(month + 1) * _MONTH)
            x = (np.asarray(clients, dtype=np.uint64) * _GOLDEN) ^ key
            x += (np.asarray(slot, dtype=np.uint64) + np.uint64(1)) * _SLOT
            x = _mix(x)
        return (x >> _S11).astype(np.float64) * _TO_UNIT

    def grid(self, month: int, n_clients: int, slot: int, width: int) -> np.ndarray:
        """A (clients x width) grid of uniforms for slots ``slot .. slot+width-1``."""
        clients = np.repeat(np.arange(n_clients, dtype=np.uint64), width)
        slots = np.tile(np.arange(slot, slot + width, dtype=np.uint64), n_clients)
        return self.uniform(month, clients, slots).reshape(n_clients, width)
