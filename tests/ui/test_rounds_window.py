"""The game window in a rounds session (issue 26 item 3): it waits for the trainer honestly — for the month to open,
to close, for its results to be revealed —, takes the trainer's injected event in before it plans, sends each plan,
and can play on alone; a game outside the session is untouched. Against a real ``serve --rounds``; the waiting screen
is photographed at 1280x720 and 1920x1080 in both languages (screenshots/out/rounds-wait-*.png)."""
from __future__ import annotations

import json
import time
import urllib.request

import pygame
import pytest

from simulator.store.rounds_client import RoundsClient, RoundView
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.rounds import Lockstep
from simulator.ui.scenes.debrief import DebriefScene
from simulator.ui.scenes.desk import DeskScene
from simulator.ui.scenes.month_report import MonthReportScene
from simulator.ui.scenes.round_wait import RoundWaitScene
from tests.live_server import LiveServer
from tests.outputs import OUT_DIR

from .flows import TUTORIAL

pytestmark = pytest.mark.timeout(300)


def trainer(server: LiveServer, what: str, data: dict | None = None) -> dict:
    request = urllib.request.Request(f"{server.url}/api/sessions/{server.code}/rounds/{what}", method="POST",
                                     data=json.dumps(data or {}).encode(), headers={**server.headers(),
                                                                                    "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def until(pilot, check, timeout: float = 20.0) -> None:
    """Frames until ``check()`` holds (the background thread asks the server meanwhile)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"still on {type(pilot.scene).__name__}"
        pilot.advance(1)
        time.sleep(0.02)


def start_joined(start, server: LiveServer, seed: int, lang: str = "en", size=(1280, 720)):
    pilot = start(lang=lang, hints=False, scenario_dirs=[SCENARIOS_DIR], seed=seed, server=server.url,
                  code=server.code, size=size)
    pilot.app.ctx.rounds = Lockstep(RoundsClient(server.url, server.code), "tutorial", seed, poll=0.05)
    pilot.type_into("menu.player", "Анна")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    return pilot


def test_the_window_plays_in_lockstep_with_the_trainer(start, tmp_path):
    with LiveServer(tmp_path / "rounds.sqlite3", "--rounds", session="tutorial", seed=4, group="G") as server:
        pilot = start_joined(start, server, 4)
        wait = pilot.scene
        assert isinstance(wait, RoundWaitScene)  # nothing to plan before the trainer opens month 1
        assert wait.lines()[0][0] == "Month 1 starts when the trainer opens it."
        trainer(server, "inject", {"lever": "price_war", "target": TUTORIAL.products[0].id, "strength": 0.8})
        trainer(server, "open")
        until(pilot, lambda: isinstance(pilot.scene, DeskScene))
        desk = pilot.scene
        assert [e.id for e in desk.session.game.injected] == ["live-1-1"]
        assert desk.message.startswith("New from next month: Price war")
        pilot.click("desk.touch_all")
        pilot.press(pygame.K_F9)
        if type(pilot.scene).__name__ == "ConfirmScene":
            pilot.press(pygame.K_RETURN)
        until(pilot, lambda: isinstance(pilot.scene, RoundWaitScene) and pilot.scene.lock.sent(1)
              and pilot.scene.lock.view is not None and pilot.scene.lock.view.sent == 1)
        assert [line for line, _ in pilot.scene.lines()][:2] == [
            "Your plan for month 1 is sent.", "The month ends when the trainer closes it. Plans in: 1 of 1."]
        assert desk.session.game.month == 0  # not played before the trainer closes the month
        trainer(server, "close")
        until(pilot, lambda: pilot.scene.stage == "reveal")
        assert desk.session.game.month == 1 and "live-1-1" in desk.session.game.reports[0].events
        assert pilot.scene.lines()[0][0] == "Month 1 is played. Its results show when the trainer reveals them."
        trainer(server, "reveal")
        until(pilot, lambda: isinstance(pilot.scene, MonthReportScene))
        pilot.press(pygame.K_RETURN)
        until(pilot, lambda: isinstance(pilot.scene, RoundWaitScene) and pilot.scene.stage == "open")
        assert pilot.scene.month == 2
        pilot.click("rounds.alone")  # the room is slow: this one plays on alone, and the game stops waiting
        until(pilot, lambda: isinstance(pilot.scene, DeskScene))
        for _ in range(2):
            pilot.click("desk.touch_all")
            pilot.press(pygame.K_F9)
            if type(pilot.scene).__name__ == "ConfirmScene":
                pilot.press(pygame.K_RETURN)
            assert isinstance(pilot.scene, MonthReportScene)
            pilot.press(pygame.K_RETURN)
        assert isinstance(pilot.scene, DebriefScene)
        pilot.click("debrief.send")
        deadline = time.monotonic() + 60
        while pilot.scene.workshop.sending is not None and time.monotonic() < deadline:
            pilot.app.ctx.workshop.wait(0.1)
            pilot.advance(1)
        assert pilot.scene.message_style == "good", pilot.scene.message  # verified with the injected event


class _Room:
    """A stand-in for the server in the screenshot test: a round that never moves."""

    def __init__(self, view: RoundView):
        self.view = view

    def join(self, name: str, token: str | None = None) -> str:
        return "token"

    def round(self) -> RoundView:
        return self.view

    def send_plan(self, month, token, plan) -> dict:
        return {"month": month, "late": False}


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_waiting_screen_says_what_it_waits_for(start, lang, size):
    view = RoundView(month=1, phase="open", practice=False, practice_seed=None, revealed=0, revision=3,
                     participants=12, sent=7, seconds_left=95, injected=())
    pilot = start(lang=lang, hints=False, scenario_dirs=[SCENARIOS_DIR], seed=4, size=size)
    pilot.app.ctx.rounds = Lockstep(_Room(view), "tutorial", 4, poll=0.05)  # type: ignore[arg-type]
    pilot.type_into("menu.player", "Анна")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    until(pilot, lambda: isinstance(pilot.scene, DeskScene))
    pilot.click("desk.touch_all")
    pilot.press(pygame.K_F9)
    if type(pilot.scene).__name__ == "ConfirmScene":
        pilot.press(pygame.K_RETURN)
    until(pilot, lambda: isinstance(pilot.scene, RoundWaitScene) and pilot.scene.lock.sent(1))
    pilot.advance(2)
    texts = [line for line, _ in pilot.scene.lines()]
    expected = {"en": ["Your plan for month 1 is sent.", "The month ends when the trainer closes it. Plans in: 7 of 12.",
                       "95 s left on the trainer's timer."],
                "ru": ["Ваш план на месяц 1 отправлен.", "Месяц закончится, когда тренер его закроет. Планы прислали: 7 из 12.",
                       "По таймеру тренера осталось 95 с."]}[lang]
    assert texts == expected
    box, button = pilot.scene.box, pilot.find("rounds.alone").rect
    assert box.contains(button) and pilot.app.screen.get_rect().contains(box)
    pilot.screenshot(OUT_DIR / f"rounds-wait-{lang}-{size[0]}x{size[1]}.png")


def test_a_game_of_another_scenario_does_not_wait(start):
    view = RoundView(month=0, phase="lobby", practice=False, practice_seed=None, revealed=0, revision=1,
                     participants=0, sent=0, seconds_left=None, injected=())
    pilot = start(lang="en", hints=False, scenario_dirs=[SCENARIOS_DIR], seed=5)  # the session plays seed 4
    pilot.app.ctx.rounds = Lockstep(_Room(view), "tutorial", 4, poll=0.05)  # type: ignore[arg-type]
    pilot.type_into("menu.player", "Анна")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    pilot.advance(3)
    assert isinstance(pilot.scene, DeskScene)


class _Away(_Room):
    """A server that does not answer."""

    def round(self) -> RoundView:
        raise ConnectionError("connection refused")


def test_offline_the_waiting_screen_says_so_and_the_player_may_play_on_alone(start):
    pilot = start(lang="en", hints=False, scenario_dirs=[SCENARIOS_DIR], seed=4)
    pilot.app.ctx.rounds = Lockstep(_Away(None), "tutorial", 4, poll=0.05)  # type: ignore[arg-type]
    pilot.type_into("menu.player", "Анна")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    until(pilot, lambda: isinstance(pilot.scene, RoundWaitScene) and pilot.scene.lock.error is not None)
    pilot.press(pygame.K_ESCAPE)  # waiting for the room is not left by accident
    assert isinstance(pilot.scene, RoundWaitScene)
    assert pilot.scene.lines()[-1] == ("The workshop server does not answer (connection refused). Trying again every "
                                       "few seconds.", "warn")
    pilot.click("rounds.alone")
    assert isinstance(pilot.scene, DeskScene) and pilot.app.ctx.rounds.alone


def test_join_plays_a_rounds_session_in_lockstep_and_a_free_one_as_before(tmp_path, monkeypatch):
    from simulator.cli import main

    opened = []
    monkeypatch.setattr("simulator.ui.app.run_game", lambda path, **options: opened.append(options) or 0)
    with LiveServer(tmp_path / "r.sqlite3", "--rounds", session="tutorial", seed=4) as server:
        assert main(["join", f"{server.url}/join/{server.code}"]) == 0
    with LiveServer(tmp_path / "f.sqlite3", session="tutorial", seed=4) as server:
        assert main(["join", f"{server.url}/join/{server.code}"]) == 0
    assert [o["rounds"] for o in opened] == [("tutorial", 4), None]


def test_the_practice_round_is_played_on_another_seed_and_thrown_away(start, tmp_path):
    with LiveServer(tmp_path / "practice.sqlite3", "--rounds", session="tutorial", seed=4, group="G") as server:
        pilot = start_joined(start, server, 4)
        until(pilot, lambda: isinstance(pilot.scene, RoundWaitScene) and pilot.scene.lock.view is not None)
        practice = trainer(server, "open", {"practice": True})
        until(pilot, lambda: isinstance(pilot.scene, DeskScene))
        desk = pilot.scene
        assert desk.session.game.seed == practice["practice_seed"] != 4
        assert desk.message.startswith("Practice round: month 1 on another seed")
        pilot.click("desk.touch_all")
        pilot.press(pygame.K_F9)
        if type(pilot.scene).__name__ == "ConfirmScene":
            pilot.press(pygame.K_RETURN)
        until(pilot, lambda: isinstance(pilot.scene, RoundWaitScene) and pilot.scene.lock.sent(1))
        trainer(server, "close")
        trainer(server, "reveal")
        until(pilot, lambda: isinstance(pilot.scene, MonthReportScene))
        pilot.press(pygame.K_RETURN)
        until(pilot, lambda: isinstance(pilot.scene, RoundWaitScene) and pilot.scene.stage == "open")
        assert pilot.scene.lines()[0][0] == "That was the practice round. The real game starts when the trainer ends it."
        trainer(server, "reset")
        until(pilot, lambda: isinstance(pilot.scene, RoundWaitScene) and pilot.scene.lock.view.phase == "lobby"
              and not pilot.scene.practice)
        real = pilot.app.ctx.session
        assert (real.game.seed, real.game.month) == (4, 0)  # the real game, from the start
        trainer(server, "open")
        until(pilot, lambda: isinstance(pilot.scene, DeskScene))
        assert pilot.scene.session.game.seed == 4 and pilot.scene.message.startswith("The practice is over")


class _Names(_Room):
    """A server that remembers who joined under which name, as the real one does."""

    def __init__(self, view):
        super().__init__(view)
        self.held: dict[str, str] = {}

    def join(self, name: str, token: str | None = None) -> str:
        from simulator.store.rounds_client import RoundsRefused
        if name in self.held and self.held[name] != token:
            raise RoundsRefused("name_taken", f"someone in this session is called {name} already")
        self.held[name] = self.held.get(name) or f"token-{len(self.held)}"
        return self.held[name]


def test_a_restarted_game_rejoins_as_itself(tmp_path):
    view = RoundView(month=0, phase="lobby", practice=False, practice_seed=None, revealed=0, revision=1,
                     participants=0, sent=0, seconds_left=None, injected=())
    room = _Names(view)
    first = Lockstep(room, "tutorial", 4, tokens=tmp_path / "rounds.json")  # type: ignore[arg-type]
    first.name = "Анна"
    first.poll_once()
    again = Lockstep(room, "tutorial", 4, tokens=tmp_path / "rounds.json")  # type: ignore[arg-type]
    again.name = "Анна"
    again.poll_once()
    assert again.token == first.token and again.error is None
    stranger = Lockstep(room, "tutorial", 4, tokens=tmp_path / "other.json")  # type: ignore[arg-type]
    stranger.name = "Анна"
    stranger.poll_once()
    assert stranger.token is None and "already" in (stranger.error or "")
