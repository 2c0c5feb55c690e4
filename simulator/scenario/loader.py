"""Load a scenario file: safe YAML, schema validation, cross-checks, one error with every problem."""
from __future__ import annotations

import hashlib
import json
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import checks
from .errors import Problem, ScenarioError, did_you_mean
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
        data, positions = read(decode(raw))
    except SourceError as exc:
        raise ScenarioError(filename, exc.problems) from None
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise ScenarioError(filename, [Problem(1, 1, f"a scenario is a mapping of keys (`id: ...`, `title: ...`), not {kind}")])
    problems = [_problem(positions, path, message) for path, message in checks.check(data)]
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems += [_pydantic_problem(positions, error) for error in exc.errors()]
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
    line, col = positions.of(path)
    return Problem(line, col, message, path)


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _pydantic_problem(positions: Positions, error: dict) -> Problem:
    loc = tuple(error.get("loc", ()))
    kind = error.get("type", "")
    where = _dotted(loc)
    if kind == "extra_forbidden":
        key = loc[-1] if loc else "?"
        allowed = _fields_at(loc[:-1])
        return _problem(positions, loc, f"unknown key `{key}` in {_dotted(loc[:-1])}; {did_you_mean(str(key), allowed)}")
    if kind == "missing":
        line, col = positions.of_value(loc[:-1])
        return Problem(line, col, f"missing required key `{loc[-1]}` in {_dotted(loc[:-1])}", loc)
    line, col = positions.of_value(loc)
    message = error.get("msg", "invalid value")
    if kind == "literal_error":
        ctx = error.get("ctx", {})
        expected = ctx.get("expected", "")
        given = error.get("input")
        hint = did_you_mean(str(given), [e.strip(" '\"") for e in expected.replace(" or ", ",").split(",") if e.strip()])
        message = f"`{given}` is not allowed; {hint}"
    elif kind == "string_pattern_mismatch":
        message = "an id may hold only Latin letters, digits, '_', '-' and '.', and must start with a letter or digit"
    elif kind in {"model_type", "dict_type"}:
        message = f"expected a mapping of keys here, got {type(error.get('input')).__name__}"
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    return Problem(line, col, f"{where}: {message}", loc)


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
