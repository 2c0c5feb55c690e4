"""A scripted participant for the learning tests: plays a scenario as the reference strategy plans it, through a
:class:`~simulator.store.saves.GameSession` (the desk's own session), answering the engine's prediction questions
right or wrong and the scenario's lesson checks before and after, as told."""
from __future__ import annotations

from simulator.engine import check_question
from simulator.scenario import Scenario
from simulator.store.saves import GameSession
from simulator.strategies import STRATEGIES


def fill(draft, plan) -> None:
    """Put ``plan`` into the month's draft, as a player's clicks would."""
    for pid, value in plan.markups.items():
        draft.set_markup(pid, value)
    for batch in plan.touches:
        draft.add_touch(batch.kind, batch.topic, batch.clients)
    for batch in plan.offers:
        draft.add_offer(batch.product, batch.clients)


def wrong(right: int, n: int) -> int:
    """A choice that is not ``right``."""
    return (right + 1) % n


def scripted_session(scenario: Scenario, seed: int, player: str, group: str = "G", *, predict: str | None = "right",
                     pre: str | None = "wrong", post: str | None = "right", confidence: float = 0.8,
                     strategy: str = "balanced", reflection: str = "") -> GameSession:
    """A finished session. ``predict``: ``right``, ``wrong``, ``alternate`` (right first) or None (questions ignored);
    ``pre``/``post``: how the lesson checks are answered (None: not at all)."""
    session = GameSession(scenario, None, seed, player, group)
    for check in scenario.lesson_checks if pre else ():
        session.answer_check(check.id, "pre", check.right if pre == "right" else wrong(check.right, len(check.choices)))
    k = 0
    while not session.game.finished:
        fill(session.draft, STRATEGIES[strategy].make_plan(session.game))
        question = session.prediction_question() if predict else None
        if question is not None:
            truth = check_question(session.game, session.draft.to_plan(), question).right
            good = predict == "right" or (predict == "alternate" and k % 2 == 0)
            session.predict(question, truth if good else wrong(truth, len(question.choices)), confidence)
            k += 1
        session.end_month()
    for check in scenario.lesson_checks if post else ():
        session.answer_check(check.id, "post", check.right if post == "right" else wrong(check.right, len(check.choices)))
    if reflection:
        session.reflect("forgotten", reflection)
    return session
