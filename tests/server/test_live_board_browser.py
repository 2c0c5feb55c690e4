"""End to end: `serve` runs, replays are uploaded over HTTP, and a real headless Chromium sees the live board change.

Chromium is Debian's package (/usr/bin/chromium; `.ci/run` installs it), driven by Playwright; no browser is
downloaded. Without it the test skips, unless SALESDESK_REQUIRE_BROWSER=1 (tests/browser.py). The board is photographed to screenshots/out/workshop-board-en.png for review.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import urllib.request

import pytest
from server_helpers import body, variant_replay

from simulator.scenario import load_file
from tests.browser import chromium
from tests.live_server import ROOT, TOKEN, LiveServer
from tests.outputs import OUT_DIR

pytestmark = [pytest.mark.timeout(180), pytest.mark.slow]

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
OUT = OUT_DIR
HOSTILE = '<img src=x onerror="window.__pwned=1">'


def post(server: LiveServer, data: bytes) -> dict:
    request = urllib.request.Request(f"{server.url}/api/sessions/{server.code}/replays", data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201
        return json.loads(response.read())


def test_a_new_upload_appears_on_the_live_board_in_a_real_browser(tmp_path):
    executable = chromium()  # skips (or fails under SALESDESK_REQUIRE_BROWSER=1) without a browser
    from playwright.sync_api import sync_playwright

    tutorial = load_file(ROOT / "scenarios" / "tutorial.yaml")
    with LiveServer(tmp_path / "board.sqlite3", session="tutorial", seed=4, group="Москва-1") as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 900})
            response = page.goto(f"{server.url}/board/{server.code}?lang=en")
            assert "script-src 'sha256-" in response.headers["content-security-policy"]  # our scripts run under it
            page.wait_for_selector("#status:has-text('Live')", timeout=10_000)
            assert page.locator("#rows tr").count() == 0 and page.is_visible("#empty")

            first = post(server, body(variant_replay(tutorial, 4, 1, "Анна Петрова", strategy="balanced")))
            uploaded = time.monotonic()
            page.wait_for_selector(f"#rows tr[data-entry='{first['entry']['id']}']", timeout=2_000)
            assert time.monotonic() - uploaded < 2.0  # on the projector within 2 s, without a reload
            assert page.is_hidden("#empty")
            assert "Анна Петрова" in page.inner_text("#rows")

            for k, name in enumerate(["Борис", HOSTILE, "Вера", "Глеб"], start=2):
                post(server, body(variant_replay(tutorial, 4, k, name, strategy="balanced")))
            page.wait_for_function("() => document.querySelectorAll('#rows tr').length === 5", timeout=5_000)
            assert HOSTILE in page.inner_text("#rows")            # shown as text...
            assert page.evaluate("window.__pwned") is None        # ...never run
            assert page.locator("#rows img").count() == 0
            assert page.inner_text("#count") == "5"
            scores = [float(page.inner_text(f"#rows tr:nth-child({n}) td:nth-child(3)")) for n in range(1, 6)]
            assert scores == sorted(scores, reverse=True)
            assert page.locator("#chart rect").count() >= 2
            OUT.mkdir(parents=True, exist_ok=True)
            page.wait_for_timeout(2_500)  # the new rows' highlight fades first
            page.screenshot(path=str(OUT / "workshop-board-en.png"))

            page.check("#anonymous")
            page.wait_for_function("() => !document.querySelector('#rows').innerText.includes('Анна')", timeout=2_000)
            assert "Participant 1" in page.inner_text("#rows")
            page.select_option("#kpi", "loyalty")
            page.wait_for_function("() => document.querySelector('#value_head').innerText === 'Loyalty'", timeout=2_000)
            assert "%" in page.inner_text("#rows tr:nth-child(1) td:nth-child(3)")

            page.goto(f"{server.url}/entries/{first['entry']['id']}?lang=en")
            assert "Анна Петрова" in page.inner_text("body")
            assert page.locator("table.months tr").count() == tutorial.turns + 1  # a row per month

            # The trainer's page: nothing without the token; with it, hide an entry and it leaves the board.
            trainer = browser.new_page()
            trainer.goto(f"{server.url}/trainer?lang=en")
            trainer.fill("#token", "wrong")
            trainer.click("#use")
            trainer.wait_for_selector("#message:has-text('The token was not accepted.')", timeout=5_000)
            trainer.fill("#token", TOKEN)
            trainer.click("#use")
            trainer.wait_for_selector(f"#sessions tr[data-code='{server.code}']", timeout=5_000)
            trainer.click(f"#entries-{server.code}")
            hostile_row = trainer.locator("#entries tr", has_text="onerror")
            hostile_row.wait_for(timeout=5_000)
            hostile_id = hostile_row.get_attribute("data-entry")
            trainer.click(f"#hide-{hostile_id}")
            trainer.wait_for_function("() => document.querySelectorAll('#entries tr').length === 4", timeout=5_000)
            trainer.screenshot(path=str(OUT / "workshop-trainer-en.png"))
            board = browser.new_page()
            board.goto(f"{server.url}/board/{server.code}?lang=en")
            board.wait_for_function("() => document.querySelectorAll('#rows tr').length === 4", timeout=5_000)
            assert "onerror" not in board.inner_text("#rows")
            assert board.evaluate("window.__pwned") is None and trainer.evaluate("window.__pwned") is None
        finally:
            browser.close()
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(OUT / "workshop-board-en.png", ROOT / "docs" / "workshop-board.png")
