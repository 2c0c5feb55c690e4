"""`whatif`: the same game up to a month, then another player, with the same luck."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.scenario import load_file
from simulator.store.replay import Replay
from simulator.strategies import STRATEGIES, play
from simulator.strategies.whatif import fork

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "scenarios"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def passive_replay(tmp_path):
    scenario = load_file(SCENARIOS_DIR / "tutorial.yaml")
    path = tmp_path / "game.json"
    Replay.from_game(play(scenario, 5, STRATEGIES["passive"]), player="Анна").save(path)
    return scenario, path


def test_a_fork_at_month_zero_with_the_replays_own_plans_reproduces_the_score_exactly(capsys, passive_replay):
    _, path = passive_replay
    code, out, _ = run(capsys, "whatif", path, "--from", 0, "--strategy", "own", "--json")
    data = json.loads(out)
    assert code == 0 and data["fork"]["score"] == data["original"]["score"] and data["fork"]["kpis"] == data["original"]["kpis"]


def test_the_reference_playing_on_from_a_month_is_compared_side_by_side(capsys, passive_replay):
    scenario, path = passive_replay
    code, out, _ = run(capsys, "whatif", path, "--from", 1, "--strategy", "balanced", "--json")
    data = json.loads(out)
    expected = fork(scenario, 5, list(Replay.load(path).plans), 1, STRATEGIES["balanced"]).result().score
    assert code == 0 and data["fork"]["score"] == expected > data["original"]["score"]
    code, out, _ = run(capsys, "whatif", path, "--from", 1)
    assert code == 0 and "original" in out and "fork" in out and "score" in out


@pytest.mark.parametrize("argv, message", [
    (["--from", "9"], "--from must be 0..3"),
    (["--from", "1", "--strategy", "nobody"], "unknown strategy"),
])
def test_bad_arguments_are_refused_with_exit_2(capsys, passive_replay, argv, message):
    _, path = passive_replay
    code, _, err = run(capsys, "whatif", path, *argv)
    assert code == 2 and message in err and "Traceback" not in err


def test_a_tampered_replay_is_refused(capsys, passive_replay, tmp_path):
    _, path = passive_replay
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claimed_score"] = 999.0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "whatif", bad, "--from", 1)
    assert code == 2 and "does not match" in err


def test_a_saved_fork_records_its_parent_verifies_on_import_and_stays_off_the_main_board(capsys, passive_replay,
                                                                                          tmp_path):
    from simulator.store.leaderboard import Leaderboard
    scenario, path = passive_replay
    branch_path = tmp_path / "branch.json"
    code, out, err = run(capsys, "whatif", path, "--from", 1, "--strategy", "balanced", "--save", branch_path, "--json")
    assert code == 0, err
    saved = Replay.load(branch_path)
    assert saved.branch is not None and saved.branch.from_month == 1 and saved.branch.played_by == "balanced"
    assert saved.player == "Анна" and saved.claimed_score == json.loads(out)["fork"]["score"]
    with Leaderboard.open(tmp_path / "board.sqlite3") as board:
        parent = board.import_file(path)
        child = board.import_file(branch_path)
        assert parent.ok and child.ok, child.error
        ranked = [e.id for b in board.rankings() for e in b.entries]
        assert ranked == [parent.entry.id]                                  # the branch is not ranked
        assert [e.id for e in board.branches(parent.entry.id)] == [child.entry.id]
        assert child.entry.branch == saved.branch


def test_a_branch_claiming_a_strategy_it_did_not_follow_is_refused(capsys, passive_replay, tmp_path):
    from simulator.store.leaderboard import Leaderboard
    _, path = passive_replay
    branch_path = tmp_path / "branch.json"
    assert run(capsys, "whatif", path, "--from", 1, "--strategy", "balanced", "--save", branch_path)[0] == 0
    data = json.loads(branch_path.read_text(encoding="utf-8"))
    data["plans"][2] = data["plans"][0]  # month 3 is not what balanced plays (claimed score dropped to match)
    data["claimed_score"] = None
    branch_path.write_text(json.dumps(data), encoding="utf-8")
    with Leaderboard.open(tmp_path / "board.sqlite3") as board:
        result = board.import_file(branch_path)
    assert not result.ok and result.code == "branch" and "balanced" in result.error


def test_a_branch_that_does_not_start_from_its_stored_parent_is_refused(capsys, passive_replay, tmp_path):
    from simulator.store.entries import branch_replay
    from simulator.store.leaderboard import Leaderboard
    scenario, path = passive_replay
    parent = Replay.load(path)
    other = play(scenario, 5, STRATEGIES["balanced"])                     # month 1 differs from the parent's
    original = fork(scenario, 5, list(parent.plans), 0, None)
    fake = branch_replay(parent, original.result().score, other, 1, None)
    fake_path = tmp_path / "fake.json"
    fake.save(fake_path)
    with Leaderboard.open(tmp_path / "board.sqlite3") as board:
        assert board.import_file(path).ok
        result = board.import_file(fake_path)
    assert not result.ok and result.code == "branch" and "up to month 1" in result.error


def test_a_branch_handed_in_as_the_players_own_game_is_marked_as_the_bots(capsys, passive_replay, tmp_path):
    """The what-if's balanced months spliced onto a player's first month, with the branch mark removed: stored,
    but marked as a bot's game, never as the player's own."""
    from simulator.store.leaderboard import Leaderboard, similarity_of
    _, path = passive_replay
    branch_path = tmp_path / "branch.json"
    assert run(capsys, "whatif", path, "--from", 1, "--strategy", "balanced", "--save", branch_path)[0] == 0
    data = json.loads(branch_path.read_text(encoding="utf-8"))
    del data["branch"]
    branch_path.write_text(json.dumps(data), encoding="utf-8")
    with Leaderboard.open(tmp_path / "board.sqlite3") as board:
        result = board.import_file(branch_path)
        # Passive's month, then balanced: exactly what the probe `late_start` plays here (all 3 months), and
        # balanced's decisions in 2 of 3.
        assert result.ok and result.entry.bot == "late_start" and result.entry.bot_share == 1.0
        assert result.entry.played_by == "like:late_start"
        assert similarity_of(board, result.entry.id)["balanced"] == pytest.approx(2 / 3, abs=1e-3)
        own = board.import_file(path)               # the fixture's game is passive's, and is marked so
        assert own.ok and own.entry.bot == "passive" and own.entry.played_by == "like:passive"
