"""Rounds in lockstep and live levers through the server's API (issue 26 items 3-4): three participants, two rounds,
an injected event, results revealed by the trainer, every replay verified with the event; the round's rules, the
trainer-only buttons and the refusals."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from server_helpers import body, trainer

from simulator.engine import Game, MonthPlan
from simulator.scenario.schema import Event
from simulator.store import rounds
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay
from simulator.store.scenarios import ScenarioLibrary
from simulator.store.workshop import create_session
from simulator.strategies import STRATEGIES
from tests.postgres_db import BACKENDS, database

PARTICIPANT = "X-Participant"


def _open_rounds(server, group="R") -> str:
    answer = server.post("/api/sessions", headers=trainer(),
                         json={"scenario": "tiny-test", "seed": 3, "group": group, "rounds": True})
    assert answer.status_code == 201, answer.text
    assert answer.json()["mode"] == "rounds"
    return answer.json()["code"]


def _post(server, code, what, data=None):
    return server.post(f"/api/sessions/{code}/rounds/{what}", headers=trainer(), json=data or {})


def _plan(game: Game, k: int) -> MonthPlan:
    """Each participant's own prices on the balanced bot's contacts (three people, three different games)."""
    plan = STRATEGIES["balanced"].make_plan(game)
    markups = {pid: round(0.2 + 0.15 * k + 0.01 * game.month, 4) for pid in game.catalog.product_ids}
    return MonthPlan(markups=markups, touches=plan.touches, offers=plan.offers)


def test_three_participants_play_two_rounds_in_lockstep_with_an_injected_event(server, tiny):
    code = _open_rounds(server)
    names = ["Анна", "Борис", "<b>Вера</b>"]
    tokens = {}
    for name in names:
        joined = server.post(f"/api/sessions/{code}/participants", json={"name": name})
        assert joined.status_code == 201, joined.text
        tokens[name] = joined.json()["participant"]
    assert server.post(f"/api/sessions/{code}/participants", json={"name": "Анна"}).json()["code"] == "name_taken"
    again = server.post(f"/api/sessions/{code}/participants", json={"name": "Анна", "participant": tokens["Анна"]})
    assert again.status_code == 200 and again.json()["participant"] == tokens["Анна"]

    state = server.get(f"/api/sessions/{code}/round").json()
    assert (state["phase"], state["month"], state["participants"], state["turns"]) == ("lobby", 0, 3, 3)
    assert "people" not in state  # names are the trainer's
    games = {name: Game(tiny, 3) for name in names}

    for month in (1, 2):
        if month == 2:  # the trainer throws in a price war for month 2 while month 1's results are shown
            menu = server.get(f"/api/sessions/{code}/levers?lang=en", headers=trainer()).json()
            assert menu["month"] == 2 and {lv["lever"] for lv in menu["levers"]} >= {"price_war", "supplier_cost"}
            injected = _post(server, code, "inject", {"lever": "price_war", "target": "kit", "strength": 0.7})
            assert injected.status_code == 201, injected.text
            assert injected.json()["event"]["market_price"] == {"kit": 0.7}
            assert "Price war" in injected.json()["event"]["title"]["en"]
        opened = _post(server, code, "open")
        assert opened.status_code == 200 and opened.json()["phase"] == "open" and opened.json()["month"] == month
        state = server.get(f"/api/sessions/{code}/round").json()
        events = [Event.model_validate(item["event"]) for item in state["injected"]]
        for k, name in enumerate(names):
            game = games[name]
            new = [e for e in events if e not in game.injected]
            if new:  # what the game does when a month opens: take in the trainer's events
                from simulator.engine import inject
                games[name] = game = inject(game, new)
            plan = _plan(game, k)
            sent = server.put(f"/api/sessions/{code}/rounds/{month}/plan", headers={PARTICIPANT: tokens[name]},
                              json={"plan": game.as_recorded(plan).to_json()})
            assert sent.status_code == 200 and sent.json()["late"] is False, sent.text
            seen = server.get(f"/api/sessions/{code}/round", headers=trainer()).json()
            assert seen["sent"] == k + 1
            assert {p["name"]: p["sent"] for p in seen["people"]} == {n: i <= k for i, n in enumerate(names)}
            game.play_month(plan)
        closed = _post(server, code, "close").json()
        assert closed["phase"] == "closed" and closed["revealed"] == month - 1
        revealed = _post(server, code, "reveal").json()
        assert revealed["phase"] == "revealed" and revealed["revealed"] == month

    assert "live-2-1" in games["Анна"].reports[1].events
    # the third month at the game's own pace after the trainer's last reveal, then every game is sent
    _post(server, code, "open")
    for k, name in enumerate(names):
        game = games[name]
        game.play_month(_plan(game, k))
        rep = Replay.from_game(game, name, "", finished_at="2026-12-06T12:00:00Z")
        assert rep.to_json()["injected"][0]["id"] == "live-2-1"
        answer = server.post(f"/api/sessions/{code}/replays", content=body(rep),
                             headers={"Content-Type": "application/json"})
        assert answer.status_code == 201, answer.text
        entry = server.get(f"/api/entries/{answer.json()['entry']['id']}").json()
        assert entry["score"] == pytest.approx(game.result().score)
    board = server.get(f"/api/sessions/{code}/board").json()
    assert sorted(e["player"] for e in board["entries"]) == sorted(names)


def _finished_with(tiny, injected, k=0) -> Replay:
    game = Game(tiny, 3, injected)
    while not game.finished:
        game.play_month(_plan(game, k))
    return Replay.from_game(game, "Дина", "", finished_at="2026-12-06T12:00:00Z")


def test_a_replay_whose_injected_event_was_removed_or_changed_is_refused(server, tiny):
    code = _open_rounds(server, "T")
    _post(server, code, "open")
    event = Event.model_validate(_post(server, code, "inject", {"lever": "supplier_cost", "target": "kit"}).json()["event"])
    honest = _finished_with(tiny, [event])
    removed = _finished_with(tiny, [])  # a game played as if the trainer had injected nothing: its own score holds
    changed = _finished_with(tiny, [event.model_copy(update={"cost": {"kit": 1.02}})])
    for rep in (removed, changed):
        answer = server.post(f"/api/sessions/{code}/replays", content=body(rep), headers={"Content-Type": "application/json"})
        assert answer.status_code == 422 and answer.json()["code"] == "injected_events", answer.text
    answer = server.post(f"/api/sessions/{code}/replays", content=body(honest), headers={"Content-Type": "application/json"})
    assert answer.status_code == 201, answer.text
    # a free session has no events: a replay bringing its own is refused the same way
    free = server.post("/api/sessions", headers=trainer(), json={"scenario": "tiny-test", "seed": 3, "group": "F"}).json()
    assert free["mode"] == "free"
    answer = server.post(f"/api/sessions/{free['code']}/replays", content=body(_finished_with(tiny, [event], 2)),
                         headers={"Content-Type": "application/json"})
    assert answer.status_code == 422 and answer.json()["code"] == "injected_events"


def test_the_round_buttons_follow_the_phases_and_are_the_trainers(server):
    code = _open_rounds(server, "P")
    assert server.post(f"/api/sessions/{code}/rounds/open", json={}).status_code == 401
    assert server.post(f"/api/sessions/{code}/rounds/inject", json={"lever": "price_war", "target": "kit"}).status_code == 401
    assert server.get(f"/api/sessions/{code}/levers").status_code == 401
    assert _post(server, code, "close").json()["code"] == "bad_phase"
    assert _post(server, code, "reveal").json()["code"] == "bad_phase"
    assert _post(server, code, "reset").json()["code"] == "bad_phase"
    token = server.post(f"/api/sessions/{code}/participants", json={"name": "Ира"}).json()["participant"]
    plan = {"plan": {"markups": {}, "touches": [], "offers": []}}
    assert server.put(f"/api/sessions/{code}/rounds/1/plan", headers={PARTICIPANT: token}, json=plan).json()["code"] == "not_open"
    # practice: month 1 on another seed, then reset to the lobby with its plans and events gone
    practice = _post(server, code, "open", {"practice": True}).json()
    assert practice["practice"] and practice["practice_seed"] not in (None, 3) and practice["month"] == 1
    assert server.put(f"/api/sessions/{code}/rounds/1/plan", headers={PARTICIPANT: token}, json=plan).status_code == 200
    _post(server, code, "inject", {"lever": "new_law", "target": "fix", "strength": 0.2})
    assert len(server.get(f"/api/sessions/{code}/round").json()["injected"]) == 1
    _post(server, code, "close")
    assert _post(server, code, "open").json()["code"] == "bad_phase"  # the practice ends with a reset
    reset = _post(server, code, "reset").json()
    assert (reset["phase"], reset["month"], reset["sent"], reset["injected"], reset["practice"]) == ("lobby", 0, 0, [], False)
    assert _post(server, code, "open", {"practice": True, "seconds": 0}).status_code == 422
    for month in (1, 2, 3):
        assert _post(server, code, "open").json()["month"] == month  # from closed, open reveals on the way
        assert _post(server, code, "open").json()["code"] == "bad_phase"
        _post(server, code, "close")
    assert _post(server, code, "open").json()["code"] == "no_more_months"
    assert _post(server, code, "inject", {"lever": "price_war", "target": "kit"}).json()["code"] == "no_more_months"
    # a late plan is taken and marked so
    late = server.put(f"/api/sessions/{code}/rounds/3/plan", headers={PARTICIPANT: token}, json=plan).json()
    assert late["late"] is True


def test_the_rooms_board_says_which_month_is_open_and_how_many_plans_are_in(server):
    free = server.post("/api/sessions", headers=trainer(), json={"scenario": "tiny-test", "seed": 3, "group": "F"})
    assert server.get(f"/api/sessions/{free.json()['code']}/board").json()["round"] is None   # a free session
    code = _open_rounds(server, "B")
    board = lambda: server.get(f"/api/sessions/{code}/board").json()["round"]  # noqa: E731
    assert (board()["phase"], board()["month"], board()["turns"]) == ("lobby", 0, 3)
    tokens = [server.post(f"/api/sessions/{code}/participants", json={"name": n}).json()["participant"]
              for n in ("Аня", "Боря")]
    _post(server, code, "open", {"seconds": 120})
    shown = board()
    assert (shown["phase"], shown["month"], shown["participants"], shown["sent"]) == ("open", 1, 2, 0)
    assert shown["closes_at"] is not None and not shown["practice"]
    plan = {"plan": {"markups": {}, "touches": [], "offers": []}}
    server.put(f"/api/sessions/{code}/rounds/1/plan", headers={PARTICIPANT: tokens[0]}, json=plan)
    assert board()["sent"] == 1
    _post(server, code, "close")
    assert board()["phase"] == "closed"
    _post(server, code, "reveal")
    assert (board()["phase"], board()["revealed"]) == ("revealed", 1)
    page = server.get(f"/board/{code}?lang=ru").text
    assert 'id="round"' in page and "Месяц {month} из {turns}: планируйте" in page   # the page's own words for it


@pytest.mark.parametrize("data, status", [
    ({"lever": "price_war", "target": "no-such"}, 422), ({"lever": "volcano", "target": "kit"}, 422),
    ({"lever": "price_war", "target": "kit", "strength": 3}, 422), ({"lever": "price_war", "target": "kit", "duration": 0}, 422),
    ({"lever": "price_war", "target": "kit", "strength": True}, 422),
])
def test_bad_levers_are_4xx(server, data, status):
    code = _open_rounds(server, "B")
    assert _post(server, code, "inject", data).status_code == status


def test_bad_participants_and_plans_are_4xx(server):
    code = _open_rounds(server, "Q")
    for data in ({"name": ""}, {"name": 5}, {"name": "x" * 65}, {"name": "Ок", "participant": 7}):
        assert server.post(f"/api/sessions/{code}/participants", json=data).status_code == 422
    assert server.post(f"/api/sessions/{code}/participants", content=b"name=x",
                       headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 415
    token = server.post(f"/api/sessions/{code}/participants", json={"name": "Оля"}).json()["participant"]
    _post(server, code, "open")
    url = f"/api/sessions/{code}/rounds/1/plan"
    assert server.put(url, json={"plan": {}}).status_code == 401
    assert server.put(url, headers={PARTICIPANT: "forged"}, json={"plan": {}}).status_code == 401
    for bad in ({"plan": "x"}, {"plan": {"markups": {"kit": "cheap"}}}, {"plan": {"bogus": 1}}, {}):
        assert server.put(url, headers={PARTICIPANT: token}, json=bad).status_code == 422
    assert server.put(url, headers={PARTICIPANT: token, "Origin": "http://evil.example"},
                      json={"plan": {}}).status_code == 403
    free = server.post("/api/sessions", headers=trainer(), json={"scenario": "tiny-test", "seed": 3, "group": "F2"}).json()
    assert server.post(f"/api/sessions/{free['code']}/participants", json={"name": "Оля"}).json()["code"] == "not_rounds"
    assert server.post("/api/sessions/NOSUCHCODE/participants", json={"name": "Оля"}).status_code == 404


# --- the store's round rules, on SQLite and PostgreSQL, without the server ---------------------------------------

@pytest.fixture(params=BACKENDS)
def board(request, tmp_path, tiny_path):
    with database(request.param, tmp_path / "lb.sqlite3") as where, \
            Leaderboard.open(where, scenarios=ScenarioLibrary([tiny_path])) as opened:
        yield opened


def test_a_timer_closes_the_month_on_the_first_read_after_it(board):
    code = create_session(board, "tiny-test", 3, "G", mode="rounds").code
    start = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    state = rounds.open_round(board, code, 3, seconds=90, now=start)
    assert state.phase == "open" and state.seconds_left(start) == 90
    assert rounds.round_state(board, code, start + timedelta(seconds=89)).phase == "open"
    later = rounds.round_state(board, code, start + timedelta(hours=1))  # nobody asked until long after
    assert later.phase == "closed" and later.closed_at == "2026-12-06T12:01:30Z"
    assert rounds.round_state(board, code, start + timedelta(hours=2)).revision == later.revision  # recorded once


def test_two_trainers_closing_at_once_close_once(board):
    code = create_session(board, "tiny-test", 3, "G", mode="rounds").code
    rounds.open_round(board, code, 3)
    rounds.close_round(board, code)
    with pytest.raises(rounds.RoundError) as second:
        rounds.close_round(board, code)
    assert second.value.code == "bad_phase"


def test_the_console_page_escapes_and_needs_the_login_for_its_buttons(server):
    code = _open_rounds(server, '<script>alert(1)</script>')
    page = server.get(f"/trainer/{code}?lang=ru")
    assert page.status_code == 200 and "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "Пульт" in page.text
    assert "Console" in server.get(f"/trainer/{code}?lang=en").text
    assert server.get("/trainer/NOSUCHCODE").status_code == 404
    cfg = page.text.split('id="cfg">')[1].split("</script>")[0]
    assert json.loads(cfg)["code"] == code
