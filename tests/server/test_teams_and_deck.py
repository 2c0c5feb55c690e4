"""Teams on the workshop server (two to four people share one desk: each proposes, the team chooses, the board ranks
the team, the replay and the deck show who proposed what) and the trainer's debrief deck, on SQLite and PostgreSQL."""
from __future__ import annotations

import json

import pytest
from server_helpers import body, trainer, variant_replay

from simulator.engine import Game, MonthPlan
from simulator.store.replay import Replay
from simulator.store.team_record import TeamRecord
from simulator.strategies import STRATEGIES

pytestmark = pytest.mark.timeout(180)
JSON = {"Content-Type": "application/json"}


def open_session(server, group: str) -> str:
    r = server.post("/api/sessions", json={"scenario": "tiny-test", "seed": 7, "group": group}, headers=trainer())
    assert r.status_code == 201, r.text
    return r.json()["code"]


def play_as_team(server, code: str, team: str, members: list[str], tiny) -> Game:
    """Each member plans every month in their own game (here: two strategies), sends it, the team picks one
    (alternating); every member's game then plays the chosen plan. Returns the team's game."""
    game = Game(tiny, 7)
    who_plays = {members[0]: STRATEGIES["balanced"], members[1]: STRATEGIES["greedy"]}
    while not game.finished:
        month = game.month + 1
        for member in members:
            plan = game.as_recorded(who_plays[member].make_plan(game))
            r = server.post(f"/api/sessions/{code}/teams/{team}/months/{month}/proposals",
                            json={"member": member, "plan": plan.to_json()})
            assert r.status_code == 201, r.text
        chosen = members[month % 2]
        r = server.post(f"/api/sessions/{code}/teams/{team}/months/{month}/choice",
                        json={"chosen": chosen, "by": members[0]})
        assert r.status_code == 200 and r.json()["chosen"] == chosen, r.text
        played = server.get(f"/api/sessions/{code}/teams/{team}/months/{month}").json()
        plan = next(p["plan"] for p in played["proposals"] if p["member"] == chosen)
        game.play_month(MonthPlan.from_json(plan))
    return game


def test_a_team_of_two_proposes_chooses_is_ranked_and_its_replay_says_who_proposed_what(server, tiny):
    code = open_session(server, "Команды")
    for member in ("Анна", "Борис"):
        r = server.post(f"/api/sessions/{code}/teams", json={"team": "Альфа", "member": member})
        assert r.status_code == 201, r.text
    assert r.json()["members"] == ["Анна", "Борис"] and r.json()["ready"]
    # A name is in one team; a team has at most four; a team chooses only a plan someone proposed.
    taken = server.post(f"/api/sessions/{code}/teams", json={"team": "Бета", "member": "Анна"})
    assert taken.status_code == 409 and taken.json()["code"] == "name_taken"
    for k in range(2):
        assert server.post(f"/api/sessions/{code}/teams", json={"team": "Альфа", "member": f"Гость {k}"}).status_code == 201
    full = server.post(f"/api/sessions/{code}/teams", json={"team": "Альфа", "member": "Пятый"})
    assert full.status_code == 409 and full.json()["code"] == "team_full"
    nobody = server.post(f"/api/sessions/{code}/teams/Альфа/months/1/choice", json={"chosen": "Анна", "by": "Борис"})
    assert nobody.status_code == 409 and nobody.json()["code"] == "no_proposal"
    stranger = server.post(f"/api/sessions/{code}/teams/Альфа/months/1/proposals",
                           json={"member": "Чужой", "plan": {"markups": {}, "touches": [], "offers": []}})
    assert stranger.status_code == 403 and stranger.json()["code"] == "not_member"
    junk = server.post(f"/api/sessions/{code}/teams/Альфа/months/1/proposals", json={"member": "Анна", "plan": [1]})
    assert junk.status_code == 422 and junk.json()["code"] == "bad_plan"

    game = play_as_team(server, code, "Альфа", ["Анна", "Борис"], tiny)
    again = server.post(f"/api/sessions/{code}/teams/Альфа/months/1/choice", json={"chosen": "Борис", "by": "Анна"})
    assert again.status_code == 409 and again.json()["code"] == "already_chosen"  # the first choice stands

    record = server.get(f"/api/sessions/{code}/teams/Альфа/record").json()
    team = TeamRecord.from_json(record)
    assert [m.chosen for m in team.months] == [["Анна", "Борис"][k % 2] for k in range(1, tiny.turns + 1)]
    assert all({w for w, _ in m.proposals} == {"Анна", "Борис"} for m in team.months)
    rep = Replay.from_game(game, player="Альфа", group="Команды")
    rep = Replay(**{**rep.__dict__, "team": team})
    uploaded = server.post(f"/api/sessions/{code}/replays", content=body(rep), headers=JSON)
    assert uploaded.status_code == 201, uploaded.text
    # Both members' windows send the same game: ranked once.
    assert server.post(f"/api/sessions/{code}/replays", content=body(rep), headers=JSON).status_code == 200
    board = server.get(f"/api/sessions/{code}/board").json()
    row = next(e for e in board["entries"] if e["player"] == "Альфа")
    assert row["team"] == ["Анна", "Борис", "Гость 0", "Гость 1"]

    # The replay says who proposed what: a record whose chosen plan is not the one played is refused.
    data = json.loads(body(rep))
    data["team"]["months"][0]["chosen"] = "Борис" if team.months[0].chosen == "Анна" else "Анна"
    differs = team.months[0].plan_of("Анна") != team.months[0].plan_of("Борис")
    if differs:
        refused = server.post(f"/api/sessions/{code}/replays", content=json.dumps(data).encode(), headers=JSON)
        assert refused.status_code == 422 and refused.json()["code"] == "team_record", refused.text
    assert differs, "the two members' strategies proposed the same first month; the test would prove nothing"
    # The record must be the one the server kept while the team played: not another team's, not other members.
    for change, words in ((lambda d: d["team"].update(name="Гамма"), "there is no team Гамма"),
                          (lambda d: d["team"]["members"].append("Чужой"), "not Анна, Борис, Гость 0, Гость 1, Чужой")):
        data = json.loads(body(rep))
        change(data)
        refused = server.post(f"/api/sessions/{code}/replays", content=json.dumps(data).encode(), headers=JSON)
        assert refused.status_code == 422 and refused.json()["code"] == "team_record" and words in refused.text


def test_the_debrief_deck_is_the_trainers_and_shows_the_rooms_games(server, tiny):
    code = open_session(server, "Разбор")
    for k, name in enumerate(["Анна", "<img src=x onerror=alert(1)>", "Вера"]):
        r = server.post(f"/api/sessions/{code}/replays", content=body(variant_replay(tiny, 7, k + 20, name)),
                        headers=JSON)
        assert r.status_code == 201, r.text
    assert server.get(f"/api/sessions/{code}/deck.html").status_code == 401
    for lang, words in (("en", "How the room scored"), ("ru", "Как сыграла группа")):
        page = server.get(f"/api/sessions/{code}/deck.html?lang={lang}", headers=trainer())
        assert page.status_code == 200 and words in page.text
        assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text
        assert page.text.count('class="slide"') >= 12
    empty = open_session(server, "Пусто")
    assert server.get(f"/api/sessions/{empty}/deck.html", headers=trainer()).status_code == 404
