"""Head games on the command line: `simulate HEAD --replay-out`, then `import`, `leaderboard HEAD` and `verify`;
a broken head replay is one line and exit 2, never a traceback."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.cli.common import shipped_scenarios
from simulator.scenario import load_file

SCENARIO = "head-free-markup"
VERSION = next(load_file(p).version for p in shipped_scenarios() if p.stem == SCENARIO)


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def played(tmp_path, capsys):
    """Two head replays written by `simulate --replay-out`."""
    files = {}
    for head, seed in (("opaque", 2), ("misaligned", 2)):
        path = tmp_path / f"{head}.json"
        code, out, _ = _run(capsys, "simulate", SCENARIO, "--strategy", head, "--seed", seed, "--replay-out", path)
        assert code == 0 and path.exists()
        files[head] = path
    return files


def test_simulate_then_import_ranks_head_games_and_leaderboard_lists_them(tmp_path, played, capsys):
    db = tmp_path / "lb.sqlite3"
    code, out, err = _run(capsys, "import", played["opaque"], played["misaligned"], "--db", db)
    assert code == 0, err
    assert out.count("added: ") == 2 and SCENARIO in out
    code, out, err = _run(capsys, "leaderboard", SCENARIO, "--db", db)
    assert code == 0, err
    assert f"== {SCENARIO} v{VERSION}" in out
    header = next(line for line in out.splitlines() if line.startswith("#"))
    assert "morale" in header and "net_profit" in header and "quits" in header
    assert "head opaque" in out and "head misaligned" in out
    code, out, err = _run(capsys, "leaderboard", "--scenario", SCENARIO, "--db", db, "--kpi", "morale", "--json")
    assert code == 0, err
    boards = json.loads(out)
    entries = boards[0]["entries"] if isinstance(boards, list) else boards["boards"][0]["entries"]
    assert {e["kind"] for e in entries} == {"head"}
    assert all(e["kpis"]["morale"] is not None for e in entries)
    again, out, _ = _run(capsys, "import", played["opaque"], "--db", db)
    assert again == 0 and "already there" in out


def test_exports_of_a_head_board(tmp_path, played, capsys):
    db = tmp_path / "lb.sqlite3"
    _run(capsys, "import", played["opaque"], "--db", db)
    code, _, err = _run(capsys, "leaderboard", SCENARIO, "--db", db, "--export-csv", tmp_path / "b.csv",
                        "--export-html", tmp_path / "b.html")
    assert code == 0, err
    assert "morale" in (tmp_path / "b.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "Sellers who quit" in (tmp_path / "b.html").read_text(encoding="utf-8")


def test_verify_still_recomputes_a_head_replay(played, capsys):
    code, out, _ = _run(capsys, "verify", played["opaque"])
    assert code == 0 and out.startswith("ok: ") and "head mode" in out


@pytest.mark.parametrize("damage", ["claimed", "decision", "truncated", "scenario"])
def test_a_broken_head_replay_is_one_line_and_exit_2_and_the_board_keeps_its_games(tmp_path, played, capsys, damage):
    db = tmp_path / "lb.sqlite3"
    assert _run(capsys, "import", played["misaligned"], "--db", db)[0] == 0
    text = played["opaque"].read_text(encoding="utf-8")
    data = json.loads(text)
    if damage == "claimed":
        data["claimed_score"] += 3
    elif damage == "decision":
        data["decisions"][0][0]["markups"]["boiler"]["floor"] = "low"
    elif damage == "scenario":
        data["scenario"]["id"] = "no-such-head"
    bad = tmp_path / "bad.json"
    bad.write_text(text[: len(text) // 2] if damage == "truncated" else json.dumps(data), encoding="utf-8")
    code, out, err = _run(capsys, "import", bad, "--db", db)
    assert code == 2
    refusal = [line for line in err.splitlines() if line.startswith("refused")]
    assert len(refusal) == 1 and str(bad) in refusal[0]
    code, out, err = _run(capsys, "verify", bad)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "refused" in err
    code, out, _ = _run(capsys, "leaderboard", SCENARIO, "--db", db)
    assert "head misaligned" in out and "head opaque" not in out


def test_head_balance_has_a_row_for_deciding_nothing_and_a_line_on_what_the_work_is_worth(capsys):
    assert main(["balance", SCENARIO, "--seeds", "2", "--jobs", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "nothing" in data["rows"] and not data["rows"]["nothing"]["probe"]
    work = data["work"]
    gained = data["rows"]["aligned"]["kpis"]["net_profit"] - data["rows"]["nothing"]["kpis"]["net_profit"]
    assert work["worth_it"] and work["gross_profit_gained"] > work["pay_added"] and gained > 0
    assert main(["balance", SCENARIO, "--seeds", "2", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "sellers' work: under aligned they bring" in out and "\n   " in out


def test_suggest_targets_works_on_a_head_scenario_from_what_aligned_reaches(tmp_path, capsys):
    import shutil

    path = tmp_path / "head.yaml"
    shutil.copy(Path(__file__).resolve().parents[2] / "scenarios" / f"{SCENARIO}.yaml", path)
    assert main(["balance", str(path), "--seeds", "2", "--jobs", "1", "--suggest-targets", "--write"]) == 0
    out = capsys.readouterr().out
    assert "what aligned reaches over 2 seeds" in out and "{kpi: morale" in out
    scenario = load_file(path)
    net = next(i for i in scenario.scoring.items if i.kpi == "net_profit")
    assert net.target != 6000000   # set from aligned's mean
