"""The head's rules: each product's markup floor and ceiling, beside the floor calculator (cost, cost to serve and
share of fixed costs: the notes' Excel sheet, from HeadGame.floor_sheet) and where the market stops tolerating."""
from __future__ import annotations

import pygame

from ...head import Band, HeadDecision
from ..texts import money, percent
from ..widgets import Button, Choice, Slider
from .base import Scene, read_from_afar
from .head_page import DecisionPage


class HeadRulesScene(DecisionPage, Scene):
    """Pick a product, read its floor sheet, set the band; the table shows every product's band at once."""

    def __init__(self, app):
        super().__init__(app)
        self.session = self.ctx.session
        game = self.session.game
        self.currency = game.scenario.desk.currency
        self.products = [p for p in game.scenario.products if not p.markup.fixed]
        self.bands = {p.id: list(game.bands[p.id]) for p in self.products}
        lazy, f = self.lazy, self.form
        self.product = f.add(Choice("head_rules.product", lambda: [(p.id, p.name.get(self.ctx.lang))
                                                                    for p in self.products], self._product,
                                    prefix=lazy("head_rules.product")))
        first = self.products[0] if self.products else game.scenario.products[0]
        low, high = first.markup.min, max(first.markup.max, first.markup.min + 0.01)
        self.floor = f.add(Slider("head_rules.floor", low, high, self.bands.get(first.id, [low, high])[0], 0.01,
                                  lambda v: self._set(0, v), marks=self.marks, tooltip=lazy("head_rules.floor_tip")))
        self.ceiling = f.add(Slider("head_rules.ceiling", low, high, self.bands.get(first.id, [low, high])[1], 0.01,
                                    lambda v: self._set(1, v), marks=self.marks, tooltip=lazy("head_rules.ceiling_tip")))
        self.calc_btn = f.add(Button("head_rules.from_sheet", lazy("head_rules.from_sheet"), self.from_sheet,
                                     tooltip=lazy("head_rules.from_sheet_tip")))
        self.apply_btn = self.action_btn = f.add(Button("head_rules.apply", lazy("head_rules.apply"), self.apply, primary=True))
        self.back_btn = f.add(Button("head_rules.back", lazy("common.back"), self.back))
        self.status, self.status_kind = "", "muted"
        f.set_focus(self.product)

    def _product(self, pid: str) -> None:
        p = next(p for p in self.products if p.id == pid)
        for s in (self.floor, self.ceiling):
            s.low, s.high = p.markup.min, max(p.markup.max, p.markup.min + 0.01)
        self.floor.value, self.ceiling.value = self.bands[pid]

    def _set(self, end: int, value: float) -> None:
        pid = self.product.value
        band = self.bands[pid]
        band[end] = round(value, 4)
        if band[0] > band[1]:   # the other end gives way, so the band never turns inside out
            band[1 - end] = band[end]
            (self.ceiling if end == 0 else self.floor).value = band[end]
        self.status = ""

    def marks(self) -> list[tuple[float, str]]:
        sheet = self.session.game.floor_sheet(self.product.value)
        return [(sheet["floor"], "good"), (sheet["tolerance_markup"], "bad")]

    def from_sheet(self) -> None:
        """Floor from the cost sheet, ceiling where the market's tolerance ends (inside what the company allows)."""
        pid = self.product.value
        p = next(p for p in self.products if p.id == pid)
        sheet = self.session.game.floor_sheet(pid)
        low = min(max(p.markup.min, sheet["floor"]), p.markup.max)
        high = min(p.markup.max, max(sheet["tolerance_markup"], low))
        self.bands[pid] = [round(low, 2), round(high, 2)]
        self.floor.value, self.ceiling.value = self.bands[pid]
        self.status = ""

    def apply(self) -> None:
        """Set every product's band (the game checks them; a refusal changes nothing)."""
        decision = HeadDecision(markups={pid: Band(floor=b[0], ceiling=b[1]) for pid, b in self.bands.items()})
        self.decide(decision, "head_rules.applied")

    @read_from_afar
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        lh = th.line_height("small")
        w = min(int(size[0] * 0.40), int(520 * th.scale))
        self.product.rect = pygame.Rect(pad, top, w, bh)
        self.sheet_y = top + bh + gap
        y = self.sheet_y + 6 * th.line_height("body") + gap
        self.slider_y = {}
        for key, s in (("floor", self.floor), ("ceiling", self.ceiling)):
            self.slider_y[key] = y
            s.rect = pygame.Rect(pad, y + lh + 2, w, bh - 8)
            y += lh + bh + gap
        self.calc_btn.rect = pygame.Rect(pad, y, w, bh)
        self.table = pygame.Rect(pad + w + 2 * pad, top, size[0] - 3 * pad - w - pad, size[1] - top - 2 * pad - bh)
        self.place_footer(size, pad, bh, self.t("head_rules.apply"))

    @read_from_afar
    def draw(self, surface) -> None:
        th, lang, game, t = self.theme, self.ctx.lang, self.session.game, self.t
        cur = self.currency
        surface.fill(th.c("background"))
        self.title_bar(surface, t("head_rules.title"), t("head_rules.subtitle"))
        x, w = self.product.rect.x, self.product.rect.width
        if not self.products:
            th.draw_wrapped(surface, t("head_rules.price_list"), pygame.Rect(x, self.sheet_y, w, 200), "body")
            self.draw_widgets(surface)
            return
        sheet = game.floor_sheet(self.product.value)
        rows = [
            (t("head_rules.cost"), money(sheet["cost"], cur, lang), "text"),
            (t("head_rules.serve"), money(sheet["serve_cost"], cur, lang), "text"),
            (t("head_rules.share"), money(sheet["overhead_per_sale"], cur, lang), "text"),
            (t("head_rules.floor_is"), f"{percent(sheet['floor'])} · {money(sheet['floor_price'], cur, lang)}", "good"),
            (t("head_rules.market"), f"{percent(sheet['tolerance_markup'])} · {money(sheet['limit_price'], cur, lang)}",
             "bad"),
        ]
        y = self.sheet_y
        for label, value, colour in rows:
            vw = th.draw_text(surface, value, (x + w, y), "body", th.c(colour), bold=True, align="right").width
            th.draw_text(surface, label, (x, y), "body", th.c("muted"), max_width=w - vw - 12)
            y += th.line_height("body")
        band = self.bands[self.product.value]
        for key, value in (("floor", band[0]), ("ceiling", band[1])):
            th.draw_text(surface, t(f"head_rules.{key}", markup=percent(value)), (x, self.slider_y[key]), "small",
                         th.c("muted"), max_width=w)
        self.draw_table(surface)
        self.draw_widgets(surface)
        self.draw_status(surface)

    def draw_table(self, surface) -> None:
        """Every product: the band being set, the sheet's floor and the market's edge; a band under the floor in red."""
        th, lang, game, t = self.theme, self.ctx.lang, self.session.game, self.t
        r = self.table
        th.panel(surface, r, "panel")
        cols = (0.0, 0.45, 0.69, 0.85)
        span = [(cols[k + 1] if k + 1 < len(cols) else 1.0) - cols[k] for k in range(len(cols))]
        heads = (t("head_rules.col_product"), t("head_rules.col_band"), t("head_rules.col_floor"),
                 t("head_rules.col_market"))
        y = r.y + 8
        for c, head in zip(cols, heads):
            th.draw_text(surface, head, (r.x + 10 + int(c * (r.width - 20)), y), "small", th.c("muted"),
                         max_width=int(0.95 * span[cols.index(c)] * (r.width - 20)))
        y += th.line_height("small") + 4
        for p in self.products:
            if y + th.line_height("body") > r.bottom - 4:
                break
            sheet = game.floor_sheet(p.id)
            low, high = self.bands[p.id]
            chosen = p.id == self.product.value
            cells = (p.name.get(lang), f"{percent(low)}–{percent(high)}", percent(sheet["floor"]),
                     percent(sheet["tolerance_markup"]))
            under = low < sheet["floor"] - 1e-9
            over = high > sheet["tolerance_markup"] + 1e-9
            for k, (c, cell) in enumerate(zip(cols, cells)):
                colour = "bad" if k == 1 and (under or over) else "text"
                th.draw_text(surface, cell, (r.x + 10 + int(c * (r.width - 20)), y), "body", th.c(colour),
                             bold=chosen, max_width=int(0.95 * span[k] * (r.width - 20)))
            y += th.line_height("body") + 2
        y += 8
        th.draw_wrapped(surface, t("head_rules.why"), pygame.Rect(r.x + 10, y, r.width - 20, r.bottom - y - 6), "body",
                        th.c("muted"))
