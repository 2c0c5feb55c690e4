"""Editing the small, fast scenario (tests/shared_fixtures.py's ``SMALL``) one thing at a time, for the balance
and validate tests."""
from __future__ import annotations

from pathlib import Path

from tests.shared_fixtures import SMALL

__all__ = ["SMALL", "edit", "write"]


def edit(old: str, new: str, text: str = SMALL) -> str:
    """``text`` with the single occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def write(tmp_path: Path, text: str, name: str = "small.yaml") -> Path:
    """Write a scenario file into ``tmp_path``; returns its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
