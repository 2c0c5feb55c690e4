"""Where the shipped scenarios and assets live.

In a checkout (and an editable install) they are the repository's own
``scenarios/`` and ``assets/`` folders. A regular install (``pip install .``,
a wheel) carries copies inside the package, under ``simulator/_shipped/``
(see ``setup.py``), so the game and the trainer's commands work from any
folder.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    in_checkout = _PACKAGE.parent / name
    if in_checkout.is_dir():
        return in_checkout
    return _PACKAGE / "_shipped" / name


SCENARIOS_DIR = _shipped("scenarios")
ASSETS_DIR = _shipped("assets")
