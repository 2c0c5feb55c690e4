"""Engine speed and memory: prints numbers, asserts nothing.

    python benchmarks/engine_bench.py [--clients 10000] [--months 36]

Reports client-months per second for a generated scenario under the
`balanced` strategy (plan making included, and engine alone), the time of one
month's resolution at 500 and 6,500 clients (each month's fastest of a few
replays: on a shared machine take the minimum), and memory per client state.
The machine's load is printed before and after.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import print_machine  # noqa: E402

from simulator.engine import Game, MonthPlan  # noqa: E402
from simulator.scenario import load_file  # noqa: E402
from simulator.strategies import STRATEGIES  # noqa: E402

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "certification.yaml"


def scaled(clients: int, months: int):
    """The certification scenario with its segments scaled to ``clients`` clients."""
    base = load_file(SCENARIO)
    named = len(base.clients)
    total = sum(s.count for s in base.segments)
    segments = [s.model_copy(update={"count": max(0, round((clients - named) * s.count / total))}) for s in base.segments]
    diff = clients - named - sum(s.count for s in segments)
    segments[0] = segments[0].model_copy(update={"count": segments[0].count + diff})
    desk = base.desk.model_copy(update={"hours_per_month": base.desk.hours_per_month * clients / base.client_count()})
    return base.model_copy(update={"segments": segments, "turns": months, "desk": desk})


def whole_game(clients: int, months: int, repeats: int = 3) -> None:
    scenario = scaled(clients, months)
    strategy = STRATEGIES["balanced"]
    best_total = best_engine = float("inf")
    for _ in range(repeats):
        game = Game(scenario, 1)
        engine = 0.0
        start = time.perf_counter()
        while not game.finished:
            plan = strategy.make_plan(game)
            t0 = time.perf_counter()
            game.play_month(plan)
            engine += time.perf_counter() - t0
        best_total = min(best_total, time.perf_counter() - start)
        best_engine = min(best_engine, engine)
    cm = clients * months
    print(f"{clients:,} clients x {months} months under balanced:")
    print(f"  with plan making: {best_total:.3f} s  -> {cm / best_total / 1e6:.2f} M client-months/s")
    print(f"  engine only:      {best_engine:.3f} s  -> {cm / best_engine / 1e6:.2f} M client-months/s")


def one_month(clients: int, samples: int = 30, repeats: int = 5) -> None:
    """One month's resolution (``game.play_month``) at ``clients`` clients: the same ``samples`` months replayed
    ``repeats`` times with the same plans, each month's fastest replay kept (a shared machine only ever slows a
    run down), then the median over the months; in wall-clock time and in this process's CPU time (on a busy
    machine a month longer than the scheduler's slice is cut in two, however often it is replayed)."""
    scenario = scaled(clients, samples + 1)
    plans: list[MonthPlan] = []
    best = [float("inf")] * samples
    cpu = [float("inf")] * samples
    for _ in range(repeats):
        game = Game(scenario, 2)
        for k in range(samples):
            if len(plans) <= k:
                plans.append(STRATEGIES["balanced"].make_plan(game))
            c0, t0 = time.process_time(), time.perf_counter()
            game.play_month(plans[k])
            best[k] = min(best[k], time.perf_counter() - t0)
            cpu[k] = min(cpu[k], time.process_time() - c0)
    print(f"one month at {clients:,} clients: median {statistics.median(best) * 1000:.2f} ms, "
          f"max {max(best) * 1000:.2f} ms; CPU time median {statistics.median(cpu) * 1000:.2f} ms (fastest of "
          f"{repeats} replays each; plan of "
          f"~{sum(len(b.clients) for b in plans[-1].touches)} touches)")


def real_case(samples: int = 12) -> None:
    """The shipped whole-company scenario (about 6,500 clients) under balanced."""
    path = SCENARIO.parent / "whole-company.yaml"
    if not path.exists():
        return
    scenario = load_file(path)
    game = Game(scenario, 4)
    plan_times, month_times, forecast_times, desk_times = [], [], [], []
    while not game.finished and len(month_times) < samples:
        t0 = time.perf_counter()
        _ = game.desk  # the month's snapshot bots and screens read (sealed copies of what the desk knows)
        desk_times.append(time.perf_counter() - t0)
        plan = STRATEGIES["balanced"].make_plan(game)
        t1 = time.perf_counter()
        game.forecast(plan)  # what the desk's price tab asks for whenever the draft changes
        t2 = time.perf_counter()
        game.play_month(plan)
        plan_times.append(t1 - t0)
        forecast_times.append(t2 - t1)
        month_times.append(time.perf_counter() - t2)
    print(f"whole-company ({scenario.client_count():,} clients): month median {statistics.median(month_times) * 1000:.2f} ms, "
          f"max {max(month_times) * 1000:.2f} ms; balanced plan median {statistics.median(plan_times) * 1000:.2f} ms; "
          f"desk forecast median {statistics.median(forecast_times) * 1000:.2f} ms, "
          f"max {max(forecast_times) * 1000:.2f} ms; the desk's snapshot median "
          f"{statistics.median(desk_times) * 1000:.2f} ms")


def memory(clients: int) -> None:
    scenario = scaled(clients, 2)
    tracemalloc.start()
    game = Game(scenario, 3)
    game.play_month(MonthPlan())
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"memory at {clients:,} clients: {current / 2**20:.1f} MiB held, {peak / 2**20:.1f} MiB peak")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=36)
    args = parser.parse_args()
    print_machine("before")
    whole_game(args.clients, args.months)
    one_month(500)
    one_month(6_500)
    real_case()
    memory(args.clients)
    print_machine("after")


if __name__ == "__main__":
    main()
