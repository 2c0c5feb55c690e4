"""Interview and hiring: ask a candidate a few questions (questions from different areas show flexibility and
empathy, the career path shows diligence, the talk about pay shows greed), then hire him with an honest promise."""
from __future__ import annotations

from functools import partial

import pygame

from ...head import QUESTIONS, HeadDecision
from ..texts import money
from ..widgets import Button, Choice, Shortcut, Slider
from .base import Scene, read_from_afar
from .head_page import CandidatePage
from .head_texts import TRAIT_ORDER, person_name, person_story, trait_level


class HeadHireScene(CandidatePage, Scene):
    """One candidate at a time: his CV, the questions, what they showed, the promise, Hire."""

    def __init__(self, app):
        super().__init__(app)
        self.session = self.ctx.session
        game = self.session.game
        self.currency = game.scenario.desk.currency
        lazy, f = self.lazy, self.form
        self.who = f.add(Choice("head_hire.candidate", self.options, self._pick, prefix=lazy("head_hire.candidate")))
        self.questions: list[Button] = []
        for q in QUESTIONS:
            b = f.add(Button(f"head_hire.ask.{q}", partial(self.question_label, q), partial(self.ask, q),
                             tooltip=lazy(f"head_hire.area.{QUESTIONS[q]}")))
            b.enabled = lambda q=q: self.can_ask(q)
            b.shortcut = Shortcut(pygame.K_1 + len(self.questions))   # 1..5: ask without reaching for the mouse
            self.questions.append(b)
        first = self.current()
        exp = first.expectation if first else 100_000.0
        self.promise = f.add(Slider("head_hire.promise", 0.0, exp * 2, exp, 1000.0, lambda v: None,
                                    marks=self.promise_marks, tooltip=lazy("head_hire.promise_tip")))
        self.hire_btn = self.action_btn = f.add(Button("head_hire.hire", lazy("head_hire.hire"), self.hire, primary=True))
        self.hire_btn.enabled = lambda: self.current() is not None and \
            len(self.session.game.team_members()) < self.session.game.team.max_sellers
        self.back_btn = f.add(Button("head_hire.back", lazy("common.back"), self.back))
        self.status, self.status_kind = "", "muted"
        f.set_focus(self.who)

    def options(self) -> list[tuple[str, str]]:
        game = self.session.game
        return [(c.id, person_name(game, c.id, self.ctx.lang)) for c in game.candidates()]

    def current(self):
        cid = self.who.value
        return self.session.game.sellers[cid] if cid is not None else None

    def _pick(self, cid: str) -> None:
        c = self.current()
        if c is not None:
            self.promise.high = c.expectation * 2
            self.promise.value = c.expectation
        self.status = ""

    def question_label(self, q: str) -> str:
        c = self.current()
        mark = "✓ " if c is not None and q in c.asked else f"{list(QUESTIONS).index(q) + 1} · "
        return mark + self.t(f"head_hire.q.{q}")

    def can_ask(self, q: str) -> bool:
        c = self.current()
        return c is not None and q not in c.asked and len(c.asked) < self.session.game.team.interview_questions

    def promise_marks(self) -> list[tuple[float, str]]:
        c = self.current()
        outlook = self.session.game.pay_outlook(self.team_scheme())
        return ([(c.expectation, "text")] if c is not None else []) + [(outlook, "good")]

    def team_scheme(self):
        game = self.session.game
        members = game.team_members()
        return members[0].pay if members else game.team.pay

    # --- actions ----------------------------------------------------------------
    def ask(self, q: str) -> None:
        c = self.current()
        if c is None:
            return
        if self.decide(HeadDecision(interviews={c.id: [q]}), "head_hire.asked",
                       name=person_name(self.session.game, c.id, self.ctx.lang)):
            self.status_kind = "muted"

    # --- layout and drawing -----------------------------------------------------
    @read_from_afar
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        lh = th.line_height("small")
        w = min(int(size[0] * 0.46), int(580 * th.scale))
        self.who.rect = pygame.Rect(pad, top, w, bh)
        y = top + bh + gap
        self.questions_y = y
        y += lh + 2
        for b in self.questions:
            b.rect = pygame.Rect(pad, y, w, bh)
            y += bh + 4
        self.card = pygame.Rect(pad + w + 2 * pad, top, size[0] - 4 * pad - w, 0)
        by = size[1] - pad - bh
        self.promise_y = by - 2 * gap - bh - lh - 2 * lh
        self.promise.rect = pygame.Rect(self.card.x, self.promise_y + lh + 2, self.card.width, bh - 8)
        self.card.height = self.promise_y - top - gap
        self.place_footer(size, pad, bh, self.t("head_hire.hire"))

    @read_from_afar
    def draw(self, surface) -> None:
        th, lang, game, t = self.theme, self.ctx.lang, self.session.game, self.t
        cur = self.currency
        surface.fill(th.c("background"))
        self.title_bar(surface, t("head_hire.title"), t("head_hire.subtitle", count=game.team.interview_questions))
        c = self.current()
        x = self.who.rect.x
        if c is None:
            th.draw_wrapped(surface, t("head_hire.none_left"), pygame.Rect(x, self.questions_y, self.who.rect.width, 200),
                            "body", th.c("muted"))
            self.draw_widgets(surface)
            return
        th.draw_text(surface, t("head_hire.questions", asked=len(c.asked), total=game.team.interview_questions),
                     (x, self.questions_y), "small", th.c("muted"), max_width=self.who.rect.width)
        r = self.card
        th.panel(surface, r, "panel")
        cx, cy, cw = r.x + 14, r.y + 8, r.width - 28
        th.draw_text(surface, person_name(game, c.id, lang), (cx, cy), "large", bold=True, max_width=cw)
        cy += th.line_height("large")
        story = person_story(game, c.id, lang)
        if story:
            cy += th.draw_wrapped(surface, story, pygame.Rect(cx, cy, cw, 3 * th.line_height("body")), "body",
                                  th.c("muted"), max_lines=3) + 4
        cy += th.draw_wrapped(surface, t("head_hire.expects", expects=money(c.expectation, cur, lang)),
                              pygame.Rect(cx, cy, cw, 2 * th.line_height("body")), "body", max_lines=2) + 6
        traits = c.visible_traits()
        for trait in TRAIT_ORDER:
            if cy + th.line_height("body") > r.bottom - 4:
                break
            th.draw_text(surface, f"{t(f'head.trait.{trait}')}: {trait_level(t, traits[trait])}", (cx, cy), "body",
                         th.c("text" if traits[trait] is not None else "muted"), max_width=cw)
            cy += th.line_height("body")
        cy += 6
        th.draw_wrapped(surface, t("head_hire.lesson"), pygame.Rect(cx, cy, cw, r.bottom - cy - 4), "small",
                        th.c("muted"))
        outlook = game.pay_outlook(self.team_scheme())
        promise = round(self.promise.value, -3)
        kind = "bad" if promise < c.expectation else "warn" if promise > outlook * 1.1 else "text"
        key = "head_hire.promise_low" if promise < c.expectation else \
            "head_hire.promise_high" if promise > outlook * 1.1 else "head_hire.promise_ok"
        th.draw_text(surface, t("head_hire.promise", promise=money(promise, cur, lang)), (r.x, self.promise_y), "small",
                     th.c("muted"), max_width=r.width)
        th.draw_wrapped(surface, t(key, outlook=money(outlook, cur, lang)),
                        pygame.Rect(r.x, self.promise.rect.bottom + 4, r.width, 2 * th.line_height("small")), "small",
                        th.c(kind), max_lines=2)
        self.draw_widgets(surface)
        self.draw_status(surface)
