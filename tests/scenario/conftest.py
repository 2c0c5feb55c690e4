"""Shared helpers for the scenario tests: running `main.py` as a trainer types it (in this process; the
terminal-encoding test starts the real entry point)."""
from __future__ import annotations

import re

from tests.cli_run import ROOT, run_main, run_process

__all__ = ["ROOT", "SCENARIOS", "problems", "run_main", "run_process"]

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def problems(stderr: str) -> list[str]:
    """The lines of ``validate``'s stderr that are errors: warnings and notes about a valid file left out."""
    return [line for line in stderr.splitlines() if not re.search(r":\d+:\d+: (warning|note): ", line)]
