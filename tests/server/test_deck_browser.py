"""The debrief deck in a real browser (Debian's Chromium through Playwright): every slide fits the screen at 1024x768,
1280x720, 1920x1080 and 3840x2160 in both languages (no slide runs past the bottom, no text past the edge), the
keyboard steps through it, and the slide's number is in the address. Screenshots go to the test output folder
(``UPDATE_SCREENSHOTS=1`` copies the reviewed set to docs/deck/)."""
from __future__ import annotations

import os
import shutil

import pytest

from simulator.engine import MonthPlan
from simulator.scenario import load_file
from simulator.store import teams
from simulator.store.deck import build_deck
from simulator.store.deck_html import write_deck
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay
from simulator.strategies import PROBES, STRATEGIES, play
from tests.browser import chromium
from tests.live_server import ROOT
from tests.outputs import OUT_DIR

pytestmark = [pytest.mark.timeout(420), pytest.mark.slow]

FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SIZES = [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)]
DOCS = ROOT / "docs" / "deck"
KEPT = {("ru", 1280, 720, k) for k in (2, 3, 4, 5, 6, 7, 14)} | {("en", 1920, 1080, k) for k in (3, 5, 8)}
ROOM = [("Анна Петрова", "greedy"), ("<b>Борис</b>", "passive"), ("Вера Константинопольская-Завьялова", "discounter"),
        ("Глеб", "spammer"), ("Дарья", "late_start"), ("Евгений", "harvest")]

FITS = """() => {
  const s = document.querySelector('.slide.on');
  const out = [...s.querySelectorAll('h1,h2,p,li,th,td,svg')].filter(e => {
    const r = e.getBoundingClientRect(); return r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1; })
    .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 30));
  return {over: s.scrollHeight > s.clientHeight + 1, outside: out, fit: Number(s.dataset.fit), slide: document.body.dataset.slide};
}"""


def room(db, certification) -> None:
    with Leaderboard.open(db, create=True) as lb:
        for name, strategy in ROOM:
            bot = STRATEGIES.get(strategy) or PROBES[strategy]  # what a person might play: a probe, not a reference
            lb.add_replay(Replay.from_game(play(certification, 42, bot), player=name, group="Москва-1"))
        for name, strategy in (("Ким", "balanced"), ("Лев", "greedy"), ("Мира", "passive")):
            lb.add_replay(Replay.from_game(play(certification, 7, STRATEGIES[strategy]), player=name, group="Казань"))
        # A team's month-by-month proposals, for the team slide (the store as the server keeps it).
        teams.join_team(lb, "ROOMCODE", "Альфа", "Анна Петрова")
        teams.join_team(lb, "ROOMCODE", "Альфа", "Глеб")
        empty = MonthPlan(markups={}, touches=(), offers=()).to_json()
        for month in range(1, 7):
            for member in ("Анна Петрова", "Глеб"):
                teams.propose(lb, "ROOMCODE", "Альфа", month, member, empty)
            teams.choose(lb, "ROOMCODE", "Альфа", month, ("Анна Петрова", "Глеб")[month % 2], "Глеб")


def test_every_slide_fits_every_projector_in_both_languages_and_the_keyboard_steps_through(tmp_path):
    executable = chromium()
    from playwright.sync_api import sync_playwright

    certification = load_file(ROOT / "scenarios" / "certification.yaml")
    db = tmp_path / "board.sqlite3"
    room(db, certification)
    files = {}
    with Leaderboard.open(db) as lb:
        deck = teams.team_reviews(lb, "ROOMCODE", build_deck(lb, "certification", "Москва-1", 42))
    for lang in ("en", "ru"):
        files[lang] = tmp_path / f"deck-{lang}.html"
        write_deck(files[lang], deck, lang)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            for lang in ("en", "ru"):
                for width, height in SIZES:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(files[lang].as_uri())
                    total = page.locator(".slide").count()
                    assert total == 5 + 1 + 7 + 1  # title..pay, the team, a lesson each, the cohort
                    for k in range(1, total + 1):
                        seen = page.evaluate(FITS)
                        where = f"{lang} {width}x{height} slide {k}"
                        assert seen["slide"] == str(k), where
                        if seen["over"]:
                            problems.append(f"{where}: runs past the bottom")
                        if seen["outside"]:
                            problems.append(f"{where}: off the screen: {seen['outside']}")
                        if seen["fit"] < 60:
                            problems.append(f"{where}: type shrunk to {seen['fit']}% to fit")
                        page.screenshot(path=str(OUT_DIR / f"deck-{lang}-{width}x{height}-{k}.png"))
                        page.keyboard.press("ArrowRight")
                    assert page.evaluate("document.body.dataset.slide") == str(total)  # the last one stays
                    page.keyboard.press("Home")
                    assert page.evaluate("location.hash") == "#1"
                    page.keyboard.press("End")
                    page.keyboard.press("PageUp")
                    assert page.evaluate("document.body.dataset.slide") == str(total - 1)
                    page.close()
            # A reload stays on its slide (the number is in the address).
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(files["ru"].as_uri() + "#4")
            assert page.evaluate("document.body.dataset.slide") == "4"
            assert "Частые ошибки" in page.inner_text(".slide.on")
            page.close()
        finally:
            browser.close()
    assert problems == []
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for lang, w, h, k in KEPT:
            shutil.copyfile(OUT_DIR / f"deck-{lang}-{w}x{h}-{k}.png", DOCS / f"deck-{lang}-{w}x{h}-{k}.png")


def test_the_deck_screenshots_in_the_docs_are_the_reviewed_set():
    assert {p.name for p in DOCS.glob("*.png")} == {f"deck-{lang}-{w}x{h}-{k}.png" for lang, w, h, k in KEPT}
