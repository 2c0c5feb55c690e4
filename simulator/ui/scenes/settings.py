"""Settings: language, text size, guided hints, full screen. Sound stays off (the game has none)."""
from __future__ import annotations

import pygame

from ..context import TEXT_SCALES
from ..widgets import Button, Choice, Toggle
from .base import Scene


class SettingsScene(Scene):
    """A few choices, kept between runs."""

    def __init__(self, app):
        super().__init__(app)
        s = self.ctx.settings
        f, t = self.form, self.t
        self.lang = f.add(Choice("settings.lang", lambda: [("ru", "Русский"), ("en", "English")],
                                 self.ctx.set_language, prefix=self.lazy("settings.lang")))
        self.lang.select(self.ctx.lang)
        self.text = f.add(Choice("settings.text", lambda: [(v, f"{v * 100:.0f}%") for v in TEXT_SCALES], self._text,
                                 prefix=self.lazy("settings.text")))
        self.text.select(s.text_scale)
        self.hints = f.add(Toggle("settings.hints", self.lazy("settings.hints"), s.hints, self._hints))
        self.full = f.add(Button("settings.fullscreen", self.lazy("settings.fullscreen"), self.app.toggle_fullscreen))
        self.done = f.add(Button("settings.done", self.lazy("common.back"), self.back, primary=True))
        self.form.set_focus(self.lang)

    def _text(self, value: float) -> None:
        self.ctx.settings.text_scale = value
        self.ctx.save_settings()
        self.app.relayout()

    def _hints(self, value: bool) -> None:
        self.ctx.settings.hints = value
        if value:
            self.ctx.tutorial_seen.discard("desk")
        self.ctx.save_settings()

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh = th.m("padding") * 3, th.m("gap") * 2, th.m("button_height")
        w = min(size[0] - 2 * pad, int(560 * th.scale))
        y = pad + th.line_height("title") + th.line_height("body") + gap
        for widget in (self.lang, self.text, self.hints, self.full):
            widget.rect = pygame.Rect(pad, y, w, bh)
            y += bh + gap
        self.done.rect = pygame.Rect(pad, y + gap, w // 2, bh)

    def draw(self, surface) -> None:
        surface.fill(self.theme.c("background"))
        self.title_bar(surface, self.t("settings.title"), self.t("settings.subtitle"))
        self.draw_widgets(surface)
