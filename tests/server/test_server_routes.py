"""The server's routers: every route answers, and no handler ever waits for the database on the event loop."""
from __future__ import annotations

import asyncio
from contextlib import contextmanager

import pytest
from server_helpers import body, trainer, variant_replay

from tests.server.conftest import running

pytestmark = pytest.mark.timeout(120)


def test_no_route_touches_the_database_on_the_event_loop(tmp_path, tiny_path, tiny):
    """A database call on the event loop would stall every other client (the board, forty uploads) while it
    waits; each route is called here, and every borrowed connection must have been borrowed off the loop."""
    with running(tmp_path / "board.sqlite3", tiny_path, workers=1, event_seconds=1.0) as client:
        boards = client.app.state.server.boards
        borrowed, on_loop = [], []
        plain = boards.borrow

        @contextmanager
        def watched():
            try:
                asyncio.get_running_loop()
                on_loop.append(True)
            except RuntimeError:
                pass
            borrowed.append(True)
            with plain() as lb:
                yield lb

        boards.borrow = watched
        created = client.post("/api/sessions", json={"scenario": "tiny-test", "seed": 7, "group": "G"},
                              headers=trainer())
        assert created.status_code == 201, created.text
        code = created.json()["code"]
        uploaded = client.post(f"/api/sessions/{code}/replays", content=body(variant_replay(tiny, 7, 1, "Анна")),
                               headers={"Content-Type": "application/json"})
        assert uploaded.status_code == 201, uploaded.text
        entry = uploaded.json()["entry"]["id"]
        rounds_session = client.post("/api/sessions", json={"scenario": "tiny-test", "seed": 7, "group": "R",
                                                            "rounds": True}, headers=trainer())
        rcode = rounds_session.json()["code"]
        calls = [
            ("POST", f"/api/sessions/{rcode}/participants", {"name": "Оля"}), ("GET", f"/api/sessions/{rcode}/round", None),
            ("GET", f"/api/sessions/{rcode}/levers", None), ("GET", f"/trainer/{rcode}", None),
            ("POST", f"/api/sessions/{rcode}/rounds/inject", {"lever": "price_war", "target": "kit"}),
            ("POST", f"/api/sessions/{rcode}/rounds/open", {}), ("PUT", f"/api/sessions/{rcode}/rounds/1/plan", {"plan": {}}),
            ("POST", f"/api/sessions/{rcode}/rounds/close", None), ("POST", f"/api/sessions/{rcode}/rounds/reveal", None),
            ("POST", f"/api/sessions/{rcode}/rounds/reset", None),
            ("GET", "/", None), ("GET", f"/board?code={code}", None), ("GET", "/trainer", None),
            ("GET", f"/board/{code}", None), ("GET", f"/join/{code}", None), ("GET", f"/entries/{entry}", None),
            ("GET", f"/api/sessions/{code}/events", None), ("GET", "/docs/api", None),
            ("GET", "/openapi.json", None), ("GET", "/api/health", None),
            ("POST", "/api/trainer/login", {"token": "wrong"}), ("POST", "/api/trainer/logout", None),
            ("GET", "/api/sessions", None), ("GET", f"/api/sessions/{code}", None),
            ("GET", f"/api/sessions/{code}/board", None), ("GET", f"/api/sessions/{code}/export.csv", None),
            ("GET", f"/api/sessions/{code}/export.html", None), ("GET", f"/api/entries/{entry}", None),
            ("GET", f"/api/sessions/{code}/learning", None), ("GET", f"/api/sessions/{code}/learning.csv", None),
            ("POST", f"/api/entries/{entry}/hide", {"hidden": False}),
            ("GET", f"/api/sessions/{code}/deck.html", None),
            ("POST", f"/api/sessions/{code}/teams", {"team": "T", "member": "A"}), ("GET", f"/api/sessions/{code}/teams", None),
            ("POST", f"/api/sessions/{code}/teams/T/months/1/proposals", {"member": "A", "plan": {}}),
            ("POST", f"/api/sessions/{code}/teams/T/months/1/choice", {"chosen": "A", "by": "A"}),
            ("GET", f"/api/sessions/{code}/teams/T/months/1", None), ("GET", f"/api/sessions/{code}/teams/T/record", None),
            ("DELETE", f"/api/entries/{entry}", None),
            ("POST", f"/api/sessions/{code}/close", None),
        ]
        answered = {}
        for method, url, data in calls:
            r = client.request(method, url, json=data, headers=trainer(), follow_redirects=False)
            assert r.status_code < 500, (url, r.text)
            answered[(method, url)] = r.status_code
        served = {(m, route.path) for route in client.app.routes for m in route.methods if m != "HEAD"}
        called = {(m, route.path) for route in client.app.routes for m in route.methods
                  for method, url, _ in [*calls, ("POST", "/api/sessions", None),
                                         ("POST", f"/api/sessions/{code}/replays", None)]
                  if m == method and route.matches({"type": "http", "path": url.split("?")[0], "method": m})[0].name
                  == "FULL"}
        assert called == served  # every route was called (a new one must be added above)
    assert len(borrowed) >= 12 and not on_loop


def test_the_boards_statistics_count_the_people_as_every_group_view_does_and_rank_the_bot(tmp_path, tiny_path, tiny):
    """A game one's own bot played is ranked with its mark, but the group's count, average and spread are the
    people's (the store's group view leaves bots out; the board used to count them)."""
    from simulator.cli.bots import bot_strategy
    from simulator.store.group import people, spreads
    from simulator.store.replay import Replay
    from simulator.strategies import play

    bot_file = tmp_path / "mybot.py"
    bot_file.write_text("from simulator.engine import MonthPlan\n\n"
                        "def Lazy(game):\n    return MonthPlan(markups={}, touches=(), offers=())\n", encoding="utf-8")
    bot_game = Replay.from_game(play(tiny, 7, bot_strategy(f"{bot_file}:Lazy")), player="Lazy", bot="Lazy")
    people_games = [variant_replay(tiny, 7, k, f"Игрок {k}") for k in range(3)]
    with running(tmp_path / "board.sqlite3", tiny_path, workers=1) as client:
        code = client.post("/api/sessions", json={"scenario": "tiny-test", "seed": 7, "group": "G"},
                           headers=trainer()).json()["code"]
        for rep in [*people_games, bot_game]:
            r = client.post(f"/api/sessions/{code}/replays", content=body(rep),
                            headers={"Content-Type": "application/json"})
            assert r.status_code == 201, r.text
        board = client.get(f"/api/sessions/{code}/board").json()
        with client.app.state.server.boards.borrow() as lb:
            entries = lb.rankings(scenario_id="tiny-test", group="G", seed=7)[0].entries
    assert len(board["entries"]) == 4 and [e["strategy"] for e in board["entries"]].count("Lazy (own)") == 1
    expected = spreads(people(entries), ["score"])[0]
    scores = sorted(rep.claimed_score for rep in people_games)
    assert board["stats"]["count"] == 3 and board["stats"]["left_out"] == 1
    assert board["stats"]["mean"] == pytest.approx(sum(scores) / 3) == pytest.approx(expected.mean)
    assert board["stats"]["stdev"] == pytest.approx(expected.sd)
    assert (board["stats"]["min"], board["stats"]["max"]) == pytest.approx((scores[0], scores[-1]))
    assert sum(b["count"] for b in board["stats"]["histogram"]) == 3
