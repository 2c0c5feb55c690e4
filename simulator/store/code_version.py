"""A fingerprint of the code that decides a reference strategy's score.

The reference-score cache is keyed by it, so upgrading the engine, the
strategies or numpy makes the leaderboard compute fresh references instead of
comparing new players with an old bot.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

import numpy as np

_PACKAGES = ("simulator.engine", "simulator.strategies")


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """12 hex digits over the engine's and the strategies' source and numpy's version."""
    return fingerprint(np.__version__, _PACKAGES)


def fingerprint(numpy_version: str, packages: tuple[str, ...]) -> str:
    """12 hex digits over ``numpy_version`` and the ``.py`` files of ``packages``."""
    digest = hashlib.sha256(numpy_version.encode())
    for package in packages:
        files = sorted((f for f in resources.files(package).iterdir() if f.name.endswith(".py")), key=lambda f: f.name)
        for f in files:
            digest.update(f"{package}/{f.name}\0".encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()[:12]


def reference_key(strategy: str) -> str:
    """The cache key of a reference strategy's scores: its name and the rules' fingerprint."""
    return f"{strategy}@{rules_fingerprint()}"


def head_reference_key(head: str) -> str:
    """The cache key of a reference head's scores: its name and a fingerprint that covers the head package too."""
    return f"head:{head}@{_head_fingerprint()}"


@lru_cache(maxsize=1)
def _head_fingerprint() -> str:
    return fingerprint(np.__version__, _PACKAGES + ("simulator.head",))
