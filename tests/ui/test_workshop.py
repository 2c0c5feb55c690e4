"""Sending a finished game to the workshop server from the debrief; the outbox when the server is away."""
from __future__ import annotations

import json
import time
import urllib.request

import pygame
import pytest

from simulator.store.leaderboard import Leaderboard
from simulator.store.workshop import create_session
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.scenes.debrief import DebriefScene
from simulator.ui.scenes.settings import SettingsScene
from tests.live_server import LiveServer, free_port

from .flows import TUTORIAL, end_month

pytestmark = pytest.mark.timeout(240)


def play_tutorial(pilot, player: str) -> DebriefScene:
    pilot.type_into("menu.player", player)
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    for _ in range(TUTORIAL.turns):
        pilot.click("desk.touch_all")
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, DebriefScene)
    return pilot.scene


def settle(pilot, scene, timeout: float = 30.0) -> None:
    """Run frames until the background send is over and the scene has shown its result."""
    deadline = time.monotonic() + timeout
    while scene.workshop.sending is not None and time.monotonic() < deadline:
        pilot.app.ctx.workshop.wait(0.1)
        pilot.advance(1)
    assert scene.workshop.sending is None, "the send did not finish"


def board(server: LiveServer, code: str) -> list[dict]:
    with urllib.request.urlopen(f"{server.url}/api/sessions/{code}/board", timeout=10) as response:
        return json.loads(response.read())["entries"]


def test_send_to_workshop_puts_the_game_on_the_live_board(start, tmp_path):
    with LiveServer(tmp_path / "server.sqlite3", session="tutorial", seed=4, group="Москва-1") as server:
        pilot = start(lang="en", hints=False, scenario_dirs=[SCENARIOS_DIR], seed=4, server=server.url,
                      code=server.code.lower())
        debrief = play_tutorial(pilot, "Анна")
        pilot.click("debrief.send")
        assert debrief.message == "Sending to the workshop server…"
        settle(pilot, debrief)
        assert debrief.message_style == "good", debrief.message
        assert debrief.message.startswith("On the workshop board: place 1, score ")
        assert not pilot.find("debrief.send").enabled()  # sent once; the button does not send it again
        entries = board(server, server.code)
        assert [(e["player"], e["rank"]) for e in entries] == [("Анна", 1)]
        assert pilot.app.ctx.workshop.waiting() == 0


def test_a_game_sent_while_the_server_is_away_waits_and_goes_when_asked(start, tmp_path, data_dir):
    db = tmp_path / "server.sqlite3"
    with Leaderboard.open(db) as lb:
        code = create_session(lb, "tutorial", 4, "Казань").code
    port = free_port()
    pilot = start(lang="ru", hints=False, scenario_dirs=[SCENARIOS_DIR], seed=4, server=f"127.0.0.1:{port}", code=code)
    debrief = play_tutorial(pilot, "Борис")
    pilot.click("debrief.send")
    settle(pilot, debrief)
    assert debrief.message_style == "warn"
    assert debrief.message.startswith("Сервер семинара не отвечает. Игра сохранена в исходящих (ждут: 1)")
    assert len(list((data_dir / "outbox").glob("*.json"))) == 1  # nothing lost: the replay is on disk
    saved = json.loads(next((data_dir / "outbox").glob("*.json")).read_text(encoding="utf-8"))
    assert saved["replay"]["player"] == "Борис" and saved["attempts"] == 1
    with LiveServer(db, port=port) as server:
        pilot.click("debrief.menu")
        pilot.app.push(SettingsScene(pilot.app))
        pilot.advance(1)
        settings = pilot.scene
        assert settings.outbox_text().startswith("Исходящие: игр ждут сервера семинара: 1")
        pilot.click("settings.send_now")
        pilot.app.ctx.workshop.wait(30)
        pilot.advance(1)
        assert settings.outbox_text() == "Исходящие: ничего не ждёт отправки."
        assert [e["player"] for e in board(server, code)] == ["Борис"]
    assert list((data_dir / "outbox").glob("*.json")) == []


def test_a_refused_game_says_why_and_is_kept_apart(start, tmp_path, data_dir):
    with LiveServer(tmp_path / "server.sqlite3", session="tutorial", seed=5, group="G") as server:
        pilot = start(lang="en", hints=False, scenario_dirs=[SCENARIOS_DIR], seed=4, server=server.url,
                      code=server.code)
        debrief = play_tutorial(pilot, "Вера")  # seed 4; the session plays seed 5
        pilot.click("debrief.send")
        settle(pilot, debrief)
        assert debrief.message_style == "bad"
        assert debrief.message == ("The workshop server refused the game: it was played on another scenario or seed "
                                   "than the workshop session's.")
        assert board(server, server.code) == []
        assert len(list((data_dir / "outbox" / "refused").glob("*.json"))) == 1
        assert pilot.app.ctx.workshop.waiting() == 0


def test_a_head_game_sent_to_the_workshop_lands_on_its_board(start, tmp_path):
    from simulator.head import HEADS
    from simulator.scenario import load_file
    from simulator.store.head_session import HeadSession

    path = SCENARIOS_DIR / "head-free-markup.yaml"
    with LiveServer(tmp_path / "server.sqlite3", session="head-free-markup", seed=2, group="Отдел-1") as server:
        pilot = start(lang="ru", scenario_dirs=[SCENARIOS_DIR], seed=2, server=server.url, code=server.code)
        session = HeadSession(load_file(path), path, 2, "Вера", "Отдел-1")
        while not session.game.finished:
            if session.game.decision_month:
                HEADS["opaque"].decide(session.game)   # a person playing like the opaque head
            session.end_month()
        pilot.app.ctx.session = session
        debrief = pilot.app.open("head_debrief")
        pilot.advance(1)
        pilot.click("debrief.send")
        settle(pilot, debrief)
        assert debrief.message_style == "good", debrief.message
        assert not pilot.find("debrief.send").enabled()
        entries = board(server, server.code)
        assert [(e["player"], e["rank"]) for e in entries] == [("Вера", 1)]
