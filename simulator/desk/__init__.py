"""The desk's play logic, pure: the month's plan as the player drafts it (touches and offers by the hours),
standing contact rules and what the desk knows of an offer's fit. No pygame and no files: the window, the
store's saved games and the tests drive it alike."""
from .draft import AddResult, CadenceRule, PlanDraft, apply_cadence, offer_fit

__all__ = ["AddResult", "CadenceRule", "PlanDraft", "apply_cadence", "offer_fit"]
