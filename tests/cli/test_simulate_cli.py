"""`simulate`, `balance` and `strategies` as a trainer runs them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.cli.common import shipped_scenarios
from simulator.engine import KPI_NAMES
from simulator.scenario import content_hash, load_file
from simulator.store.replay import Replay, verify
from simulator.strategies import STRATEGIES
from tests.cli_run import run_main, run_process

ROOT = Path(__file__).resolve().parents[2]
SMALL = [p for p in shipped_scenarios() if load_file(p).client_count() < 1000 and load_file(p).kind == "desk"]
HEAD = [p for p in shipped_scenarios() if load_file(p).kind == "head"]   # the reference heads play these


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("path", SMALL, ids=lambda p: p.stem)
def test_simulate_json_is_one_object_with_the_documented_keys_and_the_replay_verifies(capsys, tmp_path, path):
    replay_file = tmp_path / "game.json"
    code, out, err = run(capsys, "simulate", str(path), "--strategy", "balanced", "--seed", "9", "--json",
                         "--replay-out", str(replay_file))
    assert code == 0, err
    data = json.loads(out)
    scenario = load_file(path)
    assert set(data) == {"scenario", "seed", "strategy", "score", "score_breakdown", "kpis", "months"}
    assert data["scenario"] == {"id": scenario.id, "version": scenario.version, "hash": content_hash(scenario)}
    assert data["seed"] == 9 and data["strategy"] == "balanced"
    assert set(KPI_NAMES) <= set(data["kpis"])
    assert len(data["months"]) == scenario.turns
    assert data["score"] == pytest.approx(sum(line["points"] for line in data["score_breakdown"]))
    rep = Replay.load(replay_file)
    assert rep.claimed_score == data["score"] and len(rep.plans) == scenario.turns
    assert verify(rep, scenario).result().score == data["score"]


@pytest.mark.parametrize("path", HEAD, ids=lambda p: p.stem)
def test_simulate_plays_a_head_scenario_with_a_reference_head(capsys, path):
    code, out, err = run(capsys, "simulate", str(path), "--strategy", "opaque", "--seed", "4", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["head"] == "opaque" and len(data["months"]) == load_file(path).turns
    assert data["score"] == pytest.approx(sum(line["points"] for line in data["score_breakdown"]))
    assert len(data["replay"]["decisions"]) == load_file(path).turns
    code, out, _ = run(capsys, "simulate", str(path), "--seed", "4")
    starting = [c.id for c in load_file(path).team.candidates if c.hired]
    assert code == 0 and "head aligned" in out and all(f"\n{name} " in out for name in starting)
    code, _, err = run(capsys, "simulate", str(path), "--strategy", "greedy")
    assert code == 2 and "unknown head `greedy`" in err


def test_simulate_by_id_prints_a_readable_table(capsys):
    code, out, _ = run(capsys, "simulate", "certification", "--strategy", "greedy", "--seed", "3")
    assert code == 0
    assert "score" in out and "gross_profit" in out and "month" in out
    assert "strategy greedy" in out


def test_every_strategy_plays_through_the_command_and_every_small_scenario_plays(capsys):
    """The command runs every strategy (on the smallest scenario) and every small scenario (with balanced). Every
    strategy on every shipped scenario, over 30 seeds, is the long runs' balance sweep (tests/test_balance.py)."""
    smallest = min(SMALL, key=lambda p: load_file(p).client_count())
    for path, name in [(smallest, n) for n in STRATEGIES] + [(p, "balanced") for p in SMALL if p != smallest]:
        code, out, err = run(capsys, "simulate", str(path), "--strategy", name, "--json")
        assert code == 0, (path, name, err)
        assert json.loads(out)["strategy"] == name


def test_balance_prints_a_ranked_table_with_a_verdict(capsys):
    code, out, _ = run(capsys, "balance", "tutorial", "--seeds", "3")
    assert code == 0
    lines = out.splitlines()
    assert any(line.split()[:2] == ["1", "balanced"] for line in lines if line.strip())
    assert all(name in out for name in STRATEGIES)
    assert "teaches its lesson" in out


def test_balance_json(capsys):
    code, out, _ = run(capsys, "balance", "tutorial", "--seeds", "2", "--json")
    data = json.loads(out)
    assert code == 0 and set(data["strategies"]) == set(STRATEGIES)
    assert sorted(r["rank"] for r in data["strategies"].values()) == list(range(1, len(STRATEGIES) + 1))


def test_strategies_lists_each_with_a_line_in_both_languages(capsys):
    code, out, _ = run(capsys, "strategies")
    assert code == 0 and len(out.splitlines()) == len(STRATEGIES)
    code, out_ru, _ = run(capsys, "strategies", "--lang", "ru")
    assert "касания" in out_ru


@pytest.mark.parametrize("argv, message", [
    (["simulate", "no-such-scenario"], "no scenario file or shipped scenario"),
    (["simulate", "certification", "--strategy", "lucky"], "unknown strategy"),
    (["simulate", "certification", "--seed", "abc"], "seed must be a whole number"),
    (["balance", "certification", "--seeds", "0"], "from 1 to"),
    (["simulate", "certification", "--replay-out", "/proc/no/such/dir/r.json"], "cannot write the replay"),
])
def test_bad_input_is_one_clear_line_and_exit_2(argv, message):
    proc = run_main(*argv)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_a_broken_scenario_file_is_reported_with_its_position(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "scenarios" / "_template.yaml").read_text(encoding="utf-8").replace("turns:", "turnz:", 1),
                   encoding="utf-8")
    proc = run_process("simulate", str(bad))  # the real entry point: exit code 2 and no traceback
    assert proc.returncode == 2
    assert f"{bad}:" in proc.stderr and "did you mean `turns`" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow   # every head probe on two seeds
def test_balance_on_a_head_scenario_ranks_the_reference_heads_first_among_the_probes(capsys):
    code, out, _ = run(capsys, "balance", "head-price-list", "--seeds", "2", "--jobs", "1", "--probes")
    assert code == 0
    ranked = [line.split()[1] for line in out.splitlines() if line.split()[:1] == ["1"]]
    assert ranked[0] == "aligned" and "verdict:" in out and "no_hiring" in out


def test_strategies_lists_the_reference_heads(capsys):
    code, out, _ = run(capsys, "strategies", "--heads", "--lang", "ru")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["aligned", "misaligned", "opaque"]
