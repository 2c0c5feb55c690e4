"""`import`, `verify` and `leaderboard` on the command line: exit 0 when fine, 2 when refused, never a traceback."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from store_helpers import ROOT, make_replay

from simulator.cli import main


@pytest.fixture
def files(tmp_path, tiny):
    """Three good replay files of the tiny scenario and one with a boasted score."""
    made = {}
    for seed, (player, group, strategy) in enumerate([("Анна", "Весна", "balanced"), ("Борис", "Весна", "greedy"),
                                                      ("Вера", "Осень", "discounter")]):
        rep = make_replay(tiny, seed=seed, strategy=strategy, player=player, group=group)
        rep.save(tmp_path / f"{player}.json")
        made[player] = rep
    boast = made["Борис"].to_json()
    boast["claimed_score"] += 10
    (tmp_path / "boast.json").write_text(json.dumps(boast), encoding="utf-8")
    return made


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_import_stores_good_files_and_refuses_the_bad_one(tmp_path, tiny_path, files, capsys):
    db = tmp_path / "lb.sqlite3"
    code, out, err = _run(capsys, "import", tmp_path / "Анна.json", tmp_path / "boast.json", tmp_path / "Вера.json",
                          "--scenario", tiny_path, "--db", db)
    assert code == 2
    assert out.count("added:") == 2
    assert "refused [score_mismatch]" in err and "boast.json" in err
    code, out, _ = _run(capsys, "leaderboard", "--db", db, "--json")
    assert code == 0
    players = [e["player"] for b in json.loads(out)["boards"] for e in b["entries"]]
    assert sorted(players) == ["Анна", "Вера"]


def test_importing_again_is_harmless(tmp_path, tiny_path, files, capsys):
    db = tmp_path / "lb.sqlite3"
    args = ("import", tmp_path / "Анна.json", "--scenario", tiny_path, "--db", db)
    assert _run(capsys, *args)[0] == 0
    code, out, _ = _run(capsys, *args)
    assert code == 0 and "already there" in out


def test_the_database_comes_from_SALESDESK_DB_by_default(tmp_path, tiny_path, files, capsys, isolated_data):
    assert _run(capsys, "import", tmp_path / "Анна.json", "--scenario", tiny_path)[0] == 0
    assert (isolated_data / "leaderboard.sqlite3").exists()


def test_an_unknown_scenario_is_refused_without_its_file(tmp_path, files, capsys):
    code, _, err = _run(capsys, "import", tmp_path / "Анна.json", "--db", tmp_path / "lb.sqlite3")
    assert code == 2 and "refused [unknown_scenario]" in err and "tiny-test" in err


def test_verify_prints_the_replayed_score(tmp_path, tiny_path, files, capsys):
    code, out, _ = _run(capsys, "verify", tmp_path / "Вера.json", "--scenario", tiny_path)
    assert code == 0
    assert f"score {files['Вера'].claimed_score:.4f}" in out and "matches" in out


def test_verify_refuses_a_mismatch_with_exit_2(tmp_path, tiny_path, files, capsys):
    code, _, err = _run(capsys, "verify", tmp_path / "boast.json", "--scenario", tiny_path)
    assert code == 2 and "does not match the replayed score" in err


def test_verify_refuses_a_non_json_file(tmp_path, capsys):
    (tmp_path / "photo.json").write_bytes(b"\xff\xd8\xff\xe0JFIF")
    code, _, err = _run(capsys, "verify", tmp_path / "photo.json")
    assert code == 2 and "not UTF-8" in err


def test_leaderboard_filters_and_ranks_by_a_kpi(tmp_path, tiny_path, files, capsys):
    db = tmp_path / "lb.sqlite3"
    _run(capsys, "import", *(tmp_path / f"{p}.json" for p in files), "--scenario", tiny_path, "--db", db)
    code, out, _ = _run(capsys, "leaderboard", "--db", db, "--group", "Весна", "--kpi", "loyalty")
    assert code == 0
    assert "Анна" in out and "Борис" in out and "Вера" not in out and "ranked by loyalty" in out
    code, out, _ = _run(capsys, "leaderboard", "--db", db, "--json", "--kpi", "bonus")
    bonuses = [e["kpis"]["bonus"] for e in json.loads(out)["boards"][0]["entries"]]
    assert bonuses == sorted(bonuses, reverse=True)


def test_leaderboard_exports_csv_and_html(tmp_path, tiny_path, files, capsys):
    db = tmp_path / "lb.sqlite3"
    _run(capsys, "import", *(tmp_path / f"{p}.json" for p in files), "--scenario", tiny_path, "--db", db)
    code, _, _ = _run(capsys, "leaderboard", "--db", db, "--export-csv", tmp_path / "out" / "board.csv",
                      "--export-html", tmp_path / "out" / "board.html", "--lang", "ru")
    assert code == 0
    assert "Анна" in (tmp_path / "out" / "board.csv").read_text(encoding="utf-8-sig")
    page = (tmp_path / "out" / "board.html").read_text(encoding="utf-8")
    assert "Крошка" in page and "Вера" in page  # the scenario's Russian title, a player


def test_an_export_to_a_folder_names_the_folder_and_leaves_nothing_behind(tmp_path, tiny_path, files, capsys):
    db = tmp_path / "lb.sqlite3"
    _run(capsys, "import", tmp_path / "Анна.json", "--scenario", tiny_path, "--db", db)
    folder = tmp_path / "reports"
    folder.mkdir()
    code, _, err = _run(capsys, "leaderboard", "--db", db, "--export-html", folder)
    assert code == 2 and f"cannot write the export to {folder}: it is a folder" in err
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob(".*.tmp"))


def test_leaderboard_without_a_database_yet_says_so_and_creates_nothing(tmp_path, capsys):
    code, out, err = _run(capsys, "leaderboard", "--db", tmp_path / "none.sqlite3")
    assert code == 2 and out == "" and f"no leaderboard at {tmp_path / 'none.sqlite3'}" in err
    assert not (tmp_path / "none.sqlite3").exists()


def test_a_corrupt_database_is_exit_2_and_left_alone(tmp_path, tiny_path, files, capsys):
    db = tmp_path / "lb.sqlite3"
    db.write_bytes(b"PK\x03\x04 a zip archive, say")
    before = db.read_bytes()
    for argv in (("leaderboard", "--db", db), ("import", tmp_path / "Анна.json", "--scenario", tiny_path, "--db", db)):
        code, _, err = _run(capsys, *argv)
        assert code == 2 and "not a leaderboard database" in err
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("lb.")) == ["lb.sqlite3"]


def test_bad_arguments_are_exit_2(tmp_path, capsys):
    assert _run(capsys, "leaderboard", "--db", tmp_path / "x.sqlite3", "--since", "last tuesday")[0] == 2
    assert _run(capsys, "leaderboard", "--kpi", "happiness")[0] == 2
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    code, _, err = _run(capsys, "verify", tmp_path / "x.json", "--scenario", tmp_path / "broken.yaml")
    assert code == 2 and "scenario" in err


def test_the_real_entry_point_never_shows_a_traceback(tmp_path, certification):
    """A participant's file for the shipped scenario, a junk file, and a corrupt database, end to end."""
    make_replay(certification, seed=3, player="Дарья", group="Москва-1").save(tmp_path / "darya.json")
    (tmp_path / "junk.json").write_bytes(os.urandom(512))
    env = {**os.environ, "SALESDESK_DB": str(tmp_path / "trainer.sqlite3"), "SALESDESK_HOME": str(tmp_path)}
    run = lambda *argv: subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, argv)],  # noqa: E731
                                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    done = run("import", tmp_path / "darya.json", tmp_path / "junk.json")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "added:" in done.stdout and "refused [unreadable]" in done.stderr
    done = run("leaderboard")
    assert done.returncode == 0 and "Дарья" in done.stdout
    (tmp_path / "bad.sqlite3").write_bytes(b"\x00" * 4096)
    done = run("leaderboard", "--db", tmp_path / "bad.sqlite3")
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1
