"""Joining a workshop from the one printed line: the game opens the session's scenario and seed and asks only for a
name; the language follows the computer's unless the player chose one."""
from __future__ import annotations

import re

import pygame
import pytest

from simulator.cli import main
from simulator.ui.app import SCENARIOS_DIR, build_context
from simulator.ui.context import system_language
from simulator.ui.pilot import Pilot
from tests.live_server import LiveServer

pytestmark = pytest.mark.timeout(240)


def test_the_printed_line_opens_the_sessions_scenario_and_seed_asking_only_for_a_name(data_dir, tmp_path,
                                                                                     monkeypatch):
    opened = {}

    def window(path, **options):  # the game's window, under the pilot instead of a screen
        opened["pilot"] = Pilot.start(data_dir, scenario=path, scenario_dirs=[SCENARIOS_DIR],
                                      **{k: v for k, v in options.items() if k in ("lang", "player", "group", "seed",
                                                                                   "server", "code", "theme")})
        return 0

    monkeypatch.setattr("simulator.ui.app.run_game", window)
    with LiveServer(tmp_path / "server.sqlite3", session="certification", seed=42, group="Москва-1") as server:
        printed = "".join(server.lines)
        line = re.search(r"participants: (python main\.py join \S+)", printed).group(1)
        assert main(line.split()[2:] + ["--lang", "en"]) == 0   # exactly what a participant types (+ a language)
        pilot = opened["pilot"]
        menu = pilot.scene
        assert menu.scenarios[menu.picker.selected].scenario.id == "certification"  # not the tutorial at the top
        assert "Workshop session " + server.code in menu.status and "type your name" in menu.status
        assert pilot.find("menu.seed").value == "42" and pilot.find("menu.group").value == "Москва-1"
        pilot.type("Анна")                                      # the name field has the focus: type, then Enter
        pilot.press(pygame.K_RETURN)
        session = pilot.app.ctx.session
        assert type(pilot.scene).__name__ == "BriefingScene"
        assert (session.scenario.id, session.seed, session.player, session.group) == \
            ("certification", 42, "Анна", "Москва-1")
        assert pilot.app.ctx.settings.code == server.code and pilot.app.ctx.settings.server.endswith(
            server.url.rsplit(":", 1)[1])                       # "Send to workshop" goes to this session


def test_join_refuses_a_wrong_address_an_unknown_session_and_an_unreachable_server(tmp_path, capsys):
    assert main(["join", "http://192.168.1.5:8765/board/ABC"]) == 2
    assert "a join address looks like http://" in capsys.readouterr().err
    with LiveServer(tmp_path / "server.sqlite3") as server:
        assert main(["join", f"{server.url}/join/NOSUCHCODE1"]) == 2
        assert "has no session NOSUCHCODE1" in capsys.readouterr().err
    assert main(["join", f"{server.url}/join/ABCDEF"]) == 2  # stopped now
    err = capsys.readouterr().err
    assert "cannot reach the workshop server" in err and "Traceback" not in err


@pytest.mark.parametrize("environ, lang", [
    ({"LANG": "ru_RU.UTF-8"}, "ru"), ({"LANG": "en_GB.UTF-8"}, "en"), ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LC_ALL": "C.UTF-8", "LANG": "ru_RU.UTF-8"}, "ru"), ({"LC_ALL": "en_US.UTF-8", "LANG": "ru_RU.UTF-8"}, "en"),
    ({"LANGUAGE": "ru:en"}, "ru"), ({"LANG": "C"}, None), ({}, None)])
def test_the_computers_language_is_read_from_its_locale(environ, lang):
    assert system_language(environ) == lang


def test_the_game_opens_in_the_computers_language_until_the_player_picks_one(data_dir):
    assert build_context(data_dir=data_dir, system_lang="en").lang == "en"
    assert build_context(data_dir=data_dir).lang == "ru"  # the computer names none: Russian, as before
    ctx = build_context(data_dir=data_dir, system_lang="en")
    ctx.set_language("ru")                                # the menu's switch
    ctx.save_settings()
    assert build_context(data_dir=data_dir, system_lang="en").lang == "ru"  # the player's choice is kept
    assert build_context(data_dir=data_dir, lang="en", system_lang="ru").lang == "en"  # --lang wins
