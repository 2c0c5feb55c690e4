"""Load a scenario file: safe YAML, schema validation, cross-checks, one error with every problem."""
from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from pathlib import Path

from pydantic import ValidationError

from . import checks
from .errors import Problem, ScenarioError
from .messages import given
from .pydantic_problems import pydantic_problems
from .reading import FileRefused, read_regular
from .schema import Scenario
from .yaml_source import MAX_BYTES, Positions, SourceError, decode, read


def load_file(path: str | Path) -> Scenario:
    """Read and validate the scenario at ``path``; raises :class:`ScenarioError` listing every problem."""
    return load_file_located(path)[0]


def load_file_located(path: str | Path) -> tuple[Scenario, Positions]:
    """Like :func:`load_file`, also returning where each key and value stands (for warnings at a line)."""
    path = Path(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except FileRefused as exc:
        text = str(exc).replace("the limit is", "a scenario may be at most")
        text += " (1 MiB)" if text.endswith("bytes") else ""
        raise ScenarioError(str(path), [Problem(1, 1, text)]) from None
    except IsADirectoryError:
        raise ScenarioError(str(path), [Problem(1, 1, "is a folder, not a scenario file")]) from None
    except FileNotFoundError:
        raise ScenarioError(str(path), [Problem(1, 1, "no such file")]) from None
    except OSError as exc:
        raise ScenarioError(str(path), [Problem(1, 1, f"cannot read the file: {exc.strerror or exc}")]) from None
    return _validated(raw, str(path))


def load_text(text: str, filename: str = "<scenario>") -> Scenario:
    """Validate a scenario given as YAML text."""
    return load_bytes(text.encode("utf-8", errors="surrogatepass"), filename)


def load_bytes(raw: bytes, filename: str = "<scenario>") -> Scenario:
    """Validate a scenario given as the bytes of a YAML file."""
    return _validated(raw, filename)[0]


# Files this process has validated, by their bytes' hash: the same bytes validate to the same scenario, so a file
# read again (every menu refresh, every test module that loads the shipped scenarios) is not parsed again. A file
# with problems is not kept (its error names the file it was read from). Bounded: the oldest goes first.
_VALIDATED: OrderedDict[bytes, tuple[Scenario, Positions]] = OrderedDict()
VALIDATED_KEPT = 64


def _validated(raw: bytes, filename: str) -> tuple[Scenario, Positions]:
    key = hashlib.sha256(raw).digest()
    kept = _VALIDATED.get(key)
    if kept is None:
        kept = _validated_anew(raw, filename)
        _VALIDATED[key] = kept
        if len(_VALIDATED) > VALIDATED_KEPT:
            _VALIDATED.popitem(last=False)
    else:
        _VALIDATED.move_to_end(key)
    scenario, positions = kept
    return scenario.model_copy(deep=True), positions   # a copy of the scenario: a caller's change stays its own


def _validated_anew(raw: bytes, filename: str) -> tuple[Scenario, Positions]:
    try:
        data, positions, source_problems = read(decode(raw))
    except SourceError as exc:
        raise ScenarioError(filename, exc.problems) from None
    if not isinstance(data, dict):
        raise ScenarioError(filename, source_problems + [Problem(
            1, 1, f"a scenario is a mapping of keys (`id: ...`, `title: ...`), but this file holds {given(data, None)}")])
    problems = [locate(positions, path, message) for path, message in checks.check(data)]
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems += pydantic_problems(exc.errors(), positions, data)
    # A value the reader already refused or repaired would only echo here as a type error.
    spoiled = [p.path for p in source_problems]
    problems = source_problems + [p for p in problems if not any(p.path[: len(s)] == s for s in spoiled)]
    if problems:
        raise ScenarioError(filename, _unique(problems))
    assert scenario is not None
    return scenario, positions


def content_hash(scenario: Scenario) -> str:
    """A short hash of the scenario's validated content; replays pin it. The lesson checks are left out: they are
    asked around the game and change nothing in it (a replay pins them apart, :func:`checks_hash`)."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude={"lesson_checks"})
    if data.get("conversations") is None:  # a scenario without conversations hashes as it did before they existed
        data.pop("conversations", None)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def checks_hash(scenario: Scenario) -> str:
    """A short hash of the scenario's lesson checks (what a replay's answers to them were given against)."""
    data = [check.model_dump(mode="json") for check in scenario.lesson_checks]
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, result = set(), []
    for p in problems:
        key = (p.line, p.column, p.message)
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


def locate(positions: Positions, path: tuple, message: str) -> Problem:
    """A cross-check's problem: at the key for ``(..., key, "[key]")``, at a single value, else at the key."""
    if path[-1:] == ("[key]",):
        path = path[:-1]
        line, col = positions.keys.get(path) or positions.of(path)
    elif path in positions.scalars:
        line, col = positions.of_value(path)
    else:
        line, col = positions.of(path)
    return Problem(line, col, message, path)
