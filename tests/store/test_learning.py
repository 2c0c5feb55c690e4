"""What a player answers around a game rides in the replay (codec and verification), and a learning record per
participant and lesson comes out of the games: predictions and how sure, lesson checks before and after, behaviour
in play; a group's lessons weakest first; exports for certifiers."""
from __future__ import annotations

import csv
import io
import json

import pytest

from simulator.scenario import load_file
from simulator.store.files import OutputRefused
from simulator.store.kinds import DESK
from simulator.store.leaderboard import Leaderboard
from simulator.store.learning_answers import LearningAnswers
from simulator.store.learning_record import (
    CSV_COLUMNS,
    board_records,
    csv_text,
    game_learning,
    group_lessons,
    learning_record,
    write_export,
)
from simulator.store.replay import Replay, ReplayError
from tests.balance_runs import SCENARIOS
from tests.cli_run import run_main
from tests.learning_play import scripted_session

TAX = load_file(SCENARIOS / "tax-law.yaml")


@pytest.fixture(scope="module")
def anna(certification):
    """Anna answers the lesson checks wrong before the game and right after; her predictions alternate."""
    return scripted_session(certification, 5, "Anna", predict="alternate", pre="wrong", post="right",
                            reflection="Call every renewal in the first month")


def roundtrip(rep: Replay) -> Replay:
    return Replay.from_json(json.loads(rep.dumps()))


def test_the_answers_ride_in_the_replay_and_verify(anna, certification):
    rep = roundtrip(anna.replay())
    assert rep.learning is not None and len(rep.learning.predictions) == 4
    assert {a.phase for a in rep.learning.checks} == {"pre", "post"}
    assert rep.learning.reflection.text == "Call every renewal in the first month"
    game = DESK.verify(rep, certification)
    assert game.result().score == anna.game.result().score


def test_answering_the_questions_changes_no_score(certification, anna):
    silent = scripted_session(certification, 5, "Boris", predict=None, pre=None, post=None)
    assert silent.replay().learning is None and "learning" not in silent.replay().to_json()
    assert silent.game.result().score == anna.game.result().score


def test_a_replay_from_before_learning_loads_and_verifies(anna, certification):
    data = json.loads(anna.replay().dumps())
    del data["learning"]
    rep = Replay.from_json(data)
    assert rep.learning is None
    assert DESK.verify(rep, certification).result().score == anna.game.result().score


@pytest.mark.parametrize("damage, code", [
    (lambda d: d["learning"]["predictions"][0].update(key="markup:nothing"), "learning"),
    (lambda d: d["learning"]["predictions"][0].update(choice=7), "learning"),
    (lambda d: d["learning"]["predictions"][0].update(month=30), "learning"),
    (lambda d: d["learning"]["checks"][0].update(check="no-such-check"), "learning"),
    (lambda d: d["learning"]["checks"][0].update(choice=4), "learning"),
    (lambda d: d["learning"].update(checks_hash="0000000000000000"), "learning"),
    (lambda d: d["learning"]["predictions"][0].update(confidence=1.5), "format"),
    (lambda d: d["learning"].update(extra=1), "format"),
    (lambda d: d["learning"]["checks"][0].update(phase="during"), "format"),
    (lambda d: d["learning"].update(reflection={"miss": "x", "text": 5}), "format"),
])
def test_answers_that_do_not_hold_to_the_game_are_refused_with_the_reason(anna, certification, damage, code):
    data = json.loads(anna.replay().dumps())
    damage(data)
    with pytest.raises(ReplayError) as refused:
        DESK.verify(Replay.from_json(data), certification)
    assert refused.value.code == code


def test_the_record_shows_what_changed_from_before_to_after(anna, certification):
    record = learning_record("Anna", "G", [game_learning(anna.replay(), anna.game, certification)])
    lessons = {r.lesson: r for r in record.measured()}
    for check in certification.lesson_checks:   # wrong before, right after: +100 points on each lesson checked
        assert lessons[check.lesson].change == pytest.approx(1.0)
    predictions = sum(r.predictions for r in lessons.values())
    right = sum(r.right for r in lessons.values())
    assert (predictions, right) == (4, 2)       # alternated: right, wrong, right, wrong
    calibrations = [r.calibration for r in lessons.values() if r.predictions]
    assert all(c in (pytest.approx(1 - 0.2 ** 2), pytest.approx(1 - 0.8 ** 2), pytest.approx(1 - (0.04 + 0.64) / 2))
               for c in calibrations)
    assert lessons[2].evidence["reasoned_contact"].count > 0    # behaviour in play, from the engine


def test_a_player_who_answers_better_after_playing_shows_a_change_across_two_scenarios(certification):
    games = []
    for scenario, seed in ((certification, 3), (TAX, 4)):
        session = scripted_session(scenario, seed, "Vera", predict="right", pre="wrong", post="right")
        games.append(game_learning(session.replay(), session.game, scenario))
    record = learning_record("Vera", "G", games)
    assert record.scenarios == ["certification", "tax-law"]
    by_lesson = {r.lesson: r for r in record.measured()}
    # Lesson 3 is checked in both scenarios (one check in certification, two in tax-law): three answers each side.
    assert (by_lesson[3].pre_total, by_lesson[3].post_total, by_lesson[3].change) == (3, 3, pytest.approx(1.0))
    assert all(r.prediction_share == 1.0 for r in by_lesson.values() if r.predictions)


def test_the_group_lessons_come_weakest_first_with_their_evidence(tmp_path, certification):
    with Leaderboard.open(tmp_path / "b.sqlite3") as board:
        for name, predict, post, bot in (("Anna", "right", "right", "balanced"), ("Boris", "wrong", "wrong", "greedy"),
                                         ("=cmd", "wrong", "right", "discounter")):
            session = scripted_session(certification, 5, name, predict=predict, pre="wrong", post=post, strategy=bot)
            board.add_replay(session.replay(), certification)
        entries = [e for b in board.rankings(group="G") for e in b.entries]
        records = board_records(board, entries)
    assert {r.player for r in records} == {"Anna", "Boris", "=cmd"}
    lessons = group_lessons(records)
    levels = [g.level for g in lessons]
    assert levels == sorted(levels) and len(lessons) >= 4
    weakest = lessons[0]
    assert weakest.people >= 1 and weakest.total.measured and "Boris" in weakest.lowest
    text = csv_text(records)
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert any(row[0] == "'=cmd" for row in rows[1:])   # a name a spreadsheet would run is kept as text
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)


def test_exports_are_written_atomically_and_never_over_another_file(tmp_path, anna, certification):
    records = [learning_record("Anna", "G", [game_learning(anna.replay(), anna.game, certification)])]
    target = tmp_path / "learning.csv"
    write_export(target, records)
    assert target.read_text(encoding="utf-8-sig").startswith("player,group,lesson,level")
    write_export(target, records)                      # its own export is replaced
    as_json = tmp_path / "learning.json"
    write_export(as_json, records)
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert data["format"] == "sales-desk-learning" and data["participants"][0]["player"] == "Anna"
    replay_file = tmp_path / "handed-in.json"
    replay_file.write_text(anna.replay().dumps(), encoding="utf-8")
    with pytest.raises(OutputRefused):
        write_export(replay_file, records)
    assert json.loads(replay_file.read_text(encoding="utf-8"))["format"] == "sales-desk-replay"


def test_leaderboard_json_carries_the_learning_record_and_the_export(tmp_path, anna, certification):
    db = tmp_path / "b.sqlite3"
    with Leaderboard.open(db) as board:
        board.add_replay(anna.replay(), certification)
    ran = run_main("leaderboard", "--db", str(db), "--json", "--export-learning", str(tmp_path / "l.csv"))
    assert ran.returncode == 0, ran.stderr
    data = json.loads(ran.stdout)
    person = data["learning"]["participants"][0]
    assert person["player"] == "Anna" and person["games"] == 1
    assert any(lesson["change"] == 1.0 for lesson in person["lessons"])
    assert data["learning"]["group_lessons"][0]["level"] <= data["learning"]["group_lessons"][-1]["level"]
    assert (tmp_path / "l.csv").read_text(encoding="utf-8-sig").count("\n") == 1 + len(person["lessons"])


def test_the_answers_parse_back_to_what_was_written(anna):
    answers = anna.learning
    assert LearningAnswers.from_json(json.loads(json.dumps(answers.to_json()))) == answers
