"""Load a scenario file: safe YAML, schema validation, cross-checks, one error with every problem."""
from __future__ import annotations

import hashlib
import json
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import checks
from .errors import Problem, ScenarioError, did_you_mean, shown
from .messages import explain, given
from .schema import Scenario
from .yaml_source import Positions, SourceError, decode, read


def load_file(path: str | Path) -> Scenario:
    """Read and validate the scenario at ``path``; raises :class:`ScenarioError` listing every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise ScenarioError(str(path), [Problem(1, 1, "is a folder, not a scenario file")]) from None
    except FileNotFoundError:
        raise ScenarioError(str(path), [Problem(1, 1, "no such file")]) from None
    except OSError as exc:
        raise ScenarioError(str(path), [Problem(1, 1, f"cannot read the file: {exc.strerror or exc}")]) from None
    return load_bytes(raw, str(path))


def load_text(text: str, filename: str = "<scenario>") -> Scenario:
    """Validate a scenario given as YAML text."""
    return load_bytes(text.encode("utf-8", errors="surrogatepass"), filename)


def load_bytes(raw: bytes, filename: str = "<scenario>") -> Scenario:
    """Validate a scenario given as the bytes of a YAML file."""
    try:
        data, positions, source_problems = read(decode(raw))
    except SourceError as exc:
        raise ScenarioError(filename, exc.problems) from None
    if not isinstance(data, dict):
        raise ScenarioError(filename, source_problems + [Problem(
            1, 1, f"a scenario is a mapping of keys (`id: ...`, `title: ...`), but this file holds {given(data, None)}")])
    problems = [_problem(positions, path, message) for path, message in checks.check(data)]
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems += [_pydantic_problem(positions, data, error) for error in exc.errors()]
    # A value the reader already refused or repaired would only echo here as a type error.
    spoiled = [p.path for p in source_problems]
    problems = source_problems + [p for p in problems if not any(p.path[: len(s)] == s for s in spoiled)]
    if problems:
        raise ScenarioError(filename, _unique(problems))
    assert scenario is not None
    return scenario


def content_hash(scenario: Scenario) -> str:
    """A short hash of the scenario's validated content; replays pin it."""
    canonical = json.dumps(scenario.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, result = set(), []
    for p in problems:
        key = (p.line, p.column, p.message)
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


def _problem(positions: Positions, path: tuple, message: str) -> Problem:
    """A cross-check's problem: at the key for ``(..., key, "[key]")``, at a single value, else at the key."""
    if path[-1:] == ("[key]",):
        path = path[:-1]
        line, col = positions.keys.get(path) or positions.of(path)
    elif path in positions.scalars:
        line, col = positions.of_value(path)
    else:
        line, col = positions.of(path)
    return Problem(line, col, message, path)


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


def _pydantic_problem(positions: Positions, data: dict, error: dict) -> Problem:
    loc = tuple(error.get("loc", ()))
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        hint = did_you_mean(key, _fields_at(loc[:-1]))
        if not key.isascii():
            hint += "; keys are English words"
        line, col = positions.of(loc)
        return Problem(line, col, f"unknown key `{shown(key)}` in {_where(data, loc[:-1])}; {hint}", loc)
    if kind == "missing":
        line, col = positions.of_value(loc[:-1])
        return Problem(line, col, f"missing required key `{loc[-1]}` in {_where(data, loc[:-1])}", loc)
    value_path = loc[:-1] if loc[-1:] == ("[key]",) else loc
    line, col = positions.of_value(loc)
    message = explain(error, positions.scalars.get(value_path))
    return Problem(line, col, f"{_where(data, loc)}: {message}", loc)


def _fields_at(loc: tuple) -> list[str]:
    """Names of the keys allowed at ``loc`` in the schema (for 'did you mean')."""
    model: object = Scenario
    for part in loc:
        model = _unwrap(model)
        if isinstance(part, int):
            args = typing.get_args(model)
            model = args[0] if args else model
            continue
        if isinstance(model, type) and issubclass(model, BaseModel):
            field = model.model_fields.get(part) or next(
                (f for f in model.model_fields.values() if f.alias == part), None
            )
            if field is None:
                return []
            model = field.annotation
        elif typing.get_origin(model) is dict:
            model = typing.get_args(model)[1]
        else:
            return []
    model = _unwrap(model)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [f.alias or name for name, f in model.model_fields.items()]
    return []


def _unwrap(tp: object) -> object:
    """Strip Optional and Annotated wrappers from a type."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp
