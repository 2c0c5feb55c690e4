"""Replays are the truth: imports re-simulate, refuse what does not hold, and never duplicate."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from store_helpers import make_replay

from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay, ReplayError
from simulator.store.scenarios import ScenarioLibrary
from tests.postgres_db import BACKENDS, database


@pytest.fixture(params=BACKENDS)
def board(request, tmp_path, tiny_path):
    """An empty leaderboard: an SQLite file, and the same tests again on a PostgreSQL database."""
    with database(request.param, tmp_path / "lb.sqlite3") as where, \
            Leaderboard.open(where, scenarios=ScenarioLibrary([tiny_path])) as opened:
        yield opened


@pytest.fixture(scope="module")
def good(tiny):
    return make_replay(tiny, seed=5, strategy="balanced", player="Ирина", group="Группа-1")


def _write(tmp_path, name, data) -> str:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_good_replay_is_stored_with_the_replayed_score_and_kpis(board, good, tmp_path):
    good.save(tmp_path / "ira.json")
    result = board.import_file(tmp_path / "ira.json")
    assert result.ok and result.created and result.error is None
    entry = result.entry
    assert (entry.player, entry.group, entry.seed) == ("Ирина", "Группа-1", 5)
    assert entry.score == pytest.approx(good.claimed_score)
    assert entry.kpis["loyalty"] is not None and entry.kpis["bonus"] is not None
    assert board.replay(entry.id).plans == good.plans


def test_a_claimed_score_is_never_trusted_only_checked(board, good, tmp_path):
    data = good.to_json()
    data["claimed_score"] = good.claimed_score + 25
    result = board.import_file(_write(tmp_path, "boast.json", data))
    assert not result.ok and result.code == "score_mismatch"
    assert "does not match the replayed score" in result.error
    assert board.count() == 0


def test_a_mismatch_from_another_game_version_says_so(board, good, tmp_path):
    from simulator.store.code_version import rules_fingerprint
    assert good.rules == rules_fingerprint()  # a replay records the rules it was played under
    data = good.to_json()
    data["claimed_score"] = good.claimed_score + 1
    same = board.import_file(_write(tmp_path, "same.json", data))
    assert "another version" not in same.error
    data["rules"] = "\x1b[2J<b>"  # echoed in messages only when it looks like a fingerprint
    assert "another version" not in board.import_file(_write(tmp_path, "junk.json", data)).error
    data["rules"] = "0123456789ab"
    other = board.import_file(_write(tmp_path, "old.json", data))
    assert not other.ok and other.code == "score_mismatch"
    assert "another version of Sales Desk (rules 0123456789ab" in other.error
    data["claimed_score"] = good.claimed_score  # the rules field is informational: it never decides
    assert board.import_file(_write(tmp_path, "fine.json", data)).ok


def test_a_replay_without_a_claimed_score_gets_the_replayed_one(board, good, tmp_path):
    data = good.to_json()
    data["claimed_score"] = None
    result = board.import_file(_write(tmp_path, "modest.json", data))
    assert result.ok and result.entry.score == pytest.approx(good.claimed_score)


def test_a_plan_that_breaks_a_rule_is_refused(board, good, tmp_path):
    data = good.to_json()
    data["plans"][1]["markups"]["kit"] = 5.0  # the band is 0.1..1.0
    result = board.import_file(_write(tmp_path, "cheat.json", data))
    assert not result.ok and result.code == "plan_rule"
    assert "month 2" in result.error and "breaks a rule" in result.error


def test_an_edited_plan_within_the_rules_no_longer_matches_its_score(board, good, tmp_path):
    data = good.to_json()
    data["plans"][0]["markups"]["kit"] = 0.95
    result = board.import_file(_write(tmp_path, "edited.json", data))
    assert not result.ok and result.code == "score_mismatch"


def test_a_changed_scenario_hash_is_refused(board, good, tmp_path):
    data = good.to_json()
    data["scenario"]["hash"] = "0123456789abcdef"
    result = board.import_file(_write(tmp_path, "hash.json", data))
    assert not result.ok and result.code == "scenario_hash"
    assert "0123456789abcdef" in result.error


def test_an_unknown_scenario_or_version_is_refused(board, good, tmp_path):
    data = good.to_json()
    data["scenario"]["id"] = "no-such-scenario"
    result = board.import_file(_write(tmp_path, "unknown.json", data))
    assert not result.ok and result.code == "unknown_scenario" and "no-such-scenario" in result.error
    data = good.to_json()
    data["scenario"]["version"] = 7
    result = board.import_file(_write(tmp_path, "v7.json", data))
    assert not result.ok and result.code == "scenario_version" and "version 7" in result.error


def test_a_replay_with_a_month_missing_is_refused(board, good, tmp_path):
    data = good.to_json()
    data["plans"] = data["plans"][:-1]
    result = board.import_file(_write(tmp_path, "short.json", data))
    assert not result.ok and result.code == "months"


@pytest.mark.parametrize("content", [
    '{"format": "sales-desk-replay", "format_version": 1, "scenario": {"id": "tiny-te',  # truncated
    "player,score\nАнна,100\n",                                                           # a CSV, not JSON
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",                                # binary
    b"",                                                                                  # empty
    "[1, 2, 3]",                                                                          # JSON, not a replay
])
def test_broken_files_are_refused_cleanly(board, tmp_path, content):
    result = board.import_file(_write(tmp_path, "broken.json", content))
    assert not result.ok
    assert result.code in ("unreadable", "format")
    assert result.error.startswith(str(tmp_path / "broken.json"))
    assert board.count() == 0


def test_a_truncated_real_replay_is_refused(board, good, tmp_path):
    text = good.dumps()
    result = board.import_file(_write(tmp_path, "cut.json", text[: len(text) // 2]))
    assert not result.ok and result.code == "unreadable" and "truncated" in result.error


def test_one_bad_file_does_not_stop_the_others(board, tiny, tmp_path):
    files = []
    for seed, player in ((1, "Анна"), (2, "Борис")):
        path = tmp_path / f"{player}.json"
        make_replay(tiny, seed=seed, player=player).save(path)
        files.append(str(path))
    files.insert(1, _write(tmp_path, "junk.json", b"\x00\xff garbage"))
    results = board.import_files(files)
    assert [r.ok for r in results] == [True, False, True]
    assert sorted(e.player for b in board.rankings() for e in b.entries) == ["Анна", "Борис"]


def test_importing_the_same_replay_twice_keeps_one_entry(board, good, tmp_path):
    good.save(tmp_path / "a.json")
    first = board.import_file(tmp_path / "a.json")
    second = board.import_file(tmp_path / "a.json")
    assert first.created and not second.created
    assert second.entry.id == first.entry.id and board.count() == 1


def test_the_same_game_resaved_with_another_claimed_time_is_still_one_entry(board, good, tmp_path):
    board.add_replay(good)
    later = Replay.from_json({**good.to_json(), "finished_at": "2030-01-01T00:00:00Z", "strategy": None})
    assert not board.add_replay(later).created
    assert board.count() == 1


def test_a_colleagues_game_renamed_is_refused_as_a_copy(board, good, tmp_path):
    first = board.add_replay(good).entry
    copy = _write(tmp_path, "copy.json", {**good.to_json(), "player": "Пётр"})
    result = board.import_file(copy)
    assert not result.ok and result.code == "duplicate"
    assert f"entry {first.id} by {good.player}" in result.error
    assert board.count() == 1


def test_the_same_game_with_its_batches_reordered_is_the_same_entry(board, good, tmp_path):
    first = board.add_replay(good).entry
    data = good.to_json()
    for plan in data["plans"]:
        plan["touches"].reverse()
        for batch in plan["touches"] + plan["offers"]:
            batch["clients"] = list(reversed(batch["clients"])) + batch["clients"][:1]  # a repeat is no extra touch
        plan["offers"].reverse()
    assert data["plans"] != good.to_json()["plans"]
    result = board.import_file(_write(tmp_path, "shuffled.json", {**data, "claimed_score": None}))
    assert result.ok and not result.created and result.entry.id == first.id
    assert board.count() == 1


def test_a_game_from_the_engine_is_stored_and_reviewable(board, tiny):
    from simulator.strategies import STRATEGIES, play

    game = play(tiny, 11, STRATEGIES["discounter"])
    added = board.add_game(game, player="  Ольга\u0007  ", group="Вечер")
    assert added.created and added.entry.player == "Ольга"
    again = board.review(added.entry.id)
    assert [r.kpis for r in again.reports] == [r.kpis for r in game.reports]


def test_an_unfinished_game_is_refused(board, tiny):
    from simulator.engine import Game, MonthPlan

    game = Game(tiny, 3)
    game.play_month(MonthPlan())
    with pytest.raises(ReplayError) as caught:
        board.add_game(game, player="Нетерпеливый")
    assert caught.value.code == "months"
    assert board.count() == 0


def _mutations():
    """Small edits a careless or dishonest hand might make to a replay's JSON."""
    junk = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                     st.text(max_size=5), st.lists(st.integers(-3, 30), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
    paths = st.sampled_from([
        ("seed",), ("player",), ("group",), ("claimed_score",), ("scenario",), ("scenario", "version"),
        ("scenario", "id"), ("plans",), ("plans", 0), ("plans", 1, "markups"), ("plans", 1, "markups", "kit"),
        ("plans", 2, "touches"), ("plans", 0, "touches", 0, "clients"), ("plans", 0, "touches", 0, "kind"),
        ("plans", 0, "offers"), ("format_version",),
    ])
    return st.lists(st.tuples(paths, junk), min_size=1, max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=_mutations())
def test_any_edit_is_either_refused_with_a_reason_or_replays_to_the_truth(board, good, tmp_path, edits):
    data = json.loads(good.dumps())
    for path, value in edits:
        target = data
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    result = board.import_file(_write(tmp_path, "mutant.json", json.dumps(data)))
    if result.ok:
        # Whatever was accepted is exactly what replaying the stored plans gives.
        again = board.review(result.entry.id)
        assert again.result().score == pytest.approx(result.entry.score)
    else:
        assert result.code and result.error


def test_a_scenario_file_given_once_is_remembered_for_review_and_later_imports(tmp_path, tiny_path, tiny):
    path = tmp_path / "lb.sqlite3"
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as first:
        entry = first.add_replay(make_replay(tiny, seed=1, player="Анна")).entry
    make_replay(tiny, seed=2, player="Борис").save(tmp_path / "boris.json")
    with Leaderboard.open(path) as later:  # shipped scenarios only: the tiny file is not given
        assert len(later.review(entry.id).reports) == tiny.turns
        assert later.import_file(tmp_path / "boris.json").ok


def test_long_and_odd_names_are_cleaned_and_limited(board, good):
    odd = Replay.from_json({**good.to_json(), "player": "Ж" * 500 + "\x1b[31m", "group": "\tГруппа\n\u0000 2 "})
    entry = board.add_replay(odd).entry
    assert entry.player == "Ж" * 64
    assert entry.group == "Группа 2"
