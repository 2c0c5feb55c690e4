"""One prompt after the debrief, tied to the game's biggest miss by cause (the engine's
:func:`~simulator.engine.learning.biggest_miss`): "you lost 4 renewals to silence; what will you do in the first
month next time?". The answer is kept with the replay and shown in the trainer's review."""
from __future__ import annotations

import pygame

from ...engine import biggest_miss
from ..widgets import Button, TextField, button_row
from .base import Scene
from .desk_card import product_name

MAX_TEXT = 300


class ReflectScene(Scene):
    """The prompt, a line to type in, Save or Not now."""

    overlay = True

    def __init__(self, app):
        super().__init__(app)
        session = self.ctx.session
        self.miss = biggest_miss(session.game)
        kept = session.learning.reflection
        f = self.form
        self.field = f.add(TextField("reflect.text", self.ctx.gui, kept.text if kept else "",
                                     self.lazy("reflect.placeholder"), max_length=MAX_TEXT, on_enter=self.save))
        self.save_btn = f.add(Button("reflect.save", self.lazy("reflect.save"), self.save, primary=True))
        self.skip_btn = f.add(Button("reflect.skip", self.lazy("reflect.skip"), self.app.pop))
        self.form.set_focus(self.field)
        self.box = pygame.Rect(0, 0, 0, 0)

    def prompt(self) -> str:
        """The prompt in words, with the miss's numbers."""
        numbers = dict(self.miss.numbers)
        if "product" in numbers:
            numbers["product"] = product_name(self.ctx.session.game, numbers["product"], self.ctx.lang)
        return self.t(f"reflect.prompt.{self.miss.code}", **numbers)

    def subtitle(self) -> str:
        """What the prompt is for (no miss named when nothing stood out)."""
        return self.t("reflect.subtitle.none" if self.miss.code == "none" else "reflect.subtitle")

    def save(self) -> None:
        """Keep the answer with the game (its replay and save) and close."""
        self.ctx.session.reflect(self.miss.code, self.field.value)
        self.app.pop()

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, bh, gap = 2 * th.m("padding"), th.m("button_height"), th.m("gap")
        w = min(size[0] - 40, int(860 * th.scale))
        inner = w - 2 * pad
        self.text_h = self.dialog_text_height(self.prompt(), self.subtitle(), inner) + gap
        h = self.text_h + 2 * bh + 3 * gap + 2 * pad
        self.box = pygame.Rect((size[0] - w) // 2, max(10, (size[1] - h) // 2), w, h)
        self.field.rect = pygame.Rect(self.box.x + pad, self.box.y + pad + self.text_h, inner, bh)
        button_row([self.save_btn, self.skip_btn], self.box.x + pad, self.box.bottom - pad - bh, inner, bh, gap, th)

    def draw(self, surface) -> None:
        th = self.theme
        self.dialog_box(surface, self.box)
        pad = 2 * th.m("padding")
        x, w, y = self.box.x + pad, self.box.width - 2 * pad, self.box.y + pad
        th.draw_text(surface, self.t("reflect.title"), (x, y), "large", bold=True, max_width=w)
        y += th.line_height("large")
        y += th.draw_wrapped(surface, self.prompt(), pygame.Rect(x, y, w, 8 * th.line_height("body")), "body")
        th.draw_wrapped(surface, self.subtitle(), pygame.Rect(x, y, w, 3 * th.line_height("small")),
                        "small", th.c("muted"))
        self.draw_widgets(surface)
