"""pydantic's validation errors turned into located problems: position, readable place, plain advice.

pydantic names a place as ``('products', 0, 'markup', 'min')``; a trainer
reads ``products[certificate].markup.min`` at line 27, column 12. A mistyped
key that pydantic reports twice (unknown `market_prise`, missing
`market_price`) becomes one problem with the suggestion.
"""
from __future__ import annotations

import types
import typing

from pydantic import BaseModel

from .errors import Problem, closest, did_you_mean, shown
from .messages import explain
from .schema import Scenario
from .yaml_source import Positions


def pydantic_problems(errors: list[dict], positions: Positions, data: dict) -> list[Problem]:
    """One located problem per pydantic error, a misspelt required key reported once."""
    missing = {tuple(e["loc"]) for e in errors if e.get("type") == "missing"}
    fixes: dict[tuple, bool] = {}  # unknown key's loc -> its suggestion is a missing required key
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if error.get("type") == "extra_forbidden" and loc:
            guess = closest(str(loc[-1]), _fields_at(loc[:-1]))
            fixes[loc] = guess is not None and loc[:-1] + (guess,) in missing
    explained = {loc[:-1] + (closest(str(loc[-1]), _fields_at(loc[:-1])),) for loc, fixed in fixes.items() if fixed}
    return [
        _problem(positions, data, error, fixes.get(tuple(error.get("loc", ())), False))
        for error in errors
        if not (error.get("type") == "missing" and tuple(error["loc"]) in explained)
    ]


def _problem(positions: Positions, data: dict, error: dict, fixes_missing: bool) -> Problem:
    loc = tuple(error.get("loc", ()))
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        hint = did_you_mean(key, _fields_at(loc[:-1]))
        if fixes_missing:
            hint += " (it is required)"
        if not key.isascii():
            hint += "; keys are English words"
        line, col = positions.of(loc)
        return Problem(line, col, f"unknown key `{shown(key)}` in {_where(data, loc[:-1])}; {hint}", loc)
    if kind == "missing":
        line, col = positions.of_value(loc[:-1])
        about = _description(loc)
        about = f": {about[:1].lower()}{about[1:]}" if about[1:2].islower() else f": {about}" if about else ""
        return Problem(line, col, f"missing required key `{loc[-1]}` in {_where(data, loc[:-1])}{about}", loc)
    value_path = loc[:-1] if loc[-1:] == ("[key]",) else loc
    line, col = positions.of_value(loc)
    message = explain(error, positions.scalars.get(value_path))
    return Problem(line, col, f"{_where(data, loc)}: {message}", loc)


def _where(data: object, loc: tuple) -> str:
    """A location a trainer can read: ``products[certificate].cost``, ``scoring.items[#2].kpi``."""
    out, node = "", data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{shown(ident, 30)}]" if isinstance(ident, str) and ident else f"[#{part + 1}]"
            node = item
        elif part == "[key]":
            out += " (key)"
        else:
            out += f".{shown(part, 30)}" if out else shown(part, 30)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "the file"


def _description(loc: tuple) -> str:
    """The first clause of the schema's description of the field at ``loc``, for a missing key."""
    model = _model_at(loc[:-1])
    if model is None or not loc:
        return ""
    field = _field(model, str(loc[-1]))
    text = (field.description or "") if field is not None else ""
    return text.split(";")[0].split(". ")[0].rstrip(".")


def _fields_at(loc: tuple) -> list[str]:
    """Names of the keys allowed at ``loc`` in the schema (for 'did you mean')."""
    model = _model_at(loc)
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _field(model: type[BaseModel], key: str):
    return model.model_fields.get(key) or next((f for f in model.model_fields.values() if f.alias == key), None)


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The schema model that describes the mapping at ``loc``, if any."""
    tp: object = Scenario
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, int):
            args = typing.get_args(tp)
            tp = args[0] if args else tp
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            field = _field(tp, str(part))
            if field is None:
                return None
            tp = field.annotation
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _unwrap(tp: object) -> object:
    """Strip Optional and Annotated wrappers from a type."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp
