"""Game.fork: the same clients, history and plan under other luck (the head's forecast ranges), the original untouched."""
from __future__ import annotations

from pathlib import Path

from simulator.engine import Game, MonthPlan
from simulator.scenario import load_file

TAX = Path(__file__).resolve().parents[2] / "scenarios" / "tax-law.yaml"


def test_a_fork_plays_on_from_where_the_game_stands_under_its_own_luck_and_leaves_the_game_alone():
    game = Game(load_file(TAX), 3)
    game.play_month(MonthPlan())
    twin = Game(load_file(TAX), 3)
    twin.play_month(MonthPlan())
    same = game.fork(game.seed)   # the game's own luck: the very month the game will play
    other = game.fork(99)
    a, b = same.play_month(MonthPlan()), other.play_month(MonthPlan())
    assert game.month == 1 and same.month == 2 and other.month == 2
    real = game.play_month(MonthPlan())
    assert real.kpis == twin.play_month(MonthPlan()).kpis, "forks change nothing in the game"
    assert a.kpis == real.kpis
    assert b.kpis != a.kpis, "another seed, other luck"
