"""Who holds which book: each segment with its clients and its seller (or nobody: a forgotten book)."""
from __future__ import annotations

import pygame

from ...head import HeadDecision
from ..texts import percent
from ..widgets import Button, Choice
from .base import Scene, read_from_afar
from .head_page import DecisionPage
from .head_texts import person_name, segment_name


class HeadSegmentsScene(DecisionPage, Scene):
    """A holder per segment; Apply hands the books over (the game checks the decision)."""

    def __init__(self, app):
        super().__init__(app)
        self.session = self.ctx.session
        game = self.session.game
        lazy, f = self.lazy, self.form
        self.choices: dict[str, Choice] = {}
        for seg in game.segment_ids:
            ch = f.add(Choice(f"head_segments.{seg}", self.holders, None,
                              prefix=lambda seg=seg: segment_name(self.session.game, seg, self.ctx.lang)))
            ch.select(game.holder[seg])
            self.choices[seg] = ch
        self.apply_btn = self.action_btn = f.add(Button("head_segments.apply", lazy("head_segments.apply"), self.apply, primary=True))
        self.back_btn = f.add(Button("head_segments.back", lazy("common.back"), self.back))
        self.status, self.status_kind = "", "muted"
        if self.choices:
            f.set_focus(next(iter(self.choices.values())))

    def holders(self) -> list[tuple[str | None, str]]:
        game = self.session.game
        return [(None, self.t("head_segments.nobody"))] + [(s.id, person_name(game, s.id, self.ctx.lang))
                                                           for s in game.team_members()]

    def apply(self) -> None:
        game = self.session.game
        changes = {seg: ch.value for seg, ch in self.choices.items() if ch.value != game.holder[seg]}
        if not changes:
            self.status, self.status_kind = self.t("head_segments.no_change"), "muted"
            return
        self.decide(HeadDecision(assign=changes), "head_segments.applied")

    @read_from_afar
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        w = min(size[0] - 2 * pad, int(760 * th.scale))
        y = top
        self.rows_y = {}
        for seg, ch in self.choices.items():
            self.rows_y[seg] = y
            ch.rect = pygame.Rect(pad, y, w, bh)
            y += bh + th.line_height("small") + gap
        self.place_footer(size, pad, bh, self.t("head_segments.apply"))
        self.note = pygame.Rect(pad, y, w, self.status_y - y - 4)

    @read_from_afar
    def draw(self, surface) -> None:
        th, game, t = self.theme, self.session.game, self.t
        surface.fill(th.c("background"))
        self.title_bar(surface, t("head_segments.title"), t("head_segments.subtitle"))
        for seg, ch in self.choices.items():
            n = game.books[seg].n_clients
            loyalty = game.reports[-1].book_reports[seg].kpis["loyalty"] if game.reports else None
            line = t("head_segments.clients", count=n)
            if loyalty is not None:
                line += " · " + t("head_segments.loyalty", loyalty=percent(loyalty))
            if ch.value is None:
                line += " · " + t("head_segments.forgotten")
            th.draw_text(surface, line, (ch.rect.x + 8, ch.rect.bottom + 2), "small",
                         th.c("warn" if ch.value is None else "muted"), max_width=ch.rect.width)
        th.draw_wrapped(surface, t("head_segments.why"), self.note, "body", th.c("muted"))
        self.draw_widgets(surface)
        self.draw_status(surface)
