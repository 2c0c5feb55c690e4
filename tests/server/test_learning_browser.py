"""The trainer's page in a real Chromium: a session's group, uploaded with their answers (predictions, lesson checks
before and after, reflections), shows its lessons weakest first with the evidence behind each, each participant's
lessons, and the reflections; the learning CSV downloads. Photographed to OUT_DIR/learning-trainer-*.png."""
from __future__ import annotations

import json
import urllib.request

import pytest
from server_helpers import body

from simulator.scenario import load_file
from tests.browser import chromium
from tests.learning_play import scripted_session
from tests.live_server import ROOT, TOKEN, LiveServer
from tests.outputs import OUT_DIR

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
PEOPLE = (("Анна", "right", "right", "balanced", "Позвоню каждому, у кого продление, в первый месяц"),
          ("Борис", "wrong", "wrong", "greedy", "Снижу наценку"),
          ('<img src=x onerror="window.__pwned=1">', "alternate", "right", "discounter", "<b>bold</b>"))


def upload(server: LiveServer, data: bytes) -> dict:
    request = urllib.request.Request(f"{server.url}/api/sessions/{server.code}/replays", data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201
        return json.loads(response.read())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_trainer_page_lists_the_groups_lessons_weakest_first_with_evidence(tmp_path, lang):
    executable = chromium()
    from playwright.sync_api import sync_playwright

    scenario = load_file(ROOT / "scenarios" / "certification.yaml")
    with LiveServer(tmp_path / "board.sqlite3", session="certification", seed=5, group="Москва-1") as server, \
            sync_playwright() as playwright:
        for name, predict, post, bot, note in PEOPLE:
            session = scripted_session(scenario, 5, name, "Москва-1", predict=predict, pre="wrong", post=post,
                                       strategy=bot, reflection=note)
            upload(server, body(session.replay()))
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(f"{server.url}/trainer?lang={lang}")
            page.fill("#token", TOKEN)
            page.click("#use")
            page.wait_for_selector(f"#sessions tr[data-code='{server.code}']", timeout=10_000)
            page.click(f"#learning-{server.code}")
            page.wait_for_selector("#lessons tr", timeout=60_000)
            rows = page.locator("#lessons tr")
            assert rows.count() >= 4
            levels = [int(rows.nth(k).locator("td").nth(1).inner_text().rstrip("%").replace("\u00a0", ""))
                      for k in range(rows.count())]
            assert levels == sorted(levels), levels                    # the weakest lesson first
            first = rows.nth(0).inner_text()
            assert "→" in first or "/" in first                         # its evidence: checks or predictions
            assert rows.nth(0).locator("li").count() >= 1 or "/" in first
            people = page.inner_text("#people")
            assert "Анна" in people and "Борис" in people
            notes = page.inner_text("#reflections")
            assert "Позвоню каждому" in notes and "<b>bold</b>" in notes   # shown as text, never as markup
            page.screenshot(path=str(OUT_DIR / f"learning-trainer-{lang}.png"), full_page=True)
            assert page.evaluate("window.__pwned") is None
            csv_text = page.evaluate(f"fetch('/api/sessions/{server.code}/learning.csv').then(r => r.text())")
            assert csv_text.lstrip("\ufeff").startswith("player,group,lesson,level")
            assert "Анна" in csv_text and "'=" not in csv_text
        finally:
            browser.close()


def test_the_learning_api_is_the_trainers_only(tmp_path):
    with LiveServer(tmp_path / "board.sqlite3", session="certification", seed=5, group="G") as server:
        for suffix in ("learning", "learning.csv"):
            try:
                urllib.request.urlopen(f"{server.url}/api/sessions/{server.code}/{suffix}", timeout=30)
                raise AssertionError("answered without the trainer")
            except urllib.error.HTTPError as exc:
                assert exc.code == 401
        request = urllib.request.Request(f"{server.url}/api/sessions/{server.code}/learning", headers=server.headers())
        with urllib.request.urlopen(request, timeout=60) as response:
            assert json.loads(response.read()) == {"lessons": [], "participants": [], "reflections": []}
