"""Common walks through the window for the UI tests."""
from __future__ import annotations

import json
from pathlib import Path

import pygame

from simulator.scenario import load_file
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay
from simulator.strategies import STRATEGIES, play
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.pilot import Pilot
from simulator.ui.scenes.desk import DeskScene

TUTORIAL = load_file(SCENARIOS_DIR / "tutorial.yaml")


def pick_scenario(pilot: Pilot, scenario_id: str) -> None:
    """Select a scenario in the menu's picker by id."""
    picker = pilot.find("menu.scenarios")
    ids = [i.scenario.id if i.scenario else None for i in picker.scene.scenarios]
    picker._select(ids.index(scenario_id))
    pilot.advance(1)


def to_desk(pilot: Pilot, scenario_id: str, player: str = "Anna") -> DeskScene:
    """From the menu to the desk of a scenario."""
    pilot.type_into("menu.player", player)
    pick_scenario(pilot, scenario_id)
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, DeskScene), type(pilot.scene).__name__
    if pilot.scene.guide.active:
        pilot.click("hint.skip")
    return pilot.scene


def end_month(pilot: Pilot) -> None:
    """End the month (confirming if asked) and leave the report."""
    pilot.press(pygame.K_F9)
    if type(pilot.scene).__name__ == "ConfirmScene":
        pilot.press(pygame.K_RETURN)
    assert type(pilot.scene).__name__ == "MonthReportScene"


def open_first_client(pilot: Pilot, card: str):
    """On the month report, open ``card`` and its first reason, and select the first client under it."""
    inbox = pilot.find("report.inbox")
    inbox.select_key(card)
    for key in (pygame.K_RIGHT, pygame.K_DOWN, pygame.K_RIGHT, pygame.K_DOWN):
        pilot.press(key)
    return inbox.selected_row()


def replay_file(folder: Path, name: str, player: str, group: str, seed: int = 3, strategy: str = "balanced",
                edit=None, finished_at: str | None = None) -> Path:
    """A replay file of the tutorial played by a reference strategy, optionally edited by hand."""
    game = play(TUTORIAL, seed, STRATEGIES[strategy])
    data = Replay.from_game(game, player, group, finished_at=finished_at).to_json()
    if edit is not None:
        edit(data)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def fill_leaderboard(db_path: Path, games: dict, finished_at: str | None = None) -> None:
    """Store finished games: {(player, group): game}."""
    with Leaderboard.open(db_path) as board:
        for (player, group), game in games.items():
            board.add_game(game, player=player, group=group, finished_at=finished_at)


def compare_top_two(pilot: Pilot) -> None:
    """On the leaderboard: mark the first two rows (Space) and open them side by side."""
    board = pilot.scene
    pilot.click_at(board.list.row_rect(pilot.app.ctx.theme, 0).center)
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_SPACE)
    pilot.click("board.compare")
