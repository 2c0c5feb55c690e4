"""A replay records the events a trainer injected; import verifies them by replaying, and an edited or removed
event no longer matches the game's score (issue 26, live levers)."""
from __future__ import annotations

import json

import pytest

from simulator.engine import Game
from simulator.scenario.schema import Event
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay, ReplayError, verify
from simulator.store.scenarios import ScenarioLibrary
from simulator.strategies import STRATEGIES
from simulator.strategies.whatif import fork
from tests.postgres_db import BACKENDS, database

CUT = Event(id="live-2-1", month=2, duration=2, title={"ru": "Ценовая война", "en": "Price war"},
            market_price={"kit": 0.6})


@pytest.fixture(params=BACKENDS)
def board(request, tmp_path, tiny_path):
    with database(request.param, tmp_path / "lb.sqlite3") as where, \
            Leaderboard.open(where, scenarios=ScenarioLibrary([tiny_path])) as opened:
        yield opened


def _played(tiny, injected=(CUT,), seed=4) -> Game:
    game = Game(tiny, seed, injected)
    while not game.finished:
        game.play_month(STRATEGIES["balanced"].make_plan(game))
    return game


def _file(tmp_path, data, name="anna.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_replay_with_an_injected_event_verifies_and_is_stored_with_it(board, tiny, tmp_path):
    game = _played(tiny)
    rep = Replay.from_game(game, "Анна", "G")
    data = rep.to_json()
    assert data["injected"][0]["id"] == "live-2-1" and data["scenario"]["hash"] == game.scenario_hash
    result = board.import_file(_file(tmp_path, data))
    assert result.ok, result.error
    assert result.entry.score == pytest.approx(game.result().score)
    kept = board.replay(result.entry.id)
    assert kept.injected == (CUT,)
    assert board.review_any(result.entry.id).result().score == pytest.approx(game.result().score)
    # the same plans without the event are another game, with another score
    assert _played(tiny, ()).result().score != game.result().score


@pytest.mark.parametrize("edit", ["removed", "factor", "month"])
def test_a_tampered_injected_event_is_refused(board, tiny, tmp_path, edit):
    data = Replay.from_game(_played(tiny), "Анна", "G").to_json()
    if edit == "removed":
        del data["injected"]
    elif edit == "factor":
        data["injected"][0]["market_price"]["kit"] = 0.9
    else:
        data["injected"][0]["month"] = 3
    result = board.import_file(_file(tmp_path, data))
    assert not result.ok and result.code == "score_mismatch", result.error
    assert board.count() == 0


def test_an_injected_event_that_does_not_fit_is_refused_with_its_reason(tiny):
    data = Replay.from_game(_played(tiny), "Анна", "G").to_json()
    data["injected"][0]["market_price"] = {"no-such-product": 0.9}
    with pytest.raises(ReplayError) as refused:
        verify(Replay.from_json(data), tiny)
    assert refused.value.code == "injected_events" and "no-such-product" in str(refused.value)
    data["injected"] = [{"id": "x"}]
    with pytest.raises(ReplayError, match="injected event is malformed"):
        Replay.from_json(data)
    data["injected"] = "price war"
    with pytest.raises(ReplayError, match="must be a list"):
        Replay.from_json(data)


def test_a_replay_without_injected_events_is_written_as_before(tiny):
    data = Replay.from_game(_played(tiny, ()), "Анна", "G").to_json()
    assert "injected" not in data


def test_what_if_keeps_the_injected_events(tiny):
    game = _played(tiny)
    branch = fork(tiny, game.seed, list(game.plans), 1, STRATEGIES["passive"], injected=game.injected)
    assert branch.injected == (CUT,) and "live-2-1" in branch.reports[1].events
    verify(Replay.from_game(branch, "Анна", "G"), tiny)  # the fork's replay holds its events and verifies
