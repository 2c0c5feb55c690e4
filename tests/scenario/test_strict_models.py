"""The scenario models are really strict: a value of the wrong type is refused, never coerced, and so is an
unknown key, on every model (they all derive from one base)."""
from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel, RootModel

from simulator.scenario import ScenarioError, load_text, schema
from simulator.store.scenario_files import template_path

TEMPLATE = template_path().read_text(encoding="utf-8")


def _edit(old: str, new: str) -> str:
    assert TEMPLATE.count(old) == 1, old
    return TEMPLATE.replace(old, new)


def test_the_template_loads_as_it_is():
    assert load_text(TEMPLATE).turns == 12


@pytest.mark.parametrize("old, new, where", [
    ("turns: 12 ", 'turns: "12" ', "turns"),             # a number as text
    ("turns: 12 ", "turns: 12.0 ", "turns"),             # a whole number as a float
    ("turns: 12 ", "turns: yes ", "turns"),              # yes/no for a number
    ("hours_per_month: 30", "hours_per_month: '30'", "hours_per_month"),
    ("version: 1", "version: true", "version"),
    ('  en: "My scenario"', "  en: 12", "en"),           # a number where text goes
])
def test_a_value_of_the_wrong_type_is_refused_not_coerced(old, new, where):
    with pytest.raises(ScenarioError) as caught:
        load_text(_edit(old, new))
    assert any(where in problem.message or where in str(problem) for problem in caught.value.problems), \
        caught.value.format()


def test_an_unknown_key_is_refused():
    with pytest.raises(ScenarioError, match="unknown key `hours_per_mnth`"):
        load_text(_edit("hours_per_month: 30", "hours_per_mnth: 30"))


def test_every_scenario_model_forbids_extra_keys_and_is_frozen():
    models = [m for _, m in inspect.getmembers(schema, inspect.isclass)
              if issubclass(m, BaseModel) and m.__module__ == schema.__name__ and not issubclass(m, RootModel)]
    assert schema.Scenario in models and len(models) > 10
    for model in models:
        assert issubclass(model, schema.StrictModel), model
        assert model.model_config.get("extra") == "forbid" and model.model_config.get("frozen") is True, model
    # A text is a map keyed by language code (every key checked to be one), frozen like the rest.
    assert schema.Text.model_config.get("frozen") is True
    with pytest.raises(ScenarioError, match="`english` is not a language code"):
        load_text(_edit('  en: "My scenario"', '  english: "My scenario"'))
    assert schema.Strict.__module__.startswith("pydantic")  # pydantic's marker, not shadowed by a model
