"""The trainer's group view: each KPI's spread over the group and the mistakes many games made, from real
replays of the tiny scenario stored in a leaderboard."""
from __future__ import annotations

import statistics

import numpy as np
import pytest

from simulator.engine import MonthPlan, TouchBatch, replay
from simulator.store.group import GROUP_KPIS, group_view, spreads
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay
from simulator.store.scenarios import ScenarioLibrary
from simulator.strategies import STRATEGIES, play


def _game(tiny, kit_markup: float, touched: int):
    """Three months: month 1 sets the kit markup and calls the first ``touched`` clients; nothing else."""
    calls = (TouchBatch(kind="call", clients=np.arange(touched)),) if touched else ()
    return replay(tiny, 1, [MonthPlan(markups={"kit": kit_markup}, touches=calls), MonthPlan(), MonthPlan()])


@pytest.fixture
def board(tmp_path, tiny, tiny_path):
    """Five people's games (three with the kit at its ceiling in month 1, none with an offer, two that called
    every client first) and a bot's game, which is not the group's."""
    with Leaderboard.open(tmp_path / "board.sqlite3", scenarios=ScenarioLibrary([tiny_path])) as lb:
        plays = [(1.0, 0), (1.0, 1), (1.0, 12), (0.5, 0), (0.6, 12)]
        for k, (markup, touched) in enumerate(plays):
            lb.add_game(_game(tiny, markup, touched), player=f"Игрок {k + 1}", group="G")
        bot = Replay.from_game(play(tiny, 1, STRATEGIES["greedy"]), player="greedy", group="G", strategy="greedy")
        lb.add_replay(bot, scenario=tiny)
        yield lb


def test_the_spread_of_each_kpi_is_its_mean_deviation_and_every_value(board):
    entries = board.rankings(group="G")[0].entries
    people = [e for e in entries if not e.strategy]
    assert len(entries) == 6 and len(people) == 5
    view = group_view(board, entries)
    assert view.games == 5 and view.unreadable == 0
    by_kpi = {s.kpi: s for s in view.spreads}
    assert list(by_kpi) == [k for k in GROUP_KPIS if k in by_kpi] and "score" in by_kpi and "loyalty" in by_kpi
    for kpi in ("score", "gross_profit", "loyalty"):
        values = [e.value(kpi) for e in people]
        s = by_kpi[kpi]
        assert s.n == 5 and s.values == tuple(sorted(values))
        assert s.mean == pytest.approx(statistics.mean(values))
        assert s.sd == pytest.approx(statistics.pstdev(values))
        assert (s.low, s.high) == (min(values), max(values))
    assert spreads(people[:1], ["score"])[0].sd == 0.0  # one game has no spread
    assert spreads(people, ["no_such_kpi"]) == []


def test_common_mistakes_count_each_game_once_most_common_first_and_leave_the_bot_out(board):
    view = group_view(board, board.rankings(group="G")[0].entries)
    counts = {(m.code, m.product): m.count for m in view.mistakes}
    assert counts[("ceiling_first_month", "kit")] == 3       # "3 of 5 set the kit markup at the ceiling in month 1"
    assert counts[("no_offers", None)] == 5                  # nobody offered anything
    assert counts[("renewals_untouched", None)] == 3         # the two who called everyone first are not counted
    assert ("ceiling_first_month", "care") not in counts     # only the bot priced care at its ceiling
    assert [m.count for m in view.mistakes] == sorted((m.count for m in view.mistakes), reverse=True)


def test_a_game_that_cannot_be_replayed_is_counted_apart(board, tmp_path):
    entries = board.rankings(group="G")[0].entries
    with Leaderboard.open(tmp_path / "board.sqlite3") as stranger:  # no library with the tiny scenario...
        stranger.scenarios.set_stored_lookup(lambda digest: None)  # ...nor its stored copy
        view = group_view(stranger, entries)
    assert view.games == 0 and view.unreadable == 5 and view.mistakes == []
    assert [s.n for s in view.spreads if s.kpi == "score"] == [5]  # the stored KPIs still make the spreads


def test_the_html_report_shows_the_group_as_a_whole(board):
    from simulator.store.export_html import html_report

    boards = board.rankings(group="G")
    page = html_report(boards, lambda e: board.review(e.id), lang="en")
    start = page.index("The group as a whole")
    group = page[start:page.index("</ul>", start)]
    assert "Games by people in the group: 5" in group
    assert "3 of 5: set the Kit markup at the ceiling in month 1" in group
    assert "5 of 5: offered no other product to anyone" in group
    assert "Care markup" not in group  # the bot's mistake is not the group's
    people = [e for e in boards[0].entries if not e.strategy]
    mean = sum(e.score for e in people) / len(people)
    assert f"<td class=\"n\">{mean:.1f}</td>" in group and group.count("<svg") == group.count("</svg>") >= 5
    ru = html_report(boards, lambda e: board.review(e.id), lang="ru")
    assert "3 из 5: наценка на «Набор» на потолке в первом месяце" in ru
