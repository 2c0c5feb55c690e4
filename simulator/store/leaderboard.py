"""The leaderboard: verified results in SQLite, rankings, and games to review.

Public API (what the game's screens and the command line use)::

    from simulator.store.leaderboard import Leaderboard

    with Leaderboard.open() as board:            # default path, or Leaderboard.open("x.sqlite3")
        added = board.add_game(game, player="Анна", group="Москва-1")   # a finished engine Game
        added.entry.score, added.entry.skill, added.created
        result = board.import_file("anna.replay.json")                   # never raises for a bad file
        result.ok, result.error, result.code
        for b in board.rankings(group="Москва-1", kpi="loyalty"):       # one Board per scenario version
            for entry in b.entries: entry.rank, entry.player, entry.value("loyalty")
        entry = board.get(entry_id)
        game = board.review(entry_id)            # re-simulated Game: game.plans, game.reports (MonthReports)

Every score is recomputed by replaying the plans; a claimed score is only
checked, never stored. A database that is not ours, is damaged, or is newer
than this code raises :class:`StoreError` and is left untouched.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from ..engine import Game, PlanError, replay as replay_plans
from ..scenario import Scenario
from ..strategies import STRATEGIES, play
from . import paths
from .code_version import reference_key
from .db import Database, StoreError, connect
from .entries import (
    BOARD_KPIS, ENTRY_COLUMNS, REFERENCE_STRATEGY, Entry, content_key, normalise_time, skill_score, utc_now,
)
from .replay import Replay, ReplayError, clean_name, verify
from .scenarios import ScenarioLibrary
from .schema import KPI_COLUMNS

__all__ = ["BOARD_KPIS", "Added", "Board", "ImportResult", "Leaderboard", "ReplayError", "StoreError"]


@dataclass(frozen=True)
class Added:
    """The stored entry for a game or replay; ``created`` is False when it was already there."""

    entry: Entry
    created: bool


@dataclass(frozen=True)
class ImportResult:
    """What happened to one replay file: stored (``entry``) or refused (``error`` and ``code``)."""

    path: str
    entry: Entry | None = None
    created: bool = False
    error: str | None = None
    code: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file's result is in the leaderboard (new or already there)."""
        return self.entry is not None


@dataclass(frozen=True)
class Board:
    """The ranking of one scenario version, sorted by ``kpi`` (best first) with the fixed tie-break."""

    scenario_id: str
    scenario_version: int
    kpi: str
    entries: list[Entry]

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"scenario": {"id": self.scenario_id, "version": self.scenario_version}, "kpi": self.kpi,
                "entries": [e.to_json() for e in self.entries]}


class Leaderboard:
    """An open leaderboard database. Use one per thread; close it (or use ``with``) when done."""

    def __init__(self, db: Database, scenarios: ScenarioLibrary):
        self._db = db
        self.path = db.path
        self.scenarios = scenarios
        scenarios.set_stored_lookup(self._stored_scenario)

    # --- opening ----------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, scenarios: ScenarioLibrary | None = None,
             create: bool = True) -> "Leaderboard":
        """Open (creating or migrating if needed) the database at ``path`` (default: ``paths.default_db_path()``).

        ``scenarios`` is where replays' scenarios are looked up (default: the shipped ones). Raises
        StoreError for a file that is not a Sales Desk leaderboard, is damaged, or is newer than this code.
        """
        db_path = Path(path).expanduser() if path is not None else paths.default_db_path()
        board = cls(connect(db_path, create=create), scenarios or ScenarioLibrary())
        try:
            board._backfill()
        except BaseException:
            board.close()
            raise
        return board

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> "Leaderboard":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- adding results -----------------------------------------------------
    def add_game(self, game: Game, player: str = "", group: str = "", finished_at: str | None = None) -> Added:
        """Store a finished game played in this process (the debrief's "submit")."""
        rep = Replay.from_game(game, player=player, group=group, finished_at=finished_at or utc_now())
        return self.add_replay(rep, scenario=game.scenario)

    def add_replay(self, rep: Replay, scenario: Scenario | None = None) -> Added:
        """Verify ``rep`` by replaying it (against ``scenario`` or the library's) and store the result.

        Raises ReplayError (with ``code``) if it is refused; storing the same result twice returns the
        existing entry with ``created=False``.
        """
        scenario = scenario if scenario is not None else self.scenarios.find(rep)
        game = verify(rep, scenario)
        verified = Replay.from_game(game, player=rep.player, group=rep.group, strategy=rep.strategy,
                                    finished_at=normalise_time(rep.finished_at) or utc_now())
        key = content_key(verified)
        existing = self._entry_where("content_hash = ?", (key,))
        if existing is not None:
            return Added(existing, False)
        result = game.result()
        reference = self.reference_score(scenario, verified.scenario_hash, verified.seed)
        row = {
            "content_hash": key, "player": verified.player, "grp": verified.group,
            "scenario_id": verified.scenario_id, "scenario_version": verified.scenario_version,
            "scenario_hash": verified.scenario_hash, "seed": verified.seed, "score": result.score,
            "finished_at": verified.finished_at, "imported_at": utc_now(), "replay": verified.dumps(),
            "strategy": verified.strategy, "reference_score": reference, "skill": skill_score(result.score, reference),
            **{f"kpi_{k}": result.kpis.get(k) for k in KPI_COLUMNS},
        }
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self._db.write() as conn:
            created = conn.execute(f"INSERT OR IGNORE INTO entries ({columns}) VALUES ({marks})",
                                   tuple(row.values())).rowcount == 1
            self._remember_scenario(conn, scenario, verified.scenario_hash)
        entry = self._entry_where("content_hash = ?", (key,))
        assert entry is not None
        return Added(entry, created)

    def import_file(self, path: str | Path) -> ImportResult:
        """Read, verify and store one replay file. A bad file gives ``ok=False`` with the reason.

        StoreError (the database itself cannot be used) is raised, not folded into the result.
        """
        try:
            rep = Replay.load(path)
            added = self.add_replay(rep)
        except ReplayError as exc:
            message = str(exc)
            if not message.startswith(str(path)):
                message = f"{path}: {message}"
            return ImportResult(str(path), error=message, code=exc.code)
        return ImportResult(str(path), entry=added.entry, created=added.created)

    def import_files(self, files: Iterable[str | Path]) -> list[ImportResult]:
        """:meth:`import_file` for each file; one bad file does not stop the others."""
        return [self.import_file(f) for f in files]

    # --- reading ------------------------------------------------------------
    def rankings(self, scenario_id: str | None = None, scenario_version: int | None = None,
                 group: str | None = None, since: str | None = None, until: str | None = None,
                 kpi: str = "score", limit: int | None = None) -> list[Board]:
        """Boards (one per scenario id and version) of the entries matching the filters.

        Sorted by ``kpi`` (one of :data:`BOARD_KPIS`) best first; ties by score (higher first), then
        the earlier ``finished_at``, then player name, then entry id. ``since``/``until`` are stored-form
        UTC times (see ``entries.date_bound``) compared with ``finished_at``, both ends included.
        """
        if kpi not in BOARD_KPIS:
            raise ValueError(f"unknown KPI `{kpi}`; one of: {', '.join(BOARD_KPIS)}")
        where, params = _filters(scenario_id, scenario_version, group, since, until)
        column = kpi if kpi in ("score", "skill") else f"kpi_{kpi}"
        sql = (f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries{where} ORDER BY scenario_id, scenario_version DESC, "
               f"{column} IS NULL, {column} DESC, score DESC, finished_at, player, id")
        boards: dict[tuple[str, int], list[Entry]] = {}
        for row in self._read(sql, params):
            key = (row[ENTRY_COLUMNS.index("scenario_id")], row[ENTRY_COLUMNS.index("scenario_version")])
            ranked = boards.setdefault(key, [])
            if limit is None or len(ranked) < limit:
                ranked.append(Entry.from_row(row, rank=len(ranked) + 1))
        return [Board(sid, version, kpi, entries) for (sid, version), entries in boards.items()]

    def get(self, entry_id: int) -> Entry:
        """One entry by id; KeyError if there is none."""
        entry = self._entry_where("id = ?", (int(entry_id),))
        if entry is None:
            raise KeyError(f"no leaderboard entry #{entry_id}")
        return entry

    def replay(self, entry_id: int) -> Replay:
        """The stored (verified) replay of an entry; KeyError if there is none."""
        rows = self._read("SELECT replay FROM entries WHERE id = ?", (int(entry_id),))
        if not rows:
            raise KeyError(f"no leaderboard entry #{entry_id}")
        return Replay.from_json(json.loads(rows[0][0]))

    def review(self, entry_id: int) -> Game:
        """The entry's game re-simulated month by month: ``game.plans[k]`` and ``game.reports[k]`` per month.

        Raises ReplayError if the scenario it was played on is not available any more.
        """
        rep = self.replay(entry_id)
        scenario = self.scenario_for(rep)
        try:
            return replay_plans(scenario, rep.seed, list(rep.plans))
        except PlanError as exc:
            raise ReplayError(f"entry #{entry_id} no longer replays: {exc.message}", "plan_rule") from None

    def scenario_for(self, rep: Replay) -> Scenario:
        """The scenario a replay was played on (library, then the copy stored with the entry)."""
        found = self.scenarios.by_hash(rep.scenario_hash)
        return found if found is not None else self.scenarios.find(rep)

    def groups(self, scenario_id: str | None = None) -> list[str]:
        """Distinct group names (for a filter menu), sorted."""
        where, params = _filters(scenario_id, None, None, None, None)
        return [r[0] for r in self._read(f"SELECT DISTINCT grp FROM entries{where} ORDER BY grp", params)]

    def scenario_versions(self) -> list[tuple[str, int, int]]:
        """(scenario id, version, number of entries) for every board there is."""
        return [tuple(r) for r in self._read(
            "SELECT scenario_id, scenario_version, COUNT(*) FROM entries "
            "GROUP BY scenario_id, scenario_version ORDER BY scenario_id, scenario_version DESC", ())]

    def count(self) -> int:
        """Number of entries."""
        return self._read("SELECT COUNT(*) FROM entries", ())[0][0]

    # --- the balanced reference ---------------------------------------------
    def reference_score(self, scenario: Scenario, scenario_hash: str, seed: int) -> float:
        """The ``balanced`` strategy's score on this scenario and seed (cached in the database)."""
        key = reference_key(REFERENCE_STRATEGY)  # a new engine or bot gets fresh references
        rows = self._read("SELECT score FROM reference_scores WHERE scenario_hash = ? AND seed = ? AND strategy = ?",
                          (scenario_hash, seed, key))
        if rows:
            return rows[0][0]
        value = play(scenario, seed, STRATEGIES[REFERENCE_STRATEGY]).result().score
        with self._db.write() as conn:
            conn.execute("INSERT OR IGNORE INTO reference_scores (scenario_hash, seed, strategy, score) "
                         "VALUES (?, ?, ?, ?)", (scenario_hash, seed, key, value))
        return value

    # --- internals ----------------------------------------------------------
    def _read(self, sql: str, params: tuple) -> list[tuple]:
        return self._db.read(sql, params)

    def _entry_where(self, condition: str, params: tuple) -> Entry | None:
        rows = self._read(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries WHERE {condition}", params)
        return Entry.from_row(rows[0]) if rows else None

    def _remember_scenario(self, conn: sqlite3.Connection, scenario: Scenario, digest: str) -> None:
        content = json.dumps(scenario.model_dump(mode="json", by_alias=True), ensure_ascii=False, sort_keys=True)
        conn.execute("INSERT OR IGNORE INTO scenarios (hash, scenario_id, scenario_version, content, added_at) "
                     "VALUES (?, ?, ?, ?, ?)", (digest, scenario.id, scenario.version, content, utc_now()))

    def _stored_scenario(self, digest: str) -> Scenario | None:
        rows = self._read("SELECT content FROM scenarios WHERE hash = ?", (digest,))
        if not rows:
            return None
        try:
            return Scenario.model_validate(json.loads(rows[0][0]))
        except (ValidationError, ValueError):
            return None

    def _backfill(self) -> None:
        """Fill KPIs and skill of entries migrated from version 1, where their scenario can be found.

        The stored plans are the truth: score, KPIs and skill are recomputed from them. An entry whose
        scenario is unavailable keeps its data and stays without KPIs until it can be found.
        """
        pending = self._read("SELECT id, replay FROM entries WHERE kpi_revenue IS NULL", ())
        for entry_id, text in pending:
            try:
                rep = replace(Replay.from_json(json.loads(text)), claimed_score=None)
                scenario = self.scenarios.find(rep)
                game = verify(rep, scenario)
            except (ReplayError, ValueError):
                continue
            result = game.result()
            reference = self.reference_score(scenario, rep.scenario_hash, rep.seed)
            updates = {"score": result.score, "reference_score": reference,
                       "skill": skill_score(result.score, reference),
                       **{f"kpi_{k}": result.kpis.get(k) for k in KPI_COLUMNS}}
            assignments = ", ".join(f"{column} = ?" for column in updates)
            with self._db.write() as conn:
                conn.execute(f"UPDATE entries SET {assignments} WHERE id = ?", (*updates.values(), entry_id))
                self._remember_scenario(conn, scenario, rep.scenario_hash)


def _filters(scenario_id: str | None, scenario_version: int | None, group: str | None, since: str | None,
             until: str | None) -> tuple[str, tuple]:
    clauses, params = [], []
    if scenario_id is not None:
        clauses.append("scenario_id = ?")
        params.append(scenario_id)
    if scenario_version is not None:
        clauses.append("scenario_version = ?")
        params.append(int(scenario_version))
    if group is not None:
        clauses.append("grp = ?")
        params.append(clean_name(group))
    if since is not None:
        clauses.append("finished_at >= ?")
        params.append(since)
    if until is not None:
        clauses.append("finished_at <= ?")
        params.append(until)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)
