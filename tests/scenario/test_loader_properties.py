"""Whatever a trainer feeds the loader, it answers with a scenario or with located problems, never a crash."""
from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from simulator.scenario import Scenario, ScenarioError, load_bytes, load_text
from simulator.scenario.json_schema import scenario_json_schema

from .base import BASE

SCHEMA = scenario_json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
BASE_DATA = yaml.safe_load(BASE)


def _field_names(schema: dict) -> list[str]:
    names: set[str] = set()
    for part in [schema, *schema.get("$defs", {}).values()]:
        names.update(part.get("properties", {}))
    return sorted(names)


FIELD_NAMES = _field_names(SCHEMA)
KNOWN_WORDS = FIELD_NAMES + ["gross_profit", "invoice", "net_profit", "retention", "certificate", "labelling",
                             "sell_retail", "manufacturers", "call", "ru", "en"]
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=12)
EXTREMES = [10**400, -(10**400), 2**63, -1, 0, 1e308, float("inf"), float("nan"), "", " ", "\u200b", True]
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from(EXTREMES)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(KNOWN_WORDS)
)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(keys, children, max_size=6),
    max_leaves=40,
)
YAML_BITS = ["id: x\n", "turns: ", "products:\n", "- ", "  ", "\t", ": ", "[", "]", "{", "}", ", ", "&a ", "*a",
             "!!python/object/apply:os.system ", "!tag ", "<<: ", "'", '"', "\\ud800", "#", "\n", "---\n", "? ",
             "|\n", ">-\n", "1e400", ".nan", "yes", "~", "\u200b", "ключ", "😀", "%YAML 1.1\n", "\r", "\x85"]


def _check_outcome(load, source: str | bytes) -> Scenario | None:
    """Run ``load``; it must return a Scenario or raise ScenarioError whose problems are located and printable."""
    try:
        result = load()
    except ScenarioError as exc:
        text = source if isinstance(source, str) else source.decode("utf-8", "replace")
        lines = len(LINE_BREAK.split(text))
        assert exc.problems, "a ScenarioError must carry at least one problem"
        for problem in exc.problems:
            assert 1 <= problem.line <= lines, (problem, lines)
            assert problem.column >= 1, problem
            assert problem.message.strip(), problem
        exc.format().encode("utf-8")  # printable on any UTF-8 terminal: no lone surrogates
        return None
    assert isinstance(result, Scenario)
    return result


def _editor_accepts(text: str) -> None:
    """What the game accepts, an editor checking against the JSON Schema must accept too (no false alarms)."""
    VALIDATOR.validate(json.loads(json.dumps(yaml.safe_load(text))))


def _all_paths(node: object, path: tuple = ()) -> list[tuple]:
    paths = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            paths += _all_paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            paths += _all_paths(value, path + (i,))
    return paths


BASE_PATHS = _all_paths(BASE_DATA)[1:]


def _mutate(doc: dict, path: tuple, action: str, new: object, key: str) -> None:
    """Apply one edit at ``path`` in place; an edit whose path an earlier edit removed is skipped."""
    parent = doc
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if not isinstance(parent, (dict, list)) or (isinstance(parent, dict) and last not in parent) \
            or (isinstance(parent, list) and not (isinstance(last, int) and last < len(parent))):
        return
    if action == "replace":
        parent[last] = new
    elif action == "delete":
        del parent[last]
    elif action == "add_key" and isinstance(parent, dict):
        parent[key] = new
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))


edits = st.tuples(
    st.sampled_from(BASE_PATHS),
    st.sampled_from(["replace", "replace", "delete", "add_key", "duplicate"]),
    scalars | documents,
    keys,
)


def _dump(doc: object, unicode: bool) -> str:
    return yaml.safe_dump(doc, allow_unicode=unicode, sort_keys=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=8), st.booleans())
def test_a_mutated_scenario_loads_or_is_refused_cleanly(changes, unicode):
    doc = copy.deepcopy(BASE_DATA)
    for change in changes:
        _mutate(doc, *change)
    text = _dump(doc, unicode)
    if _check_outcome(lambda: load_text(text, "mutated.yaml"), text) is not None:
        _editor_accepts(text)


@settings(max_examples=150, deadline=None)
@given(documents, st.booleans())
def test_any_yaml_document_loads_or_is_refused_cleanly(doc, unicode):
    text = _dump(doc, unicode)
    _check_outcome(lambda: load_text(text, "random.yaml"), text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=5), max_size=30).map("".join))
def test_yaml_like_soup_loads_or_is_refused_cleanly(text):
    _check_outcome(lambda: load_text(text, "soup.yaml"), text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_is_refused_cleanly(text):
    _check_outcome(lambda: load_text(text, "text.yaml"), text)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.binary(max_size=60).map(lambda junk: BASE.encode("utf-8")[:400] + junk))
def test_any_bytes_load_or_are_refused_cleanly(raw):
    _check_outcome(lambda: load_bytes(raw, "bytes.yaml"), raw)


ODD_VALUES = [10**400, -1, 0.5, float("nan"), "", "\u200b", "ключ", None, [1, 2, 3], {"ru": "x"}]


@pytest.mark.slow  # every leaf of a scenario times ten odd values: tens of seconds
def test_every_value_replaced_by_an_odd_one_loads_or_is_refused_cleanly():
    """An exhaustive sweep: each single value of the scenario, in turn, replaced by each odd value."""
    leaves = [path for path in BASE_PATHS if not isinstance(_at(BASE_DATA, path), (dict, list))]
    assert len(leaves) > 50
    refused = 0
    for path in leaves:
        for odd in ODD_VALUES:
            doc = copy.deepcopy(BASE_DATA)
            _mutate(doc, path, "replace", odd, "")
            text = _dump(doc, True)
            if _check_outcome(lambda: load_text(text, "odd.yaml"), text) is None:  # noqa: B023  (called at once)
                refused += 1
            else:
                _editor_accepts(text)
    assert refused > len(leaves)  # most odd values are mistakes the loader must catch


def _at(node: object, path: tuple) -> object:
    for part in path:
        node = node[part]
    return node
