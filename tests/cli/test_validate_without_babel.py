"""`validate` runs on a Python that has the scenario checks' libraries but not Babel (a trainer checking a file
before installing the game): Babel is imported on first use, by the screens' number formats only."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCK_BABEL = """
import runpy, sys
class NoBabel:
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] == "babel":
            raise ImportError("No module named 'babel'")
sys.meta_path.insert(0, NoBabel())
sys.argv = ["main.py", "validate", "scenarios/tutorial.yaml", "scenarios/certification.yaml"]
runpy.run_path("main.py", run_name="__main__")
"""


def test_shipped_scenarios_validate_without_babel():
    done = subprocess.run([sys.executable, "-c", BLOCK_BABEL], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("ok: scenarios/") == 2
