"""The pure, deterministic market model: no pygame, no files, no clock, no globals.

``Game(scenario, seed)`` starts a game; ``game.play_month(plan)`` plays a
month and returns a :class:`MonthReport`; ``game.result()`` gives KPIs and
the score with its breakdown.
"""
from .game import Game, GameResult, replay
from .inbox import CARD_KINDS, InboxCard, InboxGroup, KpiDelta, kpi_deltas, month_inbox
from .mistakes import CODES as MISTAKE_CODES, Mistake, mistakes
from .money import BASES
from .plan import MonthPlan, OfferBatch, PlanError, TouchBatch, sessions
from .view import DeskView
from .world import NEED_THRESHOLD
from .reasons import SOLD_OFFER, Cause, Departure, Reason, cause_key, departure_key, reason_key, reason_short_key
from .report import MonthReport
from .score import KPI_NAMES, SHARE_KPIS, skill
from .takeaways import PlayProfile, Takeaway, loyalty_waterfall, play_profile, takeaways

__all__ = [
    "BASES", "CARD_KINDS", "MISTAKE_CODES", "Mistake", "mistakes", "InboxCard", "InboxGroup", "KpiDelta", "PlayProfile", "SOLD_OFFER", "Takeaway",
    "kpi_deltas", "loyalty_waterfall", "month_inbox", "play_profile", "takeaways",
    "Cause", "Departure", "DeskView", "Game", "GameResult", "KPI_NAMES", "MonthPlan", "MonthReport",
    "NEED_THRESHOLD", "OfferBatch", "PlanError", "Reason", "SHARE_KPIS", "TouchBatch", "cause_key", "departure_key",
    "reason_key", "reason_short_key", "replay", "sessions", "skill",
]
