"""A list of expandable rows (the month report's inbox): cards open into reasons, reasons into clients.

The scene builds the rows (:class:`InboxRow`) from what is expanded; the widget keeps the selection,
scrolls, draws only the visible rows and calls back when a row is opened. Keys: ↑/↓ move, → or Space
opens (a client row: opens the client), ← closes or goes to the parent, Home/End; Enter is left to the scene.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from ..theme import Theme
from .base import Widget
from .scrollbar import draw_scrollbar


@dataclass(frozen=True)
class InboxRow:
    """One line: ``key`` identifies it across rebuilds; ``level`` indents it; ``count`` is drawn on the right;
    ``expandable`` rows show ▸/▾; ``client`` rows open that client."""

    key: str
    level: int
    text: str
    count: str = ""
    style: str = "body"
    expandable: bool = False
    expanded: bool = False
    client: int | None = None


class InboxList(Widget):
    """Rows from ``rows()``; ``on_open(row)`` opens or closes a card or group, or opens a client;
    ``on_select(row)`` follows the selection."""

    focusable = True

    def __init__(self, wid: str, rows: Callable[[], Sequence[InboxRow]], on_open: Callable[[InboxRow], None],
                 on_select: Callable[[InboxRow], None] | None = None):
        super().__init__(wid)
        self.rows, self.on_open, self.on_select = rows, on_open, on_select
        self.selected_key: str | None = None
        self.offset = 0
        self._theme: Theme | None = None

    # --- selection ----------------------------------------------------------------
    def position(self) -> int:
        """Position of the selected row (0 when nothing is selected)."""
        for k, row in enumerate(self.rows()):
            if row.key == self.selected_key:
                return k
        return 0

    def selected_row(self) -> InboxRow | None:
        """The selected row (the first when none was chosen)."""
        rows = self.rows()
        return rows[self.position()] if rows else None

    def select(self, pos: int) -> None:
        """Select the row at ``pos`` (clamped) and scroll it into view."""
        rows = self.rows()
        if not rows:
            return
        pos = max(0, min(pos, len(rows) - 1))
        self.selected_key = rows[pos].key
        n_vis = self.visible_count()
        if pos < self.offset:
            self.offset = pos
        elif pos >= self.offset + n_vis:
            self.offset = pos - n_vis + 1
        if self.on_select:
            self.on_select(rows[pos])

    def select_key(self, key: str) -> None:
        """Select the row with ``key`` if it is shown."""
        for k, row in enumerate(self.rows()):
            if row.key == key:
                self.select(k)
                return

    def row_h(self) -> int:
        return (self._theme.line_height("body") + 10) if self._theme else 30

    def visible_count(self) -> int:
        """Rows that fit."""
        return max(1, (self.rect.height - 8) // self.row_h())

    # --- input ----------------------------------------------------------------------
    def _open(self, row: InboxRow) -> None:
        self.select_key(row.key)
        self.on_open(row)

    def on_mouse_down(self, pos, button: int) -> bool:
        if button != 1:
            return False
        k = self.offset + (pos[1] - self.rect.y - 4) // self.row_h()
        rows = self.rows()
        if 0 <= k < len(rows):
            self.select(k)
            self._open(rows[k])
        return True

    def on_wheel(self, dy: int) -> bool:
        self.offset = max(0, min(self.offset - 3 * dy, len(self.rows()) - self.visible_count()))
        return True

    def on_key(self, event) -> bool:
        rows, pos = self.rows(), self.position()
        if not rows:
            return False
        row = rows[pos]
        moves = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: self.visible_count(),
                 pygame.K_PAGEUP: -self.visible_count()}
        if event.key in moves:
            self.select(pos + moves[event.key])
        elif event.key == pygame.K_HOME:
            self.select(0)
        elif event.key == pygame.K_END:
            self.select(len(rows) - 1)
        elif event.key in (pygame.K_RIGHT, pygame.K_SPACE) and (row.client is not None or
                                                                 (row.expandable and not row.expanded)):
            self._open(row)
        elif event.key == pygame.K_LEFT:
            if row.expandable and row.expanded:
                self._open(row)
            else:  # to the parent row
                parent = next((k for k in range(pos - 1, -1, -1) if rows[k].level < row.level), None)
                if parent is None:
                    return False
                self.select(parent)
        else:
            return False
        return True

    # --- drawing ----------------------------------------------------------------------
    def draw(self, surface, theme: Theme) -> None:
        self._theme = theme
        theme.panel(surface, self.rect)
        rows = self.rows()
        n_vis = self.visible_count()
        self.offset = max(0, min(self.offset, len(rows) - n_vis))
        rh, pad = self.row_h(), theme.m("padding")
        y = self.rect.y + 4
        for row in rows[self.offset:self.offset + n_vis]:
            rr = pygame.Rect(self.rect.x + 2, y, self.rect.width - 14, rh)
            if row.key == self.selected_key:
                pygame.draw.rect(surface, theme.c("row_selected"), rr, border_radius=4)
            x = rr.x + pad + row.level * int(22 * theme.scale)
            size = "body" if row.level < 2 else "small"
            bold = row.level == 0
            color = theme.c({"good": "good", "bad": "bad", "warn": "warn", "muted": "muted"}.get(row.style, "text"))
            mark = ("▾ " if row.expanded else "▸ ") if row.expandable else ("→ " if row.client is not None else "")
            count_w = theme.font(size, True).size(row.count)[0] + pad if row.count else 0
            ty = y + (rh - theme.line_height(size)) // 2
            theme.draw_text(surface, mark + row.text, (x, ty), size, color, bold=bold,
                            max_width=rr.right - x - count_w - pad)
            if row.count:
                theme.draw_text(surface, row.count, (rr.right - pad, ty), size, color, bold=True, align="right")
            y += rh
        draw_scrollbar(surface, theme, self.rect, self.offset, n_vis, len(rows))
