"""Safe YAML reading that remembers where every key and value stands.

Only plain data is accepted: mappings, sequences, strings, numbers, booleans
and null. A tag that would build an object is refused, never executed. Sizes
are bounded before parsing (bytes) and while building (nodes, counting every
alias expansion), so an alias bomb is refused quickly.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem

MAX_BYTES = 1024 * 1024
MAX_NODES = 10_000
MAX_DEPTH = 40

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class SourceError(Exception):
    """The file is not plain YAML data we can read; carries the problems found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass
class Positions:
    """Where each path of the document stands: value positions and key positions."""

    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: tuple) -> tuple[int, int]:
        """Best position for ``path``: the key if known, else the value, else the nearest parent."""
        path = tuple(path)
        while True:
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def of_value(self, path: tuple) -> tuple[int, int]:
        """Position of the value at ``path`` (falls back to :meth:`of`)."""
        return self.values.get(tuple(path)) or self.of(path)


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def decode(raw: bytes) -> str:
    """UTF-8 text of ``raw``, refusing oversized, binary and non-UTF-8 input."""
    if len(raw) > MAX_BYTES:
        raise SourceError([Problem(1, 1, f"file is {len(raw):,} bytes; a scenario may be at most {MAX_BYTES:,} bytes (1 MiB)")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError([Problem(line, col, "file is not UTF-8 text; save it as UTF-8 (byte "
                                              f"0x{raw[exc.start]:02x} cannot be read)")]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError([Problem(line, 1, "file contains binary data (a NUL byte); a scenario is a text file")])
    if not text.strip():
        raise SourceError([Problem(1, 1, "file is empty; a scenario needs at least `id`, `title`, `briefing`, `products`, "
                                         "`touch_types`, clients and `scoring` (see scenarios/_template.yaml)")])
    return text


def read(text: str) -> tuple[object, Positions]:
    """Parse ``text`` into plain Python data plus the positions of its keys and values."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "YAML syntax error"
        hint = ""
        if "\t" in problem or "tab" in problem.lower():
            hint = "; indent with spaces, YAML does not allow tabs"
        elif "could not find expected ':'" in problem:
            hint = "; each key needs a colon and a space after it (`key: value`)"
        elif "mapping values are not allowed" in problem:
            hint = "; a value containing `: ` must be quoted"
        raise SourceError([Problem(line, col, f"YAML syntax error: {problem}{hint}")]) from None
    except yaml.YAMLError as exc:  # ComposerError without a mark, reader errors
        raise SourceError([Problem(1, 1, f"YAML error: {exc}")]) from None
    if root is None:
        raise SourceError([Problem(1, 1, "file holds no data (only comments?)")])
    builder = _Builder()
    data = builder.build(root, ())
    if builder.problems:
        raise SourceError(builder.problems)
    return data, builder.positions


class _Builder:
    def __init__(self) -> None:
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.nodes = 0
        self._constructor = SafeConstructor()

    def build(self, node: Node, path: tuple, depth: int = 0) -> object:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            line, col = _mark(node)
            raise SourceError([Problem(line, col, f"document is too large: more than {MAX_NODES:,} values "
                                                  "(counting every alias expansion); refusing it")])
        if depth > MAX_DEPTH:
            line, col = _mark(node)
            raise SourceError([Problem(line, col, f"document is nested deeper than {MAX_DEPTH} levels")])
        self.positions.values.setdefault(path, _mark(node))
        if node.tag not in _PLAIN_TAGS:
            line, col = _mark(node)
            self.problems.append(Problem(line, col, f"tag `{node.tag}` is not allowed; a scenario holds plain data "
                                                    "only (remove the `!` tag)", path))
            return None
        if isinstance(node, ScalarNode):
            try:
                return self._constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError):
                line, col = _mark(node)
                self.problems.append(Problem(line, col, f"cannot read value `{node.value}`", path))
                return None
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    line, col = _mark(key_node)
                    self.problems.append(Problem(line, col, "merge keys (`<<`) are not supported; write the keys out", path))
                    continue
                key = self.build(key_node, path + ("<key>",), depth + 1)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    line, col = _mark(key_node)
                    self.problems.append(Problem(line, col, "a key must be a plain word or number", path))
                    continue
                key = str(key) if not isinstance(key, str) else key
                line, col = _mark(key_node)
                if key in result:
                    self.problems.append(Problem(line, col, f"key `{key}` appears twice in the same mapping; keep one", path + (key,)))
                    continue
                self.positions.keys[path + (key,)] = (line, col)
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        return None  # pragma: no cover - yaml has no other node kinds
