"""A whole workshop session (issue 26's "Done when"), against a real ``serve --rounds`` and in real Chromium:
three participants join from the line ``serve`` printed, two of them as a team of two; two rounds in lockstep run
from the trainer's console with a price war injected from its menu; the results revealed; the rest played at each
desk's own pace; the games sent; the board ranks the team with its members; the trainer's page makes the debrief
deck; every replay verifies with the injected event.

The participants' games are the engine driven through the game's own clients (the join command, the rounds client,
the team client): one process holds one game window, so the windows themselves are tested apart (tests/ui)."""
from __future__ import annotations

import json
import os
import re
import shutil
import urllib.request
from dataclasses import replace

import pytest

from simulator.cli import main
from simulator.engine import Game, MonthPlan, inject
from simulator.scenario import load_file
from simulator.store.kinds import kind_of
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay
from simulator.store.rounds_client import RoundsClient
from simulator.store.team_client import TeamSeat
from simulator.strategies import STRATEGIES
from tests.browser import chromium
from tests.live_server import ROOT, TOKEN, LiveServer
from tests.outputs import OUT_DIR

pytestmark = [pytest.mark.timeout(600), pytest.mark.slow]

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SEED = 42
TEAM, MEMBERS, ALONE = "Альфа", ("Анна", "Борис"), "Вера"
DOCS = ROOT / "docs" / "workshop"
SHOTS = ["session-board-en.png", "session-board-ru.png", "session-deck-forks-ru.png", "session-deck-team-en.png"]


def own_plan(game: Game, style: float) -> MonthPlan:
    """A person's plan: the reference's contacts at their own prices (``style`` picks where in the band)."""
    plan = STRATEGIES["balanced"].make_plan(game)
    markups = {p.id: round(p.markup.min + (p.markup.max - p.markup.min) * style, 4)
               for p in game.scenario.products if not p.markup.fixed}
    return game.as_recorded(MonthPlan(markups=markups, touches=plan.touches, offers=plan.offers))


def post(url: str, body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_a_whole_workshop_session(tmp_path, monkeypatch):
    executable = chromium()
    from playwright.sync_api import sync_playwright

    scenario = load_file(ROOT / "scenarios" / "tax-law.yaml")
    db = tmp_path / "workshop.sqlite3"
    with LiveServer(db, "--rounds", session="tax-law", seed=SEED, group="Москва-1") as server, \
            sync_playwright() as playwright:
        # --- joining from the printed line --------------------------------------------------------------------
        line = re.search(r"participants: (python main\.py join \S+)", "".join(server.lines)).group(1)
        joined = {}
        monkeypatch.setattr("simulator.ui.app.run_game", lambda path, **options: joined.update(
            {options["player"]: (path, options)}) or 0)
        for name in (*MEMBERS, ALONE):
            extra = ["--team", TEAM] if name in MEMBERS else []
            assert main(line.split()[2:] + ["--player", name, *extra]) == 0
        for name, (path, options) in joined.items():
            assert path.name == "tax-law.yaml" and options["seed"] == SEED and options["group"] == "Москва-1"
            assert options["code"] == server.code and options["team"] == (TEAM if name in MEMBERS else None)
        rounds = {name: RoundsClient(server.url, server.code) for name in joined}
        tokens = {name: rounds[name].join(name) for name in joined}
        seats = {name: TeamSeat(server.url, server.code, TEAM, name) for name in MEMBERS}
        assert [seat.join() for seat in seats.values()][-1] == list(MEMBERS)  # a team of two
        team_game, alone_game = Game(scenario, SEED), Game(scenario, SEED)

        def team_month(month: int, chooser: str, chosen: str) -> MonthPlan:
            """Each member proposes from their own window (a different price), the team takes one."""
            for k, seat in enumerate(seats.values()):
                seat.propose(month, own_plan(team_game, 0.25 + 0.3 * k))
            taken = seats[chooser].choose(month, chosen)
            assert taken.chosen == chosen and len(taken.proposals) == 2
            plan = taken.plan_of(chosen)
            assert plan is not None
            return plan

        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            console = browser.new_page(viewport={"width": 1280, "height": 900})
            console.goto(f"{server.url}/trainer/{server.code}?lang=en")
            console.wait_for_selector("#login:not([hidden])", timeout=10_000)
            console.fill("#token", TOKEN)
            console.click("#use")
            console.wait_for_selector("#people tr", timeout=10_000)

            # --- two rounds in lockstep, a price war injected for month 2 ------------------------------------
            for month in (1, 2):
                if month == 2:
                    console.select_option("#lever", "price_war")
                    console.select_option("#target", scenario.products[0].id)
                    console.fill("#strength", "0.8")
                    console.click("#inject")
                    console.wait_for_selector("#injected li", timeout=10_000)
                console.click("#open")
                console.wait_for_function(
                    f"() => document.querySelector('#phase').innerText.includes('Month {month} is open')", timeout=10_000)
                news = rounds[ALONE].round().news(team_game)
                if news:  # every desk takes the trainer's event in before planning
                    team_game, alone_game = inject(team_game, news), inject(alone_game, news)
                plan = team_month(month, chooser=MEMBERS[month % 2], chosen=MEMBERS[month - 1])
                for name in MEMBERS:  # every window of the team sends the team's plan
                    rounds[name].send_plan(month, tokens[name], plan)
                rounds[ALONE].send_plan(month, tokens[ALONE], own_plan(alone_game, 0.6))
                console.wait_for_function("() => document.querySelector('#count').innerText.includes('3 of 3')",
                                          timeout=10_000)
                assert not rounds[ALONE].round().resolved(month)
                console.click("#close")
                console.wait_for_function(
                    f"() => document.querySelector('#phase').innerText.includes('Month {month} is closed')",
                    timeout=10_000)
                assert rounds[MEMBERS[0]].round().resolved(month) and not rounds[ALONE].round().shown(month)
                team_game.play_month(plan)
                alone_game.play_month(own_plan(alone_game, 0.6))
                console.click("#reveal")  # results revealed
                console.wait_for_function(
                    f"() => document.querySelector('#phase').innerText.includes('Month {month}: results')",
                    timeout=10_000)
                assert all(r.round().shown(month) for r in rounds.values())
            assert [e.id for e in team_game.injected] == ["live-2-1"]

            # --- the rest at each desk's own pace; the games sent -------------------------------------------
            while not team_game.finished:
                month = team_game.month + 1
                team_game.play_month(team_month(month, chooser=MEMBERS[0], chosen=MEMBERS[month % 2]))
            while not alone_game.finished:
                alone_game.play_month(own_plan(alone_game, 0.6))
            record = seats[MEMBERS[1]].record()
            team_replay = Replay.from_game(team_game, TEAM, "Москва-1")
            team_replay = replace(team_replay, team=record)
            uploads = f"{server.url}/api/sessions/{server.code}/replays"
            status, answer = post(uploads, team_replay.dumps().encode())
            assert status == 201, answer
            assert post(uploads, team_replay.dumps().encode())[0] == 200  # the other member's window: ranked once
            status, answer = post(uploads, Replay.from_game(alone_game, ALONE, "Москва-1").dumps().encode())
            assert status == 201, answer

            # --- the board ranks the team with its members ---------------------------------------------------
            for lang, who in (("en", "Альфа (Анна, Борис)"), ("ru", "Альфа (Анна, Борис)")):
                board = browser.new_page(viewport={"width": 1280, "height": 720})
                board.goto(f"{server.url}/board/{server.code}?lang={lang}&theme=light")
                board.wait_for_function("() => document.querySelectorAll('#rows tr').length === 2", timeout=10_000)
                assert who in board.inner_text("#rows")
                board.screenshot(path=str(OUT_DIR / f"session-board-{lang}.png"))
                board.close()

            # --- the debrief deck from the trainer's page ----------------------------------------------------
            for lang, team_words in (("en", "Team Альфа: who proposed what"), ("ru", "Команда Альфа: кто что предложил")):
                trainer = browser.new_page(viewport={"width": 1280, "height": 720})
                trainer.goto(f"{server.url}/trainer?lang={lang}")
                trainer.fill("#token", TOKEN)
                trainer.click("#use")
                trainer.wait_for_selector(f"#deck-{server.code}", timeout=10_000)
                trainer.click(f"#deck-{server.code}")  # the deck opens in the same tab
                deck = trainer
                deck.wait_for_selector(".slide.on", timeout=120_000)  # built on the server: every fork re-simulated
                slides = deck.locator(".slide").count()
                texts = [deck.inner_text(f"#s{k}") for k in range(1, slides + 1)]
                assert any(team_words in text for text in texts)
                deck.keyboard.press("ArrowRight")
                deck.keyboard.press("ArrowRight")
                assert deck.evaluate("document.body.dataset.slide") == "3"
                if lang == "ru":
                    deck.screenshot(path=str(OUT_DIR / "session-deck-forks-ru.png"))
                else:
                    team_slide = next(k for k, text in enumerate(texts, 1) if team_words in text)
                    deck.keyboard.press("Home")
                    for _ in range(team_slide - 1):
                        deck.keyboard.press("ArrowRight")
                    deck.screenshot(path=str(OUT_DIR / "session-deck-team-en.png"))
                trainer.close()
        finally:
            browser.close()

    # --- every replay verifies, with the injected event -----------------------------------------------------
    with Leaderboard.open(db) as lb:
        board = lb.rankings(scenario_id="tax-law", group="Москва-1", seed=SEED)[0]
        assert sorted(e.player for e in board.entries) == sorted([TEAM, ALONE])
        for entry in board.entries:
            stored = lb.replay(entry.id)
            assert [e.id for e in stored.injected] == ["live-2-1"]
            game = kind_of(stored).verify(stored, lb.scenario_for(stored))
            assert game.result().score == pytest.approx(entry.score)
            if entry.player == TEAM:
                assert stored.team is not None and stored.team.members == MEMBERS
                assert [m.chosen for m in stored.team.months][:2] == list(MEMBERS)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for name in SHOTS:
            shutil.copyfile(OUT_DIR / name, DOCS / name)

