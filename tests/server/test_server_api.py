"""The workshop server's API: sessions, uploads verified and ranked, trainer actions, limits, escaping."""
from __future__ import annotations

import itertools
import statistics

import pytest
from server_helpers import TOKEN, body, tampered, trainer, variant_replay

from simulator.server.openapi import openapi_document
from tests.server.conftest import running

pytestmark = pytest.mark.timeout(120)

# Every test plays its own games: the same decisions are the same game wherever they are uploaded.
GAMES = itertools.count(100)


def open_session(client, scenario="tiny-test", seed=7, group=None) -> str:
    """A new session; its own group, since a board is per scenario, group and seed (sessions of one share it)."""
    group = f"Москва-{next(GAMES)}" if group is None else group
    r = client.post("/api/sessions", json={"scenario": scenario, "seed": seed, "group": group}, headers=trainer())
    assert r.status_code == 201, r.text
    return r.json()["code"]


def upload(client, code, data: bytes):
    return client.post(f"/api/sessions/{code}/replays", content=data, headers={"Content-Type": "application/json"})


def test_uploads_are_verified_ranked_and_on_the_board_with_average_and_spread(server, tiny):
    code = open_session(server)
    replays = [variant_replay(tiny, 7, next(GAMES), f"Игрок {k}", group="laptop setting") for k in range(4)]
    for rep in replays:
        r = upload(server, code, body(rep))
        assert r.status_code == 201, r.text
        assert r.json()["created"] is True
        assert r.json()["entry"]["group"].startswith("Москва-")  # the session decides the group
    data = server.get(f"/api/sessions/{code}/board").json()
    scores = sorted((rep.claimed_score for rep in replays), reverse=True)
    assert [e["score"] for e in data["entries"]] == pytest.approx(scores)
    assert [e["rank"] for e in data["entries"]] == [1, 2, 3, 4]
    assert data["stats"]["count"] == 4
    assert data["stats"]["mean"] == pytest.approx(statistics.fmean(scores))
    assert data["stats"]["stdev"] == pytest.approx(statistics.pstdev(scores))
    assert sum(b["count"] for b in data["stats"]["histogram"]) == 4
    loyalty = server.get(f"/api/sessions/{code}/board?kpi=loyalty").json()
    values = [e["value"] for e in loyalty["entries"]]
    assert values == sorted(values, reverse=True) and loyalty["kpi"] == "loyalty"


def test_the_same_game_twice_is_ranked_once_and_a_colleagues_renamed_copy_is_refused(server, tiny):
    code = open_session(server)
    k = next(GAMES)
    rep = variant_replay(tiny, 7, k, "Анна")
    assert upload(server, code, body(rep)).status_code == 201
    again = upload(server, code, body(rep))
    assert again.status_code == 200 and again.json()["created"] is False
    copy = upload(server, code, body(variant_replay(tiny, 7, k, "Борис")))
    assert copy.status_code == 409 and copy.json()["code"] == "duplicate"
    entries = server.get(f"/api/sessions/{code}/board").json()["entries"]
    assert [e["player"] for e in entries] == ["Анна"]


@pytest.mark.parametrize("make, code_expected", [
    (lambda tiny: tampered(variant_replay(tiny, 7, next(GAMES), "Хитрец")), "score_mismatch"),
    (lambda tiny: body(variant_replay(tiny, 8, next(GAMES), "Другое зерно")), "wrong_session"),
    (lambda tiny: b"{not json", "unreadable"),
    (lambda tiny: b'{"format": "something else"}', "format"),
    (lambda tiny: b"\xff\xfe\x00", "unreadable"),
])
def test_a_bad_upload_is_refused_with_the_reason_and_nothing_is_stored(server, tiny, make, code_expected):
    code = open_session(server)
    r = upload(server, code, make(tiny))
    assert r.status_code == 422
    assert r.json()["code"] == code_expected and r.json()["error"]
    assert server.get(f"/api/sessions/{code}/board").json()["entries"] == []


def test_uploads_need_an_open_session_code(server, tiny):
    rep = body(variant_replay(tiny, 7, next(GAMES), "Вера"))
    missing = upload(server, "NOPE99", rep)
    assert missing.status_code == 404 and missing.json()["code"] == "no_session"
    code = open_session(server)
    assert upload(server, code.lower(), rep).status_code == 201  # a code typed in lower case works
    assert server.post(f"/api/sessions/{code}/close", headers=trainer()).json()["open"] is False
    late = upload(server, code, body(variant_replay(tiny, 7, next(GAMES), "Опоздавший")))
    assert late.status_code == 409 and late.json()["code"] == "session_closed"
    assert len(server.get(f"/api/sessions/{code}/board").json()["entries"]) == 1


def test_trainer_actions_need_the_token_and_nothing_else_is_writable(server, tiny):
    code = open_session(server)
    entry = upload(server, code, body(variant_replay(tiny, 7, next(GAMES), "Глеб"))).json()["entry"]["id"]
    wrong = {"Authorization": "Bearer guess"}
    for method, url in [("post", "/api/sessions"), ("get", "/api/sessions"), ("post", f"/api/sessions/{code}/close"),
                        ("post", f"/api/entries/{entry}/hide"), ("delete", f"/api/entries/{entry}"),
                        ("get", f"/api/sessions/{code}/export.csv"), ("get", f"/api/sessions/{code}/export.html")]:
        for headers in ({}, wrong):
            r = getattr(server, method)(url, headers=headers)
            assert r.status_code == 401, (method, url, r.text)
            assert r.json()["code"] == "trainer_only"
    assert server.get(f"/api/sessions/{code}").json()["open"] is True  # the close above did nothing
    assert server.put(f"/api/sessions/{code}/board").status_code == 405
    assert [e["id"] for e in server.get(f"/api/sessions/{code}/board").json()["entries"]] == [entry]


def test_the_trainer_hides_shows_and_deletes_an_entry(server, tiny):
    code = open_session(server)
    ids = [upload(server, code, body(variant_replay(tiny, 7, next(GAMES), f"P{k}"))).json()["entry"]["id"] for k in (6, 7)]
    board = lambda: [e["id"] for e in server.get(f"/api/sessions/{code}/board").json()["entries"]]  # noqa: E731
    assert sorted(board()) == sorted(ids)
    assert server.post(f"/api/entries/{ids[0]}/hide", headers=trainer()).status_code == 200
    assert board() == [ids[1]]
    assert server.get(f"/entries/{ids[0]}").status_code == 404
    assert server.post(f"/api/entries/{ids[0]}/hide", json={"hidden": False}, headers=trainer()).status_code == 200
    assert sorted(board()) == sorted(ids)
    assert server.delete(f"/api/entries/{ids[1]}", headers=trainer()).status_code == 200
    assert board() == [ids[0]]
    assert server.get(f"/api/entries/{ids[1]}").status_code == 404
    assert server.delete(f"/api/entries/{ids[1]}", headers=trainer()).status_code == 404


HOSTILE = '<img src=x onerror="alert(1)">'


def test_participant_text_is_escaped_in_pages_and_neutralised_in_csv(server, tiny):
    code = open_session(server, group='<script>alert("g")</script>')
    entry = upload(server, code, body(variant_replay(tiny, 7, next(GAMES), HOSTILE))).json()["entry"]["id"]
    formula = upload(server, code, body(variant_replay(tiny, 7, next(GAMES), "=HYPERLINK(\"http://x\",\"y\")"))).json()
    assert formula["entry"]["player"].startswith("=")
    page = server.get(f"/board/{code}").text
    assert "<script>alert(" not in page and "&lt;script&gt;alert(" in page
    review = server.get(f"/entries/{entry}?lang=en")
    assert review.status_code == 200
    assert HOSTILE not in review.text and "&lt;img src=x onerror=" in review.text
    report = server.get(f"/api/sessions/{code}/export.html", headers=trainer()).text
    assert HOSTILE not in report and "&lt;img src=x" in report
    csv = server.get(f"/api/sessions/{code}/export.csv", headers=trainer())
    assert csv.status_code == 200 and csv.text.startswith("\ufeff")
    assert "'=HYPERLINK" in csv.text and ",=HYPERLINK" not in csv.text


def test_the_anonymous_board_sends_no_names(server, tiny):
    code = open_session(server)
    upload(server, code, body(variant_replay(tiny, 7, next(GAMES), "Секретное Имя")))
    named = server.get(f"/api/sessions/{code}/board")
    anonymous = server.get(f"/api/sessions/{code}/board?anonymous=1")
    assert "Секретное Имя" in named.text
    assert "Секретное Имя" not in anonymous.text
    assert anonymous.json()["entries"][0]["player"] is None


def test_bad_requests_get_a_clear_4xx(server):
    assert server.post("/api/sessions", content=b"[1, 2", headers=trainer()).status_code == 400
    unknown = server.post("/api/sessions", json={"scenario": "no-such"}, headers=trainer())
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_scenario"
    assert server.post("/api/sessions", json={"scenario": "tiny-test", "seed": -1}, headers=trainer()).status_code == 422
    assert server.get("/api/sessions/NOPE/board").status_code == 404
    code = open_session(server)
    bad_kpi = server.get(f"/api/sessions/{code}/board?kpi=__class__")
    assert bad_kpi.status_code == 422 and "one of" in bad_kpi.json()["error"]
    assert server.get("/board/NOPE").status_code == 404


def test_an_oversized_upload_is_refused_before_it_is_read(server):
    code = open_session(server)
    r = upload(server, code, b" " * (server.app.state.config.max_upload_bytes + 1))
    assert r.status_code == 413 and r.json()["code"] == "too_large"


def test_uploads_beyond_the_rate_are_told_when_to_retry(tmp_path, tiny_path, tiny):
    with running(tmp_path / "rate.sqlite3", tiny_path, workers=1, uploads_per_minute=6, upload_burst=2) as client:
        code = open_session(client)
        answers = [upload(client, code, body(variant_replay(tiny, 7, next(GAMES), f"R{k}"))) for k in range(3)]
        assert [a.status_code for a in answers] == [201, 201, 429]
        assert answers[2].json()["code"] == "rate_limited" and int(answers[2].headers["Retry-After"]) >= 1


def test_a_replay_that_takes_too_long_is_stopped_and_the_server_carries_on(tmp_path, tiny_path, certification_replay):
    with running(tmp_path / "slow.sqlite3", tiny_path, workers=1, time_limit=0.2) as client:
        code = open_session(client, scenario="certification", seed=42)
        slow = upload(client, code, certification_replay)  # a full certification game: well over 0.2 s to check
        assert slow.status_code == 422 and slow.json()["code"] == "time_limit"
        assert client.app.state.pool.killed == 1
        assert client.get(f"/api/sessions/{code}/board").json()["entries"] == []
        assert client.get("/api/health").json()["ok"] is True


@pytest.fixture(scope="module")
def certification_replay():
    from server_helpers import ROOT

    from simulator.scenario import load_file
    from simulator.store.replay import Replay
    from simulator.strategies import STRATEGIES, play

    scenario = load_file(ROOT / "scenarios" / "certification.yaml")
    return Replay.from_game(play(scenario, 42, STRATEGIES["balanced"]), player="Долгий").dumps().encode("utf-8")


def test_the_openapi_description_covers_every_api_route(server):
    document = server.get("/openapi.json").json()
    assert document == openapi_document() and document["openapi"].startswith("3.")
    described = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops}
    served = set()
    for route in server.app.routes:
        if route.path.startswith("/api/"):
            path = route.path.replace("{entry_id:int}", "{entry_id}").replace("{month:int}", "{month}")
            served |= {(path, m) for m in route.methods if m != "HEAD"}
    assert served == described


def test_the_trainer_page_is_served_in_both_languages_and_holds_no_secret(server):
    for lang, title in (("en", "Sales Desk — trainer"), ("ru", "Sales Desk — тренер")):
        page = server.get(f"/trainer?lang={lang}")
        assert page.status_code == 200 and f"<title>{title}</title>" in page.text
        assert TOKEN not in page.text and 'value="tiny-test"' in page.text
