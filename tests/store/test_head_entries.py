"""Head-of-sales games on the leaderboard: imported and added like desk games, recomputed, never trusted.

A head replay is verified by playing the head's decisions again (``verify_head``); a tampered one is
refused with the reason and the board keeps what it had. Head entries rank on their head scenario's own
board with its KPIs (morale and quits besides the desk's), and the aligned head is their reference.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from store_helpers import ROOT, back_from_version_8, make_replay

from simulator.head import HeadDecision, HeadGame
from simulator.head.heads import HEADS, play_head
from simulator.scenario import load_file
from simulator.store import schema
from simulator.store.export_csv import csv_text
from simulator.store.export_html import html_report
from simulator.store.head_replay import HeadReplay
from simulator.store.head_session import HeadSession
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import MAX_REPLAY_BYTES, ReplayError
from simulator.store.scenarios import ScenarioLibrary
from tests.postgres_db import BACKENDS, database

HEAD_FREE = ROOT / "scenarios" / "head-free-markup.yaml"


@pytest.fixture(scope="module")
def free():
    return load_file(HEAD_FREE)


@pytest.fixture(params=BACKENDS)
def board(request, tmp_path, tiny_path):
    """An empty leaderboard (the shipped head scenarios are in its library): SQLite, and PostgreSQL too."""
    with database(request.param, tmp_path / "lb.sqlite3") as where, \
            Leaderboard.open(where, scenarios=ScenarioLibrary([tiny_path])) as opened:
        yield opened


@pytest.fixture(scope="module")
def games(free):
    """Finished head games on seed 5: a person's (the opaque head's decisions, played by hand) and a bot's."""
    return {name: play_head(free, 5, HEADS[name]) for name in ("opaque", "misaligned")}


def _person(game: HeadGame, player: str = "Анна", group: str = "Отдел-1") -> HeadReplay:
    return HeadReplay.from_game(game, player=player, group=group, finished_at="2026-11-30T10:00:00Z")


def _write(tmp_path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_an_imported_head_replay_ranks_with_the_recomputed_score_and_its_kpis(board, games, free, tmp_path):
    game = games["opaque"]
    _person(game).save(tmp_path / "anna.json")
    result = board.import_file(tmp_path / "anna.json")
    assert result.ok and result.created, result.error
    entry = result.entry
    assert entry.kind == "head" and entry.played_by == "person"
    assert entry.score == pytest.approx(game.result().score)
    assert entry.kpis["morale"] == pytest.approx(game.result().kpis["morale"])
    assert entry.kpis["quits"] == game.result().kpis["quits"]
    assert entry.kpis["net_profit"] == pytest.approx(game.result().kpis["net_profit"])
    aligned = play_head(free, 5, HEADS["aligned"]).result().score
    assert entry.reference_score == pytest.approx(aligned)          # "vs reference": the aligned head, same seed
    assert entry.skill is not None
    (ranked,) = board.rankings(scenario_id="head-free-markup")
    assert (ranked.scenario_id, ranked.official) == ("head-free-markup", True)
    assert [e.player for e in ranked.entries] == ["Анна"] and ranked.entries[0].rank == 1
    by_morale = board.rankings(scenario_id="head-free-markup", kpi="morale")[0]
    assert by_morale.entries[0].value("morale") == pytest.approx(entry.kpis["morale"])
    again = board.import_file(tmp_path / "anna.json")
    assert again.ok and not again.created and again.entry.id == entry.id
    assert board.count() == 1


def test_head_and_desk_games_keep_to_their_own_boards(board, games, tiny):
    board.add_replay(make_replay(tiny, seed=5, player="Борис"))
    board.add_replay(_person(games["opaque"]))
    boards = {b.scenario_id: b for b in board.rankings()}
    assert set(boards) == {"tiny-test", "head-free-markup"}
    assert [e.kind for e in boards["tiny-test"].entries] == ["desk"]
    assert "morale" not in boards["tiny-test"].entries[0].kpis   # a desk game has no team
    assert [e.kind for e in boards["head-free-markup"].entries] == ["head"]


def test_add_game_takes_a_finished_head_game_like_a_desk_game(board, games):
    added = board.add_game(games["opaque"], player="Вера", group="Отдел-2")
    assert added.created and added.entry.kind == "head" and added.entry.player == "Вера"
    again = board.add_game(games["opaque"], player="Вера", group="Отдел-2")
    assert not again.created and again.entry.id == added.entry.id


def test_the_same_decisions_under_another_name_are_refused_as_a_copy(board, games):
    board.add_replay(_person(games["opaque"], "Анна"))
    with pytest.raises(ReplayError) as err:
        board.add_replay(_person(games["opaque"], "Глеб"))
    assert err.value.code == "duplicate" and "Анна" in str(err.value)
    assert [e.player for e in board.rankings()[0].entries] == ["Анна"]


def test_a_reference_heads_replay_is_marked_as_the_heads(board, games):
    rep = HeadReplay.from_game(games["misaligned"], head="misaligned")
    entry = board.add_replay(rep).entry
    assert entry.strategy == "misaligned" and entry.played_by == "head:misaligned"


def _tampered(rep: HeadReplay, how: str):
    data = rep.to_json()
    if how == "decision":
        data["decisions"][0][1]["pay"]["oleg"]["rate"] = 0.5   # a kinder pay scheme, the same claimed score
    elif how == "claimed":
        data["claimed_score"] = rep.claimed_score + 5
    elif how == "hash":
        data["scenario"]["hash"] = "0" * 16
    elif how == "malformed":
        data["decisions"][0][0]["team_pay"]["bonus_base"] = "invoice"
    elif how == "version":
        data["scenario"]["version"] = 99
    elif how == "months":
        data["decisions"] = data["decisions"][:-1]
    elif how == "padded":
        data["decisions"][0] = data["decisions"][0] + [{}] * 60
    elif how == "not_a_list":
        data["decisions"] = {"0": []}
    return data


@pytest.mark.parametrize("how, code", [
    ("decision", "score_mismatch"), ("claimed", "score_mismatch"), ("hash", "scenario_hash"), ("malformed", "format"),
    ("version", "scenario_version"), ("months", "months"), ("padded", "too_large"), ("not_a_list", "format"),
])
def test_a_tampered_head_replay_is_refused_with_the_reason_and_the_board_is_unchanged(board, games, tmp_path, how, code):
    kept = board.add_replay(_person(games["misaligned"], "Дина")).entry
    before = board.rankings()
    result = board.import_file(_write(tmp_path, f"{how}.json", _tampered(_person(games["opaque"]), how)))
    assert not result.ok and result.code == code and result.error
    assert str(tmp_path) in result.error                      # the message names the file
    assert board.count() == 1 and board.get(kept.id) == kept
    assert board.rankings() == before


def test_a_huge_head_replay_is_refused_before_it_is_read(board, tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.write(b'{"format": "sales-desk-head-replay", "decisions": [')
        f.truncate(MAX_REPLAY_BYTES + 1)
    result = board.import_file(path)
    assert not result.ok and result.code == "unreadable"
    assert board.count() == 0


def test_import_files_takes_desk_and_head_replays_together(board, games, tiny, tmp_path):
    make_replay(tiny, seed=3, player="Ева").save(tmp_path / "desk.json")
    _person(games["opaque"], "Жанна").save(tmp_path / "head.json")
    bad = _write(tmp_path, "bad.json", _tampered(_person(games["misaligned"], "Зоя"), "claimed"))
    results = board.import_files([tmp_path / "desk.json", tmp_path / "head.json", bad])
    assert [r.ok for r in results] == [True, True, False]
    assert [r.entry.kind for r in results[:2]] == ["desk", "head"]
    assert results[2].code == "score_mismatch"


def test_a_head_entry_is_reviewed_as_a_head_game_and_the_desk_review_refuses_it(board, games, tiny):
    head = board.add_replay(_person(games["opaque"])).entry
    desk = board.add_replay(make_replay(tiny, seed=5, player="Борис")).entry
    game = board.head_review(head.id)
    assert isinstance(game, HeadGame) and game.result().score == pytest.approx(head.score)
    assert len(game.reports) == game.scenario.turns
    assert board.head_replay(head.id).decisions == _person(games["opaque"]).decisions
    for desk_only in (board.replay, board.review):
        with pytest.raises(ReplayError) as err:
            desk_only(head.id)
        assert err.value.code == "head_entry" and "head" in str(err.value)
    with pytest.raises(ReplayError) as err:
        board.head_review(desk.id)
    assert err.value.code == "desk_entry"
    assert isinstance(board.review_any(head.id), HeadGame)
    assert board.review_any(desk.id).result().score == pytest.approx(desk.score)
    with pytest.raises(KeyError):
        board.head_review(9999)


def test_a_head_session_in_progress_hands_in_its_replay(board, free):
    session = HeadSession(free, HEAD_FREE, seed=9, player="Ирина", group="Отдел-3")
    while not session.game.finished:
        if session.game.decision_month:
            HEADS["opaque"].decide(session.game)
        session.end_month()
    added = board.add_replay(session.replay())
    assert added.created and added.entry.player == "Ирина" and added.entry.group == "Отдел-3"
    assert added.entry.score == pytest.approx(session.game.result().score)


def test_the_aligned_heads_game_handed_in_as_a_persons_is_refused_and_marked_as_the_heads_it_ranks(board, free):
    """The reference head's decisions relabelled as a trainee's would put the bot's score under his name."""
    game = play_head(free, 6, HEADS["aligned"])
    with pytest.raises(ReplayError) as err:
        board.add_replay(_person(game, "Хитрый"))
    assert err.value.code == "reference_copy" and "aligned" in str(err.value)
    assert board.count() == 0
    added = board.add_replay(HeadReplay.from_game(game, player="aligned", head="aligned"))
    assert added.created and added.entry.strategy == "aligned"


def test_an_unfinished_head_game_is_refused(board, free):
    game = HeadGame(free, 4)
    game.decide(HeadDecision())
    game.play_month()
    with pytest.raises(ReplayError) as err:
        board.add_game(game, player="Спешка")
    assert err.value.code == "months"
    assert board.count() == 0


def test_exports_show_head_entries_with_their_kpis_and_escape_names(board, games):
    board.add_replay(_person(games["opaque"], "<script>alert(1)</script>", "=cmd|' /C calc'!A0"))
    boards = board.rankings(scenario_id="head-free-markup")
    rows = list(csv.DictReader(io.StringIO(csv_text(boards))))
    quits = str(games["opaque"].result().kpis["quits"])
    assert rows[0]["morale"] and rows[0]["quits"] == quits and rows[0]["played_by"] == "person"
    assert rows[0]["group"].startswith("'=")                 # no formula
    report = html_report(boards, lambda e: board.review_any(e.id), "ru")
    assert "<script>alert" not in report and "&lt;script&gt;" in report
    assert "Настрой команды" in report and "Ушли продавцы" in report      # the head game's own KPIs
    assert report.count("<tr><td class=\"n\">") >= games["opaque"].scenario.turns  # its months, one row each


def test_a_version_5_database_opens_and_takes_head_games(tmp_path, tiny, tiny_path, games):
    path = tmp_path / "old.sqlite3"
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as lb:
        desk = lb.add_replay(make_replay(tiny, seed=2, player="Старый")).entry
    conn = sqlite3.connect(path)   # back to version 5, as that release left it
    back_from_version_8(conn)
    for column in ("bot_like", "bot_share", "similarity", "kind"):
        conn.execute(f"ALTER TABLE entries DROP COLUMN {column}")
    conn.execute("ALTER TABLE workshop_sessions DROP COLUMN anonymous")
    for kpi in schema.HEAD_KPI_COLUMNS:
        conn.execute(f"ALTER TABLE entries DROP COLUMN kpi_{kpi}")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as lb:
        assert lb.get(desk.id) == desk and lb.get(desk.id).kind == "desk"
        assert lb.add_replay(_person(games["opaque"])).entry.kind == "head"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION == 9
    conn.close()


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=4), max_leaves=10)


def _paths(data, prefix=()):
    """Every place in the JSON data a value sits."""
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


@pytest.mark.slow  # a property test over many stored games: 24 s + 3.5 s of set-up on the busy 2-core machine
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.integers(min_value=0), value=JSON_VALUES)
def test_any_damage_to_a_head_replay_is_refused_or_recomputed_never_a_crash(tmp_path_factory, games, where, value):
    data = _person(games["misaligned"], "Фаз").to_json()
    paths = list(_paths(data))[1:]
    path = paths[where % len(paths)]
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    folder = tmp_path_factory.mktemp("fuzz")
    with Leaderboard.open(folder / "lb.sqlite3") as lb:
        result = lb.import_file(_write(folder, "f.json", data))
        if result.ok:
            assert result.entry.score == pytest.approx(lb.head_review(result.entry.id).result().score)
        else:
            assert result.code and result.error and lb.count() == 0
