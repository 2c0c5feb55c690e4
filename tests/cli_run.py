"""Running the command line as a trainer types it.

:func:`run_main` runs ``main(argv)`` in this process (no 2-3 s interpreter start per call) with its own
stdout, stderr, environment and working folder; :func:`run_process` starts the real ``python main.py``,
for the few tests of the entry point itself (exit codes, a terminal's encoding)."""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Ran:
    """What a command did: its exit code and everything it printed (as ``subprocess.CompletedProcess`` has)."""

    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _environment(env: dict | None):
    saved = dict(os.environ)
    os.environ.pop("SALESDESK_DEBUG", None)  # a bug is shown as the trainer sees it, not as a traceback
    os.environ.update({k: str(v) for k, v in (env or {}).items()})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_main(*args, cwd: Path | None = None, env: dict | None = None) -> Ran:
    """``python main.py ARGS...`` run in this process; ``env`` adds variables, ``cwd`` is the working folder."""
    from simulator.cli import main
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    with _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        os.chdir(cwd or ROOT)
        try:
            code = main([str(a) for a in args])
        finally:
            os.chdir(here)
    return Ran(code, out.getvalue(), err.getvalue())


def run_process(*args, cwd: Path | None = None, env: dict | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
    """The real entry point: ``python main.py ARGS...`` in a child process, output captured as text."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("SALESDESK_DEBUG", None)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=timeout)
