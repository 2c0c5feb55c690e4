"""The trainer's group view on the leaderboard: each KPI's mean, spread and distribution, and the group's
common mistakes (computed by the store from the replays; this module only shows them)."""
from __future__ import annotations

import pygame

from ...engine import SHARE_KPIS
from ...store.group import Spread
from ..texts import MONEY_KPIS, decimal, kpi_name, localized, money_short, percent
from ..widgets import Widget, draw_strip

Lines = list[tuple[str, str]]


def _shown(kpi: str, value: float, lang: str) -> str:
    """A group statistic as the panel shows it (skill as a whole number)."""
    return decimal(value, 0, lang) if kpi == "skill" else group_value(kpi, value, "", lang)


def group_value(kpi: str, value: float, currency: str, lang: str) -> str:
    """A KPI value as the group view shows it: money short (``4,1 млн RUB``), shares in per cent."""
    if kpi == "score":
        return decimal(value, 1, lang)
    if kpi in MONEY_KPIS:
        return money_short(value, currency, lang)
    if kpi in SHARE_KPIS:
        return percent(value)
    return localized(f"{value:,.0f}", lang)


def kpi_title(t, kpi: str, lang: str) -> str:
    """A KPI's name; score and skill are the board's words."""
    return t(f"board.{kpi}") if kpi in ("score", "skill") else kpi_name(kpi, lang)


def mistake_lines(t, view, product_name) -> Lines:
    """The group's common mistakes, most frequent first: "7 of 12: set the Software markup at the ceiling..."."""
    lines: Lines = [(t("group.mistakes", games=view.games), "h")]
    if view.unreadable:
        lines.append((t("group.unreadable", n=view.unreadable), "warn"))
    if not view.games:
        return lines + [(t("group.empty"), "muted")]
    if not view.mistakes:
        return lines + [(t("group.none"), "good")]
    for m in view.mistakes:
        text = t(f"group.mistake.{m.code}", product=product_name(m.product) if m.product else "")
        lines.append((t("group.line", count=m.count, games=view.games, text=text), "bad" if
                      2 * m.count >= view.games else "body"))
    return lines


class GroupPanel(Widget):
    """KPI | mean | ± spread | a strip of every game's value; the selected game's value ringed."""

    def __init__(self, wid: str, scene):
        super().__init__(wid)
        self.scene = scene

    def rows(self) -> list[tuple[str, str, str, Spread]]:
        """(KPI name, mean, ± spread, the Spread) for each KPI the group has values of."""
        scene, lang = self.scene, self.scene.ctx.lang
        view = scene.group
        if view is None:
            return []
        out = []
        for s in view.spreads:
            out.append((kpi_title(scene.t, s.kpi, lang), _shown(s.kpi, s.mean, lang), "±" + _shown(s.kpi, s.sd, lang), s))
        return out

    def row_h(self, theme) -> int:
        return theme.line_height("body") + 12

    def needed_height(self, theme) -> int:
        """Height for the heading, the column titles and every row."""
        n = len(self.scene.group.spreads) if self.scene.group is not None else 0
        return theme.m("padding") + theme.line_height("body") + 6 + theme.line_height("small") + 6 + n * self.row_h(theme)

    def draw(self, surface, theme) -> None:
        theme.panel(surface, self.rect)
        scene = self.scene
        view = scene.group
        pad = theme.m("padding")
        x0, w = self.rect.x + pad, self.rect.width - 2 * pad
        y = self.rect.y + pad // 2
        title = scene.t("group.title", n=view.games if view is not None else 0)
        if scene.group_currency:
            title += " · " + scene.t("group.money", currency=scene.group_currency)
        theme.draw_text(surface, title, (x0, y), "body", theme.c("accent"), bold=True, max_width=w)
        y += theme.line_height("body") + 6
        rows = self.rows()
        if not rows:
            return
        font, bold = theme.font("body"), theme.font("body", bold=True)
        heads = [scene.t(k) for k in ("group.head_kpi", "group.head_mean", "group.head_sd", "group.head_strip")]
        small = theme.font("small")
        name_w = min(max(font.size(r[0])[0] for r in rows + [(heads[0],)]) + pad, int(w * 0.38))
        mean_w = max(max(bold.size(r[1])[0] for r in rows), small.size(heads[1])[0]) + pad
        sd_w = max(max(font.size(r[2])[0] for r in rows), small.size(heads[2])[0]) + pad
        strip_x = x0 + name_w + mean_w + sd_w + pad
        strip_w = self.rect.right - pad - strip_x
        if small.size(heads[3])[0] > strip_w:
            heads[3] = scene.t("group.head_strip_short")
        for text, x, right in ((heads[0], x0, False), (heads[1], x0 + name_w + mean_w, True),
                               (heads[2], x0 + name_w + mean_w + sd_w, True), (heads[3], strip_x, False)):
            limit = strip_w if x == strip_x else name_w - 8 if not right else None
            theme.draw_text(surface, text, (x, y), "small", theme.c("muted"), align="right" if right else "left",
                            max_width=limit)
        y += theme.line_height("small") + 6
        row_h = self.row_h(theme)
        selected = scene.selected_entry()
        for k, (name, mean, sd, spread) in enumerate(rows):
            if y + row_h > self.rect.bottom:
                break
            if k % 2:
                pygame.draw.rect(surface, theme.c("row_alt"), (self.rect.x + 1, y, self.rect.width - 2, row_h))
            ty = y + (row_h - theme.line_height("body")) // 2
            theme.draw_text(surface, name, (x0, ty), "body", theme.c("text"), max_width=name_w - 8)
            theme.draw_text(surface, mean, (x0 + name_w + mean_w, ty), "body", theme.c("text"), bold=True,
                            align="right")
            theme.draw_text(surface, sd, (x0 + name_w + mean_w + sd_w, ty), "body", theme.c("muted"), align="right")
            mark = selected.value(spread.kpi) if selected is not None and not selected.strategy else None
            draw_strip(surface, theme, pygame.Rect(strip_x, y + 3, strip_w, row_h - 6), spread.values, spread.mean,
                       mark)
            y += row_h
