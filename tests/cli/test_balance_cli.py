"""`balance`: the verdict a trainer reads, the probes, strategies that play the same game, targets at the cap."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest

from simulator.cli import main
from simulator.cli.balance_report import verdict_line
from simulator.engine import KPI_NAMES
from simulator.scenario import load_text
from simulator.strategies import STRATEGIES
from simulator.strategies.balance import Balance, Row, judge, probe_check, run_balance
from simulator.strategies.probes import PROBES, TALK_PROBES

from .small import SMALL, edit, write

FIXED = edit("markup: {min: 0.2, max: 0.9, default: 0.4}", "markup: {min: 0.4, max: 0.4, default: 0.4, fixed: true}",
             edit("markup: {min: 0.3, max: 1.0, default: 0.6}", "markup: {min: 0.6, max: 0.6, default: 0.6, fixed: true}"))


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_verdict_line_says_what_the_json_verdict_says(capsys, tmp_path):
    path = str(write(tmp_path, SMALL))
    code, out, _ = run(capsys, "balance", path, "--seeds", "3")
    assert code == 0 and "probe" not in out
    last = out.splitlines()[-1]
    code, out, _ = run(capsys, "balance", path, "--seeds", "3", "--json")
    verdict = json.loads(out)["verdict"]
    assert last.startswith(f"best: {verdict['best']}, ahead of {verdict['runner_up']} by ")
    assert last.endswith("teaches its lesson") == verdict["teaches"]
    assert ("NEEDS TUNING" in last) == (not verdict["teaches"])


def test_probes_are_played_marked_and_each_compared_with_balanced(capsys):
    code, out, _ = run(capsys, "balance", "tutorial", "--seeds", "3", "--probes")
    assert code == 0
    lines = out.splitlines()
    for name in PROBES:
        assert any(line.split()[:2] == ["probe", name] for line in lines), name
        assert any(line.split()[:1] == [name] and "points (seed spread" in line for line in lines), name
    for name in STRATEGIES:
        assert not any(line.split()[:2] == ["probe", name] for line in lines)


def test_probes_in_json_carry_the_paired_difference_and_every_kpi(capsys):
    code, out, _ = run(capsys, "balance", "tutorial", "--seeds", "3", "--probes", "--json")
    data = json.loads(out)
    assert code == 0 and set(data["probes"]) == set(PROBES)
    balanced = data["strategies"]["balanced"]
    for name, row in data["probes"].items():
        assert row["diff_vs_balanced"] == pytest.approx(row["score_mean"] - balanced["score_mean"]), name
    for row in [*data["strategies"].values(), *data["probes"].values()]:
        assert {f"{k}_mean" for k in KPI_NAMES} <= set(row)
    verdict = data["verdict"]
    assert {"teaches", "best", "runner_up", "margin", "spread", "warnings", "identical"} <= set(verdict)
    assert verdict["best"] == "balanced" and verdict["runner_up"] in STRATEGIES


def test_a_price_list_names_the_strategies_that_play_like_balanced_and_skips_them(capsys, tmp_path):
    code, out, _ = run(capsys, "balance", str(write(tmp_path, FIXED)), "--seeds", "3", "--json")
    verdict = json.loads(out)["verdict"]
    assert code == 0
    assert ["balanced", "greedy", "discounter"] in verdict["identical"]
    assert verdict["runner_up"] not in ("greedy", "discounter") and verdict["margin"] > 0
    code, out, _ = run(capsys, "balance", str(write(tmp_path, FIXED)), "--seeds", "3")
    assert "greedy and discounter play exactly like balanced here: no free markup" in out
    assert "ahead of greedy" not in out and "ahead of discounter" not in out
    code, out, _ = run(capsys, "balance", str(write(tmp_path, FIXED)), "--seeds", "2", "--probes")
    # (the group touch probes join them: the small market has no group touch)
    assert "greedy, discounter, mid_band" in out and "play exactly like balanced here" in out


def test_a_free_markup_scenario_names_no_clones(capsys, tmp_path):
    code, out, _ = run(capsys, "balance", str(write(tmp_path, SMALL)), "--seeds", "3", "--json")
    assert json.loads(out)["verdict"]["identical"] == []


def test_a_target_balanced_always_reaches_the_cap_on_is_named_with_a_better_target(capsys, tmp_path):
    low = edit("{kpi: loyalty, weight: 40, target: 0.5}", "{kpi: loyalty, weight: 40, target: 0.05}")
    code, out, _ = run(capsys, "balance", str(write(tmp_path, low)), "--seeds", "3")
    assert code == 0
    warning = next(line for line in out.splitlines() if line.startswith("warning:"))
    assert "`loyalty`" in warning and "cap" in warning
    assert "gross_profit" not in warning
    suggested = float(re.search(r"raise the target of `loyalty` to about ([0-9.]+)$", warning)[1])
    code, out, _ = run(capsys, "balance", str(write(tmp_path, low)), "--seeds", "3", "--json")
    data = json.loads(out)
    assert suggested == pytest.approx(data["strategies"]["balanced"]["loyalty_mean"], abs=0.006)
    assert data["verdict"]["warnings"] == [warning.removeprefix("warning: ")]
    code, out, _ = run(capsys, "balance", str(write(tmp_path, SMALL)), "--seeds", "3")
    assert "warning:" not in out


def _row(name: str, scores: list[float], kpi: float, probe: bool = False) -> Row:
    return Row(name, probe, np.array(scores), {k: np.full(len(scores), kpi) for k in KPI_NAMES})


def _judged(rows: list[Row]) -> Balance:
    scenario = load_text(SMALL)
    by_name = {r.name: r for r in rows}
    checks = [probe_check(by_name["balanced"], r) for r in rows if r.probe]
    return Balance([1, 2], by_name, checks, judge(scenario, by_name, checks))


def test_a_genuine_tie_is_called_a_tie_not_a_win():
    result = _judged([_row("balanced", [10, 12], 1.0), _row("greedy", [12, 10], 2.0), _row("passive", [1, 1], 3.0)])
    line = verdict_line(result)
    assert "tied with greedy" in line and "ahead of greedy by" not in line
    assert "NEEDS TUNING" in line and not result.verdict.teaches


def test_a_probe_that_beats_balanced_fails_the_verdict():
    rows = [_row("balanced", [50, 52], 1.0), _row("passive", [10, 11], 2.0), _row("harvest", [70, 71], 3.0, probe=True)]
    result = _judged(rows)
    assert result.verdict.best == "balanced" and result.verdict.margin > result.verdict.spread
    assert not result.verdict.teaches
    assert "probe harvest beats balanced by 19.5 points" in verdict_line(result)
    fine = _judged(rows[:2] + [_row("harvest", [51, 52.5], 3.0, probe=True)])
    assert fine.verdict.teaches and verdict_line(fine).endswith("teaches its lesson")


def test_the_helper_plays_the_same_seeds_for_everyone_and_counts_every_game():
    games = []
    result = run_balance(load_text(SMALL), STRATEGIES, range(4, 6), {"late_start": PROBES["late_start"]},
                         on_game=lambda name, seed: games.append((name, seed)))
    assert result.seeds == [4, 5]
    assert sorted(games) == sorted((n, s) for n in [*STRATEGIES, "late_start"] for s in (4, 5))
    assert [r.name for r in result.ranked(probe=True)] == ["late_start"]


def test_strategies_lists_the_probes_on_request(capsys):
    code, out, _ = run(capsys, "strategies", "--probes")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(PROBES) + list(TALK_PROBES)
    assert all(len(line.split()) > 3 for line in out.splitlines())  # each with what it does
