"""The desk's "Prices" tab: a markup slider per product with the engine's live quote, and the month's forecast."""
from __future__ import annotations

from functools import partial

import pygame

from ..layout import wrap_parts
from ..texts import decimal, money, money_short, percent
from ..widgets import Button, Slider
from .desk_parts import Panel

FORECAST_LINES = 2  # the month's forecast under the sliders: room kept for at least this many lines


class PricesPanel(Panel):
    """Sliders in pages (as many as fit), the quote under each, the forecast at the bottom."""

    def __init__(self, scene):
        super().__init__(scene)
        lazy = self.lazy
        game = self.session.game
        self.page = 0
        self.pages = 1
        self.rows: list[tuple[int, int]] = []
        self.sliders: list[Slider] = []
        for p in game.scenario.products:
            m = p.markup
            s = self.add(Slider(f"desk.markup.{p.id}", m.min, m.max, self.session.draft.markups[p.id], 0.01,
                                partial(self._markup, p.id), locked=m.fixed,
                                tooltip=lazy("desk.fixed_tip") if m.fixed else lazy("desk.markup_tip"),
                                marks=partial(self.marks, p.id)))
            self.sliders.append(s)
        self.prev = self.add(Button("desk.prices_prev", "‹", lambda: self.turn(-1)))
        self.next = self.add(Button("desk.prices_next", "›", lambda: self.turn(1)))
        self._forecast_key = None
        self._forecast = None

    def _markup(self, product: str, value: float) -> None:
        kept = self.session.draft.set_markup(product, value)
        for s in self.sliders:
            if s.id == f"desk.markup.{product}":
                s.value = kept

    def turn(self, delta: int) -> None:
        """The previous (-1) or next (+1) page of products."""
        self.page = max(0, self.page + delta)
        self.scene.layout(self.scene.size)

    def refresh(self) -> None:
        for slider, p in zip(self.sliders, self.session.game.scenario.products):
            slider.value = self.session.draft.markups[p.id]

    def marks(self, product: str) -> list[tuple[float, str]]:
        """Where the price meets the market (white) and passes what the market tolerates (red), from the engine."""
        q = self.session.game.quote(product, self.session.draft.markups[product])
        return [(q["market_markup"], "text"), (q["tolerance_markup"], "bad")]

    def forecast(self):
        """The engine's forecast of the month for the plan as drafted (recomputed only when the draft changes)."""
        key = (self.session.game.month, self.session.draft.version)
        if self._forecast_key != key:
            self._forecast_key = key
            self._forecast = self.session.game.forecast(self.session.draft.to_plan())
        return self._forecast

    def forecast_parts(self) -> list[tuple[str, str]]:
        """The month's forecast in words, (text, colour) per paragraph: this month's sales, gross profit and bonus;
        what the plan costs in trust (the engine's loyalty change, offers and touches it books as pushing or
        empty, clients it expects to lose); the look ahead's bonus and the plan's worth (what the desk ranks plans
        by). Empty when the engine has no forecast (a plan that breaks a rule)."""
        forecast = self.forecast()
        if forecast is None:
            return []
        lang, cur, t = self.ctx.lang, self.scene.currency, self.t
        money_line = t("price.forecast", deals=f"{forecast.total_deals:.0f}",
                       gross=money_short(forecast.total_gross_profit, cur, lang),
                       bonus=money_short(forecast.bonus, cur, lang))
        counts = (("price.forecast_misfit", forecast.misfit_offers), ("price.forecast_pushed", forecast.pushed_offers),
                  ("price.forecast_empty", forecast.empty_touches), ("price.forecast_lost", forecast.clients_lost))
        costs = [t(key, n=round(n)) for key, n in counts if round(n) >= 1]
        loyalty = decimal(forecast.loyalty_change * 100, 1, lang, sign=True)
        trust = (t("price.forecast_trust_costs", loyalty=loyalty, costs=", ".join(costs)) if costs
                 else t("price.forecast_trust", loyalty=loyalty))
        hurts = bool(costs) or forecast.loyalty_change < -0.0005
        if forecast.months_ahead:
            ahead = t("price.forecast_ahead", months=forecast.months_ahead,
                      ahead=money_short(forecast.future_bonus, cur, lang), total=money_short(forecast.total, cur, lang))
        else:
            ahead = t("price.forecast_last")
        return [(money_line, "accent"), (trust, "bad" if hurts else "muted"), (ahead, "accent")]

    def forecast_text(self) -> str:
        """The month's forecast in words, a paragraph a line ("" when the engine has none)."""
        return "\n".join(text for text, _ in self.forecast_parts())

    # --- layout and drawing --------------------------------------------------------------
    def row_h(self) -> int:
        """A product's row: name, slider and as many quote lines as the longest quote wraps to (at least two)."""
        th = self.theme
        products = self.session.game.scenario.products
        lines = max([len(self.quote_lines(k, m)) for k, p in enumerate(products) for m in (None, p.markup.max)]
                    + [2])  # the dearest price has the longest numbers
        return th.line_height("body") + th.m("button_height") + lines * th.line_height("small") + 14

    def layout(self, r: pygame.Rect) -> None:
        super().layout(r)
        th = self.theme
        bh = th.m("button_height")
        row_h = self.row_h()
        # Room for the forecast: the lines it takes now and one more (the draft changes between layouts: a trust cost
        # named), at least FORECAST_LINES, and one more line of air.
        self.forecast_lines = max(FORECAST_LINES, len(th.wrap(self.forecast_text(), r.width - 20, "small")) + 1)
        per_page = max(1, (r.height - bh - (self.forecast_lines + 1) * th.line_height("small") - 12) // row_h)
        pages = max(1, -(-len(self.sliders) // per_page))
        self.page = min(self.page, pages - 1)
        self.rows = []
        start = self.page * per_page
        for k, slider in enumerate(self.sliders[start:start + per_page]):
            top = r.y + 6 + k * row_h
            slider.visible = True
            slider.rect = pygame.Rect(r.x + 8, top + th.line_height("body") + 2, r.width - 16, bh)
            self.rows.append((start + k, top))
        if pages > 1:
            self.prev.visible = self.next.visible = True
            self.prev.rect = pygame.Rect(r.x + 8, r.bottom - bh - 4, 60, bh)
            self.next.rect = pygame.Rect(r.right - 68, r.bottom - bh - 4, 60, bh)
        self.pages = pages

    def show(self, visible: bool) -> None:
        if not visible:
            super().show(False)  # shown row by row by layout

    def quote_lines(self, idx: int, markup: float | None = None) -> list[tuple[str, str]]:
        """The quote under product ``idx``'s slider, (text, colour) per line: price, margin and bonus per deal;
        the market, our gap to it and the band; wrapped between their parts to the panel's width."""
        game = self.session.game
        lang, cur = self.ctx.lang, self.scene.currency
        p = game.scenario.products[idx]
        q = game.quote(p.id, self.session.draft.markups[p.id] if markup is None else markup)
        bonus = money(q["bonus"], cur, lang)
        if q["bonus_uncertain"]:  # on net profit, overheads and bad debt move the bonus at month end
            bonus = self.t("price.bonus_net", bonus=bonus)
        line1 = self.t("price.line1", price=money(q["price"], cur, lang), margin=money(q["margin"], cur, lang),
                       bonus=bonus)
        band = game.scenario.compensation.bonus_corridor
        if q.get("outside_corridor") and band is not None:  # the pay rule's thresholds: no bonus on this deal
            line1 = self.t("price.line1_outside", price=money(q["price"], cur, lang), low=percent(band.min),
                           high=percent(band.max))
        gap_style = "bad" if q["gap"] > game.scenario.model.price_tolerance else "muted"
        line2 = self.t("price.line2", market=money(q["market_price"], cur, lang), gap=f"{q['gap'] * 100:+.0f}%",
                       low=percent(p.markup.min), high=percent(p.markup.max))
        if p.markup.fixed:
            line2 = self.t("price.fixed", market=money(q["market_price"], cur, lang))
            gap_style = "warn"
        width = self.rect.width - 20
        return [(text, "text") for text in wrap_parts(self.theme, line1, width)] + \
            [(text, gap_style) for text in wrap_parts(self.theme, line2, width)]

    def draw(self, surface) -> None:
        th = self.theme
        game = self.session.game
        lang = self.ctx.lang
        r = self.rect
        for idx, top in self.rows:
            p = game.scenario.products[idx]
            value = self.session.draft.markups[p.id]
            th.draw_text(surface, p.name.get(lang), (r.x + 10, top), "body", bold=True, max_width=r.width * 6 // 10)
            th.draw_text(surface, self.t("price.markup", markup=percent(value)), (r.right - 10, top), "body",
                         th.c("accent"), bold=True, align="right")
            y = top + th.line_height("body") + th.m("button_height") + 4
            for text, style in self.quote_lines(idx):
                th.draw_text(surface, text, (r.x + 10, y), "small", th.c(style), max_width=r.width - 20)
                y += th.line_height("small")
        parts = self.forecast_parts()
        if parts:
            lh, width = th.line_height("small"), r.width - 20
            wrapped = [(line, style) for text, style in parts for line in th.wrap(text, width, "small")]
            wrapped = wrapped[:self.forecast_lines + 1]
            y = r.bottom - th.m("button_height") - 8 - len(wrapped) * lh  # bottom-aligned
            for line, style in wrapped:
                th.draw_text(surface, line, (r.x + 10, y), "small", th.c(style), max_width=width)
                y += lh
        if self.pages > 1:
            th.draw_text(surface, f"{self.page + 1} / {self.pages}",
                         (r.centerx, r.bottom - th.m("button_height")), "small", th.c("muted"), align="center")
