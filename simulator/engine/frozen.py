"""Values nobody can write to: arrays sealed for good, and a dict that refuses changes.

``arr.flags.writeable = False`` alone does not protect an array: whoever holds it (or a view's ``base``)
may set the flag back to True. :func:`sealed` copies the data into an immutable ``bytes`` object and
looks at it through numpy, so writing raises and so does turning the flag back on. What the engine hands
to players and bots is sealed this way.
"""
from __future__ import annotations

import copy
from typing import Any, NoReturn

import numpy as np
from numpy.typing import ArrayLike


def is_sealed(array: np.ndarray) -> bool:
    """True when ``array``'s memory belongs to an immutable ``bytes`` object (nobody can make it writable)."""
    base: Any = array
    while isinstance(base, np.ndarray):
        if base.flags.writeable:
            return False
        base = base.base
    return isinstance(base, bytes)


def sealed(array: ArrayLike) -> np.ndarray:
    """A read-only copy of ``array`` that cannot be made writable again (one that already is comes back as it is)."""
    if isinstance(array, np.ndarray) and is_sealed(array):
        return array
    a = np.ascontiguousarray(array)
    if a.dtype.hasobject:
        raise TypeError("only arrays of numbers and flags can be sealed")
    return np.frombuffer(a.tobytes(), dtype=a.dtype).reshape(a.shape)


class FrozenDict(dict):
    """A dict that refuses every change (``TypeError``); it still compares, prints and serialises as a dict."""

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("this mapping is read-only")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple:
        return FrozenDict, (dict(self),)

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: dict) -> FrozenDict:
        return FrozenDict(copy.deepcopy(dict(self), memo))
