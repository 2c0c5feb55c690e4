"""A whole game played through the window, menu to debrief, checked against the engine played directly."""
from __future__ import annotations

import json

import numpy as np
import pygame

from simulator.engine import Game, MonthPlan, OfferBatch, TouchBatch, replay
from simulator.scenario import load_file
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay, verify
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.scenes.debrief import DebriefScene
from simulator.ui.scenes.desk import DeskScene
from simulator.ui.scenes.month_report import MonthReportScene

SEED = 7


def _client(game, client_id: str) -> int:
    return game.clients.ids.index(client_id)


def test_tutorial_played_through_the_ui_equals_the_same_plans_on_a_fresh_engine(start, data_dir):
    scenario = load_file(SCENARIOS_DIR / "tutorial.yaml")
    pilot = start(lang="en")
    # Menu: name, group, seed; the tutorial is listed first.
    pilot.type_into("menu.player", "Anna")
    pilot.type_into("menu.group", "G1")
    pilot.type_into("menu.seed", str(SEED))
    assert pilot.find("menu.scenarios").scene.scenarios[0].scenario.id == "tutorial"
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)  # briefing -> desk
    assert isinstance(pilot.scene, DeskScene)
    assert pilot.scene.guide.active  # tutorial mode shows hints
    pilot.click("hint.next")
    assert pilot.scene.guide.step >= 1  # the next step (or past it, when the selected client already fits it)
    pilot.click("hint.skip")
    assert not pilot.scene.guide.active

    game = pilot.scene.session.game
    stroymir = _client(game, "stroymir")
    fresh = Game(scenario, SEED)
    due = np.flatnonzero(fresh.state.active & (fresh.due_in()[:, 0] <= 3))
    assert due.size  # the scenario has renewals due in month 1

    # Month 1: find StroyMir, call about training, offer training; software markup 5 points above the
    # middle of its band; bulk renewal calls.
    band = next(p.markup for p in scenario.products if p.id == "software")
    software_markup = round((band.min + band.max) / 2 + 0.05, 2)
    pilot.type_into("desk.search", "stroy")
    assert pilot.scene.list.selected == stroymir
    pilot.choose("desk.topic", "training")
    pilot.click("desk.touch_one")
    pilot.choose("desk.offer_product", "training")
    pilot.click("desk.offer_one")
    pilot.type_into("desk.search", "")
    pilot.click("desk.tab.prices")
    pilot.click("desk.markup.software")          # a click on the middle of the band
    for _ in range(5):
        pilot.press(pygame.K_RIGHT)               # arrows: +1% each
    pilot.click("desk.tab.client")
    pilot.click("desk.filter.due")
    pilot.choose("desk.topic", "software")
    pilot.click("desk.touch_all")
    hours_left = pilot.scene.session.draft.hours_left()
    assert hours_left > 0
    pilot.press(pygame.K_F9)                      # end month: hours are left, so it asks
    assert type(pilot.scene).__name__ == "ConfirmScene"
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, MonthReportScene)

    expected = MonthPlan(
        markups={"software": software_markup, "training": 0.6},
        touches=(TouchBatch("call", (stroymir,), "training"), TouchBatch("call", tuple(int(c) for c in due), "software")),
        offers=(OfferBatch("training", (stroymir,)),),
    )
    assert game.plans[0].to_json() == expected.to_json()

    # Month 2: a standing rule for key accounts (a call every month) pre-fills the plan.
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, DeskScene)
    pilot.click("desk.tab.rules")
    pilot.choose("desk.rule.key.every", 1)
    pilot.click("desk.rules_apply")
    key_clients = [_client(game, c.id) for c in game.scenario.clients if c.segment == "key"]
    planned = pilot.scene.session.draft.to_plan()
    assert sorted(c for b in planned.touches for c in b.clients) == sorted(key_clients)
    pilot.press(pygame.K_RETURN, mod=pygame.KMOD_CTRL)  # Ctrl+Enter ends the month too
    pilot.press(pygame.K_RETURN)                         # confirm
    pilot.press(pygame.K_RETURN)                         # report -> desk
    # Month 3: the rule pre-fills again by itself.
    assert pilot.scene.session.draft.to_plan().touches
    pilot.click("desk.end_month")
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, MonthReportScene)
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, DebriefScene)
    pilot.advance(8)  # reference strategies, one per frame
    assert set(pilot.scene.references) == {"balanced", "passive", "greedy", "discounter", "spammer", "by_the_desk"}

    # The same plans on a fresh engine give the same game, to the kopeck.
    assert game.finished and len(game.plans) == 3
    again = replay(scenario, SEED, list(game.plans))
    ui_replay = Replay.from_game(game, "Anna", "G1").to_json()
    assert Replay.from_game(again, "Anna", "G1").to_json() == ui_replay
    assert again.result().to_json() == game.result().to_json()

    # The autosave holds the whole game; "submit" stores it and offers the replay file, which verifies.
    saved = json.loads((data_dir / "saves" / "autosave.json").read_text(encoding="utf-8"))
    assert saved["replay"]["plans"] == ui_replay["plans"] and saved["replay"]["player"] == "Anna"
    debrief = pilot.scene
    pilot.click("debrief.submit")
    assert type(pilot.scene).__name__ == "ConfirmScene" and "score" in pilot.scene.message
    pilot.press(pygame.K_RETURN)                          # yes, save the file to hand in
    assert pilot.scene is debrief and debrief.message_style == "good"
    rep = Replay.load(debrief.saved_path)
    assert (rep.player, rep.group, rep.seed) == ("Anna", "G1", SEED)
    assert verify(rep, scenario).result().score == game.result().score
    with Leaderboard.open(data_dir / "leaderboard.sqlite3") as board:
        [entries] = [b.entries for b in board.rankings(scenario_id="tutorial")]
    assert [(e.player, e.group, e.score) for e in entries] == [("Anna", "G1", game.result().score)]
    pilot.click("debrief.menu")
    assert type(pilot.scene).__name__ == "MenuScene"
