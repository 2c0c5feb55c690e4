"""The field reference of the scenario format, generated from the schema.

Every section of the scenario file is a pydantic model in
:mod:`simulator.scenario.schema`; every key there carries a description.
This module walks the models reachable from :class:`Scenario` and renders a
Markdown reference (one table a section: key, what it holds, default,
meaning) for ``docs/scenario-authoring.md``, so the guide is written from the
code and a test can tell when the two drift apart.

    python -m simulator.scenario.docgen      # print the reference

The guide holds the output between the lines ``<!-- fields:begin -->`` and
``<!-- fields:end -->``. Pure: no files, it only builds text.
"""
from __future__ import annotations

import types
import typing
from dataclasses import dataclass

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..locale.languages import LOCALE_DIR, english_name, languages
from .schema import Scenario, Text

BEGIN, END = "<!-- fields:begin -->", "<!-- fields:end -->"


@dataclass(frozen=True)
class Section:
    """One model of the format and the places in a file where it appears."""

    model: type[BaseModel]
    paths: tuple[str, ...]


def anchor(model: type[BaseModel]) -> str:
    """The HTML anchor of a model's section in the guide."""
    return f"field-{model.__name__.lower()}"


def key(name: str, field: FieldInfo) -> str:
    """The key as written in YAML (the alias when there is one)."""
    return field.alias or name


def sections() -> list[Section]:
    """Every model reachable from Scenario, in the order a file reads, with where each appears."""
    order: list[type[BaseModel]] = []
    paths: dict[type[BaseModel], list[str]] = {}

    def visit(model: type[BaseModel], path: str) -> None:
        if model not in paths:
            order.append(model)
            paths[model] = []
        if path not in paths[model]:
            paths[model].append(path)
        if model is Text:
            return
        for name, field in model.model_fields.items():
            for child, suffix in _models_in(field.annotation):
                visit(child, f"{path}.{key(name, field)}{suffix}" if path else f"{key(name, field)}{suffix}")

    visit(Scenario, "")
    # Text goes last: it is a small building block used everywhere.
    order.sort(key=lambda m: m is Text)
    return [Section(m, tuple(paths[m])) for m in order]


def _models_in(tp: object, suffix: str = "") -> list[tuple[type[BaseModel], str]]:
    """Models inside an annotation, with the path suffix that reaches them ('[]' for list items, '.<id>' for maps)."""
    tp = _strip(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [(tp, suffix)]
    origin = typing.get_origin(tp)
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if origin in (list, tuple):
        return [m for a in args for m in _models_in(a, suffix + "[]")]
    if origin is dict:
        return list(_models_in(args[1], suffix + ".<id>"))
    if origin in (typing.Union, types.UnionType):
        return [m for a in args for m in _models_in(a, suffix)]
    return []


def _strip(tp: object) -> object:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _metadata(tp: object) -> list:
    """Constraints attached through Annotated (and FieldInfo inside it)."""
    found = []
    while typing.get_origin(tp) is typing.Annotated:
        args = typing.get_args(tp)
        for extra in args[1:]:
            found += extra.metadata if isinstance(extra, FieldInfo) else [extra]
        tp = args[0]
    return found


def _is_id(tp: object, metadata: list) -> bool:
    return _strip(tp) is str and any(getattr(m, "pattern", None) for m in metadata + _metadata(tp))


def _number(value: float) -> str:
    if value >= 1e12:
        return "10¹²"
    return f"{value:,.0f}".replace(",", " ") if float(value).is_integer() else f"{value:g}"


def _limits(metadata: list[object]) -> str:
    low: typing.Any = None
    high: typing.Any = None
    low_open = high_open = False
    for m in metadata:
        if isinstance(m, annotated_types.Ge):
            low = m.ge
        elif isinstance(m, annotated_types.Gt):
            low, low_open = m.gt, True
        elif isinstance(m, annotated_types.Le):
            high = m.le
        elif isinstance(m, annotated_types.Lt):
            high, high_open = m.lt, True
    if low is not None and high is not None:
        return f", {'above ' if low_open else ''}{_number(low)} to {_number(high)}"
    if low is not None:
        return f", {'above' if low_open else 'at least'} {_number(low)}"
    if high is not None:
        return f", {'below' if high_open else 'at most'} {_number(high)}"
    return ""


def describe_type(tp: object, metadata: list | None = None) -> str:
    """What a key holds, in words a trainer reads."""
    metadata = list(metadata or []) + _metadata(tp)
    if _is_id(tp, metadata):
        return "id"
    base = _strip(tp)
    origin = typing.get_origin(base)
    args = [a for a in typing.get_args(base) if a is not type(None)]
    if isinstance(base, type) and issubclass(base, BaseModel):
        if base is Text:
            return "text by language (`ru`, `en`, …)"
        return f"section, see [{_title(base)}](#{anchor(base)})"
    if origin in (typing.Union, types.UnionType):
        return describe_type(args[0], metadata) if len(args) == 1 else " or ".join(describe_type(a) for a in args)
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in typing.get_args(base))
    if origin is list:
        return f"list of: {describe_type(args[0])}"
    if origin is tuple:
        return "range `[low, high]`"
    if origin is dict:
        return f"mapping {describe_type(args[0])} → {describe_type(args[1])}"
    words = {bool: "true / false", int: "whole number", float: "number", str: "text"}.get(base, str(base))  # type: ignore[call-overload]
    return words + _limits(metadata)


def _title(model: type[BaseModel]) -> str:
    return TITLES.get(model.__name__, model.__name__)


TITLES = {
    "Scenario": "The top level",
    "Desk": "desk",
    "Compensation": "compensation",
    "Tier": "compensation.tiers",
    "Plan": "compensation.plan",
    "BonusCorridor": "compensation.bonus_corridor",
    "Model": "model (market knobs)",
    "Job": "jobs",
    "Product": "products",
    "Markup": "products[].markup",
    "TouchType": "touch_types",
    "Segment": "segments",
    "NamedClient": "clients",
    "Event": "events",
    "Scoring": "scoring",
    "ScoreItem": "scoring.items",
    "LessonCheck": "lesson_checks",
    "Text": "Texts: one language or several",
}


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        made = field.default_factory()  # type: ignore[call-arg]  # (no factory here takes the validated data)
        if isinstance(made, BaseModel):
            return "its defaults"
        return "empty"
    value = field.default
    if value is None or value is PydanticUndefined:
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, tuple):
        return "`[" + ", ".join(_number(v) for v in value) + "]`"
    if isinstance(value, (int, float)):
        return f"`{_number(value)}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def reference_markdown() -> str:
    """The whole field reference as Markdown, one section a model."""
    out = [BEGIN, "", "<!-- Generated by `python -m simulator.scenario.docgen`; edit the schema, not this block. -->", ""]
    for section in sections():
        model = section.model
        where = ", ".join(f"`{p}`" for p in section.paths if p) or "the file itself"
        out += [f'<a id="{anchor(model)}"></a>', f"### {_title(model)}", ""]
        out += [_cell(model.__doc__ or ""), "", f"Where: {where}.", ""]
        out += ["| key | holds | default | meaning |", "|---|---|---|---|"]
        if model is Text:
            out += _text_rows()
        for name, field in (model.model_fields.items() if model is not Text else ()):
            holds = describe_type(field.annotation, field.metadata)
            out.append(f"| `{key(name, field)}` | {_cell(holds)} | {_default(field)} | {_cell(field.description or '')} |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def _text_rows() -> list[str]:
    """A text's keys: the languages the game ships catalogues for, then any other language code."""
    rows = [f"| `{code}` | text | — | The text in {english_name(code)}; leave it out for a text in other languages "
            f"only. |" for code in languages([LOCALE_DIR])]
    rows.append("| any other language code (`de`, `uk`, `pt_BR`, …) | text | — | The text in that language, for players "
                "who chose it (a language of the game is a catalogue; see `docs/languages.md`). |")
    return rows


def reference_in(guide: str) -> str | None:
    """The generated block as it stands in a guide's text (None when the markers are missing)."""
    start, end = guide.find(BEGIN), guide.find(END)
    if start < 0 or end < start:
        return None
    return guide[start:end + len(END)]


if __name__ == "__main__":
    print(reference_markdown())
