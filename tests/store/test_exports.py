"""CSV opens in a spreadsheet with Cyrillic intact; the HTML report is self-contained and escapes user text."""
from __future__ import annotations

import csv
import io
from html import escape
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from store_helpers import make_replay

from simulator.store.export_csv import write_csv
from simulator.store.export_html import html_report, write_html
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import clean_name
from simulator.store.review import month_summaries
from simulator.store.scenarios import ScenarioLibrary
from tests.postgres_db import BACKENDS, database

EVIL = "<script>alert(1)</script>"
EVIL_GROUP = '"><img src=x onerror=alert(2)>'


@pytest.fixture(params=BACKENDS)
def board(request, tmp_path, tiny_path, tiny):
    """Four hostile and ordinary entries, on an SQLite file and again on a PostgreSQL database."""
    with database(request.param, tmp_path / "lb.sqlite3") as where, \
            Leaderboard.open(where, scenarios=ScenarioLibrary([tiny_path])) as opened:
        for seed, (player, group, strategy) in zip((0, 1, 0, 3), [  # a group plays one seed
            ("Анна Щукина", "Москва-1", "balanced"),
            (EVIL, EVIL_GROUP, "greedy"),
            ("=HYPERLINK(\"http://x\")", "Москва-1", "passive"),
            ("Ёжик 🦔", "", "spammer"),
        ]):
            opened.add_replay(make_replay(tiny, seed=seed, strategy=strategy, player=player, group=group))
        yield opened


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)


def test_csv_round_trips_cyrillic_names_and_opens_in_excel(board, tmp_path):
    out = tmp_path / "board.csv"
    write_csv(out, board.rankings())
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    entries = [e for b in board.rankings() for e in b.entries]
    assert [r["player"].removeprefix("'") for r in rows] == [e.player for e in entries]
    assert [r["group"] for r in rows if r["group"] != EVIL_GROUP] == [e.group for e in entries if e.group != EVIL_GROUP]
    assert [float(r["score"]) for r in rows] == [e.score for e in entries]
    assert [int(r["rank"]) for r in rows] == [1, 2, 3, 4]
    assert "Анна Щукина" in {r["player"] for r in rows}


def test_csv_does_not_let_a_name_run_as_a_spreadsheet_formula(board, tmp_path):
    out = tmp_path / "board.csv"
    write_csv(out, board.rankings(), delimiter=";")
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    formula = [r["player"] for r in rows if "HYPERLINK" in r["player"]]
    assert formula == ["'=HYPERLINK(\"http://x\")"]


def test_csv_is_written_atomically_over_an_old_export(board, tmp_path):
    out = tmp_path / "board.csv"
    write_csv(out, [])  # an earlier export (of no games)
    assert "Анна Щукина" not in out.read_text(encoding="utf-8-sig")
    write_csv(out, board.rankings(group="Москва-1"))
    assert "Анна Щукина" in out.read_text(encoding="utf-8-sig")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".board")] == []


def test_html_escapes_every_name_and_loads_nothing_from_outside(board):
    page = html_report(board.rankings(), lambda e: board.review(e.id), lang="en")
    assert EVIL not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parser = _Tags()
    parser.feed(page)
    assert {"script", "img", "link", "iframe", "object", "embed"}.isdisjoint(parser.tags)
    assert {"src", "href", "onerror", "onload"}.isdisjoint(parser.attrs)
    assert "http://" not in page.replace('=HYPERLINK(&quot;http://x&quot;)', "")
    assert parser.tags.count("svg") >= 1 + 4  # the scores chart and one month chart per player


def test_html_shows_each_players_months_decisions_and_outcomes(board, tiny):
    page = html_report(board.rankings(), lambda e: board.review(e.id), lang="en")
    assert page.count("<details>") == 4
    for player in ("Анна Щукина", "Ёжик 🦔"):
        assert player in page
    assert "Call: " in page  # touches by type
    assert "Kit: 40%" in page  # the markup set
    assert "Kit: " in page and "Care: " in page
    # Every outcome line of every month, in the engine's own words.
    lines = [f"{n} × {why}" for b in board.rankings() for e in b.entries
             for m in month_summaries(board.review(e.id), "en") for n, why in m.lost + m.refused]
    assert lines and all(escape(line) in page for line in lines)
    assert page.count('<table class="months">') == 4
    months = page.split('<table class="months">')[1].split("</table>")[0]
    assert months.count("<tr>") == tiny.turns + 1


def test_html_headings_in_russian(board, tmp_path):
    out = tmp_path / "report.html"
    write_html(out, board.rankings(), lambda e: board.review(e.id), lang="ru", filters={"группа": "Москва-1"})
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ru">' in page and "Таблица результатов" in page and "Наценки" in page
    assert "Звонок: " in page and "Набор: 40%" in page


def test_html_for_an_empty_board_says_so(tmp_path):
    page = html_report([], lambda e: None, lang="en")
    assert "No results yet." in page


@pytest.mark.slow  # a property test over many stored games: 18 s on the busy 2-core machine
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=80))
def test_any_unicode_name_is_stored_cleaned_and_shown_escaped(tmp_path_factory, tiny, tiny_path, name):
    path = tmp_path_factory.mktemp("names") / "lb.sqlite3"
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as fresh:
        entry = fresh.add_replay(make_replay(tiny, seed=1, player=name, group=name)).entry
        assert entry.player == clean_name(name) and len(entry.player) <= 64
        page = html_report(fresh.rankings(), lambda e: fresh.review(e.id))
        if entry.player:
            assert escape(entry.player) in page
        parser = _Tags()
        parser.feed(page)
        assert {"script", "img", "iframe"}.isdisjoint(parser.tags)
