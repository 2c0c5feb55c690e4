"""Rankings per scenario version and group, fair skill across seeds, KPI boards, filters."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from store_helpers import make_replay

from simulator.store import kinds as kinds_module
from simulator.store.entries import date_bound
from simulator.store.leaderboard import Leaderboard
from simulator.store.references import forget_played
from simulator.store.replay import Replay, ReplayError
from simulator.store.scenarios import ScenarioLibrary
from simulator.strategies import STRATEGIES, play
from tests.postgres_db import BACKENDS, database


@pytest.fixture(params=BACKENDS)
def board(request, tmp_path, tiny_path):
    """An empty leaderboard: an SQLite file, and the same tests again on a PostgreSQL database."""
    with database(request.param, tmp_path / "lb.sqlite3") as where, \
            Leaderboard.open(where, scenarios=ScenarioLibrary([tiny_path])) as opened:
        yield opened


def _players(boards):
    return [e.player for b in boards for e in b.entries]


def test_the_board_is_sorted_by_score_best_first_with_ranks(board, tiny):
    for strategy, player in [("passive", "П"), ("balanced", "Б"), ("greedy", "Ж"), ("spammer", "С")]:
        board.add_replay(make_replay(tiny, seed=1, strategy=strategy, player=player))
    (only,) = board.rankings()
    scores = [e.score for e in only.entries]
    assert scores == sorted(scores, reverse=True)
    assert [e.rank for e in only.entries] == [1, 2, 3, 4]


def _equal_scores(board, score: float = 50.0) -> None:
    """Give every entry the same score: the same game twice is one entry, so real ties are rare."""
    with board._db.write() as conn:
        conn.execute("UPDATE entries SET score = ?", (score,))


def test_equal_scores_go_to_the_earlier_finish_then_the_name_then_the_id(board, tiny):
    games = iter((("balanced", 2), ("greedy", 2), ("discounter", 2), ("spammer", 2), ("passive", 2)))

    def add(player, group, finished):
        strategy, seed = next(games)
        return board.add_replay(make_replay(tiny, seed=seed, strategy=strategy, player=player, group=group,
                                            finished_at=finished))
    add("Яна", "", "2024-05-01T09:00:00Z")
    add("Борис", "", "2024-05-01T10:00:00Z")
    add("Анна", "", "2024-05-01T10:00:00Z")
    first = add("Вера", "B", "2024-05-01T11:00:00Z")
    second = add("Вера", "A", "2024-05-01T11:00:00Z")
    _equal_scores(board)
    (only,) = board.rankings()
    assert len({e.score for e in only.entries}) == 1
    assert _players([only]) == ["Яна", "Анна", "Борис", "Вера", "Вера"]
    assert [e.id for e in only.entries[-2:]] == [first.entry.id, second.entry.id]


@pytest.mark.slow  # a property test over many stored games: 14 s on the busy 2-core machine
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(games=st.lists(st.tuples(st.sampled_from(["Аня", "Боря", "Zed", "ann"]), st.sampled_from(list(STRATEGIES)),
                                st.integers(0, 2), st.integers(0, 3)), min_size=1, max_size=8))
def test_any_mix_of_results_is_ordered_by_the_documented_rule(tmp_path_factory, tiny, tiny_path, games):
    path = tmp_path_factory.mktemp("prop") / "lb.sqlite3"
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as fresh:
        for player, strategy, seed, hour in games:
            try:  # a group per seed: a group compares one seed
                fresh.add_replay(make_replay(tiny, seed=seed, strategy=strategy, player=player, group=f"s{seed}",
                                             finished_at=f"2024-05-01T1{hour}:00:00Z"))
            except ReplayError as exc:
                assert exc.code == "duplicate"  # the same bot game under another name
        (only,) = fresh.rankings()
        expected = sorted(only.entries, key=lambda e: (-e.score, e.finished_at, e.player, e.id))
        assert only.entries == expected
        assert len(only.entries) == fresh.count()


def test_each_scenario_version_has_its_own_board(board, tiny, certification):
    board.add_replay(make_replay(tiny, seed=1, player="Анна"))
    board.add_replay(make_replay(certification, seed=1, player="Борис"), scenario=certification)
    boards = board.rankings()
    assert sorted((b.scenario_id, [e.player for e in b.entries]) for b in boards) == [
        ("certification", ["Борис"]), ("tiny-test", ["Анна"])]
    assert all(b.entries[0].rank == 1 for b in boards)
    assert _players(board.rankings(scenario_id="certification")) == ["Борис"]
    assert board.rankings(scenario_id="tiny-test", scenario_version=2) == []


def test_filters_by_group_and_date(board, tiny):
    board.add_replay(make_replay(tiny, seed=1, player="Анна", group="Весна", finished_at="2024-03-10T12:00:00Z"))
    board.add_replay(make_replay(tiny, seed=1, strategy="greedy", player="Борис", group="Осень",
                                 finished_at="2024-10-10T12:00:00Z"))
    board.add_replay(make_replay(tiny, seed=1, strategy="spammer", player="Вера", group="Осень",
                                 finished_at="2024-10-31T23:30:00+00:00"))
    assert sorted(_players(board.rankings(group="Осень"))) == ["Борис", "Вера"]
    assert sorted(_players(board.rankings(group="  Осень "))) == ["Борис", "Вера"]
    october = dict(since=date_bound("2024-10-01", end=False), until=date_bound("2024-10-31", end=True))
    assert sorted(_players(board.rankings(**october))) == ["Борис", "Вера"]
    assert _players(board.rankings(until=date_bound("2024-03-31", end=True))) == ["Анна"]
    assert board.rankings(group="Зима") == []


def test_kpi_boards_praise_different_play_styles(board, tiny):
    for strategy in ("balanced", "greedy", "discounter", "passive", "spammer"):
        board.add_replay(make_replay(tiny, seed=3, strategy=strategy, player=strategy))
    for kpi in ("loyalty", "bonus", "average_check", "skill"):
        (only,) = board.rankings(kpi=kpi)
        values = [e.value(kpi) for e in only.entries]
        assert values == sorted(values, reverse=True)
    with pytest.raises(ValueError, match="unknown KPI"):
        board.rankings(kpi="happiness")


def test_skill_runs_from_doing_nothing_to_the_balanced_bot_on_their_own_seed(board, tiny):
    for seed in (1, 2, 3):
        reference = play(tiny, seed, STRATEGIES["balanced"]).result().score
        passive = play(tiny, seed, STRATEGIES["passive"]).result().score
        group = f"seed {seed}"
        bot = board.add_replay(make_replay(tiny, seed=seed, strategy="balanced", player=f"bot{seed}", group=group)).entry
        idle = board.add_replay(make_replay(tiny, seed=seed, strategy="passive", player=f"idle{seed}", group=group)).entry
        human = board.add_replay(make_replay(tiny, seed=seed, strategy="greedy", player=f"p{seed}", group=group)).entry
        assert bot.skill == pytest.approx(100.0)
        assert idle.skill == pytest.approx(0.0)  # waiting for clients to come is no skill
        assert (human.reference_score, human.passive_score) == (pytest.approx(reference), pytest.approx(passive))
        assert human.skill == pytest.approx(100 * (human.score - passive) / (reference - passive), abs=0.01)


def test_the_reference_score_is_computed_once_per_seed(board, tiny, monkeypatch):
    forget_played()   # what this process played for other tests' boards
    calls = []
    real_play = kinds_module.play

    def counting_play(scenario, seed, strategy):
        calls.append(seed)
        return real_play(scenario, seed, strategy)

    monkeypatch.setattr(kinds_module, "play", counting_play)
    for player, strategy in (("a", "spammer"), ("b", "greedy"), ("c", "discounter")):
        board.add_replay(make_replay(tiny, seed=6, strategy=strategy, player=player))
    board.add_replay(make_replay(tiny, seed=7, strategy="spammer", player="d"))
    assert calls == [6, 6, 7, 7]  # balanced and passive, once per seed


def test_a_second_board_in_the_same_process_reuses_the_reference_scores_played(board, tiny, tiny_path, monkeypatch,
                                                                               tmp_path):
    forget_played()
    calls = []
    real_play = kinds_module.play
    monkeypatch.setattr(kinds_module, "play", lambda s, seed, strategy: calls.append(seed) or real_play(s, seed, strategy))
    first = board.add_replay(make_replay(tiny, seed=6, strategy="spammer", player="a")).entry
    with Leaderboard.open(tmp_path / "second.sqlite3", scenarios=ScenarioLibrary([tiny_path])) as other:
        second = other.add_replay(make_replay(tiny, seed=6, strategy="spammer", player="a")).entry
    assert calls == [6, 6]                                           # played for the first board only
    assert (second.reference_score, second.passive_score, second.skill) == \
        (first.reference_score, first.passive_score, first.skill)


def test_a_changed_engine_or_bot_gets_fresh_reference_scores(board, tiny, monkeypatch):
    forget_played()
    calls = []
    real_play = kinds_module.play
    monkeypatch.setattr(kinds_module, "play", lambda s, seed, strategy: calls.append(seed) or real_play(s, seed, strategy))
    board.add_replay(make_replay(tiny, seed=6, strategy="spammer", player="a"))
    monkeypatch.setattr(kinds_module, "reference_key", lambda name: f"{name}@after-an-upgrade")
    board.add_replay(make_replay(tiny, seed=6, strategy="greedy", player="b"))
    board.add_replay(make_replay(tiny, seed=6, strategy="discounter", player="c"))
    assert calls == [6, 6, 6, 6]  # both references once under the old rules, once under the new, then cached again


def test_the_rules_fingerprint_covers_the_engine_the_strategies_and_numpy():
    from simulator.store.code_version import _PACKAGES, fingerprint, reference_key, rules_fingerprint
    assert reference_key("balanced") == f"balanced@{rules_fingerprint()}"
    both = fingerprint("2.0", _PACKAGES)
    assert both == fingerprint("2.0", _PACKAGES)
    assert both != fingerprint("2.1", _PACKAGES)  # a numpy upgrade may move floating-point results
    assert both != fingerprint("2.0", ("simulator.engine",))  # the strategies' source counts


def test_an_entry_can_be_stepped_through_month_by_month(board, tiny):
    game = play(tiny, 4, STRATEGIES["balanced"])
    entry = board.add_replay(Replay.from_game(game, player="Анна")).entry
    assert board.get(entry.id) == entry
    review = board.review(entry.id)
    assert len(review.reports) == tiny.turns
    assert [r.books for r in review.reports] == [r.books for r in game.reports]
    with pytest.raises(KeyError):
        board.get(entry.id + 100)


def test_limit_cuts_each_board(board, tiny):
    for k in range(5):
        board.add_replay(make_replay(tiny, seed=k, player=f"p{k}", group=f"g{k}"))
    (only,) = board.rankings(limit=2)
    assert [e.rank for e in only.entries] == [1, 2]
