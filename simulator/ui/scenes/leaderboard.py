"""Leaderboard: rankings per scenario version and group; open an entry and step through its months."""
from __future__ import annotations

import numpy as np
import pygame

from ..texts import money, percent
from ..widgets import Button, Choice, ClientList, Column, ScrollText
from .base import Scene


class LeaderboardScene(Scene):
    """Rankings (if this build has the leaderboard store) and a month-by-month review of an entry."""

    def __init__(self, app):
        super().__init__(app)
        self.module = self.ctx.leaderboard
        self.error = ""
        self.boards: list[tuple[str, int, int]] = []
        self.groups: list[str] = []
        self.entries: list = []
        self.review_months: list = []
        self.review_entry = None
        self.month = 0
        f, t = self.form, self.t
        self.board_choice = f.add(Choice("board.scenario", lambda: [
            (k, f"{sid} v{ver} ({n})") for k, (sid, ver, n) in enumerate(self.boards)], lambda v: self.load_entries(),
            prefix=self.lazy("board.scenario")))
        self.group_choice = f.add(Choice("board.group", lambda: [(None, t("board.all_groups"))] + [
            (g, g) for g in self.groups], lambda v: self.load_entries(), prefix=self.lazy("board.group")))
        self.kpi_choice = f.add(Choice("board.kpi", lambda: [("score", t("board.by_score")), ("skill", t("board.by_skill"))],
                                       lambda v: self.load_entries(), prefix=self.lazy("board.sort")))
        cols = [
            Column("rank", self.lazy("board.rank"), 0.5, lambda i: (str(self.entries[i].rank or ""), "muted")),
            Column("player", self.lazy("board.player"), 2.2, lambda i: (self.entries[i].player, "text")),
            Column("group", self.lazy("board.group"), 1.5, lambda i: (self.entries[i].group, "muted")),
            Column("score", self.lazy("board.score"), 1.0, lambda i: (f"{self.entries[i].score:.1f}", "text"),
                   align="right"),
            Column("skill", self.lazy("board.skill"), 1.4, lambda i: (
                "—" if self.entries[i].skill is None else f"{self.entries[i].skill:.0f}", "accent"), align="right"),
        ]
        self.list = f.add(ClientList("board.entries", cols, lambda: np.arange(len(self.entries)), lambda i: None,
                                     lambda key: None, lambda: (self.kpi_choice.value or "score", True)))
        self.review_btn = f.add(Button("board.review", self.lazy("board.review"), self.open_review, primary=True))
        self.review_btn.enabled = lambda: self.list.selected is not None and self.review_entry is None
        self.page = f.add(ScrollText("board.month"))
        self.prev_btn = f.add(Button("board.prev", self.lazy("board.prev_month"), lambda: self.step(-1)))
        self.next_btn = f.add(Button("board.next", self.lazy("board.next_month"), lambda: self.step(1)))
        self.back_btn = f.add(Button("board.back", self.lazy("common.back"), self.back))
        self.form.set_focus(self.list)
        self.load_boards()

    # --- data -------------------------------------------------------------------
    def _open(self):
        return self.module.Leaderboard.open(self.ctx.db_path)

    def load_boards(self) -> None:
        if self.module is None:
            return
        try:
            with self._open() as board:
                self.boards = board.scenario_versions()
                self.groups = board.groups()
        except Exception as exc:  # the store's errors carry a readable reason
            self.error = self.t("board.error", reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return
        self.load_entries()

    def load_entries(self) -> None:
        self.review_entry, self.review_months = None, []
        if self.module is None or not self.boards:
            self.entries = []
            return
        sid, ver, _ = self.boards[self.board_choice.value or 0]
        try:
            with self._open() as board:
                found = board.rankings(scenario_id=sid, scenario_version=ver, group=self.group_choice.value,
                                       kpi=self.kpi_choice.value or "score")
        except Exception as exc:
            self.error = self.t("board.error", reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return
        self.entries = found[0].entries if found else []
        self.list.selected = None
        if self.entries:
            self.list.selected = 0

    def open_review(self) -> None:
        """Re-simulate the selected entry and show its months one by one."""
        if self.list.selected is None or not self.entries:
            return
        from ...store.review import month_summaries
        entry = self.entries[self.list.selected]
        try:
            with self._open() as board:
                game = board.review(entry.id)
        except Exception as exc:
            self.error = self.t("board.error", reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return
        self.review_entry = entry
        self.review_months = month_summaries(game, self.ctx.lang)
        self.review_currency = game.scenario.desk.currency
        self.month = 0
        self._show_month()
        self.form.set_focus(self.next_btn)

    def step(self, delta: int) -> None:
        if self.review_months:
            self.month = max(0, min(self.month + delta, len(self.review_months) - 1))
            self._show_month()

    def _show_month(self) -> None:
        m = self.review_months[self.month]
        t, lang, cur = self.t, self.ctx.lang, self.review_currency
        lines = [(t("board.month_title", month=m.month, turns=len(self.review_months), player=self.review_entry.player),
                  "h")]
        if m.events:
            lines += [("★ " + e, "warn") for e in m.events]
        lines.append((t("board.markups") + ", ".join(f"{k} {percent(v)}" for k, v in m.markups.items()), "body"))
        lines.append((t("board.touches") + (", ".join(f"{k}: {v}" for k, v in m.touches.items()) or "—"), "body"))
        lines.append((t("board.offers") + (", ".join(f"{k}: {v}" for k, v in m.offers.items()) or "—"), "body"))
        lines.append((t("board.money", revenue=money(m.revenue, cur, lang), gross=money(m.gross_profit, cur, lang),
                        bonus=money(m.bonus, cur, lang)), "body"))
        lines.append((t("report.deals", won=m.deals_won, lost=m.deals_lost), "h"))
        lines += [(f"{n} × {text}", "bad") for n, text in m.lost]
        lines.append((t("report.offers", accepted=m.offers_accepted, refused=m.offers_refused), "h"))
        lines += [(f"{n} × {text}", "warn") for n, text in m.refused]
        lines.append((t("board.after", loyalty=percent(m.loyalty), active=m.active_clients, churned=m.churned), "muted"))
        self.page.set_lines(lines)

    def back(self) -> None:
        if self.review_entry is not None:
            self.review_entry, self.review_months = None, []
            self.form.set_focus(self.list)
            return
        self.app.pop()

    # --- layout and drawing ---------------------------------------------------------
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        W, H = size
        pad, gap, bh = th.m("padding") * 2, th.m("gap"), th.m("button_height")
        top = pad + th.line_height("title") + th.line_height("body") + gap
        left_w = int((W - 3 * pad) * 0.5)
        self.board_choice.rect = pygame.Rect(pad, top, left_w, bh)
        half = (left_w - gap) // 2
        self.group_choice.rect = pygame.Rect(pad, top + bh + gap, half, bh)
        self.kpi_choice.rect = pygame.Rect(pad + half + gap, top + bh + gap, half, bh)
        ly = top + 2 * (bh + gap)
        self.list.rect = pygame.Rect(pad, ly, left_w, H - ly - bh - 2 * pad)
        by = H - pad - bh
        self.back_btn.rect = pygame.Rect(pad, by, half, bh)
        self.review_btn.rect = pygame.Rect(pad + half + gap, by, half, bh)
        rx = 2 * pad + left_w
        self.page.rect = pygame.Rect(rx, top, W - rx - pad, H - top - bh - 2 * pad)
        self.prev_btn.rect = pygame.Rect(rx, by, half, bh)
        self.next_btn.rect = pygame.Rect(W - pad - half, by, half, bh)
        for w in (self.board_choice, self.group_choice, self.kpi_choice, self.list, self.review_btn, self.page,
                  self.prev_btn, self.next_btn):
            w.visible = self.module is not None

    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        self.title_bar(surface, self.t("board.title"), self.t("board.subtitle"))
        pad = th.m("padding") * 2
        if self.module is None:
            th.draw_text(surface, self.t("board.coming_soon"), (pad, surface.get_height() // 3), "large", th.c("muted"))
        elif self.error:
            th.draw_wrapped(surface, self.error, pygame.Rect(pad, surface.get_height() // 3, surface.get_width() - 2 * pad,
                            200), "body", th.c("bad"))
        elif not self.boards:
            th.draw_text(surface, self.t("board.empty"), (self.page.rect.x + 10, self.page.rect.y + 10), "body",
                         th.c("muted"))
        if self.module is not None and self.review_entry is None and self.boards:
            self.page.set_lines([(self.t("board.pick_entry"), "muted")])
        self.draw_widgets(surface)
