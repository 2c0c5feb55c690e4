"""The desk's left side: search, filters and the client list, with columns fitted by priority."""
from __future__ import annotations

import numpy as np
import pygame

from ..client_table import NO_DUE, SIGNALS, ClientTable
from ..layout import Room, fit_columns, flow_rows, widest
from ..widgets import CHOICE_SLACK, Choice, ClientList, Column, TextField, Toggle, resolve
from ..widgets.client_list import SCROLL_GUTTER
from .desk_parts import Panel

QUIET_STEPS = (0, 2, 3, 6, 12)
SORT_MARK = " ▼"
# How each of the engine's row signals looks: a glyph (DejaVu Sans has them all) and a theme colour.
SIGNAL_LOOK = {"lost": ("✕", "muted"), "at_risk": ("⚠", "bad"), "renewal_due": ("↻", "warn"),
               "forgetting": ("☾", "accent"), "need_known": ("◆", "good")}


class ClientListPanel(Panel):
    """Search, the filter rows, the list and, under it, the count and the last message."""

    def __init__(self, scene):
        super().__init__(scene)
        t, lazy = self.t, self.lazy
        game = self.session.game
        self.table = ClientTable(self.session, self.ctx.lang)
        self._name_w: dict = {}
        self.search = self.add(TextField("desk.search", self.ctx.gui, "", lazy("desk.search"), on_change=self._search,
                                         tooltip=lazy("desk.search_tip")))
        seg_opts = lambda: [(-2, t("desk.all_segments"))] + [  # noqa: E731
            (i, s.name.get(self.ctx.lang)) for i, s in enumerate(game.scenario.segments)]
        self.segment = self.add(Choice("desk.filter.segment", seg_opts, lambda v: self._filter(segment=v)))
        status_opts = lambda: [(s, t(f"desk.status.{s}")) for s in ("active", "lost", "all")]  # noqa: E731
        self.status = self.add(Choice("desk.filter.status", status_opts, lambda v: self._filter(status=v)))
        self.f_due = self.add(Toggle("desk.filter.due", lazy("desk.filter.due"), False,
                                     lambda v: self._filter(renewal_due=v), tooltip=lazy("desk.filter.due_tip")))
        quiet_opts = lambda: [(n, t("desk.filter.quiet_off") if n == 0 else t("desk.filter.quiet", n=n))  # noqa: E731
                              for n in QUIET_STEPS]
        self.f_quiet = self.add(Choice("desk.filter.quiet", quiet_opts, lambda v: self._filter(quiet_months=v),
                                       tooltip=lazy("desk.filter.quiet_tip")))
        self.f_quiet.size = "small"
        self.f_need = self.add(Toggle("desk.filter.need", lazy("desk.filter.need"), False,
                                      lambda v: self._filter(need_known=v), tooltip=lazy("desk.filter.need_tip")))
        self.f_risk = self.add(Toggle("desk.filter.risk", lazy("desk.filter.risk"), False,
                                      lambda v: self._filter(at_risk=v), tooltip=lazy("desk.filter.risk_tip")))
        self.f_unplanned = self.add(Toggle("desk.filter.unplanned", lazy("desk.filter.unplanned"), False,
                                           lambda v: self._filter(unplanned=v)))
        overlay_opts = lambda: [(None, t("desk.overlay", what=t("desk.overlay_off")))] + [  # noqa: E731
            (name, t("desk.overlay", what=t(f"signal.{name}"))) for name in SIGNALS] + [
            (k, t("desk.overlay", what=t("desk.filter.fits", product=p.name.get(self.ctx.lang))))
            for k, p in enumerate(game.scenario.products)]
        self.overlay = self.add(Choice("desk.overlay", overlay_opts, tooltip=lazy("desk.overlay_tip")))
        self.overlay.size = "small"
        self.toggles = [self.f_due, self.f_quiet, self.f_need, self.f_risk, self.f_unplanned, self.overlay]
        self.all_columns = self._columns()
        self.list = self.add(ClientList("desk.clients", list(self.all_columns), lambda: self.table.index,
                                        scene.on_select, self.table.set_sort,
                                        lambda: (self.table.sort_by, self.table.descending),
                                        marked=lambda c: bool(self.session.draft.planned_count()[c]),
                                        tint=self._tint))
        self.msg_rect = pygame.Rect(0, 0, 0, 0)

    # --- filters ---------------------------------------------------------------------
    def _search(self, text: str) -> None:
        self._filter(search=text)

    def _filter(self, **changes) -> None:
        self.scene.agenda.close()  # a filter of the player's own: the whole list again, narrowed by it
        self.table.set_filters(**changes)
        self.list.offset = 0

    def show_only(self, clients) -> None:
        """Show just ``clients`` (an agenda item's; None: every client again), the other filters cleared."""
        if clients is not None:
            lost = not bool(np.all(self.table.active[np.asarray(clients, dtype=np.int64)]))
            self._clear_filters("all" if lost else "active")
        self.table.show_only(clients)
        self.list.offset = 0

    def reveal(self, client: int) -> None:
        """Clear the search and the filters when they hide ``client`` (lost clients show with status "all")."""
        if np.any(self.table.index == client):
            return
        self.scene.agenda.close()
        self._clear_filters("active" if self.table.active[client] else "all")

    def _clear_filters(self, status: str) -> None:
        self.search.value = ""
        for toggle in (self.f_due, self.f_need, self.f_risk, self.f_unplanned):
            toggle.value = False
        self.segment.select(-2)
        self.status.select(status)
        self.f_quiet.select(0)
        self.table.set_filters(search="", renewal_due=False, quiet_months=0, need_known=False, at_risk=False,
                               segment=-2, status=status, unplanned=False)
        self.list.offset = 0

    def refresh(self) -> None:
        self.table.refresh_month()

    def _tint(self, client: int) -> str | None:
        """The overlay: rows with the chosen signal washed in its colour."""
        name = self.overlay.value
        if isinstance(name, int):  # a product: rows it fits (a known job, not refused at this price)
            return "good" if self.scene.knowledge().fits(name)[client] else None
        return SIGNAL_LOOK[name][1] if name is not None and self.table.signals[name][client] else None

    def flagged(self, client: int) -> list[str]:
        """The engine's signals on ``client``, most urgent first."""
        return [name for name in SIGNALS if self.table.signals[name][client]]

    # --- columns ---------------------------------------------------------------------
    def _columns(self) -> list[Column]:
        t, tb, lazy = self.t, self.table, self.lazy
        segs = self.session.game.scenario.segments

        def seg_name(c):
            k = int(tb.segment[c])
            return (segs[k].name.get(self.ctx.lang) if k >= 0 else "—"), "muted"

        def due(c):
            v = int(tb.due[c])
            if v >= NO_DUE:
                return "—", "muted"
            return (t("desk.due_now") if v <= 0 else t("desk.in_months", n=v)), ("warn" if v <= 3 else "text")

        def plan(c):
            n = int(self.session.draft.planned_count()[c])
            return (str(n) if n else ""), "accent"

        return [
            Column("name", lazy("col.name"), 2.7, lambda c: (tb.names[c], "text" if tb.active[c] else "muted")),
            Column("signals", lazy("col.signals"), 0.6, lambda c: ("", "text"),
                   icons=lambda c: [SIGNAL_LOOK[name] for name in self.flagged(c)],
                   tip=lambda c: "\n".join(f"{SIGNAL_LOOK[n][0]} {t(f'signal.{n}.tip')}" for n in self.flagged(c))),
            Column("segment", lazy("col.segment"), 1.3, seg_name),
            Column("loyalty", lazy("col.loyalty"), 1.45, lambda c: (f"{tb.loyalty[c] * 100:.0f}", "text"),
                   bar=lambda c: float(tb.loyalty[c])),
            Column("recall", lazy("col.recall"), 1.3, lambda c: (f"{tb.recall[c] * 100:.0f}", "text"),
                   bar=lambda c: float(tb.recall[c])),
            Column("silence", lazy("col.silence"), 1.2,
                   lambda c: (t("desk.months_short", n=int(tb.silence[c])), "warn" if tb.silence[c] >= 6 else "text"),
                   align="right"),
            Column("due", lazy("col.due"), 1.25, due, align="right"),
            Column("plan", lazy("col.plan"), 0.8, plan, align="right"),
        ]

    def _name_width(self) -> int:
        """The widest client name in the list's font (measured once per language and text size)."""
        th = self.theme
        key = (self.ctx.lang, th.font(self.list.text_size).get_height())
        if key not in self._name_w:
            self.table.set_language(self.ctx.lang)
            self._name_w[key] = widest(th, self.table.names, self.list.text_size)
        return self._name_w[key]

    def rooms(self) -> list[Room]:
        """What each column needs to show its values whole, how important it is, and its share of spare room:
        names and numbers first; the segment (also in the filter and the card) gives way first."""
        th, t, tb = self.theme, self.t, self.table
        size = self.list.text_size
        pad = 2 * 6 + 2
        head = lambda key: widest(th, [t(key) + SORT_MARK], "small", bold=True) + pad  # noqa: E731
        segs = self.session.game.scenario.segments
        longest = int(self.session.game.view.cycle.max(initial=0))  # a renewal is at most a cycle away
        dues = set(np.unique(np.clip(tb.due[tb.due < NO_DUE], 0, None)).tolist()) | {longest}
        due_texts = ["—", t("desk.due_now")] + [t("desk.in_months", n=int(v)) for v in dues if v > 0]
        silences = np.unique(tb.silence) if tb.silence.size else [0]
        number = widest(th, ["100"], size) + pad + 16  # a value and a sliver of its bar
        silence = widest(th, [t("desk.months_short", n=int(v)) for v in silences], size) + pad
        due = widest(th, due_texts, size) + pad
        name = self._name_width() + pad
        glyph = widest(th, [g for g, _ in SIGNAL_LOOK.values()], size) + 3
        # Each column asks for room for its title too, but gives way down to its values (``floor``).
        return [
            Room("name", max(head("col.name"), name), 3.0, 0, floor=name),
            Room("signals", max(head("col.signals"), 3 * glyph + pad), 0.4, 1, floor=2 * glyph + pad),
            Room("segment", max(head("col.segment"), widest(th, [s.name.get(self.ctx.lang) for s in segs] + ["—"],
                                                               size) + pad), 1.0, 3, optional=True),
            Room("loyalty", max(head("col.loyalty"), number), 1.0, 1, floor=number),
            Room("recall", max(head("col.recall"), number), 1.0, 1, floor=number),
            Room("silence", max(head("col.silence"), silence), 0.6, 1, floor=silence),
            Room("due", max(head("col.due"), due), 0.6, 0, floor=due),
            Room("plan", max(head("col.plan"), widest(th, ["99"], size) + pad), 0.3, 2, optional=True),
        ]

    def need(self) -> int:
        """The width the list asks for: every column it keeps, titles whole (the plan and the segment left out)."""
        return sum(r.need for r in self.rooms() if not r.optional) + SCROLL_GUTTER

    def control_need(self, widget) -> int:
        """Room a filter control needs for its longest label: a switch's box or a cycler's arrows besides."""
        if isinstance(widget, Choice):
            return widest(self.theme, [label for _, label in widget.options()], widget.size) + CHOICE_SLACK  # the arrows
        return widest(self.theme, [resolve(widget.text)], "small") + 28  # the box and its margins

    # --- layout and drawing --------------------------------------------------------------
    def layout(self, rect: pygame.Rect) -> None:
        """Search and two filters on the first row, the toggles on the second, then the list and the message."""
        super().layout(rect)
        th = self.theme
        gap, fh = th.m("gap"), th.m("button_height")
        x, y, w = rect.x, rect.y, rect.width
        self.search.rect = pygame.Rect(x, y, w * 40 // 100, fh)
        self.segment.rect = pygame.Rect(self.search.rect.right + gap, y, w * 33 // 100, fh)
        self.status.rect = pygame.Rect(self.segment.rect.right + gap, y, x + w - self.segment.rect.right - gap, fh)
        # The filter switches in as many rows as their labels need (one at 1280x720; two with the largest text).
        list_y = flow_rows(th, self.toggles, [self.control_need(c) for c in self.toggles], rect.x, y + fh + gap, w,
                           fh, gap)
        msg_h = 3 * th.line_height("small") + 6  # the count, the legend of the row signals, the last message
        self.list.rect = pygame.Rect(rect.x, list_y, w, rect.bottom - list_y - msg_h)
        self.list.columns = fit_columns(self.all_columns, self.rooms(), w - SCROLL_GUTTER)
        self.msg_rect = pygame.Rect(rect.x, self.list.rect.bottom + 4, w, msg_h)

    def draw(self, surface) -> None:
        th = self.theme
        lh = th.line_height("small")
        r = self.msg_rect
        count = self.t("desk.count", shown=len(self.table.index), total=self.session.game.n_clients)
        th.draw_text(surface, count, (r.x, r.y), "small", th.c("muted"), max_width=r.width)
        scene = self.scene
        long = scene.message and th.font("small").size(scene.message)[0] > r.width
        if not long:
            self.draw_legend(surface, r.x, r.y + lh, r.width)
        if scene.message:  # a long message (an agenda item's advice) takes the legend's line too
            box = pygame.Rect(r.x, r.y + (lh if long else 2 * lh + 2), r.width, 2 * lh + 2)
            th.draw_wrapped(surface, scene.message, box, "small", th.c(scene.message_style), max_lines=2)

    def draw_legend(self, surface, x: int, y: int, width: int) -> None:
        """What the row glyphs mean, in their colours, as far as the line goes."""
        th = self.theme
        right = x + width
        for name in SIGNALS:
            glyph, colour = SIGNAL_LOOK[name]
            word = self.t(f"signal.{name}")
            need = th.font("small").size(f"{glyph} {word}")[0]
            if x + need > right:
                return
            box = th.draw_text(surface, glyph, (x, y), "small", th.c(colour), bold=True)
            box = th.draw_text(surface, " " + word, (box.right, y), "small", th.c("muted"))
            x = box.right + 14
