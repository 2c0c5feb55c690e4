"""The pure, deterministic market model: no pygame, no files, no clock, no globals.

``Game(scenario, seed)`` starts a game; ``game.play_month(plan)`` plays a
month and returns a :class:`MonthReport`; ``game.result()`` gives KPIs and
the score with its breakdown.
"""
from .agenda import CODES as AGENDA_CODES, AgendaItem, month_agenda
from .breakdown import PlayBreakdown, play_breakdown
from .conversation import (
    FORCES,
    MENU_SIZE,
    Answer,
    Conversation,
    ConversationOutcome,
    Finding,
    Question,
    QuestionKind,
    Verdict,
)
from .conversation_numbers import ConversationNumbers, conversation_numbers
from .economics import TYPICAL_WIN, offer_rates, win_rates
from .frozen import FrozenDict
from .game import Game, GameResult, inject, replay
from .inbox import CARD_KINDS, InboxCard, InboxGroup, KpiDelta, TalkResult, kpi_deltas, month_inbox, talk_result
from .injected import MAX_INJECTED, InjectedEventError, with_injected
from .knowledge import OfferStatus, OfferStatuses, TopicStatuses, TouchStatus
from .learning import EVIDENCE_CODES, EVIDENCE_LESSON, Evidence, Miss, biggest_miss, play_evidence
from .mistakes import CODES as MISTAKE_CODES, Mistake, mistakes
from .money import (
    BASES,
    Books,
    DealQuote,
    base_value,
    bonus_for,
    close_books,
    deal_bonus,
    deal_quote,
    in_corridor,
    month_overheads,
    outside_corridor,
)
from .plan import MAX_QUESTIONS, ConversationRecord, MonthPlan, OfferBatch, PlanError, TouchBatch, sessions
from .predictions import (
    CODES as PREDICTION_CODES,
    FIRST_OFFER,
    FREE_HOURS,
    MARKUP,
    Outcome,
    PredictionQuestion,
    check_question,
    month_questions,
    pick_question,
)
from .progress import MonthProgress
from .reasons import SOLD_OFFER, Cause, Departure, Reason, cause_key, departure_key, reason_key, reason_short_key
from .report import MonthReport
from .rng import MAX_SEED, Draws, checked_seed
from .rules import SERVICE_FADE, service_effect, tolerance_markup
from .score import KPI_NAMES, SHARE_KPIS, ClientCounts, ScoreLine, kpi_totals, score, skill
from .seller_desk import ClientSignals, SellerDesk
from .takeaways import PlayProfile, Takeaway, loyalty_waterfall, play_profile, takeaways
from .view import DeskView
from .world import NEED_THRESHOLD

__all__ = [
    "FORCES", "MAX_QUESTIONS", "MENU_SIZE", "Answer", "Conversation", "ConversationNumbers", "ConversationOutcome",
    "ConversationRecord", "Finding", "Question", "QuestionKind", "Verdict", "conversation_numbers",
    "EVIDENCE_CODES", "EVIDENCE_LESSON", "Evidence", "FIRST_OFFER", "FREE_HOURS", "MARKUP", "Miss", "Outcome",
    "PREDICTION_CODES", "PredictionQuestion", "biggest_miss", "check_question", "month_questions", "pick_question",
    "play_evidence",
    "Books", "ClientCounts", "DealQuote", "Draws", "FrozenDict", "ScoreLine", "TYPICAL_WIN", "base_value", "bonus_for",
    "close_books", "deal_bonus", "deal_quote", "in_corridor", "tolerance_markup", "kpi_totals", "month_overheads", "offer_rates", "outside_corridor", "score",
    "win_rates",
    "AGENDA_CODES", "AgendaItem", "PlayBreakdown", "month_agenda", "play_breakdown",
    "BASES", "CARD_KINDS", "Cause", "ClientSignals", "Departure", "DeskView", "Game", "GameResult", "InboxCard",
    "InboxGroup", "KPI_NAMES", "KpiDelta", "MAX_SEED", "MISTAKE_CODES", "Mistake", "MonthPlan", "MonthProgress", "MonthReport", "NEED_THRESHOLD",
    "OfferBatch", "OfferStatus", "OfferStatuses", "SellerDesk", "TopicStatuses", "TouchStatus", "PlanError", "PlayProfile", "Reason", "SHARE_KPIS", "SERVICE_FADE", "SOLD_OFFER", "Takeaway", "TouchBatch",
    "cause_key", "checked_seed", "departure_key", "kpi_deltas", "loyalty_waterfall", "mistakes", "month_inbox", "talk_result", "TalkResult", "play_profile",
    "reason_key", "reason_short_key", "replay", "inject", "InjectedEventError", "MAX_INJECTED", "with_injected", "service_effect", "sessions", "skill", "takeaways",
]
