"""The README's figures, measured in one go: the test suite's counts and times, then every benchmark.

Run from the repository root (headless)::

    python benchmarks/readme_figures.py                  # the suite's two steps and every benchmark: print them
    python benchmarks/readme_figures.py --write          # ... and put them into README.md, between its markers
    python benchmarks/readme_figures.py --counts --write # only the test counts (a collection, seconds): after a merge
    python benchmarks/readme_figures.py --check          # exit 1 if README.md's test counts are not the collected ones
    python benchmarks/readme_figures.py --no-suite --only engine_bench --only ui_bench

The suite runs as the README says, in its two steps: ``python -m pytest`` (everything but the long runs) and
``python -m pytest -m slow`` (the long runs); their options come from pyproject.toml. Each figure is printed with
the machine it was taken on (CPUs, load average before and after), so a figure from a busy machine is not mistaken
for an idle one's; the CPU time (user + system, every pytest-xdist worker and process they start) is the figure to
compare between machines. README.md holds the generated text between ``<!-- figures:NAME -->`` and
``<!-- /figures:NAME -->`` (NAME: ``counts``, ``suite``, ``benchmarks``); ``--write`` replaces only those blocks,
so the figures are never typed by hand. CI runs ``--check``.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
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

# The suite's steps as the README and CI run them: (the command as written, pytest's extra arguments).
STEPS: list[tuple[str, list[str]]] = [
    ("python -m pytest", []),
    ("python -m pytest -m slow", ["-m", "slow"]),
]


@dataclass(frozen=True)
class Counts:
    """Tests collected: those ``python -m pytest`` runs (``quick``) and those ``python -m pytest -m slow`` runs."""

    quick: int
    slow: int

    @property
    def total(self) -> int:
        return self.quick + self.slow

    def sentence(self) -> str:
        """The README's line of counts (``--check`` compares it word for word)."""
        return (f"The suite has **{self.total:,} tests**: `python -m pytest` runs {self.quick:,} of them, "
                f"`python -m pytest -m slow` the other {self.slow:,} (the long runs).")


@dataclass(frozen=True)
class SuiteRun:
    """One run of a step of the suite: what was collected and how it ended, its wall and CPU seconds."""

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
        return (f"| `{self.command}` | {self.tests:,} ({ended}) | {minutes(self.wall)} | {minutes(self.cpu)} | "
                f"{minutes(self.cpu / 2)} | {self.before.split(': ', 1)[1]} |")


def minutes(seconds: float) -> str:
    """``4 min 44 s``."""
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by finished child processes and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def collect_counts(extra: list[str] | None = None) -> Counts:
    """The number of tests each step collects (a collection only, in a child process; nothing runs)."""
    counts = []
    for _, args in STEPS:
        done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-n", "0", "-p", "no:cacheprovider",
                               *args, *(extra or [])], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, env=dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy"))
        found = re.search(r"^(\d+)(?:/\d+)? tests? collected", done.stdout, re.MULTILINE)
        if done.returncode != 0 or found is None:
            print(done.stdout[-3000:])
            raise SystemExit(f"pytest --collect-only {' '.join(args)} failed (exit {done.returncode})")
        counts.append(int(found.group(1)))
    return Counts(*counts)


def run_suite(command: str, extra: list[str]) -> SuiteRun:
    """One step of the suite from the repository root, counted from its JUnit report."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        before, cpu0, t0 = machine_line("before"), children_cpu(), time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", *extra, f"--junitxml={report}", "-p", "no:cacheprovider"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wall, cpu, after = time.perf_counter() - t0, children_cpu() - cpu0, machine_line("after")
        if not report.exists():
            print(done.stdout[-3000:])
            raise SystemExit(f"{command} wrote no report (exit {done.returncode})")
        root = ET.parse(report).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = sum(int(s.get("tests", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    return SuiteRun(command, total, total - skipped - failed, skipped, failed, wall, cpu, before, after)


def run_benchmark(name: str, args: list[str]) -> str:
    """A benchmark's whole output (it prints the machine's load itself), with its wall time."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), *args], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    status = "" if done.returncode == 0 else f", exit code {done.returncode}"
    return f"{done.stdout.rstrip()}\n({name}: {time.perf_counter() - t0:.0f} s{status})"


def suite_block(runs: list[SuiteRun], when: str) -> str:
    """The README's table of the suite's steps as measured by this script."""
    lines = [f"Measured by `python benchmarks/readme_figures.py --write` on {when}:", "",
             "| command | tests | wall time | CPU time | CPU time / 2 cores | machine (before the run) |",
             "| --- | --- | --- | --- | --- | --- |", *(run.row() for run in runs)]
    return "\n".join(lines)


def replace_block(text: str, name: str, body: str) -> str:
    """``text`` with the lines between ``<!-- figures:NAME -->`` and ``<!-- /figures:NAME -->`` set to ``body``."""
    pattern = re.compile(rf"(<!-- figures:{name} -->\n).*?(<!-- /figures:{name} -->)", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"README.md has no <!-- figures:{name} --> ... <!-- /figures:{name} --> block")
    return pattern.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(2), text, count=1)


def block(text: str, name: str) -> str:
    """What README.md holds between the markers of block ``name`` ('' when there is no such block)."""
    found = re.search(rf"<!-- figures:{name} -->\n(.*?)<!-- /figures:{name} -->", text, re.DOTALL)
    return found.group(1).strip() if found else ""


def check(counts: Counts, readme: str) -> list[str]:
    """What is wrong with the README's counts (nothing: an empty list)."""
    shown = block(readme, "counts")
    if shown == counts.sentence():
        return []
    return [f"README.md says:   {shown or '(no <!-- figures:counts --> block)'}",
            f"collected today: {counts.sentence()}",
            "update it with: python benchmarks/readme_figures.py --counts --write"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="put the figures into README.md (between its markers)")
    parser.add_argument("--check", action="store_true", help="only compare README.md's test counts with the collected suite")
    parser.add_argument("--counts", action="store_true", help="only the test counts (a collection; no suite run, no benchmarks)")
    parser.add_argument("--no-suite", action="store_true", help="skip the test suite runs")
    parser.add_argument("--no-benchmarks", action="store_true", help="skip the benchmarks")
    parser.add_argument("--suite-args", default="", metavar="ARGS",
                        help="more pytest arguments for every step, e.g. a folder to try the script on (not for the README)")
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS), help="run only these benchmarks")
    args = parser.parse_args(argv)
    more = args.suite_args.split()
    if args.check:
        problems = check(collect_counts(more), README.read_text(encoding="utf-8"))
        print("\n".join(problems) if problems else "README.md's test counts are the collected suite's")
        return 1 if problems else 0
    readme = README.read_text(encoding="utf-8")
    print(machine_line("start"), flush=True)
    counts = collect_counts(more)
    print(counts.sentence(), flush=True)
    readme = replace_block(readme, "counts", counts.sentence())
    if not (args.counts or args.no_suite):
        runs = [run_suite(command, [*extra, *more]) for command, extra in STEPS]
        when = time.strftime("%Y-%m-%d")
        readme = replace_block(readme, "suite", suite_block(runs, when))
        print("\n" + block(readme, "suite"))
        for run in runs:
            print(f"\n`{run.command}`: {run.tests:,} tests, {run.passed:,} passed, {run.skipped:,} skipped, "
                  f"{run.failed:,} failed in {minutes(run.wall)}\n  {run.before}\n  {run.after}")
    if not (args.counts or args.no_benchmarks):
        print("\n## Benchmarks\n")
        outputs = []
        for name in args.only or BENCHMARKS:
            outputs.append(f"`{name}`:\n\n```\n{run_benchmark(name, BENCHMARKS[name])}\n```")
            print(outputs[-1], flush=True)
        if not args.only:
            readme = replace_block(readme, "benchmarks", "\n\n".join(outputs))
    print(machine_line("end"))
    if args.write:
        partial = README.with_suffix(".md.tmp")
        partial.write_text(readme, encoding="utf-8")
        os.replace(partial, README)
        print("README.md written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
