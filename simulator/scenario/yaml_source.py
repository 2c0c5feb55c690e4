"""Safe YAML reading that remembers where every key and value stands.

Only plain data is accepted: mappings, sequences, strings, numbers, booleans
and null. A tag that would build an object is refused, never executed. Sizes
are bounded before parsing (bytes), while composing (nodes and nesting, so a
huge or deeply nested file stops early) and while building (counting every
alias expansion, so an alias bomb is refused before it grows).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, shown
from .yaml_syntax import syntax_problem

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

_BLANK_LINE = re.compile(r"^[ \t]+(?=\r?$)", re.MULTILINE)
_TOO_LARGE = f"document is too large: more than {MAX_NODES:,} values (counting every alias expansion); refusing it"
_TOO_DEEP = f"document is nested deeper than {MAX_DEPTH} levels; a scenario needs only a few"


class SourceError(Exception):
    """The file is not plain YAML data we can read; carries the problems found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass(frozen=True)
class Scalar:
    """How a scalar value was written in the file: its text and whether it was quoted."""

    text: str
    quoted: bool


@dataclass
class Positions:
    """Where each path of the document stands: value positions, key positions and scalar source text."""

    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[tuple, Scalar] = field(default_factory=dict)

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


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(raw: bytes) -> str:
    """UTF-8 text of ``raw``, refusing oversized, binary and non-UTF-8 input."""
    if len(raw) > MAX_BYTES:
        raise SourceError([Problem(1, 1, f"file is {len(raw):,} bytes; a scenario may be at most {MAX_BYTES:,} bytes (1 MiB)")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # what Windows Notepad calls "Unicode"
        raise SourceError([Problem(1, 1, "file is saved as UTF-16; save it as UTF-8 (in Notepad: Save As, "
                                         "Encoding: UTF-8)")])
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise SourceError([Problem(line, 1, "file contains binary data (a NUL byte); a scenario is a text file")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError([Problem(line, col, "file is not UTF-8 text; save it as UTF-8 (byte "
                                              f"0x{raw[exc.start]:02x} cannot be read; Windows-1251 or another "
                                              "old encoding?)")]) from None
    if not text.strip():
        raise SourceError([Problem(1, 1, "file is empty; a scenario needs at least `id`, `title`, `briefing`, `products`, "
                                         "`touch_types`, clients and `scoring`; copy a shipped scenario from scenarios/ to start")])
    return text


def read(text: str) -> tuple[object, Positions, list[Problem]]:
    """Parse ``text`` into plain Python data, the positions of its keys and values, and value problems.

    A file that cannot be read at all raises :class:`SourceError`. Problems
    with single values (a forbidden tag, a duplicate key, a broken character)
    are returned instead, with the value dropped or repaired, so that the
    rest of the file can still be checked and every problem reported at once.
    Each such problem's ``path`` says which part of the data it spoiled.
    """
    # Lines holding only spaces or tabs are blank to the eye; YAML would call such a tab an error.
    root, alias_marks = _compose(_BLANK_LINE.sub("", text))
    if root is None:
        raise SourceError([Problem(1, 1, "file holds no data (only comments?)")])
    builder = _Builder(alias_marks)
    data = builder.build(root, ())
    return data, builder.positions, builder.problems


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe composer that stops as soon as the document grows too large or too deep."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0
        self._depth = 0
        self.alias_marks: dict[tuple[int, int], tuple[int, int]] = {}

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:  # PyYAML's signature
        self._nodes += 1
        event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent):  # remember where `*name` was written, not only its `&name`
            self.alias_marks[(id(parent), index if isinstance(index, int) else id(index))] = (mark.line + 1, mark.column + 1)
        if self._nodes > MAX_NODES:
            raise SourceError([Problem(mark.line + 1, mark.column + 1, _TOO_LARGE)])
        if self._depth >= MAX_DEPTH:
            raise SourceError([Problem(mark.line + 1, mark.column + 1, _TOO_DEEP)])
        self._depth += 1
        try:
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self._depth -= 1


def _compose(text: str) -> tuple[Node | None, dict]:
    loader = None
    try:
        loader = _BoundedLoader(text)
        return loader.get_single_node(), loader.alias_marks
    except yaml.MarkedYAMLError as exc:
        raise SourceError([syntax_problem(text, exc)]) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(text[exc.position]) if exc.position < len(text) else 0
        raise SourceError([Problem(line, col, f"the file contains an invisible control character U+{code:04X} that "
                                              "YAML does not allow; delete it")]) from None
    except yaml.YAMLError as exc:  # any other PyYAML error without a mark
        raise SourceError([Problem(1, 1, f"YAML error: {shown(exc)}")]) from None
    finally:
        if loader is not None:
            loader.dispose()


class _Builder:
    def __init__(self, alias_marks: dict[tuple[int, int], tuple[int, int]]) -> None:
        self.alias_marks = alias_marks
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.nodes = 0
        self._constructor = SafeConstructor()

    def build(self, node: Node, path: tuple, depth: int = 0, origin: tuple[int, int] | None = None,
              alias: tuple[int, int] | None = None) -> object:
        """Plain data for ``node``, reached through an alias written at ``alias`` if any.

        ``origin`` is where the alias expansion under way was written; an alias
        bomb is reported there, not deep inside the block it repeats.
        """
        self.nodes += 1
        if alias is not None and origin is None:
            origin = alias
        if self.nodes > MAX_NODES:
            line, col = origin or _mark(node)
            raise SourceError([Problem(line, col, _TOO_LARGE)])
        if depth > MAX_DEPTH:
            line, col = _mark(node)
            raise SourceError([Problem(line, col, _TOO_DEEP)])
        self.positions.values.setdefault(path, alias or _mark(node))
        if node.tag not in _PLAIN_TAGS:
            line, col = _mark(node)
            self.problems.append(Problem(line, col, f"tag `{shown(node.tag)}` is not allowed; a scenario holds plain "
                                                    "data only (remove the `!` tag)", path))
            return None
        if isinstance(node, ScalarNode):
            self.positions.scalars.setdefault(path, Scalar(node.value, node.style in ("'", '"', "|", ">")))
            try:
                value = self._constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError):
                line, col = _mark(node)
                self.problems.append(Problem(line, col, f"cannot read value `{shown(node.value)}`", path))
                return None
            return self._repaired(value, node, path) if isinstance(value, str) else value
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,), depth + 1, origin, self.alias_marks.get((id(node), i)))
                    for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth, origin)
        return None  # pragma: no cover - yaml has no other node kinds

    def _repaired(self, value: str, node: Node, path: tuple) -> str:
        """``value`` with lone surrogates (from escapes like "\\ud800") replaced, each reported."""
        if not any("\ud800" <= c <= "\udfff" for c in value):
            return value
        line, col = _mark(node)
        self.problems.append(Problem(line, col, "the text holds a broken character (a lone surrogate escape such as "
                                                "`\\ud800`); retype it", path))
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value)

    def _mapping(self, node: MappingNode, path: tuple, depth: int, origin: tuple[int, int] | None) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            line, col = _mark(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(line, col, "merge keys (`<<`) are not supported; write the keys out", path))
                continue
            key = self.build(key_node, path + ("<key>",), depth + 1, origin)
            if not isinstance(key_node, ScalarNode) or key is None:
                if key_node.tag in _PLAIN_TAGS:
                    self.problems.append(Problem(line, col, "a key must be a plain word or number", path))
                continue
            key = key if isinstance(key, str) else key_node.value  # as written: `no:` stays "no", not False
            if key in result:
                self.problems.append(Problem(line, col, f"key `{shown(key)}` appears twice in the same mapping; keep one",
                                             path + (key,)))
                continue
            self.positions.keys[path + (key,)] = (line, col)
            result[key] = self.build(value_node, path + (key,), depth + 1, origin,
                                     self.alias_marks.get((id(node), id(key_node))))
        return result
