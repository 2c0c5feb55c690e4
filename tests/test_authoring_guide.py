"""The trainer's guide covers the whole scenario format, and what it teaches works.

The field list is walked from the schema here, independently of the guide's
generator, so a key the generator missed is caught too.
"""
from __future__ import annotations

import re
import typing
from pathlib import Path

import numpy as np
import pytest
from pydantic import BaseModel, RootModel

from simulator.cli.guide import economics_in, economics_markdown
from simulator.engine.economics import offer_rates, win_rates
from simulator.locale.languages import LOCALE_DIR, languages
from simulator.scenario import load_file, load_text
from simulator.scenario.docgen import BEGIN, END, anchor, reference_in, reference_markdown
from simulator.scenario.schema import Scenario
from simulator.strategies import STRATEGIES, play

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "scenario-authoring.md"


def models_reachable(model: type[BaseModel] = Scenario) -> list[type[BaseModel]]:
    """Every pydantic model a scenario file can contain, Scenario first."""
    found: list[type[BaseModel]] = []

    def inner(tp: object) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp not in found:
                found.append(tp)
                for field in tp.model_fields.values():
                    inner(field.annotation)
            return
        if typing.get_origin(tp) is typing.Annotated:
            inner(typing.get_args(tp)[0])
            return
        for arg in typing.get_args(tp):
            inner(arg)

    inner(model)
    return found


def keys_of(model: type[BaseModel]) -> list[str]:
    if issubclass(model, RootModel):   # a text: keyed by language code, the shipped languages documented by name
        return list(languages([LOCALE_DIR]))
    return [field.alias or name for name, field in model.model_fields.items()]


def missing_fields(guide: str) -> list[str]:
    """'Model.key' for every key of the format that the guide's section for that model does not document."""
    missing = []
    for model in models_reachable():
        start = guide.find(f'<a id="{anchor(model)}"></a>')
        if start < 0:
            missing += [f"{model.__name__}.{k} (no section)" for k in keys_of(model)]
            continue
        following = [i for i in (guide.find('<a id="field-', start + 1), guide.find(END, start)) if i > 0]
        section = guide[start:min(following) if following else len(guide)]
        missing += [f"{model.__name__}.{k}" for k in keys_of(model) if f"| `{k}` |" not in section]
    return missing


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_the_walk_covers_the_nested_sections():
    names = {m.__name__ for m in models_reachable()}
    assert {"Scenario", "Desk", "Compensation", "Tier", "Plan", "Model", "Product", "Markup", "TouchType",
            "Segment", "NamedClient", "Event", "Scoring", "ScoreItem", "Text", "Job"} <= names
    assert "from" in keys_of(next(m for m in models_reachable() if m.__name__ == "Tier"))  # by alias


def test_every_field_of_the_format_is_in_the_guide(guide):
    assert missing_fields(guide) == [], "document these keys: run `python -m simulator.cli.guide --write`"


def test_a_field_missing_from_the_guide_is_noticed(guide):
    without_cycle = re.sub(r"^\| `cycle_months` \|.*\n", "", guide, flags=re.M)
    without_section = guide.replace('<a id="field-markup"></a>', "")
    assert missing_fields(without_cycle) == ["Product.cycle_months"]
    assert "Markup.fixed (no section)" in missing_fields(without_section)


def test_the_reference_in_the_guide_matches_the_schema_descriptions(guide):
    block = reference_in(guide)
    assert block is not None, f"the guide lost its {BEGIN} ... {END} markers"
    assert block == reference_markdown(), (
        "the field reference in docs/scenario-authoring.md is out of date with the schema: run "
        "`python -m simulator.cli.guide --write`"
    )


def test_the_economics_tables_in_the_guide_match_the_engine(guide):
    block = economics_in(guide)
    assert block is not None, "the guide lost its economics markers"
    assert block == economics_markdown(), (
        "the economics tables in docs/scenario-authoring.md are out of date with the engine's rules: run "
        "`python -m simulator.cli.guide --write`")


def test_the_economics_tables_say_what_the_engine_does():
    # Win rates fall as the price rises and as sensitivity grows; no need, no sale.
    wins = win_rates([1.0, 3.0], [0.0, 0.1, 0.2], 0.15)
    assert (np.diff(wins, axis=1) < 0).all() and (wins[1, 1:] < wins[0, 1:]).all()
    assert wins[0, 0] == pytest.approx(0.7, abs=0.005)
    assert offer_rates([0.0])[0] <= 0.02 and offer_rates([0.9])[0] > 0.8
    assert offer_rates([0.9], known=False)[0] < offer_rates([0.9])[0] / 3


def test_every_key_documented_has_a_description():
    undescribed = [f"{m.__name__}.{name}" for m in models_reachable()
                   for name, field in m.model_fields.items() if not (field.description or "").strip()]
    assert undescribed == []


def yaml_blocks(guide: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", guide, flags=re.S)


def test_the_walk_through_scenario_is_valid_and_teaches_its_lesson(guide):
    blocks = yaml_blocks(guide)
    assert blocks, "the guide has no walk-through scenario"
    scenario = load_text(blocks[0], "walk-through")
    scores = {name: [play(scenario, seed, STRATEGIES[name]).result().score for seed in range(1, 6)]
              for name in ("balanced", "passive")}
    assert sum(scores["balanced"]) > sum(scores["passive"]) * 1.2, scores


def test_the_template_is_valid_as_it_stands_and_plays():
    scenario = load_file(ROOT / "scenarios" / "_template.yaml")
    assert scenario.clients and scenario.segments and scenario.events
    assert play(scenario, 1, STRATEGIES["balanced"]).result().score > 0


def test_the_guide_explains_the_commands_and_links_the_editor_setup(guide):
    for command in ("python main.py validate", "python main.py simulate", "python main.py balance",
                    "python main.py schema", "teaches its lesson", "NEEDS TUNING"):
        assert command in guide, command
    assert "(editor-setup.md)" in guide
    assert (ROOT / "docs" / "editor-setup.md").exists()
    assert "scenarios/_template.yaml" in guide


def test_the_guide_lists_every_strategy_and_kpi(guide):
    for name in STRATEGIES:
        assert f"| `{name}` |" in guide, name
    kpis = typing.get_args(Scenario.model_fields["scoring"].annotation.model_fields["items"].annotation)[0]
    for kpi in typing.get_args(kpis.model_fields["kpi"].annotation):
        assert f"`{kpi}`" in guide.split(BEGIN)[0], kpi  # explained in words, not only in the table
