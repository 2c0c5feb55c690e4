"""The balance tests' shared rows: a row read from another worker's file is the row this worker would play."""
from __future__ import annotations

import pytest

from balance_runs import _row, _shared_rows, fcntl, shipped
from simulator.scenario import load_file
from simulator.strategies import STRATEGIES

pytestmark = pytest.mark.skipif(fcntl is None, reason="rows are shared through file locks (POSIX only)")


def test_a_shared_row_is_played_once_and_read_back_unchanged(tmp_path):
    scenario = load_file(next(p for p in shipped() if p.stem == "tutorial"))
    everyone = {name: STRATEGIES[name] for name in ("passive", "balanced")}
    stem = tmp_path / "tutorial"
    first = _shared_rows(scenario, everyone, stem)
    files = sorted(p.name for p in tmp_path.glob("*.pickle"))
    assert files == ["tutorial-balanced.pickle", "tutorial-passive.pickle"]
    (tmp_path / "tutorial-passive.pickle").touch()  # a second read must not play (nor rewrite) the row again
    stamp = (tmp_path / "tutorial-passive.pickle").stat().st_mtime_ns
    second = _shared_rows(scenario, everyone, stem)
    assert (tmp_path / "tutorial-passive.pickle").stat().st_mtime_ns == stamp
    for name, strategy in everyone.items():
        here = _row(scenario, name, strategy)
        assert list(first[name].scores) == list(second[name].scores) == list(here.scores)
        assert first[name].kpis == second[name].kpis == here.kpis
    assert list(first) == list(everyone)
