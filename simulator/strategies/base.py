"""What a reference strategy is, and how to play a whole game with one."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..engine import Game, MonthPlan, SellerDesk
from ..locale.catalogue import text
from ..scenario.schema import Scenario


@dataclass(frozen=True)
class Strategy:
    """A bot that makes a month's plan from what a seller may see and ask: the game's :class:`SellerDesk`
    (never the game itself: no hidden truth, nothing that writes through)."""

    name: str
    plan: Callable[[SellerDesk], MonthPlan]
    summary_key: str = ""                           # the catalogue key of its summary: ``bot_summary.<name>``
    summary_values: tuple[tuple[str, str], ...] = ()  # the fields that summary's text is filled with

    def summary(self, lang: str = "en") -> str:
        """One-line description in a language: the catalogues' ``bot_summary.<name>`` (or ``summary_key``)."""
        return text(lang, self.summary_key or f"bot_summary.{self.name}", **dict(self.summary_values))

    def make_plan(self, game: Game) -> MonthPlan:
        """The strategy's plan for ``game``'s next month, made from the game's desk only."""
        return self.plan(game.desk)


def play(scenario: Scenario, seed: int, strategy: Strategy) -> Game:
    """Play every month of ``scenario`` with ``strategy``; returns the finished game."""
    game = Game(scenario, seed)
    while not game.finished:
        game.play_month(strategy.make_plan(game))
    return game
