"""The pay-plan lab: every alternative scheme worked out on one seller's own book and plans, over his own luck
(``HeadGame.lab``, off the frame thread), side by side: his pay with its range, what his book leaves the company,
what he would do, and what to change. The calculator's range and advice are the engine's; this screen draws them
and applies the scheme the head picks."""
from __future__ import annotations

import pygame

from ...head import HeadDecision
from ...head.lab import LAB_VARIANTS, PayForecast
from ..jobs import Job
from ..texts import money, percent
from ..widgets import Button, Choice
from .base import Scene, read_from_afar
from .head_page import DecisionPage
from .head_texts import person_name

COLUMNS = ("scheme", "range", "pay", "company", "effort", "markup", "stance")
WIDTHS = (0.16, 0.24, 0.11, 0.14, 0.07, 0.08, 0.20)


class HeadLabScene(DecisionPage, Scene):
    """One seller at a time: the chosen scheme's calculator with its range, and every alternative in a table."""

    def __init__(self, app, seller: str | None = None):
        super().__init__(app)
        self.session = self.ctx.session
        game = self.session.game
        self.currency = game.scenario.desk.currency
        lazy, f = self.lazy, self.form
        self.who = f.add(Choice("head_lab.seller", self.sellers, self._pick, prefix=lazy("head_lab.seller")))
        self.who.select(seller)
        self.variant = f.add(Choice("head_lab.variant", self.variants, lambda v: None, prefix=lazy("head_lab.variant")))
        self.apply_btn = self.action_btn = f.add(Button("head_lab.apply", lazy("head_lab.apply"), self.apply,
                                                        primary=True))
        self.apply_btn.enabled = lambda: self.results is not None and self.variant.value != "draft" \
            and self.session.game.decision_month
        self.back_btn = f.add(Button("head_lab.back", lazy("common.back"), self.back))
        self.results: dict[str, PayForecast] | None = None
        self.results_for: tuple | None = None
        self.status, self.status_kind = "", "muted"
        self._compute()
        f.set_focus(self.variant)

    # --- what the page reads ---------------------------------------------------
    def sellers(self) -> list[tuple[str, str]]:
        game = self.session.game
        return [(s.id, person_name(game, s.id, self.ctx.lang)) for s in game.team_members()]

    def variants(self) -> list[tuple[str, str]]:
        return [(v, self.t(f"head_lab.variant.{v}")) for v in LAB_VARIANTS]

    def chosen(self) -> PayForecast | None:
        if self.results is None:
            return None
        return self.results.get(self.variant.value or "draft")

    # --- actions ----------------------------------------------------------------
    def _pick(self, sid: str) -> None:
        self.status = ""
        self._compute()

    def _compute(self) -> None:
        """Work the lab out for the chosen seller off the frame thread (the game is only read)."""
        game, sid = self.session.game, self.who.value
        if sid is None:
            self.results = None
            return
        key = (sid, game.month, game.sellers[sid].pay)
        if key == self.results_for or self.app.jobs.of(self) is not None:
            return
        draft = game.sellers[sid].pay
        self.results = None

        def work(progress):
            return game.lab(sid, draft)

        def done(results) -> None:
            self.results, self.results_for = results, key
        self.app.jobs.start(Job("head_lab.computing", work, done, owner=self,
                                title_args={"name": person_name(game, sid, self.ctx.lang)}))

    def apply(self) -> None:
        forecast, sid = self.chosen(), self.who.value
        if forecast is None or sid is None:
            return
        if self.decide(HeadDecision(pay={sid: forecast.scheme}), "head_lab.applied",
                       name=person_name(self.session.game, sid, self.ctx.lang)):
            self.variant.select("draft")
            self._compute()

    def resume(self) -> None:
        self._compute()

    # --- layout and drawing -----------------------------------------------------
    @read_from_afar
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        w = min(int(size[0] * 0.3), int(420 * th.scale))
        self.who.rect = pygame.Rect(pad, top, w, bh)
        self.variant.rect = pygame.Rect(pad + w + gap, top, w, bh)
        lh = th.line_height("body")
        self.calc = pygame.Rect(pad, top + bh + gap, size[0] - 2 * pad, 7 * lh + 24)   # advice: up to two lines
        status_y = self.place_footer(size, pad, bh, self.t("head_lab.apply"))
        self.table = pygame.Rect(pad, self.calc.bottom + gap, size[0] - 2 * pad, status_y - self.calc.bottom - 2 * gap)

    def _money(self, value: float) -> str:
        return money(value, self.currency, self.ctx.lang)

    def _bar(self, surface, rect: pygame.Rect, low: float, mid: float, high: float, promise: float,
             scale_range: tuple[float, float], back: bool = True) -> None:
        """The pay's range as a bar on the scale ``scale_range`` (every row the same), the median as a tick, the
        promise as a green line."""
        th = self.theme
        if back:
            pygame.draw.rect(surface, th.c("background"), rect, border_radius=3)
        lo, hi = scale_range
        scale = rect.width / (hi - lo) if hi > lo else 0.0

        def at(v: float) -> int:
            return rect.x + int(min(max(v - lo, 0.0), hi - lo) * scale)
        x0, x1 = at(low), max(at(high), at(low) + 3)
        pygame.draw.rect(surface, th.c("accent"), pygame.Rect(x0, rect.y + 3, x1 - x0, rect.height - 6), border_radius=3)
        xm = at(mid)
        pygame.draw.rect(surface, th.c("text"), pygame.Rect(xm - 1, rect.y, 3, rect.height))
        if promise > 0:
            xp = at(promise)
            pygame.draw.rect(surface, th.c("good"), pygame.Rect(xp - 1, rect.y - 3, 2, rect.height + 6))

    @read_from_afar
    def draw(self, surface) -> None:
        th, t, game = self.theme, self.t, self.session.game
        surface.fill(th.c("background"))
        self.title_bar(surface, t("head_lab.title"), t("head_lab.subtitle"))
        if self.who.value is None:
            th.draw_text(surface, t("head_lab.none"), (self.calc.x, self.calc.y), "body", th.c("muted"))
            self.draw_widgets(surface)
            return
        th.panel(surface, self.calc, "panel")
        f = self.chosen()
        cx, cy, cw = self.calc.x + 14, self.calc.y + 10, self.calc.width - 28
        lh = th.line_height("body")
        if f is None:
            th.draw_text(surface, t("head_lab.computing", name=person_name(game, self.who.value, self.ctx.lang)),
                         (cx, cy), "body", th.c("muted"), max_width=cw)
            self.draw_widgets(surface)
            return
        period = "quarter" if f.scheme.period == "quarter" and f.months > 1 else "month"
        head = f"{t(f'head_lab.period.{period}')} · {t('head_lab.variant.' + (self.variant.value or 'draft'))}"
        th.draw_text(surface, head, (cx, cy), "body", th.c("muted"), max_width=cw // 2)
        th.draw_text(surface, t("head_lab.promise", promise=self._money(f.promise)), (cx + cw, cy), "body",
                     th.c("good"), max_width=cw // 2, align="right")
        cy += lh
        th.draw_text(surface, t("head_lab.pay", p50=self._money(f.pay[1]), p10=self._money(f.pay[0]),
                                p90=self._money(f.pay[2])), (cx, cy), "body", bold=True, max_width=cw)
        cy += lh + 2
        every = list((self.results or {}).values())
        top = (min([r.pay[0] for r in every] + [f.promise]) * 0.9, max([r.pay[2] for r in every] + [f.promise]) * 1.05)
        self._bar(surface, pygame.Rect(cx, cy, cw, lh - 4), *f.pay, f.promise, top)
        cy += lh + 2
        th.draw_text(surface, t("head_lab.company", company=self._money(f.company[1])), (cx, cy), "body", max_width=cw)
        cy += lh
        th.draw_text(surface, t("head_lab.does", stance=t(f"head_lab.stance.{_stance(f)}"), effort=percent(f.effort),
                                markup=percent(f.markup)), (cx, cy), "body", max_width=cw)
        cy += lh
        advice = [t(f"head_lab.advice.{a}") for a in f.advice] or [t("head_lab.advice.ok")]
        th.draw_wrapped(surface, " ".join(advice), pygame.Rect(cx, cy, cw, 2 * lh), "body",
                        th.c("warn" if f.advice else "good"), max_lines=2)
        self.draw_table(surface, top)
        self.draw_widgets(surface)
        self.draw_status(surface)

    def draw_table(self, surface, top: tuple[float, float]) -> None:
        """Every alternative side by side; the chosen one highlighted."""
        th, t = self.theme, self.t
        r = self.table
        xs = [r.x]
        for w in WIDTHS[:-1]:
            xs.append(xs[-1] + int(r.width * w))
        lh = th.line_height("small") + 8
        for x, w, col in zip(xs, WIDTHS, COLUMNS):
            th.draw_text(surface, t(f"head_lab.col.{col}"), (x + 4, r.y), "small", th.c("muted"),
                         max_width=int(r.width * w) - 8)
        y = r.y + lh
        row_h = max((r.height - lh) // len(LAB_VARIANTS), th.line_height("small") + 4)
        for name in LAB_VARIANTS:
            f = (self.results or {}).get(name)
            if f is None or y + row_h > r.bottom + 2:
                break
            if name == self.variant.value:
                pygame.draw.rect(surface, th.c("panel"), pygame.Rect(r.x, y - 2, r.width, row_h), border_radius=4)
            cells = [t(f"head_lab.variant.{name}"), "", self._money(f.pay[1]), self._money(f.company[1]),
                     percent(f.effort), percent(f.markup), t(f"head_lab.stance_short.{_stance(f)}")]
            for k, (x, w, text) in enumerate(zip(xs, WIDTHS, cells)):
                width = int(r.width * w) - 8
                if k == 1:
                    self._bar(surface, pygame.Rect(x + 4, y + 3, width, row_h - 8), *f.pay, f.promise, top, back=False)
                    continue
                color = th.c("bad") if k == 3 and f.company[1] < 0 else th.c("text")
                th.draw_text(surface, text, (x + 4, y + 1), "small", color, max_width=width)
            y += row_h


def _stance(f: PayForecast) -> str:
    """The stance to name for a forecast: the first one other than steady, if any."""
    return next((s for s in f.stances if s != "steady"), "steady")
