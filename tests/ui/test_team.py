"""A team of two shares one desk from the game: `join URL --team NAME`; each month this window's plan goes to the
team as a proposal, the teammate's comes in from the server, the team takes one, every window plays it; the team's
game goes to the board under the team's name with who proposed what, and verifies."""
from __future__ import annotations

import json
import re
import time
import urllib.request
from urllib.parse import quote

import pygame
import pytest

from simulator.cli import main
from simulator.engine import MonthPlan
from simulator.store.kinds import kind_of
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import canonical_plans
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.pilot import Pilot
from tests.live_server import LiveServer

from .flows import TUTORIAL

pytestmark = pytest.mark.timeout(300)


def call(method: str, url: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def frames_until(pilot: Pilot, ready, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.02)
        pilot.advance(1)
    assert ready(), f"still on {type(pilot.scene).__name__}"


def test_a_team_of_two_proposes_from_its_windows_chooses_and_lands_on_the_board(data_dir, tmp_path, monkeypatch):
    opened = {}

    def window(path, **options):  # the game's window, under the pilot instead of a screen
        pilot = Pilot.start(data_dir, scenario=path, scenario_dirs=[SCENARIOS_DIR], hints=False,
                            **{k: v for k, v in options.items() if k in ("lang", "player", "group", "seed", "server",
                                                                         "code", "theme")})
        pilot.app.ctx.team = options.get("team") or ""
        opened["pilot"] = pilot
        return 0

    monkeypatch.setattr("simulator.ui.app.run_game", window)
    with LiveServer(tmp_path / "server.sqlite3", session="tutorial", seed=4, group="Москва-1") as server:
        line = re.search(r"participants: (python main\.py join \S+)", "".join(server.lines)).group(1)
        assert main(line.split()[2:] + ["--team", "Альфа", "--lang", "en"]) == 0
        pilot = opened["pilot"]
        pilot.type("Анна")
        pilot.press(pygame.K_RETURN)   # the briefing
        pilot.press(pygame.K_RETURN)   # the desk
        teams = f"{server.url}/api/sessions/{server.code}/teams"
        call("POST", teams, {"team": "Альфа", "member": "Борис"})  # the teammate, from his own window
        game = pilot.app.ctx.session.game
        for month in range(1, TUTORIAL.turns + 1):
            pilot.click("desk.touch_all")
            pilot.press(pygame.K_F9)
            if type(pilot.scene).__name__ == "ConfirmScene":
                pilot.press(pygame.K_RETURN)
            assert type(pilot.scene).__name__ == "TeamChoiceScene"
            frames_until(pilot, lambda: pilot.scene.standing is not None)  # Anna's proposal is in
            boris = MonthPlan(markups=dict(game.markups), touches=(), offers=())  # he plans no touches
            call("POST", f"{teams}/{quote('Альфа')}/months/{month}/proposals", {"member": "Борис", "plan": boris.to_json()})
            frames_until(pilot, lambda: len(pilot.scene.standing.proposals) == 2)
            assert "Борис: 0 touches, 0 offers" in pilot.scene.summary("Борис", pilot.scene.standing.plan_of("Борис"))
            pilot.press(pygame.K_1 if month % 2 else pygame.K_2)  # Anna's plan, then Boris's, then Anna's
            frames_until(pilot, lambda: type(pilot.scene).__name__ == "MonthReportScene")
            pilot.press(pygame.K_RETURN)
        assert type(pilot.scene).__name__ == "DebriefScene"
        record = pilot.app.ctx.session.team
        assert [m.chosen for m in record.months] == [("Анна", "Борис")[k % 2] for k in range(TUTORIAL.turns)]
        assert record.members == ("Анна", "Борис")
        # The months played in this window are the plans the team chose.
        assert [canonical_plans((m.plan_of(m.chosen),)) for m in record.months] == \
            [canonical_plans((plan,)) for plan in game.plans]
        debrief = pilot.scene
        pilot.click("debrief.send")
        deadline = time.monotonic() + 30
        while debrief.workshop.sending is not None and time.monotonic() < deadline:
            pilot.app.ctx.workshop.wait(0.1)
            pilot.advance(1)
        assert debrief.message_style == "good", debrief.message
        with urllib.request.urlopen(f"{server.url}/api/sessions/{server.code}/board?lang=en", timeout=10) as response:
            rows = json.loads(response.read())["entries"]
        assert [(r["player"], r["team"]) for r in rows] == [("Альфа", ["Анна", "Борис"])]
        with urllib.request.urlopen(f"{server.url}{rows[0]['review']}", timeout=30) as response:
            review = response.read().decode("utf-8")  # the review shows who proposed what, and the team's choice
        assert "Team Альфа (Анна, Борис): who proposed what" in review
        assert review.count("✓ the team&#x27;s plan (chosen by Анна)") == TUTORIAL.turns
    with Leaderboard.open(tmp_path / "server.sqlite3") as lb:
        stored = lb.replay(rows[0]["id"])
        assert stored.team is not None and [m.chosen for m in stored.team.months] == [m.chosen for m in record.months]
        kind_of(stored).verify(stored, lb.scenario_for(stored))  # the team's record holds on re-simulation
