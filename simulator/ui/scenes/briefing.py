"""Briefing: what the scenario is about, the pay scheme and the market, before month 1."""
from __future__ import annotations

import pygame

from ...store.kinds import GameKind, kind_of
from ..texts import general, kpi_help, kpi_name, kpi_value, money, pay_scheme, percent
from ..widgets import Button, ScrollText, button_row, label_width
from .base import Scene
from .head_texts import briefing_lines as head_briefing_lines


def briefing_lines(ctx) -> list[tuple[str, str]]:
    """The briefing page as styled lines."""
    session = ctx.session
    s, lang, t = session.scenario, ctx.lang, ctx.t
    cur = s.desk.currency
    lines: list[tuple[str, str]] = []
    if s.lesson:
        lines += [(s.lesson.get(lang), "h"), ("", "body")]
    lines += [(s.briefing.get(lang), "body"), ("", "body"), (t("brief.facts"), "h")]
    lines.append((t("brief.facts_line", months=s.turns, hours=general(s.desk.hours_per_month, lang), clients=s.client_count(),
                    seed=session.seed), "body"))
    lines += [("", "body"), (t("brief.pay"), "h")]
    lines += [(line, "body") for line in pay_scheme(s, t, lang)]
    lines += [("", "body"), (t("brief.products"), "h")]
    for p in s.products:
        if p.markup.fixed:
            band = t("brief.fixed", markup=percent(p.markup.start))
        else:
            band = t("brief.band", low=percent(p.markup.min), high=percent(p.markup.max))
        cycle = t("brief.cycle", months=p.cycle_months) if p.cycle_months else t("brief.one_off")
        lines.append((t("brief.product", name=p.name.get(lang), cost=money(p.cost, cur, lang),
                        market=money(p.market_price, cur, lang), band=band, cycle=cycle), "body"))
    lines += [("", "body"), (t("brief.touches"), "h")]
    for k in s.touch_types:
        lines.append((t("brief.touch", name=k.name.get(lang), hours=general(k.hours, lang), cost=money(k.cost, cur, lang),
                        capacity=k.capacity), "body"))
    lines += [("", "body"), (t("brief.score"), "h")]
    for item in s.scoring.items:
        lines.append((t("brief.score_item", kpi=kpi_name(item.kpi, lang), weight=general(item.weight, lang),
                        target=kpi_value(item.kpi, item.target, cur, lang), help=kpi_help(item.kpi, lang)), "body"))
    lines.append((t("brief.score_note", cap=general(s.scoring.cap, lang)), "muted"))
    lines += [("", "body"), (t("brief.keys"), "muted")]
    return lines


# Each game kind's briefing (the words are the screens'; what to play next is the kind's ``play_scene``).
BRIEFING_LINES = {"desk": briefing_lines, "head": head_briefing_lines}


class BriefingScene(Scene):
    """Read, then start the first month."""

    def __init__(self, app):
        super().__init__(app)
        self.page = self.form.add(ScrollText("briefing.text"))
        self.back_btn = self.form.add(Button("briefing.back", self.lazy("common.back"), self.back))
        self.start_btn = self.form.add(Button("briefing.start", lambda: self.t(self.kind.text_prefix + "brief.start"),
                                            self.start, primary=True))
        self.form.set_focus(self.start_btn)

    @property
    def kind(self) -> GameKind:
        """The kind of game being started (its play scene follows the briefing)."""
        return kind_of(self.ctx.session)

    def start(self) -> None:
        """The scenario's lesson checks first (once, skippable, when the settings ask them), then the game."""
        session = self.ctx.session
        if self.ctx.settings.questions and hasattr(session, "checks_due") and session.checks_due("pre") \
                and not session.game.plans and not getattr(self, "_checked", False):
            self._checked = True
            self.app.open("lesson_check", "pre", self.start)
            return
        self.app.switch(self.kind.play_scene)

    def back(self) -> None:
        self.ctx.session = None
        self.app.pop()

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) \
                and self.form.focus is not self.back_btn:
            self.start()
            return True
        return super().handle_event(event)

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad = th.m("padding") * 2
        top = pad + th.line_height("title") + th.line_height("body") + th.m("gap")
        bh = th.m("button_height")
        self.page.rect = pygame.Rect(pad, top, size[0] - 2 * pad, size[1] - top - bh - 3 * pad)
        bw = int(220 * th.scale)
        row_w = max(2 * bw + pad, label_width(self.back_btn, th) + label_width(self.start_btn, th) + 16 + pad)
        button_row([self.back_btn, self.start_btn], size[0] - pad - row_w, size[1] - pad - bh, row_w, bh, pad, th)
        self.page.set_lines(BRIEFING_LINES[self.kind.name](self.ctx))

    def draw(self, surface) -> None:
        surface.fill(self.theme.c("background"))
        s = self.ctx.session.scenario
        self.title_bar(surface, s.title.get(self.ctx.lang), self.t("brief.subtitle", player=self.ctx.session.player))
        self.draw_widgets(surface)
