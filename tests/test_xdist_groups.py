"""``xdist_group`` keeps a group's tests on one worker (tests/conftest.py mends it for pytest 9), so tests that
share an expensive setup, or a server that must not be shared, run where they are meant to."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # it starts two pytest-xdist workers


def test_each_xdist_group_runs_on_one_worker(tmp_path):
    (tmp_path / "conftest.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from tests.conftest import pytest_collection_modifyitems  # noqa: F401  (the hook under test)
    """), encoding="utf-8")
    (tmp_path / "test_grouped.py").write_text(textwrap.dedent(f"""
        import os
        import pytest

        @pytest.mark.parametrize("group", [pytest.param(g, marks=pytest.mark.xdist_group(g)) for g in "abc"])
        @pytest.mark.parametrize("k", range(4))
        def test_where(group, k):
            with open({str(tmp_path / "ran.txt")!r}, "a") as f:
                f.write(group + " " + os.environ["PYTEST_XDIST_WORKER"] + "\\n")
    """), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                           "-n", "2", "--dist", "loadgroup", str(tmp_path)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    workers = defaultdict(set)
    for line in (tmp_path / "ran.txt").read_text().splitlines():
        group, worker = line.split()
        workers[group].add(worker)
    assert sorted(workers) == ["a", "b", "c"]
    assert all(len(w) == 1 for w in workers.values()), dict(workers)
