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

_MASK = (1 << 64) - 1
_GOLDEN_INT = 0x9E3779B97F4A7C15
_GOLDEN = np.uint64(_GOLDEN_INT)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_MONTH = 0xD6E8FEB86659FD93
_SLOT = 0xA0761D6478BD642F
_S30, _S27, _S31, _S11 = (np.uint64(n) for n in (30, 27, 31, 11))
_TO_UNIT = 1.0 / float(1 << 53)

# Slots: what a draw is for. Product-indexed draws use slot + product index.
REVEAL, CHURN, WIN_BACK, DEMAND, CHOICE, OFFER = 0, 1, 2, 1 << 10, 2 << 10, 3 << 10
COMPANY = 4 << 10  # the company's own luck (overheads, bad debt), drawn for client 0 in this slot
GUESSED_NEED = 5 << 10  # the forecast's guess at a need the desk has not learned (slot + job index)
TALK = 6 << 10  # a conversation's answer to its question number k (slot + k)
TALK_MENU = 7 << 10  # the order of a conversation's menu at step k (slot + 64 k + question index)

MAX_SEED = 2**63 - 1  # the largest seed a game (desk or head), a replay or a save may have


def checked_seed(seed: object) -> int:
    """``seed`` as an int when it is a whole number 0..MAX_SEED (not a bool); ValueError otherwise."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) <= MAX_SEED:
        raise ValueError(f"seed must be a whole number 0..{MAX_SEED}")
    return int(seed)


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, in place on a uint64 array (returned for convenience)."""
    tmp = x >> _S30
    x ^= tmp
    x *= _MIX1
    np.right_shift(x, _S27, out=tmp)
    x ^= tmp
    x *= _MIX2
    np.right_shift(x, _S31, out=tmp)
    x ^= tmp
    return x


class Draws:
    """Uniform [0, 1) draws for one game, addressed by month, client and slot."""

    def __init__(self, seed: int):
        first = np.array([((seed & _MASK) + _GOLDEN_INT) & _MASK], dtype=np.uint64)
        self._seed_key = int(_mix(first)[0])

    def uniform(self, month: int, clients: np.ndarray, slot: int | np.ndarray) -> np.ndarray:
        """One uniform per client (``slot`` may be an array aligned with ``clients``)."""
        # The per-call constants in Python integers (mod 2**64): numpy scalar arithmetic costs microseconds.
        key = np.uint64(self._seed_key ^ (((month + 1) * _MONTH) & _MASK))
        x = np.asarray(clients).astype(np.uint64)
        # Wrapping uint64 arithmetic on arrays (numpy warns of overflow only in scalar arithmetic, never here).
        x *= _GOLDEN
        x ^= key
        if isinstance(slot, (int, np.integer)):
            x += np.uint64(((int(slot) + 1) * _SLOT) & _MASK)
        else:
            step = np.asarray(slot).astype(np.uint64)
            step += np.uint64(1)
            step *= np.uint64(_SLOT)
            x += step
        _mix(x)
        x >>= _S11
        out = x.astype(np.float64)
        out *= _TO_UNIT
        return out

    def grid(self, month: int, n_clients: int, slot: int, width: int) -> np.ndarray:
        """A (clients x width) grid of uniforms for slots ``slot .. slot+width-1``."""
        clients = np.repeat(np.arange(n_clients, dtype=np.uint64), width)
        slots = np.tile(np.arange(slot, slot + width, dtype=np.uint64), n_clients)
        return self.uniform(month, clients, slots).reshape(n_clients, width)
