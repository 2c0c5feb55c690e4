"""Conversations travel in desk replays: verify, import, the board and what-if replay them; a forged one is refused."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.engine import ConversationRecord, MonthPlan, PlanError, replay
from simulator.scenario import load_file
from simulator.store.kinds import kind_of, load_replay
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay, ReplayError, decisions_key, verify
from simulator.store.scenarios import ScenarioLibrary
from simulator.strategies import STRATEGIES, play
from simulator.strategies.whatif import fork

PATH = Path(__file__).resolve().parents[2] / "scenarios" / "discovery-tutorial.yaml"


@pytest.fixture(scope="module")
def scenario():
    return load_file(PATH)


@pytest.fixture(scope="module")
def game(scenario):
    return play(scenario, 7, STRATEGIES["balanced"])


def test_a_game_with_conversations_round_trips_and_verifies(scenario, game, tmp_path):
    assert any(plan.conversations for plan in game.plans)
    rep = Replay.from_game(game, player="Анна", group="G")
    rep.save(tmp_path / "talks.json")
    again = load_replay(tmp_path / "talks.json")
    assert kind_of(again).name == "desk" and again.plans == rep.plans
    verified = verify(again, scenario)
    assert verified.result().score == pytest.approx(game.result().score)
    assert [r.conversations for r in verified.reports] == [r.conversations for r in game.reports]


def test_a_forged_question_or_a_talk_without_its_call_is_refused(scenario, game):
    data = Replay.from_game(game).to_json()
    month = next(i for i, p in enumerate(data["plans"]) if p.get("conversations"))
    talk = data["plans"][month]["conversations"][0]
    before = replay(scenario, 7, list(game.plans[:month]))
    offered = {q.id for q in before.open_conversation(talk["client"], talk["touch"]).menu}
    never = sorted({q.id for q in scenario.conversations.questions} - offered)[0]
    forged = json.loads(json.dumps(data))
    forged["plans"][month]["conversations"][0]["questions"] = [never]   # a question the menu did not offer
    alone = json.loads(json.dumps(data))
    alone["plans"][month]["touches"], alone["plans"][month]["offers"] = [], []   # the talk without its call
    for bad in (forged, alone):
        with pytest.raises(ReplayError) as caught:
            verify(Replay.from_json(bad), scenario)
        assert caught.value.code == "plan_rule" and "conversation" in str(caught.value)


def test_conversations_change_the_decisions_key_and_old_plans_keep_theirs(scenario, game):
    rep = Replay.from_game(game)
    plans = list(rep.plans)
    month = next(i for i, p in enumerate(plans) if p.conversations)
    quiet = MonthPlan(markups=plans[month].markups, touches=plans[month].touches, offers=plans[month].offers)
    other = Replay(**{**vars(rep), "plans": tuple(plans[:month] + [quiet] + plans[month + 1:])})
    assert decisions_key(rep, 1.0) != decisions_key(other, 1.0)
    assert "conversations" not in quiet.to_json()


def test_the_board_imports_and_keeps_the_conversations(scenario, game, tmp_path):
    rep = Replay.from_game(game, player="Ира", group="G")
    rep.save(tmp_path / "ira.json")
    with Leaderboard.open(tmp_path / "lb.sqlite3", scenarios=ScenarioLibrary([PATH])) as board:
        result = board.import_file(tmp_path / "ira.json")
        assert result.ok, result.error
        stored = board.replay(result.entry.id)
        assert [p.conversations for p in stored.plans] == [p.conversations for p in rep.plans]
        assert result.entry.score == pytest.approx(game.result().score)


def test_what_if_keeps_the_conversations_before_the_fork(scenario, game):
    same = fork(scenario, 7, list(game.plans), len(game.plans), None)
    assert same.result().score == pytest.approx(game.result().score)
    branch = fork(scenario, 7, list(game.plans), 1, STRATEGIES["balanced"])
    assert branch.plans[0].conversations == game.plans[0].conversations
    assert branch.result().score == pytest.approx(game.result().score)   # balanced plays on as it played


def test_a_conversation_record_is_checked_as_data():
    with pytest.raises(PlanError):
        MonthPlan.from_json({"conversations": [{"client": "x", "touch": "call", "questions": []}]})
    plan = MonthPlan.from_json({"conversations": [{"client": 1, "touch": "call", "questions": ["today"]}]})
    assert plan.conversations == (ConversationRecord(1, "call", ("today",)),)
