"""The leaderboard: verified results in SQLite, rankings, and games to review.

Public API (what the game's screens and the command line use)::

    from simulator.store.leaderboard import Leaderboard

    with Leaderboard.open() as board:            # default path, or Leaderboard.open("x.sqlite3")
        added = board.add_game(game, player="Анна", group="Москва-1")   # a finished engine Game or HeadGame
        added.entry.score, added.entry.skill, added.created
        result = board.import_file("anna.replay.json")                   # never raises for a bad file
        result.ok, result.error, result.code
        for b in board.rankings(group="Москва-1", kpi="loyalty"):       # one Board per scenario version
            for entry in b.entries: entry.rank, entry.player, entry.value("loyalty")
        entry = board.get(entry_id)
        game = board.review(entry_id)            # re-simulated Game: game.plans, game.reports (MonthReports)
        game = board.review_any(entry_id)        # any kind's entry re-simulated (a Game, a HeadGame: store.kinds)

Every score is recomputed by replaying the plans; a claimed score is only
checked, never stored. A database that is not ours, is damaged, or is newer
than this code raises :class:`StoreError` and is left untouched.

This class is the storage: SQL, rankings, groups' seeds, official scenarios, moderation. What goes in is
verified by :mod:`.verification` (replaying, by the game kind of :mod:`.kinds`), the skill's reference bots are
played by :mod:`.references`, and older databases are brought up to date by :mod:`.migration`; the methods that
add, import, review or mark games hand over to those services.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from ..engine import Game
from ..head import HeadGame
from ..scenario import Scenario
from . import migration, paths, references, verification
from .db import Database, StoreError, connect
from .entries import BOARD_KPIS, ENTRY_COLUMNS, Entry, utc_now
from .head_replay import HeadReplay
from .kinds import DESK, HEAD, GameKind, kind_named
from .replay import Branch, Replay, ReplayError, clean_name, loads
from .scenarios import ScenarioLibrary
from .verification import Added, ImportResult

__all__ = ["BOARD_KPIS", "Added", "Board", "HeadReplay", "ImportResult", "Leaderboard", "ReplayError", "StoreError"]

ANY_SCENARIO = "*"  # group_seeds row a trainer set for every scenario of a group


@dataclass(frozen=True)
class Board:
    """The ranking of one scenario version, sorted by ``kpi`` (best first) with the fixed tie-break.

    An official board holds games verified against the scenario's official content. Games on any
    other content of the same id and version are on their own board (``official`` False, with that
    content's ``scenario_hash``); games played on another seed than their group's are on a board of
    their own too (``seed_apart`` is the seed they played, ``group_seed`` the group's).
    """

    scenario_id: str
    scenario_version: int
    kpi: str
    entries: list[Entry]
    official: bool = True
    scenario_hash: str | None = None
    seed_apart: int | None = None
    group_seed: int | None = None

    @property
    def note(self) -> str:
        """Why this board stands apart, in English (empty for an official board); see ``texts.board_note``."""
        parts = []
        if not self.official:
            parts.append(f"UNOFFICIAL: scenario content {self.scenario_hash} is not the official "
                         f"{self.scenario_id} v{self.scenario_version}")
        if self.seed_apart is not None:
            parts.append(f"seed {self.seed_apart}, not the group's seed {self.group_seed}: not comparable")
        return "; ".join(parts)

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"scenario": {"id": self.scenario_id, "version": self.scenario_version, "hash": self.scenario_hash},
                "official": self.official, "seed_apart": self.seed_apart, "group_seed": self.group_seed,
                "note": self.note, "kpi": self.kpi, "entries": [e.to_json() for e in self.entries]}


class Leaderboard:
    """An open leaderboard database. Use one per thread; close it (or use ``with``) when done."""

    def __init__(self, db: Database, scenarios: ScenarioLibrary):
        self._db = db
        self.path = db.path
        self.scenarios = scenarios
        self.read_only = db.read_only
        scenarios.set_stored_lookup(self._stored_scenario)

    # --- opening ----------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, scenarios: ScenarioLibrary | None = None,
             create: bool = True, mark_bots: bool = True) -> Leaderboard:
        """Open (creating or migrating if needed) the database at ``path`` (default: ``paths.default_db_path()``).

        ``path`` may also be a ``postgresql://`` URL (see :mod:`.pg`): the same tables on a database server.

        ``mark_bots=False`` leaves games without their bot similarity for a later :meth:`mark_bots` (the server's
        workers do it while idle). ``scenarios`` is where replays' scenarios are looked up (default: the shipped ones). Raises
        StoreError for a file that is not a Sales Desk leaderboard, is damaged, or is newer than this code.
        """
        from .pg import connect_postgres, is_url

        if isinstance(path, str) and is_url(path):  # postgresql://...: a database server (hosted deployment)
            db = cast(Database, connect_postgres(path, create=create))  # PgDatabase has Database's methods
        else:
            db = connect(Path(path).expanduser() if path is not None else paths.default_db_path(), create=create)
        board = cls(db, scenarios or ScenarioLibrary())
        try:
            if not board.read_only:
                migration.backfill(board, mark_bots)
        except BaseException:
            board.close()
            raise
        return board

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Leaderboard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- adding results -----------------------------------------------------
    def add_game(self, game: Game | HeadGame, player: str = "", group: str = "", finished_at: str | None = None,
                 branch: Branch | None = None) -> Added:
        """Store a finished game played in this process (the debrief's "submit"); see :func:`.verification.add_game`."""
        return verification.add_game(self, game, player, group, finished_at, branch)

    def add_replay(self, rep: Replay | HeadReplay, scenario: Scenario | None = None, mark_bots: bool = True) -> Added:
        """Verify ``rep`` by replaying it and store the result; see :func:`.verification.add_replay`."""
        return verification.add_replay(self, rep, scenario, mark_bots)

    def insert(self, row: dict, scenario: Scenario, verified: Replay | HeadReplay, key: str, ranked: bool) -> Added:
        """Store a verified game's ``row`` unless the same decisions got in meanwhile; the entry as stored."""
        with self._db.write() as conn:
            again = conn.execute("SELECT player, grp FROM entries WHERE decisions_hash = ?", (key,)).fetchone()
            if again is not None and tuple(again) != (verified.player, verified.group):
                existing = self.entry_where("decisions_hash = ?", (key,))
                if existing is not None:
                    verification.same_player(existing, verified)
            created = again is None
            if created:
                row["official"] = int(self.official_in(conn, scenario, verified.scenario_hash))
                columns = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                conn.execute(f"INSERT INTO entries ({columns}) VALUES ({marks})", tuple(row.values()))
                if row["official"] and ranked:
                    # The first official entry fixes the group's seed, unless the trainer fixed one for all scenarios.
                    conn.execute("INSERT OR IGNORE INTO group_seeds (grp, scenario_id, seed, fixed_by, fixed_at) "
                                 "SELECT ?, ?, ?, 'first entry', ? WHERE NOT EXISTS (SELECT 1 FROM group_seeds "
                                 "WHERE grp = ? AND scenario_id = ?)",
                                 (verified.group, verified.scenario_id, verified.seed, utc_now(), verified.group,
                                  ANY_SCENARIO))
                self.remember_scenario(conn, scenario, verified.scenario_hash)
        entry = self.entry_where("decisions_hash = ?", (key,))
        assert entry is not None
        return Added(self.placed(entry), created)

    def branches(self, entry_id: int) -> list[Entry]:
        """What-if branches stored for an entry's game, earliest fork first (KeyError if there is no such entry)."""
        parent = self.get(entry_id)
        key = self._read("SELECT decisions_hash FROM entries WHERE id = ?", (parent.id,))[0][0]
        rows = self._read(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries WHERE branch_parent = ? "
                          "ORDER BY branch_from, score DESC, id", (key,))
        return [Entry.from_row(row) for row in rows]

    def import_file(self, path: str | Path) -> ImportResult:
        """Read, verify and store one replay file of any kind; see :func:`.verification.import_file`."""
        return verification.import_file(self, path)

    def import_files(self, files: Iterable[str | Path]) -> list[ImportResult]:
        """:meth:`import_file` for each file; one bad file does not stop the others."""
        return verification.import_files(self, files)

    # --- reading ------------------------------------------------------------
    def rankings(self, scenario_id: str | None = None, scenario_version: int | None = None,
                 group: str | None = None, since: str | None = None, until: str | None = None,
                 kpi: str = "score", limit: int | None = None, seed: int | None = None) -> list[Board]:
        """Boards of the entries matching the filters: one per scenario id and version, official first.

        Games on unofficial content of a scenario, and games played on another seed than their
        group's, are ranked on boards of their own after the official one. Sorted by ``kpi`` (one of
        :data:`BOARD_KPIS`) best first; ties by score (higher first), then the earlier ``finished_at``,
        then player name, then entry id. ``since``/``until`` are stored-form UTC times (see
        ``entries.date_bound``) compared with ``finished_at``, both ends included; ``seed`` keeps
        only games of that seed.
        """
        if kpi not in BOARD_KPIS:
            raise ValueError(f"unknown KPI `{kpi}`; one of: {', '.join(BOARD_KPIS)}")
        where, params = _filters(scenario_id, scenario_version, group, since, until, seed)
        column = kpi if kpi in ("score", "skill") else f"kpi_{kpi}"
        sql = (f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries{where} ORDER BY scenario_id, scenario_version DESC, "
               f"{column} IS NULL, {column} DESC, score DESC, finished_at, player, id")
        seeds = self._group_seeds()
        boards: dict[tuple, list[Entry]] = {}
        for row in self._read(sql, params):
            entry = self.placed(Entry.from_row(row), seeds)
            key = (entry.scenario_id, -entry.scenario_version, not entry.official,
                   None if entry.official else entry.scenario_hash, entry.apart is not None,
                   entry.seed if entry.apart is not None else None, entry.apart)
            ranked = boards.setdefault(key, [])
            if limit is None or len(ranked) < limit:
                ranked.append(replace(entry, rank=len(ranked) + 1))
        ordered = sorted(boards, key=lambda k: (k[0], k[1], k[2], k[3] or "", k[4], k[5] or 0, k[6] or 0))
        return [Board(k[0], -k[1], kpi, boards[k], official=not k[2],
                      scenario_hash=boards[k][0].scenario_hash if k[2] else None,
                      seed_apart=k[5], group_seed=k[6]) for k in ordered]

    # --- groups and seeds ---------------------------------------------------
    def group_seed(self, group: str, scenario_id: str) -> int | None:
        """The seed a group plays on a scenario (fixed by its first entry or by the trainer), or None."""
        return self._group_seeds().get((clean_name(group), scenario_id))

    def fix_group_seed(self, group: str, seed: int, scenario_id: str | None = None) -> None:
        """The trainer fixes the seed a group plays (on one scenario, or on every scenario when None).

        Games of the group on other seeds stay stored and are ranked apart.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: you may read this leaderboard but not change it "
                             "(the file or its folder is read-only)")
        group = clean_name(group)
        with self._db.write() as conn:
            if scenario_id is None:
                conn.execute("DELETE FROM group_seeds WHERE grp = ?", (group,))
            conn.execute("INSERT OR REPLACE INTO group_seeds (grp, scenario_id, seed, fixed_by, fixed_at) "
                         "VALUES (?, ?, ?, 'trainer', ?)", (group, scenario_id or ANY_SCENARIO, int(seed), utc_now()))

    def official_hash(self, scenario_id: str, version: int) -> str | None:
        """The content hash that is official for a scenario id and version: shipped, else registered."""
        shipped = self.scenarios.shipped_hash(scenario_id, version)
        if shipped is not None:
            return shipped
        rows = self._read("SELECT hash FROM official_scenarios WHERE scenario_id = ? AND scenario_version = ?",
                          (scenario_id, version))
        return rows[0][0] if rows else None

    def get(self, entry_id: int) -> Entry:
        """One entry by id; KeyError if there is none."""
        entry = self.entry_where("id = ?", (int(entry_id),))
        if entry is None:
            raise KeyError(f"no leaderboard entry #{entry_id}")
        return entry

    def stored_replay(self, entry_id: int, kind: GameKind | None = None) -> Any:
        """The stored (verified) replay of an entry, of its kind (``kind``: only that kind's, else ReplayError
        ``head_entry``/``desk_entry``, named for the kind the entry is); KeyError if there is no such entry."""
        rows = self._read("SELECT replay, kind FROM entries WHERE id = ?", (int(entry_id),))
        if not rows:
            raise KeyError(f"no leaderboard entry #{entry_id}")
        stored = kind_named(rows[0][1])
        if kind is not None and stored is not kind:
            raise ReplayError(f"entry #{entry_id} is a {stored.name} game, not a {kind.name} game: it is reviewed "
                              "with Leaderboard.review_any", f"{stored.name}_entry")
        try:
            return stored.replay_type.from_json(loads(rows[0][0]))
        except ReplayError as exc:
            raise ReplayError(f"entry #{entry_id}: its stored replay is damaged ({exc})", "damaged_entry") from None
        except TypeError:
            raise ReplayError(f"entry #{entry_id}: its stored replay is damaged", "damaged_entry") from None

    def replay(self, entry_id: int) -> Replay:
        """The stored replay of a desk game's entry (:meth:`stored_replay`; ``head_entry`` for a head game's)."""
        return self.stored_replay(entry_id, DESK)

    def head_replay(self, entry_id: int) -> HeadReplay:
        """The stored replay of a head game's entry (:meth:`stored_replay`; ``desk_entry`` for a desk game's)."""
        return self.stored_replay(entry_id, HEAD)

    def review_any(self, entry_id: int, kind: GameKind | None = None) -> Any:
        """An entry's game re-simulated month by month, by its kind; see :func:`.verification.review`."""
        return verification.review(self, entry_id, kind)

    def review(self, entry_id: int) -> Game:
        """A desk game's entry re-simulated (:meth:`review_any`; ReplayError ``head_entry`` for a head game's)."""
        return self.review_any(entry_id, DESK)

    def head_review(self, entry_id: int) -> HeadGame:
        """A head game's entry re-simulated (:meth:`review_any`; ReplayError ``desk_entry`` for a desk game's)."""
        return self.review_any(entry_id, HEAD)

    def scenario_for(self, rep: Replay | HeadReplay) -> Scenario:
        """The scenario a replay was played on (library, then the copy stored with the entry)."""
        found = self.scenarios.by_hash(rep.scenario_hash)
        return found if found is not None else self.scenarios.find(rep)

    def groups(self, scenario_id: str | None = None) -> list[str]:
        """Distinct group names (for a filter menu), sorted."""
        where, params = _filters(scenario_id, None, None, None, None)
        return [r[0] for r in self._read(f"SELECT DISTINCT grp FROM entries{where} ORDER BY grp", params)]

    def seeds(self, scenario_id: str | None = None, scenario_version: int | None = None,
              group: str | None = None) -> list[int]:
        """Distinct seeds played (for a filter menu), sorted."""
        where, params = _filters(scenario_id, scenario_version, group, None, None)
        return [r[0] for r in self._read(f"SELECT DISTINCT seed FROM entries{where} ORDER BY seed", params)]

    def scenario_versions(self) -> list[tuple[str, int, int]]:
        """(scenario id, version, number of entries) for every board there is."""
        return [tuple(r) for r in self._read(
            "SELECT scenario_id, scenario_version, COUNT(*) FROM entries "
            "GROUP BY scenario_id, scenario_version ORDER BY scenario_id, scenario_version DESC", ())]

    def count(self) -> int:
        """Number of entries (hidden ones included)."""
        return self._read("SELECT COUNT(*) FROM entries", ())[0][0]

    # --- the trainer's corrections (the workshop server) ----------------------
    @property
    def database(self) -> Database:
        """The open database (for store modules that keep their own tables, such as ``workshop``)."""
        return self._db

    def hide(self, entry_id: int, hidden: bool = True) -> None:
        """Take an entry off every board (``hidden=False`` puts it back); it stays stored. KeyError if none."""
        self.get(entry_id)
        with self._db.write() as conn:
            if hidden:
                conn.execute("INSERT OR IGNORE INTO hidden_entries (entry_id, hidden_at) VALUES (?, ?)",
                             (int(entry_id), utc_now()))
            else:
                conn.execute("DELETE FROM hidden_entries WHERE entry_id = ?", (int(entry_id),))

    def hidden(self, entry_id: int) -> bool:
        """Whether a trainer hid this entry."""
        return bool(self._read("SELECT 1 FROM hidden_entries WHERE entry_id = ?", (int(entry_id),)))

    def delete(self, entry_id: int) -> None:
        """Remove an entry and its replay for good. KeyError if there is none."""
        self.get(entry_id)
        with self._db.write() as conn:
            conn.execute("DELETE FROM entries WHERE id = ?", (int(entry_id),))
            conn.execute("DELETE FROM hidden_entries WHERE entry_id = ?", (int(entry_id),))

    # --- the reference scores ----------------------------------------------
    def reference_score(self, scenario: Scenario, scenario_hash: str, seed: int, name: str | None = None,
                        kind: GameKind = DESK) -> float:
        """A reference bot's score on this scenario and seed, cached here; see :func:`.references.reference_score`."""
        return references.reference_score(self, scenario, scenario_hash, seed, name, kind)

    def cached_reference(self, scenario_hash: str, seed: int, key: str) -> float | None:
        """The reference score cached under ``key`` for this scenario content and seed, or None."""
        rows = self._read("SELECT score FROM reference_scores WHERE scenario_hash = ? AND seed = ? AND strategy = ?",
                          (scenario_hash, seed, key))
        return rows[0][0] if rows else None

    def keep_reference(self, scenario_hash: str, seed: int, key: str, value: float) -> None:
        """Cache a reference score (nothing is written to a read-only leaderboard)."""
        if not self.read_only:
            with self._db.write() as conn:
                conn.execute("INSERT OR IGNORE INTO reference_scores (scenario_hash, seed, strategy, score) "
                             "VALUES (?, ?, ?, ?)", (scenario_hash, seed, key, value))

    # --- internals ----------------------------------------------------------
    def _read(self, sql: str, params: tuple) -> list[tuple]:
        return self._db.read(sql, params)

    def entry_where(self, condition: str, params: tuple) -> Entry | None:
        rows = self._read(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries WHERE {condition}", params)
        return Entry.from_row(rows[0]) if rows else None

    def official_in(self, conn: sqlite3.Connection, scenario: Scenario, digest: str) -> bool:
        """Whether ``digest`` is the official content of its id and version; the first one seen is registered.

        A shipped scenario is official as shipped. Otherwise the first content verified for an id and
        version (the trainer's ``import --scenario FILE``) is registered for good, in this transaction.
        """
        shipped = self.scenarios.shipped_hash(scenario.id, scenario.version)
        if shipped is not None:
            return shipped == digest
        conn.execute("INSERT OR IGNORE INTO official_scenarios (scenario_id, scenario_version, hash, registered_at) "
                     "VALUES (?, ?, ?, ?)", (scenario.id, scenario.version, digest, utc_now()))
        row = conn.execute("SELECT hash FROM official_scenarios WHERE scenario_id = ? AND scenario_version = ?",
                           (scenario.id, scenario.version)).fetchone()
        return row[0] == digest

    def register_scenario(self, scenario: Scenario) -> bool:
        """Register ``scenario`` as the official content of its id and version, if none is yet.

        Returns True when it is (now or already) the official one; False when other content is
        official (shipped, or registered before: a registration is never replaced).
        """
        from ..scenario import content_hash

        digest = content_hash(scenario)
        if self.read_only:
            return self.official_hash(scenario.id, scenario.version) == digest
        with self._db.write() as conn:
            official = self.official_in(conn, scenario, digest)
            if official:
                self.remember_scenario(conn, scenario, digest)
        return official

    def _group_seeds(self) -> dict[tuple[str, str], int]:
        """(group, scenario id) -> seed; a trainer's group-wide seed stands for every scenario without its own."""
        rows = self._read("SELECT grp, scenario_id, seed FROM group_seeds", ())
        wide = {grp: seed for grp, sid, seed in rows if sid == ANY_SCENARIO}
        seeds = {(grp, sid): seed for grp, sid, seed in rows if sid != ANY_SCENARIO}
        return _GroupSeeds(seeds, wide)

    def placed(self, entry: Entry, seeds: dict | None = None) -> Entry:
        """``entry`` with ``apart`` set to its group's seed when it played another one."""
        seeds = self._group_seeds() if seeds is None else seeds
        fixed = seeds.get((entry.group, entry.scenario_id))
        return replace(entry, apart=fixed if fixed is not None and fixed != entry.seed else None)

    def remember_scenario(self, conn: sqlite3.Connection, scenario: Scenario, digest: str) -> None:
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

    def mark_bots(self, limit: int | None = None, after: int = 0) -> int:
        """Fill in how like a bot's each desk game without it is; see :func:`.migration.mark_bots`."""
        return migration.mark_bots(self, limit, after)


def similarity_of(board: Leaderboard, entry_id: int) -> dict[str, float]:
    """Every strategy's share of the entry's months decided as it would have (empty when not computed)."""
    rows = board.database.read("SELECT similarity FROM entries WHERE id = ?", (int(entry_id),))
    return json.loads(rows[0][0]) if rows and rows[0][0] else {}


class _GroupSeeds(dict):
    """(group, scenario id) -> seed, falling back to a group-wide seed the trainer set."""

    def __init__(self, seeds: dict, wide: dict):
        super().__init__(seeds)
        self._wide = wide

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return self._wide.get(key[0], default)


def _filters(scenario_id: str | None, scenario_version: int | None, group: str | None, since: str | None,
             until: str | None, seed: int | None = None) -> tuple[str, tuple]:
    # A trainer hid it (``serve``), or it is a what-if branch of another game: not on the boards.
    clauses = ["id NOT IN (SELECT entry_id FROM hidden_entries)", "branch_parent IS NULL"]
    params: list[object] = []
    if seed is not None:
        clauses.append("seed = ?")
        params.append(int(seed))
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
