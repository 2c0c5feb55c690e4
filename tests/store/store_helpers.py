"""Helpers for the store tests: a tiny scenario and replays of reference strategies."""
from __future__ import annotations

from pathlib import Path

from simulator.store.replay import Replay
from simulator.strategies import STRATEGIES, play
from tests.shared_fixtures import TINY_YAML  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[2]
CERTIFICATION = ROOT / "scenarios" / "certification.yaml"



def back_from_version_8(conn) -> None:
    """Undo schema versions 9 and 8 on an SQLite connection (the teams' tables; the rounds' tables and the session's
    mode), for the tests that rebuild an older file from a new one."""
    for table in ("workshop_teams", "team_proposals", "team_choices",
                  "workshop_rounds", "round_participants", "round_plans", "round_events"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE workshop_sessions DROP COLUMN mode")


def make_replay(scenario, seed: int = 1, strategy: str = "balanced", player: str = "Анна", group: str = "G1",
                finished_at: str | None = "2024-05-01T10:00:00Z") -> Replay:
    """A finished game of a reference strategy, as a replay."""
    game = play(scenario, seed, STRATEGIES[strategy])
    return Replay.from_game(game, player=player, group=group, finished_at=finished_at)


def write_entries(db_path: str, scenario_path: str, worker: int, count: int, start, results) -> None:
    """A process that stores ``count`` games of its own as fast as it can; puts (worker, created) on ``results``."""
    from simulator.scenario import load_file
    from simulator.store.leaderboard import Leaderboard
    from simulator.store.scenarios import ScenarioLibrary

    scenario = load_file(scenario_path)
    replays = [make_replay(scenario, seed=worker * 1000 + k, player=f"игрок {worker}-{k}", group=f"w{worker}")
               for k in range(count)]  # different games: the same decisions under another name are one entry
    start.wait()  # every process opens the (not yet existing) database at the same moment
    created = 0
    try:
        with Leaderboard.open(db_path, scenarios=ScenarioLibrary([scenario_path])) as board:
            for rep in replays:
                created += board.add_replay(rep).created
    except Exception as exc:  # reported, so the test fails at once with the reason instead of timing out
        results.put((worker, f"{type(exc).__name__}: {exc}"))
        return
    results.put((worker, created))


def open_new_board(db_path: str, start, results) -> None:
    """A process that opens the database the moment the others do; puts "ok" or the error on ``results``."""
    from simulator.store.leaderboard import Leaderboard

    start.wait()
    try:
        with Leaderboard.open(db_path) as board:
            results.put("ok" if board.count() == 0 else f"{board.count()} entries in a new board")
    except Exception as exc:
        results.put(f"{type(exc).__name__}: {exc}")


def read_rankings(db_path: str, start, rounds: int, results) -> None:
    """A process that keeps reading the board while others write; puts ("reader", most entries seen)."""
    import time

    from simulator.store.leaderboard import Leaderboard

    start.wait()
    seen = 0
    for _ in range(rounds):
        try:
            board = Leaderboard.open(db_path, create=False)
        except Exception:  # not created yet by the writers
            time.sleep(0.01)
            continue
        with board:
            seen = max(seen, sum(len(b.entries) for b in board.rankings()))
    results.put(("reader", seen))
