"""Several processes writing to one leaderboard at once lose nothing."""
from __future__ import annotations

import multiprocessing
import os

import pytest
from store_helpers import open_new_board, read_rankings, write_entries

from simulator.store.leaderboard import Leaderboard
from simulator.store.scenarios import ScenarioLibrary
from tests.postgres_db import BACKENDS, database

pytestmark = pytest.mark.slow  # many processes on one database: tens of seconds

WRITERS = 8
PER_WRITER = 50


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


@pytest.fixture(params=BACKENDS)
def shared_db(request, tmp_path):
    """A new database several processes share: an SQLite file, or a PostgreSQL database."""
    with database(request.param, str(tmp_path / "shared.sqlite3")) as where:
        yield where


def test_eight_processes_writing_fifty_entries_each_lose_nothing(shared_db, tiny_path):
    db_path = shared_db
    ctx = _context()
    start, results = ctx.Barrier(WRITERS + 1), ctx.Queue()
    processes = [ctx.Process(target=write_entries, args=(db_path, str(tiny_path), w, PER_WRITER, start, results))
                 for w in range(WRITERS)]
    processes.append(ctx.Process(target=read_rankings, args=(db_path, start, 100, results)))
    for p in processes:
        p.start()
    reported = dict(results.get(timeout=300) for _ in processes)
    for p in processes:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert [reported[w] for w in range(WRITERS)] == [PER_WRITER] * WRITERS
    assert 0 <= reported["reader"] <= WRITERS * PER_WRITER
    with Leaderboard.open(db_path, scenarios=ScenarioLibrary([tiny_path])) as board:
        entries = [e for b in board.rankings() for e in b.entries]
        assert len(entries) == WRITERS * PER_WRITER
        assert {e.player for e in entries} == {f"игрок {w}-{k}" for w in range(WRITERS) for k in range(PER_WRITER)}
        assert all(e.skill is not None for e in entries)
        assert sorted(board.groups()) == sorted(f"w{w}" for w in range(WRITERS))


def _no_hard_links(src, dst):
    raise OSError("this file system has no hard links")


@pytest.mark.parametrize("links", [True, False], ids=["hard-links", "no-hard-links"])
def test_many_processes_creating_the_same_new_database_all_get_it(tmp_path, monkeypatch, links):
    if not links:  # e.g. FAT or some network shares: the schema is then made in place, under the write lock
        monkeypatch.setattr(os, "link", _no_hard_links)  # forked children inherit it
    ctx = _context()
    for round_ in range(20):  # the race it guards against showed in about one round in ten
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        db_path = str(folder / "new.sqlite3")
        start, results = ctx.Barrier(12), ctx.Queue()
        processes = [ctx.Process(target=open_new_board, args=(db_path, start, results)) for _ in range(12)]
        for p in processes:
            p.start()
        outcomes = [results.get(timeout=120) for _ in processes]
        for p in processes:
            p.join(timeout=60)
        assert outcomes == ["ok"] * 12, outcomes
        assert sorted(f.name for f in folder.iterdir() if not f.name.endswith(("-wal", "-shm"))) == ["new.sqlite3"]
