"""Head mode speed: one month of a department with 8 sellers and 2,000 clients (prints numbers, asserts nothing).

    python benchmarks/head_bench.py [--months 6]

The shipped `head-free-markup` scenario scaled to eight books of 250 clients, each held by a seller on
gross-profit pay; every month each seller plans his book with the reasoned machinery (markups searched
every third month, or when the news or his rules change) and the engine resolves the eight books.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import print_machine  # noqa: E402

from simulator.head import HeadDecision, HeadGame  # noqa: E402
from simulator.scenario import load_file  # noqa: E402
from simulator.scenario.schema import PayScheme  # noqa: E402

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "head-free-markup.yaml"


def department(sellers: int = 8, clients: int = 2000, months: int = 12):
    """The head scenario with ``sellers`` books of equal size, every seller hired and holding one."""
    base = load_file(SCENARIO)
    per = clients // sellers
    segments = [base.segments[k % len(base.segments)].model_copy(update={"id": f"book-{k + 1}", "count": per})
                for k in range(sellers)]
    template = base.team.candidates
    candidates = [template[k % len(template)].model_copy(update={"id": f"seller-{k + 1}", "hired": True,
                                                                  "segments": [f"book-{k + 1}"]})
                  for k in range(sellers)]
    team = base.team.model_copy(update={"candidates": candidates, "max_sellers": sellers,
                                        "hours_per_seller": base.team.hours_per_seller * per / 50})
    return base.model_copy(update={"segments": segments, "team": team, "turns": months})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    print_machine("before")
    scenario = department(months=args.months)
    times = []
    for seed in (1, 2, 3):
        game = HeadGame(scenario, seed)
        game.decide(HeadDecision(team_pay=PayScheme(salary=45_000, base="gross_profit", rate=0.08, threshold=0.15)))
        while not game.finished:
            start = time.perf_counter()
            game.play_month()
            times.append(time.perf_counter() - start)
    ms = sorted(1000 * t for t in times)
    print(f"head month, 8 sellers x 250 clients = 2,000 clients, {len(ms)} months over 3 seeds:")
    print(f"  median {statistics.median(ms):.1f} ms, p90 {ms[int(0.9 * (len(ms) - 1))]:.1f} ms, max {ms[-1]:.1f} ms "
          f"(goal: under 50 ms)")
    print_machine("after")


if __name__ == "__main__":
    main()
