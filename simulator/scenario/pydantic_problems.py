"""pydantic's validation errors turned into located problems: position, readable place, plain advice.

pydantic names a place as ``('products', 0, 'markup', 'min')``; a trainer
reads ``products[certificate].markup.min`` at line 27, column 12. A mistyped
key that pydantic reports twice (unknown `market_prise`, missing
`market_price`) becomes one problem with the suggestion.
"""
from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .errors import Problem, closest, did_you_mean, shown
from .messages import explain
from .schema import Scenario
from .yaml_source import Positions


def pydantic_problems(errors: Sequence[Mapping[str, Any]], positions: Positions, data: dict) -> list[Problem]:
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
        if not (error.get("type") == "missing" and (tuple(error["loc"]) in explained or _fixed_band(data, error["loc"])))
    ]


def _fixed_band(data: dict, loc: tuple) -> bool:
    """True for a missing `min`/`max` of a fixed markup: the cross-check already asks for its `default`."""
    if len(loc) != 4 or loc[0] != "products" or loc[2] != "markup" or loc[3] not in ("min", "max"):
        return False
    products = data.get("products")
    product = products[loc[1]] if isinstance(products, list) and isinstance(loc[1], int) and loc[1] < len(products) else None
    band = product.get("markup") if isinstance(product, dict) else None
    return isinstance(band, dict) and band.get("fixed") is True


def _problem(positions: Positions, data: dict, error: Mapping[str, Any], fixes_missing: bool) -> Problem:
    loc = tuple(error.get("loc", ()))
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        hint = did_you_mean(key, _fields_at(loc[:-1]))
        other = None if closest(key, _fields_at(loc[:-1])) else elsewhere(key, loc[:-1])
        if other is not None and other[2]:
            hint = f"did you mean `{other[0].rsplit('.', 1)[-1]}`? ({other[1]})"
        elif other is not None:
            hint = f"that is set elsewhere: `{other[0]}` ({other[1]}); {hint.replace('expected one of', 'the keys here are')}"
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


def _field(model: type[BaseModel], key: str) -> FieldInfo | None:
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


_WORD = re.compile(r"[a-z]+")


def _words(text: str) -> set[str]:
    """Lower-case words of ``text``, plurals folded ("thresholds" -> "threshold")."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in _WORD.findall(text.lower())}


def _first_sentence(text: str) -> str:
    return re.split(r"(?<!e\.g)\. |; ", text)[0]


def elsewhere(key: str, parent: tuple) -> tuple[str, str, bool] | None:
    """Where in the schema a key the trainer put at ``parent`` really lives, as ``(path, what it is)``.

    An unknown key often names a concept of another section: ``markup_floor`` in compensation is
    ``products[].markup.min``. A key is matched by its name (the same or nearly the same key in another
    section) or by its words, each found in the field's path, its name or the first sentence of its
    description (``markup_thresholds`` -> ``compensation.bonus_corridor``, a key of the same section).
    Returns (path, what it is, whether it is a key of the section ``parent`` itself); None when nothing
    fits well.
    """
    from .docgen import key as yaml_key, sections

    here = _model_at(parent)
    wanted = {w for w in _words(key.replace("_", " ").replace("-", " ")) if len(w) >= 3}
    best: tuple[float, str, str, bool] | None = None
    for section in sections():
        if section.model.__name__ == "Text":
            continue
        for path in section.paths:
            if path.split(".")[0].split("[")[0] == "team" and parent[:1] != ("team",):
                continue   # head-mode keys are no hint for a desk section's stray key
            for name, field in section.model.model_fields.items():
                sibling = section.model is here
                yaml_name = yaml_key(name, field)
                full = f"{path}.{yaml_name}" if path else yaml_name
                about = _first_sentence(field.description or "").rstrip(".")
                score = 0.0
                if sibling and len(wanted) == 1:
                    if wanted <= _words(" ".join(about.split()[:5])):
                        score = 2.5   # a word of a sibling's description: `thresholds` -> `bonus_corridor`
                elif sibling and len(wanted) < 2:
                    pass          # a sibling close by name is the ordinary "did you mean"
                elif yaml_name == key:
                    score = 10.0
                elif closest(key, [yaml_name]) and difflib_ratio(key, yaml_name) >= 0.85:
                    score = 8.0
                elif len(wanted) == 1 and about.lower().startswith(f"{key.lower()}:"):
                    score = 3.0   # "Floor: ...", "Ceiling: ..."
                elif len(wanted) == 1 and len(key) >= 5 and wanted <= _words(yaml_name.replace("_", " ")):
                    score = 2.0   # a word of a key elsewhere: `memory` -> `model.memory_months`
                elif len(wanted) >= 2:
                    in_path, in_about = _words(full), _words(about)
                    if wanted <= in_path | in_about:
                        score = 2.0 * len(wanted & in_path) + len(wanted & in_about) - 0.01 * len(in_about)
                if score > 0 and (best is None or score > best[0]):
                    short = about.split(": ")[0] if len(about) > 90 else about
                    best = (score, full, short[:1].lower() + short[1:], sibling)
    return best[1:] if best else None


def difflib_ratio(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()
