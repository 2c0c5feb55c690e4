"""Shared helpers for the scenario tests: running the real `main.py` in a child process."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def run_main(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python main.py ARGS...` as a trainer would type it; output captured as text."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("SALESDESK_DEBUG", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=cwd or ROOT, env=full_env, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120,
    )


def problems(stderr: str) -> list[str]:
    """The lines of ``validate``'s stderr that are errors: warnings and notes about a valid file left out."""
    return [line for line in stderr.splitlines() if not re.search(r":\d+:\d+: (warning|note): ", line)]
