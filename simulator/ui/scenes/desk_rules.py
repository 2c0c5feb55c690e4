"""The desk's "Rules" tab: standing contact rules per segment that pre-fill each month's plan."""
from __future__ import annotations

import pygame

from ..session import CadenceRule, apply_cadence
from ..widgets import Button, Choice
from .desk_parts import Panel

EVERY_STEPS = (0, 1, 2, 3, 6, 12)


class RulesPanel(Panel):
    """One row per segment (touch kind, how often), and "apply to this month"."""

    def __init__(self, scene):
        super().__init__(scene)
        t, lazy = self.t, self.lazy
        self.kinds: list[Choice] = []
        self.every: list[Choice] = []
        self.rows: list = []
        for seg in self.session.game.scenario.segments:
            k = self.add(Choice(f"desk.rule.{seg.id}.kind", scene.touch_options, lambda v: self._changed()))
            e = self.add(Choice(f"desk.rule.{seg.id}.every", lambda: [
                (n, t("desk.rule_off") if n == 0 else t("desk.rule_every", n=n)) for n in EVERY_STEPS],
                lambda v: self._changed()))
            existing = next((r for r in self.session.rules if r.segment == seg.id), None)
            if existing:
                k.select(existing.kind)
                e.select(existing.every)
            self.kinds.append(k)
            self.every.append(e)
        self.apply_btn = self.add(Button("desk.rules_apply", lazy("desk.rules_apply"), self.apply,
                                         tooltip=lazy("desk.rules_tip")))

    def _changed(self) -> None:
        segs = self.session.game.scenario.segments
        self.session.rules = [CadenceRule(seg.id, k.value, e.value)
                              for seg, k, e in zip(segs, self.kinds, self.every) if e.value]

    def apply(self) -> None:
        """Pre-fill this month's plan from the standing rules (within the hours left)."""
        self._changed()
        result = apply_cadence(self.session.draft, self.session.rules)
        self.scene.say(self.t("desk.cadence_done", n=result.added, skipped=result.no_hours),
                       "good" if not result.no_hours else "warn")
        self.scene.client.invalidate()

    def show(self, visible: bool) -> None:
        if not visible:
            super().show(False)  # rows are shown by layout as far as they fit

    def layout(self, r: pygame.Rect) -> None:
        super().layout(r)
        th = self.theme
        gap, bh = th.m("gap"), th.m("button_height")
        y = r.y + 8 + 3 * th.line_height("small") + gap
        name_w = r.width * 34 // 100
        self.rows = []
        for seg, k, e in zip(self.session.game.scenario.segments, self.kinds, self.every):
            if y + bh > r.bottom - bh - 2 * gap:
                break
            k.visible = e.visible = True
            k.rect = pygame.Rect(r.x + name_w, y, (r.width - name_w) // 2 - gap, bh)
            e.rect = pygame.Rect(k.rect.right + gap, y, r.right - k.rect.right - gap - 8, bh)
            self.rows.append((seg, y))
            y += bh + gap
        self.apply_btn.visible = True
        self.apply_btn.rect = pygame.Rect(r.x + 8, r.bottom - bh - 8, r.width - 16, bh)

    def draw(self, surface) -> None:
        th = self.theme
        r = self.rect
        th.draw_wrapped(surface, self.t("desk.rules_intro"), pygame.Rect(r.x + 10, r.y + 8, r.width - 20,
                        3 * th.line_height("small")), "small", th.c("muted"), max_lines=3)
        lang = self.ctx.lang
        if not self.rows:
            th.draw_text(surface, self.t("desk.no_segments"), (r.x + 10, r.y + 8 + 3 * th.line_height("small") + 8),
                         "body", th.c("muted"))
        for seg, y in self.rows:
            th.draw_text(surface, seg.name.get(lang), (r.x + 10, y + 6), "body", max_width=r.width * 34 // 100 - 14)
