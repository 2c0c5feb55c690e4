"""One language is enough: a trainer writes a scenario in Russian only (or English only) without a fight."""
from __future__ import annotations

import json
import re

import jsonschema
import yaml

from simulator.engine import Game
from simulator.scenario import content_hash, load_file, load_text
from simulator.scenario.schema import Scenario

from .base import BASE, edit
from .conftest import ROOT, problems, run_main

RUSSIAN_ONLY = ROOT / "tests" / "data" / "russian-only" / "prodleniya.yaml"


def english_only() -> str:
    """The test scenario with every Russian text removed."""
    text = re.sub(r'ru: "[^"]*", ', "", BASE)
    text = re.sub(r'\n  ru: "[^"]*"', "", text)
    assert "ru:" not in text
    return text


def test_a_russian_only_scenario_validates_without_a_word_about_english():
    result = run_main("validate", str(RUSSIAN_ONLY))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"ok: {RUSSIAN_ONLY}: id=prodleniya ")
    assert "en" not in re.findall(r"`(\w+)`", result.stderr)


def test_an_english_only_scenario_loads_too(tmp_path):
    scenario = load_text(english_only())
    assert scenario.languages() == ("en",)
    assert scenario.title.get("ru") == "Lab"


def test_a_text_in_one_language_shows_as_written_whatever_the_interface_language():
    scenario = load_file(RUSSIAN_ONLY)
    assert scenario.languages() == ("ru",)
    assert scenario.title.get("en") == scenario.title.get("ru") == "Продления"
    game = Game(scenario, seed=1)
    assert game.clients.name(0, "en") == game.clients.name(0, "ru") == "ООО «Ромашка»"


def test_the_scenario_lists_the_languages_every_text_is_in():
    assert load_text(BASE).languages() == ("ru", "en")
    partly = edit('title: {ru: "Лаборатория", en: "Lab"}', 'title: {ru: "Лаборатория"}')
    assert load_text(partly).languages() == ("ru",)


def test_languages_option_reports_each_missing_language_once_with_count_and_places():
    result = run_main("validate", "--no-play", "--languages", "ru,en", str(RUSSIAN_ONLY))
    assert result.returncode == 2
    lines = problems(result.stderr)
    assert len(lines) == 1, result.stderr
    line = lines[0]
    texts = len(list(load_file(RUSSIAN_ONLY).texts()))
    assert f":3:1: {texts} texts have no English (`en`), which --languages asks for: title (line 3)" in line
    name_line = RUSSIAN_ONLY.read_text(encoding="utf-8").splitlines().index('    name: {ru: "Годовой договор"}') + 1
    assert f"products[contract].name (line {name_line})" in line and f"and {texts - 8} more" in line
    assert result.stdout == ""


def test_languages_option_passes_a_bilingual_file_and_refuses_an_unknown_language(tmp_path):
    path = tmp_path / "lab.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert run_main("validate", "--no-play", "--languages", "ru,en", str(path)).returncode == 0
    assert run_main("validate", "--no-play", "--languages", "ru", str(RUSSIAN_ONLY)).returncode == 0
    bad = run_main("validate", "--languages", "de", str(path))
    assert bad.returncode == 2 and "expected languages from ru, en" in bad.stderr and "Traceback" not in bad.stderr


def test_a_one_language_scenario_survives_the_leaderboard_round_trip():
    scenario = load_file(RUSSIAN_ONLY)
    dumped = json.loads(json.dumps(scenario.model_dump(mode="json", by_alias=True)))
    assert dumped["title"] == {"ru": "Продления"}
    again = Scenario.model_validate(dumped)
    assert again == scenario and content_hash(again) == content_hash(scenario)


def test_the_json_schema_accepts_one_language_and_refuses_none():
    schema = json.loads(run_main("schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(yaml.safe_load(RUSSIAN_ONLY.read_text(encoding="utf-8")))
    data = yaml.safe_load(BASE)
    data["title"] = {}
    assert not validator.is_valid(data)


def test_a_fixed_price_needs_only_its_default():
    scenario = load_text(edit("{min: 0.3, max: 0.3, default: 0.3, fixed: true}", "{fixed: true, default: 0.3}"))
    band = scenario.products[1].markup
    assert (band.min, band.max, band.start, band.fixed) == (0.3, 0.3, 0.3, True)
    schema = json.loads(run_main("schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    data = yaml.safe_load(BASE)
    data["products"][1]["markup"] = {"fixed": True, "default": 0.3}
    validator.validate(data)
    data["products"][1]["markup"] = {"default": 0.3}
    assert not validator.is_valid(data), "a free markup still needs its floor and ceiling"


def test_a_free_markup_without_its_band_is_still_asked_for_min_and_max(tmp_path):
    path = tmp_path / "free.yaml"
    path.write_text(edit("{min: 0.2, max: 1.0, default: 0.5}", "{default: 0.5}"), encoding="utf-8")
    lines = problems(run_main("validate", "--no-play", str(path)).stderr)
    assert len(lines) == 2 and all("missing required key" in line for line in lines)


def test_the_guide_shows_a_russian_only_example_that_validates(tmp_path):
    guide = (ROOT / "docs" / "scenario-authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.S)
    russian = [b for b in blocks if "ru:" in b and "en:" not in b and "scoring:" in b]
    assert russian, "the guide has no complete Russian-only example"
    path = tmp_path / "example.yaml"
    path.write_text(russian[0], encoding="utf-8")
    assert load_file(path).languages() == ("ru",)
