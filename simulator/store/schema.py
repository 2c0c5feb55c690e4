"""The leaderboard database's tables, and the migrations between their versions.

The schema version lives in ``PRAGMA user_version``; ``PRAGMA application_id``
marks a file as ours, so a foreign SQLite file is never mistaken for an empty
leaderboard. Each migration takes a database at version ``n`` to ``n + 1`` and
runs inside the caller's write transaction, so it either happens completely or
not at all. Migrations are history: never edit one that has shipped, add the
next one instead.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x53444C42  # "SDLB"
CURRENT_VERSION = 9

# KPI columns added in version 2 (frozen here: a later KPI needs a new migration).
KPI_COLUMNS = (
    "revenue", "gross_profit", "net_profit", "bonus", "pay", "loyalty", "retention",
    "repeat_rate", "average_check", "upsell_rate", "active_clients",
)
# KPI columns added in version 6 for head-of-sales games (NULL for a desk game).
HEAD_KPI_COLUMNS = ("morale", "quits")

# Version 1, as it shipped: entries with the replayed score only.
SCHEMA_V1 = (
    """CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        player TEXT NOT NULL,
        grp TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        scenario_version INTEGER NOT NULL,
        scenario_hash TEXT NOT NULL,
        seed INTEGER NOT NULL,
        score REAL NOT NULL,
        finished_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        replay TEXT NOT NULL
    )""",
    "CREATE INDEX entries_board ON entries (scenario_id, scenario_version, grp)",
)


def create_v1(conn: sqlite3.Connection) -> None:
    """Create the version 1 tables (for a brand-new file the latest version is built by migrating up)."""
    for statement in SCHEMA_V1:
        conn.execute(statement)


def migrate_v1_to_v2(conn: sqlite3.Connection) -> None:
    """Version 2: skill score, every KPI as a column, the reference-score cache and stored scenarios.

    Existing rows keep their data; their new columns stay NULL until :func:`backfill` (run by the
    store right after migrating) re-simulates them.
    """
    conn.execute("ALTER TABLE entries ADD COLUMN strategy TEXT")
    conn.execute("ALTER TABLE entries ADD COLUMN reference_score REAL")
    conn.execute("ALTER TABLE entries ADD COLUMN skill REAL")
    for kpi in KPI_COLUMNS:
        conn.execute(f"ALTER TABLE entries ADD COLUMN kpi_{kpi} REAL")
    conn.execute("CREATE INDEX entries_finished ON entries (finished_at)")
    conn.execute(
        """CREATE TABLE reference_scores (
            scenario_hash TEXT NOT NULL,
            seed INTEGER NOT NULL,
            strategy TEXT NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (scenario_hash, seed, strategy)
        )"""
    )
    conn.execute(
        """CREATE TABLE scenarios (
            hash TEXT PRIMARY KEY,
            scenario_id TEXT NOT NULL,
            scenario_version INTEGER NOT NULL,
            content TEXT NOT NULL,
            added_at TEXT NOT NULL
        )"""
    )


def migrate_v2_to_v3(conn: sqlite3.Connection) -> None:
    """Version 3: boards keyed by the scenario's content, a seed per group, skill from doing nothing.

    ``passive_score`` (the ``passive`` strategy on the same scenario and seed) is the zero of skill;
    ``official`` says whether the entry was verified against the official content of its scenario id
    and version (the shipped file, or the one registered first in ``official_scenarios``);
    ``decisions_hash`` recognises the same decisions whoever hands them in. Existing rows get these
    from :func:`Leaderboard._backfill`, where their scenario can be found.
    """
    conn.execute("ALTER TABLE entries ADD COLUMN passive_score REAL")
    conn.execute("ALTER TABLE entries ADD COLUMN official INTEGER")
    conn.execute("ALTER TABLE entries ADD COLUMN decisions_hash TEXT")
    conn.execute("CREATE INDEX entries_decisions ON entries (decisions_hash)")
    conn.execute(
        """CREATE TABLE official_scenarios (
            scenario_id TEXT NOT NULL,
            scenario_version INTEGER NOT NULL,
            hash TEXT NOT NULL,
            registered_at TEXT NOT NULL,
            PRIMARY KEY (scenario_id, scenario_version)
        )"""
    )
    conn.execute(
        """CREATE TABLE group_seeds (
            grp TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            seed INTEGER NOT NULL,
            fixed_by TEXT NOT NULL,
            fixed_at TEXT NOT NULL,
            PRIMARY KEY (grp, scenario_id)
        )"""
    )


def migrate_v3_to_v4(conn: sqlite3.Connection) -> None:
    """Version 4: workshop sessions (``serve``) and entries a trainer hid from the boards.

    A session is what the trainer opens for a group: the scenario, the seed and the group, behind a
    short join code that uploads must carry. A hidden entry stays stored (its replay is kept) but no
    board ranks it; unhiding brings it back.
    """
    conn.execute(
        """CREATE TABLE workshop_sessions (
            code TEXT PRIMARY KEY,
            scenario_id TEXT NOT NULL,
            seed INTEGER NOT NULL,
            grp TEXT NOT NULL,
            created_at TEXT NOT NULL,
            closed_at TEXT
        )"""
    )
    conn.execute(
        """CREATE TABLE hidden_entries (
            entry_id INTEGER PRIMARY KEY,
            hidden_at TEXT NOT NULL
        )"""
    )


def migrate_v4_to_v5(conn: sqlite3.Connection) -> None:
    """Version 5: what-if branches. A branch keeps its parent's first ``branch_from`` months (``branch_parent`` is
    the parent's decisions key) and was played on by ``branch_played_by`` (a strategy, or NULL for a person).
    Branches are stored and verified like any game but ranked apart from the main boards."""
    conn.execute("ALTER TABLE entries ADD COLUMN branch_parent TEXT")
    conn.execute("ALTER TABLE entries ADD COLUMN branch_from INTEGER")
    conn.execute("ALTER TABLE entries ADD COLUMN branch_played_by TEXT")
    conn.execute("CREATE INDEX entries_branch ON entries (branch_parent)")


def migrate_v5_to_v6(conn: sqlite3.Connection) -> None:
    """Version 6: head-of-sales games. ``kind`` is ``head`` for a head game's entry (its ``replay`` holds a
    head replay) and NULL for a desk game, as every entry before this version was; the team's morale and the
    sellers who quit are KPIs of their own (NULL for a desk game)."""
    conn.execute("ALTER TABLE entries ADD COLUMN kind TEXT")
    for kpi in HEAD_KPI_COLUMNS:
        conn.execute(f"ALTER TABLE entries ADD COLUMN kpi_{kpi} REAL")


def migrate_v6_to_v7(conn: sqlite3.Connection) -> None:
    """Version 7: entry ids never reused, anonymous sessions, and how like a bot's each game is.

    An id was SQLite's plain ``INTEGER PRIMARY KEY``: after a delete the next entry could get the deleted one's
    id, and the old review link showed another person's game. The table is rebuilt with ``AUTOINCREMENT`` (every
    row and id kept; the counter starts above every id ever stored or hidden). PostgreSQL's ids come from a
    sequence, which never goes back, so there only the columns are added. ``anonymous`` marks a session whose
    players are named to the trainer only. ``bot_like`` is the reference or probe strategy whose decisions the
    game's are closest to, ``bot_share`` the share of months where they are (nearly) the same, ``similarity``
    every strategy's share as JSON (see ``store.similarity``); NULL until computed.
    """
    conn.execute("ALTER TABLE workshop_sessions ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE entries ADD COLUMN bot_like TEXT")
    conn.execute("ALTER TABLE entries ADD COLUMN bot_share REAL")
    conn.execute("ALTER TABLE entries ADD COLUMN similarity TEXT")
    if isinstance(conn, sqlite3.Connection):
        _entries_autoincrement(conn)


def _entries_autoincrement(conn: sqlite3.Connection) -> None:
    """Rebuild SQLite's ``entries`` with ``id INTEGER PRIMARY KEY AUTOINCREMENT``, keeping every row and index."""
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'entries'").fetchone()[0]
    if "AUTOINCREMENT" in sql.upper():
        return
    rebuilt = re.sub(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b", "id INTEGER PRIMARY KEY AUTOINCREMENT", sql, count=1,
                     flags=re.IGNORECASE)
    rebuilt = re.sub(r"^CREATE TABLE\s+\"?entries\"?", "CREATE TABLE entries_v7", rebuilt, count=1, flags=re.IGNORECASE)
    indexes = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' "
                                          "AND sql IS NOT NULL").fetchall()]
    columns = ", ".join(r[1] for r in conn.execute("PRAGMA table_info(entries)").fetchall())
    conn.execute(rebuilt)
    conn.execute(f"INSERT INTO entries_v7 ({columns}) SELECT {columns} FROM entries ORDER BY id")
    conn.execute("DROP TABLE entries")
    conn.execute("ALTER TABLE entries_v7 RENAME TO entries")
    for index in indexes:
        conn.execute(index)
    highest = conn.execute("SELECT MAX(id) FROM (SELECT MAX(id) AS id FROM entries UNION ALL "
                           "SELECT MAX(entry_id) FROM hidden_entries)").fetchone()[0] or 0
    if conn.execute("SELECT 1 FROM sqlite_sequence WHERE name = 'entries'").fetchone():
        conn.execute("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'entries'", (highest,))
    else:
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('entries', ?)", (highest,))


def migrate_v7_to_v8(conn: sqlite3.Connection) -> None:
    """Version 8: workshop rounds (issue 26). A session's ``mode`` is ``free`` (every game at its own pace, as
    before) or ``rounds`` (the trainer opens, closes and reveals each month). ``workshop_rounds`` holds a rounds
    session's one current round (month, phase, the practice flag, the timer); ``round_participants`` the people who
    joined it (a random token each, names unique per session); ``round_plans`` the plan each sent for a month;
    ``round_events`` the events the trainer injected (scenario Events as JSON), by month."""
    conn.execute("ALTER TABLE workshop_sessions ADD COLUMN mode TEXT NOT NULL DEFAULT 'free'")
    conn.execute(
        """CREATE TABLE workshop_rounds (
            code TEXT PRIMARY KEY,
            month INTEGER NOT NULL,
            phase TEXT NOT NULL,
            practice INTEGER NOT NULL DEFAULT 0,
            opened_at TEXT,
            closes_at TEXT,
            closed_at TEXT,
            revealed INTEGER NOT NULL DEFAULT 0,
            revision INTEGER NOT NULL DEFAULT 0
        )"""
    )
    conn.execute(
        """CREATE TABLE round_participants (
            code TEXT NOT NULL,
            token TEXT NOT NULL,
            name TEXT NOT NULL,
            joined_at TEXT NOT NULL,
            PRIMARY KEY (code, token),
            UNIQUE (code, name)
        )"""
    )
    conn.execute(
        """CREATE TABLE round_plans (
            code TEXT NOT NULL,
            month INTEGER NOT NULL,
            practice INTEGER NOT NULL,
            token TEXT NOT NULL,
            plan TEXT NOT NULL,
            received_at TEXT NOT NULL,
            late INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (code, month, practice, token)
        )"""
    )
    conn.execute(
        """CREATE TABLE round_events (
            code TEXT NOT NULL,
            month INTEGER NOT NULL,
            practice INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            event TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (code, practice, seq)
        )"""
    )


def migrate_v8_to_v9(conn: sqlite3.Connection) -> None:
    """Version 9: teams in a workshop session (``store.teams``): a row a member (a name is in one team of a
    session), each member's proposal per month (a month plan as JSON) and the plan the team chose, by whom."""
    conn.execute("""CREATE TABLE workshop_teams (
        code TEXT NOT NULL, team TEXT NOT NULL, member TEXT NOT NULL, joined_at TEXT NOT NULL,
        PRIMARY KEY (code, member))""")
    conn.execute("""CREATE TABLE team_proposals (
        code TEXT NOT NULL, team TEXT NOT NULL, month INTEGER NOT NULL, member TEXT NOT NULL, plan TEXT NOT NULL,
        proposed_at TEXT NOT NULL, PRIMARY KEY (code, team, month, member))""")
    conn.execute("""CREATE TABLE team_choices (
        code TEXT NOT NULL, team TEXT NOT NULL, month INTEGER NOT NULL, member TEXT NOT NULL, chosen_by TEXT NOT NULL,
        chosen_at TEXT NOT NULL, PRIMARY KEY (code, team, month))""")


# MIGRATIONS[n] takes version n + 1 to n + 2; version 0 (a new, empty file) is built by create_v1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (migrate_v1_to_v2, migrate_v2_to_v3, migrate_v3_to_v4,
                                                                migrate_v4_to_v5, migrate_v5_to_v6, migrate_v6_to_v7,
                                                                migrate_v7_to_v8, migrate_v8_to_v9)

assert len(MIGRATIONS) == CURRENT_VERSION - 1


def upgrade(conn: sqlite3.Connection, version: int) -> None:
    """Bring an empty (0) or older database up to :data:`CURRENT_VERSION`; the caller holds a write transaction."""
    if version == 0:
        create_v1(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        version = 1
    for step in MIGRATIONS[version - 1:]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
