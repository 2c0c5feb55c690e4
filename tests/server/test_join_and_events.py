"""Joining a session (the join page, the board's join address and QR code, the page language) and the board's
server-sent events."""
from __future__ import annotations

import json
import threading
import time

import pytest
from server_helpers import body, trainer, variant_replay

from tests.server.conftest import running

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def app(tmp_path_factory, tiny_path):
    with running(tmp_path_factory.mktemp("join") / "board.sqlite3", tiny_path, workers=1, event_seconds=3.0,
                 event_check=0.1, public_url="http://192.168.7.20:8765") as client:
        yield client


def session(client, group: str) -> str:
    r = client.post("/api/sessions", json={"scenario": "tiny-test", "seed": 7, "group": group}, headers=trainer())
    assert r.status_code == 201, r.text
    return r.json()["code"]


def events(text: str) -> list[dict]:
    return [json.loads(line[len("data: "):]) for line in text.splitlines() if line.startswith("data: ")]


def test_the_board_pushes_each_change_as_an_event(app, tiny):
    code = session(app, "Events")
    uploaded = app.post(f"/api/sessions/{code}/replays", content=body(variant_replay(tiny, 7, 1, "Анна")),
                        headers={"Content-Type": "application/json"})
    assert uploaded.status_code == 201, uploaded.text
    entry = uploaded.json()["entry"]["id"]
    answers = []

    def hide_soon():  # the trainer takes the game off the board while the projector listens
        time.sleep(0.3)
        answers.append(app.post(f"/api/entries/{entry}/hide", json={"hidden": True}, headers=trainer()))

    changer = threading.Thread(target=hide_soon)
    changer.start()
    started = time.monotonic()
    r = app.get(f"/api/sessions/{code}/events?lang=en")
    changer.join()
    assert answers[0].status_code == 200, answers[0].text
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    assert r.text.startswith("retry: ") and time.monotonic() - started < 30  # the stream ends; the browser reconnects
    pushed = events(r.text)
    counts = [len(e["entries"]) for e in pushed]  # the board at once, then each time it changed
    assert counts[0] == 1 and counts[-1] == 0 and pushed[0]["entries"][0]["player"] == "Анна"
    assert all(a != b for a, b in zip(pushed, pushed[1:]))  # nothing is sent twice
    assert pushed[-1] == app.get(f"/api/sessions/{code}/board?lang=en").json()


def test_events_refuse_an_unknown_code_or_kpi_as_the_board_does(app):
    assert app.get("/api/sessions/NOSUCHCODE/events").status_code == 404
    code = session(app, "Events-2")
    assert app.get(f"/api/sessions/{code}/events?kpi=nonsense").json()["code"] == "bad_request"


def test_the_board_shows_the_join_address_for_other_laptops_and_its_qr_code(app):
    code = session(app, "Join")
    page = app.get(f"/board/{code}?lang=en").text  # the test client asks as `testserver`, a name others can use
    assert f'href="http://testserver/join/{code}"' in page and '<svg role="img" aria-label="Join this session"' in page
    local = app.get(f"/board/{code}?lang=en", headers={"Host": "127.0.0.1:8765"}).text
    assert f"http://192.168.7.20:8765/join/{code}" in local and "127.0.0.1:8765/join" not in local  # serve's address


def test_the_join_page_gives_the_one_line_and_the_same_by_hand(app):
    code = session(app, "Join-2")
    page = app.get(f"/join/{code}?lang=en", headers={"Host": "127.0.0.1:8765"}).text
    assert f"python main.py join http://192.168.7.20:8765/join/{code}" in page
    assert "the join code " + code in page and "seed 7" in page and "<svg" in page
    assert app.get("/join/NOSUCHCODE").status_code == 404


@pytest.mark.parametrize("header, lang", [("en-GB,en;q=0.9", "en"), ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
                                          ("de-DE,de;q=0.9,en;q=0.5", "en"), ("de-DE", "ru"), ("", "ru")])
def test_pages_open_in_the_browsers_language_with_a_switch(app, header, lang):
    code = session(app, f"Lang-{lang}-{len(header)}")
    for url in ("/", f"/board/{code}", f"/join/{code}", "/trainer"):
        page = app.get(url, headers={"Accept-Language": header}).text
        assert f'<html lang="{lang}">' in page, url
        assert ("Русский" if lang == "en" else "English") in page, url  # the switch to the other language
    assert '<html lang="en">' in app.get(f"/board/{code}?lang=en", headers={"Accept-Language": "ru"}).text


def test_the_board_says_seed_as_the_game_does(app):
    from simulator.locale.catalogue import section

    code = session(app, "Words")
    page = app.get(f"/board/{code}?lang=ru").text
    game_word = section("ru", "brief.")["facts_line"].split("·")[-1].split("{")[0].strip()  # "партия"
    assert f"{game_word} 7" in page and "зерно" not in page
