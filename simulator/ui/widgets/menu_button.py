"""A button whose label is a sentence: wrapped over up to a few lines, left-aligned, its direct key in a badge on
the left (a conversation's questions: "1", "2", ...)."""
from __future__ import annotations

from collections.abc import Callable

import pygame

from ..theme import Theme
from .base import TextSource, resolve
from .controls import Button


class MenuButton(Button):
    """A sentence to pick; ``badge`` is the key shown at its left."""

    def __init__(self, wid: str, text: TextSource, on_click: Callable[[], None], badge: str = "",
                 size: str = "body", max_lines: int = 3):
        super().__init__(wid, text, on_click, size=size)
        self.badge, self.max_lines = badge, max_lines

    def _badge_w(self, theme: Theme) -> int:
        return theme.font(self.size, True).size("8")[0] + 3 * theme.m("padding") if self.badge else theme.m("padding")

    def text_width(self, theme: Theme, width: int) -> int:
        """The room the label has in a button ``width`` wide."""
        return max(40, width - self._badge_w(theme) - theme.m("padding"))

    def height_for(self, theme: Theme, width: int) -> int:
        """The height the label needs in a button ``width`` wide (at most ``max_lines`` lines)."""
        lines = min(self.max_lines, len(theme.wrap(resolve(self.text), self.text_width(theme, width), self.size)))
        return max(theme.m("button_height"), lines * theme.line_height(self.size) + 2 * theme.m("padding"))

    def draw(self, surface, theme: Theme) -> None:
        enabled = self.is_enabled()
        color = theme.c("button_hover") if self.hovered and enabled else theme.c("button" if enabled else "button_disabled")
        pygame.draw.rect(surface, color, self.rect, border_radius=theme.m("radius"))
        text_color = theme.c("button_text" if enabled else "muted")
        pad, lh = theme.m("padding"), theme.line_height(self.size)
        if self.badge:
            theme.draw_text(surface, self.badge, (self.rect.x + pad, self.rect.y + pad), self.size, text_color, True)
        x = self.rect.x + self._badge_w(theme)
        room = self.text_width(theme, self.rect.width)
        lines = theme.wrap(resolve(self.text), room, self.size)
        self.label_cut = len(lines) > self.max_lines
        if self.label_cut:
            lines = lines[:self.max_lines]
            lines[-1] = theme.fit(lines[-1] + " …", room, self.size)
        y = self.rect.y + (self.rect.height - len(lines) * lh) // 2
        for line in lines:
            theme.draw_text(surface, line, (x, y), self.size, text_color)
            y += lh
