"""Pieces of the desk shared by its panels: the panel base, the scorecard chips and the hours gauge."""
from __future__ import annotations

import pygame

from ..texts import MONEY_KPIS, decimal, general, kpi_help, kpi_name, kpi_value, localized, money_short
from ..widgets import Widget
from ..widgets.base import W


class Panel:
    """A part of the desk: its widgets (added to the scene's form, in Tab order), its layout and drawing."""

    def __init__(self, scene):
        self.scene = scene
        self.ctx = scene.ctx
        self.theme = scene.theme
        self.session = scene.session
        self.widgets: list[Widget] = []
        self.rect = pygame.Rect(0, 0, 0, 0)

    def add(self, widget: W) -> W:
        """Add a widget to the scene's form and to this panel."""
        self.scene.form.add(widget)
        self.widgets.append(widget)
        return widget

    def t(self, key: str, **values) -> str:
        return self.scene.t(key, **values)

    def lazy(self, key: str, **values):
        return self.scene.lazy(key, **values)

    def show(self, visible: bool) -> None:
        """Show or hide every widget of the panel."""
        for w in self.widgets:
            w.visible = visible

    def layout(self, rect: pygame.Rect) -> None:
        """Place the widgets inside ``rect``."""
        self.rect = rect

    def refresh(self) -> None:
        """A month was played (or the desk opened): re-read what changed."""

    def update(self) -> None:
        """Once a frame."""

    def draw(self, surface: pygame.Surface) -> None:
        """What the panel draws besides its widgets."""


class ScoreChip(Widget):
    """One score item so far: the KPI against its target, points of its weight and the change since last
    month (all from the engine's scorecard); its tooltip says what the KPI is and what moves it."""

    def __init__(self, wid: str, scene, index: int, kpi: str):
        super().__init__(wid, tooltip=lambda: self._tip())
        self.tooltip_title = lambda: kpi_name(kpi, scene.ctx.lang)
        self.scene, self.index, self.kpi = scene, index, kpi

    def _line(self):
        card = self.scene.scorecard
        return card[self.index] if self.index < len(card) else None

    def _tip(self) -> str:
        line, lang = self._line(), self.scene.ctx.lang
        if line is None:
            return kpi_help(self.kpi, lang)
        tip = self.scene.t("desk.score_tip", help=kpi_help(self.kpi, lang), weight=general(line.weight, lang),
                           target=kpi_value(self.kpi, line.target, self.scene.currency, lang))
        return tip if line.measured else f"{tip} {self.scene.t('desk.score_not_yet_tip')}"

    def draw(self, surface, theme) -> None:
        theme.panel(surface, self.rect, "panel_alt")
        line, lang = self._line(), self.scene.ctx.lang
        if line is None:
            return
        pad, width = 8, self.rect.width - 16
        points = self.scene.t("desk.score_points", points=decimal(line.points, 1, lang), weight=general(line.weight, lang))
        pw = theme.font("small", True).size(points)[0]
        theme.draw_text(surface, points, (self.rect.right - pad, self.rect.y + 3), "small", theme.c("accent"), bold=True,
                        align="right")
        theme.draw_text(surface, kpi_name(self.kpi, lang), (self.rect.x + pad, self.rect.y + 3), "small",
                        theme.c("muted"), max_width=width - pw - 8)
        y = self.rect.y + 3 + theme.line_height("small")
        change = ""
        if abs(line.change) >= 0.05:
            change = localized(f"{line.change:+.1f}", lang)
            theme.draw_text(surface, change, (self.rect.right - pad, y), "body",
                            theme.c("good" if line.change > 0 else "bad"), bold=True, align="right")
        shown = (lambda v: money_short(v, self.scene.currency, lang)) if self.kpi in MONEY_KPIS else \
            (lambda v: kpi_value(self.kpi, v, self.scene.currency, lang))
        room = width - (theme.font("body", True).size(change)[0] + 8 if change else 0)
        now = shown(line.value) if line.measured else self.scene.t("desk.score_not_yet")  # no renewal due yet: no 0%
        value = self.scene.t("desk.score_value", value=now, target=shown(line.target))
        if theme.font("body", True).size(value)[0] > room:  # narrow: the value alone, the target is in the tooltip
            value = now
        theme.draw_text(surface, value, (self.rect.x + pad, y), "body", bold=True, max_width=room)


class HoursGauge(Widget):
    """Hours left this month as a bar."""

    def __init__(self, wid: str, scene):
        super().__init__(wid, tooltip=scene.lazy("desk.hours_tip"))
        self.scene = scene

    def draw(self, surface, theme) -> None:
        draft = self.scene.session.draft
        cap, left = draft.capacity_hours, draft.hours_left()
        lang = self.scene.ctx.lang
        text = self.scene.t("desk.hours", left=general(left, lang), total=general(cap, lang))
        theme.draw_text(surface, text, (self.rect.x, self.rect.y), "small", bold=True, max_width=self.rect.width)
        bar = pygame.Rect(self.rect.x, self.rect.y + theme.line_height("small") + 2, self.rect.width, 10)
        theme.bar(surface, bar, left / cap if cap else 0.0, "accent" if left > 0.01 else "warn")
