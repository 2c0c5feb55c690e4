"""Charts drawn with pygame.draw: KPI lines over the months, horizontal bars for comparisons."""
from __future__ import annotations

from typing import Callable, Sequence

import pygame

from ..theme import Theme
from .base import Widget


def short_number(value: float) -> str:
    """1234567 -> '1.2M', 45000 -> '45k', 0.62 -> '0.62'."""
    a = abs(value)
    if a == 0:
        return "0"
    if a >= 1e6:
        return f"{value / 1e6:.1f}M"
    if a >= 1e4:
        return f"{value / 1e3:.0f}k"
    if a >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}"


class LineChart(Widget):
    """One or more series over months, with a title, axis labels and a legend."""

    def __init__(self, wid: str, title: Callable[[], str], series: Callable[[], Sequence[tuple[str, Sequence[float]]]],
                 tooltip=None):
        super().__init__(wid, tooltip)
        self.title, self.series = title, series

    def draw(self, surface, theme: Theme) -> None:
        theme.panel(surface, self.rect)
        pad = theme.m("padding")
        theme.draw_text(surface, self.title(), (self.rect.x + pad, self.rect.y + pad // 2), "small", bold=True,
                        max_width=self.rect.width - 2 * pad)
        series = [(name, list(values)) for name, values in self.series() if len(values)]
        lh = theme.line_height("small")
        plot = pygame.Rect(self.rect.x + pad + 44, self.rect.y + pad + lh, self.rect.width - 2 * pad - 50,
                           self.rect.height - 2 * pad - 3 * lh)
        if plot.width < 20 or plot.height < 20 or not series:
            return
        low = min(0.0, min(min(v) for _, v in series))
        high = max(max(v) for _, v in series)
        if high <= low:
            high = low + 1.0
        months = max(len(v) for _, v in series)
        for k in range(3):
            y = plot.bottom - plot.height * k // 2
            pygame.draw.line(surface, theme.c("bar_back"), (plot.x, y), (plot.right, y), 1)
            theme.draw_text(surface, short_number(low + (high - low) * k / 2), (plot.x - 6, y - lh // 2), "small",
                            theme.c("muted"), align="right")
        pygame.draw.line(surface, theme.c("border"), (plot.x, plot.bottom), (plot.right, plot.bottom), 1)
        theme.draw_text(surface, "1", (plot.x, plot.bottom + 2), "small", theme.c("muted"))
        theme.draw_text(surface, str(months), (plot.right, plot.bottom + 2), "small", theme.c("muted"), align="right")

        def point(i: int, v: float) -> tuple[int, int]:
            x = plot.x + (plot.width * i // max(1, months - 1) if months > 1 else plot.width // 2)
            return x, plot.bottom - round((v - low) / (high - low) * plot.height)

        colors = theme.c("chart")
        legend_x = plot.x
        for s, (name, values) in enumerate(series):
            color = colors[s % len(colors)]
            pts = [point(i, v) for i, v in enumerate(values)]
            if len(pts) > 1:
                pygame.draw.lines(surface, color, False, pts, 3)
            for p in pts:
                pygame.draw.circle(surface, color, p, 3)
            if len(series) > 1:
                r = theme.draw_text(surface, f"■ {name}", (legend_x, self.rect.bottom - lh - pad // 2), "small", color)
                legend_x = r.right + 14


def draw_hbars(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, rows: Sequence[tuple[str, float, bool]],
               fmt: Callable[[float], str]) -> None:
    """Horizontal bars ``(label, value, highlight)`` scaled to the largest value."""
    if not rows:
        return
    lh = theme.line_height("body")
    row_h = min(lh + 10, rect.height // len(rows))
    label_w = rect.width * 2 // 5
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
