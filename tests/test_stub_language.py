"""A third language is a catalogue and a scenario translation, nothing else (docs/languages.md).

The stub is German with a handful of keys, in a folder given through ``SALESDESK_LOCALE_DIR`` as a translator
would try a new catalogue: the rest of its texts read in English by the one fallback rule.
"""
from __future__ import annotations

import json

import pytest

from simulator.engine import Game
from simulator.locale import money_short, number, points
from simulator.locale.catalogue import text
from simulator.locale.languages import EXTRA_DIRS_VARIABLE, fallback_order, languages, resolve
from simulator.scenario import load_text
from tests.cli_run import run_main
from tests.scenario.base import BASE

STUB = {
    "common.language_name": "Deutsch",
    "common.millions": "{n}\u00a0Mio.",
    "menu.start": "Starten",
    "menu.facts": "{months} Monate · {clients} {clients:plural:Kunde|Kunden} · Schwierigkeit {difficulty}",
    "bot_summary.passive": "Standardaufschläge, keine Kontakte, keine Angebote",
}


@pytest.fixture
def german(tmp_path, monkeypatch):
    """The stub German catalogue, found through SALESDESK_LOCALE_DIR as a translator would try one."""
    folder = tmp_path / "locale"
    folder.mkdir()
    (folder / "de.json").write_text(json.dumps(STUB, ensure_ascii=False), encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")   # not a language code: not a language
    monkeypatch.setenv(EXTRA_DIRS_VARIABLE, str(folder))
    return folder


def test_the_fallback_rule_is_asked_for_then_english_then_any():
    assert fallback_order("de", ["ru", "en", "de"]) == ["de", "en", "ru"]
    assert fallback_order("de", ["ru", "en"]) == ["en", "ru"]
    assert fallback_order("de", ["ru"]) == ["ru"]
    assert fallback_order("en", ["ru"]) == ["ru"]
    assert fallback_order("ru", ["en", "ru"]) == ["ru", "en"]


def test_without_the_stub_the_game_speaks_the_shipped_languages_only(monkeypatch):
    monkeypatch.delenv(EXTRA_DIRS_VARIABLE, raising=False)
    assert languages() == ("ru", "en")
    assert resolve("de") == "en" and resolve(None) == "ru"   # an unknown language reads English, as a text does
    assert text("de", "menu.start") == text("en", "menu.start") == "Start"
    bad = run_main("strategies", "--lang", "de")
    assert bad.returncode == 2 and "invalid choice: 'de'" in bad.stderr


def test_a_catalogue_in_the_folder_is_a_language_and_missing_keys_read_english(german):
    assert languages() == ("ru", "de", "en")   # the default language first, then by code
    assert text("de", "menu.start") == "Starten"
    assert text("de", "menu.quit") == text("en", "menu.quit") == "Quit"   # not translated yet: English
    assert text("de", "no.such.key") == "<no.such.key>"
    assert text("fr", "menu.start") == "Start"                           # no catalogue at all: English


def test_the_stub_writes_numbers_and_plurals_the_german_way(german):
    assert "1 Kunde ·" in text("de", "menu.facts", months=12, clients=1, difficulty="*")
    assert "6.500 Kunden" in text("de", "menu.facts", months=12, clients=6500, difficulty="*")
    assert number(1234.5, "de", 1) == "1.234,5"
    assert money_short(4_100_000, "EUR", "de") == "4,1\u00a0Mio.\u00a0EUR"
    assert points(0.013, "de") == "+1,3\u00a0pt"          # the unit word falls back to English, the digits do not
    # a fallen-back text: English words and plural forms, numbers written the reader's way as everywhere else
    assert "6.496 loyalty points" in text("de", "takeaway.useful_touches", n=3, points=6496)
    assert "1 loyalty point" in text("de", "takeaway.useful_touches", n=3, points=1)


def test_the_cli_runs_in_the_stub_language(german):
    ran = run_main("strategies", "--lang", "de")
    assert ran.returncode == 0, ran.stderr
    lines = dict(line.split(None, 1) for line in ran.stdout.splitlines())
    assert lines["passive"] == STUB["bot_summary.passive"]
    assert lines["balanced"] == text("en", "bot_summary.balanced")


def test_a_scenario_translated_into_the_stub_language_plays_in_it(german, tmp_path):
    translated = BASE.replace('title: {ru: "Лаборатория", en: "Lab"}', 'title: {ru: "Лаборатория", en: "Lab", de: "Labor"}')
    scenario = load_text(translated)
    assert scenario.title.get("de") == "Labor" and scenario.title.get("ru") == "Лаборатория"
    assert scenario.briefing.get("de") == "A test market."   # not translated: English
    assert scenario.languages() == ("ru", "en")              # German is not in every text yet
    game = Game(scenario, seed=1)
    assert game.clients.name(0, "de") == game.clients.name(0, "en")
    path = tmp_path / "lab.yaml"
    path.write_text(translated, encoding="utf-8")
    ran = run_main("validate", "--no-play", "--languages", "de", str(path))
    assert ran.returncode == 2
    assert "texts have no German (`de`), which --languages asks for: briefing (line" in ran.stderr
    assert "title (line" not in ran.stderr


def test_a_text_keyed_by_something_else_than_a_language_code_is_refused_with_a_hint():
    wrong = BASE.replace('title: {ru: "Лаборатория", en: "Lab"}', 'title: {ru: "Лаборатория", eng: "Lab"}')
    ran_problems = _problems(wrong)
    assert any("`eng` is not a language code; did you mean `en`?" in p for p in ran_problems), ran_problems
    upper = BASE.replace('title: {ru: "Лаборатория", en: "Lab"}', 'title: {RU: "Лаборатория"}')
    assert any("`RU` is not a language code; did you mean `ru`?" in p for p in _problems(upper))


def _problems(yaml_text: str) -> list[str]:
    from simulator.scenario import ScenarioError
    try:
        load_text(yaml_text)
    except ScenarioError as exc:
        return [str(p) for p in exc.problems]
    raise AssertionError("the file loaded")
