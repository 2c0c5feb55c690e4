"""A modal question over the current screen: Enter confirms, Esc cancels."""
from __future__ import annotations

from collections.abc import Callable

import pygame

from ..widgets import Button
from .base import Scene


class ConfirmScene(Scene):
    """Yes / No over a dimmed screen."""

    overlay = True

    def __init__(self, app, message: str, on_yes: Callable[[], None], yes_key: str = "common.yes",
                 no_key: str = "common.no", safe_default: bool = False):
        super().__init__(app)
        self.message = message
        self.on_yes = on_yes
        self.yes = self.form.add(Button("confirm.yes", self.lazy(yes_key), self._yes, primary=not safe_default))
        self.no = self.form.add(Button("confirm.no", self.lazy(no_key), self.app.pop, primary=safe_default))
        # A question whose "yes" throws work away starts on "no": Esc then Enter must never lose a month's plan.
        self.form.set_focus(self.no if safe_default else self.yes)
        self.box = pygame.Rect(0, 0, 0, 0)

    def _yes(self) -> None:
        self.app.pop()
        self.on_yes()

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        w = min(size[0] - 40, int(640 * th.scale))
        lines = th.wrap(self.message, w - 4 * th.m("padding"), "body")
        h = th.line_height("body") * len(lines) + th.m("button_height") + 6 * th.m("padding")
        self.box = pygame.Rect((size[0] - w) // 2, (size[1] - h) // 2, w, h)
        bw, bh = (w - 6 * th.m("padding")) // 2, th.m("button_height")
        y = self.box.bottom - bh - 2 * th.m("padding")
        self.yes.rect = pygame.Rect(self.box.x + 2 * th.m("padding"), y, bw, bh)
        self.no.rect = pygame.Rect(self.box.right - 2 * th.m("padding") - bw, y, bw, bh)

    def draw(self, surface) -> None:
        th = self.theme
        self.dialog_box(surface, self.box)
        inner = self.box.inflate(-4 * th.m("padding"), -4 * th.m("padding"))
        th.draw_wrapped(surface, self.message, inner, "body")
        self.draw_widgets(surface)
