"""A game's answers held against the game they were given in: each prediction is a question the engine asks at
that month of that game (answered from the engine: what the month then did, on the game's own luck), each lesson
check one of the scenario's, each choice one of its choices. Replay verification runs it (:func:`check_answers`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..engine import Game, MonthPlan, Outcome, PlanError, PredictionQuestion, check_question, month_questions
from ..scenario import Scenario, checks_hash
from .learning_answers import CheckAnswer, LearningAnswers, PredictionAnswer
from .replay import ReplayError


@dataclass(frozen=True)
class CheckedPrediction:
    """A prediction with the question it answered and what the engine then did."""

    answer: PredictionAnswer
    outcome: Outcome

    @property
    def question(self) -> PredictionQuestion:
        """The question asked."""
        return self.outcome.question

    @property
    def right(self) -> bool:
        """True when the player chose what happened."""
        return self.answer.choice == self.outcome.right


@dataclass(frozen=True)
class CheckedAnswers:
    """A game's answers held against it: predictions with their outcomes, and each check answer right or not."""

    predictions: tuple[CheckedPrediction, ...] = ()
    checks: tuple[tuple[CheckAnswer, int, bool], ...] = field(default=())   # (answer, lesson, right)


def checked_predictions(scenario: Scenario, seed: int, plans: tuple[MonthPlan, ...] | list[MonthPlan],
                        answers: LearningAnswers, injected: Sequence[Any] = ()) -> tuple[CheckedPrediction, ...]:
    """Replay the plans and answer each prediction from the engine; ReplayError (``learning``) when one is no
    question that month of this game asks, or its choice is not one of the question's."""
    wanted = {a.month: a for a in answers.predictions}
    if not wanted:
        return ()
    if max(wanted) > len(plans):
        raise ReplayError(f"a prediction is for month {max(wanted)}; the game has {len(plans)} months", "learning")
    game = Game(scenario, seed, injected)   # with the events a trainer injected, as the game was played
    out = []
    try:
        for month, plan in enumerate(plans, 1):
            answer = wanted.get(month)
            if answer is not None:
                question = next((q for q in month_questions(game, plan) if q.key == answer.key), None)
                if question is None:
                    raise ReplayError(f"month {month} asks no question `{answer.key}`", "learning")
                if answer.choice >= len(question.choices):
                    raise ReplayError(f"month {month}: `{answer.key}` has {len(question.choices)} choices, not "
                                      f"{answer.choice + 1}", "learning")
                out.append(CheckedPrediction(answer, check_question(game, plan, question)))
            if month >= max(wanted):
                break
            game.play_month(plan)
    except PlanError as exc:
        raise ReplayError(f"a plan breaks a rule: {exc.message}", "plan_rule") from None
    return tuple(out)


def checked_checks(scenario: Scenario, answers: LearningAnswers) -> tuple[tuple[CheckAnswer, int, bool], ...]:
    """Each lesson-check answer with its lesson and whether it is right; ReplayError (``learning``) when the
    answers were given to other checks than the scenario's, or name a check or choice it does not have."""
    if not answers.checks:
        return ()
    if answers.checks_hash is not None and answers.checks_hash != checks_hash(scenario):
        raise ReplayError("the lesson checks were answered on other questions than this scenario's", "learning")
    by_id = {c.id: c for c in scenario.lesson_checks}
    out = []
    for a in answers.checks:
        check = by_id.get(a.check)
        if check is None:
            raise ReplayError(f"`{scenario.id}` has no lesson check `{a.check}`", "learning")
        if a.choice >= len(check.choices):
            raise ReplayError(f"lesson check `{a.check}` has {len(check.choices)} choices, not {a.choice + 1}",
                              "learning")
        out.append((a, check.lesson, a.choice == check.right))
    return tuple(out)


def check_answers(scenario: Scenario, seed: int, plans: tuple[MonthPlan, ...] | list[MonthPlan],
                  answers: LearningAnswers | None, injected: Sequence[Any] = ()) -> CheckedAnswers:
    """A game's answers held against the game and its scenario (see :func:`checked_predictions`,
    :func:`checked_checks`); ReplayError when they do not hold."""
    if answers is None or answers.empty:
        return CheckedAnswers()
    return CheckedAnswers(checked_predictions(scenario, seed, plans, answers, injected),
                          checked_checks(scenario, answers))
