"""Every scenario shipped in scenarios/ (the template too) is valid, and `validate` says so."""
from __future__ import annotations

import pytest

from simulator.scenario import load_file

from .conftest import SCENARIOS, problems, run_main


def test_scenarios_are_shipped():
    assert SCENARIOS, "scenarios/ holds no *.yaml files"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_shipped_scenario_loads(path):
    scenario = load_file(path)
    assert scenario.products and scenario.client_count() > 0


def test_validate_accepts_every_shipped_scenario():
    result = run_main("validate", *[str(p) for p in SCENARIOS])
    assert result.returncode == 0, result.stderr
    assert problems(result.stderr) == []  # warnings are allowed: they are advice while a scenario is tuned
    lines = result.stdout.splitlines()
    assert len(lines) == len(SCENARIOS)
    for path, line in zip(SCENARIOS, lines):
        scenario = load_file(path)
        assert line.startswith(f"ok: {path}: id={scenario.id} ")
        assert f"products={len(scenario.products)}" in line
        assert f"clients={scenario.client_count()}" in line
