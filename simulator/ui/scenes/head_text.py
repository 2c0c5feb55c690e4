"""Words of the head-of-sales reports: sellers' and books' names from the scenario, the game's coded notes
(:class:`~simulator.head.HeadNote`) in the player's language, and a table drawn in columns. Every number
comes from the head game; this module only writes it the language's way."""
from __future__ import annotations

from dataclasses import dataclass

import pygame

from ..texts import money, percent

CELL_GAP = 8   # room between a right-aligned cell and the next column


def seller_name(game, seller: str, lang: str) -> str:
    """A seller's (or candidate's) name as the scenario writes it."""
    cands = {c.id: c for c in game.scenario.team.candidates}
    c = cands.get(seller)
    return c.name.get(lang) if c is not None else seller


def book_name(game, segment: str, lang: str) -> str:
    """A book's (segment's) name as the scenario writes it."""
    for s in game.scenario.segments:
        if s.id == segment:
            return s.name.get(lang)
    return segment


def note_text(t, lang: str, game, note, prefix: str) -> str:
    """A coded note (``prefix`` + its code: ``head_report.note.`` or ``head_debrief.takeaway.``) in words:
    money in the scenario's currency, shares as percentages, counts raw (the catalogue picks plural forms),
    bases and names in words."""
    cur = game.scenario.desk.currency
    values: dict = {k: money(v, cur, lang) for k, v in note.money.items()}
    values |= {k: percent(v) for k, v in note.shares.items()}
    values |= dict(note.counts)
    values |= {k: t(f"head_debrief.base.{v}") for k, v in note.bases.items()}
    if note.seller is not None:
        values["seller"] = seller_name(game, note.seller, lang)
    values["books"] = ", ".join(book_name(game, b, lang) for b in note.books)
    return t(prefix + note.code, **values)


@dataclass
class Column:
    """One column of a drawn table: its header, its share of the width and how its cells align."""

    header: str
    width: int
    align: str = "right"


def needed_widths(theme, headers: list[str], rows: list[list], header_lines: int = 2) -> list[int]:
    """The width each column needs: its widest cell, and its header in whole words on ``header_lines`` lines."""
    bold = theme.font("small", True)
    need = []
    for k, header in enumerate(headers):
        widest = max((bold.size(w)[0] for w in header.split()), default=0)
        while len(theme.wrap(header, widest, "small", True)) > header_lines:   # whole words on few lines
            widest += 8
        for row in rows:
            cell = row[k] if k < len(row) else None
            if cell is not None:
                widest = max(widest, theme.font("body", cell[2]).size(cell[0])[0])
        need.append(widest + CELL_GAP + 4)
    return need


def fit_columns(theme, headers: list[str], rows: list[list], width: int, header_lines: int = 2,
                left: int = 1) -> list[Column]:
    """Columns as wide as their widest cell or header word needs, the room left over keeping headers on one line
    (left to right), then shared out evenly; the first ``left`` columns align left, the rest right. When even the
    needs do not fit, every column gives up its share (a screen drops columns before it comes to that)."""
    bold = theme.font("small", True)
    need = needed_widths(theme, headers, rows, header_lines)
    spare = width - sum(need)
    for k, header in enumerate(headers):
        whole = bold.size(header)[0] + CELL_GAP + 4
        if need[k] < whole <= need[k] + spare:
            spare -= whole - need[k]
            need[k] = whole
    if spare >= 0:
        widths = [n + spare // len(need) for n in need]
    else:
        widths = [n * width // sum(need) for n in need]
    widths[-1] += width - sum(widths)
    return [Column(h, w, "left" if k < left else "right") for k, (h, w) in enumerate(zip(headers, widths))]


def fitting(theme, headers: list[str], rows: list[list], width: int, drop: tuple[int, ...],
            header_lines: int = 2) -> list[int]:
    """The columns (indexes) to show in ``width``: every one, less those of ``drop`` (in that order) until the
    rest fit."""
    need = needed_widths(theme, headers, rows, header_lines)
    keep = list(range(len(headers)))
    for k in drop:
        if sum(need[j] for j in keep) <= width:
            break
        keep.remove(k)
    return keep


def draw_header(surface: pygame.Surface, theme, x: int, y: int, columns: list[Column], lines: int = 1) -> int:
    """Columns' headers, each wrapped to at most ``lines`` lines and set on the bottom line, then a rule;
    returns the y where rows start."""
    lh = theme.line_height("small")
    cx = x
    for col in columns:
        wrapped = theme.wrap(col.header, col.width - CELL_GAP, "small", True)[:lines]
        for k, line in enumerate(wrapped):
            top = y + (lines - len(wrapped) + k) * lh
            tx = cx + col.width - CELL_GAP if col.align == "right" else cx
            theme.draw_text(surface, line, (tx, top), "small", theme.c("muted"), True, align=col.align,
                            max_width=col.width - CELL_GAP)
        cx += col.width
    y += lines * lh + 4
    pygame.draw.line(surface, theme.c("border"), (x, y - 2), (cx, y - 2), 1)
    return y


def draw_row(surface: pygame.Surface, theme, x: int, y: int, columns: list[Column], cells: list, row_h: int) -> int:
    """One row of cells ``(text, colour name, bold)`` (None: empty) under :func:`draw_header`; returns its bottom."""
    cx = x
    for col, cell in zip(columns, cells):
        if cell is not None:
            text, color, bold = cell
            tx = cx + col.width - CELL_GAP if col.align == "right" else cx
            theme.draw_text(surface, text, (tx, y + (row_h - theme.line_height("body")) // 2), "body",
                            theme.c(color), bold, align=col.align)
        cx += col.width
    return y + row_h
