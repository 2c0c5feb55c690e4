"""The workshop server under load and faults, on loopback only, bounded in count and time.

    python benchmarks/server_bench.py            # all three parts, about a minute on 2 cores
    python benchmarks/server_bench.py --quick    # fewer uploads (a smoke run)
    python benchmarks/server_bench.py --db postgresql://user:pw@127.0.0.1/db \
        --restart-postgres "pg_ctlcluster 15 main restart"   # on PostgreSQL, restarted during the burst

1. A class: 30 participants upload within 10 s (spread evenly); every upload must be ranked, and
   the time from sending an upload to its entry being on the board (the board's JSON, which the
   projector page is sent by its event stream, or polls once a second as a fallback) is printed as p50/p99, with the goal (p99 under 3 s) met or
   missed: a speed goal is printed, never a check that fails on a busy machine.
2. A burst: 200 uploads at once (distinct games, plus resent duplicates and tampered copies):
   every valid game ranked exactly once, duplicates answered "already there", tampered ones
   refused with the reason.
3. A crash: the server is killed (SIGKILL) in the middle of a stream of uploads and restarted on
   the same database; every upload it had answered 201 must still be on the board, and sending
   the rest again ranks each exactly once.

With ``--restart-postgres CMD`` the PostgreSQL server is restarted in the middle of the burst: the
workshop server answers 503 (``store``) meanwhile, and the benchmark's clients send those again
after ``Retry-After``, as the game's outbox does; every valid game must still be ranked exactly once.

Replays are of the shipped `certification` scenario (24 months, 185 clients): the balanced bot's
game with month 1's markups varied, so each is a distinct game with its true score.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import print_machine  # noqa: E402

from simulator.engine import MonthPlan, replay as replay_plans  # noqa: E402
from simulator.scenario import load_file  # noqa: E402
from simulator.store.replay import Replay  # noqa: E402
from simulator.strategies import STRATEGIES, play  # noqa: E402

SCENARIO, SEED = "certification", 42
DEADLINE = 300.0  # the whole benchmark stops after this many seconds


def replays(count: int, start: int = 0) -> list[bytes]:
    """``count`` distinct games on the scenario and seed, as upload bodies."""
    scenario = load_file(ROOT / "scenarios" / f"{SCENARIO}.yaml")
    base = play(scenario, SEED, STRATEGIES["balanced"])
    out = []
    for k in range(start, start + count):
        plans = list(base.plans)
        markups = {p.id: round(p.markup.min + (p.markup.max - p.markup.min) * ((k * 0.0137 + 0.02) % 1.0), 5)
                   for p in scenario.products if p.markup.min < p.markup.max}
        plans[0] = MonthPlan(markups=markups, touches=plans[0].touches, offers=plans[0].offers)
        game = replay_plans(scenario, SEED, plans)
        rep = Replay.from_game(game, player=f"Участник {k + 1}", finished_at="2026-11-30T10:00:00Z")
        out.append(rep.dumps().encode("utf-8"))
    return out


def tamper(data: bytes) -> bytes:
    doc = json.loads(data)
    doc["claimed_score"] = doc["claimed_score"] + 5
    doc["player"] += " (tampered)"
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


class Server:
    """`python main.py serve` in its own process group (so its workers stop with it)."""

    def __init__(self, db: Path | str, port: int = 0, session: bool = True, group: str = "bench"):
        command = [sys.executable, str(ROOT / "main.py"), "serve", "--db", str(db), "--port", str(port),
                   "--uploads-per-minute", "100000", "--upload-burst", "1000"]  # all from 127.0.0.1
        if session:
            command += ["--session", SCENARIO, "--seed", str(SEED), "--group", group]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.url = self.code = None
        deadline = time.monotonic() + 60
        for line in self.process.stdout:
            found = re.search(r"workshop server on (http://\S+)", line)
            if found:
                self.url = found.group(1).replace("localhost", "127.0.0.1")
            found = re.match(r"session (\w+):", line)
            if found:
                self.code = found.group(1)
            if self.url and line.startswith("trainer token") and not session:
                break
            if self.url and self.code:
                break
            if time.monotonic() > deadline:
                break
        if not self.url:
            self.stop(kill=True)
            raise SystemExit("the server did not start")
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stop(self, kill: bool = False) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL if kill else signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(20)


def upload(url: str, code: str, data: bytes, timeout: float = 60.0) -> tuple[int, dict]:
    request = urllib.request.Request(f"{url}/api/sessions/{code}/replays", data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def board_ids(url: str, code: str) -> list[int]:
    for attempt in range(60):  # a 503 (the database restarting) is retried, as the page's next poll would
        try:
            with urllib.request.urlopen(f"{url}/api/sessions/{code}/board?anonymous=1", timeout=30) as response:
                return [e["id"] for e in json.loads(response.read())["entries"]]
        except urllib.error.HTTPError as exc:
            if exc.code != 503 or attempt == 59:
                raise
            time.sleep(1.0)
    raise AssertionError("unreachable")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def class_of_30(server: Server, bodies: list[bytes], window: float) -> dict:
    """Uploads spread evenly over ``window`` seconds; latency from sending to being on the board."""
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def one(k: int, data: bytes) -> None:
        time.sleep(k * window / len(bodies))
        sent = time.monotonic()
        status, answer = upload(server.url, server.code, data)
        entry = answer.get("entry", {}).get("id")
        while entry is not None and entry not in board_ids(server.url, server.code):
            time.sleep(0.05)
        with lock:
            statuses.append(status)
            latencies.append(time.monotonic() - sent)

    started = time.monotonic()
    with ThreadPoolExecutor(len(bodies)) as pool:
        list(pool.map(lambda kv: one(*kv), enumerate(bodies)))
    on_board = len(board_ids(server.url, server.code))
    return {"uploads": len(bodies), "ranked": statuses.count(201), "on_board": on_board,
            "seconds": round(time.monotonic() - started, 2),
            "p50": round(statistics.median(latencies), 3), "p99": round(percentile(latencies, 99), 3),
            "max": round(max(latencies), 3)}


def burst(server: Server, bodies: list[bytes], duplicates: int, tampered: int, restart: str | None = None) -> dict:
    """Everything at once; duplicates and tampered copies mixed in; optionally PostgreSQL restarted meanwhile."""
    mixed = [(b, "valid") for b in bodies] + [(b, "duplicate") for b in bodies[:duplicates]] \
        + [(tamper(b), "tampered") for b in bodies[duplicates:duplicates + tampered]]
    before = len(board_ids(server.url, server.code))
    started = time.monotonic()
    latencies: list[float] = []

    retried = []

    def timed(m):
        sent = time.monotonic()
        while True:
            answer = (m[1], *upload(server.url, server.code, m[0]))
            if answer[1] != 503 or time.monotonic() - sent > 120:
                break
            retried.append(answer[2].get("code"))
            time.sleep(1.0)  # as Retry-After asks (shortened)
        latencies.append(time.monotonic() - sent)
        return answer

    with ThreadPoolExecutor(len(mixed)) as pool:
        futures = [pool.submit(timed, m) for m in mixed]
        if restart:
            time.sleep(1.0)
            subprocess.run(restart, shell=True, check=True, timeout=120)
        answers = [f.result() for f in futures]
    seconds = time.monotonic() - started
    ids = board_ids(server.url, server.code)
    created = sum(1 for kind, status, _ in answers if status == 201)
    again = sum(1 for kind, status, _ in answers if status == 200)
    refused = [a for kind, status, a in answers if kind == "tampered"]
    other = [(kind, status, a.get("code")) for kind, status, a in answers
             if status not in (200, 201) and kind != "tampered"]
    return {"uploads": len(mixed), "valid": len(bodies), "ranked_new": created, "already_there": again,
            "tampered_refused": sum(1 for a in refused if a.get("code") == "score_mismatch"),
            "tampered": tampered, "unexpected": other[:5], "board_grew_by": len(ids) - before,
            "distinct_on_board": len(set(ids)) == len(ids), "seconds": round(seconds, 2),
            "uploads_per_second": round(len(mixed) / seconds, 1),
            "p50": round(statistics.median(latencies), 2), "p99": round(percentile(latencies, 99), 2),
            "retried_503": len(retried)}


def crash(db: Path | str, bodies: list[bytes]) -> dict:
    """Kill the server mid-stream; restart; nothing it accepted is lost; the rest go in once."""
    server = Server(db, group="crash")
    url, code, port = server.url, server.code, server.port
    accepted: list[int] = []
    unanswered: list[bytes] = []
    lock = threading.Lock()

    def one(data: bytes) -> None:
        try:
            status, answer = upload(url, code, data, timeout=20)
        except (urllib.error.URLError, ConnectionError, OSError, ValueError):
            with lock:
                unanswered.append(data)
            return
        with lock:
            if status == 201:
                accepted.append(answer["entry"]["id"])
            else:
                unanswered.append(data)

    pool = ThreadPoolExecutor(8)
    futures = [pool.submit(one, b) for b in bodies]
    while len(accepted) < len(bodies) // 3:
        time.sleep(0.01)
    server.stop(kill=True)  # SIGKILL: no goodbye, mid-upload
    for f in futures:
        f.result()
    pool.shutdown()
    restarted = Server(db, port=port, session=False)
    try:
        after_restart = set(board_ids(restarted.url, code))
        lost = [i for i in accepted if i not in after_restart]
        resent = [upload(restarted.url, code, b)[0] for b in unanswered]
        final = board_ids(restarted.url, code)
    finally:
        restarted.stop()
    return {"uploads": len(bodies), "accepted_before_kill": len(accepted), "lost": len(lost),
            "resent": len(unanswered), "resent_new": resent.count(201), "resent_already_there": resent.count(200),
            "on_board_at_end": len(final), "each_once": len(set(final)) == len(final) == len(bodies)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer uploads (a smoke run)")
    parser.add_argument("--db", metavar="URL", help="a postgresql:// database to run on (default: SQLite files)")
    parser.add_argument("--restart-postgres", metavar="CMD", help="command that restarts PostgreSQL, run mid-burst")
    args = parser.parse_args()
    print_machine("before")
    n_class, n_burst, n_crash = (10, 40, 20) if args.quick else (30, 200, 60)
    timer = threading.Timer(DEADLINE, lambda: os._exit(3))  # bounded: never hang
    timer.daemon = True
    timer.start()
    print(f"preparing {1 + n_class + n_burst + n_crash} distinct {SCENARIO} games ...", flush=True)
    bodies = replays(1 + n_class + n_burst + n_crash)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        print(f"database: {'PostgreSQL' if args.db else 'SQLite'}", flush=True)
        server = Server(args.db or Path(tmp) / "bench.sqlite3")
        try:
            upload(server.url, server.code, bodies[0])  # warm up: the reference bots' scores for the seed
            result = class_of_30(server, bodies[1:n_class + 1], 10.0 if not args.quick else 3.0)
            print(f"class: {result['uploads']} uploads in {result['seconds']} s: {result['ranked']} ranked, "
                  f"{result['on_board'] - 1} on the board; upload-to-board p50 {result['p50']} s, "
                  f"p99 {result['p99']} s, max {result['max']} s", flush=True)
            ok &= result["ranked"] == result["uploads"]
            # A speed goal, printed, not checked: on a loaded machine the p99 says more about the load than the server.
            print(f"goal: upload-to-board p99 under 3 s: {'met' if result['p99'] < 3.0 else 'missed'}", flush=True)
            result = burst(server, bodies[n_class + 1:n_class + 1 + n_burst], duplicates=20, tampered=10,
                           restart=args.restart_postgres)
            print(f"burst: {result['uploads']} uploads at once ({result['valid']} games, 20 resent, 10 tampered) in "
                  f"{result['seconds']} s ({result['uploads_per_second']}/s; upload-to-ranked p50 {result['p50']} s, "
                  f"p99 {result['p99']} s): {result['ranked_new']} ranked, "
                  f"{result['already_there']} already there, {result['tampered_refused']}/{result['tampered']} "
                  f"tampered refused (score_mismatch), board grew by {result['board_grew_by']}, "
                  f"503 answers sent again: {result['retried_503']}{' (PostgreSQL restarted)' if args.restart_postgres else ''}, "
                  f"unexpected: {result['unexpected'] or 'none'}", flush=True)
            ok &= (result["ranked_new"] == result["valid"] == result["board_grew_by"]
                   and result["already_there"] == 20 and result["tampered_refused"] == 10 and not result["unexpected"])
        finally:
            server.stop()
        result = crash(args.db or Path(tmp) / "crash.sqlite3", bodies[n_class + 1 + n_burst:])
        print(f"crash: {result['uploads']} uploads, server killed after {result['accepted_before_kill']} were "
              f"accepted; lost after restart: {result['lost']}; {result['resent']} sent again: "
              f"{result['resent_new']} ranked, {result['resent_already_there']} already there (stored just before "
              f"the kill); each on the board once: {result['each_once']}", flush=True)
        ok &= result["lost"] == 0 and result["each_once"]
    print_machine("after")
    print("all checks held" if ok else "CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
