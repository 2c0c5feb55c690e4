"""The desk's "Rules" tab: standing contact rules per segment that pre-fill each month's plan."""
from __future__ import annotations

import pygame

from ...desk import CadenceRule, apply_cadence
from ..layout import fit_row, widest
from ..widgets import CHOICE_SLACK, Button, Choice
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
        """Per segment: its name, then its touch type and frequency side by side when their labels fit (the
        name beside them when it fits too), stacked otherwise; as many segments as the panel holds."""
        super().layout(r)
        th = self.theme
        gap, bh = th.m("gap"), th.m("button_height")
        y = r.y + 8 + 3 * th.line_height("small") + gap
        self.rows = []
        segments = self.session.game.scenario.segments
        name_w = widest(th, [seg.name.get(self.ctx.lang) for seg in segments], "body") + 20  # one column for all
        for seg, k, e in zip(segments, self.kinds, self.every):
            labels = [max((label for _, label in c.options()), key=lambda s: th.font("body").size(s)[0], default="")
                      for c in (k, e)]
            inline = fit_row(th, [k, e], labels, r.x + name_w, y, r.width - name_w - 8, bh, gap, slack=CHOICE_SLACK)
            top = y if inline else y + th.line_height("body")
            if not inline and not fit_row(th, [k, e], labels, r.x + 8, top, r.width - 16, bh, gap, slack=CHOICE_SLACK):
                k.rect = pygame.Rect(r.x + 8, top, r.width - 16, bh)  # one under the other, each whole
                top += bh + gap
                e.rect = pygame.Rect(r.x + 8, top, r.width - 16, bh)
            if top + bh > r.bottom - bh - 2 * gap:
                break
            k.visible = e.visible = True
            self.rows.append((seg, y, inline))
            y = top + bh + gap
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
        bh = th.m("button_height")
        for seg, y, inline in self.rows:
            y_name = y + (bh - th.line_height("body")) // 2 if inline else y
            th.draw_text(surface, seg.name.get(lang), (r.x + 10, y_name), "body", max_width=r.width - 20)
