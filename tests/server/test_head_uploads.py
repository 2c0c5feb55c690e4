"""Head-of-sales games at the workshop: uploads re-simulated in the pool, on the session's live board, with the
head scenario's scoring KPIs; tampered ones refused with the reason; the game's outbox sends a head replay."""
from __future__ import annotations

import itertools
import json

import pytest
from server_helpers import ROOT, body, trainer, variant_replay

from simulator.head.heads import HEAD_PROBES, HEADS, play_head
from simulator.scenario import load_file
from simulator.store.head_replay import HeadReplay
from simulator.store.outbox import SENT, Outbox
from tests.live_server import LiveServer
from tests.server.conftest import running

pytestmark = [pytest.mark.timeout(180), pytest.mark.xdist_group("head_uploads")]  # one worker builds the games

SCENARIO = "head-free-markup"
GROUPS = itertools.count(1)
HOSTILE = '<img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def free():
    return load_file(ROOT / "scenarios" / f"{SCENARIO}.yaml")


@pytest.fixture(scope="module")
def games(free):
    """Head games on seed 3 that differ in their decisions (each head plays its own)."""
    return {name: play_head(free, 3, {**HEADS, **HEAD_PROBES}[name])
            for name in ("aligned", "opaque", "misaligned", "no_floor", "no_ceiling")}


def head_body(game, player: str, **changes) -> bytes:
    data = HeadReplay.from_game(game, player=player, group="laptop setting").to_json()
    data.update(changes)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def open_session(client, scenario=SCENARIO, seed=3) -> str:
    r = client.post("/api/sessions", json={"scenario": scenario, "seed": seed, "group": f"Отдел-{next(GROUPS)}"},
                    headers=trainer())
    assert r.status_code == 201, r.text
    return r.json()["code"]


def upload(client, code, data: bytes):
    return client.post(f"/api/sessions/{code}/replays", content=data, headers={"Content-Type": "application/json"})


def test_head_uploads_are_recomputed_and_ranked_on_the_sessions_board(server, games):
    code = open_session(server)
    for name, player in (("opaque", "Анна"), ("misaligned", "Борис")):
        r = upload(server, code, head_body(games[name], player))
        assert r.status_code == 201, r.text
        entry = r.json()["entry"]
        assert entry["kind"] == "head" and entry["group"].startswith("Отдел-")   # the session decides the group
        assert entry["score"] == pytest.approx(games[name].result().score)
        assert entry["reference_score"] == pytest.approx(games["aligned"].result().score)
    data = server.get(f"/api/sessions/{code}/board?lang=en").json()
    assert data["kind"] == "head"
    ranked = sorted(((g.result().score, p) for g, p in ((games["opaque"], "Анна"), (games["misaligned"], "Борис"))),
                    reverse=True)
    assert [e["player"] for e in data["entries"]] == [p for _, p in ranked]
    assert [c["kpi"] for c in data["columns"]] == ["net_profit", "loyalty", "retention", "morale"]
    assert "Team morale" in [c["label"] for c in data["columns"]]
    assert all(len(e["cells"]) == 4 and e["cells"][3].endswith("%") for e in data["entries"])
    morale = server.get(f"/api/sessions/{code}/board?kpi=morale").json()
    values = [e["value"] for e in morale["entries"]]
    assert values == sorted(values, reverse=True) and all(v is not None for v in values)
    page = server.get(f"/board/{code}?lang=ru").text
    assert "Настрой команды" in page and "Чистая прибыль" in page           # the scoring items as columns
    review = server.get(f"/entries/{data['entries'][0]['id']}?lang=en")
    assert review.status_code == 200 and "Sellers who quit" in review.text and 'class="months"' in review.text
    trainer_page = server.get("/trainer?lang=en").text
    assert SCENARIO in trainer_page
    report = server.get(f"/api/sessions/{code}/export.html?lang=en", headers=trainer())
    assert report.status_code == 200 and "Team morale" in report.text
    csv = server.get(f"/api/sessions/{code}/export.csv", headers=trainer()).text
    assert "morale,quits" in csv.splitlines()[0] and "Анна" in csv


def test_the_same_head_game_twice_is_ranked_once_and_a_renamed_copy_is_refused(server, games):
    code = open_session(server)
    assert upload(server, code, head_body(games["no_floor"], "Вера")).status_code == 201
    again = upload(server, code, head_body(games["no_floor"], "Вера"))
    assert again.status_code == 200 and again.json()["created"] is False
    copy = upload(server, code, head_body(games["no_floor"], "Глеб"))
    assert copy.status_code == 409 and copy.json()["code"] == "duplicate"
    assert [e["player"] for e in server.get(f"/api/sessions/{code}/board").json()["entries"]] == ["Вера"]


def _changed_decision(game) -> bytes:
    data = json.loads(head_body(game, "Хитрец"))
    data["decisions"][0][1]["pay"]["oleg"]["rate"] = 0.5
    return json.dumps(data).encode()


def _version() -> int:
    """The shipped head scenario's version (a doctored hash on the right version is refused for its content)."""
    return load_file(ROOT / "scenarios" / f"{SCENARIO}.yaml").version


def _malformed(game) -> bytes:
    data = json.loads(head_body(game, "Хитрец"))
    data["decisions"][0][0]["markups"]["boiler"]["floor"] = "cheap"
    return json.dumps(data).encode()


@pytest.mark.parametrize("make, status, code_expected", [
    (lambda games, tiny: head_body(games["opaque"], "Хитрец", claimed_score=150.0), 422, "score_mismatch"),
    (lambda games, tiny: _changed_decision(games["opaque"]), 422, "score_mismatch"),
    (lambda games, tiny: _malformed(games["opaque"]), 422, "format"),
    (lambda games, tiny: head_body(games["opaque"], "Хитрец", seed=4), 422, "wrong_session"),
    (lambda games, tiny: head_body(games["opaque"], "Хитрец", scenario={"id": SCENARIO, "version": _version(),
                                                                       "hash": "f" * 16}), 422, "scenario_hash"),
    (lambda games, tiny: head_body(games["opaque"], "Хитрец", decisions=[[{}] * 80]), 422, "too_large"),
])
def test_a_tampered_head_upload_is_refused_with_the_reason_and_nothing_is_stored(server, games, tiny, make, status,
                                                                                 code_expected):
    code = open_session(server)
    r = upload(server, code, make(games, tiny))
    assert r.status_code == status, r.text
    assert r.json()["code"] == code_expected and r.json()["error"]
    assert server.get(f"/api/sessions/{code}/board").json()["entries"] == []


def test_a_head_replay_to_a_desk_session_and_a_desk_replay_to_a_head_session_are_refused(server, games, tiny):
    desk = open_session(server, scenario="tiny-test", seed=3)
    r = upload(server, desk, head_body(games["opaque"], "Не туда"))
    assert r.status_code == 422 and r.json()["code"] == "wrong_session"
    head = open_session(server)
    r = upload(server, head, body(variant_replay(tiny, 3, 1, "Не туда")))
    assert r.status_code == 422 and r.json()["code"] == "wrong_session"


def test_what_a_participant_typed_is_escaped_on_every_head_page(server, games):
    code = open_session(server)
    entry = upload(server, code, head_body(games["no_ceiling"], HOSTILE)).json()["entry"]["id"]  # a game of its own
    review = server.get(f"/entries/{entry}?lang=en").text
    assert HOSTILE not in review and "&lt;img src=x" in review
    report = server.get(f"/api/sessions/{code}/export.html", headers=trainer()).text
    assert HOSTILE not in report and "&lt;img src=x" in report


def test_a_head_upload_that_takes_too_long_is_stopped(tmp_path, tiny_path, games):
    with running(tmp_path / "slow.sqlite3", tiny_path, workers=1, time_limit=0.01) as client:
        code = open_session(client)
        slow = upload(client, code, head_body(games["opaque"], "Долгий"))
        assert slow.status_code == 422 and slow.json()["code"] == "time_limit"
        assert client.get(f"/api/sessions/{code}/board").json()["entries"] == []


def test_the_outbox_sends_a_head_replay_to_the_live_board(tmp_path, games):
    with LiveServer(tmp_path / "server.sqlite3", session=SCENARIO, seed=3, group="Казань") as server:
        outbox = Outbox(tmp_path / "outbox")
        outbox.add(HeadReplay.from_game(games["opaque"], player="Ирина"), server.url, server.code.lower())
        sent = outbox.flush(timeout=30)
        assert [r.status for _, r in sent] == [SENT], sent
        assert outbox.pending() == []
        import urllib.request
        with urllib.request.urlopen(f"{server.url}/api/sessions/{server.code}/board", timeout=10) as response:
            entries = json.loads(response.read())["entries"]
        assert [(e["player"], e["kind"]) for e in entries] == [("Ирина", "head")]
