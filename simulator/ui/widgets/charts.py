"""Charts drawn with pygame.draw: KPI lines over the months, horizontal bars for comparisons."""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pygame

from ...locale import decimal, general, unit_text
from ..theme import Theme
from .base import Widget


def short_number(value: float, lang: str = "en") -> str:
    """An axis label: 1234567 -> '1.2M' ('1,2 млн'), 45000 -> '45k' ('45 тыс.'), 2.5 -> '2.5' ('2,5')."""
    a = abs(value)
    if a == 0:
        return "0"
    if a >= 1e6:
        return unit_text(lang, "common.axis_millions", decimal(value / 1e6, 1, lang))
    if a >= 1e4:
        return unit_text(lang, "common.axis_thousands", decimal(value / 1e3, 0, lang))
    if a >= 100:
        return decimal(value, 0, lang)
    return general(round(value, 2), lang)


def nice_top(value: float) -> float:
    """The smallest round number at least ``value`` (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten).

    The value axis tops out there, so its middle tick is round too (1.5M over 750k, not 1.47M over 736k).
    """
    if value <= 0:
        return 1.0
    scale = 10.0 ** math.floor(math.log10(value))
    for m in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if m * scale >= value * (1 - 1e-9):
            return float(m * scale)
    return float(10 * scale)


def month_ticks(months: int) -> list[int]:
    """0-based month indices to label on the x axis: the first, the last and a few evenly between."""
    if months <= 1:
        return [0]
    step = max(1, round((months - 1) / 4))
    if months > 6:
        step = max(3, 3 * round(step / 3))  # quarters read naturally
    ticks = list(range(0, months - 1, step))
    if months - 1 - ticks[-1] < step / 2 and len(ticks) > 1:
        ticks.pop()  # keep the last label clear of its neighbour
    return ticks + [months - 1]


class LineChart(Widget):
    """One or more series over months, with a title, axis labels and a legend.

    ``fmt`` formats the value axis (:func:`short_number` by default,
    :func:`~simulator.ui.texts.percent` for shares); ``counts`` charts (deals, offers) get
    whole-number ticks.

    Series take the theme's ``chart`` colours in turn, which hold no green and no red (those mean
    "better" and "worse" in tables and texts beside a chart: one meaning per colour). A series given
    as ``(name, values, colour)`` is drawn in that theme colour instead, for a series that does mean
    good or bad (``"good"`` for deals won, ``"bad"`` for deals lost).
    """

    def __init__(self, wid: str, title: Callable[[], str], series: Callable[[], Sequence[tuple[str, Sequence[float]]]],
                 tooltip=None, fmt: Callable[[float], str] = short_number, counts: bool = False):
        super().__init__(wid, tooltip)
        self.title, self.series, self.fmt, self.counts = title, series, fmt, counts

    def draw(self, surface, theme: Theme) -> None:
        theme.panel(surface, self.rect)
        pad = theme.m("padding")
        theme.draw_text(surface, self.title(), (self.rect.x + pad, self.rect.y + pad // 2), "small", bold=True,
                        max_width=self.rect.width - 2 * pad)
        series = [(item[0], list(item[1]), item[2] if len(item) > 2 else None) for item in self.series()
                  if len(item[1])]
        lh = theme.line_height("small")
        if not series:
            return
        low = min(0.0, min(min(v) for _, v, _ in series))
        high = max(max(v) for _, v, _ in series)
        high = nice_top(high)
        if self.counts:  # an even top keeps the middle tick a whole number too
            high = max(2.0, math.ceil(high) + math.ceil(high) % 2)
        fmt = (lambda v: f"{v:.0f}") if self.counts else self.fmt
        # The value axis is as wide as its widest label ("100%" at a projector's text size too).
        axis_w = max(theme.font("small").size(fmt(low + (high - low) * k / 2))[0] for k in range(3)) + 8
        legend = self._legend_rows(theme, [name for name, _, _ in series]) if len(series) > 1 else []
        plot = pygame.Rect(self.rect.x + pad + axis_w, self.rect.y + pad + lh, self.rect.width - 2 * pad - axis_w - 6,
                           self.rect.height - 2 * pad - (2 + max(1, len(legend))) * lh)
        if plot.width < 20 or plot.height < 20:
            return
        months = max(len(v) for _, v, _ in series)
        for k in range(3):
            y = plot.bottom - plot.height * k // 2
            pygame.draw.line(surface, theme.c("bar_back"), (plot.x, y), (plot.right, y), 1)
            theme.draw_text(surface, fmt(low + (high - low) * k / 2), (plot.x - 6, y - lh // 2), "small",
                            theme.c("muted"), align="right")
        pygame.draw.line(surface, theme.c("border"), (plot.x, plot.bottom), (plot.right, plot.bottom), 1)

        def point(i: int, v: float) -> tuple[int, int]:
            x = plot.x + (plot.width * i // max(1, months - 1) if months > 1 else plot.width // 2)
            return x, plot.bottom - round((v - low) / (high - low) * plot.height)

        ticks = month_ticks(months)
        for i in ticks:
            x = point(i, low)[0]
            pygame.draw.line(surface, theme.c("border"), (x, plot.bottom), (x, plot.bottom + 3), 1)
            align = "left" if i == 0 and len(ticks) > 1 else "right" if i == months - 1 and len(ticks) > 1 else "center"
            theme.draw_text(surface, str(i + 1), (x, plot.bottom + 2), "small", theme.c("muted"), align=align)

        colors = theme.c("chart")
        room = self.rect.width - 2 * pad
        where = {s: (row, x) for row, items in enumerate(legend) for s, x in items}
        top = self.rect.bottom - pad // 2 - len(legend) * lh
        for s, (name, values, named) in enumerate(series):
            color = theme.c(named) if named else colors[s % len(colors)]
            pts = [point(i, v) for i, v in enumerate(values)]
            if len(pts) > 1:
                pygame.draw.lines(surface, color, False, pts, 3)
            for p in pts:
                pygame.draw.circle(surface, color, p, 3)
            if s in where:
                row, x = where[s]
                theme.draw_text(surface, f"■ {name}", (self.rect.x + pad + x, top + row * lh), "small", color,
                                max_width=room - x)

    def _legend_rows(self, theme: Theme, names: Sequence[str]) -> list[list[tuple[int, int]]]:
        """The legend laid out in rows of (series index, x offset): entries side by side while they fit, a
        new row when one does not (at most as many rows as leave the plot half the panel); an entry still
        too long for its row is shortened."""
        pad, lh = theme.m("padding"), theme.line_height("small")
        room = self.rect.width - 2 * pad
        most = max(1, (self.rect.height // 2 - 2 * pad) // max(1, lh) - 1)
        rows: list[list[tuple[int, int]]] = [[]]
        x = 0
        for s, name in enumerate(names):
            w = theme.font("small").size(f"■ {name}")[0]
            if rows[-1] and x + w > room and len(rows) < most:
                rows.append([])
                x = 0
            rows[-1].append((s, x))
            x += w + 14
        return rows


def draw_hbars(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, rows: Sequence[tuple[str, float, bool]],
               fmt: Callable[[float], str]) -> None:
    """Horizontal bars ``(label, value, highlight)`` scaled to the largest value."""
    if not rows:
        return
    lh = theme.line_height("body")
    row_h = min(lh + 10, rect.height // len(rows))
    widest = max(theme.font("body", bold=mine).size(label)[0] for label, _, mine in rows)
    label_w = min(widest + 12, rect.width // 2)  # as wide as the longest name needs, bars get the rest
    top = max(max(v for _, v, _ in rows), 1e-9)
    for k, (label, value, mine) in enumerate(rows):
        y = rect.y + k * row_h
        color = theme.c("accent") if mine else theme.c("muted")
        theme.draw_text(surface, label, (rect.x, y + (row_h - lh) // 2), "body", theme.c("text") if mine else None,
                        bold=mine, max_width=label_w - 8)
        bar = pygame.Rect(rect.x + label_w, y + 5, max(2, round((rect.width - label_w - 90) * max(value, 0) / top)),
                          row_h - 10)
        pygame.draw.rect(surface, color, bar, border_radius=3)
        theme.draw_text(surface, fmt(value), (bar.right + 8, y + (row_h - lh) // 2), "body", bold=mine)


def draw_strip(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, values: Sequence[float], mean: float,
               mark: float | None = None) -> None:
    """A distribution as a strip of dots, one per game, from the lowest value (left) to the highest (right);
    the mean is a vertical line, ``mark`` (the selected game's value) a ring. Equal values stack up and down."""
    if not values or rect.width < 12:
        return
    low, high = min(values), max(values)
    cy = rect.centery
    pygame.draw.line(surface, theme.c("border"), (rect.x, cy), (rect.right, cy), 1)
    r = max(3, min(6, rect.height // 5))

    def x_of(v: float) -> int:
        return rect.centerx if high <= low else rect.x + r + round((v - low) / (high - low) * (rect.width - 2 * r))

    pygame.draw.line(surface, theme.c("text"), (x_of(mean), rect.y + 2), (x_of(mean), rect.bottom - 2), 2)
    stacks: dict[int, int] = {}
    for v in values:
        x = x_of(v)
        bucket = x // max(1, 2 * r)
        k = stacks.get(bucket, 0)
        stacks[bucket] = k + 1
        dy = (k + 1) // 2 * (2 * r - 1) * (1 if k % 2 else -1)  # 0, +, -, ++, --: a small pile
        dy = max(-(rect.height // 2 - r), min(rect.height // 2 - r, dy))
        pygame.draw.circle(surface, theme.c("accent"), (x, cy + dy), r)
    if mark is not None:
        pygame.draw.circle(surface, theme.c("text"), (x_of(mark), cy), r + 3, 2)


class SignedBars(Widget):
    """A title over horizontal bars that go right for a gain ("good" colour) and left for a loss ("bad"), from
    a centre line, each labelled with its name and its value: what moved a number, and which way."""

    def __init__(self, wid: str, title, rows: Callable[[], Sequence[tuple[str, float]]], fmt: Callable[[float], str]):
        super().__init__(wid)
        self.title, self.rows, self.fmt = title, rows, fmt

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        from .base import resolve
        r = self.rect
        theme.panel(surface, r)
        pad = 8
        theme.draw_text(surface, resolve(self.title), (r.x + pad, r.y + 4), "small", theme.c("accent"), bold=True,
                        max_width=r.width - 2 * pad)
        rows = list(self.rows())
        top = r.y + 4 + theme.line_height("small") + 4
        if not rows:
            return
        lh = theme.line_height("small")
        row_h = max(lh, min(lh + 8, (r.bottom - pad - top) // len(rows)))
        shown = rows[:max(1, (r.bottom - pad - top) // row_h)]
        label_w = min(max(theme.font("small").size(name)[0] for name, _ in shown) + 10, r.width // 2)
        value_w = max(theme.font("small").size(self.fmt(v))[0] for _, v in shown) + 8
        area = pygame.Rect(r.x + pad + label_w, top, r.width - 2 * pad - label_w, row_h * len(shown))
        mid = area.x + value_w + (area.width - 2 * value_w) // 2
        half = max(4, (area.width - 2 * value_w) // 2)
        biggest = max(max(abs(v) for _, v in shown), 1e-9)
        pygame.draw.line(surface, theme.c("border"), (mid, area.y), (mid, area.bottom), 1)
        for k, (name, value) in enumerate(shown):
            y = top + k * row_h
            theme.draw_text(surface, name, (r.x + pad, y + (row_h - lh) // 2), "small", max_width=label_w - 8)
            length = max(2, round(half * abs(value) / biggest))
            good = value >= 0
            bar = pygame.Rect(mid if good else mid - length, y + 3, length, row_h - 6)
            pygame.draw.rect(surface, theme.c("good" if good else "bad"), bar, border_radius=3)
            text = self.fmt(value)
            if good:
                theme.draw_text(surface, text, (bar.right + 4, y + (row_h - lh) // 2), "small")
            else:
                theme.draw_text(surface, text, (bar.x - 4, y + (row_h - lh) // 2), "small", align="right")
