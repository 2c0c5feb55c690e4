"""What a reference strategy is, and how to play a whole game with one."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..engine import Game, MonthPlan, SellerDesk
from ..scenario.schema import Scenario


@dataclass(frozen=True)
class Strategy:
    """A bot that makes a month's plan from what a seller may see and ask: the game's :class:`SellerDesk`
    (never the game itself: no hidden truth, nothing that writes through)."""

    name: str
    summary_en: str
    summary_ru: str
    plan: Callable[[SellerDesk], MonthPlan]

    def summary(self, lang: str = "en") -> str:
        """One-line description in a language."""
        return self.summary_ru if lang == "ru" else self.summary_en

    def make_plan(self, game: Game) -> MonthPlan:
        """The strategy's plan for ``game``'s next month, made from the game's desk only."""
        return self.plan(game.desk)


def play(scenario: Scenario, seed: int, strategy: Strategy) -> Game:
    """Play every month of ``scenario`` with ``strategy``; returns the finished game."""
    game = Game(scenario, seed)
    while not game.finished:
        game.play_month(strategy.make_plan(game))
    return game
