"""Leaderboard: rankings per scenario version, group, seed and KPI in large type for a projector; an entry's
card; its months one by one (← →); two entries side by side; the trainer's group view (each KPI's mean, spread
and distribution, the group's common mistakes); names hidden for the projector; a replay file dropped on the
window is imported. Every replay (group view, review, comparison, import) runs off the frame thread with its
progress shown (see :mod:`simulator.ui.jobs`); Esc cancels it."""
from __future__ import annotations

import contextlib
from functools import partial
from pathlib import Path

import numpy as np
import pygame

from ...scenario import ScenarioError, load_file
from ...store.kinds import kind_of
from ...store.leaderboard import BOARD_KPIS
from ..jobs import Job, Progress
from ..texts import decimal, kpi_name, kpi_value
from ..widgets import Button, Choice, ClientList, Column, ScrollText, Shortcut, Toggle, button_row, resolve
from .base import Scene, read_from_afar
from .group_view import GroupPanel, mistake_lines
from .progress_note import draw_progress
from .review_text import entry_lines, import_lines, month_lines, skill_text


class LeaderboardScene(Scene):
    """Rankings (if this build has the leaderboard store), review and comparison of entries, imports."""

    def __init__(self, app):
        super().__init__(app)
        self.module = self.ctx.leaderboard
        self.error = ""
        self.keys_lines: list[str] = []
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
        self.seeds: list[int] = []
        self.group = None                    # the store's GroupView of the shown entries, while the group view is on
        self.group_currency = ""
        self._group_key: tuple | None = None
        self.pending_imports: list[str | Path] = []  # files dropped while a replay ran, imported after it
        f, t = self.form, self.t
        self.board_choice = f.add(Choice("board.scenario", lambda: [
            (k, f"{self.scenario_title(sid, ver)} v{ver} ({n})") for k, (sid, ver, n) in enumerate(self.boards)],
            self._filters_changed, prefix=self.lazy("board.scenario")))
        self.seed_choice = f.add(Choice("board.seed", lambda: [(None, t("board.all_seeds"))] + [
            (seed, str(seed)) for seed in self.seeds], self._filters_changed, prefix=self.lazy("board.seed")))
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
        self.group_toggle = f.add(Toggle("board.group_view", self.lazy("board.group_view"), False,
                                         lambda on: self.show_group(on), tooltip=self.lazy("board.group_view_tip")))
        self.anon_toggle = f.add(Toggle("board.anonymous", self.lazy("board.anonymous"), False, self._anonymous,
                                        tooltip=self.lazy("board.anonymous_tip")))
        self.group_panel = f.add(GroupPanel("board.group_panel", self))
        self.page = f.add(ScrollText("board.page", large=True))
        self.prev_btn = f.add(Button("board.prev", self.lazy("board.prev_month"), lambda: self.step(-1)))
        self.next_btn = f.add(Button("board.next", self.lazy("board.next_month"), lambda: self.step(1)))
        self.whatif_btn = f.add(Button("board.whatif", self.lazy("board.whatif"), self.what_if,
                                       tooltip=self.lazy("board.whatif_tip")))
        self.prev_btn.shortcut, self.next_btn.shortcut = Shortcut(pygame.K_LEFT), Shortcut(pygame.K_RIGHT)
        self.whatif_btn.shortcut = Shortcut(pygame.K_w)
        self.review_game = None
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
        self._load_seeds()
        self.load_entries()
        if self.size != (0, 0):
            self.layout(self.size)  # the filters' widths follow what they show

    def _load_seeds(self) -> None:
        """The seeds played on the chosen board and group (the seed filter's options)."""
        if self.module is None or not self.boards:
            self.seeds = []
            return
        sid, ver, _ = self.boards[self.board_choice.value or 0]
        chosen = self.seed_choice.value
        try:
            with self._open() as board:
                self.seeds = board.seeds(scenario_id=sid, scenario_version=ver, group=self.group_choice.value)
        except Exception as exc:
            self._fail(exc)
            return
        self.seed_choice.select(chosen if chosen in self.seeds else None)

    def _sort_by(self, column: str) -> None:
        """A click on a column title ranks by that column (score, skill or the KPI shown)."""
        if column in BOARD_KPIS and column != self.kpi_choice.value:
            self.kpi_choice.select(column)
            self.load_entries()

    def _mark_label(self) -> str:
        entry = self.selected_entry()
        return self.t("board.unmark" if entry is not None and entry.id in self.picked else "board.mark")

    def display_name(self, entry) -> str:
        """The player's name, or "Participant N" while names are hidden (N follows the order the games came in)."""
        if not self.anon_toggle.value:
            return entry.player
        key = tuple(e.id for e in self.entries)
        if getattr(self, "_numbers_key", None) != key:  # numbered once per list of entries, not per cell
            self._numbers_key = key
            self._numbers = {entry_id: k + 1 for k, entry_id in enumerate(sorted(key))}
        return self.t("board.participant", n=self._numbers.get(entry.id, len(key) + 1))

    def skill_adds_information(self, kpi: str | None = None) -> bool:
        """The skill column is shown where it says something the score does not: games of several seeds (or
        scenario contents) side by side, or a board ranked by skill. On one seed it only restates the score."""
        kpi = kpi or self.kpi_choice.value or "score"
        rated = {(e.scenario_hash, e.seed) for e in self.entries if e.skill is not None}
        return kpi == "skill" or len(rated) > 1

    def _columns(self, kpi: str) -> list[Column]:
        """The board's columns; numbers get what they need, the name takes the rest before the group does."""
        e = lambda i: self.entries[i]  # noqa: E731
        th, width = self.theme, self.list.rect.width if getattr(self, "list", None) is not None else 0
        cols = [
            Column("rank", self.lazy("board.rank"), 0.5, lambda i: (str(e(i).rank or ""), "muted")),
            Column("player", self.lazy("board.player"), 2.3, lambda i: (self.display_name(e(i)), "text")),
            Column("score", self.lazy("board.score"), 1.0, lambda i: (decimal(e(i).score, 1, self.ctx.lang), "text"),
                   align="right"),
        ]
        several_groups = len({x.group for x in self.entries}) > 1
        if several_groups or not self.entries:  # one group's board names it in the filter, not on every row
            cols.insert(2, Column("group", self.lazy("board.group"), 1.4, lambda i: (e(i).group, "muted")))
        if kpi == "skill" or self.skill_adds_information(kpi):
            cols.append(Column("skill", self.lazy("board.skill"), 1.3, lambda i: (skill_text(e(i).skill), "accent"),
                               align="right"))
        if kpi not in ("score", "skill"):  # a KPI board shows its KPI as a column of its own
            cols.append(Column(kpi, lambda: kpi_name(kpi, self.ctx.lang), 1.5,
                               lambda i: (self._kpi_text(e(i), kpi), "text"), align="right"))
        if width <= 0 or not self.entries:
            return cols
        with th.at_least("body"):
            size, pad = self.list.text_size, 2 * th.m("padding") + 4
            head = th.font("small", bold=True)
            shown = range(min(len(self.entries), 500))  # a long board is measured by its first rows
            cell = lambda c: max(th.font(size).size(c.cell(i)[0])[0] for i in shown)  # noqa: E731
            need = {c.key: max(cell(c), head.size(c.title() + " ▼")[0]) + pad for c in cols}
        rest = width - 8 - sum(w for k, w in need.items() if k not in ("player", "group"))
        group = need.get("group")
        if group is None:
            player = rest
        elif rest >= need["player"] + group:  # everything fits: the name gets most of what is left
            player = need["player"] + (rest - need["player"] - group) * 0.6
        else:  # the group gives way first (to a fifth), then the name is shortened
            player = rest - max(min(group, rest * 0.2), rest - need["player"])
        widths = {**need, "player": max(player, 1.0), "group": max(rest - player, 1.0)}
        for c in cols:
            c.share = widths[c.key]
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
                with contextlib.suppress(ScenarioError):
                    self._library.add(load_file(path))
        return self._library

    def _open(self):
        return self.module.Leaderboard.open(self.ctx.db_path, scenarios=self._scenarios())

    # --- replays off the frame thread -------------------------------------------------------------
    @property
    def job(self) -> Job | None:
        """The replay this screen waits for, or None."""
        return self.app.jobs.of(self)

    def _replaying(self, title: str, total: int, work, done, failed=None, cancelled=None) -> None:
        """Run ``work(board, progress)`` on a worker thread with its own connection to the store (``total`` steps,
        ``title`` a locale key for the progress note); ``done(result)``, ``failed(exc)`` (default: the error shown)
        or ``cancelled()`` then run on the frame thread, and a file dropped meanwhile is imported next."""
        module, path, library = self.module, self.ctx.db_path, self._scenarios()

        def run(progress: Progress):
            progress.total = total
            progress.check()
            with module.Leaderboard.open(path, scenarios=library) as board:
                return work(board, progress)

        def then(callback, *args) -> None:
            if callback is not None:
                callback(*args)
            if self.pending_imports and self.job is None:
                self.import_file(self.pending_imports.pop(0))
        self.app.jobs.start(Job(title, run, lambda result: then(done, result),
                                failed=lambda exc: then(failed or self._fail, exc),
                                cancelled=lambda: then(cancelled), owner=self))

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
        self._load_seeds()
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
                found = board.rankings(scenario_id=sid, scenario_version=ver, group=self.group_choice.value, kpi=kpi,
                                       seed=self.seed_choice.value)
        except Exception as exc:
            self._fail(exc)
            return
        self.entries = found[0].entries if found else []
        self.list.columns = self._columns(kpi)  # after the entries: the rank column widens for three-digit ranks
        ids = [e.id for e in self.entries]
        self.list.selected = None
        if self.entries:
            self.list.select_position(ids.index(select_id) if select_id in ids else 0)
        if self.group_toggle.value:
            self._load_group()
        self._show_entry()

    def selected_entry(self):
        """The entry of the selected row, or None."""
        if self.list.selected is None or self.list.selected >= len(self.entries):
            return None
        return self.entries[self.list.selected]

    # --- importing ------------------------------------------------------------------------
    def import_file(self, path: str | Path) -> None:
        """Verify (by replaying it, off the frame thread) and store a replay file dropped on the window; then show
        what happened and select the entry. A file dropped while another replay runs waits for it."""
        if self.module is None:
            return
        if self.job is not None:
            self.pending_imports.append(path)
            return

        def work(board, progress: Progress):
            result = board.import_file(path)
            progress.done += 1  # stored: too late to cancel, the outcome is shown
            return result
        self._replaying("board.job_import", 1, work, self._imported)

    def _imported(self, result) -> None:
        self.last_import = result
        self.notice = import_lines(self.t, result, self.scenario_title, self.ctx.lang)
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

    # --- the group view -------------------------------------------------------------------------
    def show_group(self, on: bool) -> None:
        """Turn the group view (KPI spreads and common mistakes of the shown entries) on or off."""
        self.group_toggle.value = on
        if on:
            self.review_entry, self.review_months = None, []
            self._load_group()
        else:
            self.group = None
        self._show_entry()
        self.layout(self.size)

    def _load_group(self) -> None:
        """The store's group view of the entries shown (replayed once per set of entries, off the frame thread)."""
        key = tuple(e.id for e in self.entries)
        if self.group is not None and key == self._group_key:
            return
        from ...store.group import GROUP_KPIS, group_view, replayed
        kpi = self.kpi_choice.value or "score"
        kpis = GROUP_KPIS if kpi in GROUP_KPIS else GROUP_KPIS + (kpi,)
        entries = list(self.entries)
        self.group = None

        def done(view) -> None:
            self.group, self._group_key = view, key
            self.group_currency = self._currency(entries[0]) if entries else ""
            self._show_entry()
            self.layout(self.size)

        def stopped(exc: Exception | None = None) -> None:
            self.group_toggle.value = False
            if exc is not None:
                self._fail(exc)
            self._show_entry()
            self.layout(self.size)
        self._replaying("board.job_group", len(replayed(entries)),
                        lambda board, progress: group_view(board, entries, kpis, progress=progress.step),
                        done, failed=stopped, cancelled=stopped)

    def _product_name(self, product: str) -> str:
        scenario = self._scenarios().by_hash(self.entries[0].scenario_hash) if self.entries else None
        for p in scenario.products if scenario is not None else ():
            if p.id == product:
                return p.name.get(self.ctx.lang)
        return product

    def _anonymous(self, on: bool) -> None:
        self.anon_toggle.value = on
        if self.review_entry is not None:
            self._show_month()
        self._show_entry()
        self.layout(self.size)

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
        if not all(kind_of(e).compares for e in self.entries if e.id in self.picked):
            self.error = self.t("board.compare_desk_only")
            self._show_entry()
            return
        ids = list(self.picked)

        def work(board, progress: Progress) -> list:
            pair = []
            for i in ids:
                pair.append((board.get(i), board.review(i)))
                progress.step()
            return pair

        def done(pair) -> None:
            shown = {e.id: self.display_name(e) for e in self.entries}
            self.app.open("compare", pair, names=[shown.get(e.id, e.player) for e, _ in pair])
        self._replaying("board.job_compare", len(ids), work, done)

    # --- reviewing one entry ---------------------------------------------------------------
    def open_review(self) -> None:
        """Re-simulate the selected entry and show its months one by one."""
        entry = self.selected_entry()
        if entry is None:
            return
        kind, lang = kind_of(entry), self.ctx.lang

        def work(board, progress: Progress):
            game = board.review_any(entry.id)
            progress.step()
            return game, None if kind.month_summaries is None else kind.month_summaries(game, lang)
        self._replaying("board.job_review", 1, work, partial(self._reviewed, entry))

    def _reviewed(self, entry, replayed) -> None:
        game, months = replayed
        report_scene = kind_of(entry).report_scene
        if report_scene is not None:   # a kind whose reviewed months its own month report shows (a head game)
            reports = game.reports
            self.app.open(report_scene, reports[-1], reports[-2] if len(reports) > 1 else None, game=game)
            return
        self.review_entry, self.review_game = entry, game
        self.group_toggle.value, self.group = False, None
        self.review_months = months
        self.review_currency = game.scenario.desk.currency
        self.month = 0
        self._show_month()
        self.layout(self.size)
        self.form.set_focus(self.next_btn)

    def what_if(self) -> None:
        """Keep the reviewed game up to the month shown and let a reference (or the trainer, by hand) play on."""
        entry = self.review_entry
        if self.review_game is None or entry is None:
            return
        self.app.open("whatif", self.review_game, entry.player, entry.group, from_month=self.month)

    def step(self, delta: int) -> None:
        """The previous (-1) or next (+1) month of the review."""
        if self.review_months:
            self.month = max(0, min(self.month + delta, len(self.review_months) - 1))
            self._show_month()

    def _show_month(self) -> None:
        m = self.review_months[self.month]
        self.page.set_lines(month_lines(self.t, self.ctx.lang, self.review_currency, m, len(self.review_months),
                                        self.display_name(self.review_entry)))

    def _show_entry(self) -> None:
        if self.review_entry is not None:
            return
        entry = self.selected_entry()
        lines = [(self.error, "bad")] if self.error else []
        lines += self.notice
        if self.notice:
            lines.append(("", "body"))
        if self.group is not None:
            self.page.set_lines(lines + mistake_lines(self.t, self.group, self._product_name))
            return
        if entry is not None:
            lines += entry_lines(self.t, self.ctx.lang, entry, self._currency(entry), entry.id in self.picked,
                                 self.scenario_title(entry.scenario_id, entry.scenario_version),
                                 name=self.display_name(entry))
        elif not self.notice and not self.error:
            lines.append((self.t("board.empty" if not self.entries else "board.pick_entry"), "muted"))
        self.page.set_lines(lines)
        self.page.offset = 0

    # --- input -----------------------------------------------------------------------------------
    def handle_event(self, event) -> bool:
        job = self.job
        if job is not None:  # the window keeps drawing while games replay; Esc stops them, the rest waits
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                job.cancel()
            elif event.type == pygame.DROPFILE:
                self.pending_imports.append(event.file)
            return True
        if event.type == pygame.DROPFILE:
            self.import_file(event.file)
            return True
        if (event.type == pygame.KEYDOWN and self.review_entry is not None and event.key in (pygame.K_LEFT, pygame.K_RIGHT)
                and not isinstance(self.form.focus, Choice)):
            self.step(-1 if event.key == pygame.K_LEFT else 1)  # as in Compare: ← → step the months
            return True
        if super().handle_event(event):
            return True
        if event.type == pygame.KEYDOWN and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT) and self.module:
            if event.key == pygame.K_g:
                self.show_group(not self.group_toggle.value)
                return True
            if event.key == pygame.K_a:
                self._anonymous(not self.anon_toggle.value)
                return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE and self.form.focus is self.list:
            self.toggle_mark()
            return True
        return False

    def back(self) -> None:
        if self.review_entry is not None:
            self.review_entry, self.review_months, self.review_game = None, [], None
            self._show_entry()
            self.layout(self.size)
            self.form.set_focus(self.list)
            return
        self.app.pop()

    def resume(self) -> None:
        self._show_entry()

    # --- layout and drawing ---------------------------------------------------------
    @read_from_afar
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        W, H = size
        pad, gap, bh, top = self.page_metrics()
        grouped = self.group is not None
        left_w = int((W - 3 * pad) * (0.46 if grouped else 0.56))  # the group view takes more of the width
        self.board_choice.rect = pygame.Rect(pad, top, left_w, bh)
        # Group, board and seed share the second row, each as wide as what it shows needs.
        needs = [th.font("body").size(f"{resolve(c.prefix)}: {dict(c.options()).get(c.value, '—')}")[0] + 48
                 for c in (self.group_choice, self.kpi_choice, self.seed_choice)]
        free = left_w - 2 * gap
        widths = [free * n // sum(needs) for n in needs] if sum(needs) > free else \
            [n + (free - sum(needs)) // 3 for n in needs]
        x = pad
        for choice, w in zip((self.group_choice, self.kpi_choice, self.seed_choice), widths):
            choice.rect = pygame.Rect(x, top + bh + gap, w, bh)
            x += w + gap
        self.seed_choice.rect.width = pad + left_w - self.seed_choice.rect.x
        ly = top + 2 * (bh + gap)
        by = H - pad - bh
        keys = self.t("board.review_keys" if self.review_entry is not None else "board.keys")
        self.keys_lines = th.wrap(keys, left_w, "small")[:2]  # at 18 px the line may need two
        self.keys_y = by - gap - len(self.keys_lines) * th.line_height("small")
        self.list.rect = pygame.Rect(pad, ly, left_w, self.keys_y - gap - ly)
        self.list.columns = self._columns(self.kpi_choice.value or "score")  # widths follow the names shown
        reviewing = self.review_entry is not None  # the what-if takes the review button's place meanwhile
        button_row([self.back_btn, self.whatif_btn if reviewing else self.review_btn, self.mark_btn, self.compare_btn],
                   pad, by, left_w, bh, gap, th)
        rx = 2 * pad + left_w
        rw = W - rx - pad
        rhalf = (rw - gap) // 2
        self.group_toggle.rect = pygame.Rect(rx, top, rhalf, bh)
        self.anon_toggle.rect = pygame.Rect(rx + rhalf + gap, top, rw - rhalf - gap, bh)
        py = top + bh + gap
        bottom = by - gap if reviewing else H - pad
        if grouped:  # the KPI spreads on top, the common mistakes below
            panel_h = min(self.group_panel.needed_height(th), int((bottom - py) * 0.62))
            self.group_panel.rect = pygame.Rect(rx, py, rw, panel_h)
            py += panel_h + gap
        self.page.rect = pygame.Rect(rx, py, rw, bottom - py)
        self.prev_btn.rect = pygame.Rect(rx, by, rhalf, bh)
        self.next_btn.rect = pygame.Rect(rx + rhalf + gap, by, rw - rhalf - gap, bh)
        shown = self.module is not None
        for w in (self.board_choice, self.seed_choice, self.group_choice, self.kpi_choice, self.list, self.review_btn,
                  self.mark_btn, self.compare_btn, self.page, self.group_toggle, self.anon_toggle):
            w.visible = shown
        self.review_btn.visible = shown and not reviewing
        self.group_panel.visible = shown and grouped
        self.prev_btn.visible = self.next_btn.visible = self.whatif_btn.visible = shown and reviewing

    @read_from_afar
    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        self.title_bar(surface, self.t("board.title"), self.t("board.subtitle"))
        pad = th.m("padding") * 2
        if self.module is None:
            th.draw_text(surface, self.t("board.coming_soon"), (pad, surface.get_height() // 3), "large", th.c("muted"))
        else:
            for k, line in enumerate(self.keys_lines):
                th.draw_text(surface, line, (pad, self.keys_y + k * th.line_height("small")), "small", th.c("muted"),
                             max_width=self.list.rect.width)
        self.draw_widgets(surface)
        job = self.job
        if job is not None:
            draw_progress(self, surface, job)
