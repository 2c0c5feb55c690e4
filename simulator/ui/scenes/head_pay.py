"""The pay-scheme editor with a live calculator: "on a deal at markup X this seller earns Y; the company keeps Z",
from the head game's own money functions (HeadGame.quote, HeadGame.pay_outlook), for the whole team or one seller."""
from __future__ import annotations

import pygame

from ...head import HeadDecision
from ..texts import general, money, percent
from ..widgets import Button, Choice, Slider, Toggle
from .base import Scene, read_from_afar
from .head_page import DecisionPage
from .head_texts import person_name, scheme_lines

BASES = ("gross_profit", "invoice", "net_profit")
CALC_POINTS = 5   # markups across the band in the calculator's table


class HeadPayScene(DecisionPage, Scene):
    """Edit a pay scheme and see, before applying it, what a deal pays the seller and leaves the company."""

    def __init__(self, app, seller: str | None = None):
        super().__init__(app)
        self.session = self.ctx.session
        game = self.session.game
        self.currency = game.scenario.desk.currency
        lazy, f = self.lazy, self.form
        self.target = f.add(Choice("head_pay.target", self.target_options, self._target, prefix=lazy("head_pay.for")))
        self.target.select(seller)
        start = self._current(seller)
        self.scheme = start
        top_salary = max([c.salary_expectation for c in game.team.candidates] + [start.salary]) * 1.5
        self.base = f.add(Choice("head_pay.base", lambda: [(b, self.t(f"pay.base.{b}")) for b in BASES], self._base,
                                 prefix=lazy("head_pay.base"), tooltip=lazy("head_pay.base_tip")))
        self.base.select(start.base)
        self.salary = f.add(Slider("head_pay.salary", 0.0, round(top_salary, -3), start.salary, 1000.0,
                                   lambda v: self._set(salary=v), tooltip=lazy("head_pay.salary_tip")))
        self.rate = f.add(Slider("head_pay.rate", 0.0, 0.5, start.rate, 0.005, lambda v: self._set(rate=v),
                                 tooltip=lazy("head_pay.rate_tip")))
        products = game.scenario.products
        free = [p for p in products if not p.markup.fixed] or list(products)
        high = max(p.markup.max for p in free)
        self.has_threshold = f.add(Toggle("head_pay.threshold_on", lazy("head_pay.threshold_on"),
                                          start.threshold is not None, self._threshold_on,
                                          tooltip=lazy("head_pay.threshold_tip")))
        self.threshold = f.add(Slider("head_pay.threshold", 0.0, high, start.threshold or 0.0, 0.01,
                                      lambda v: self._set(threshold=v) if self.scheme.threshold is not None else None,
                                      marks=self.threshold_marks))
        self.threshold.enabled = lambda: self.scheme.threshold is not None
        self.product = f.add(Choice("head_pay.product", lambda: [(p.id, p.name.get(self.ctx.lang)) for p in products],
                                    self._product, prefix=lazy("head_pay.product")))
        self.product.select(free[0].id)
        p0 = free[0]
        self.markup = f.add(Slider("head_pay.markup", p0.markup.min, p0.markup.max,
                                   game.bands[p0.id][0] if p0.markup.min <= game.bands[p0.id][0] <= p0.markup.max
                                   else p0.markup.start, 0.01, self._markup_moved, marks=self.markup_marks,
                                   tooltip=lazy("head_pay.markup_tip")))
        self._product(p0.id)
        self.apply_btn = self.action_btn = f.add(Button("head_pay.apply", lazy("head_pay.apply"), self.apply, primary=True))
        self.back_btn = f.add(Button("head_pay.back", lazy("common.back"), self.back))
        self.status, self.status_kind = "", "muted"
        f.set_focus(self.base)

    # --- the draft --------------------------------------------------------------
    def target_options(self) -> list[tuple[str | None, str]]:
        game = self.session.game
        return [(None, self.t("head_pay.team"))] + [(s.id, person_name(game, s.id, self.ctx.lang))
                                                     for s in game.team_members()]

    def _current(self, seller: str | None):
        game = self.session.game
        if seller is not None and seller in game.sellers and game.sellers[seller].status == "hired":
            return game.sellers[seller].pay
        members = game.team_members()
        return members[0].pay if members else game.team.pay

    def _target(self, seller: str | None) -> None:
        self.scheme = self._current(seller)
        self.base.select(self.scheme.base)
        self.salary.value, self.rate.value = self.scheme.salary, self.scheme.rate
        self.has_threshold.value = self.scheme.threshold is not None
        self.threshold.value = self.scheme.threshold or 0.0
        self.status = ""

    def _set(self, **change) -> None:
        self.scheme = self.scheme.model_copy(update={k: round(float(v), 4) for k, v in change.items()})
        self.status = ""

    def _base(self, base: str) -> None:
        self.scheme = self.scheme.model_copy(update={"base": base})
        self.status = ""

    def _threshold_on(self, on: bool) -> None:
        if on:
            self._set(threshold=self.threshold.value)
        else:
            self.scheme = self.scheme.model_copy(update={"threshold": None})

    def _product(self, pid: str) -> None:
        p = next(p for p in self.session.game.scenario.products if p.id == pid)
        self.markup.low, self.markup.high = p.markup.min, max(p.markup.max, p.markup.min + 0.01)
        self.markup.value = p.markup.start if p.markup.fixed else min(max(self.markup.value, self.markup.low),
                                                                      self.markup.high)
        self.markup.locked = p.markup.fixed   # a price list: the seller cannot move it, neither can the calculator
        if self.size != (0, 0):
            self.layout(self.size)   # the deal's line may take one line or two

    def _markup_moved(self, value: float) -> None:
        """The deal's line may now need one line more or less above the slider."""
        if self.size != (0, 0):
            self.layout(self.size)

    def markup_line(self) -> str:
        """The calculator's deal: its markup, the product's floor from costs and the market's limit."""
        game, pid = self.session.game, self.product.value
        return self.t("head_pay.markup", markup=percent(self.markup.value), floor=percent(game.floor_markup(pid)),
                      market=percent(game.tolerance_markup(pid)))

    def fixed(self, pid: str) -> bool:
        """Whether ``pid`` sells from the price list (its markup is not the seller's to set)."""
        return next(p for p in self.session.game.scenario.products if p.id == pid).markup.fixed

    def threshold_marks(self) -> list[tuple[float, str]]:
        game = self.session.game
        return [(game.floor_markup(p.id), "good") for p in game.scenario.products if not p.markup.fixed][:1]

    def markup_marks(self) -> list[tuple[float, str]]:
        game, pid = self.session.game, self.product.value
        floor, ceiling = game.bands[pid]
        return [(game.floor_markup(pid), "good"), (floor, "text"), (ceiling, "text"),
                (game.tolerance_markup(pid), "bad")]

    # --- actions ----------------------------------------------------------------
    def apply(self) -> None:
        """Set the scheme for the team or the one seller (checked by the game; a refusal changes nothing)."""
        who = self.target.value
        decision = HeadDecision(team_pay=self.scheme) if who is None else HeadDecision(pay={who: self.scheme})
        self.decide(decision, "head_pay.applied")

    # --- layout and drawing -----------------------------------------------------
    @read_from_afar
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        lh = th.line_height("small")
        w = min(int(size[0] * 0.42), int(540 * th.scale))
        y = top
        self.target.rect = pygame.Rect(pad, y, w, bh)
        y += bh + gap
        self.base.rect = pygame.Rect(pad, y, w, bh)
        y += bh + gap
        self.rows = {}
        for key, widget in (("salary", self.salary), ("rate", self.rate)):
            self.rows[key] = y
            widget.rect = pygame.Rect(pad, y + lh + 2, w, bh - 8)
            y += lh + bh + gap
        self.has_threshold.rect = pygame.Rect(pad, y, w, bh)
        y += bh + 2
        self.rows["threshold"] = y   # its value on a line of its own above the slider, as salary and rate
        self.threshold.rect = pygame.Rect(pad, y + lh + 2, w, bh - 8)
        y += lh + bh + gap
        self.lines_y = y
        x2 = pad + w + 2 * pad
        w2 = size[0] - x2 - pad
        self.calc = pygame.Rect(x2, top, w2, 0)
        self.product.rect = pygame.Rect(x2, top, w2, bh)
        self.markup_y = top + bh + gap
        two = len(th.wrap(self.markup_line(), w2, "small")) > 1
        self.markup.rect = pygame.Rect(x2, self.markup_y + (2 if two else 1) * lh + 2, w2, bh - 8)
        self.table_y = self.markup.rect.bottom + gap
        self.place_footer(size, pad, bh, self.t("head_pay.apply"))

    @read_from_afar
    def draw(self, surface) -> None:
        th, lang, game, t = self.theme, self.ctx.lang, self.session.game, self.t
        cur = self.currency
        surface.fill(th.c("background"))
        self.title_bar(surface, t("head_pay.title"), t("head_pay.subtitle"))
        pad = self.target.rect.x
        w = self.target.rect.width
        th.draw_text(surface, t("head_pay.salary", salary=money(self.scheme.salary, cur, lang)),
                     (pad, self.rows["salary"]), "small", th.c("muted"), max_width=w)
        th.draw_text(surface, t("head_pay.rate", rate=general(round(self.scheme.rate * 100, 2), lang) + "%",
                                base=t(f"pay.base_short.{self.scheme.base}")),
                     (pad, self.rows["rate"]), "small", th.c("muted"), max_width=w)
        th.draw_text(surface, t("head_pay.threshold", threshold=percent(self.scheme.threshold))
                     if self.scheme.threshold is not None else t("head_pay.threshold_off"),
                     (pad, self.rows["threshold"]), "small", th.c("muted"), max_width=w)
        y = self.lines_y
        outlook = game.pay_outlook(self.scheme)
        promises = [s.promise for s in game.team_members()] if self.target.value is None else \
            [game.sellers[self.target.value].promise]
        promise = sum(promises) / len(promises) if promises else 0.0
        short = outlook < promise * 0.9
        y += th.draw_wrapped(surface, t("head_pay.outlook", pay=money(outlook, cur, lang),
                                        promise=money(promise, cur, lang)),
                             pygame.Rect(pad, y, w, 3 * th.line_height("body")), "body",
                             th.c("warn" if short else "text"), max_lines=3)
        y += 4
        why = t(f"head_pay.why.{self.scheme.base}")
        th.draw_wrapped(surface, why, pygame.Rect(pad, y, w, self.status_y - y - 4), "body", th.c("muted"))
        self.draw_calculator(surface)
        self.draw_widgets(surface)
        self.draw_status(surface)

    def draw_calculator(self, surface) -> None:
        """The deal at the slider's markup in words, then a table across the band."""
        th, lang, game, t = self.theme, self.ctx.lang, self.session.game, self.t
        cur, pid = self.currency, self.product.value
        x, w = self.calc.x, self.calc.width
        th.draw_wrapped(surface, self.markup_line(),
                        pygame.Rect(x, self.markup_y, w, 2 * th.line_height("small")), "small", th.c("muted"),
                        max_lines=2)
        y = self.table_y
        q = game.quote(self.scheme, pid, self.markup.value)
        sentence = t("head_pay.deal", markup=percent(self.markup.value), price=money(q["price"], cur, lang),
                     bonus=money(q["bonus"], cur, lang), keeps=money(q["company_keeps"], cur, lang))
        kept_bad = q["below_floor"]   # at the floor from costs the deal covers them; the bonus is the seller's share
        y += th.draw_wrapped(surface, sentence, pygame.Rect(x, y, w, 3 * th.line_height("body")), "body",
                             th.c("bad" if kept_bad else "text"), bold=True, max_lines=3) + 8
        cols = (0.0, 0.22, 0.52, 0.78)
        heads = (t("head_pay.col_markup"), t("head_pay.col_price"), t("head_pay.col_bonus"), t("head_pay.col_keeps"))
        for c, head in zip(cols, heads):
            th.draw_text(surface, head, (x + int(c * w), y), "small", th.c("muted"), max_width=int(0.26 * w))
        y += th.line_height("small") + 2
        low, high = self.markup.low, self.markup.high
        fixed = self.fixed(pid)
        points = 1 if fixed else CALC_POINTS
        for k in range(points):
            mk = self.markup.value if fixed else round(low + (high - low) * k / (CALC_POINTS - 1), 4)
            q = game.quote(self.scheme, pid, mk)
            row = pygame.Rect(x, y, w, th.line_height("body") + 4)
            th.panel(surface, row, "panel" if k % 2 else "panel_alt", border=False)
            colour = th.c("bad" if q["below_floor"] else "text")
            cells = (percent(mk), money(q["price"], cur, lang), money(q["bonus"], cur, lang),
                     money(q["company_keeps"], cur, lang))
            for c, cell in zip(cols, cells):
                th.draw_text(surface, cell, (x + int(c * w) + 4, y + 2), "body", colour, max_width=int(0.26 * w))
            y += row.height
        y += 6
        if fixed:
            y += th.draw_wrapped(surface, t("head_pay.price_list", markup=percent(self.markup.value)),
                                 pygame.Rect(x, y, w, 3 * th.line_height("body")), "body", th.c("muted"),
                                 max_lines=3) + 6
        lines = scheme_lines(self.scheme, cur, t, lang)
        for line in lines:
            if y + th.line_height("small") > self.status_y - 4:
                break
            th.draw_text(surface, line, (x, y), "small", th.c("muted"), max_width=w)
            y += th.line_height("small")
