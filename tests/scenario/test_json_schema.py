"""`main.py schema` prints a JSON Schema an editor can use: valid, accepts shipped files, flags unknown keys."""
from __future__ import annotations

import copy
import json

import jsonschema
import pytest
import yaml

from .base import BASE
from .conftest import SCENARIOS, run_main


@pytest.fixture(scope="module")
def schema() -> dict:
    result = run_main("schema")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def validator(schema) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def test_schema_is_a_valid_draft_2020_12_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_trainer_field_has_a_description(schema):
    missing = [
        f"{model}.{name}"
        for model, part in [("Scenario", schema), *schema["$defs"].items()]
        for name, field in part.get("properties", {}).items()
        if "description" not in field and "$ref" not in field and name != "id"
    ]
    assert missing == []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_schema_accepts_shipped_scenario(validator, path):
    validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_schema_accepts_the_test_scenario(validator):
    validator.validate(yaml.safe_load(BASE))


@pytest.mark.parametrize(
    "where",
    [(), ("desk",), ("products", 0), ("products", 0, "markup"), ("scoring", "items", 1)],
    ids=lambda w: ".".join(map(str, w)) or "top",
)
def test_schema_rejects_an_unknown_key(validator, where):
    data = copy.deepcopy(yaml.safe_load(BASE))
    node = data
    for part in where:
        node = node[part]
    node["market_prise"] = 1
    errors = list(validator.iter_errors(data))
    assert any("market_prise" in e.message for e in errors)


@pytest.mark.parametrize(
    "change",
    [("turns", "twelve"), ("turns", True), ("turns", "12"), ("compensation", {"base": "gross_proft"})],
    ids=["word for number", "yes/no for number", "quoted number", "misspelled base"],
)
def test_schema_rejects_what_the_loader_rejects(validator, change):
    data = yaml.safe_load(BASE)
    data[change[0]] = change[1]
    assert not validator.is_valid(data)


def test_schema_output_file_matches_what_is_printed(schema, tmp_path):
    target = tmp_path / "editor" / "scenario.schema.json"
    result = run_main("schema", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_bytes().decode("utf-8")) == schema


def test_schema_output_to_a_folder_is_a_clear_error(tmp_path):
    result = run_main("schema", "--output", str(tmp_path))
    assert result.returncode == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
