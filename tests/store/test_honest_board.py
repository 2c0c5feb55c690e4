"""The board's honesty (issue 28), below the server: ids never reused (and the migration that keeps the data), a
full disk named as one, bot play marked by its similarity, and the command line's words for entries, branches,
one's own bots, one's own scenarios and exports that must not replace a participant's replay."""
from __future__ import annotations

import json
import re
import sqlite3

import pytest
from store_helpers import back_from_version_8, make_replay

from simulator.cli import main
from simulator.engine import MonthPlan, replay as replay_plans
from simulator.store import paths, schema
from simulator.store.db import StoreError
from simulator.store.leaderboard import Leaderboard, similarity_of
from simulator.store.replay import Replay
from simulator.store.scenarios import ScenarioLibrary
from simulator.store.similarity import BOT_SHARE
from simulator.strategies import STRATEGIES, play
from tests.shared_fixtures import TINY_YAML


def person(scenario, seed: int, k: int, name: str, strategy: str = "balanced") -> Replay:
    """A person's game: a strategy's contacts with the player's own prices every month (varied by ``k``)."""
    plans = list(play(scenario, seed, STRATEGIES[strategy]).plans)
    for t, plan in enumerate(plans):
        markups = {p.id: round(p.markup.min + (p.markup.max - p.markup.min) * ((k * 0.037 + t * 0.011 + 0.05) % 1.0), 4)
                   for p in scenario.products}
        plans[t] = MonthPlan(markups=markups, touches=plan.touches, offers=plan.offers)
    return Replay.from_game(replay_plans(scenario, seed, plans), player=name, group="G")


# ids ----------------------------------------------------------------------------------------------------------------
def _back_to_version_6(path) -> None:
    """The file as version 6 left it: a plain INTEGER PRIMARY KEY (ids reusable), no version 7 columns."""
    conn = sqlite3.connect(path)
    back_from_version_8(conn)
    for column in ("bot_like", "bot_share", "similarity"):
        conn.execute(f"ALTER TABLE entries DROP COLUMN {column}")
    conn.execute("ALTER TABLE workshop_sessions DROP COLUMN anonymous")
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()[0]
    indexes = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' "
                                          "AND sql IS NOT NULL")]
    conn.execute(re.sub(r'^CREATE TABLE "?entries"?', "CREATE TABLE old_entries", sql.replace("AUTOINCREMENT", "")))
    conn.execute("INSERT INTO old_entries SELECT * FROM entries")
    conn.execute("DROP TABLE entries")
    conn.execute("ALTER TABLE old_entries RENAME TO entries")
    conn.execute("DELETE FROM sqlite_sequence")
    for index in indexes:
        conn.execute(index)
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    assert "AUTOINCREMENT" not in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()[0]
    conn.close()


def test_a_version_6_database_keeps_every_entry_and_never_reuses_a_deleted_id(tmp_path, tiny, tiny_path):
    path = tmp_path / "v6.sqlite3"
    library = lambda: ScenarioLibrary([tiny_path])  # noqa: E731
    with Leaderboard.open(path, scenarios=library()) as lb:
        before = [lb.add_replay(person(tiny, 3, k, f"Игрок {k}")).entry for k in range(3)]
    _back_to_version_6(path)
    with Leaderboard.open(path, scenarios=library()) as lb:
        after = [lb.get(e.id) for e in before]
        assert [(e.id, e.player, e.score, e.kpis) for e in after] == [(e.id, e.player, e.score, e.kpis) for e in before]
        assert [lb.replay(e.id).plans for e in before] == [lb.replay(e.id).plans for e in after]
        assert all(e.bot_share is not None and e.bot is None for e in after)  # the similarity was filled in
        lb.delete(before[-1].id)
        newest = lb.add_replay(person(tiny, 3, 9, "Новенький")).entry
        assert newest.id > before[-1].id
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


# a full disk --------------------------------------------------------------------------------------------------------
def test_a_full_disk_is_named_as_a_full_disk_and_what_was_stored_stays(tmp_path, tiny, tiny_path):
    path = tmp_path / "full.sqlite3"
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as lb:
        kept = lb.add_replay(person(tiny, 3, 1, "Сохранённый")).entry
        pages = lb.database.conn.execute("PRAGMA page_count").fetchone()[0]
        lb.database.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL, as on a full disk
        with pytest.raises(StoreError) as failed:
            for k in range(2, 40):
                lb.add_replay(person(tiny, 3, k, f"Не влез {k}"))
        message = str(failed.value)
        assert "full" in message and "damaged" not in message and "kept" in message
    with Leaderboard.open(path, scenarios=ScenarioLibrary([tiny_path])) as lb:  # space again: nothing lost
        assert lb.get(kept.id).player == "Сохранённый"
        assert lb.database.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_postgresqls_disk_full_is_named_as_a_full_disk():
    import psycopg

    from simulator.store.pg import PgDatabase

    class Conn:
        closed = broken = False

    error = PgDatabase(Conn(), "postgresql://u:secret@db:5432/x").failure(
        psycopg.errors.DiskFull("could not extend file \"base/1/2\": No space left on device"))
    assert "full" in str(error) and "secret" not in str(error) and "refused a query" not in str(error)


# bot play marked ----------------------------------------------------------------------------------------------------
def test_balanceds_certification_game_with_the_last_markup_nudged_is_marked_as_balanceds(tmp_path, certification):
    """The issue's attack: balanced's game from month 1, the last month's markup nudged by 0.0001."""
    plans = list(play(certification, 4, STRATEGIES["balanced"]).plans)
    last = plans[-1]
    plans[-1] = MonthPlan(markups={k: v + 0.0001 for k, v in last.markups.items()}, touches=last.touches,
                          offers=last.offers)
    nudged = Replay.from_game(replay_plans(certification, 4, plans), player="Хитрец", group="G")
    exact = make_replay(certification, seed=4, player="Честно-нечестно", group="G")
    own = person(certification, 4, 5, "Человек")
    with Leaderboard.open(tmp_path / "lb.sqlite3") as lb:
        marked = lb.add_replay(nudged).entry
        assert marked.bot == "balanced" and marked.bot_share == 1.0 and marked.played_by == "like:balanced"
        copy = lb.add_replay(exact).entry
        assert copy.bot == "balanced" and copy.strategy is None and copy.played_by == "like:balanced"
        mine = lb.add_replay(own).entry
        shares = similarity_of(lb, mine.id)
        assert mine.bot is None and mine.played_by == "person" and max(shares.values()) < BOT_SHARE
        assert set(shares) >= {"balanced", "passive", "greedy", "late_start", "harvest"}  # references and probes
        ranked = {e.player: e for b in lb.rankings() for e in b.entries}
        assert ranked["Хитрец"].bot == "balanced" and ranked["Человек"].bot is None  # ranked with the mark


def test_a_game_of_ones_own_bot_carries_the_bot_mark_on_the_command_line(tmp_path, tiny_path, capsys):
    bot = tmp_path / "bot.py"
    bot.write_text("from simulator.engine import MonthPlan\n\nclass Lazy:\n    def make_plan(self, game):\n"
                   "        return MonthPlan(markups={}, touches=(), offers=())\n", encoding="utf-8")
    replay = tmp_path / "lazy.json"
    assert main(["simulate", str(tiny_path), "--strategy", f"{bot}:Lazy", "--seed", "3",
                 "--replay-out", str(replay)]) == 0
    assert json.loads(replay.read_text(encoding="utf-8"))["bot"] == "Lazy"
    db = str(tmp_path / "lb.sqlite3")
    capsys.readouterr()
    assert main(["import", str(replay), "--scenario", str(tiny_path), "--db", db]) == 0
    assert "[bot: Lazy (own)]" in capsys.readouterr().out
    assert main(["leaderboard", "--db", db]) == 0
    assert "bot Lazy (own)" in capsys.readouterr().out
    csv_path = tmp_path / "board.csv"
    assert main(["leaderboard", "--db", db, "--export-csv", str(csv_path)]) == 0
    assert "strategy:Lazy (own)" in csv_path.read_text(encoding="utf-8-sig")


# the command line's words -------------------------------------------------------------------------------------------
def test_import_says_entry_not_rank_and_explains_a_whatif_branch(tmp_path, tiny, tiny_path, capsys):
    game = tmp_path / "game.json"
    person(tiny, 3, 2, "Анна").save(game)
    branch = tmp_path / "branch.json"
    assert main(["whatif", str(game), "--scenario", str(tiny_path), "--from", "1", "--strategy", "balanced",
                 "--save", str(branch)]) == 0
    db = str(tmp_path / "lb.sqlite3")
    capsys.readouterr()
    assert main(["import", str(game), str(branch), "--scenario", str(tiny_path), "--db", db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"added: {game}: entry 1, Анна") and "#" not in out[0]
    assert "what-if branch" in out[1] and "on no ranking or export" in out[1]


def test_import_finds_a_scenario_of_the_users_own_folder_by_its_id(tmp_path, capsys):
    own = paths.user_scenarios_dir()
    own.mkdir(parents=True, exist_ok=True)
    (own / "my-course.yaml").write_text(TINY_YAML.replace("id: tiny-test", "id: my-course"), encoding="utf-8")
    replay = tmp_path / "mine.json"
    assert main(["simulate", "my-course", "--strategy", "greedy", "--replay-out", str(replay)]) == 0
    capsys.readouterr()
    assert main(["import", str(replay), "--db", str(tmp_path / "lb.sqlite3")]) == 0
    assert "added: " in capsys.readouterr().out


@pytest.mark.parametrize("flag", ["--export-html", "--export-csv"])
def test_an_export_never_replaces_a_participants_replay_or_a_file_it_did_not_write(tmp_path, tiny, capsys, flag):
    handed_in = tmp_path / "handed-in.json"
    person(tiny, 3, 4, "Не импортирован").save(handed_in)
    original = handed_in.read_bytes()
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    db = str(tmp_path / "lb.sqlite3")
    assert main(["leaderboard", "--db", db, "--create", flag, str(handed_in)]) == 2
    assert "replay file" in capsys.readouterr().err and handed_in.read_bytes() == original
    assert main(["leaderboard", "--db", db, flag, str(notes)]) == 2
    assert "not written by a leaderboard export" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "my notes"
    report = tmp_path / "report.out"
    assert main(["leaderboard", "--db", db, flag, str(report)]) == 0
    assert main(["leaderboard", "--db", db, flag, str(report)]) == 0  # our own export is replaced
