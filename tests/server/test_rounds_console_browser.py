"""A rounds session run from the trainer's console in real Chromium, the participants' games talking to a real
``serve --rounds`` through the game's client (issue 26 items 3-4): three people, two rounds in lockstep, a price war
injected from the console's menu, results revealed by the trainer, every replay verified with the injected event.
The console is photographed in both languages (screenshots/out/rounds-console-*.png; docs/rounds/ with
UPDATE_SCREENSHOTS=1)."""
from __future__ import annotations

import json
import os
import shutil
import urllib.request

import pytest

from simulator.engine import Game, MonthPlan, inject
from simulator.scenario import load_file
from simulator.store.replay import Replay
from simulator.store.rounds_client import RoundsClient, RoundsRefused
from simulator.strategies import STRATEGIES
from tests.browser import chromium
from tests.live_server import ROOT, TOKEN, LiveServer
from tests.outputs import OUT_DIR

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
HOSTILE = '<img src=x onerror="window.__pwned=1">'
NAMES = ["Анна", "Борис", HOSTILE]
SEED = 42


def _plan(game: Game, k: int) -> MonthPlan:
    plan = STRATEGIES["balanced"].make_plan(game)
    markups = {p.id: round(p.markup.min + (p.markup.max - p.markup.min) * (0.3 + 0.2 * k), 4)
               for p in game.scenario.products if not p.markup.fixed}
    return MonthPlan(markups=markups, touches=plan.touches, offers=plan.offers)


def _upload(server: LiveServer, rep: Replay) -> dict:
    request = urllib.request.Request(f"{server.url}/api/sessions/{server.code}/replays", data=rep.dumps().encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201
        return json.loads(response.read())


def test_a_trainer_runs_two_rounds_from_the_console_with_an_injected_event(tmp_path):
    executable = chromium()
    from playwright.sync_api import sync_playwright

    scenario = load_file(ROOT / "scenarios" / "tax-law.yaml")
    with LiveServer(tmp_path / "rounds.sqlite3", "--rounds", session="tax-law", seed=SEED, group="Казань") as server, \
            sync_playwright() as playwright:
        assert any(f"/trainer/{server.code}" in line for line in server.lines)  # serve prints the console's address
        clients = {name: RoundsClient(server.url, server.code) for name in NAMES}
        tokens = {name: clients[name].join(name) for name in NAMES}
        with pytest.raises(RoundsRefused) as taken:
            clients["Анна"].join("Анна")
        assert taken.value.code == "name_taken"
        games = {name: Game(scenario, SEED) for name in NAMES}

        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            room = browser.new_page(viewport={"width": 1280, "height": 720})   # the board on the room's projector
            room.goto(f"{server.url}/board/{server.code}?lang=en")
            room.wait_for_function("() => document.querySelector('#round').innerText.includes('the trainer opens')",
                                   timeout=10_000)
            page.goto(f"{server.url}/trainer/{server.code}?lang=en")
            page.wait_for_selector("#login:not([hidden])", timeout=10_000)  # the levers need the login
            page.fill("#token", TOKEN)
            page.click("#use")
            page.wait_for_selector("#people tr", timeout=10_000)
            assert page.inner_text("#phase") == "Not started yet"
            assert page.is_disabled("#close") and page.is_disabled("#reveal") and not page.is_disabled("#open")

            for month in (1, 2):
                if month == 2:  # a price war for month 2, from the console's menu, while month 1's results show
                    page.select_option("#lever", "price_war")
                    page.select_option("#target", scenario.products[0].id)
                    page.fill("#strength", "0.8")
                    page.click("#inject")
                    page.wait_for_selector("#injected li", timeout=10_000)
                    assert "Month 2: Price war" in page.inner_text("#injected")
                page.click("#open")
                page.wait_for_function(f"() => document.querySelector('#phase').innerText.includes('Month {month} is open')",
                                       timeout=10_000)
                view = clients["Анна"].round()
                assert view.may_plan(month) and not view.resolved(month)
                for k, name in enumerate(NAMES):
                    news = clients[name].round().news(games[name])
                    if news:
                        games[name] = inject(games[name], news)
                    plan = games[name].as_recorded(_plan(games[name], k))
                    assert clients[name].send_plan(month, tokens[name], plan)["late"] is False
                    if k == 1:  # two of three in: the console counts them and names who is still out
                        page.wait_for_function("() => document.querySelector('#count').innerText.includes('2 of 3')",
                                               timeout=10_000)
                        room.wait_for_function(
                            f"() => document.querySelector('#round').innerText.startsWith('Month {month} of 12: plan now')"
                            " && document.querySelector('#round').innerText.includes('plans in: 2 of 3')", timeout=10_000)
                        if month == 2:
                            page.screenshot(path=str(OUT_DIR / "rounds-console-en.png"), full_page=True)
                            room.screenshot(path=str(OUT_DIR / "rounds-board-en.png"))
                assert not clients["Борис"].round().resolved(month)
                page.click("#close")
                page.wait_for_function(f"() => document.querySelector('#phase').innerText.includes('Month {month} is closed')",
                                       timeout=10_000)
                for k, name in enumerate(NAMES):
                    view = clients[name].round()
                    assert view.resolved(month) and not view.shown(month)
                    games[name].play_month(games[name].as_recorded(_plan(games[name], k)))
                page.click("#reveal")
                page.wait_for_function(f"() => document.querySelector('#phase').innerText.includes('Month {month}: results')",
                                       timeout=10_000)
                assert all(clients[n].round().shown(month) for n in NAMES)
                room.wait_for_function(f"() => document.querySelector('#round').innerText == 'Month {month} of 12: "
                                       "results shown'", timeout=10_000)

            # The same console in Russian, month 2 revealed, then the rest of the game at each one's own pace
            page.goto(f"{server.url}/trainer/{server.code}?lang=ru")
            page.wait_for_function("() => document.querySelector('#phase').innerText.includes('Месяц 2')", timeout=10_000)
            page.wait_for_selector("#lever option", state="attached", timeout=10_000)
            assert "Планы прислали: 3 из 3" in page.inner_text("#count")
            assert "Ценовая война" in page.inner_text("#injected")
            page.screenshot(path=str(OUT_DIR / "rounds-console-ru.png"), full_page=True)
            assert page.evaluate("window.__pwned") is None
            assert HOSTILE in page.inner_text("#people")  # a name is text, never markup
        finally:
            browser.close()

        assert "live-2-1" in games["Анна"].reports[1].events
        for k, name in enumerate(NAMES):
            game = games[name]
            while not game.finished:
                game.play_month(_plan(game, k))
            rep = Replay.from_game(game, name, "", finished_at="2026-12-06T12:00:00Z")
            assert [e.id for e in rep.injected] == ["live-2-1"]
            answer = _upload(server, rep)
            assert answer["entry"]["score"] == pytest.approx(game.result().score)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        for lang in ("en", "ru"):
            shutil.copyfile(OUT_DIR / f"rounds-console-{lang}.png", ROOT / "docs" / "rounds" / f"console-{lang}.png")
