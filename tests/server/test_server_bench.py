"""The load-and-faults benchmark's quick run holds its checks: a class, a burst with duplicates and tampered
copies, and the server killed mid-stream and restarted without losing an accepted entry."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.live_server import ROOT

pytestmark = [pytest.mark.timeout(240), pytest.mark.slow]


def test_the_quick_benchmark_holds_every_check():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "server_bench.py"), "--quick"], cwd=ROOT,
                            capture_output=True, text=True, timeout=220)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lost after restart: 0" in result.stdout and "10/10 tampered refused" in result.stdout
    assert result.stdout.rstrip().endswith("all checks held")
