"""Opening a leaderboard written by an older version migrates it and keeps every result."""
from __future__ import annotations

import sqlite3

import pytest
from store_helpers import make_replay

from simulator.store import schema
from simulator.store.entries import content_key
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import ReplayError
from simulator.store.scenarios import ScenarioLibrary


def _v1_database(path, rows):
    """A version 1 file exactly as the version 1 code wrote it."""
    conn = sqlite3.connect(path)
    schema.create_v1(conn)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("PRAGMA journal_mode = WAL")
    for rep, finished in rows:
        conn.execute(
            "INSERT INTO entries (content_hash, player, grp, scenario_id, scenario_version, scenario_hash, seed, "
            "score, finished_at, imported_at, replay) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (content_key(rep), rep.player, rep.group, rep.scenario_id, rep.scenario_version, rep.scenario_hash,
             rep.seed, rep.claimed_score, finished, "2024-04-01T00:00:00Z", rep.dumps()),
        )
    conn.commit()
    conn.close()


@pytest.fixture
def old_rows(tiny):
    lost = make_replay(tiny, seed=4, player="Зоя")
    lost = type(lost)(**{**vars(lost), "scenario_id": "retired", "scenario_hash": "ffffffffffffffff"})
    return [
        (make_replay(tiny, seed=1, strategy="balanced", player="Анна", group="Весна"), "2024-03-01T10:00:00Z"),
        (make_replay(tiny, seed=2, strategy="greedy", player="Борис", group="Весна"), "2024-03-02T10:00:00Z"),
        (make_replay(tiny, seed=3, strategy="passive", player="<b>Вика</b>", group="Осень"), "2024-03-03T10:00:00Z"),
        (lost, "2024-03-04T10:00:00Z"),  # its scenario is gone: the row must survive anyway
    ]


def test_a_version_1_database_keeps_its_data_and_gains_kpis_and_skill(tmp_path, tiny, tiny_path, old_rows):
    path = tmp_path / "old.sqlite3"
    _v1_database(path, old_rows)
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as board:
        boards = {(b.scenario_id, b.scenario_version): b for b in board.rankings()}
        by_player = {e.player: e for b in boards.values() for e in b.entries}
        assert set(by_player) == {"Анна", "Борис", "<b>Вика</b>", "Зоя"}
        for rep, finished in old_rows:
            entry = by_player[rep.player]
            assert (entry.group, entry.seed, entry.finished_at) == (rep.group, rep.seed, finished)
            assert entry.score == pytest.approx(rep.claimed_score)
            assert board.replay(entry.id).plans == rep.plans
        anna = by_player["Анна"]
        assert anna.skill == pytest.approx(100.0)  # she played the reference strategy itself
        assert by_player["Борис"].skill < 100.0
        assert by_player["<b>Вика</b>"].skill == pytest.approx(0.0)  # she did nothing: the new zero of skill
        assert all(by_player[p].kpis["loyalty"] is not None for p in ("Анна", "Борис", "<b>Вика</b>"))
        assert by_player["Зоя"].kpis["loyalty"] is None and by_player["Зоя"].skill is None
        # The migrated database accepts new results as usual.
        assert board.add_replay(make_replay(tiny, seed=8, player="Глеб")).created
        assert board.count() == 5
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION
    conn.close()


def test_a_duplicate_of_a_migrated_entry_is_recognised(tmp_path, tiny_path, old_rows):
    path = tmp_path / "old.sqlite3"
    _v1_database(path, old_rows[:1])
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as board:
        assert not board.add_replay(old_rows[0][0]).created
        assert board.count() == 1


def test_a_migration_that_fails_changes_nothing(tmp_path, tiny_path, old_rows, monkeypatch):
    path = tmp_path / "old.sqlite3"
    _v1_database(path, old_rows)

    def broken(conn):
        schema.migrate_v1_to_v2(conn)
        raise RuntimeError("power cut half-way")

    monkeypatch.setattr(schema, "MIGRATIONS", (broken,))
    with pytest.raises(RuntimeError):
        Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path]))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = {row[1] for row in conn.execute("PRAGMA table_info(entries)")}
    assert "skill" not in columns
    assert conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == len(old_rows)
    conn.close()


def _v2_database(path, rows):
    """A version 2 file as the version 2 code left it: skill = 100 * score / balanced, no passive reference."""
    _v1_database(path, rows)
    conn = sqlite3.connect(path)
    schema.migrate_v1_to_v2(conn)
    conn.execute("UPDATE entries SET skill = 100.0 * score / 90.0, reference_score = 90.0, kpi_revenue = 1.0, "
                 "kpi_loyalty = 0.5")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_version_2_database_gets_the_new_skill_official_marks_and_copy_detection(tmp_path, tiny, tiny_path,
                                                                                   old_rows):
    path = tmp_path / "v2.sqlite3"
    _v2_database(path, old_rows)
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as board:
        by_player = {e.player: e for b in board.rankings() for e in b.entries}
        assert len(by_player) == 4
        assert by_player["Анна"].skill == pytest.approx(100.0)
        assert by_player["<b>Вика</b>"].skill == pytest.approx(0.0)
        assert by_player["<b>Вика</b>"].passive_score == pytest.approx(by_player["<b>Вика</b>"].score)
        assert all(e.official for e in by_player.values())
        assert by_player["Зоя"].skill == pytest.approx(100.0 * by_player["Зоя"].score / 90.0)  # no scenario: kept
        copy = type(old_rows[0][0])(**{**vars(old_rows[0][0]), "player": "Копия"})
        with pytest.raises(ReplayError, match="a copy of another player's game") as caught:
            board.add_replay(copy)
        assert caught.value.code == "duplicate"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION
    conn.close()
