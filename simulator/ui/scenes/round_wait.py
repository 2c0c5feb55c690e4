"""Waiting for the trainer in a rounds session (issue 26): over the desk, it says honestly what the game waits for
(the month to close, its results to be revealed, the next month to open), how many plans are in and the trainer's
timer, and that the server does not answer when it does not; *Play on alone* leaves the room's pace for good.

Stages: ``resolve`` (the plan for ``month`` is sent; the month plays once the trainer closes it), ``reveal`` (played;
the report shows once revealed), ``open`` (the next month starts when the trainer opens it). The scene only reads
the :class:`~simulator.ui.rounds.Lockstep`'s last answer; the desk's callbacks do the game's part."""
from __future__ import annotations

from collections.abc import Callable

import pygame

from ..widgets import Button
from .base import Scene


class RoundWaitScene(Scene):
    """'Waiting for the trainer' over the desk."""

    overlay = True

    def __init__(self, app, stage: str, month: int, on_resolved: Callable[[], None] | None = None,
                 on_shown: Callable[[], None] | None = None, ready: Callable[[], bool] | None = None,
                 practice: bool = False):
        super().__init__(app)
        self.stage, self.month = stage, month
        self.on_resolved, self.on_shown = on_resolved, on_shown
        self.ready = ready            # "open": whether the desk below may move on (its month open, a practice...)
        self.practice = practice      # the game waiting is the room's practice round
        self.lock = self.ctx.rounds
        self.alone_btn = self.form.add(Button("rounds.alone", self.lazy("rounds.wait.alone"), self.play_alone))
        self.box = pygame.Rect(0, 0, 0, 0)
        self.done = False

    def back(self) -> None:
        """Esc does not leave: the game waits for the room (or the player chooses to play on alone)."""

    def play_alone(self) -> None:
        """Leave the room's pace: what was waited for happens now, and the game no longer waits."""
        self.lock.alone = True
        self.lock.stop()
        self._advance(force=True)

    def lines(self) -> list[tuple[str, str]]:
        """What the screen says, (text, colour) each: the stage, the count and timer, trouble."""
        t, view, lock = self.t, self.lock.view, self.lock
        out: list[tuple[str, str]] = []
        if self.stage == "resolve":
            sent = lock.sent(self.month)
            out.append((t("rounds.wait.sent" if sent else "rounds.wait.sending", month=self.month), "text"))
            if view is not None:
                out.append((t("rounds.wait.closing", sent=view.sent, people=view.participants), "text"))
        elif self.stage == "reveal":
            out.append((t("rounds.wait.reveal", month=self.month), "text"))
        elif self.practice:
            out.append((t("rounds.wait.practice_wait"), "text"))
        else:
            out.append((t("rounds.wait.open", month=self.month), "text"))
            if view is not None and view.practice:
                out.append((t("rounds.wait.practice"), "muted"))
        if view is not None and view.seconds_left is not None and self.stage == "resolve":
            out.append((t("rounds.wait.timer", seconds=view.seconds_left), "muted"))
        if lock.error:
            out.append((t("rounds.wait.offline", reason=lock.error), "warn"))
        return out

    def update(self, dt: int) -> None:
        self._advance()

    def _advance(self, force: bool = False) -> None:
        """Move on as far as the round allows (all the way with ``force``)."""
        view = self.lock.view
        if self.done:
            return
        if self.practice and view is not None and not view.practice and not force:
            self.done = True  # the trainer ended the practice round: the desk below starts the real game
            self.app.pop()
            return
        if self.stage == "resolve" and (force or (view is not None and self.lock.sent(self.month)
                                                  and view.resolved(self.month) and view.practice == self.practice)):
            if self.on_resolved is not None:
                self.on_resolved()
            self.stage = "reveal"
        if self.stage == "reveal" and (force or (view is not None and view.shown(self.month))):
            self.done = True
            if self.on_shown is not None:
                self.on_shown()  # replaces this screen with the month's report
            return
        if self.stage == "open" and (force or (self.ready is not None and self.ready())):
            self.done = True
            self.app.pop()  # the desk below takes the trainer's events in as it resumes

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        w = min(size[0] - 40, int(760 * th.scale))
        pad, bh = th.m("padding"), th.m("button_height")
        lines = sum(len(th.wrap(text, w - 4 * pad, "body")) for text, _ in self.lines())
        h = th.line_height("title") + th.line_height("body") * (lines + 1) + bh + 7 * pad
        self.box = pygame.Rect((size[0] - w) // 2, (size[1] - h) // 2, w, h)
        bw = max(int(280 * th.scale), th.font("body", True).size(self.t("rounds.wait.alone"))[0] + 40)
        self.alone_btn.rect = pygame.Rect(self.box.centerx - bw // 2, self.box.bottom - bh - 2 * pad, bw, bh)

    def draw(self, surface) -> None:
        th = self.theme
        self.layout(surface.get_size())  # the lines change as the round moves
        self.dialog_box(surface, self.box)
        inner = self.box.inflate(-4 * th.m("padding"), -4 * th.m("padding"))
        th.draw_text(surface, self.t("rounds.wait.title"), inner.topleft, "title", bold=True, max_width=inner.width)
        y = inner.y + th.line_height("title") + th.m("gap")
        for text, colour in self.lines():
            area = pygame.Rect(inner.x, y, inner.width, self.alone_btn.rect.y - y)
            height = len(th.wrap(text, inner.width, "body")) * th.line_height("body")
            th.draw_wrapped(surface, text, area, "body", th.c(colour))
            y += height + th.m("gap") // 2
        self.draw_widgets(surface)
