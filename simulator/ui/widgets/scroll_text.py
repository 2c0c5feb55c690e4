"""A scrolling page of styled lines (report, briefing, help); only visible lines are drawn."""
from __future__ import annotations

import pygame

from ..theme import Theme
from .base import Widget
from .scrollbar import draw_scrollbar

# style -> (size role, colour name, bold)
BIGGER = {"small": "body", "body": "large", "large": "title"}
STYLES = {
    "title": ("large", "text", True),
    "h": ("body", "accent", True),
    "body": ("body", "text", False),
    "muted": ("small", "muted", False),
    "good": ("body", "good", False),
    "bad": ("body", "bad", False),
    "warn": ("body", "warn", False),
    "small": ("small", "text", False),
}


class ScrollText(Widget):
    """Lines of text with styles; wheel, arrows, Page Up/Down, Home/End scroll it."""

    focusable = True

    def __init__(self, wid: str, large: bool = False):
        super().__init__(wid)
        self.large = large  # every style one size up: a page read on a projector
        self.lines: list[tuple[str, str]] = []
        self.offset = 0
        self._wrapped: list[tuple[str, str]] = []
        self._wrap_key: tuple | None = None

    def set_lines(self, lines: list[tuple[str, str]]) -> None:
        """Replace the content (scroll position kept where possible)."""
        self.lines = list(lines)
        self._wrap_key = None

    def style(self, name: str) -> tuple[str, str, bool]:
        """(size role, colour name, bold) of a line style."""
        size, color, bold = STYLES.get(name, STYLES["body"])
        return (BIGGER[size] if self.large else size), color, bold

    def _layout(self, theme: Theme) -> list[tuple[str, str]]:
        key = (self.rect.width, theme.scale, theme.text_scale, theme.floor, id(self.lines), len(self.lines))
        if key != self._wrap_key:
            out = []
            width = self.rect.width - 2 * theme.m("padding") - 12
            for text, style in self.lines:
                size, _, bold = self.style(style)
                for line in theme.wrap(text, max(40, width), size, bold):
                    out.append((line, style))
            self._wrapped, self._wrap_key = out, key
        return self._wrapped

    def _line_h(self, theme: Theme) -> int:
        return theme.line_height("large" if self.large else "body") + 2

    def visible_count(self, theme: Theme) -> int:
        """Lines that fit."""
        return max(1, (self.rect.height - 2 * theme.m("padding")) // self._line_h(theme))

    def _theme_scroll(self, delta: int) -> None:
        self.offset = max(0, self.offset + delta)

    def on_wheel(self, dy: int) -> bool:
        self._theme_scroll(-3 * dy)
        return True

    def on_key(self, event) -> bool:
        step = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: 10, pygame.K_PAGEUP: -10}
        if event.key in step:
            self._theme_scroll(step[event.key])
            return True
        if event.key == pygame.K_HOME:
            self.offset = 0
            return True
        if event.key == pygame.K_END:
            self.offset = 10**9
            return True
        return False

    def draw(self, surface, theme: Theme) -> None:
        theme.panel(surface, self.rect)
        lines = self._layout(theme)
        n_vis = self.visible_count(theme)
        self.offset = max(0, min(self.offset, len(lines) - n_vis))
        pad = theme.m("padding")
        lh = self._line_h(theme)
        y = self.rect.y + pad
        for text, style in lines[self.offset:self.offset + n_vis]:
            size, color, bold = self.style(style)
            theme.draw_text(surface, text, (self.rect.x + pad, y + (lh - theme.line_height(size)) // 2), size,
                            theme.c(color), bold)
            y += lh
        draw_scrollbar(surface, theme, self.rect, self.offset, n_vis, len(lines))
