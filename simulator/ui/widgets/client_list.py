"""The client list: virtual scrolling over a cached index array; only the visible rows are drawn."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pygame

from ..theme import Theme
from .base import Widget

SCROLL_GUTTER = 8  # px kept free at the right edge for the scroll bar


def mix(a, b, share: float) -> tuple[int, int, int]:
    """Colour ``a`` with ``share`` of colour ``b`` mixed in."""
    return tuple(round(x * (1 - share) + y * share) for x, y in zip(a[:3], b[:3]))


@dataclass
class Column:
    """One column: its key (for sorting), a title, a width share, and how to draw a cell."""

    key: str
    title: Callable[[], str]
    share: float
    cell: Callable[[int], tuple[str, str]]          # client -> (text, colour name)
    bar: Callable[[int], float] | None = None         # client -> 0..1 for a bar column
    align: str = "left"
    tooltip: Callable[[], str] | None = None
    icons: Callable[[int], list[tuple[str, str]]] | None = None  # client -> (glyph, colour name) drawn in a row
    tip: Callable[[int], str] | None = None           # client -> the cell's tooltip (whole or not)


class ClientList(Widget):
    """Rows of clients; click or arrows select, header click sorts, wheel and Page keys scroll."""

    focusable = True
    key_in_tooltip = False  # the list's tooltip is for cut cells only

    def __init__(self, wid: str, columns: list[Column], rows: Callable[[], np.ndarray],
                 on_select: Callable[[int], None], on_sort: Callable[[str], None],
                 sort_state: Callable[[], tuple[str, bool]], marked: Callable[[int], bool] | None = None,
                 tint: Callable[[int], str | None] | None = None):
        super().__init__(wid, tooltip=self._cut_tip)
        self.columns, self.rows, self.on_select, self.on_sort = columns, rows, on_select, on_sort
        self.sort_state, self.marked = sort_state, marked
        self.tint = tint  # client -> a theme colour the row is washed with (an overlay), or None
        self.selected: int | None = None
        self.offset = 0
        self.text_size = "body"  # "large" for a list read from the back of a room (the leaderboard)
        self.rows_drawn = 0  # rows drawn in the last frame (benchmarks and tests read it)
        self.cut: dict[tuple[int, str], str] = {}  # (client, column) -> full text of a cell drawn shortened

    # --- geometry -------------------------------------------------------------
    def header_h(self, theme: Theme) -> int:
        return theme.m("row_height")

    def row_h(self, theme: Theme) -> int:
        if self.text_size == "body":
            return theme.m("row_height")
        return max(theme.m("row_height"), theme.line_height(self.text_size) + 12)

    def visible_count(self, theme: Theme) -> int:
        """Rows that fit below the header."""
        return max(1, (self.rect.height - self.header_h(theme)) // self.row_h(theme))

    def row_rect(self, theme: Theme, k: int) -> pygame.Rect:
        """Screen rect of the ``k``-th visible row."""
        h = self.row_h(theme)
        return pygame.Rect(self.rect.x, self.rect.y + self.header_h(theme) + k * h, self.rect.width, h)

    def _col_rects(self) -> list[pygame.Rect]:
        total = sum(c.share for c in self.columns)
        width = self.rect.width - SCROLL_GUTTER  # the scroll bar never sits on a right-aligned number
        x, out = self.rect.x, []
        for c in self.columns:
            w = round(width * c.share / total)
            out.append(pygame.Rect(x, 0, w, 0))
            x += w
        return out

    def column_at(self, x: int) -> Column | None:
        """The column under screen x."""
        for c, r in zip(self.columns, self._col_rects()):
            if r.x <= x < r.right:
                return c
        return None

    def _cut_tip(self) -> str:
        """The full text of the cell under the pointer when it was drawn shortened ("" otherwise)."""
        theme = self._theme()
        if theme is None:
            return ""
        x, y = self.hover_pos
        k = (y - self.rect.y - self.header_h(theme)) // self.row_h(theme)
        rows = self.rows()
        col = self.column_at(x)
        if col is None or y < self.rect.y + self.header_h(theme) or not 0 <= self.offset + k < rows.size:
            return ""
        client = int(rows[self.offset + k])
        if col.tip is not None:
            return col.tip(client)
        return self.cut.get((client, col.key), "")

    # --- selection ------------------------------------------------------------
    def _theme(self) -> Theme | None:
        return getattr(self, "_last_theme", None)

    def select_position(self, pos: int) -> None:
        """Select the row at list position ``pos`` (clamped) and scroll it into view."""
        rows = self.rows()
        if not rows.size:
            return
        pos = max(0, min(int(pos), rows.size - 1))
        self.selected = int(rows[pos])
        theme = self._theme()
        n_vis = self.visible_count(theme) if theme else 10
        if pos < self.offset:
            self.offset = pos
        elif pos >= self.offset + n_vis:
            self.offset = pos - n_vis + 1
        self.on_select(self.selected)

    def position_of_selected(self) -> int:
        """List position of the selected client, or -1."""
        if self.selected is None:
            return -1
        hits = np.flatnonzero(self.rows() == self.selected)
        return int(hits[0]) if hits.size else -1

    # --- input ----------------------------------------------------------------
    def on_mouse_down(self, pos, button: int) -> bool:
        theme = self._theme()
        if theme is None:
            return False
        if pos[1] < self.rect.y + self.header_h(theme):
            col = self.column_at(pos[0])
            if col is not None and button == 1:
                self.on_sort(col.key)
            return True
        k = (pos[1] - self.rect.y - self.header_h(theme)) // self.row_h(theme)
        rows = self.rows()
        if 0 <= self.offset + k < rows.size:
            self.select_position(self.offset + k)
        return True

    def on_wheel(self, dy: int) -> bool:
        self.scroll(-3 * dy)
        return True

    def scroll(self, delta: int) -> None:
        """Scroll by ``delta`` rows."""
        theme = self._theme()
        n_vis = self.visible_count(theme) if theme else 10
        self.offset = max(0, min(self.offset + delta, self.rows().size - n_vis))

    def on_key(self, event) -> bool:
        theme = self._theme()
        page = self.visible_count(theme) if theme else 10
        pos = self.position_of_selected()
        moves = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: page, pygame.K_PAGEUP: -page}
        if event.key in moves:
            self.select_position(pos + moves[event.key] if pos >= 0 else 0)
            return True
        if event.key == pygame.K_HOME:
            self.select_position(0)
            return True
        if event.key == pygame.K_END:
            self.select_position(self.rows().size - 1)
            return True
        return False

    # --- drawing --------------------------------------------------------------
    def _draw_icons(self, surface, theme: Theme, column: Column, client: int, cell: pygame.Rect, y: int) -> None:
        """A cell of coloured glyphs, left to right while they fit (the rest are named in the cell's tooltip)."""
        x = cell.x
        assert column.icons is not None  # only icon columns are drawn here
        for glyph, colour in column.icons(client):
            w = theme.font(self.text_size).size(glyph)[0]
            if x + w > cell.right:
                self.cut[(client, column.key)] = column.tip(client) if column.tip else ""
                return
            theme.draw_text(surface, glyph, (x, y), self.text_size, theme.c(colour))
            x += w + 3

    def draw(self, surface, theme: Theme) -> None:
        self._last_theme = theme
        theme.panel(surface, self.rect)
        rows = self.rows()
        n_vis = self.visible_count(theme)
        self.offset = max(0, min(self.offset, rows.size - n_vis))
        hh, rh = self.header_h(theme), self.row_h(theme)
        pad = 6
        cols = self._col_rects()
        sort_key, desc = self.sort_state()
        header = pygame.Rect(self.rect.x, self.rect.y, self.rect.width, hh)
        pygame.draw.rect(surface, theme.c("panel_alt"), header, border_top_left_radius=theme.m("radius"),
                         border_top_right_radius=theme.m("radius"))
        head = "small"  # column titles are labels; the rows carry the size (large on the leaderboard)
        ty = self.rect.y + (hh - theme.line_height(head)) // 2
        for c, r in zip(self.columns, cols):
            sorted_here = c.key == sort_key
            color = theme.c("accent" if sorted_here else "muted")
            arrow = (" ▼" if desc else " ▲") if sorted_here else ""
            arrow_w = theme.font(head, sorted_here).size(arrow)[0] if arrow else 0
            drawn = theme.draw_text(surface, c.title(), (r.x + pad, ty), head, color, bold=sorted_here,
                                    max_width=r.width - 2 * pad - arrow_w)  # the title gives way, never the arrow
            if arrow:
                theme.draw_text(surface, arrow, (drawn.right, ty), head, color, bold=True)
        visible = rows[self.offset:self.offset + n_vis]
        self.cut = {}
        size = self.text_size
        body_lh = theme.line_height(size)
        for k, client in enumerate(visible):
            client = int(client)
            rr = self.row_rect(theme, k)
            wash = self.tint(client) if self.tint is not None else None
            if client == self.selected:
                pygame.draw.rect(surface, theme.c("row_selected"), rr)
            elif wash is not None:
                base = theme.c("row_alt" if (self.offset + k) % 2 else "panel")
                pygame.draw.rect(surface, mix(base, theme.c(wash), 0.3), rr)
            elif (self.offset + k) % 2:
                pygame.draw.rect(surface, theme.c("row_alt"), rr)
            if wash is not None and client == self.selected:
                pygame.draw.rect(surface, theme.c(wash), rr, width=2)
            if self.marked is not None and self.marked(client):
                pygame.draw.rect(surface, theme.c("accent"), (rr.x + 1, rr.y + 3, 4, rr.height - 6))
            y = rr.y + (rh - body_lh) // 2
            for c, r in zip(self.columns, cols):
                text, color = c.cell(client)
                if c.icons is not None:
                    self._draw_icons(surface, theme, c, client, r.inflate(-2 * pad, 0), y)
                elif c.bar is not None:
                    bar = pygame.Rect(r.x + pad, rr.y + rh // 2 - 5, max(10, r.width - 2 * pad - 44), 10)
                    theme.bar(surface, bar, c.bar(client))
                    theme.draw_text(surface, text, (r.right - pad, y), size, theme.c(color), align="right")
                else:
                    x = r.right - pad if c.align == "right" else r.x + pad
                    shown = theme.fit(text, r.width - 2 * pad, size)
                    if shown != text:
                        self.cut[(client, c.key)] = text
                    theme.draw_text(surface, shown, (x, y), size, theme.c(color), align=c.align)
        self.rows_drawn = len(visible)
        if rows.size > n_vis:
            track = pygame.Rect(self.rect.right - 6, self.rect.y + hh, 4, self.rect.height - hh - 4)
            h = max(14, track.height * n_vis // rows.size)
            top = track.y + (track.height - h) * self.offset // max(1, rows.size - n_vis)
            pygame.draw.rect(surface, theme.c("muted"), (track.x, top, 4, h), border_radius=2)
