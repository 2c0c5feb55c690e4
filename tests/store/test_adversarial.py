"""Regression tests for what an adversarial test found: nothing faked reaches a board, nothing stored is lost.

Each test is named after what a participant or a careless trainer tried; numbers refer to the defects
of the issue ("Nothing faked, nothing lost").
"""
from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import time

import pytest
from store_helpers import ROOT, TINY_YAML, make_replay

from simulator.cli import main
from simulator.scenario import content_hash, load_file
from simulator.store.files import OutputRefused, check_output
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay
from simulator.store.scenarios import ScenarioLibrary
from simulator.strategies import STRATEGIES, play
from tests.shared_fixtures import deadline

TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in out + err
    return code, out, err


def _count(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def doctored(tmp_path):
    """tutorial.yaml with 80 desk hours instead of 14, same id and version."""
    text = TUTORIAL.read_text(encoding="utf-8").replace("hours_per_month: 14", "hours_per_month: 80")
    path = tmp_path / "doctored.yaml"
    path.write_text(text, encoding="utf-8")
    assert content_hash(load_file(path)) != content_hash(load_file(TUTORIAL))
    return path


# --- 1. a doctored scenario never reaches the official board ------------------------------------------
def test_a_doctored_copy_of_a_shipped_scenario_is_ranked_apart_on_an_unofficial_board(tmp_path, doctored, capsys):
    honest, cheat = load_file(TUTORIAL), load_file(doctored)
    db = tmp_path / "lb.sqlite3"
    Replay.from_game(play(honest, 3, STRATEGIES["balanced"]), "Честная", "G").save(tmp_path / "honest.json")
    Replay.from_game(play(cheat, 3, STRATEGIES["balanced"]), "Хитрый", "G").save(tmp_path / "cheat.json")
    Replay.from_game(play(cheat, 3, STRATEGIES["greedy"]), "Хитрый-2", "G").save(tmp_path / "cheat2.json")

    code, out, err = _run(capsys, "import", tmp_path / "cheat.json", "--scenario", doctored, "--db", db)
    assert code == 0 and "UNOFFICIAL" in out and "is not the official content" in err
    code, out, _ = _run(capsys, "import", tmp_path / "cheat2.json", tmp_path / "honest.json", "--db", db)
    assert code == 0 and out.count("UNOFFICIAL") == 1  # no flag: the stored doctored copy is still unofficial

    code, out, _ = _run(capsys, "leaderboard", "--db", db, "--json")
    boards = json.loads(out)["boards"]
    official = [b for b in boards if b["official"]]
    assert [[e["player"] for e in b["entries"]] for b in official] == [["Честная"]]
    apart = [b for b in boards if not b["official"]]
    assert sorted(e["player"] for b in apart for e in b["entries"]) == ["Хитрый", "Хитрый-2"]
    assert all("UNOFFICIAL" in b["note"] for b in apart)
    code, out, _ = _run(capsys, "leaderboard", "--db", db)
    assert "!! UNOFFICIAL" in out

    # The game's "To leaderboard" button goes through add_game: the same rule holds.
    with Leaderboard.open(db) as board:
        added = board.add_game(play(cheat, 4, STRATEGIES["balanced"]), player="Кнопка", group="G")
        assert added.created and not added.entry.official
        assert board.official_hash("tutorial", honest.version) == content_hash(honest)


def test_a_registered_scenario_is_never_replaced_by_a_later_import(tmp_path, tiny_path, tiny, capsys):
    changed = tmp_path / "tiny-changed.yaml"
    changed.write_text(TINY_YAML.replace("hours_per_month: 10", "hours_per_month: 100"), encoding="utf-8")
    db = tmp_path / "lb.sqlite3"
    assert _run(capsys, "import", "--scenario", tiny_path, "--db", db)[0] == 0  # the trainer registers it
    make_replay(load_file(changed), player="Хитрый").save(tmp_path / "cheat.json")
    code, out, err = _run(capsys, "import", tmp_path / "cheat.json", "--scenario", changed, "--db", db)
    assert "UNOFFICIAL" in out and "warning" in err
    with Leaderboard.open(db, scenarios=ScenarioLibrary([changed])) as board:
        assert board.official_hash("tiny-test", 1) == content_hash(tiny)
        (entry,) = [e for b in board.rankings() for e in b.entries]
        assert not entry.official


# --- 2. one malformed replay never stops a batch ------------------------------------------------------
BIG = "@@big@@"  # replaced by the digits in the file's text (json.dumps itself refuses over 4,300 digits)


@pytest.mark.parametrize("mutate", [
    lambda d: d.__setitem__("claimed_score", int("9" * 400)),
    lambda d: d.__setitem__("seed", BIG),
    lambda d: d["plans"][0]["markups"].__setitem__("kit", BIG),
    lambda d: d["plans"][0]["touches"][0]["clients"].append(10 ** 30),
    lambda d: d.__setitem__("claimed_score", "1e999"),
    lambda d: d.__setitem__("claimed_score", 1e999),
], ids=["400-digit-score", "5000-digit-seed", "5000-digit-markup", "30-digit-client", "score-as-text", "infinity"])
def test_a_number_too_long_is_refused_and_the_batch_goes_on(tmp_path, tiny_path, tiny, capsys, mutate):
    good_a = make_replay(tiny, seed=1, player="Анна")
    good_b = make_replay(tiny, seed=1, strategy="greedy", player="Борис")
    good_a.save(tmp_path / "a.json")
    good_b.save(tmp_path / "b.json")
    data = make_replay(tiny, seed=1, strategy="spammer", player="Вера").to_json()
    mutate(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data).replace(f'"{BIG}"', "1" * 5000), encoding="utf-8")
    db = tmp_path / "lb.sqlite3"
    code, out, err = _run(capsys, "import", tmp_path / "a.json", bad, tmp_path / "b.json", "--scenario", tiny_path,
                          "--db", db)
    assert code == 2 and out.count("added:") == 2 and "refused [" in err and "bad.json" in err
    assert len(err) < 2000  # the number is not echoed back
    code, _, err = _run(capsys, "verify", bad, "--scenario", tiny_path)
    assert code == 2 and "refused" in err


# --- 3. an export never replaces the database, a device, a FIFO or a symlink's target ----------------
def test_an_export_or_a_replay_aimed_at_the_database_is_refused_and_the_results_stay(tmp_path, tiny_path, tiny,
                                                                                     capsys):
    db = tmp_path / "lb.sqlite3"
    make_replay(tiny, player="Анна").save(tmp_path / "a.json")
    assert _run(capsys, "import", tmp_path / "a.json", "--scenario", tiny_path, "--db", db)[0] == 0
    before = db.read_bytes()
    for flag in ("--export-html", "--export-csv"):
        code, _, err = _run(capsys, "leaderboard", "--db", db, flag, db)
        assert code == 2 and "it is a database" in err
    code, _, err = _run(capsys, "simulate", "tutorial", "--replay-out", db)
    assert code == 2 and "it is a database" in err
    code, _, err = _run(capsys, "leaderboard", "--db", db, "--export-csv", f"{db}-wal")
    assert code == 2 and "belongs to a database" in err
    assert db.read_bytes() == before and _count(db) == 1


def test_an_export_onto_a_fifo_a_symlink_or_a_device_is_refused_and_they_stay_what_they_were(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = tmp_path / "notes.txt"
    target.write_text("мои заметки", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    db = tmp_path / "none.sqlite3"
    with deadline():
        code, _, err = _run(capsys, "leaderboard", "--db", db, "--create", "--export-html", fifo)
    assert code == 2 and "not a regular file" in err
    code, _, err = _run(capsys, "leaderboard", "--db", db, "--create", "--export-csv", link)
    assert code == 2 and "symbolic link" in err
    assert fifo.is_fifo() and link.is_symlink() and target.read_text(encoding="utf-8") == "мои заметки"
    with pytest.raises(OutputRefused, match="device"):
        check_output("/dev/null")  # refused before anything is written (os.replace would swap the node)


# --- 4. seed shopping ------------------------------------------------------------------------------------
def _luckiest(tiny, strategy="greedy", seeds=range(12)):
    return max(seeds, key=lambda s: play(tiny, s, STRATEGIES[strategy]).result().score)


def test_a_group_compares_one_seed_and_a_luckier_seed_is_ranked_apart(tmp_path, tiny_path, tiny, capsys):
    lucky = _luckiest(tiny)
    group_seed = next(s for s in range(12) if s != lucky)
    db = tmp_path / "lb.sqlite3"
    make_replay(tiny, seed=group_seed, strategy="balanced", player="Честная", group="G").save(tmp_path / "a.json")
    make_replay(tiny, seed=lucky, strategy="greedy", player="Везунчик", group="G").save(tmp_path / "b.json")
    code, out, _ = _run(capsys, "import", tmp_path / "a.json", tmp_path / "b.json", "--scenario", tiny_path,
                        "--db", db)
    assert code == 0 and f"ranked apart: the group plays seed {group_seed}" in out
    for kpi in ("score", "skill"):
        code, out, _ = _run(capsys, "leaderboard", "--db", db, "--group", "G", "--kpi", kpi, "--json")
        first, second = json.loads(out)["boards"]
        assert [e["player"] for e in first["entries"]] == ["Честная"] and first["seed_apart"] is None
        assert [e["player"] for e in second["entries"]] == ["Везунчик"]
        assert second["seed_apart"] == lucky and second["group_seed"] == group_seed
    # The trainer fixes another seed: the boards swap; --seed filters everywhere.
    code, out, err = _run(capsys, "leaderboard", "--db", db, "--group", "G", "--seed", lucky, "--json")
    assert code == 0 and f"now plays seed {lucky}" in err
    (only,) = json.loads(out)["boards"]
    assert [e["player"] for e in only["entries"]] == ["Везунчик"] and only["seed_apart"] is None
    code, out, _ = _run(capsys, "leaderboard", "--db", db, "--seed", group_seed, "--json")
    (only,) = json.loads(out)["boards"]
    assert [e["player"] for e in only["entries"]] == ["Честная"] and only["seed_apart"] == group_seed


# --- 5. unbounded reads ----------------------------------------------------------------------------------
def test_importing_a_device_or_a_fifo_is_refused_at_once(tmp_path, tiny_path, capsys):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    started = time.monotonic()
    with deadline():
        code, _, err = _run(capsys, "import", "/dev/zero", fifo, tmp_path, "--scenario", tiny_path, "--db",
                            tmp_path / "lb.sqlite3")
    assert time.monotonic() - started < 10
    assert code == 2 and "3 of 3 file(s) refused" in err
    assert "/dev/zero: is a device" in err and "is a pipe (FIFO)" in err and "is a folder" in err
    code, _, err = _run(capsys, "verify", "/dev/zero")
    assert code == 2 and "is a device" in err


# --- 8. permissions in plain words; one damaged row does not sink a report ---------------------------
def test_a_board_in_a_read_only_folder_can_be_viewed_and_is_not_called_damaged(tmp_path, tiny_path, tiny, capsys,
                                                                               monkeypatch):
    from simulator.store import db as db_module
    db = tmp_path / "lb.sqlite3"
    make_replay(tiny, player="Анна").save(tmp_path / "a.json")
    assert _run(capsys, "import", tmp_path / "a.json", "--scenario", tiny_path, "--db", db)[0] == 0
    monkeypatch.setattr(db_module, "writable", lambda path: False)  # as for a user without write access
    code, out, err = _run(capsys, "leaderboard", "--db", db)
    assert code == 0 and "Анна" in out
    make_replay(tiny, strategy="greedy", player="Борис").save(tmp_path / "b.json")
    code, _, err = _run(capsys, "import", tmp_path / "b.json", "--scenario", tiny_path, "--db", db)
    assert code == 2 and "read-only" in err and "not damaged" in err and "damaged or unreadable" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere; the monkeypatched test above stands in")
def test_a_board_in_a_really_read_only_folder_can_be_viewed(tmp_path, tiny_path, tiny, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "lb.sqlite3"
    make_replay(tiny, player="Анна").save(tmp_path / "a.json")
    assert _run(capsys, "import", tmp_path / "a.json", "--scenario", tiny_path, "--db", db)[0] == 0
    folder.chmod(0o555)
    try:
        code, out, _ = _run(capsys, "leaderboard", "--db", db)
        assert code == 0 and "Анна" in out
    finally:
        folder.chmod(0o755)


def test_a_database_behind_a_folder_you_may_not_open_is_reported_in_plain_words(tmp_path, capsys, monkeypatch):
    import pathlib
    locked = tmp_path / "locked"
    real_stat = pathlib.Path.stat

    def stat(self, *args, **kwargs):
        if str(self).startswith(str(locked)):
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "stat", stat)
    for argv in (("leaderboard",), ("import", tmp_path / "x.json")):
        code, _, err = _run(capsys, *argv, "--db", locked / "lb.sqlite3")
        assert code == 2 and "permission denied" in err


def test_one_damaged_stored_row_does_not_break_the_html_report(tmp_path, tiny_path, tiny, capsys):
    db = tmp_path / "lb.sqlite3"
    make_replay(tiny, player="Анна").save(tmp_path / "a.json")
    make_replay(tiny, strategy="greedy", player="Борис").save(tmp_path / "b.json")
    assert _run(capsys, "import", tmp_path / "a.json", tmp_path / "b.json", "--scenario", tiny_path, "--db", db)[0] == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE entries SET replay = '{\"format\": \"sales-desk-replay\", [' WHERE player = 'Борис'")
    conn.commit()
    conn.close()
    code, _, err = _run(capsys, "leaderboard", "--db", db, "--export-html", tmp_path / "r.html", "--scenario",
                        "tiny-test")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert code == 0 and "Анна" in html and "Борис" in html and "not available" in html


# --- 9. who played, copies, size ------------------------------------------------------------------------
def test_a_replay_written_by_a_bot_is_marked_wherever_it_is_ranked(tmp_path, capsys):
    db = tmp_path / "lb.sqlite3"
    assert _run(capsys, "simulate", "tutorial", "--player", "Анна", "--replay-out", tmp_path / "bot.json")[0] == 0
    code, out, _ = _run(capsys, "import", tmp_path / "bot.json", "--db", db)
    assert code == 0 and "Анна [bot: balanced]" in out
    code, out, _ = _run(capsys, "leaderboard", "--db", db)
    assert "bot balanced" in out
    code, out, _ = _run(capsys, "leaderboard", "--db", db, "--json")
    (entry,) = json.loads(out)["boards"][0]["entries"]
    assert entry["played_by"] == "strategy:balanced"
    assert _run(capsys, "leaderboard", "--db", db, "--export-csv", tmp_path / "b.csv")[0] == 0
    (row,) = csv.DictReader(io.StringIO((tmp_path / "b.csv").read_text(encoding="utf-8-sig")))
    assert row["played_by"] == "strategy:balanced"
    data = json.loads((tmp_path / "bot.json").read_text(encoding="utf-8"))
    data["strategy"] = "<script>"
    (tmp_path / "fake.json").write_text(json.dumps(data), encoding="utf-8")
    code, _, err = _run(capsys, "import", tmp_path / "fake.json", "--db", db)
    assert code == 2 and "not a reference strategy" in err


def test_a_padded_replay_is_refused_by_what_its_scenario_allows_and_a_legal_one_is_stored_compactly(
        tmp_path, tiny_path, tiny):
    rep = make_replay(tiny, player="Анна")
    data = rep.to_json()
    batch = data["plans"][0]["touches"][0]
    batch["clients"] = batch["clients"] * (31 * 12 // len(batch["clients"]) + 1)  # over 31 per client
    (tmp_path / "padded.json").write_text(json.dumps(data), encoding="utf-8")
    with Leaderboard.open(tmp_path / "lb.sqlite3", scenarios=ScenarioLibrary([tiny_path])) as board:
        result = board.import_file(tmp_path / "padded.json")
        assert result.code == "too_large" and "at most 372" in result.error
        legal = rep.to_json()
        legal["plans"][0]["touches"][0]["clients"] *= 20  # repeats are legal (one touch each) ...
        (tmp_path / "legal.json").write_text(json.dumps(legal, indent=1), encoding="utf-8")
        result = board.import_file(tmp_path / "legal.json")
        assert result.ok
        stored = board._read("SELECT length(replay) FROM entries", ())[0][0]
        assert stored < (tmp_path / "legal.json").stat().st_size / 2  # ... and not stored indented


def test_the_trainer_fixes_a_groups_seed_before_anyone_plays(tmp_path, tiny_path, tiny, capsys):
    db = tmp_path / "new.sqlite3"
    code, _, err = _run(capsys, "leaderboard", "--db", db, "--group", "G", "--seed", 7)
    assert code == 0 and "group G now plays seed 7 on every scenario" in err
    make_replay(tiny, seed=3, player="Первый", group="G").save(tmp_path / "a.json")
    code, out, _ = _run(capsys, "import", tmp_path / "a.json", "--scenario", tiny_path, "--db", db)
    assert code == 0 and "ranked apart: the group plays seed 7" in out  # the first entry does not override it
