"""The live board on any projector, in a real browser (Debian's Chromium through Playwright, as
test_live_board_browser.py): no overlapping boxes, no cut column headings and nothing off the screen at 1024x768, 1280x720, 1920x1080 and
3840x2160 in both languages, with more players than a screen holds (paged); updates pushed by server-sent events,
polling as the fallback; light and dark themes. Screenshots go to the test output folder (``UPDATE_SCREENSHOTS=1``
copies the reviewed set to docs/board/)."""
from __future__ import annotations

import os
import shutil
import time
import urllib.request

import pytest

from simulator.engine import MonthPlan, replay as replay_plans
from simulator.scenario import load_file
from simulator.store.replay import Replay
from simulator.strategies import STRATEGIES, play
from tests.browser import chromium
from tests.live_server import ROOT, LiveServer
from tests.outputs import OUT_DIR

pytestmark = [pytest.mark.timeout(420), pytest.mark.slow]

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SIZES = [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)]
PLAYERS = 36
NAMES = ["Анна Петрова", "Борис", "Вера Константинопольская-Завьялова", "Глеб", "Дарья", "Евгений", "Жанна",
         "Захар", "Ирина", "Константин Константинопольский", "Лариса", "Максим"]
DOCS = ROOT / "docs" / "board"
KEPT = {("en", 1024, 768, "dark"), ("ru", 1280, 720, "light"), ("ru", 1920, 1080, "dark"), ("en", 1920, 1080, "dark"),
        ("ru", 3840, 2160, "dark")}

# Every box a person reads; two of them must never overlap (unless one holds the other), nor leave the screen.
BOXES = """() => {
  const sel = ['h1', '.sub', '.join .label', '.join .code', '.url', '.controls label', '#theme', '#language',
               '#pager', '#board thead', '#rows tr:not(.off)', '.figure', '#left_out', '.stats h2', '.chart',
               '.qr svg', '.qr figcaption', '#status', '#empty', '#chart text'];
  const out = [], els = [];
  for (const s of sel) for (const el of document.querySelectorAll(s)) {
    const r = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (el.hidden || style.display === 'none' || style.visibility === 'hidden' || r.width === 0 || r.height === 0) continue;
    out.push({sel: s, text: (el.textContent || '').slice(0, 40), x: r.left, y: r.top, r: r.right, b: r.bottom});
    els.push(el);
  }
  const nested = [];  // pairs of which one holds the other (a chart and its labels): not an overlap
  els.forEach((a, i) => els.forEach((b, j) => { if (i < j && (a.contains(b) || b.contains(a))) nested.push([i, j]); }));
  const wrap = document.getElementById('wrap').getBoundingClientRect();
  return {boxes: out, nested, w: innerWidth, h: innerHeight, sw: document.documentElement.scrollWidth,
          sh: document.documentElement.scrollHeight, wrap: {y: wrap.top, b: wrap.bottom},
          numbers_cut: [...document.querySelectorAll('.figure b, .join .code')].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent),
          heads_cut: [...document.querySelectorAll('#board th')].filter(e => getComputedStyle(e).display !== 'none'
                       && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent),
          pages: Number(document.body.dataset.pages || 1), shown: document.querySelectorAll('#rows tr:not(.off)').length};
}"""


def games(scenario, seed: int, n: int) -> list[Replay]:
    """``n`` distinct people's games on ``seed`` (the balanced bot's contacts, each with its own prices)."""
    base = play(scenario, seed, STRATEGIES["balanced"])
    out = []
    for k in range(n):
        plans = [MonthPlan(markups={p.id: round(p.markup.min + (p.markup.max - p.markup.min)
                                                * ((k * 0.029 + t * 0.013 + 0.05) % 1.0), 4)
                                    for p in scenario.products}, touches=plan.touches, offers=plan.offers)
                 for t, plan in enumerate(base.plans)]
        name = f"{NAMES[k % len(NAMES)]} {k // len(NAMES) + 1}" if k >= len(NAMES) else NAMES[k]
        out.append(Replay.from_game(replay_plans(scenario, seed, plans), player=name,
                                    finished_at="2026-11-30T10:00:00Z"))
    return out


def post(server: LiveServer, rep: Replay) -> None:
    request = urllib.request.Request(f"{server.url}/api/sessions/{server.code}/replays", method="POST",
                                     data=rep.dumps().encode("utf-8"), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201, response.read()


def overlaps(boxes: list[dict], nested: list[list[int]]) -> list[str]:
    found, apart = [], {tuple(pair) for pair in nested}
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes[i + 1:], start=i + 1):
            if (i, j) not in apart and min(a["r"], b["r"]) - max(a["x"], b["x"]) > 0.5 and min(a["b"], b["b"]) - max(a["y"], b["y"]) > 0.5:
                found.append(f"{a['sel']} «{a['text']}» overlaps {b['sel']} «{b['text']}»")
    return found


def test_the_board_fits_every_projector_in_both_languages_pushes_updates_and_has_two_themes(tmp_path):
    executable = chromium()  # skips (or fails under SALESDESK_REQUIRE_BROWSER=1) without a browser
    from playwright.sync_api import sync_playwright

    tutorial = load_file(ROOT / "scenarios" / "tutorial.yaml")
    people = games(tutorial, 4, PLAYERS + 1)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with LiveServer(tmp_path / "board.sqlite3", session="tutorial", seed=4, group="Москва-1") as server, \
            sync_playwright() as playwright:
        for rep in people[:PLAYERS]:
            post(server, rep)
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            problems = []
            for lang in ("en", "ru"):
                for width, height in SIZES:
                    for theme in ("dark", "light") if (width, height) == (1280, 720) else ("dark",):
                        page = browser.new_page(viewport={"width": width, "height": height})
                        page.goto(f"{server.url}/board/{server.code}?lang={lang}&theme={theme}")
                        page.wait_for_function(f"() => document.querySelectorAll('#rows tr').length === {PLAYERS}",
                                               timeout=10_000)
                        page.wait_for_timeout(2_300)  # the new rows' highlight fades
                        seen = page.evaluate(BOXES)
                        where = f"{lang} {width}x{height} {theme}"
                        problems += [f"{where}: {p}" for p in overlaps(seen["boxes"], seen["nested"])]
                        problems += [f"{where}: {b['sel']} «{b['text']}» leaves the screen" for b in seen["boxes"]
                                     if b["x"] < -0.5 or b["y"] < -0.5 or b["r"] > seen["w"] + 0.5
                                     or b["b"] > seen["h"] + 0.5]
                        problems += [f"{where}: a row is cut by the table's bottom" for b in seen["boxes"]
                                     if b["sel"].startswith("#rows") and b["b"] > seen["wrap"]["b"] + 0.5]
                        if seen["sw"] > seen["w"] or seen["sh"] > seen["h"]:
                            problems.append(f"{where}: the page scrolls ({seen['sw']}x{seen['sh']})")
                        if seen["numbers_cut"]:
                            problems.append(f"{where}: numbers cut: {seen['numbers_cut']}")
                        if seen["heads_cut"]:  # «Лояльно…» at 1280x720 in Russian, before the columns widened
                            problems.append(f"{where}: column headings cut: {seen['heads_cut']}")
                        # Every player is on some page: as many pages as the rows need, the pager says so.
                        assert seen["pages"] == -(-PLAYERS // seen["shown"]), where
                        if seen["pages"] > 1:
                            assert page.inner_text("#pager") == (f"Page 1 of {seen['pages']}" if lang == "en"
                                                                 else f"Страница 1 из {seen['pages']}")
                        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
                        assert background == ("rgb(255, 255, 255)" if theme == "light" else "rgb(15, 27, 45)")
                        name = f"board-{lang}-{width}x{height}-{theme}.png"
                        page.screenshot(path=str(OUT_DIR / name))
                        page.close()
            assert problems == []

            # Pushed, not polled: a new upload reaches the board by server-sent events within 2 s.
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            asked = []
            page.on("request", lambda r: asked.append(r.url) if "/board?" in r.url else None)
            page.goto(f"{server.url}/board/{server.code}?lang=en")
            page.wait_for_function("() => document.body.dataset.transport === 'events'", timeout=10_000)
            assert page.inner_text("#status") == "Live: results arrive as they are sent"
            post(server, people[PLAYERS])
            uploaded = time.monotonic()
            page.wait_for_function(f"() => document.querySelector('#count').textContent === '{PLAYERS + 1}'",
                                   timeout=3_000)
            assert time.monotonic() - uploaded < 2.0 and asked == []
            page.click("#theme")  # the switch: dark to light, remembered by the browser
            assert page.evaluate("document.body.dataset.theme") == "light"
            page.goto(f"{server.url}/board/{server.code}?lang=en")
            assert page.evaluate("document.body.dataset.theme") == "light"
            page.close()

            # The fallback: a browser without EventSource (or ?poll=1) asks once a second instead.
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.add_init_script("delete window.EventSource")
            page.goto(f"{server.url}/board/{server.code}?lang=ru")
            page.wait_for_function("() => document.body.dataset.transport === 'polling'", timeout=10_000)
            assert page.inner_text("#status") == "В прямом эфире: обновляется каждую секунду"
            assert page.locator("#rows tr").count() == PLAYERS + 1
            page.close()

            # The join page the QR code opens: the one line to type, with a button that copies it.
            page = browser.new_page(viewport={"width": 1024, "height": 768})
            page.goto(f"{server.url}/join/{server.code}?lang=ru")
            assert page.inner_text("#line") == f"python main.py join {server.url}/join/{server.code}"
            assert page.locator(".qr svg").count() == 1 and "партия 4" in page.inner_text("body")
            page.screenshot(path=str(OUT_DIR / "join-ru.png"))
            page.close()
        finally:
            browser.close()
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for name in [*(f"board-{lang}-{w}x{h}-{theme}.png" for lang, w, h, theme in KEPT), "join-ru.png"]:
            shutil.copyfile(OUT_DIR / name, DOCS / name)


def test_the_screenshots_in_the_docs_are_the_reviewed_set():
    """The guide shows these; each was looked at (they are refreshed by the test above)."""
    kept = {f"board-{lang}-{w}x{h}-{theme}.png" for lang, w, h, theme in KEPT} | {"join-ru.png"}
    assert {p.name for p in DOCS.glob("*.png")} == kept
