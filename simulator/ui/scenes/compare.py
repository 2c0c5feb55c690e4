"""Two leaderboard entries side by side: their KPIs, two charts over the months, and each month's
decisions and outcomes next to each other (the trainer steps through the months)."""
from __future__ import annotations

import pygame

from ...store.review import month_summaries
from ..texts import decimal, kpi_name, kpi_value, percent
from ..widgets import Button, LineChart, ScrollText, Widget, short_number
from .base import Scene, read_from_afar
from .review_text import CARD_KPIS, month_lines, skill_text

COMPARED = ("score", "skill") + CARD_KPIS


class KpiTable(Widget):
    """KPI | player A | player B, the better value of each row in green; each player's name in the colour of
    their line in the charts beside it (on two lines when it is long)."""

    def __init__(self, wid: str, scene: CompareScene):
        super().__init__(wid)
        self.scene = scene

    def rows(self) -> list[tuple[str, str, str, int]]:
        """(KPI name, A's value, B's value, which is better: 0 = A, 1 = B, -1 = neither)."""
        scene, lang = self.scene, self.scene.ctx.lang
        out = []
        for kpi in COMPARED:
            values, shown = [], []
            for entry, cur in zip(scene.entries, scene.currencies):
                v = entry.value(kpi)
                values.append(v)
                if v is None:
                    shown.append("—")
                elif kpi == "score":
                    shown.append(decimal(v, 1, lang))
                elif kpi == "skill":
                    shown.append(skill_text(v))
                else:
                    shown.append(kpi_value(kpi, v, cur, lang))
            better = -1
            if None not in values and values[0] != values[1]:
                better = 0 if values[0] > values[1] else 1
            name = scene.t(f"board.{kpi}") if kpi in ("score", "skill") else kpi_name(kpi, lang)
            out.append((name, shown[0], shown[1], better))
        return out

    def widths(self, theme, width: int, rows=None) -> tuple[int, int]:
        """(KPI name column, each player's column) in a table ``width`` wide."""
        rows = rows if rows is not None else self.rows()
        w, pad = width - 2 * theme.m("padding"), theme.m("padding")
        font, bold_font = theme.font("body"), theme.font("body", bold=True)
        shown = [text for _, a, b, _ in rows for text in (a, b)]
        words = [word for name in self.scene.names for word in name.split()]  # a name may take two lines
        values_w = max(bold_font.size(text)[0] for text in shown + words) + 12
        # The players and their numbers get the room they need; the KPI names give way first (to a third).
        need = max(font.size(name)[0] for name, *_ in rows) + 2 * pad
        name_w = max(min(need, w // 3), min(need, w - 2 * values_w))
        return name_w, (w - name_w) // 2

    def needed_width(self, theme) -> int:
        """The width that shows every KPI name, value and the longest word of each name whole."""
        rows, pad = self.rows(), theme.m("padding")
        font, bold_font = theme.font("body"), theme.font("body", bold=True)
        words = [word for name in self.scene.names for word in name.split()]
        values_w = max(bold_font.size(text)[0] for text in [t for _, a, b, _ in rows for t in (a, b)] + words) + 12
        return max(font.size(name)[0] for name, *_ in rows) + 2 * pad + 2 * values_w + 2 * pad

    def heading_lines(self, theme, width: int) -> int:
        """Lines the players' names take in the heading (1, or 2 when one is too long for its column)."""
        col_w = self.widths(theme, width)[1]
        return 2 if any(theme.font("body", bold=True).size(n)[0] > col_w - 8 for n in self.scene.names) else 1

    def draw(self, surface, theme) -> None:
        theme.panel(surface, self.rect)
        pad = theme.m("padding")
        row_h = theme.line_height("body") + 6
        rows = self.rows()
        x0 = self.rect.x + pad
        name_w, col_w = self.widths(theme, self.rect.width, rows)
        bold_font = theme.font("body", bold=True)
        y = self.rect.y + pad // 2
        theme.draw_text(surface, self.scene.t("compare.kpi"), (x0, y), "body", theme.c("accent"), bold=True,
                        max_width=name_w - 8)
        colours = theme.c("chart")
        heads = [theme.wrap(name, col_w - 8, "body", bold=True) for name in self.scene.names]
        for j, lines in enumerate(heads):
            if len(lines) > 2:
                lines = [lines[0], theme.fit(" ".join(lines[1:]), col_w - 8, "body", bold=True)]
            for k, line in enumerate(lines):
                theme.draw_text(surface, line, (x0 + name_w + (j + 1) * col_w, y + k * theme.line_height("body")),
                                "body", colours[j % len(colours)], bold=True, max_width=col_w - 8, align="right")
        y += row_h + (self.heading_lines(theme, self.rect.width) - 1) * theme.line_height("body")
        for k, (name, a, b, better) in enumerate(rows):
            if y + row_h > self.rect.bottom:
                break
            if k % 2:
                pygame.draw.rect(surface, theme.c("row_alt"), (self.rect.x + 1, y - 3, self.rect.width - 2, row_h))
            theme.draw_text(surface, name, (x0, y), "body", theme.c("muted"), max_width=name_w - 8)
            for j, text in enumerate((a, b)):
                good = better == j
                bold = good and bold_font.size(text)[0] <= col_w - 8
                theme.draw_text(surface, text, (x0 + name_w + (j + 1) * col_w, y), "body",
                                theme.c("good" if good else "text"), bold=bold, max_width=col_w - 8, align="right")
            y += row_h


class CompareScene(Scene):
    """``pair`` is two (leaderboard Entry, re-simulated Game) tuples; ``names`` what to call the two players
    (the board's "Participant N" while names are hidden; their names by default)."""

    def __init__(self, app, pair, names=None):
        super().__init__(app)
        self.entries = [entry for entry, _ in pair]
        self.names = list(names) if names is not None else [entry.player for entry in self.entries]
        self.games = [game for _, game in pair]
        self.currencies = [g.scenario.desk.currency for g in self.games]
        lang = self.ctx.lang
        self.months = [month_summaries(g, lang) for g in self.games]
        self.turns = max(len(m) for m in self.months)
        self.month = 0
        self.same_game = len({(e.scenario_hash, e.seed) for e in self.entries}) == 1
        f, lazy = self.form, self.lazy
        self.table = f.add(KpiTable("compare.kpis", self))
        names = self.names
        self.charts = [
            f.add(LineChart("compare.chart.revenue", lazy("compare.chart_revenue"), lambda: [
                (name, [m.revenue for m in months]) for name, months in zip(names, self.months)],
                fmt=lambda v: short_number(v, self.ctx.lang))),
            f.add(LineChart("compare.chart.loyalty", lazy("compare.chart_loyalty"), lambda: [
                (name, [m.loyalty for m in months]) for name, months in zip(names, self.months)], fmt=percent)),
        ]
        self.pages = [f.add(ScrollText(f"compare.month.{k}")) for k in range(2)]
        self.prev_btn = f.add(Button("compare.prev", lazy("board.prev_month"), lambda: self.step(-1)))
        self.next_btn = f.add(Button("compare.next", lazy("board.next_month"), lambda: self.step(1), primary=True))
        self.back_btn = f.add(Button("compare.back", lazy("common.back"), self.back))
        self.form.set_focus(self.next_btn)
        self._show_month()

    def step(self, delta: int) -> None:
        """The previous (-1) or next (+1) month in both games."""
        self.month = max(0, min(self.month + delta, self.turns - 1))
        self._show_month()

    def _show_month(self) -> None:
        for page, months, name, cur in zip(self.pages, self.months, self.names, self.currencies):
            if self.month < len(months):
                lines = month_lines(self.t, self.ctx.lang, cur, months[self.month], len(months), name)
            else:
                lines = [(self.t("compare.no_month"), "muted")]
            page.set_lines(lines)
            page.offset = 0

    def handle_event(self, event) -> bool:
        if super().handle_event(event):
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.step(-1 if event.key == pygame.K_LEFT else 1)
            return True
        return False

    @read_from_afar
    def layout(self, size) -> None:
        """KPI table and the two charts on top, the two games' month side by side below, buttons at the bottom."""
        super().layout(size)
        th = self.theme
        W, H = size
        pad, gap, bh, top = self.page_metrics()
        if not self.same_game:
            top += th.line_height("small")
        half = (W - 2 * pad - gap) // 2
        by = H - pad - bh
        table_h = th.m("padding") + (len(COMPARED) + 1) * (th.line_height("body") + 6) + \
            (self.table.heading_lines(th, half) - 1) * th.line_height("body")
        # The table takes the width its names and numbers need (up to two thirds), the charts the rest.
        table_w = max(half, min(self.table.needed_width(th), (W - 2 * pad - gap) * 2 // 3))
        table_h = th.m("padding") + (len(COMPARED) + 1) * (th.line_height("body") + 6) + \
            (self.table.heading_lines(th, table_w) - 1) * th.line_height("body")
        self.table.rect = pygame.Rect(pad, top, table_w, table_h)
        chart_h = (table_h - gap) // 2
        for k, chart in enumerate(self.charts):
            chart.rect = pygame.Rect(pad + table_w + gap, top + k * (chart_h + gap), W - 2 * pad - table_w - gap,
                                     chart_h)
        page_y = top + table_h + gap
        for k, page in enumerate(self.pages):
            page.rect = pygame.Rect(pad + k * (half + gap), page_y, half if k == 0 else W - 2 * pad - half - gap,
                                    by - gap - page_y)
        third = (W - 2 * pad - 2 * gap) // 4
        self.back_btn.rect = pygame.Rect(pad, by, third, bh)
        self.prev_btn.rect = pygame.Rect(W - pad - 2 * third - gap, by, third, bh)
        self.next_btn.rect = pygame.Rect(W - pad - third, by, third, bh)

    @read_from_afar
    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        a, b = self.names
        y = self.title_bar(surface, self.t("compare.title", a=a, b=b), self.t("compare.subtitle"))
        pad = th.m("padding") * 2
        if not self.same_game:
            th.draw_text(surface, self.t("compare.other_scenario"), (pad, y - th.m("gap")), "small", th.c("warn"),
                         max_width=surface.get_width() - 2 * pad)
        back, prev, gap = self.back_btn.rect, self.prev_btn.rect, th.m("gap")
        th.draw_text(surface, self.t("compare.keys"), ((back.right + prev.x) // 2,
                     prev.y + (prev.height - th.line_height("small")) // 2), "small", th.c("muted"), align="center",
                     max_width=prev.x - back.right - 2 * gap)
        self.draw_widgets(surface)
