"""Help overlay (F1): keys, the rules of the game, what each KPI means, the current scenario's pay scheme."""
from __future__ import annotations

import pygame

from ...store.kinds import kind_of
from ..texts import kpi_help, kpi_name, pay_scheme
from ..widgets import Button, ScrollText, resolve
from .base import Scene
from .head_texts import scheme_lines


def screen_keys(scene) -> list[tuple[str, str]]:
    """The direct keys of ``scene`` (the screen under the help), one line each: "T — touch the selected client"."""
    out = []
    for w in scene.form.widgets if scene is not None else ():
        if w.shortcut is not None:
            what = resolve(w.shortcut_help) or resolve(getattr(w, "text", "")) or resolve(w.tooltip)
            out.append((f"{w.shortcut.label} — {what}", "body"))
    return out


def help_lines(ctx, below=None) -> list[tuple[str, str]]:
    """The help page (with the direct keys of the screen ``below`` it first, when it has some)."""
    t, lang = ctx.t, ctx.lang
    keys = screen_keys(below)
    lines: list[tuple[str, str]] = [(t("help.screen_keys"), "h")] + keys if keys else []
    lines += [(t("help.keys_title"), "h"), (t("help.keys"), "body")]
    kind = kind_of(ctx.session)   # no session yet: the desk's rules
    lines.append((t("help.rules_title"), "h"))
    lines += [("• " + t(k), "body") for k in kind.rule_keys]
    if ctx.session is not None:
        s = ctx.session.scenario
        lines.append((t("help.pay_title", scenario=s.title.get(lang)), "h"))
        if kind.team:   # the team's scheme now (the first seller's; the pay editor shows each seller's)
            game = ctx.session.game
            scheme = game.team_members()[0].pay if game.team_members() else game.team.pay
            lines += [(line, "body") for line in scheme_lines(scheme, s.desk.currency, t, lang)]
        else:
            lines += [(line, "body") for line in pay_scheme(s, t, lang)]
    lines.append((t("help.kpis_title"), "h"))
    for kpi in kind.kpis:
        lines.append((f"{kpi_name(kpi, lang)} — {kpi_help(kpi, lang)}", "body"))
    lines.append((t("help.close_hint"), "muted"))
    return lines


class HelpScene(Scene):
    """Drawn over the screen it was opened from; F1 or Esc closes it."""

    overlay = True

    def __init__(self, app):
        super().__init__(app)
        self.below = app.top  # the screen the help was opened from: its keys come first
        self.page = self.form.add(ScrollText("help.text"))
        self.close_btn = self.form.add(Button("help.close", self.lazy("common.close"), self.app.pop, primary=True))
        self.form.set_focus(self.page)
        self.box = pygame.Rect(0, 0, 0, 0)

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        margin = int(50 * th.scale)
        self.box = pygame.Rect(margin, margin // 2, size[0] - 2 * margin, size[1] - margin)
        pad, bh = th.m("padding"), th.m("button_height")
        top = self.box.y + pad + th.line_height("title") + pad
        self.page.rect = pygame.Rect(self.box.x + pad, top, self.box.width - 2 * pad,
                                     self.box.bottom - top - bh - 2 * pad)
        bw = int(200 * th.scale)
        self.close_btn.rect = pygame.Rect(self.box.right - pad - bw, self.box.bottom - pad - bh, bw, bh)
        self.page.set_lines(help_lines(self.ctx, self.below))

    def draw(self, surface) -> None:
        th = self.theme
        self.dialog_box(surface, self.box, "background")
        th.draw_text(surface, self.t("help.title"), (self.box.x + th.m("padding"), self.box.y + th.m("padding")),
                     "title", bold=True)
        self.draw_widgets(surface)
