"""The structured interview (scenarios with an interview menu): pick questions from the menu, read each answer as
the candidate said it, mark it on the scorecard, hire with an honest promise. The answers come from the head game
(``game.answers_of``); this screen only shows them and sends the head's decisions."""
from __future__ import annotations

from functools import partial

import pygame

from ...head import HeadDecision
from ..texts import money
from ..widgets import Button, Choice, Shortcut, Slider
from .base import Scene, read_from_afar
from .head_page import CandidatePage
from .head_texts import person_name, person_story

ANSWER_LINES = 3    # lines an answer may take on the card
SCORES = (None, 1, 2, 3, 4, 5)


class HeadInterviewScene(CandidatePage, Scene):
    """One candidate at a time: his CV, the question menu, his answers as text, the scorecard, the promise, Hire."""

    def __init__(self, app):
        super().__init__(app)
        self.session = self.ctx.session
        game = self.session.game
        menu = game.team.interview
        assert menu is not None, "the structured interview needs the scenario's interview menu"
        self.menu = menu
        self.currency = game.scenario.desk.currency
        lazy, f = self.lazy, self.form
        self.who = f.add(Choice("head_interview.candidate", self.options, self._pick,
                                prefix=lazy("head_interview.candidate")))
        self.questions: list[Button] = []
        for k, q in enumerate(menu.questions):
            b = f.add(Button(f"head_interview.ask.{q.id}", partial(self.question_label, q.id), partial(self.ask, q.id),
                             tooltip=lazy(f"head_interview.kind_tip.{q.kind}")))
            b.enabled = partial(self.can_ask, q.id)
            if k < 9:
                b.shortcut = Shortcut(pygame.K_1 + k)   # 1..9: ask without reaching for the mouse
            self.questions.append(b)
        self.marks: list[Choice] = []
        for k in range(game.team.interview_questions):
            c = f.add(Choice(f"head_interview.score.{k}", self.score_options, partial(self.mark, k),
                             prefix=lazy("head_interview.score"), tooltip=lazy("head_interview.score_tip")))
            c.size = "small"
            self.marks.append(c)
        first = self.current()
        exp = first.expectation if first else 100_000.0
        self.promise = f.add(Slider("head_interview.promise", 0.0, exp * 2, exp, 1000.0, lambda v: None,
                                    marks=self.promise_marks, tooltip=lazy("head_hire.promise_tip")))
        self.hire_btn = self.action_btn = f.add(Button("head_interview.hire", lazy("head_hire.hire"), self.hire,
                                                       primary=True))
        self.hire_btn.enabled = lambda: self.current() is not None and \
            len(self.session.game.team_members()) < self.session.game.team.max_sellers
        self.back_btn = f.add(Button("head_interview.back", lazy("common.back"), self.back))
        self.status, self.status_kind = "", "muted"
        self._sync_marks()
        f.set_focus(self.who)

    # --- what the page reads ---------------------------------------------------
    def options(self) -> list[tuple[str, str]]:
        game = self.session.game
        return [(c.id, person_name(game, c.id, self.ctx.lang)) for c in game.candidates()]

    def current(self):
        cid = self.who.value
        return self.session.game.sellers[cid] if cid is not None else None

    def answers(self) -> tuple:
        c = self.current()
        return self.session.game.answers_of(c.id) if c is not None else ()

    def question(self, qid: str):
        return next(q for q in self.menu.questions if q.id == qid)

    def question_label(self, qid: str) -> str:
        q, c = self.question(qid), self.current()
        label = (q.label or q.text).get(self.ctx.lang)
        mark = "✓ " if c is not None and qid in c.asked else ""
        return f"{mark}{label} · {self.t(f'head_interview.kind.{q.kind}')}"

    def can_ask(self, qid: str) -> bool:
        c = self.current()
        return c is not None and qid not in c.asked and len(c.asked) < self.session.game.team.interview_questions

    def score_options(self) -> list[tuple[int | None, str]]:
        return [(s, "—" if s is None else str(s)) for s in SCORES]

    def promise_marks(self) -> list[tuple[float, str]]:
        c = self.current()
        return ([(c.expectation, "text")] if c is not None else []) + [(self.outlook(), "good")]

    def outlook(self) -> float:
        game = self.session.game
        members = game.team_members()
        return game.pay_outlook(members[0].pay if members else game.team.pay)

    # --- actions ----------------------------------------------------------------
    def _pick(self, cid: str) -> None:
        c = self.current()
        if c is not None:
            self.promise.high = c.expectation * 2
            self.promise.value = c.expectation
        self.status = ""
        self._sync_marks()

    def _sync_marks(self) -> None:
        """The scorecard's choices show the marks the game holds for this candidate's answers."""
        c = self.current()
        card = self.session.game.scorecard_of(c.id) if c is not None else {}
        answers = self.answers()
        for k, choice in enumerate(self.marks):
            choice.visible = k < len(answers)
            choice.select(card.get(answers[k].question) if k < len(answers) else None)

    def ask(self, qid: str) -> None:
        c = self.current()
        if c is None:
            return
        self.decide(HeadDecision(interviews={c.id: [qid]}), "head_hire.asked",
                    name=person_name(self.session.game, c.id, self.ctx.lang))
        self._sync_marks()

    def mark(self, k: int, score: int | None) -> None:
        c, answers = self.current(), self.answers()
        if c is None or k >= len(answers) or score is None:
            return
        self.decide(HeadDecision(scorecard={c.id: {answers[k].question: score}}), "head_interview.scored",
                    name=person_name(self.session.game, c.id, self.ctx.lang), score=score)

    # --- layout and drawing -----------------------------------------------------
    @read_from_afar
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        w = min(int(size[0] * 0.4), int(560 * th.scale))
        self.who.rect = pygame.Rect(pad, top, w, bh)
        y = top + bh + gap
        qh = max(bh - 6, th.line_height("body") + 8)
        for b in self.questions:
            b.rect = pygame.Rect(pad, y, w, qh)
            y += qh + 3
        lh = th.line_height("small")
        status_y = self.place_footer(size, pad, bh, self.t("head_hire.hire"))
        self.card = pygame.Rect(pad + w + pad, top, size[0] - 3 * pad - w, status_y - gap - top)
        # the promise sits under the menu, left: the card keeps the height the answers need
        self.promise_y = max(y + gap, status_y - gap - 4 * lh - bh)
        self.promise.rect = pygame.Rect(pad, self.promise_y + lh + 2, w, bh - 8)
        head = th.line_height("large") + 2 * th.line_height("body") + th.line_height("small") + 14
        self.answers_top = self.card.y + head
        room = (self.card.bottom - 6 - self.answers_top) // max(len(self.marks), 1)
        self.question_lines = 2 if room >= self.slot_height(2) else 1
        slot = self.slot_height()
        mw = th.font("small").size(self.t("head_interview.score") + ": —")[0] + int(70 * th.scale)
        for k, choice in enumerate(self.marks):
            choice.rect = pygame.Rect(self.card.right - 14 - mw, self.answers_top + k * slot, mw, lh + 6)

    question_lines = 1

    def slot_height(self, question_lines: int | None = None) -> int:
        """Height of one question and its answer on the card."""
        th = self.theme
        lines = self.question_lines if question_lines is None else question_lines
        return lines * th.line_height("small") + 6 + ANSWER_LINES * th.line_height("body") + 6

    @read_from_afar
    def draw(self, surface) -> None:
        th, lang, game, t = self.theme, self.ctx.lang, self.session.game, self.t
        cur = self.currency
        surface.fill(th.c("background"))
        self.title_bar(surface, t("head_interview.title"), t("head_interview.subtitle", count=game.team.interview_questions))
        c = self.current()
        if c is None:
            th.draw_wrapped(surface, t("head_hire.none_left"),
                            pygame.Rect(self.who.rect.x, self.who.rect.bottom + 8, self.who.rect.width, 200), "body",
                            th.c("muted"))
            self.draw_widgets(surface)
            return
        r = self.card
        th.panel(surface, r, "panel")
        cx, cy, cw = r.x + 14, r.y + 8, r.width - 28
        th.draw_text(surface, person_name(game, c.id, lang), (cx, cy), "large", bold=True, max_width=cw // 2)
        th.draw_text(surface, t("head_hire.expects", expects=money(c.expectation, cur, lang)),
                     (r.right - 14, cy + 4), "body", th.c("muted"), max_width=cw // 2, align="right")
        cy += th.line_height("large")
        story = person_story(game, c.id, lang)
        if story:
            th.draw_wrapped(surface, story, pygame.Rect(cx, cy, cw, 2 * th.line_height("body")), "body",
                            th.c("muted"), max_lines=2)
        cy = self.answers_top - th.line_height("small") - 6
        th.draw_text(surface, t("head_hire.questions", asked=len(c.asked), total=game.team.interview_questions),
                     (cx, cy), "small", th.c("muted"), max_width=cw)
        answers = self.answers()
        slot = self.slot_height()
        if not answers:
            th.draw_wrapped(surface, t("head_interview.no_answers"),
                            pygame.Rect(cx, self.answers_top, cw, 3 * th.line_height("body")), "body", th.c("muted"))
        for k, a in enumerate(answers):
            y = self.answers_top + k * slot
            q = self.question(a.question)
            qh = self.question_lines * th.line_height("small")
            th.draw_wrapped(surface, q.text.get(lang), pygame.Rect(cx, y + 2, cw - self.marks[0].rect.width - 10, qh),
                            "small", th.c("accent"), max_lines=self.question_lines)
            th.draw_wrapped(surface, f"— {a.text.get(lang)}",
                            pygame.Rect(cx + 8, y + qh + 6, cw - 8, ANSWER_LINES * th.line_height("body")),
                            "body", max_lines=ANSWER_LINES)
        bottom = self.answers_top + max(len(answers), 1) * slot + 4
        if bottom + 2 * th.line_height("small") <= r.bottom - 4:
            th.draw_wrapped(surface, t("head_interview.lesson"), pygame.Rect(cx, bottom, cw, r.bottom - bottom - 4),
                            "small", th.c("muted"))
        outlook = self.outlook()
        promise = round(self.promise.value, -3)
        kind = "bad" if promise < c.expectation else "warn" if promise > outlook * 1.1 else "text"
        key = "head_hire.promise_low" if promise < c.expectation else \
            "head_hire.promise_high" if promise > outlook * 1.1 else "head_hire.promise_ok"
        pr = self.promise.rect
        th.draw_text(surface, t("head_hire.promise", promise=money(promise, cur, lang)), (pr.x, self.promise_y), "small",
                     th.c("muted"), max_width=pr.width)
        th.draw_wrapped(surface, t(key, outlook=money(outlook, cur, lang)),
                        pygame.Rect(pr.x, pr.bottom + 4, pr.width, 3 * th.line_height("small")), "small",
                        th.c(kind), max_lines=3)
        self.draw_widgets(surface)
        self.draw_status(surface)
