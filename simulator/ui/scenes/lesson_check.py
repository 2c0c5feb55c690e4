"""The scenario's lesson checks (its YAML ``lesson_checks``), one question at a time, before the game (``pre``) or
after it (``post``): the change between the two is what the game taught, measured apart from the score. Skippable."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pygame

from ..widgets import Button
from .base import SkippableQuestion

MAX_CHOICES = 5


class LessonCheckScene(SkippableQuestion):
    """One check at a time; a click (or 1-5) answers and moves on; Esc skips the rest."""

    def __init__(self, app, phase: str, on_done: Callable[[], None]):
        super().__init__(app, on_done)
        self.phase = phase
        self.checks = self.ctx.session.checks_due(phase)
        self.total = len(self.checks)
        self.k = 0
        f = self.form
        self.choices = [f.add(Button(f"checks.choice.{j}", partial(self._label, j), partial(self.answer, j)))
                        for j in range(MAX_CHOICES)]
        self.skip_btn = f.add(Button("checks.skip", self.lazy("checks.skip"), self.skip))
        self._show()

    @property
    def check(self):
        """The check shown now (None when all are answered)."""
        return self.checks[self.k] if self.k < self.total else None

    def _label(self, j: int) -> str:
        check = self.check
        return "" if check is None or j >= len(check.choices) else f"{j + 1}. {check.choices[j].get(self.ctx.lang)}"

    def _show(self) -> None:
        check = self.check
        for j, b in enumerate(self.choices):
            b.visible = check is not None and j < len(check.choices)
        if check is not None:
            self.form.set_focus(self.choices[0])
        if self.size != (0, 0):
            self.layout(self.size)

    def answer(self, j: int) -> None:
        """Answer the check shown with choice ``j``; the next one, or done."""
        check = self.check
        if check is None or j >= len(check.choices):
            return
        self.ctx.session.answer_check(check.id, self.phase, j)
        self.k += 1
        if self.check is None:
            self._done()
        else:
            self._show()

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN and pygame.K_1 <= event.key <= pygame.K_5:
            self.answer(event.key - pygame.K_1)
            return True
        return super().handle_event(event)

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        w = min(size[0] - 2 * pad, int(900 * th.scale))
        check = self.check
        question = check.question.get(self.ctx.lang) if check is not None else ""
        self.question_top = top + gap + th.line_height("small")
        y = self.question_top + th.line_height("large") * max(1, len(th.wrap(question, w, "large"))) + 2 * gap
        for b in self.choices:
            b.rect = pygame.Rect(pad, y, w, bh + 6)
            if b.visible:
                y += bh + 6 + gap
        self.skip_btn.rect = pygame.Rect(pad, size[1] - pad - bh, min(w, int(320 * th.scale)), bh)

    def draw(self, surface) -> None:
        surface.fill(self.theme.c("background"))
        th = self.theme
        n = self.total
        title = self.t(f"checks.title.{self.phase}", n=n)
        self.title_bar(surface, title, self.t("checks.subtitle", k=min(self.k + 1, n), n=n))
        check = self.check
        if check is not None:
            pad = th.m("padding") * 2
            w = min(surface.get_width() - 2 * pad, int(900 * th.scale))
            lesson = self.t(f"learning.lesson.{check.lesson}")
            th.draw_text(surface, lesson, (pad, self.question_top - th.line_height("small")), "small", th.c("muted"),
                         max_width=w)
            th.draw_wrapped(surface, check.question.get(self.ctx.lang),
                            pygame.Rect(pad, self.question_top, w, 6 * th.line_height("large")), "large", bold=True)
        self.draw_widgets(surface)
