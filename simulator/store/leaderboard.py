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
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, cast

from pydantic import ValidationError

from ..engine import Game, PlanError, replay as replay_plans
from ..head import HeadGame
from ..scenario import Scenario
from . import paths
from .db import Database, StoreError, connect
from .entries import BOARD_KPIS, ENTRY_COLUMNS, Entry, decisions_key, normalise_time, skill_score, utc_now
from .head_replay import HeadReplay
from .kinds import DESK, HEAD, GameKind, checked_kind, kind_named, kind_of, load_replay
from .replay import Branch, Replay, ReplayError, canonical_plans, clean_name, loads, verify
from .scenarios import ScenarioLibrary
from .schema import KPI_COLUMNS
from .similarity import closest, similarity

__all__ = ["BOARD_KPIS", "Added", "Board", "HeadReplay", "ImportResult", "Leaderboard", "ReplayError", "StoreError"]

ANY_SCENARIO = "*"  # group_seeds row a trainer set for every scenario of a group


@dataclass(frozen=True)
class Added:
    """The stored entry for a game or replay; ``created`` is False when it was already there.

    ``entry.official`` is False when the scenario's content is not the official one for its id and
    version; ``entry.apart`` is the group's seed when the game was played on another one.
    """

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
             create: bool = True, mark_bots: bool = True) -> "Leaderboard":
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
                board._backfill(mark_bots)
        except BaseException:
            board.close()
            raise
        return board

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> "Leaderboard":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- adding results -----------------------------------------------------
    def add_game(self, game: Game | HeadGame, player: str = "", group: str = "", finished_at: str | None = None,
                 branch: Branch | None = None) -> Added:
        """Store a finished game played in this process (the debrief's "submit"): a desk ``Game`` or a head-of-sales
        ``HeadGame``; a what-if ``branch`` is ranked apart (only a kind with branches has them: the desk's)."""
        kind = kind_of(game)
        if branch is not None and not kind.branches:
            raise ReplayError(f"a {kind.name} game has no what-if branches", "branch")
        rep = kind.replay_type.from_game(game, player=player, group=group, finished_at=finished_at or utc_now(),
                                         **({"branch": branch} if branch is not None else {}))
        return self.add_replay(rep, scenario=game.scenario)

    def add_replay(self, rep: Replay | HeadReplay, scenario: Scenario | None = None, mark_bots: bool = True) -> Added:
        """Verify ``rep`` by replaying it (against ``scenario`` or the library's) and store the result.

        ``rep`` is a replay of any kind (a desk game's :class:`Replay`, a head game's :class:`HeadReplay`), verified
        by its kind (``kinds``) and ranked on its scenario's own board. Raises ReplayError (with ``code``) if it
        is refused; the same decisions stored before (by anyone, under any name) return the existing entry
        with ``created=False``. A game on other content than the official one for its scenario id and
        version is stored as unofficial (its own board). ``mark_bots=False`` leaves a desk game's similarity to the
        bots (``store.similarity``, up to half a second a game) for :meth:`mark_bots` to fill in later (the
        workshop server's workers do it when no upload waits).
        """
        scenario = scenario if scenario is not None else self.scenarios.find(rep)
        kind = checked_kind(rep, scenario)
        game = kind.verify(rep, scenario)
        verified = rep.restamped(game, normalise_time(rep.finished_at) or utc_now())
        if rep.branch is not None:
            self._check_parent(verified)
        result = game.result()
        key = kind.decisions_key(verified, result.score)
        existing = self._entry_where("decisions_hash = ?", (key,))
        if existing is not None:
            return Added(self._placed(_same_player(existing, verified)), False)
        reference = self.reference_score(scenario, verified.scenario_hash, verified.seed, kind=kind)
        zero = self.reference_score(scenario, verified.scenario_hash, verified.seed, kind.zero, kind)
        shares = kind.bot_similarity(scenario, verified.seed, game) \
            if kind.bot_similarity is not None and rep.branch is None and mark_bots else {}
        like, share = closest(shares)
        row = {
            "content_hash": key, "decisions_hash": key, "player": verified.player, "grp": verified.group,
            "scenario_id": verified.scenario_id, "scenario_version": verified.scenario_version,
            "scenario_hash": verified.scenario_hash, "seed": verified.seed, "score": result.score,
            "finished_at": verified.finished_at, "imported_at": utc_now(), "replay": compact(kind.compacted(verified)),
            "strategy": verified.strategy or (own_bot(verified.bot) if verified.bot else None),
            "reference_score": reference, "passive_score": zero, "skill": skill_score(result.score, zero, reference),
            "bot_like": like if shares else None, "bot_share": share if shares else None,
            "similarity": json.dumps(shares, sort_keys=True) if shares else None,
            "branch_parent": None if rep.branch is None else rep.branch.parent,
            "branch_from": None if rep.branch is None else rep.branch.from_month,
            "branch_played_by": None if rep.branch is None else rep.branch.played_by,
            "kind": kind.stored_as,
            **{f"kpi_{k}": _number(result.kpis.get(k)) for k in kind.kpi_columns},
        }
        return self._insert(row, scenario, verified, key, ranked=rep.branch is None)

    def _insert(self, row: dict, scenario: Scenario, verified: Replay | HeadReplay, key: str, ranked: bool) -> Added:
        """Store a verified game's ``row`` unless the same decisions got in meanwhile; the entry as stored."""
        with self._db.write() as conn:
            again = conn.execute("SELECT player, grp FROM entries WHERE decisions_hash = ?", (key,)).fetchone()
            if again is not None and tuple(again) != (verified.player, verified.group):
                existing = self._entry_where("decisions_hash = ?", (key,))
                if existing is not None:
                    _same_player(existing, verified)
            created = again is None
            if created:
                row["official"] = int(self._official(conn, scenario, verified.scenario_hash))
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
                self._remember_scenario(conn, scenario, verified.scenario_hash)
        entry = self._entry_where("decisions_hash = ?", (key,))
        assert entry is not None
        return Added(self._placed(entry), created)

    def _check_parent(self, rep: Any) -> None:
        """A branch whose parent is stored must start with the parent's decisions (same scenario content, seed
        and first months); one whose parent is not here is kept, ranked apart like every branch."""
        branch = rep.branch
        assert branch is not None
        parent = self._entry_where("decisions_hash = ?", (branch.parent,))
        if parent is None:
            return
        kept = self.replay(parent.id)
        if (kept.scenario_hash, kept.seed) != (rep.scenario_hash, rep.seed) or \
                canonical_plans(kept.plans[:branch.from_month]) != canonical_plans(rep.plans[:branch.from_month]):
            raise ReplayError(f"the branch does not keep its parent's decisions (entry #{parent.id}) up to month "
                              f"{branch.from_month}", "branch")

    def branches(self, entry_id: int) -> list[Entry]:
        """What-if branches stored for an entry's game, earliest fork first (KeyError if there is no such entry)."""
        parent = self.get(entry_id)
        key = self._read("SELECT decisions_hash FROM entries WHERE id = ?", (parent.id,))[0][0]
        rows = self._read(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries WHERE branch_parent = ? "
                          "ORDER BY branch_from, score DESC, id", (key,))
        return [Entry.from_row(row) for row in rows]

    def import_file(self, path: str | Path) -> ImportResult:
        """Read, verify and store one replay file (a desk or a head game's). A bad file gives ``ok=False`` with
        the reason.

        Never raises for anything in the file, however malformed. StoreError (the database itself
        cannot be used) is raised, not folded into the result.
        """
        try:
            rep = load_replay(path)
            added = self.add_replay(rep)
        except ReplayError as exc:
            message = str(exc)
            if not message.startswith(str(path)):
                message = f"{path}: {message}"
            return ImportResult(str(path), error=message, code=exc.code)
        except (ValueError, TypeError, OverflowError, RecursionError, MemoryError, IndexError) as exc:
            # A replay must never stop a batch; what slipped past the checks is refused with its kind.
            return ImportResult(str(path), error=f"{path}: the replay cannot be used ({type(exc).__name__}: "
                                f"{str(exc)[:200]})", code="format")
        return ImportResult(str(path), entry=added.entry, created=added.created)

    def import_files(self, files: Iterable[str | Path]) -> list[ImportResult]:
        """:meth:`import_file` for each file; one bad file does not stop the others."""
        return [self.import_file(f) for f in files]

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
            entry = self._placed(Entry.from_row(row), seeds)
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
        entry = self._entry_where("id = ?", (int(entry_id),))
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
        """An entry's game re-simulated month by month, by its kind: a desk ``Game`` (``game.plans[k]``,
        ``game.reports[k]``), a ``HeadGame`` (``game.decisions[k]``, ``game.reports[k]``).

        Raises ReplayError if the scenario it was played on is not available any more, or (``kind`` given) the
        entry is of another kind (see :meth:`stored_replay`).
        """
        rep = self.stored_replay(entry_id, kind)
        scenario = self.scenario_for(rep)
        own = kind_of(rep)
        try:
            return own.resimulate(scenario, rep)
        except own.move_error as exc:
            raise ReplayError(f"entry #{entry_id} no longer replays: {getattr(exc, 'message', exc)}",
                              "plan_rule") from None
        except (ValueError, OverflowError, IndexError) as exc:
            raise ReplayError(f"entry #{entry_id} no longer replays: {exc}", "damaged_entry") from None

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
        """A reference bot's score on this scenario and seed (``name``, by default the kind's reference: the
        ``balanced`` strategy, the ``aligned`` head; the kind's ``zero`` gives skill 0), cached in the database."""
        name = name or kind.reference
        key = kind.reference_key(name)  # a new engine or bot gets fresh references
        rows = self._read("SELECT score FROM reference_scores WHERE scenario_hash = ? AND seed = ? AND strategy = ?",
                          (scenario_hash, seed, key))
        if rows:
            return rows[0][0]
        value = kind.play_reference(scenario, seed, name).result().score
        if not self.read_only:
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

    def _official(self, conn: sqlite3.Connection, scenario: Scenario, digest: str) -> bool:
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
            official = self._official(conn, scenario, digest)
            if official:
                self._remember_scenario(conn, scenario, digest)
        return official

    def _group_seeds(self) -> dict[tuple[str, str], int]:
        """(group, scenario id) -> seed; a trainer's group-wide seed stands for every scenario without its own."""
        rows = self._read("SELECT grp, scenario_id, seed FROM group_seeds", ())
        wide = {grp: seed for grp, sid, seed in rows if sid == ANY_SCENARIO}
        seeds = {(grp, sid): seed for grp, sid, seed in rows if sid != ANY_SCENARIO}
        return _GroupSeeds(seeds, wide)

    def _placed(self, entry: Entry, seeds: "dict | None" = None) -> Entry:
        """``entry`` with ``apart`` set to its group's seed when it played another one."""
        seeds = self._group_seeds() if seeds is None else seeds
        fixed = seeds.get((entry.group, entry.scenario_id))
        return replace(entry, apart=fixed if fixed is not None and fixed != entry.seed else None)

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

    def _backfill(self, mark_bots: bool = True) -> None:
        """Fill what older versions did not store (KPIs, passive reference, skill, official mark, decisions key).

        The stored plans are the truth: score, KPIs and skill are recomputed from them, where their
        scenario can be found. An entry whose scenario is unavailable keeps its data (counted as
        official, as it was before) until it can be found.
        """
        pending = self._read("SELECT id, replay, grp FROM entries WHERE (kpi_revenue IS NULL OR passive_score IS NULL "
                             "OR decisions_hash IS NULL) AND kind IS NULL", ())  # head games came with all of it
        for entry_id, text, _group in pending:
            try:
                rep = replace(Replay.from_json(loads(text)), claimed_score=None)
                scenario = self.scenarios.find(rep)
                game = verify(rep, scenario)
            except (ReplayError, ValueError, TypeError, OverflowError, RecursionError):
                with self._db.write() as conn:
                    conn.execute("UPDATE entries SET official = COALESCE(official, 1) WHERE id = ?", (entry_id,))
                continue
            result = game.result()
            reference = self.reference_score(scenario, rep.scenario_hash, rep.seed)
            passive = self.reference_score(scenario, rep.scenario_hash, rep.seed, DESK.zero)
            updates = {"score": result.score, "reference_score": reference, "passive_score": passive,
                       "skill": skill_score(result.score, passive, reference),
                       "decisions_hash": decisions_key(rep, result.score),
                       **{f"kpi_{k}": result.kpis.get(k) for k in KPI_COLUMNS}}
            assignments = ", ".join(f"{column} = ?" for column in updates)
            with self._db.write() as conn:
                updates["official"] = int(self._official(conn, scenario, rep.scenario_hash))
                assignments = ", ".join(f"{column} = ?" for column in updates)
                conn.execute(f"UPDATE entries SET {assignments} WHERE id = ?", (*updates.values(), entry_id))
                self._remember_scenario(conn, scenario, rep.scenario_hash)
        if mark_bots:
            self.mark_bots()

    def mark_bots(self, limit: int | None = None, after: int = 0) -> int:
        """Fill in how like a bot's each desk game without it is (``store.similarity``): games stored before schema
        version 7, or with ``add_replay(mark_bots=False)``. At most ``limit`` games (all when None) with ids above
        ``after``; where a game's scenario cannot be found it is tried again next time. Returns the last id looked
        at (0 when there was none), to go on from (about 0.02-0.5 s a game, so a large old leaderboard takes a
        while once)."""
        if self.read_only:
            return 0
        pending = self._read("SELECT id, replay FROM entries WHERE similarity IS NULL AND kind IS NULL "
                             "AND branch_parent IS NULL AND id > ? ORDER BY id"
                             + ("" if limit is None else f" LIMIT {int(limit)}"), (int(after),))
        for entry_id, text in pending:
            try:
                rep = Replay.from_json(loads(text))
                game = replay_plans(self.scenarios.find(rep), rep.seed, list(rep.plans))
            except (ReplayError, PlanError, ValueError, TypeError, OverflowError, RecursionError, IndexError):
                continue  # its scenario is not here (yet): tried again when the leaderboard is next opened
            shares = similarity(game.scenario, rep.seed, game.plans)
            like, share = closest(shares)
            with self._db.write() as conn:
                conn.execute("UPDATE entries SET bot_like = ?, bot_share = ?, similarity = ? WHERE id = ?",
                             (like, share, json.dumps(shares, sort_keys=True), entry_id))
        return pending[-1][0] if pending else 0


def own_bot(name: str) -> str:
    """How a game the player's own bot played (``--strategy FILE.py:NAME``) is marked: ``NAME (own)``."""
    return f"{name} (own)"


def similarity_of(board: "Leaderboard", entry_id: int) -> dict[str, float]:
    """Every strategy's share of the entry's months decided as it would have (empty when not computed)."""
    rows = board.database.read("SELECT similarity FROM entries WHERE id = ?", (int(entry_id),))
    return json.loads(rows[0][0]) if rows and rows[0][0] else {}


def _number(value: object) -> float | None:
    """A KPI as stored (a REAL column): None stays None."""
    return None if value is None else float(value)  # type: ignore[arg-type]


def _same_player(existing: Entry, rep: Replay | HeadReplay) -> Entry:
    """``existing`` when ``rep`` is the same player's game; ReplayError (``duplicate``) for someone else's copy."""
    if (existing.player, existing.group) != (rep.player, rep.group):
        # Another cohort's players are never named to this one (nor is the cohort): only that the game is stored.
        whose = (f"entry {existing.id} by {existing.player or '?'}" if existing.group == rep.group
                 else "a game already stored for another group")
        raise ReplayError(f"the same decisions as {whose}: a copy of another player's game (renamed, or with its "
                          "batches reordered) is not another result", "duplicate")
    return existing


class _GroupSeeds(dict):
    """(group, scenario id) -> seed, falling back to a group-wide seed the trainer set."""

    def __init__(self, seeds: dict, wide: dict):
        super().__init__(seeds)
        self._wide = wide

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return self._wide.get(key[0], default)


def compact(rep: Replay) -> str:
    """A replay as stored in the database: compact JSON (a file's indentation would multiply its size)."""
    return json.dumps(rep.to_json(), ensure_ascii=False, separators=(",", ":"))


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
