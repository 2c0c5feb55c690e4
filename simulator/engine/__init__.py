"""The pure, deterministic market model: no pygame, no files, no clock, no globals.

``Game(scenario, seed)`` starts a game; ``game.play_month(plan)`` plays a
month and returns a :class:`MonthReport`; ``game.result()`` gives KPIs and
the score with its breakdown.
"""
from .game import Game, GameResult, replay
from .plan import MonthPlan, OfferBatch, PlanError, TouchBatch, sessions
from .view import DeskView
from .world import NEED_THRESHOLD
from .reasons import Reason, describe
from .report import MonthReport
from .score import KPI_NAMES, KPI_TEXT, SHARE_KPIS, skill

__all__ = [
    "DeskView", "Game", "GameResult", "KPI_NAMES", "KPI_TEXT", "MonthPlan", "MonthReport", "NEED_THRESHOLD",
    "OfferBatch", "PlanError", "Reason", "SHARE_KPIS", "TouchBatch", "describe", "replay", "sessions", "skill",
]
