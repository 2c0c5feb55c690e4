"""The projector theme: chosen by `--theme` or in Settings, kept between runs, switched on the spot."""
from __future__ import annotations

import json

import pygame

from simulator.cli import main
from simulator.ui.app import build_context
from simulator.ui.clock import FakeClock
from simulator.ui.scenes.settings import SettingsScene
from simulator.ui.theme import Theme


def test_the_theme_option_reaches_the_game_and_a_wrong_one_is_refused(monkeypatch, capsys):
    seen = {}

    def fake_run_game(path, **kwargs):
        seen.update(kwargs)
        return 0

    monkeypatch.setattr("simulator.ui.app.run_game", fake_run_game)
    assert main(["--theme", "light"]) == 0  # `python main.py --theme light`: the game with the light theme
    assert seen["theme"] == "light"
    assert main(["play", "--theme", "dark"]) == 0 and seen["theme"] == "dark"
    assert main(["play"]) == 0 and seen["theme"] is None  # the settings decide
    assert main(["--theme", "pink"]) == 2
    assert "invalid choice: 'pink'" in capsys.readouterr().err


def test_a_theme_from_the_command_line_is_kept_for_the_next_start(data_dir):
    ctx = build_context(FakeClock(), data_dir, theme="light")
    assert ctx.theme.name == "light" and ctx.theme.c("background") == Theme(name="light").c("background")
    assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["theme"] == "light"
    again = build_context(FakeClock(), data_dir)
    assert again.settings.theme == "light" and again.theme.name == "light"


def test_settings_switch_the_look_at_once_and_keep_it(start, data_dir):
    pilot = start(lang="ru")
    dark_background = pilot.app.screen.get_at((5, 5))[:3]
    assert dark_background == Theme(name="dark").c("background")
    pilot.app.push(SettingsScene(pilot.app))
    pilot.advance(1)
    assert pilot.find("settings.theme").value == "dark"
    pilot.click("settings.theme")
    assert pilot.find("settings.theme").value == "light"
    assert pilot.app.screen.get_at((5, 5))[:3] == Theme(name="light").c("background")
    assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["theme"] == "light"
    pilot.press(pygame.K_ESCAPE)  # back to the menu: it is drawn in the light theme too, its name field as well
    field = pilot.find("menu.player")
    inside = pilot.app.screen.get_at((field.rect.x + 4, field.rect.centery))[:3]
    assert sum(inside) > 3 * 200, inside  # pygame_gui's text field turned light with the rest
