"""Predict, then see: one question before the month resolves (over the desk), its choices and a confidence slider.

The question is the engine's (:mod:`~simulator.engine.predictions`), about the player's own plan; the answer is
checked against what the month then does and shown in the month report. Skipping (Esc) is always fine.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pygame

from ..texts import percent
from ..widgets import Button, Slider, button_row
from .base import SkippableQuestion
from .learning_text import choice_text, question_text

CONFIDENCE = (0.3, 1.0, 0.1, 0.6)   # low, high, step, start: a three-way guess is right a third of the time


class PredictScene(SkippableQuestion):
    """A question over the desk: pick an answer (1-4 or click), say how sure, answer or skip."""

    overlay = True

    def __init__(self, app, question, on_done: Callable[[], None]):
        super().__init__(app, on_done)
        self.question = question
        self.choice: int | None = None
        self.note = ""
        low, high, step, start = CONFIDENCE
        f = self.form
        self.choices = []
        for k in range(len(question.choices)):
            b = f.add(Button(f"predict.choice.{k}", partial(self._label, k), partial(self.pick, k)))
            b.selected = partial(lambda k: self.choice == k, k)
            self.choices.append(b)
        self.confidence = f.add(Slider("predict.confidence", low, high, start, step, lambda _v: None))
        self.answer_btn = f.add(Button("predict.answer", self.lazy("predict.answer"), self.answer, primary=True))
        self.skip_btn = f.add(Button("predict.skip", self.lazy("predict.skip"), self.skip))
        self.form.set_focus(self.choices[0])
        self.box = pygame.Rect(0, 0, 0, 0)

    def _label(self, k: int) -> str:
        return f"{k + 1}. {choice_text(self.t, self.question, k)}"

    def pick(self, k: int) -> None:
        """Choose answer ``k``."""
        self.choice = k
        self.note = ""

    def answer(self) -> None:
        """Keep the answer and play the month."""
        if self.choice is None:
            self.note = self.t("predict.pick_first")
            return
        self.ctx.session.predict(self.question, self.choice, self.confidence.value)
        self._done()

    def skip(self) -> None:
        """No answer this time; the month plays on."""
        self.ctx.session.predict(self.question, None)
        self._done()

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN and pygame.K_1 <= event.key < pygame.K_1 + len(self.choices):
            self.pick(event.key - pygame.K_1)
            return True
        return super().handle_event(event)

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, bh, gap = 2 * th.m("padding"), th.m("button_height"), th.m("gap")
        w = min(size[0] - 40, int(820 * th.scale))
        inner = w - 2 * pad
        text = question_text(self.t, self.ctx.session.game, self.question, self.ctx.lang)
        self.lines_h = self.dialog_text_height(text, self.t("predict.subtitle"), inner)
        h = self.lines_h + len(self.choices) * (bh + gap) + th.line_height("body") + th.line_height("small") \
            + 2 * bh + 5 * gap + 2 * pad
        self.box = pygame.Rect((size[0] - w) // 2, max(10, (size[1] - h) // 2), w, h)
        y = self.box.y + pad + self.lines_h + 2 * gap
        for b in self.choices:
            b.rect = pygame.Rect(self.box.x + pad, y, inner, bh)
            y += bh + gap
        self.conf_y = y + gap
        self.confidence.rect = pygame.Rect(self.box.x + pad, self.conf_y + th.line_height("body"), inner, bh)
        self.note_y = self.confidence.rect.bottom + gap
        button_row([self.answer_btn, self.skip_btn], self.box.x + pad, self.box.bottom - pad - bh, inner, bh, gap, th)

    def draw(self, surface) -> None:
        th = self.theme
        self.dialog_box(surface, self.box)
        pad = 2 * th.m("padding")
        x, w = self.box.x + pad, self.box.width - 2 * pad
        y = self.box.y + pad
        th.draw_text(surface, self.t("predict.title"), (x, y), "large", bold=True, max_width=w)
        y += th.line_height("large")
        text = question_text(self.t, self.ctx.session.game, self.question, self.ctx.lang)
        y += th.draw_wrapped(surface, text, pygame.Rect(x, y, w, 10 * th.line_height("body")), "body")
        th.draw_wrapped(surface, self.t("predict.subtitle"), pygame.Rect(x, y, w, 4 * th.line_height("small")),
                        "small", th.c("muted"))
        th.draw_text(surface, self.t("predict.confidence", p=percent(self.confidence.value)), (x, self.conf_y),
                     "body", max_width=w)
        if self.note:
            th.draw_text(surface, self.note, (x, self.note_y), "small", th.c("warn"), max_width=w)
        self.draw_widgets(surface)
