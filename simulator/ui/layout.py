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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pygame

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
        shares = sum(r.share for r in shown) or 1.0
        for r in shown:
            widths[r.key] += int(spare * r.share / shares)
    if shown:  # rounding: the last item takes what is left
        last = shown[-1].key
        widths[last] += room - sum(widths.values())
    return widths


def fit_columns(columns: list, rooms: list[Room], width: int) -> list:
    """The ``columns`` (objects with ``key`` and ``share``) that fit ``width``, each with its share set to its
    width in px (a list that divides by share then lays them out exactly)."""
    widths = share_room(rooms, width)
    return [replace(c, share=float(widths[c.key])) for c in columns if c.key in widths]


def wrap_parts(theme: Theme, text: str, width: int, size: str = "small", bold: bool = False,
               sep: str = " · ") -> list[str]:
    """``text`` in lines no wider than ``width``, broken between its ``sep``-joined parts where it can (so a
    number never parts from its label), inside a part by words only when one part alone is too wide."""
    font = theme.font(size, bold)
    lines: list[str] = []
    line = ""
    for part in text.split(sep):
        trial = f"{line}{sep}{part}" if line else part
        if font.size(trial)[0] <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        pieces = theme.wrap(part, width, size, bold)
        lines += pieces[:-1]
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines


def two_line_width(theme: Theme, text: str, bold: bool = False) -> int:
    """The narrowest a control's label can be and still show whole: on two lines of the small size (controls
    step their labels down to that before cutting them)."""
    font = theme.font("small", bold)
    words = text.split(" ")
    best = font.size(text)[0]
    for k in range(1, len(words)):
        best = min(best, max(font.size(" ".join(words[:k]))[0], font.size(" ".join(words[k:]))[0]))
    return best


def fit_row(theme: Theme, widgets: Sequence, labels: list[str], x: int, y: int, width: int, height: int, gap: int,
            size: str = "body", slack: int = 40, floors: Sequence[int | None] | None = None) -> bool:
    """Place ``widgets`` side by side across ``width``, each as wide as its label needs (plus ``slack``) with
    the spare room shared out. A widget with a ``floors`` entry may give way down to that many px, the last
    first (the others keep their labels whole); False (and nothing placed) when the row cannot be laid out so."""
    need = [theme.font(size).size(label)[0] + slack for label in labels]
    floors = floors or [None] * len(widgets)
    least = [n if f is None else min(n, f) for n, f in zip(need, floors)]
    if sum(least) + gap * (len(widgets) - 1) > width:
        return False
    rooms = [Room(str(k), n, priority=0 if f is None else 1 + k, floor=n if f is None else min(n, f))
             for k, (n, f) in enumerate(zip(need, floors))]  # the later ones give way first
    widths = share_room(rooms, width, gap)
    for k, w in enumerate(widgets):
        w.rect = pygame.Rect(x, y, widths[str(k)], height)
        x += widths[str(k)] + gap
    return True


def flow_rows(theme: Theme, widgets: list, needs: list[int], x: int, y: int, width: int, height: int,
              gap: int) -> int:
    """Place ``widgets`` left to right in as many rows as their ``needs`` (px) take, each row's spare room
    shared out; returns the y below the last row."""
    rows: list[list[int]] = [[]]
    used = 0
    for k, need in enumerate(needs):
        if rows[-1] and used + gap + need > width:
            rows.append([])
            used = 0
        used += need + (gap if rows[-1] else 0)
        rows[-1].append(k)
    for row in rows:
        widths = share_room([Room(str(k), min(needs[k], width)) for k in row], width, gap)
        cx = x
        for k in row:
            widgets[k].rect = pygame.Rect(cx, y, widths[str(k)], height)
            cx += widths[str(k)] + gap
        y += height + gap
    return y
