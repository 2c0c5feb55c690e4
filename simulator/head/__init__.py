"""Head-of-sales mode: the player sets the rules, the pay and the team; simulated sellers run the desks.

This package sits above the reference strategies (the sellers plan with their
machinery) and below the store and the UI: it may import the engine, the
scenario format and the strategies, never the store, the UI, pygame or the
server. Pure and deterministic like the engine.

``HeadGame(scenario, seed)`` starts a game; ``game.decide(HeadDecision(...))``
applies the head's decisions; ``game.play_month()`` resolves a month and
returns a :class:`HeadMonthReport`; ``game.result()`` gives KPIs and the score.
"""
from .decisions import MAX_DECISIONS, PURPOSES, QUESTIONS, Band, HeadDecision, HeadDecisionError, Hire
from .game import HeadGame, replay
from .heads import HEADS, Head, play_head
from .notes import MONTH_NOTES, TAKEAWAYS, TILE_KPIS, HeadNote, HeadProfile, KpiChange, PayTotal, head_takeaways
from .records import HeadMonthReport, SellerMonth
from .view import HeadView, SellerView

__all__ = ["Band", "HEADS", "Head", "HeadDecision", "HeadDecisionError", "HeadGame", "HeadMonthReport", "HeadNote",
           "HeadProfile", "HeadView", "Hire", "KpiChange", "MAX_DECISIONS", "MONTH_NOTES", "PURPOSES", "PayTotal",
           "QUESTIONS", "SellerMonth", "SellerView", "TAKEAWAYS", "TILE_KPIS", "head_takeaways", "play_head", "replay"]
