"""`balance` on every core, targets computed from the reference, and a Russian-only scenario played headless."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from simulator.cli import main
from simulator.cli.progress import Progress
from simulator.scenario import load_file, load_text
from simulator.strategies import STRATEGIES, play
from simulator.strategies.balance import run_balance
from simulator.strategies.probes import PROBES
from simulator.strategies.targets import round_target

from .small import SMALL, edit, write

RUSSIAN_ONLY = Path(__file__).resolve().parents[1] / "data" / "russian-only" / "prodleniya.yaml"
COMMENTED = edit("    - {kpi: gross_profit, weight: 60, target: 300000}",
                 "    # the trainer's guess, from last year's desk\n"
                 "    - {kpi: gross_profit, weight: 60, target: 300000}   # keep this note")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_many_processes_give_the_same_balance_as_one():
    scenario = load_text(SMALL)
    probes = {"late_start": PROBES["late_start"], "pay_greedy_invoice": PROBES["pay_greedy_invoice"]}
    one = run_balance(scenario, STRATEGIES, range(1, 7), probes, jobs=1)
    seen = []
    two = run_balance(scenario, STRATEGIES, range(1, 7), probes, jobs=2, on_game=lambda n, s: seen.append((n, s)))
    assert sorted(seen) == sorted((n, s) for n in [*STRATEGIES, *probes] for s in range(1, 7)), "every game reported"
    for name, row in one.rows.items():
        assert np.array_equal(row.scores, two.rows[name].scores)
        assert all(np.array_equal(row.kpis[k], two.rows[name].kpis[k]) for k in row.kpis)
    assert one.verdict == two.verdict


def test_jobs_is_an_option_with_a_clear_error(capsys, tmp_path):
    path = str(write(tmp_path, SMALL))
    one = run(capsys, "balance", path, "--seeds", "3", "--json", "--jobs", "1")
    two = run(capsys, "balance", path, "--seeds", "3", "--json", "--jobs", "2")
    assert one[0] == two[0] == 0 and json.loads(one[1]) == json.loads(two[1])
    code, _, err = run(capsys, "balance", path, "--jobs", "0")
    assert code == 2 and "--jobs" in err and "Traceback" not in err


def test_the_progress_bar_still_counts_every_game_with_many_processes(capsys, tmp_path, monkeypatch):
    counted = []
    monkeypatch.setattr(Progress, "advance", lambda self, label="": counted.append(label))
    path = str(write(tmp_path, SMALL))
    assert run(capsys, "balance", path, "--seeds", "2", "--jobs", "2")[0] == 0
    assert len(counted) == 2 * len(STRATEGIES)


def test_suggested_targets_are_balanced_means_in_the_score_section(capsys, tmp_path):
    path = str(write(tmp_path, SMALL))
    code, out, err = run(capsys, "balance", path, "--seeds", "4", "--suggest-targets")
    assert code == 0, err
    scenario = load_text(SMALL)
    games = [play(scenario, seed, STRATEGIES["balanced"]).result().kpis for seed in range(1, 5)]
    lines = out.splitlines()
    assert lines[1:4] == ["scoring:", "  cap: 1.5", "  items:"]
    for item in scenario.scoring.items:
        expected = round_target(float(np.mean([g[item.kpi] for g in games])), item.kpi)
        line = next(line for line in lines if f"kpi: {item.kpi}," in line)
        target = float(re.search(r"target: ([0-9.]+)\}", line)[1])
        assert target == expected and f"was {item.target:g}" in line
    assert "ok" not in err and "Traceback" not in err


def test_write_puts_the_targets_in_the_file_and_keeps_its_comments(capsys, tmp_path):
    path = write(tmp_path, COMMENTED)
    code, out, err = run(capsys, "balance", str(path), "--seeds", "4", "--suggest-targets", "--write")
    assert code == 0 and "wrote 2 targets" in err
    text = path.read_text(encoding="utf-8")
    assert "# the trainer's guess, from last year's desk" in text and "# keep this note" in text
    new = load_file(path)
    assert [i.target for i in new.scoring.items] != [300000, 0.5]
    assert text.replace(re.search(r"gross_profit, weight: 60, target: (\d+)", text)[1], "300000", 1) \
        .replace(re.search(r"loyalty, weight: 40, target: ([0-9.]+)", text)[1], "0.5", 1) == COMMENTED
    code, _, err = run(capsys, "balance", str(path), "--seeds", "4", "--suggest-targets", "--write")
    assert code == 0 and "nothing written" in err


def test_write_refuses_a_target_it_cannot_replace_in_place_and_leaves_the_file(capsys, tmp_path):
    text = edit("target: 300000}", "target: &guess 300000}")
    text = edit("weight: 40, target: 0.5}", "weight: 40, target: *guess}", text)
    path = write(tmp_path, text)
    code, _, err = run(capsys, "balance", str(path), "--seeds", "2", "--suggest-targets", "--write")
    assert code == 2 and "cannot update the targets" in err and "paste the section above" in err
    assert path.read_text(encoding="utf-8") == text


def test_write_without_suggest_targets_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "balance", str(write(tmp_path, SMALL)), "--write")
    assert code == 2 and "--suggest-targets" in err


@pytest.mark.parametrize("command", [["simulate"], ["balance", "--seeds", "2"]])
def test_a_russian_only_scenario_plays_headless(capsys, command):
    code, out, err = run(capsys, *command[:1], str(RUSSIAN_ONLY), *command[1:])
    assert code == 0, err
    assert out.startswith("Продления (prodleniya v1)")
