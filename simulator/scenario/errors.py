"""Errors a trainer can act on: each problem points at a line and column."""
from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_SHOWN_LIMIT = 60


@dataclass(frozen=True)
class Problem:
    """One problem in a scenario file, located at a 1-based line and column."""

    line: int
    column: int
    message: str
    path: tuple = ()

    def format(self, filename: str) -> str:
        """``file:line:col: message`` as a compiler would print it."""
        return f"{filename}:{self.line}:{self.column}: {self.message}"


class ScenarioError(Exception):
    """A scenario file could not be loaded; ``problems`` lists every problem found, sorted by position."""

    def __init__(self, filename: str, problems: Sequence[Problem]):
        self.filename = filename
        self.problems = sorted(problems, key=lambda p: (p.line, p.column, p.message))
        super().__init__(self.format())

    def format(self) -> str:
        """All problems, one per line."""
        return "\n".join(p.format(self.filename) for p in self.problems)


def invisible(char: str) -> bool:
    """True for a character a trainer cannot see: controls, format marks (RTL, zero-width), surrogates."""
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def shown(value: object, limit: int = _SHOWN_LIMIT) -> str:
    """``value`` as safe, short, printable text for a message.

    Invisible characters (zero-width spaces, direction marks, broken
    surrogates) are written as ``<U+200B>`` so the trainer can see them and
    the terminal never chokes on them; long values are cut.
    """
    text = str(value)
    cut = len(text) > limit
    text = text[:limit]
    out = "".join(f"<U+{ord(c):04X}>" if invisible(c) else c for c in text)
    return out + ("..." if cut else "")


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word``, or None when nothing is close."""
    found = difflib.get_close_matches(str(word)[:100], sorted(set(candidates)), n=1, cutoff=0.5)
    return found[0] if found else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ``did you mean `x`?`` hint, or a list of what is allowed when nothing is close."""
    candidates = sorted(set(candidates))
    guess = closest(word, candidates)
    if guess is not None:
        return f"did you mean `{guess}`?"
    if not candidates:
        return "none are defined"
    shown_list = ", ".join(f"`{c}`" for c in candidates[:12])
    more = ", ..." if len(candidates) > 12 else ""
    return f"expected one of {shown_list}{more}"
