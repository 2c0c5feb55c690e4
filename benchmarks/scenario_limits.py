"""How fast the scenario loader accepts real files and refuses hostile ones: prints numbers, asserts nothing.

    python benchmarks/scenario_limits.py

Each hostile file (alias bomb, oversized file, too many values, deep nesting,
a 1 MiB string) must be refused in well under a second; shipped scenarios
should load in milliseconds.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import print_machine  # noqa: E402

from simulator.scenario import ScenarioError, load_bytes, load_file  # noqa: E402

MIB = 1024 * 1024


def _bomb(levels: int = 9) -> str:
    names = "abcdefghijklmnopqrstuvwxyz"
    lines = [f'a: &a [{", ".join(["lol"] * 9)}]']
    lines += [f"{names[i]}: &{names[i]} [{', '.join([f'*{names[i - 1]}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


HOSTILE = {
    "alias bomb (9^9 values)": _bomb().encode(),
    "oversized file (1 MiB + 1)": b"#" * (MIB + 1),
    "too many values (500k in 1 MiB)": ("x: [" + "1," * (MIB // 2 - 10) + "1]").encode(),
    "deep nesting (500k brackets)": ("x: " + "[" * (MIB // 2 - 10)).encode(),
    "one 1 MiB string": ("x: " + "y" * (MIB - 10)).encode(),
    "python tag": b"x: !!python/object/apply:os.system ['true']\n",
}


def _time(load) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        load()
        outcome = "loaded"
    except ScenarioError as exc:
        outcome = exc.problems[0].message[:60]
    return time.perf_counter() - start, outcome


def main() -> None:
    print_machine("before")
    print("refusing hostile input:")
    for name, raw in HOSTILE.items():
        seconds, outcome = _time(lambda raw=raw: load_bytes(raw, "hostile.yaml"))
        print(f"  {name:34s} {seconds * 1000:8.1f} ms  {outcome}")
    print("loading shipped scenarios:")
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        runs = [_time(lambda path=path: load_file(path))[0] for _ in range(5)]
        print(f"  {path.name:34s} {min(runs) * 1000:8.1f} ms")
    print_machine("after")


if __name__ == "__main__":
    main()
