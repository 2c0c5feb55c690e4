"""Lesson checks in scenario YAML: validated like the rest (every problem at once, `file:line:col` with a
suggestion), in the JSON Schema, left out of the content a replay pins; two shipped scenarios carry them."""
from __future__ import annotations

import re

import jsonschema
import pytest

from simulator.cli import main as cli_main
from simulator.scenario import checks_hash, content_hash, load_file, load_text
from simulator.scenario.json_schema import scenario_json_schema as scenario_schema
from tests.balance_runs import SCENARIOS

from .base import BASE
from .conftest import problems

CHECKS = """\
lesson_checks:
  - id: memory
    lesson: 1
    question: {ru: "Что будет с клиентом без контакта?", en: "What happens to a client left alone?"}
    choices:
      - {ru: "Останется", en: "Stays"}
      - {ru: "Забудет нас", en: "Forgets us"}
    right: 1
"""
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


def validate(tmp_path, capsys, text: str) -> tuple[int, list[tuple[int, int, str]]]:
    path = tmp_path / "lab.yaml"
    path.write_text(text, encoding="utf-8")
    code = cli_main(["validate", "--no-play", str(path)])
    _, err = capsys.readouterr()
    found = [LINE.match(line) for line in problems(err)]
    return code, [(int(m["line"]), int(m["col"]), m["message"]) for m in found if m]


def test_a_scenario_with_lesson_checks_is_valid_and_pins_the_same_content(tmp_path, capsys):
    code, found = validate(tmp_path, capsys, BASE + CHECKS)
    assert (code, found) == (0, [])
    with_checks, without = load_text(BASE + CHECKS, "lab.yaml"), load_text(BASE, "lab.yaml")
    assert content_hash(with_checks) == content_hash(without)       # asked around the game, not part of it
    assert checks_hash(with_checks) != checks_hash(without)
    assert with_checks.lesson_checks[0].choices[1].get("en") == "Forgets us"


def test_every_mistake_in_the_checks_is_reported_at_once_where_it_is(tmp_path, capsys):
    broken = (CHECKS.replace("right: 1", "right: 3").replace("lesson: 1", "lesson: 9")
              .replace("    question:", "    questoin:")
              + CHECKS.split("\n", 1)[1])                            # the same id again
    text = BASE + broken
    code, found = validate(tmp_path, capsys, text)
    assert code == 2
    messages = " | ".join(m for _, _, m in found)
    assert "did you mean `question`?" in messages
    assert "lesson" in messages and "9" in messages
    assert "duplicate id `memory` in lesson_checks" in messages
    assert "`right` is 3, but there are only 2 choices" in messages
    lines = text.splitlines()
    for line, col, message in found:   # each points into the checks section, at the key or value it names
        assert line > len(BASE.splitlines()), message
        assert 1 <= col <= len(lines[line - 1]) + 1


def test_right_must_name_one_of_the_choices(tmp_path, capsys):
    code, found = validate(tmp_path, capsys, BASE + CHECKS.replace("right: 1", "right: 2"))
    assert code == 2
    assert any("only 2 choices" in m for _, _, m in found), found


def test_the_json_schema_knows_the_checks():
    schema = scenario_schema()
    shipped = load_file(SCENARIOS / "certification.yaml")
    jsonschema.validate(shipped.model_dump(mode="json", by_alias=True), schema)
    assert "lesson_checks" in schema["properties"]
    bad = shipped.model_dump(mode="json", by_alias=True)
    bad["lesson_checks"][0]["answer"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


@pytest.mark.parametrize("scenario_id", ["certification", "tax-law"])
def test_two_shipped_scenarios_carry_checks_in_both_languages(scenario_id):
    scenario = load_file(SCENARIOS / f"{scenario_id}.yaml")
    assert len(scenario.lesson_checks) >= 3
    assert len({c.lesson for c in scenario.lesson_checks}) >= 2
    for check in scenario.lesson_checks:
        assert set(check.question.languages) >= {"ru", "en"}
        assert all(set(c.languages) >= {"ru", "en"} for c in check.choices)
        assert 0 <= check.right < len(check.choices)
