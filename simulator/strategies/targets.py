"""Score targets measured against what ``balanced`` really reaches.

A target far below the reference lets every decent game hit the score's cap,
so the score cannot tell good play from better play; a target far above it
makes the item worth a fraction of its weight to everyone. These checks need
the engine and a strategy, so they live here, not with the file format.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..engine import SHARE_KPIS
from ..scenario.schema import Scenario
from .base import Strategy, play
from .reasoned import balanced

LOW, HIGH = 0.6, 1.6        # a target outside [LOW, HIGH] x balanced's mean is far off
SEEDS = (1, 2, 3)           # the quick play `validate` makes: about 1 s for the 6,500-client whole-company
Found = Iterator[tuple[tuple, str]]
_BALANCED = Strategy("balanced", balanced)


def round_target(value: float, kpi: str = "") -> float:
    """A round number near ``value`` for a trainer to write: shares to 0.01, money and counts to two digits."""
    if kpi in SHARE_KPIS or 0 < abs(value) < 1:
        return round(value, 2)
    if value == 0:
        return 0.0
    step = 10 ** max(math.floor(math.log10(abs(value))) - 1, 0)
    return float(round(value / step) * step)


def shown_target(value: float, kpi: str = "") -> str:
    """A target as a trainer would type it in YAML (no thousands separators)."""
    value = round_target(value, kpi)
    return f"{value:.0f}" if abs(value) >= 1 else f"{value:.10g}"


def capped_items(scenario: Scenario, kpis: dict[str, np.ndarray]) -> list[str]:
    """A warning for each score item whose KPI reaches the score's cap on most seeds (``kpis``: per seed)."""
    cap, found = scenario.scoring.cap, []
    for item in scenario.scoring.items:
        values = np.asarray(kpis[item.kpi], float)
        hits = int(np.count_nonzero(values / item.target >= cap - 1e-9))
        if hits * 2 > values.size:
            found.append(
                f"balanced reaches the score cap (x{cap:.10g}) on `{item.kpi}` on {hits} of {values.size} seeds: "
                f"the target {item.target:.10g} is too low for the score to tell good play from better play; "
                f"raise the target of `{item.kpi}` to about {shown_target(float(values.mean()), item.kpi)}")
    return found


def target_warnings(scenario: Scenario, seeds: tuple[int, ...] = SEEDS) -> Found:
    """``(path, message)`` for each score target far from balanced's mean over a quick play."""
    results = [play(scenario, seed, _BALANCED).result().kpis for seed in seeds]
    where = f"seed {seeds[0]}" if len(seeds) == 1 else f"seeds {seeds[0]}-{seeds[-1]}"
    for k, item in enumerate(scenario.scoring.items):
        mean = float(np.mean([r[item.kpi] for r in results]))
        path = ("scoring", "items", k, "target")
        reached = shown_target(mean, item.kpi)
        if mean <= 0:
            yield path, (f"balanced reaches {reached} on `{item.kpi}` ({where}): this item cannot tell good play "
                         "from bad; score another KPI or change the scenario so the KPI moves")
        elif item.target < LOW * mean:
            yield path, (f"target {item.target:.10g} is far below what balanced reaches on `{item.kpi}` "
                         f"(mean {reached}, {where}): good and better games all hit the cap; set it near {reached}")
        elif item.target > HIGH * mean:
            yield path, (f"target {item.target:.10g} is far above what balanced reaches on `{item.kpi}` "
                         f"(mean {reached}, {where}): even the reference earns a fraction of the weight; "
                         f"set it near {reached}")



@dataclass(frozen=True)
class Suggestion:
    """A score item's target set from what ``balanced`` reaches over the seeds."""

    index: int        # the item's place in scoring.items
    kpi: str
    old: float
    new: float | None  # None when balanced reaches nothing on the KPI (no target can be set from it)
    mean: float
    std: float


def suggest_targets(scenario: Scenario, kpis: dict[str, np.ndarray]) -> list[Suggestion]:
    """A target per score item: balanced's mean over the seeds (``kpis``: per seed), rounded for a trainer."""
    found = []
    for k, item in enumerate(scenario.scoring.items):
        values = np.asarray(kpis[item.kpi], float)
        mean, std = float(values.mean()), float(values.std(ddof=1)) if values.size > 1 else 0.0
        new = round_target(mean, item.kpi) if mean > 0 else None
        found.append(Suggestion(k, item.kpi, item.target, new if new else None, mean, std))
    return found
