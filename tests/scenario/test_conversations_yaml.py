"""A trainer's `conversations:` section: one language is enough, and a broken one gets every problem at once."""
from __future__ import annotations

import pytest

from simulator.engine import Game
from simulator.scenario import ScenarioError, load_text

RU_ONLY = """\
id: my-talks
title: {ru: "Мои разговоры"}
briefing: {ru: "Спрашивайте о прошлом."}
turns: 2
jobs:
  - {id: payroll, name: {ru: "Зарплата без авралов"}}
products:
  - {id: soft, name: {ru: "Программа"}, cost: 100, markup: {min: 0.1, max: 0.5}, market_price: 130, jobs: [payroll]}
touch_types:
  - {id: call, name: {ru: "Звонок"}}
segments:
  - {id: smb, name: {ru: "Малый бизнес"}, count: 6, needs: {payroll: [0.4, 0.9]}, hidden: 1.0}
conversations:
  questions:
    - {id: today, kind: situation, text: {ru: "Как вы сейчас считаете зарплату?"}}
    - {id: last, kind: happened, text: {ru: "Что случилось в последний раз?"}}
    - {id: would, kind: hypothetical, job: payroll, text: {ru: "Купили бы вы модуль?"}}
    - {id: ours, kind: product, product: soft, text: {ru: "Расскажу о нашей программе."}}
  archetypes:
    - id: rush
      name: {ru: "Аврал"}
      segments: [smb]
      job: payroll
      answers:
        situation: {ru: "В таблице, два дня в месяц."}
        happened: {ru: "Ошиблись с премиями."}
        tried: {ru: "Пробовали другую программу."}
        push: {ru: "Штат растёт."}
        held_back: {ru: "Страшно переносить данные."}
scoring:
  items: [{kpi: revenue, weight: 1, target: 100}]
"""

BROKEN = RU_ONLY.replace("  questions:", "  lenght: 4\n  questions:") \
    .replace("kind: situation", "kind: situaton") \
    .replace("kind: hypothetical, job: payroll", "kind: hypothetical") \
    .replace("product: soft", "product: sofft") \
    .replace("segments: [smb]", "segments: [smbb]") \
    .replace("job: payroll\n      answers", "job: payrol\n      answers") \
    .replace("        held_back: {ru: \"Страшно переносить данные.\"}\n", "")


def test_a_conversation_in_one_language_validates_and_plays():
    scenario = load_text(RU_ONLY, "my-talks.yaml")
    assert scenario.languages() == ("ru",)
    game = Game(scenario, 1)
    conv = game.open_conversation(0, "call")
    conv = conv.ask(conv.menu[0].id)
    assert conv.answers[0].said("ru") and conv.answers[0].said("en")   # English reader: the fallback rule


def test_a_broken_conversation_gets_every_problem_at_once():
    with pytest.raises(ScenarioError) as caught:
        load_text(BROKEN, "my-talks.yaml")
    found = caught.value.problems
    lines = BROKEN.splitlines()
    said = {(lines[p.line - 1].strip(), p.message) for p in found}
    expected = ["`lenght`", "`situaton`", "names the job it suggests", "unknown product `sofft`; did you mean `soft`",
                "unknown segment `smbb`; did you mean `smb`", "unknown job `payrol`; did you mean `payroll`",
                "`held_back`"]
    for part in expected:
        assert any(part in message for _, message in said), (part, said)
    assert len(found) == len(expected)
    assert all(p.line > 0 and p.column > 0 for p in found)


def test_the_archetype_a_client_belongs_to_is_one():
    twice = RU_ONLY.replace("""    - id: rush""", """    - id: calm
      name: {ru: "Спокойные"}
      segments: [smb]
      job: payroll
      answers:
        situation: {ru: "а"}
        happened: {ru: "б"}
        tried: {ru: "в"}
        push: {ru: "г"}
        held_back: {ru: "д"}
    - id: rush""")
    with pytest.raises(ScenarioError, match="already belongs to archetype `calm`"):
        load_text(twice, "twice.yaml")


def test_the_guides_conversation_example_validates_in_english_only_and_plays():
    import re
    from pathlib import Path

    from simulator.strategies import STRATEGIES, play

    guide = (Path(__file__).resolve().parents[2] / "docs" / "scenario-authoring.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", guide, flags=re.S) if "conversations:" in b)
    scenario = load_text(block, "guide-example.yaml")
    assert scenario.languages() == ("en",) and scenario.conversations is not None
    game = play(scenario, 1, STRATEGIES["balanced"])
    assert any(plan.conversations for plan in game.plans)
