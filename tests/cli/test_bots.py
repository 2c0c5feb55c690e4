"""Bring your own bot: `--strategy FILE.py:NAME` for simulate, balance and whatif, and every way a bot file
can be broken, each a one-line message with exit code 2 and never a traceback."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.cli.bots import bot_strategy
from simulator.scenario import load_file
from simulator.store.replay import Replay
from simulator.strategies import STRATEGIES, play
from simulator.strategies.whatif import fork
from tests.cli.small import SMALL
from tests.cli_run import run_main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "my_bot.py"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def small(tmp_path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def bot_file(tmp_path, body: str, name: str = "bot.py") -> Path:
    path = tmp_path / name
    path.write_text("from simulator.engine import MonthPlan, TouchBatch\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def test_the_documented_example_runs_as_the_issue_asks():
    """The README's and docs' command, as a trainer types it, from the repository root."""
    done = run_main("simulate", "certification", "--strategy", "docs/examples/my_bot.py:MyBot", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "strategy MyBot" in done.stdout and "score" in done.stdout and "Traceback" not in done.stderr


def test_a_bot_plays_deterministically_and_differs_from_doing_nothing(capsys, small):
    code, out, err = run(capsys, "simulate", small, "--strategy", f"{EXAMPLE}:MyBot", "--seed", 3, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["strategy"] == "MyBot"
    again = play(load_file(small), 3, bot_strategy(f"{EXAMPLE}:MyBot")).result()
    assert again.score == data["score"]
    passive = play(load_file(small), 3, STRATEGIES["passive"]).result()
    assert data["kpis"] != passive.kpis  # it really played: touches and offers changed the game


def test_a_function_bot_and_a_class_bot_play_the_same_plans(capsys, small):
    scores = []
    for name in ("MyBot", "renewals_only"):
        code, out, err = run(capsys, "simulate", small, "--strategy", f"{EXAMPLE}:{name}", "--json")
        assert code == 0, err
        scores.append(json.loads(out)["score"])
    assert scores[0] == scores[1]


def test_a_class_bot_gets_a_fresh_instance_per_game(tmp_path, small):
    path = bot_file(tmp_path, """
        class Counter:
            def __init__(self):
                self.month = 0
            def make_plan(self, game):
                self.month += 1
                assert self.month == game.month + 1, (self.month, game.month)
                return MonthPlan()
        """)
    strategy = bot_strategy(f"{path}:Counter")
    for seed in (1, 2):  # the second game would see month 7 if the instance were shared
        assert play(load_file(small), seed, strategy).finished


def test_the_replay_of_a_bot_game_is_a_players_not_a_reference_strategys(capsys, small, tmp_path):
    out_file = tmp_path / "bot.json"
    code, _, err = run(capsys, "simulate", small, "--strategy", f"{EXAMPLE}:MyBot", "--replay-out", out_file)
    assert code == 0, err
    rep = Replay.load(out_file)
    assert rep.player == "MyBot" and rep.strategy is None


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_balance_ranks_the_bot_among_the_probes_the_same_whatever_the_jobs(capsys, small, jobs):
    code, out, err = run(capsys, "balance", small, "--seeds", 4, "--jobs", jobs, "--json",
                         "--strategy", f"{EXAMPLE}:MyBot")
    assert code == 0, err
    data = json.loads(out)
    assert "MyBot" in data["probes"] and "MyBot" not in data["strategies"]
    expected = [play(load_file(small), seed, bot_strategy(f"{EXAMPLE}:MyBot")).result().score for seed in range(1, 5)]
    assert data["probes"]["MyBot"]["score_mean"] == pytest.approx(sum(expected) / 4)
    balanced = [play(load_file(small), seed, STRATEGIES["balanced"]).result().score for seed in range(1, 5)]
    assert data["probes"]["MyBot"]["diff_vs_balanced"] == pytest.approx((sum(expected) - sum(balanced)) / 4)


def test_whatif_lets_a_bot_play_on(capsys, small, tmp_path):
    scenario = load_file(small)
    replay = tmp_path / "passive.json"
    rep = Replay.from_game(play(scenario, 2, STRATEGIES["passive"]), player="Anna")
    rep.save(replay)
    code, out, err = run(capsys, "whatif", replay, "--from", 2, "--strategy", f"{EXAMPLE}:MyBot",
                         "--scenario", small, "--json")
    assert code == 0, err
    data = json.loads(out)
    expected = fork(scenario, 2, list(rep.plans), 2, bot_strategy(f"{EXAMPLE}:MyBot")).result().score
    assert data["fork"]["score"] == pytest.approx(expected) and data["fork"]["score"] != data["original"]["score"]


BROKEN = {
    "syntax error": ("def Bot(game):\n    return MonthPlan(\n", "Bot", "bot.py:3:", "syntax error"),
    "missing name": ("def other(game):\n    return MonthPlan()\n", "Bot", "has no `Bot`", "defines: other"),
    "two arguments": ("def Bot(game, extra):\n    return MonthPlan()\n", "Bot", "wrong signature", "Bot(game)"),
    "no arguments": ("def Bot():\n    return MonthPlan()\n", "Bot", "wrong signature", "Bot(game)"),
    "class needs arguments": ("class Bot:\n    def __init__(self, x):\n        pass\n"
                              "    def make_plan(self, game):\n        return MonthPlan()\n",
                              "Bot", "made with no arguments", "Bot()"),
    "class without make_plan": ("class Bot:\n    def plan(self, game):\n        return MonthPlan()\n",
                                "Bot", "make_plan(self, game)", "needs a method"),
    "not callable": ("Bot = 42\n", "Bot", "is a int", "not a class or a function"),
    "raises inside": ("def Bot(game):\n    if game.month == 2:\n        return 1 / 0\n    return MonthPlan()\n",
                      "Bot", "raised ZeroDivisionError", "bot.py line 4, month 3"),
    "returns nothing": ("def Bot(game):\n    pass\n", "Bot", "returned NoneType, not a MonthPlan", "month 1"),
    "breaks a rule": ("def Bot(game):\n    return MonthPlan(touches=(TouchBatch('call', range(25)),) * 3)\n",
                      "Bot", "the plan for month 1 breaks a rule", "hours"),
    "fails on import": ("import no_such_module_for_bots\n", "Bot", "loading", "ModuleNotFoundError"),
    "exits on import": ("raise SystemExit(3)\n", "Bot", "loading", "exit()"),
    "exits when playing": ("import sys\ndef Bot(game):\n    sys.exit(0)\n", "Bot", "called exit()", "month 1"),
    # The bot gets the desk, read-only and without the game's internals (docs/bot-api.md).
    "writes to the desk": ("def Bot(game):\n    game.view.loyalty[:] = 1.0\n    return MonthPlan()\n",
                           "Bot", "raised ValueError: assignment destination is read-only", "bot.py line 3"),
    "reads the game's state": ("def Bot(game):\n    return game.state\n", "Bot", "raised AttributeError",
                               "'SellerDesk' object has no attribute 'state'"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("command", ["simulate", "balance", "whatif"])
def test_a_broken_bot_is_one_clear_message_and_exit_2(capsys, tmp_path, small, case, command):
    body, name, *expected = BROKEN[case]
    path = bot_file(tmp_path, body)
    spec = f"{path}:{name}"
    if command == "simulate":
        argv = ["simulate", small, "--strategy", spec]
    elif command == "balance":
        argv = ["balance", small, "--seeds", 2, "--jobs", 1, "--strategy", spec]
    else:
        replay = tmp_path / "passive.json"
        Replay.from_game(play(load_file(small), 2, STRATEGIES["passive"])).save(replay)
        argv = ["whatif", replay, "--from", 0, "--scenario", small, "--strategy", spec]
    code, _, err = run(capsys, *argv)
    assert code == 2, err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    assert all(part in err for part in expected), err
    assert "Traceback" not in err


@pytest.mark.parametrize("spec, message", [
    ("{dir}/missing.py:Bot", "no such file"),
    ("{dir}/bot.py", "name the bot after a colon"),
    ("{dir}/bot.py:", "name the bot after a colon"),
])
def test_a_bot_that_cannot_be_found_is_named(capsys, tmp_path, small, spec, message):
    bot_file(tmp_path, "def Bot(game):\n    return MonthPlan()\n")
    code, _, err = run(capsys, "simulate", small, "--strategy", spec.format(dir=tmp_path))
    assert code == 2 and message in err and "Traceback" not in err


def test_a_broken_bot_in_a_worker_process_is_reported_the_same(capsys, tmp_path, small):
    path = bot_file(tmp_path, "def Bot(game):\n    return 1 / 0\n")
    code, _, err = run(capsys, "balance", small, "--seeds", 4, "--jobs", 2, "--strategy", f"{path}:Bot")
    assert code == 2 and "raised ZeroDivisionError" in err and "Traceback" not in err


def test_balance_refuses_a_reference_name_as_a_bot(capsys, small):
    code, _, err = run(capsys, "balance", small, "--strategy", "greedy")
    assert code == 2 and "FILE.py:NAME" in err
