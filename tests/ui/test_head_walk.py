"""A head of sales plays a head scenario through the window, from the menu to the debrief, deciding as the course
teaches (floor from costs, gross-profit pay with a threshold, an interview before hiring, no book left alone);
the game kept by the window is the one the store verifies, and a game left mid-month comes back."""
from __future__ import annotations

import pygame

from simulator.scenario import load_file
from simulator.store.head_replay import verify_head
from simulator.ui.app import SCENARIOS_DIR

from .flows import decide_like_the_course, to_room


def test_a_head_game_played_through_the_window_reaches_the_debrief_and_verifies(start, tmp_path):
    pilot = start(lang="ru")
    session = to_room(pilot)
    decide_like_the_course(pilot)
    months = session.game.turns
    for k in range(months):
        assert type(pilot.scene).__name__ == "HeadRoomScene"
        pilot.press(pygame.K_F9)
        assert type(pilot.scene).__name__ == "HeadReportScene", type(pilot.scene).__name__
        assert pilot.scene.report.month == k + 1
        pilot.click("head_report.continue")
    assert type(pilot.scene).__name__ == "HeadDebriefScene"
    game = session.game
    assert game.finished and game.result().score > 0
    verified = verify_head(session.replay(), load_file(SCENARIOS_DIR / "head-free-markup.yaml"))
    assert verified.result().to_json() == game.result().to_json()
    pilot.advance(10)   # the reference heads play one a frame
    pilot.click("head_debrief.menu")
    assert type(pilot.scene).__name__ == "MenuScene"


def test_a_head_game_left_mid_month_comes_back_with_its_decisions(start):
    pilot = start(lang="en")
    session = to_room(pilot)
    decide_like_the_course(pilot)
    pilot.press(pygame.K_F9)
    pilot.click("head_report.continue")
    pilot.click("head.open_hire")
    cid = pilot.find("head_hire.candidate").value
    pilot.click("head_hire.ask.pay_expectations")
    pilot.press(pygame.K_ESCAPE)
    before = session.game.sellers[cid].visible_traits()
    pilot.click("head.menu")
    pilot.click("confirm.yes")
    assert type(pilot.scene).__name__ == "MenuScene"
    pilot.click("menu.continue")
    assert type(pilot.scene).__name__ == "HeadRoomScene"
    back = pilot.scene.session
    assert back is not session and back.game.month == 1
    assert back.game.sellers[cid].visible_traits() == before and before["greed"] is not None
    assert back.game.bands == session.game.bands


def test_a_decision_is_in_the_save_as_soon_as_it_is_made(start):
    pilot = start(lang="en")
    to_room(pilot)
    pilot.click("head.open_rules")
    pilot.click("head_rules.from_sheet")
    pilot.click("head_rules.apply")
    saves = pilot.app.ctx.saves
    back, _ = saves.read(pilot.app.ctx.scenario_dirs)   # still on the rules page: the save already has the bands
    assert back.game.bands == pilot.scene.session.game.bands
