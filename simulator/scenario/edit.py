"""Change values in a scenario file's text in place, keeping everything else (comments, layout, quotes).

A trainer's file is more than its data: comments explain the numbers. Rewriting it from the parsed data
would lose them, so a value is replaced exactly where the reader found it.
"""
from __future__ import annotations

from .yaml_source import Positions


class EditError(ValueError):
    """A value cannot be replaced in place (written through an alias, in quotes, or not where it was read)."""


def replace_values(text: str, positions: Positions, new: dict[tuple, str]) -> str:
    """``text`` with the plain scalar at each path of ``new`` replaced by its new text."""
    lines = text.split("\n")
    spans = []
    for path, value in new.items():
        scalar = positions.scalars.get(path)
        where = positions.values.get(path)
        if scalar is None or where is None or scalar.quoted:
            raise EditError(f"the value at {'.'.join(map(str, path))} is not a plain value written in place")
        line, col = where
        written = lines[line - 1]
        if written[col - 1:col - 1 + len(scalar.text)] != scalar.text:
            raise EditError(f"the value at line {line} is written through an alias or over several lines")
        spans.append((line - 1, col - 1, len(scalar.text), value))
    for row, start, length, value in sorted(spans, reverse=True):
        lines[row] = lines[row][:start] + value + lines[row][start + length:]
    return "\n".join(lines)
