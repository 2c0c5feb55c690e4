"""Room by priority: share a width between columns or controls so the important ones show their text whole.

Every item says how much room its text needs whole (``need``), how much of any
spare room it takes (``share``), how important it is (``priority``: 0 first)
and whether it may disappear (``optional``). :func:`share_room` first drops
optional items, least important first, until the rest fit; if they still do
not fit, the least important items shrink (never below ``floor``) before the
important ones do. Spare room goes out by ``share``, so a bigger window gives
more room, not only bigger text.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from .theme import Theme


@dataclass(frozen=True)
class Room:
    """One item asking for horizontal room."""

    key: str
    need: int                  # px to show its text whole
    share: float = 1.0         # weight for spare room
    priority: int = 1          # 0: names and numbers; higher numbers give way first
    optional: bool = False     # may be left out when room is short
    floor: int = 0             # never narrower than this (0: a third of ``need``)


def widest(theme: Theme, texts: Iterable[str], size: str = "body", bold: bool = False) -> int:
    """Width in px of the widest of ``texts``."""
    font = theme.font(size, bold)
    return max((font.size(t)[0] for t in texts), default=0)


def share_room(items: list[Room], width: int, gap: int = 0) -> dict[str, int]:
    """Widths for the items that are shown (optional ones may be missing), summing to ``width`` less gaps."""
    shown = list(items)
    free = lambda: width - gap * max(0, len(shown) - 1)  # noqa: E731
    # Least important optional items leave first (the last listed among equals).
    while sum(r.need for r in shown) > free():
        optional = [r for r in shown if r.optional]
        if not optional:
            break
        worst = max(optional, key=lambda r: (r.priority, shown.index(r)))
        shown.remove(worst)
    room = free()
    widths = {r.key: r.need for r in shown}
    short = sum(widths.values()) - room
    if short > 0:  # still too wide: the least important shrink first, down to their floors
        for r in sorted(shown, key=lambda r: -r.priority):
            floor = r.floor or r.need // 3
            give = min(short, widths[r.key] - floor)
            if give > 0:
                widths[r.key] -= give
                short -= give
            if short <= 0:
                break
        if short > 0:  # nothing left to give: scale everything
            total = sum(widths.values()) or 1
            widths = {k: max(1, v * room // total) for k, v in widths.items()}
    else:
        spare = -short
        total = sum(r.share for r in shown) or 1.0
        for r in shown:
            widths[r.key] += int(spare * r.share / total)
    if shown:  # rounding: the last item takes what is left
        last = shown[-1].key
        widths[last] += room - sum(widths.values())
    return widths


def fit_columns(columns: list, rooms: list[Room], width: int) -> list:
    """The ``columns`` (objects with ``key`` and ``share``) that fit ``width``, each with its share set to its
    width in px (a list that divides by share then lays them out exactly)."""
    widths = share_room(rooms, width)
    return [replace(c, share=float(widths[c.key])) for c in columns if c.key in widths]
