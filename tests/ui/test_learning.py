"""A pilot plays certification at the desk with the learning questions on: the lesson checks before, predictions
answered right and wrong before months, the report showing each answer beside what happened and why, the checks
again after the game, a reflection, and the "What I learned" page showing the change and the predictions."""
from __future__ import annotations

import json

import pygame
import pytest

from simulator.engine import check_question
from simulator.store.replay import Replay
from simulator.strategies import STRATEGIES
from tests.learning_play import fill
from tests.outputs import OUT_DIR

from .flows import pick_scenario


def texts(widget) -> str:
    return "\n".join(text for text, _ in widget.lines)


def play_with_questions(pilot, shots: str | None = None, strategy: str = "balanced") -> dict:
    """From the menu through a whole certification game, answering predictions right, then wrong, in turn; the
    lesson checks wrong before and right after. Returns what the screens said."""
    said = {"reports": [], "asked": []}
    pilot.type_into("menu.player", "Anna")
    pick_scenario(pilot, "certification")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    assert type(pilot.scene).__name__ == "LessonCheckScene"
    if shots:
        pilot.screenshot(OUT_DIR / f"learning-checks-{shots}.png")
    session = pilot.app.ctx.session
    for check in session.scenario.lesson_checks:          # wrong before the game
        pilot.press(pygame.K_1 + (check.right + 1) % len(check.choices))
    assert type(pilot.scene).__name__ == "DeskScene"
    if pilot.scene.guide.active:
        pilot.click("hint.skip")
    while not session.game.finished:
        fill(session.draft, STRATEGIES[strategy].make_plan(session.game))
        pilot.press(pygame.K_F9)
        if type(pilot.scene).__name__ == "ConfirmScene":
            pilot.press(pygame.K_RETURN)
        if type(pilot.scene).__name__ == "PredictScene":
            question = pilot.scene.question
            truth = check_question(session.game, session.draft.to_plan(), question).right
            right = len(said["asked"]) % 2 == 0
            pilot.press(pygame.K_1 + (truth if right else (truth + 1) % len(question.choices)))
            if shots and not said["asked"]:
                pilot.screenshot(OUT_DIR / f"learning-predict-{shots}.png")
            pilot.click("predict.answer")
            said["asked"].append((question.key, right))
            assert type(pilot.scene).__name__ == "MonthReportScene"
            said["reports"].append(texts(pilot.scene.detail))
            if shots and len(said["asked"]) <= 2:
                pilot.screenshot(OUT_DIR / f"learning-report-{'right' if right else 'wrong'}-{shots}.png")
        assert type(pilot.scene).__name__ == "MonthReportScene"
        pilot.press(pygame.K_RETURN)
    pilot.advance(3)
    assert type(pilot.scene).__name__ == "LessonCheckScene"   # the same checks again, after the game
    for check in session.scenario.lesson_checks:
        pilot.press(pygame.K_1 + check.right)
    assert type(pilot.scene).__name__ == "DebriefScene"
    if shots:
        pilot.screenshot(OUT_DIR / f"learning-debrief-{shots}.png")
    pilot.click("debrief.reflect")
    note = "Позвоню каждому клиенту с продлением в первый месяц" if pilot.app.ctx.lang == "ru" else \
        "Call each renewal in month one"
    pilot.type_into("reflect.text", note)
    pilot.advance(2)
    if shots:
        pilot.screenshot(OUT_DIR / f"learning-reflect-{shots}.png")
    pilot.click("reflect.save")
    pilot.click("debrief.learned")
    said["learned"] = texts(pilot.scene.page)
    if shots:
        pilot.screenshot(OUT_DIR / f"learning-learned-{shots}.png")
    said["replay"] = Replay.from_json(json.loads(session.replay().dumps()))
    return said


def test_a_game_with_predictions_right_and_wrong_shows_both_in_the_report_and_the_record(start):
    pilot = start(lang="en", questions=True)
    said = play_with_questions(pilot)
    assert [right for _, right in said["asked"]] == [True, False, True, False]
    first, second = said["reports"][:2]
    assert "Your prediction" in first and "Right: that is what happened." in first
    assert "What happened:" in second and "Right: that is what happened." not in second
    assert "on the same luck" in "\n".join(said["reports"]) and "Why, by reason:" in "\n".join(said["reports"])
    learned = said["learned"]
    assert "0% right before the game, 100% after" in learned            # the checks' change
    assert "2 of 4 right" not in learned                                 # per lesson, not in one lump ...
    assert learned.count("✓ you said") == 2 and learned.count("✗ you said") == 2   # ... and each shown
    assert "Your note for next time: Call each renewal in month one" in learned
    rep = said["replay"]
    assert rep.learning.reflection.text == "Call each renewal in month one"
    assert [p.month for p in rep.learning.predictions] == sorted(p.month for p in rep.learning.predictions)
    # The next time the game starts, "What I learned" on the menu reads the game from the leaderboard
    pilot.press(pygame.K_ESCAPE)                                         # back to the debrief
    pilot.click("debrief.submit")                                        # onto this computer's leaderboard
    pilot.app.to_menu()
    pilot.app.ctx.session = None                                         # as on the next start of the game
    pilot.click("menu.learned")
    assert type(pilot.scene).__name__ == "LearnedScene"
    from_menu = texts(pilot.scene.page)
    assert "0% right before the game, 100% after" in from_menu           # the answers went with the replay
    assert "you said" not in from_menu                                   # no game in play: the record alone
    assert learned.startswith(from_menu.split("\n")[0])


def test_the_questions_can_be_turned_off_in_settings(start):
    pilot = start(lang="en", questions=True)
    pilot.click("menu.learned")                                          # no name yet: asks for one
    assert type(pilot.scene).__name__ == "MenuScene" and "Type your name" in pilot.scene.status
    pilot.click("menu.settings")
    pilot.click("settings.questions")
    assert pilot.app.ctx.settings.questions is False
    pilot.press(pygame.K_ESCAPE)
    pilot.type_into("menu.player", "Anna")
    pick_scenario(pilot, "certification")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    assert type(pilot.scene).__name__ == "DeskScene"                     # no lesson checks before the game
    session = pilot.app.ctx.session
    if pilot.scene.guide.active:
        pilot.click("hint.skip")
    for _ in range(3):
        fill(session.draft, STRATEGIES["balanced"].make_plan(session.game))
        pilot.press(pygame.K_F9)
        if type(pilot.scene).__name__ == "ConfirmScene":
            pilot.press(pygame.K_RETURN)
        assert type(pilot.scene).__name__ == "MonthReportScene"           # no prediction asked
        pilot.press(pygame.K_RETURN)
    assert session.replay().learning is None


def test_the_questions_can_be_skipped_and_the_game_plays_on(start):
    pilot = start(lang="ru", questions=True)
    pilot.type_into("menu.player", "Anna")
    pick_scenario(pilot, "certification")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_ESCAPE)                         # no lesson checks
    assert type(pilot.scene).__name__ == "DeskScene"
    session = pilot.app.ctx.session
    if pilot.scene.guide.active:
        pilot.click("hint.skip")
    fill(session.draft, STRATEGIES["balanced"].make_plan(session.game))
    pilot.press(pygame.K_F9)
    if type(pilot.scene).__name__ == "ConfirmScene":
        pilot.press(pygame.K_RETURN)
    assert type(pilot.scene).__name__ == "PredictScene"
    pilot.press(pygame.K_ESCAPE)                         # skipped
    assert type(pilot.scene).__name__ == "MonthReportScene" and pilot.scene.prediction is None
    assert session.replay().learning is None


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280", "1920"])
def test_learning_screens_for_review(start, lang, size):
    said = play_with_questions(start(lang=lang, size=size, questions=True), shots=f"{lang}-{size[0]}",
                               strategy="greedy")   # a game with a miss to reflect on
    assert len(said["asked"]) == 4
