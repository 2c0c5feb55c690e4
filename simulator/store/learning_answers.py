"""What a player answered around a game, kept with its replay: predictions before months, the scenario's lesson
checks before and after the game, and the reflection after the debrief.

A replay's ``learning`` section (optional: a replay without it, or from before it, loads and verifies as before)::

    "learning": {
      "predictions": [{"month": 3, "key": "markup:cert", "choice": 0, "confidence": 0.7}],
      "checks_hash": "0123456789abcdef",
      "checks": [{"check": "cycle-memory", "phase": "pre", "choice": 1}],
      "reflection": {"miss": "forgotten", "text": "..."}
    }

Nothing here changes the game: the score is the plans' alone. :mod:`.learning` holds the answers to the game
they were given in and answers the predictions from the engine.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..scenario import Scenario, checks_hash

PHASES = ("pre", "post")


class AnswerError(ValueError):
    """A replay's ``learning`` section is malformed; the message says what (the replay's parser makes it a
    ReplayError)."""

MAX_PREDICTIONS = 120       # one a month at most
MAX_CHECK_ANSWERS = 2 * 20  # each check before and after
MAX_REFLECTION = 2000       # characters of the reflection kept
MAX_KEY = 120


@dataclass(frozen=True)
class PredictionAnswer:
    """The player's answer to the question asked before ``month`` (1-based) resolved: question ``key``, the
    ``choice`` (its index) and how sure they were (``confidence``, 0-1)."""

    month: int
    key: str
    choice: int
    confidence: float

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"month": self.month, "key": self.key, "choice": self.choice, "confidence": round(self.confidence, 4)}


@dataclass(frozen=True)
class CheckAnswer:
    """An answer to the scenario's lesson check ``check`` (its id), before (``pre``) or after (``post``) the game."""

    check: str
    phase: str
    choice: int

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"check": self.check, "phase": self.phase, "choice": self.choice}


@dataclass(frozen=True)
class Reflection:
    """What the player wrote after the debrief, to the prompt about their biggest miss (``miss``: its code)."""

    miss: str
    text: str

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"miss": self.miss, "text": self.text}


@dataclass(frozen=True)
class LearningAnswers:
    """Everything a player answered around one game (see the module's docstring)."""

    predictions: tuple[PredictionAnswer, ...] = ()
    checks: tuple[CheckAnswer, ...] = ()
    checks_hash: str | None = None
    reflection: Reflection | None = None

    @property
    def empty(self) -> bool:
        """True when the player answered nothing (the replay then carries no learning section)."""
        return not self.predictions and not self.checks and self.reflection is None

    def answered(self, check: str, phase: str) -> CheckAnswer | None:
        """The answer to lesson check ``check`` in ``phase``, if given."""
        return next((a for a in self.checks if a.check == check and a.phase == phase), None)

    def with_prediction(self, answer: PredictionAnswer) -> LearningAnswers:
        """These answers and ``answer`` (replacing one for the same month)."""
        kept = tuple(a for a in self.predictions if a.month != answer.month)
        return LearningAnswers(kept + (answer,), self.checks, self.checks_hash, self.reflection)

    def with_check(self, answer: CheckAnswer, scenario: Scenario) -> LearningAnswers:
        """These answers and ``answer`` (replacing one for the same check and phase), pinned to ``scenario``'s checks."""
        kept = tuple(a for a in self.checks if (a.check, a.phase) != (answer.check, answer.phase))
        return LearningAnswers(self.predictions, kept + (answer,), checks_hash(scenario), self.reflection)

    def with_reflection(self, reflection: Reflection) -> LearningAnswers:
        """These answers and the reflection (one a game: a new one replaces it)."""
        return LearningAnswers(self.predictions, self.checks, self.checks_hash,
                               Reflection(reflection.miss[:MAX_KEY], clean_text(reflection.text)))

    def to_json(self) -> dict:
        """Plain JSON data."""
        data: dict[str, Any] = {"predictions": [p.to_json() for p in sorted(self.predictions, key=lambda p: p.month)],
                                "checks": [c.to_json() for c in self.checks]}
        if self.checks_hash is not None:
            data["checks_hash"] = self.checks_hash
        if self.reflection is not None:
            data["reflection"] = self.reflection.to_json()
        return data

    @classmethod
    def from_json(cls, data: object) -> LearningAnswers:
        """Parse a replay's ``learning`` section; ReplayError (``format``) on anything malformed."""
        if not isinstance(data, dict) or set(data) - {"predictions", "checks", "checks_hash", "reflection"}:
            raise AnswerError("`learning` must be an object with predictions, checks, checks_hash and reflection")
        preds, checks = data.get("predictions", []), data.get("checks", [])
        if not isinstance(preds, list) or len(preds) > MAX_PREDICTIONS:
            raise AnswerError(f"`learning.predictions` must be a list of at most {MAX_PREDICTIONS}")
        if not isinstance(checks, list) or len(checks) > MAX_CHECK_ANSWERS:
            raise AnswerError(f"`learning.checks` must be a list of at most {MAX_CHECK_ANSWERS}")
        predictions = tuple(_prediction(p) for p in preds)
        if len({p.month for p in predictions}) != len(predictions):
            raise AnswerError("`learning.predictions` answers one question a month at most")
        answers = tuple(_check(c) for c in checks)
        if len({(a.check, a.phase) for a in answers}) != len(answers):
            raise AnswerError("`learning.checks` answers each check once before and once after the game")
        digest = data.get("checks_hash")
        if digest is not None and (not isinstance(digest, str) or len(digest) > 64):
            raise AnswerError("`learning.checks_hash` must be a short text")
        reflection = data.get("reflection")
        return cls(predictions, answers, digest, None if reflection is None else _reflection(reflection))


def clean_text(text: str) -> str:
    """A reflection as kept: control characters but line breaks dropped, at most :data:`MAX_REFLECTION` characters."""
    kept = "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)
    return kept.strip()[:MAX_REFLECTION]


def _whole(value: object, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise AnswerError(f"`{what}` must be a whole number from {low} to {high}")
    return value


def _short(value: object, what: str) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= MAX_KEY:
        raise AnswerError(f"`{what}` must be a short text")
    return value


def _prediction(data: object) -> PredictionAnswer:
    if not isinstance(data, dict) or set(data) - {"month", "key", "choice", "confidence"}:
        raise AnswerError("a prediction is an object with month, key, choice and confidence")
    confidence = data.get("confidence")
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not math.isfinite(confidence) \
            or not 0.0 <= confidence <= 1.0:
        raise AnswerError("a prediction's `confidence` must be a number from 0 to 1")
    return PredictionAnswer(_whole(data.get("month"), "learning.predictions.month", 1, MAX_PREDICTIONS),
                            _short(data.get("key"), "learning.predictions.key"),
                            _whole(data.get("choice"), "learning.predictions.choice", 0, 9), float(confidence))


def _check(data: object) -> CheckAnswer:
    if not isinstance(data, dict) or set(data) - {"check", "phase", "choice"}:
        raise AnswerError("a check answer is an object with check, phase and choice")
    phase = data.get("phase")
    if phase not in PHASES:
        raise AnswerError("a check answer's `phase` is `pre` or `post`")
    return CheckAnswer(_short(data.get("check"), "learning.checks.check"), str(phase),
                       _whole(data.get("choice"), "learning.checks.choice", 0, 9))


def _reflection(data: object) -> Reflection:
    if not isinstance(data, dict) or set(data) - {"miss", "text"} or not isinstance(data.get("text"), str):
        raise AnswerError("`learning.reflection` is an object with miss and text")
    return Reflection(_short(data.get("miss"), "learning.reflection.miss"), clean_text(data["text"]))


