"""The pure, deterministic market model: no pygame, no files, no clock, no globals.

``Game(scenario, seed)`` starts a game; ``game.play_month(plan)`` plays a
month and returns a :class:`MonthReport`; ``game.result()`` gives KPIs and
the score with its breakdown.
"""
from .game import ClientSignals, Game, GameResult, replay
from .plan import MonthPlan, OfferBatch, PlanError, TouchBatch
from .reasons import Reason, describe
from .report import MonthReport
from .score import KPI_NAMES, KPI_TEXT, SHARE_KPIS, skill

__all__ = [
    "ClientSignals", "Game", "GameResult", "KPI_NAMES", "KPI_TEXT", "MonthPlan", "MonthReport", "OfferBatch", "PlanError",
    "Reason", "SHARE_KPIS", "TouchBatch", "describe", "replay", "skill",
]
