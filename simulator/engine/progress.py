"""How far a game has got, for any game that keeps one report a month and knows its scenario: the desk's
:class:`~simulator.engine.Game` and the head of sales's game alike."""
from __future__ import annotations

from collections.abc import Sequence

from ..scenario.schema import Scenario


class MonthProgress:
    """``month``, ``turns`` and ``finished`` from ``reports`` (one a month played) and ``scenario.turns``."""

    scenario: Scenario
    reports: Sequence[object]

    @property
    def month(self) -> int:
        """Months played so far (the next month to play is ``month + 1``)."""
        return len(self.reports)

    @property
    def turns(self) -> int:
        """Months in the game."""
        return self.scenario.turns

    @property
    def finished(self) -> bool:
        """True once every month has been played."""
        return self.month >= self.turns
