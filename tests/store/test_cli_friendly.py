"""The leaderboard command when a trainer mistypes: a path, a group, a date. Each says what is wrong and what exists."""
from __future__ import annotations

import json

import pytest
from store_helpers import make_replay

from simulator.cli import main
from simulator.store.export_html import html_report
from simulator.store.leaderboard import Leaderboard
from simulator.store.scenarios import ScenarioLibrary


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def db(tmp_path, tiny_path, tiny):
    path = tmp_path / "workshop.sqlite3"
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as board:
        for seed, (player, group) in enumerate([("Анна", "Москва-1"), ("Борис", "Москва-1"), ("Вера", "Казань")]):
            board.add_replay(make_replay(tiny, seed=seed, strategy="balanced", player=player, group=group))
    return path


def test_a_mistyped_db_is_an_error_naming_the_boards_nearby(db, capsys):
    wrong = db.with_name("workshp.sqlite3")
    code, out, err = _run(capsys, "leaderboard", "--db", wrong)
    assert code == 2 and out == ""
    assert f"no leaderboard at {wrong}" in err and "workshop.sqlite3" in err and "--create" in err
    assert not wrong.exists(), "a mistyped path must not leave an empty database behind"


def test_create_starts_an_empty_board_on_request(tmp_path, capsys):
    new = tmp_path / "new.sqlite3"
    code, out, _ = _run(capsys, "leaderboard", "--db", new, "--create")
    assert code == 0 and new.exists() and "no results yet" in out


def test_a_group_filter_that_matches_nothing_names_the_groups_there_are(db, capsys):
    code, out, err = _run(capsys, "leaderboard", "--db", db, "--group", "Москва-2")
    assert code == 0 and "no results yet" in out
    assert "3 game(s) on the leaderboard, none shown: no group `Москва-2`" in err
    assert "`Казань`" in err and "`Москва-1`" in err


def test_a_scenario_filter_that_matches_nothing_names_the_scenarios_there_are(db, tiny, capsys):
    _, _, err = _run(capsys, "leaderboard", "--db", db, "--scenario", "tinny")
    assert f"no scenario `tinny`; there are {tiny.id}" in err


def test_a_filter_that_matches_says_nothing_extra(db, capsys):
    code, out, err = _run(capsys, "leaderboard", "--db", db, "--group", "Казань")
    assert code == 0 and "Вера" in out and err == ""


@pytest.mark.parametrize("date, says", [
    ("2025-13-01", "--since '2025-13-01' is not a date: there is no month 13; write it as YYYY-MM-DD, e.g. 2025-03-01"),
    ("2025-02-30", "month 2 of 2025 has no day 30"),
    ("01.03.2025", "write it as YYYY-MM-DD: 2025-03-01"),
    ("yesterday", "--since 'yesterday' is not a date; write it as YYYY-MM-DD"),
])
def test_a_wrong_date_gets_a_friendly_message(db, capsys, date, says):
    code, _, err = _run(capsys, "leaderboard", "--db", db, "--since", date)
    assert code == 2 and says in err and "does not match format" not in err


def test_a_right_date_still_filters(db, capsys):
    code, out, _ = _run(capsys, "leaderboard", "--db", db, "--since", "2000-01-01", "--json")
    assert code == 0 and sum(len(b["entries"]) for b in json.loads(out)["boards"]) == 3


def test_the_html_report_names_strategies_and_shows_no_markdown_backticks(db, tiny_path):
    with Leaderboard.open(db, scenarios=ScenarioLibrary([tiny_path])) as board:
        boards = board.rankings()
        html = html_report(boards, lambda e: board.review(e.id), "en")
    assert "Balanced" in html and "Passive" in html, "the reference strategies by their names, not their ids"
    assert "`" not in html.split("<style>")[0] + html.split("</style>")[-1]
