"""Common walks through the window for the UI tests."""
from __future__ import annotations

import pygame

from simulator.ui.pilot import Pilot
from simulator.ui.scenes.desk import DeskScene


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
