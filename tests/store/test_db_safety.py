"""A database file that is not ours, is damaged, or is newer is reported and never changed."""
from __future__ import annotations

import sqlite3

import pytest
from store_helpers import make_replay

from simulator.store import schema
from simulator.store.db import StoreError
from simulator.store.leaderboard import Leaderboard


def _snapshot(folder):
    """Every file in the folder with its bytes: to prove nothing was written, created or removed."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _good_db(path, tiny, players=("Анна", "Борис")):
    with Leaderboard.open(path) as board:
        for seed, player in enumerate(players, start=1):
            board.add_replay(make_replay(tiny, seed=seed, player=player), scenario=tiny)


@pytest.mark.parametrize("content", [
    b"This is my thesis, not a database.\n" * 20,
    bytes(range(256)) * 8,
    b"SQLite format 2\x00" + b"\x00" * 200,
])
def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path, tiny, content):
    path = tmp_path / "results.sqlite3"
    path.write_bytes(content)
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError, match="not a leaderboard database"):
        Leaderboard.open(path)
    assert _snapshot(tmp_path) == before


def test_a_damaged_leaderboard_is_reported_and_left_byte_for_byte(tmp_path, tiny):
    path = tmp_path / "lb.sqlite3"
    _good_db(path, tiny)
    data = bytearray(path.read_bytes())
    assert len(data) > 4 * 4096
    # Keep the header page, scribble over everything after it (a disk or copy gone wrong).
    data[4096:] = bytes((i * 7 + 3) % 256 for i in range(len(data) - 4096))
    path.write_bytes(bytes(data))
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError, match="damaged"), Leaderboard.open(path) as board:
        board.rankings()
        board.import_file(tmp_path / "missing.json")
        board.add_replay(make_replay(tiny, seed=9, player="Вера"), scenario=tiny)
    assert _snapshot(tmp_path) == before


def test_a_truncated_leaderboard_is_reported_and_left_byte_for_byte(tmp_path, tiny):
    path = tmp_path / "lb.sqlite3"
    _good_db(path, tiny)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError), Leaderboard.open(path) as board:
        board.add_replay(make_replay(tiny, seed=9, player="Вера"), scenario=tiny)
        board.rankings()
    assert _snapshot(tmp_path) == before


def test_another_programs_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "crm.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO clients (name) VALUES ('ООО Ромашка')")
    conn.commit()
    conn.close()
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError, match="another program"):
        Leaderboard.open(path)
    assert _snapshot(tmp_path) == before


def test_a_foreign_database_with_a_table_called_entries_is_still_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE entries (x)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError, match="another program"):
        Leaderboard.open(path)
    assert _snapshot(tmp_path) == before


def test_a_leaderboard_from_a_newer_game_is_refused_and_untouched(tmp_path, tiny):
    path = tmp_path / "lb.sqlite3"
    _good_db(path, tiny)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 1}")
    conn.close()
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError, match="newer"):
        Leaderboard.open(path)
    assert _snapshot(tmp_path) == before


def test_an_empty_file_becomes_a_new_leaderboard(tmp_path, tiny):
    path = tmp_path / "new.sqlite3"
    path.write_bytes(b"")
    with Leaderboard.open(path) as board:
        board.add_replay(make_replay(tiny), scenario=tiny)
        assert board.count() == 1


def test_a_folder_in_place_of_the_database_is_reported(tmp_path):
    (tmp_path / "lb.sqlite3").mkdir()
    with pytest.raises(StoreError, match="folder"):
        Leaderboard.open(tmp_path / "lb.sqlite3")


def test_the_default_path_honours_SALESDESK_DB(tmp_path, monkeypatch, tiny):
    target = tmp_path / "elsewhere" / "trainer.sqlite3"
    monkeypatch.setenv("SALESDESK_DB", str(target))
    with Leaderboard.open() as board:
        board.add_replay(make_replay(tiny), scenario=tiny)
    assert target.exists()


def test_the_database_is_in_wal_mode_with_our_marks(tmp_path, tiny):
    path = tmp_path / "lb.sqlite3"
    _good_db(path, tiny)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION
    conn.close()
