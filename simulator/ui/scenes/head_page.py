"""What the head's decision pages share (rules, pay, hiring, segments): a decision sent to the game with its
outcome as a status line, and the footer of Back on the left and the page's action on the right."""
from __future__ import annotations

from typing import Any

import pygame

from ...head import HeadDecision, HeadDecisionError, Hire
from ..texts import money
from .head_texts import person_name, refusal


class DecisionPage:
    """A mixin for a head's decision scene (before ``Scene`` in its bases), which has ``session``, ``theme``,
    ``t``, ``back_btn`` and ``action_btn``."""

    status: str = ""
    status_kind: str = "muted"
    status_y: int = 0

    def decide(self, decision: HeadDecision, done: str, **values) -> bool:
        """Apply ``decision`` now; the status says ``done`` (a catalogue key) or why the game refused it."""
        page: Any = self
        try:
            page.session.decide(decision)
        except HeadDecisionError as exc:
            self.status, self.status_kind = refusal(page.t, exc), "bad"
            return False
        self.status, self.status_kind = page.t(done, **values), "good"
        page.ctx.autosave()   # kept at once; the room reports a failing folder when it comes back
        return True

    def place_footer(self, size: tuple[int, int], pad: int, bh: int, action_label: str) -> int:
        """Back bottom-left, the action bottom-right (as wide as its label needs), the status line above them;
        returns the status line's y."""
        page: Any = self
        th = page.theme
        by = size[1] - pad - bh
        page.back_btn.rect = pygame.Rect(pad, by, int(180 * th.scale), bh)
        aw = max(int(260 * th.scale), th.font("body", True).size(action_label)[0] + 40)
        page.action_btn.rect = pygame.Rect(size[0] - pad - aw, by, aw, bh)
        self.status_y = by - th.line_height("small") - 4
        return self.status_y

    def draw_status(self, surface: pygame.Surface) -> None:
        """The last decision's outcome, above the footer."""
        page: Any = self
        if self.status:
            x = page.back_btn.rect.x
            page.theme.draw_text(surface, self.status, (x, self.status_y), "small", page.theme.c(self.status_kind),
                                 max_width=surface.get_width() - 2 * x)


class CandidatePage(DecisionPage):
    """A decision page about candidates (hiring, the structured interview), which also has ``current()`` (the
    candidate shown), ``promise`` (a slider), ``who`` (the candidate picker), ``_pick`` and ``currency``."""

    def hire(self) -> None:
        """Offer the job at the promise; below his expectation he says no (and nothing changes)."""
        page: Any = self
        c = page.current()
        if c is None:
            return
        game, lang = page.session.game, page.ctx.lang
        name = person_name(game, c.id, lang)
        promise = round(page.promise.value, -3)
        if not self.decide(HeadDecision(hire=[Hire(candidate=c.id, promise=promise)]), "head_hire.joined", name=name):
            return
        if game.sellers[c.id].status == "hired":
            page.who.index = 0
            page._pick(page.who.value)
        else:
            self.status, self.status_kind = page.t("head_hire.said_no", name=name,
                                                   promise=money(promise, page.currency, lang)), "bad"
