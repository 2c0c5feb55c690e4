"""The head's decisions: plain data validated like a scenario (pydantic, unknown keys are errors).

A decision may set markup floors and ceilings, pay schemes, interview and hire
candidates, assign segments and call a team event. It round-trips through JSON
for replays: a head game is its scenario, its seed and each month's decisions.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..scenario.schema import Float, Id, Money, PayScheme

# Interview questions by area. Questions from different areas show flexibility and empathy (a rigid candidate
# keeps returning to his life story); the career path shows diligence; the talk about pay shows greed.
QUESTIONS: dict[str, str] = {
    "career_path": "career",
    "employer_choice": "motives",
    "hard_client": "clients",
    "price_objection": "clients",
    "pay_expectations": "pay",
}
Question = Literal["career_path", "employer_choice", "hard_client", "price_objection", "pay_expectations"]
PURPOSES = ("unite", "thanks", "welcome")
MAX_DECISIONS = 50   # decisions a month: a head interviews, hires, pays and assigns in a handful


class HeadDecisionError(ValueError):
    """A decision breaks a rule; nothing changes. ``rule`` names the rule."""

    def __init__(self, rule: str, message: str):
        self.rule = rule
        self.message = message
        super().__init__(f"{rule}: {message}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Strict):
    """The markup band the head allows a product: sellers quote between floor and ceiling."""

    floor: Float = Field(ge=0.0, le=100.0, description="Lowest markup a seller may quote.")
    ceiling: Float = Field(ge=0.0, le=100.0, description="Highest markup a seller may quote.")


class Hire(_Strict):
    """Hire a candidate, promising him a monthly pay at the interview."""

    candidate: Id
    promise: Money = Field(description="Monthly pay promised at the interview; he joins only when it is at least "
                                       "his expectation, and loses heart when pay falls well short of it.")


class HeadDecision(_Strict):
    """What the head decides at once; any part may be left out."""

    markups: dict[Id, Band] = Field(default_factory=dict, description="Product id -> the band sellers quote in.")
    team_pay: PayScheme | None = Field(None, description="One pay scheme for every seller on the team.")
    pay: dict[Id, PayScheme] = Field(default_factory=dict, description="Seller id -> his own pay scheme.")
    interviews: dict[Id, list[Id]] = Field(default_factory=dict,
                                           description="Candidate id -> the questions asked (ids of the scenario's "
                                                       "interview menu, or of QUESTIONS without one).")
    scorecard: dict[Id, dict[Id, Annotated[int, Field(ge=1, le=5)]]] = Field(
        default_factory=dict, description="Candidate id -> question id -> the head's mark for the answer (1..5).")
    hire: list[Hire] = Field(default_factory=list, description="Candidates hired.")
    fire: list[Id] = Field(default_factory=list, description="Sellers let go: each is paid a month of his promise, "
                                                             "his clients lose some of their trust, the team takes it in.")
    assign: dict[Id, Id | None] = Field(default_factory=dict,
                                        description="Segment id -> the seller who holds it (null: nobody).")
    team_event: Literal["unite", "thanks", "welcome", "none"] | None = Field(
        None, description="Hold the team event with this purpose (`none`: a party without a purpose).")

    def to_json(self) -> dict:
        """Plain JSON data, without the parts left out."""
        return self.model_dump(mode="json", exclude_defaults=True)

    @classmethod
    def from_json(cls, data: object) -> HeadDecision:
        """Parse decision JSON; raises HeadDecisionError('format', ...) on anything malformed."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"]) or "decision"
            raise HeadDecisionError("format", f"malformed decision at {where}: {first['msg']}") from None
