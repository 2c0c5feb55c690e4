"""Leaderboard: rankings per scenario version, group and KPI in large type for a projector; an entry's card;
its months one by one; two entries side by side; a replay file dropped on the window is imported."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame

from ...scenario import ScenarioError, load_file
from ...store.leaderboard import BOARD_KPIS
from ..texts import kpi_name, kpi_value
from ..widgets import Button, Choice, ClientList, Column, ScrollText, button_row
from .base import Scene
from .review_text import entry_lines, import_lines, month_lines, skill_text


class LeaderboardScene(Scene):
    """Rankings (if this build has the leaderboard store), review and comparison of entries, imports."""

    def __init__(self, app):
        super().__init__(app)
        self.module = self.ctx.leaderboard
        self.error = ""
        self.boards: list[tuple[str, int, int]] = []
        self.groups: list[str] = []
        self.entries: list = []
        self.picked: list[int] = []          # entry ids marked for comparison (at most two)
        self.notice: list[tuple[str, str]] = []  # the last import's outcome
        self.last_import = None
        self.review_months: list = []
        self.review_entry = None
        self.month = 0
        self._library = None
        f, t = self.form, self.t
        self.board_choice = f.add(Choice("board.scenario", lambda: [
            (k, f"{self.scenario_title(sid, ver)} v{ver} ({n})") for k, (sid, ver, n) in enumerate(self.boards)],
            self._filters_changed, prefix=self.lazy("board.scenario")))
        self.group_choice = f.add(Choice("board.group", lambda: [(None, t("board.all_groups"))] + [
            (g, g or t("board.no_group")) for g in self.groups], self._filters_changed, prefix=self.lazy("board.group")))
        self.kpi_choice = f.add(Choice("board.kpi", self._kpi_options, self._filters_changed,
                                       prefix=self.lazy("board.sort")))
        self.list = f.add(ClientList("board.entries", self._columns("score"), lambda: np.arange(len(self.entries)),
                                     lambda i: self._show_entry(), self._sort_by,
                                     lambda: (self.kpi_choice.value or "score", True),
                                     marked=lambda i: self.entries[i].id in self.picked))
        self.list.text_size = "large"
        self.back_btn = f.add(Button("board.back", self.lazy("common.back"), self.back))
        self.review_btn = f.add(Button("board.review", self.lazy("board.review"), self.open_review, primary=True))
        self.review_btn.enabled = lambda: self.list.selected is not None and self.review_entry is None
        self.mark_btn = f.add(Button("board.mark", self._mark_label, self.toggle_mark, tooltip=self.lazy("board.mark_tip")))
        self.mark_btn.enabled = lambda: self.list.selected is not None
        self.compare_btn = f.add(Button("board.compare", lambda: t("board.compare", n=len(self.picked)), self.compare,
                                        tooltip=self.lazy("board.mark_tip")))
        self.compare_btn.enabled = lambda: len(self.picked) == 2
        self.page = f.add(ScrollText("board.page", large=True))
        self.prev_btn = f.add(Button("board.prev", self.lazy("board.prev_month"), lambda: self.step(-1)))
        self.next_btn = f.add(Button("board.next", self.lazy("board.next_month"), lambda: self.step(1)))
        self.form.set_focus(self.list)
        self.load_boards()

    # --- options and columns ------------------------------------------------------
    def _kpi_options(self):
        named = {"score": self.t("board.score"), "skill": self.t("board.skill")}
        return [(k, named.get(k) or kpi_name(k, self.ctx.lang)) for k in BOARD_KPIS]

    def scenario_title(self, scenario_id: str, version: int) -> str:
        """A scenario's title in the current language (its id if this computer does not have it)."""
        for scenario in self._scenarios().scenarios():
            if scenario.id == scenario_id and scenario.version == version:
                return scenario.title.get(self.ctx.lang)
        return scenario_id

    def _filters_changed(self, value=None) -> None:
        self.notice = []
        self.load_entries()

    def _sort_by(self, column: str) -> None:
        """A click on a column title ranks by that column (score, skill or the KPI shown)."""
        if column in BOARD_KPIS and column != self.kpi_choice.value:
            self.kpi_choice.select(column)
            self.load_entries()

    def _mark_label(self) -> str:
        entry = self.selected_entry()
        return self.t("board.unmark" if entry is not None and entry.id in self.picked else "board.mark")

    def _columns(self, kpi: str) -> list[Column]:
        e = lambda i: self.entries[i]  # noqa: E731
        extra = kpi not in ("score", "skill")  # a KPI board shows its KPI as a column of its own
        wider = 0.2 * max(0, len(str(len(self.entries))) - 2)  # room for "812" or "1500", taken from the name
        cols = [
            Column("rank", self.lazy("board.rank"), 0.5 + wider, lambda i: (str(e(i).rank or ""), "muted")),
            Column("player", self.lazy("board.player"), (2.0 if extra else 2.3) - wider,
                   lambda i: (e(i).player, "text")),
            Column("group", self.lazy("board.group"), 1.3 if extra else 1.4, lambda i: (e(i).group, "muted")),
            Column("score", self.lazy("board.score"), 0.9 if extra else 1.0, lambda i: (f"{e(i).score:.1f}", "text"),
                   align="right"),
            Column("skill", self.lazy("board.skill"), 1.3, lambda i: (skill_text(e(i).skill), "accent"), align="right"),
        ]
        if extra:
            cols.append(Column(kpi, lambda: kpi_name(kpi, self.ctx.lang), 1.5, lambda i: (self._kpi_text(e(i), kpi),
                                                                                         "good"), align="right"))
        return cols

    def _kpi_text(self, entry, kpi: str) -> str:
        value = entry.kpis.get(kpi)
        return "—" if value is None else kpi_value(kpi, value, self._currency(entry), self.ctx.lang)

    def _currency(self, entry) -> str:
        scenario = self._scenarios().by_hash(entry.scenario_hash)
        return scenario.desk.currency if scenario is not None else ""

    # --- the store ---------------------------------------------------------------------
    def _scenarios(self):
        """The shipped scenarios and those of the game's scenario folders (so their replays import too)."""
        if self._library is None:
            from ...store.scenarios import ScenarioLibrary
            self._library = ScenarioLibrary()
            from ...store.scenario_files import scenario_files
            for path in scenario_files(self.ctx.scenario_dirs):
                try:
                    self._library.add(load_file(path))
                except ScenarioError:
                    pass
        return self._library

    def _open(self):
        return self.module.Leaderboard.open(self.ctx.db_path, scenarios=self._scenarios())

    def _fail(self, exc: Exception) -> None:
        self.error = self.t("board.error", reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        self._show_entry()

    def load_boards(self) -> None:
        """Read the list of boards and groups, then the entries of the chosen board."""
        if self.module is None:
            return
        try:
            with self._open() as board:
                self.boards = board.scenario_versions()
                self.groups = board.groups()
        except Exception as exc:  # the store's errors carry a readable reason
            self._fail(exc)
            return
        self.error = ""
        self.load_entries()

    def load_entries(self, select_id: int | None = None) -> None:
        """The chosen board's entries with the group and KPI filters; ``select_id`` is selected if shown."""
        self.review_entry, self.review_months = None, []
        kpi = self.kpi_choice.value or "score"
        if self.module is None or not self.boards:
            self.entries = []
            self.list.columns = self._columns(kpi)
            self._show_entry()
            return
        sid, ver, _ = self.boards[self.board_choice.value or 0]
        try:
            with self._open() as board:
                found = board.rankings(scenario_id=sid, scenario_version=ver, group=self.group_choice.value, kpi=kpi)
        except Exception as exc:
            self._fail(exc)
            return
        self.entries = found[0].entries if found else []
        self.list.columns = self._columns(kpi)  # after the entries: the rank column widens for three-digit ranks
        ids = [e.id for e in self.entries]
        self.list.selected = None
        if self.entries:
            self.list.select_position(ids.index(select_id) if select_id in ids else 0)
        self._show_entry()

    def selected_entry(self):
        """The entry of the selected row, or None."""
        if self.list.selected is None or self.list.selected >= len(self.entries):
            return None
        return self.entries[self.list.selected]

    # --- importing ------------------------------------------------------------------------
    def import_file(self, path: str | Path) -> None:
        """Verify and store a replay file (dropped on the window); show what happened, select the entry."""
        if self.module is None:
            return
        try:
            with self._open() as board:
                result = board.import_file(path)
        except Exception as exc:  # the database itself cannot be used
            self._fail(exc)
            return
        self.last_import = result
        self.notice = import_lines(self.t, result, self.scenario_title)
        if result.ok:
            self._show_board_of(result.entry)
        else:
            self._show_entry()

    def _show_board_of(self, entry) -> None:
        self.load_boards()
        key = (entry.scenario_id, entry.scenario_version)
        k = next((k for k, (sid, ver, _) in enumerate(self.boards) if (sid, ver) == key), None)
        if k is not None:
            self.board_choice.select(k)
        if self.group_choice.value not in (None, entry.group):
            self.group_choice.select(None)
        self.load_entries(select_id=entry.id)

    # --- marking and comparing ---------------------------------------------------------------
    def toggle_mark(self) -> None:
        """Mark the selected entry for comparison (a third mark replaces the oldest), or unmark it."""
        entry = self.selected_entry()
        if entry is None:
            return
        if entry.id in self.picked:
            self.picked.remove(entry.id)
        else:
            self.picked = (self.picked + [entry.id])[-2:]
        self._show_entry()

    def compare(self) -> None:
        """Open the two marked entries side by side."""
        if len(self.picked) != 2 or self.module is None:
            return
        from .compare import CompareScene
        try:
            with self._open() as board:
                pair = [(board.get(i), board.review(i)) for i in self.picked]
        except Exception as exc:
            self._fail(exc)
            return
        self.app.push(CompareScene(self.app, pair))

    # --- reviewing one entry ---------------------------------------------------------------
    def open_review(self) -> None:
        """Re-simulate the selected entry and show its months one by one."""
        entry = self.selected_entry()
        if entry is None:
            return
        from ...store.review import month_summaries
        try:
            with self._open() as board:
                game = board.review(entry.id)
        except Exception as exc:
            self._fail(exc)
            return
        self.review_entry = entry
        self.review_months = month_summaries(game, self.ctx.lang)
        self.review_currency = game.scenario.desk.currency
        self.month = 0
        self._show_month()
        self.layout(self.size)
        self.form.set_focus(self.next_btn)

    def step(self, delta: int) -> None:
        """The previous (-1) or next (+1) month of the review."""
        if self.review_months:
            self.month = max(0, min(self.month + delta, len(self.review_months) - 1))
            self._show_month()

    def _show_month(self) -> None:
        m = self.review_months[self.month]
        self.page.set_lines(month_lines(self.t, self.ctx.lang, self.review_currency, m, len(self.review_months),
                                        self.review_entry.player))

    def _show_entry(self) -> None:
        if self.review_entry is not None:
            return
        entry = self.selected_entry()
        lines = [(self.error, "bad")] if self.error else []
        lines += self.notice
        if self.notice:
            lines.append(("", "body"))
        if entry is not None:
            lines += entry_lines(self.t, self.ctx.lang, entry, self._currency(entry), entry.id in self.picked,
                                 self.scenario_title(entry.scenario_id, entry.scenario_version))
        elif not self.notice and not self.error:
            lines.append((self.t("board.empty" if not self.entries else "board.pick_entry"), "muted"))
        self.page.set_lines(lines)
        self.page.offset = 0

    # --- input -----------------------------------------------------------------------------------
    def handle_event(self, event) -> bool:
        if event.type == pygame.DROPFILE:
            self.import_file(event.file)
            return True
        if super().handle_event(event):
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE and self.form.focus is self.list:
            self.toggle_mark()
            return True
        return False

    def back(self) -> None:
        if self.review_entry is not None:
            self.review_entry, self.review_months = None, []
            self._show_entry()
            self.layout(self.size)
            self.form.set_focus(self.list)
            return
        self.app.pop()

    def resume(self) -> None:
        self._show_entry()

    # --- layout and drawing ---------------------------------------------------------
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        W, H = size
        pad, gap, bh, top = self.page_metrics()
        left_w = int((W - 3 * pad) * 0.56)
        self.board_choice.rect = pygame.Rect(pad, top, left_w, bh)
        half = (left_w - gap) // 2
        self.group_choice.rect = pygame.Rect(pad, top + bh + gap, half, bh)
        self.kpi_choice.rect = pygame.Rect(pad + half + gap, top + bh + gap, left_w - half - gap, bh)
        ly = top + 2 * (bh + gap)
        by = H - pad - bh
        self.keys_y = by - gap - th.line_height("small")
        self.list.rect = pygame.Rect(pad, ly, left_w, self.keys_y - gap - ly)
        button_row([self.back_btn, self.review_btn, self.mark_btn, self.compare_btn], pad, by, left_w, bh, gap, th)
        rx = 2 * pad + left_w
        rw = W - rx - pad
        reviewing = self.review_entry is not None
        self.page.rect = pygame.Rect(rx, top, rw, (by - gap if reviewing else H - pad) - top)
        rhalf = (rw - gap) // 2
        self.prev_btn.rect = pygame.Rect(rx, by, rhalf, bh)
        self.next_btn.rect = pygame.Rect(rx + rhalf + gap, by, rw - rhalf - gap, bh)
        shown = self.module is not None
        for w in (self.board_choice, self.group_choice, self.kpi_choice, self.list, self.review_btn, self.mark_btn,
                  self.compare_btn, self.page):
            w.visible = shown
        self.prev_btn.visible = self.next_btn.visible = shown and reviewing

    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        self.title_bar(surface, self.t("board.title"), self.t("board.subtitle"))
        pad = th.m("padding") * 2
        if self.module is None:
            th.draw_text(surface, self.t("board.coming_soon"), (pad, surface.get_height() // 3), "large", th.c("muted"))
        else:
            th.draw_text(surface, self.t("board.keys"), (pad, self.keys_y), "small", th.c("muted"),
                         max_width=self.list.rect.width)
        self.draw_widgets(surface)
