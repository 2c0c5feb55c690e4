"""The README's figures, measured in one go: the test suite's counts and times, then every benchmark.

Run from the repository root (headless)::

    python benchmarks/readme_figures.py                     # everything: the whole suite, the quick subset, benchmarks
    python benchmarks/readme_figures.py --no-suite          # only the benchmarks
    python benchmarks/readme_figures.py --no-benchmarks     # only the suite's counts and times
    python benchmarks/readme_figures.py --only engine_bench --only ui_bench

Each figure is printed with the machine it was taken on (CPUs, load average before and after), so a figure
from a busy machine is not mistaken for an idle one's. The README's test counts, suite times and benchmark
figures are copied from this output, never typed by hand. The suite runs as the README says
(``python -m pytest``, its options from pyproject.toml); its CPU time is that of every pytest-xdist worker.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine_line  # noqa: E402

# The benchmarks the README quotes, in its order, with the arguments it quotes them for.
BENCHMARKS: dict[str, list[str]] = {
    "engine_bench": [],
    "ui_bench": [],
    "head_bench": [],
    "scenario_limits": [],
    "server_bench": [],
}


@dataclass(frozen=True)
class SuiteRun:
    """One run of the test suite: what was collected and how it ended, its wall and CPU seconds."""

    command: str
    tests: int
    passed: int
    skipped: int
    failed: int
    wall: float
    cpu: float
    before: str
    after: str

    def row(self) -> str:
        """A row of the README's table of suite runs."""
        ended = f"{self.passed:,} passed, {self.skipped:,} skipped" + (f", {self.failed:,} FAILED" if self.failed else "")
        return (f"| `{self.command}` | {self.tests:,} ({ended}) | {minutes(self.wall)} | {self.cpu:.0f} s | "
                f"{self.before.split(': ', 1)[1]} |")


def minutes(seconds: float) -> str:
    """``4 min 44 s``."""
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by finished child processes and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_suite(extra: list[str]) -> SuiteRun:
    """``python -m pytest EXTRA`` from the repository root, counted from its JUnit report."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        before, cpu0, t0 = machine_line("before"), children_cpu(), time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", *extra, f"--junitxml={report}", "-p", "no:cacheprovider"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wall, cpu, after = time.perf_counter() - t0, children_cpu() - cpu0, machine_line("after")
        if not report.exists():
            print(done.stdout[-3000:])
            raise SystemExit(f"pytest {' '.join(extra)} wrote no report (exit {done.returncode})")
        root = ET.parse(report).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = sum(int(s.get("tests", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    command = " ".join(["python -m pytest", *(f'"{a}"' if " " in a else a for a in extra)])
    return SuiteRun(command, total, total - skipped - failed, skipped, failed, wall, cpu, before, after)


def run_benchmark(name: str, args: list[str]) -> str:
    """A benchmark's whole output (it prints the machine's load itself), with its wall time."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), *args], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    status = "" if done.returncode == 0 else f", exit code {done.returncode}"
    return f"{done.stdout.rstrip()}\n({name}: {time.perf_counter() - t0:.0f} s{status})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-suite", action="store_true", help="skip the test suite runs")
    parser.add_argument("--no-quick", action="store_true", help='skip the quick subset (-m "not slow")')
    parser.add_argument("--no-benchmarks", action="store_true", help="skip the benchmarks")
    parser.add_argument("--suite-args", default="", metavar="ARGS",
                        help="more pytest arguments for both runs, e.g. a folder to try the script on (not for the README)")
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS), help="run only these benchmarks")
    args = parser.parse_args(argv)
    print(machine_line("start"), flush=True)
    if not args.no_suite:
        more = args.suite_args.split()
        runs = [run_suite(more)]
        if not args.no_quick:
            runs.append(run_suite(["-m", "not slow", *more]))
        print("\n## Tests and checks (README table)\n")
        print("| command | tests | wall time | CPU time | machine (before the run) |")
        print("| --- | --- | --- | --- | --- |")
        for run in runs:
            print(run.row())
        for run in runs:
            print(f"\n`{run.command}`: {run.tests:,} tests, {run.passed:,} passed, {run.skipped:,} skipped, "
                  f"{run.failed:,} failed in {minutes(run.wall)}\n  {run.before}\n  {run.after}")
    if not args.no_benchmarks:
        print("\n## Benchmarks\n")
        for name in args.only or BENCHMARKS:
            print(f"### {name}\n```\n{run_benchmark(name, BENCHMARKS[name])}\n```", flush=True)
    print(machine_line("end"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
