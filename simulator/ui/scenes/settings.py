"""Settings: language, text size, the look (dark, or light for a projector), guided hints, full screen, the
workshop server. Sound stays off (the game has none)."""
from __future__ import annotations

import pygame

from ...store.outbox import clean_code, clean_server
from ..context import TEXT_SCALES
from ..widgets import Button, Choice, Label, Shortcut, TextField, Toggle
from .base import Scene


class SettingsScene(Scene):
    """A few choices, kept between runs."""

    def __init__(self, app):
        super().__init__(app)
        s = self.ctx.settings
        f = self.form
        self.lang = f.add(Choice("settings.lang", lambda: [(code, self.ctx.i18n.language_name(code))
                                                    for code in self.ctx.i18n.languages],
                                 self.ctx.set_language, prefix=self.lazy("settings.lang")))
        self.lang.select(self.ctx.lang)
        self.text = f.add(Choice("settings.text", lambda: [(v, f"{v * 100:.0f}%") for v in TEXT_SCALES], self._text,
                                 prefix=self.lazy("settings.text")))
        self.text.select(s.text_scale)
        self.look = f.add(Choice("settings.theme", lambda: [("dark", self.t("settings.theme_dark")),
                                                            ("light", self.t("settings.theme_light"))],
                                 self.ctx.set_theme, prefix=self.lazy("settings.theme")))
        self.look.select(s.theme)
        self.hints = f.add(Toggle("settings.hints", self.lazy("settings.hints"), s.hints, self._hints))
        self.motion = f.add(Toggle("settings.motion", self.lazy("settings.motion"), s.motion, self._motion,
                                   tooltip=self.lazy("settings.motion_tip")))
        self.motion.shortcut = Shortcut(pygame.K_m)
        self.questions = f.add(Toggle("settings.questions", self.lazy("settings.questions"), s.questions,
                                      self._questions, tooltip=self.lazy("settings.questions_tip")))
        self.full = f.add(Button("settings.fullscreen", self.lazy("settings.fullscreen"), self.app.toggle_fullscreen))
        self.full.shortcut = Shortcut(pygame.K_F11)  # the app's own key, anywhere
        gui = self.ctx.gui
        self.server_label = f.add(Label("settings.server_label", self.lazy("settings.server"), "small", "muted"))
        self.server = f.add(TextField("settings.server", gui, s.server, self.lazy("settings.server_placeholder"),
                                      max_length=200, on_change=self._server))
        self.code_label = f.add(Label("settings.code_label", self.lazy("settings.code"), "small", "muted"))
        self.code = f.add(TextField("settings.code", gui, s.code, self.lazy("settings.code_placeholder"),
                                    max_length=32, on_change=self._code))
        self.outbox = f.add(Label("settings.outbox", self.outbox_text, "small", "muted", wrap=True))
        self.send_now = f.add(Button("settings.send_now", self.lazy("settings.send_now"), self._send_now))
        self.send_now.enabled = lambda: (self.ctx.workshop is not None and not self.ctx.workshop.busy
                                         and self.ctx.workshop.waiting() > 0)
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

    def _motion(self, value: bool) -> None:
        self.ctx.settings.motion = value
        self.ctx.save_settings()

    def _questions(self, value: bool) -> None:
        self.ctx.settings.questions = value
        self.ctx.save_settings()

    def _server(self, text: str) -> None:
        self.ctx.settings.server = text.strip()
        self.ctx.save_settings()

    def _code(self, text: str) -> None:
        self.ctx.settings.code = clean_code(text)
        self.ctx.save_settings()

    def _send_now(self) -> None:
        if self.ctx.workshop is not None:
            self.ctx.workshop.send_all()

    def outbox_text(self) -> str:
        """The workshop line: a bad address, or what waits in the outbox and what happened last."""
        try:
            clean_server(self.ctx.settings.server)
        except ValueError:
            return self.t("settings.server_invalid")
        sender = self.ctx.workshop
        if sender is None:
            return ""
        if sender.busy:
            return self.t("settings.outbox_sending")
        waiting = sender.waiting()
        text = self.t("settings.outbox_waiting", count=waiting) if waiting else self.t("settings.outbox_empty")
        refused = sender.outbox.refused()
        if refused:
            text += " " + self.t("settings.outbox_refused", count=refused, folder=str(sender.outbox.refused_folder))
        return text

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh = th.m("padding") * 3, th.m("gap") * 2, th.m("button_height")
        w = min(size[0] - 2 * pad, int(560 * th.scale))
        y = pad + th.line_height("title") + th.line_height("body") + gap
        for widget in (self.lang, self.text, self.look, self.hints, self.motion, self.questions, self.full):
            widget.rect = pygame.Rect(pad, y, w, bh)
            y += bh + gap
        # The workshop server: a column beside the others when the window is wide, else below them.
        wide = size[0] >= 2 * w + 3 * pad
        x2, y2 = (2 * pad + w, pad + th.line_height("title") + th.line_height("body") + gap) if wide else (pad, y)
        small = th.line_height("small")
        for label, field in ((self.server_label, self.server), (self.code_label, self.code)):
            label.rect = pygame.Rect(x2, y2, w, small)
            field.rect = pygame.Rect(x2, y2 + small + 2, w, bh)
            y2 += small + 2 + bh + gap
        self.outbox.rect = pygame.Rect(x2, y2, w, 3 * small)
        y2 += 3 * small + gap
        self.send_now.rect = pygame.Rect(x2, y2, w, bh)
        y2 += bh + gap
        self.done.rect = pygame.Rect(pad, (y if wide else y2) + gap, w // 2, bh)

    def draw(self, surface) -> None:
        surface.fill(self.theme.c("background"))
        self.title_bar(surface, self.t("settings.title"), self.t("settings.subtitle"))
        self.draw_widgets(surface)
