"""Every scenario shipped in scenarios/ (the template too) is valid, and `validate` says so."""
from __future__ import annotations

import pytest

from simulator.scenario import ScenarioError, load_file

from .conftest import SCENARIOS, problems, run_main

TUTORIAL = next(p for p in SCENARIOS if p.stem == "tutorial")


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


def test_a_file_read_again_is_the_same_scenario_and_a_changed_file_is_read_anew(tmp_path):
    source = (TUTORIAL).read_text(encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text(source, encoding="utf-8")
    first = load_file(path)
    object.__setattr__(first, "turns", 99)                 # a caller that writes to its copy keeps it to itself
    again = load_file(path)
    assert again.turns != 99 and again == load_file(TUTORIAL)
    path.write_text(source.replace("turns: 3", "turns: 4", 1), encoding="utf-8")
    assert load_file(path).turns == 4                      # the bytes changed: validated anew
    path.write_text(source.replace("turns: 3", "turns: 0", 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:           # and a broken file is refused every time, by its name
        load_file(path)
    assert str(path) in str(refused.value)
