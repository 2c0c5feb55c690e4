"""The guided first play: hints that point at each desk control in turn (tutorial mode)."""
from __future__ import annotations

import pygame

# (widget id, hint text key, tab the widget lives on or None)
STEPS = (
    ("desk.clients", "hint.list", None),
    ("desk.search", "hint.search", None),
    ("desk.filter.due", "hint.filters", None),
    ("desk.card", "hint.card", "client"),
    ("desk.touch_kind", "hint.touch", "client"),
    ("desk.touch_one", "hint.touch_one", "client"),
    ("desk.touch_all", "hint.bulk", "client"),
    ("desk.offer_product", "hint.offer", "client"),
    ("desk.hours", "hint.hours", None),
    ("desk.tab.prices", "hint.prices", None),
    ("desk.tab.rules", "hint.rules", None),
    ("desk.kpi.gross_profit", "hint.kpis", None),
    ("desk.end_month", "hint.end_month", None),
)


class HintGuide:
    """Steps through :data:`STEPS`; the desk draws the callout and owns its Next / Skip buttons."""

    def __init__(self, scene):
        self.scene = scene
        ctx = scene.ctx
        game = scene.session.game
        self.active = bool(ctx.settings.hints and game.scenario.id == "tutorial" and game.month == 0
                           and "desk" not in ctx.tutorial_seen)
        self.step = 0
        self.box = pygame.Rect(0, 0, 0, 0)
        if self.active:
            scene.form.set_focus(scene.hint_next)

    @property
    def current(self) -> tuple[str, str, str | None] | None:
        """The step shown now."""
        return STEPS[self.step] if self.active and self.step < len(STEPS) else None

    def next(self) -> None:
        """The next hint (the last one ends the guide)."""
        self.step += 1
        if self.step >= len(STEPS):
            self.stop()
        else:
            self._show()

    def stop(self) -> None:
        """End the guide."""
        self.active = False
        self.scene.ctx.tutorial_seen.add("desk")
        self.scene.hint_next.visible = self.scene.hint_skip.visible = False
        self.scene.form.set_focus(self.scene.list)

    def _show(self) -> None:
        step = self.current
        if step and step[2] and self.scene.tab != step[2]:
            self.scene.set_tab(step[2])
        else:
            self.layout()
        self.scene.form.set_focus(self.scene.hint_next)

    def update(self) -> None:
        if self.active and self.scene.form.focus is None:
            self.scene.form.set_focus(self.scene.hint_next)

    def target(self) -> pygame.Rect | None:
        step = self.current
        if step is None:
            return None
        w = self.scene.form.find(step[0])
        return w.rect if w is not None and w.visible else None

    def layout(self) -> None:
        """Place the callout next to its target and the buttons inside it."""
        scene = self.scene
        if not self.active:
            scene.hint_next.visible = scene.hint_skip.visible = False
            return
        th = scene.theme
        W, H = scene.size
        pad, bh = th.m("padding"), th.m("button_height")
        width = min(int(430 * th.scale), W - 20)
        assert self.current is not None  # active: there is a step
        lines = th.wrap(scene.t(self.current[1]), width - 2 * pad, "body")
        height = len(lines) * th.line_height("body") + th.line_height("small") + bh + 4 * pad
        target = self.target() or pygame.Rect(W // 2, H // 2, 0, 0)
        x = min(max(10, target.x), W - width - 10)
        y = target.bottom + 12
        if target.height > 2 * height + 40 and target.width >= width:  # a big area: inside it, at its bottom
            x, y = target.right - width - 16, target.bottom - height - 16
        elif y + height > H - 10:
            y = target.y - height - 12
        if y < 10:  # neither below nor above: beside the target
            y = max(10, min(target.y, H - height - 10))
            x = target.right + 12 if target.right + 12 + width < W else max(10, target.x - width - 12)
        self.box = pygame.Rect(x, y, width, height)
        half = (width - 3 * pad) // 2
        scene.hint_next.visible = scene.hint_skip.visible = True
        scene.hint_next.rect = pygame.Rect(x + pad, self.box.bottom - pad - bh, half, bh)
        scene.hint_skip.rect = pygame.Rect(x + 2 * pad + half, self.box.bottom - pad - bh, half, bh)
        # The hint buttons must be on top of everything for clicks.
        for b in (scene.hint_next, scene.hint_skip):
            scene.form.widgets.remove(b)
            scene.form.widgets.append(b)

    def draw(self, surface: pygame.Surface) -> None:
        """Highlight the target and draw the callout (its buttons are drawn by the form after)."""
        if not self.active:
            return
        th = self.scene.theme
        target = self.target()
        if target is not None:
            pygame.draw.rect(surface, th.c("focus"), target.inflate(10, 10), width=3, border_radius=8)
        pygame.draw.rect(surface, th.c("panel_alt"), self.box, border_radius=8)
        pygame.draw.rect(surface, th.c("focus"), self.box, width=2, border_radius=8)
        pad = th.m("padding")
        th.draw_text(surface, self.scene.t("hint.step", n=self.step + 1, total=len(STEPS)), (self.box.x + pad,
                     self.box.y + pad // 2), "small", th.c("focus"), bold=True)
        inner = pygame.Rect(self.box.x + pad, self.box.y + pad // 2 + th.line_height("small"), self.box.width - 2 * pad,
                            self.box.height)
        assert self.current is not None  # drawn only while active
        th.draw_wrapped(surface, self.scene.t(self.current[1]), inner, "body")
        for b in (self.scene.hint_next, self.scene.hint_skip):
            b.draw(surface, th)
            if b.focused:
                b.draw_focus(surface, th)
