"""The desk: the client list, the client card, the month plan (markups, touches, offers, rules), end month.

The list reads a cached index array (:class:`ClientTable`); nothing here
loops over all clients per frame. Actions go through the session's draft,
which keeps the plan within the month's hours.
"""
from __future__ import annotations

import numpy as np
import pygame

from ..client_table import NO_DUE, ClientTable
from ..session import AddResult, CadenceRule, apply_cadence, offer_fit
from ..texts import MONEY_KPIS, kpi_help, kpi_name, kpi_value, money, money_short, percent
from ..widgets import Button, Choice, ClientList, Column, Slider, TextField, Toggle, Widget, label_width
from ..widgets.scroll_text import ScrollText
from .base import Scene
from .desk_card import card_lines, product_name, topic_name, touch_name
from .hints import HintGuide

MAX_CHIPS = 6                 # score items shown on the desk's scorecard strip
QUIET_STEPS = (0, 2, 3, 6, 12)
EVERY_STEPS = (0, 1, 2, 3, 6, 12)
TABS = ("client", "prices", "rules")


class ScoreChip(Widget):
    """One score item so far: the KPI against its target, points of its weight and the change since last
    month (all from the engine's scorecard); its tooltip says what the KPI is and what moves it."""

    def __init__(self, wid: str, scene: "DeskScene", index: int, kpi: str):
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
        return self.scene.t("desk.score_tip", help=kpi_help(self.kpi, lang), weight=f"{line.weight:g}",
                            target=kpi_value(self.kpi, line.target, self.scene.currency, lang))

    def draw(self, surface, theme) -> None:
        theme.panel(surface, self.rect, "panel_alt")
        line, lang = self._line(), self.scene.ctx.lang
        if line is None:
            return
        pad, width = 8, self.rect.width - 16
        points = self.scene.t("desk.score_points", points=f"{line.points:.1f}".replace(".", "," if lang == "ru" else "."),
                              weight=f"{line.weight:g}")
        pw = theme.font("small", True).size(points)[0]
        theme.draw_text(surface, points, (self.rect.right - pad, self.rect.y + 3), "small", theme.c("accent"), bold=True,
                        align="right")
        theme.draw_text(surface, kpi_name(self.kpi, lang), (self.rect.x + pad, self.rect.y + 3), "small",
                        theme.c("muted"), max_width=width - pw - 8)
        y = self.rect.y + 3 + theme.line_height("small")
        change = ""
        if abs(line.change) >= 0.05:
            change = f"{line.change:+.1f}".replace(".", "," if lang == "ru" else ".")
            theme.draw_text(surface, change, (self.rect.right - pad, y), "body",
                            theme.c("good" if line.change > 0 else "bad"), bold=True, align="right")
        shown = (lambda v: money_short(v, self.scene.currency, lang)) if self.kpi in MONEY_KPIS else \
            (lambda v: kpi_value(self.kpi, v, self.scene.currency, lang))
        room = width - (theme.font("body", True).size(change)[0] + 8 if change else 0)
        value = self.scene.t("desk.score_value", value=shown(line.value), target=shown(line.target))
        if theme.font("body", True).size(value)[0] > room:  # narrow: the value alone, the target is in the tooltip
            value = shown(line.value)
        theme.draw_text(surface, value, (self.rect.x + pad, y), "body", bold=True, max_width=room)


class HoursGauge(Widget):
    """Hours left this month as a bar."""

    def __init__(self, wid: str, scene: "DeskScene"):
        super().__init__(wid, tooltip=scene.lazy("desk.hours_tip"))
        self.scene = scene

    def draw(self, surface, theme) -> None:
        draft = self.scene.session.draft
        cap, left = draft.capacity_hours, draft.hours_left()
        text = self.scene.t("desk.hours", left=f"{left:g}", total=f"{cap:g}")
        theme.draw_text(surface, text, (self.rect.x, self.rect.y), "small", bold=True, max_width=self.rect.width)
        bar = pygame.Rect(self.rect.x, self.rect.y + theme.line_height("small") + 2, self.rect.width, 10)
        theme.bar(surface, bar, left / cap if cap else 0.0, "accent" if left > 0.01 else "warn")


class DeskScene(Scene):
    """The main screen of a month."""

    def __init__(self, app):
        super().__init__(app)
        self.session = self.ctx.session
        game = self.session.game
        self.currency = game.scenario.desk.currency
        self.table = ClientTable(self.session, self.ctx.lang)
        self.tab = "client"
        self.scorecard: list = []
        self.message = ""
        self.message_style = "muted"
        self._card_key = None
        self._price_page = 0
        self._seen_index = None
        self._build()
        self.guide = HintGuide(self)
        self._refresh_month()

    # --- building -----------------------------------------------------------------
    def _build(self) -> None:
        f, t, lazy = self.form, self.t, self.lazy
        game = self.session.game
        self.end_btn = f.add(Button("desk.end_month", lazy("desk.end_month"), self.ask_end_month, primary=True,
                                    tooltip=lazy("desk.end_month_tip")))
        self.hours = f.add(HoursGauge("desk.hours", self))
        self.chips = [f.add(ScoreChip(f"desk.kpi.{item.kpi}", self, i, item.kpi))
                      for i, item in enumerate(game.scenario.scoring.items[:MAX_CHIPS])]
        self.search = f.add(TextField("desk.search", self.ctx.gui, "", lazy("desk.search"), on_change=self._search,
                                      tooltip=lazy("desk.search_tip")))
        seg_opts = lambda: [(-2, t("desk.all_segments"))] + [  # noqa: E731
            (i, s.name.get(self.ctx.lang)) for i, s in enumerate(game.scenario.segments)]
        self.segment = f.add(Choice("desk.filter.segment", seg_opts, lambda v: self._filter(segment=v)))
        status_opts = lambda: [(s, t(f"desk.status.{s}")) for s in ("active", "lost", "all")]  # noqa: E731
        self.status = f.add(Choice("desk.filter.status", status_opts, lambda v: self._filter(status=v)))
        self.f_due = f.add(Toggle("desk.filter.due", lazy("desk.filter.due"), False,
                                  lambda v: self._filter(renewal_due=v), tooltip=lazy("desk.filter.due_tip")))
        quiet_opts = lambda: [(n, t("desk.filter.quiet_off") if n == 0 else t("desk.filter.quiet", n=n))  # noqa: E731
                              for n in QUIET_STEPS]
        self.f_quiet = f.add(Choice("desk.filter.quiet", quiet_opts, lambda v: self._filter(quiet_months=v),
                                    tooltip=lazy("desk.filter.quiet_tip")))
        self.f_quiet.size = "small"
        self.f_need = f.add(Toggle("desk.filter.need", lazy("desk.filter.need"), False,
                                   lambda v: self._filter(need_known=v), tooltip=lazy("desk.filter.need_tip")))
        self.f_risk = f.add(Toggle("desk.filter.risk", lazy("desk.filter.risk"), False,
                                   lambda v: self._filter(at_risk=v), tooltip=lazy("desk.filter.risk_tip")))
        self.f_unplanned = f.add(Toggle("desk.filter.unplanned", lazy("desk.filter.unplanned"), False,
                                        lambda v: self._filter(unplanned=v)))
        self.list = f.add(ClientList("desk.clients", self._columns(), lambda: self.table.index, self._select,
                                     self._sort, lambda: (self.table.sort_by, self.table.descending),
                                     marked=lambda c: bool(self.session.draft.planned_count()[c])))
        self.tabs = []
        for name in TABS:
            b = f.add(Button(f"desk.tab.{name}", lazy(f"desk.tab.{name}"), lambda n=name: self.set_tab(n)))
            b.selected = lambda n=name: self.tab == n
            self.tabs.append(b)
        # Client tab.
        self.card = f.add(ScrollText("desk.card"))
        touch_opts = lambda: [(k.id, self._touch_label(k)) for k in game.scenario.touch_types]  # noqa: E731
        self.touch_kind = f.add(Choice("desk.touch_kind", touch_opts, lambda v: None, tooltip=lazy("desk.touch")))
        self.topic = f.add(Choice("desk.topic", self._topic_options, lambda v: None, tooltip=lazy("desk.topic_tip")))
        self.touch_one = f.add(Button("desk.touch_one", lazy("desk.touch_one"), self.touch_selected))
        self.touch_all = f.add(Button("desk.touch_all", lambda: t("desk.touch_all", n=len(self.table.index)),
                                      self.touch_filtered, tooltip=lazy("desk.bulk_tip")))
        product_opts = lambda: [(p.id, p.name.get(self.ctx.lang)) for p in game.scenario.products]  # noqa: E731
        self.offer_product = f.add(Choice("desk.offer_product", product_opts, lambda v: None,
                                          prefix=lazy("desk.offer")))
        self.offer_one = f.add(Button("desk.offer_one", lazy("desk.offer_one"), self.offer_selected,
                                      tooltip=lazy("desk.offer_tip")))
        self.offer_all = f.add(Button("desk.offer_all", lambda: t("desk.offer_all", n=len(self.table.index)),
                                      self.offer_filtered, tooltip=lazy("desk.bulk_tip")))
        self.clear_one = f.add(Button("desk.clear_one", lazy("desk.clear_one"), self.clear_selected))
        self.clear_all = f.add(Button("desk.clear_all", lambda: t("desk.clear_all", n=len(self.table.index)),
                                      self.clear_filtered))
        self.client_widgets = [self.card, self.touch_kind, self.topic, self.touch_one, self.touch_all,
                               self.offer_product, self.offer_one, self.offer_all, self.clear_one, self.clear_all]
        # Prices tab.
        self.sliders: list[Slider] = []
        for i, p in enumerate(game.scenario.products):
            m = p.markup
            s = f.add(Slider(f"desk.markup.{p.id}", m.min, m.max, self.session.draft.markups[p.id], 0.01,
                             lambda v, pid=p.id: self._markup(pid, v), locked=m.fixed,
                             tooltip=lazy("desk.fixed_tip") if m.fixed else lazy("desk.markup_tip"),
                             marks=lambda pid=p.id: self._price_marks(pid)))
            self.sliders.append(s)
        self.price_prev = f.add(Button("desk.prices_prev", "‹", lambda: self._page(-1)))
        self.price_next = f.add(Button("desk.prices_next", "›", lambda: self._page(1)))
        # Rules tab.
        self.rule_kind: list[Choice] = []
        self.rule_every: list[Choice] = []
        for seg in game.scenario.segments:
            k = f.add(Choice(f"desk.rule.{seg.id}.kind", touch_opts, lambda v: self._rules_changed()))
            e = f.add(Choice(f"desk.rule.{seg.id}.every", lambda: [
                (n, t("desk.rule_off") if n == 0 else t("desk.rule_every", n=n)) for n in EVERY_STEPS],
                lambda v: self._rules_changed()))
            existing = next((r for r in self.session.rules if r.segment == seg.id), None)
            if existing:
                k.select(existing.kind)
                e.select(existing.every)
            self.rule_kind.append(k)
            self.rule_every.append(e)
        self.rules_apply = f.add(Button("desk.rules_apply", lazy("desk.rules_apply"), self.apply_rules,
                                        tooltip=lazy("desk.rules_tip")))
        self.hint_next = f.add(Button("hint.next", lazy("hint.next"), lambda: self.guide.next(), primary=True))
        self.hint_skip = f.add(Button("hint.skip", lazy("hint.skip"), lambda: self.guide.stop()))
        self.form.set_focus(self.list)

    def _columns(self) -> list[Column]:
        t, tb = self.t, self.table
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

        # With larger text the segment column gives way (the segment filter and the client card still show it)
        # and the renewal column ("через 17") takes the room its words need.
        big = self.theme.text_scale > 1.0
        segment = [] if big else [Column("segment", self.lazy("col.segment"), 1.3, seg_name)]
        return [
            Column("name", self.lazy("col.name"), 2.7, lambda c: (tb.names[c], "text" if tb.active[c] else "muted")),
            *segment,
            Column("loyalty", self.lazy("col.loyalty"), 1.45, lambda c: (f"{tb.loyalty[c] * 100:.0f}", "text"),
                   bar=lambda c: float(tb.loyalty[c])),
            Column("recall", self.lazy("col.recall"), 1.3, lambda c: (f"{tb.recall[c] * 100:.0f}", "text"),
                   bar=lambda c: float(tb.recall[c])),
            Column("silence", self.lazy("col.silence"), 1.2,
                   lambda c: (t("desk.months_short", n=int(tb.silence[c])), "warn" if tb.silence[c] >= 6 else "text"),
                   align="right"),
            Column("due", self.lazy("col.due"), 1.75 if big else 1.25, due, align="right"),
            Column("plan", self.lazy("col.plan"), 0.8, plan, align="right"),
        ]

    def _touch_label(self, kind) -> str:
        lang = self.ctx.lang
        if kind.capacity > 1:
            return self.t("desk.touch_group", name=kind.name.get(lang), hours=f"{kind.hours:g}", n=kind.capacity)
        return self.t("desk.touch_single", name=kind.name.get(lang), hours=f"{kind.hours:g}")

    def _topic_options(self):
        game = self.session.game
        lang = self.ctx.lang
        opts = [(None, self.t("desk.no_topic"))]
        opts += [(p.id, p.name.get(lang)) for p in game.scenario.products]
        running = game.catalog.active_events(game.month)
        opts += [(e.id, "★ " + e.title.get(lang)) for e, on in zip(game.scenario.events, running) if on]
        return opts

    # --- state changes ----------------------------------------------------------------
    def _refresh_month(self) -> None:
        game = self.session.game
        self.table.refresh_month()
        self.scorecard = game.scorecard()
        for slider, p in zip(self.sliders, game.scenario.products):
            slider.value = self.session.draft.markups[p.id]
        self._card_key = None
        if self.list.selected is None and len(self.table.index):
            self.list.select_position(0)
        cad = self.session.last_cadence
        if cad.added or cad.no_hours:
            self.say(self.t("desk.cadence_done", n=cad.added, skipped=cad.no_hours), "good")

    def _select(self, client: int) -> None:
        self._card_key = None

    def _sort(self, column: str) -> None:
        self.table.set_sort(column)

    def _search(self, text: str) -> None:
        self._filter(search=text)

    def _filter(self, **changes) -> None:
        self.table.set_filters(**changes)
        self.list.offset = 0

    def _markup(self, product: str, value: float) -> None:
        kept = self.session.draft.set_markup(product, value)
        for s in self.sliders:
            if s.id == f"desk.markup.{product}":
                s.value = kept

    def _page(self, delta: int) -> None:
        self._price_page = max(0, self._price_page + delta)
        self.layout(self.size)

    def show_client(self, client: int) -> None:
        """Open ``client`` on the client tab, selected and scrolled into view (from the month report's inbox);
        when the filters or the search hide it, they are cleared first."""
        if not np.any(self.table.index == client):
            status = "active" if self.table.active[client] else "all"
            self.search.value = ""
            for toggle in (self.f_due, self.f_need, self.f_risk, self.f_unplanned):
                toggle.value = False
            self.segment.select(-2)
            self.status.select(status)
            self.f_quiet.select(0)
            self.table.set_filters(search="", renewal_due=False, quiet_months=0, need_known=False, at_risk=False,
                                   segment=-2, status=status, unplanned=False)
        self.set_tab("client")
        self.list.select_position(int(np.flatnonzero(self.table.index == client)[0]))
        self.form.set_focus(self.list)

    def set_tab(self, name: str) -> None:
        """Show the client card, the prices or the cadence rules."""
        self.tab = name
        self.layout(self.size)

    def say(self, text: str, style: str = "muted") -> None:
        """A one-line message under the list."""
        self.message, self.message_style = text, style

    def _report(self, result: AddResult, what: str) -> None:
        parts = [self.t(f"desk.added_{what}", n=result.added)]
        if result.no_hours:
            parts.append(self.t("desk.skipped_hours", n=result.no_hours))
        if result.no_contact:
            parts.append(self.t("desk.skipped_contact", n=result.no_contact))
        if result.lost:
            parts.append(self.t("desk.skipped_lost", n=result.lost))
        if result.already:
            parts.append(self.t("desk.skipped_already", n=result.already))
        style = "good" if result.added and len(parts) == 1 else ("warn" if result.added else "bad")
        self.say("; ".join(parts), style)
        self._card_key = None

    # --- actions ------------------------------------------------------------------------
    def touch_selected(self) -> None:
        """Plan the chosen touch for the selected client."""
        if self.list.selected is None:
            return
        self._report(self.session.draft.add_touch(self.touch_kind.value, self.topic.value, [self.list.selected]),
                     "touches")

    def touch_filtered(self) -> None:
        """Plan the chosen touch for every client the filter shows, as far as the hours allow."""
        self._report(self.session.draft.add_touch(self.touch_kind.value, self.topic.value, self.table.index), "touches")

    def offer_selected(self) -> None:
        """Offer the chosen product to the selected client."""
        if self.list.selected is None:
            return
        self._report(self.session.draft.add_offer(self.offer_product.value, [self.list.selected]), "offers")

    def offer_filtered(self) -> None:
        """Offer the chosen product to every shown client who has a touch planned."""
        self._report(self.session.draft.add_offer(self.offer_product.value, self.table.index), "offers")

    def clear_selected(self) -> None:
        if self.list.selected is not None:
            n = self.session.draft.clear([self.list.selected])
            self.say(self.t("desk.cleared", n=n))
            self._card_key = None

    def clear_filtered(self) -> None:
        n = self.session.draft.clear(self.table.index)
        self.say(self.t("desk.cleared", n=n))
        self._card_key = None

    def _rules_changed(self) -> None:
        segs = self.session.game.scenario.segments
        self.session.rules = [CadenceRule(seg.id, k.value, e.value)
                              for seg, k, e in zip(segs, self.rule_kind, self.rule_every) if e.value]

    def apply_rules(self) -> None:
        """Pre-fill this month's plan from the standing rules (within the hours left)."""
        self._rules_changed()
        result = apply_cadence(self.session.draft, self.session.rules)
        self.say(self.t("desk.cadence_done", n=result.added, skipped=result.no_hours),
                 "good" if not result.no_hours else "warn")
        self._card_key = None

    def ask_end_month(self) -> None:
        """End the month, asking first when hours are left unused."""
        error = self.session.check()
        if error is not None:
            self.say(self.t("desk.plan_error", message=error.message), "bad")
            return
        left = self.session.draft.hours_left()
        if left > 0.01:
            from .confirm import ConfirmScene
            self.app.push(ConfirmScene(self.app, self.t("desk.confirm_end", hours=f"{left:g}"), self.end_month,
                                       yes_key="desk.end_anyway", no_key="desk.keep_planning"))
        else:
            self.end_month()

    def end_month(self) -> None:
        """Play the month, autosave, show the report."""
        from .month_report import MonthReportScene
        report = self.session.end_month()
        self.autosave()
        self._refresh_month()
        reports = self.session.game.reports
        previous = reports[-2] if len(reports) >= 2 else None
        jump = None if self.session.game.finished else self.show_client
        self.app.push(MonthReportScene(self.app, report, previous, show_client=jump))

    def autosave(self) -> None:
        """Write the game so far to the saves folder (a failure is shown, never fatal)."""
        try:
            self.ctx.saves.write(self.session, self.ctx.lang)
        except OSError as exc:
            self.say(self.t("desk.autosave_failed", reason=exc.strerror or str(exc)), "bad")

    def resume(self) -> None:
        if self.session.game.finished:
            from .debrief import DebriefScene
            self.app.replace(DebriefScene(self.app))
            return
        self.table.set_language(self.ctx.lang)

    def back(self) -> None:
        from .confirm import ConfirmScene
        from .menu import MenuScene
        self.app.push(ConfirmScene(self.app, self.t("desk.confirm_leave"), lambda: self.app.pop_to(MenuScene),
                                   safe_default=True))

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN:
            ctrl_enter = event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and event.mod & pygame.KMOD_CTRL
            if ctrl_enter or event.key == pygame.K_F9:
                self.ask_end_month()
                return True
            if self.guide.active and event.key == pygame.K_ESCAPE:
                self.guide.stop()
                return True
        return super().handle_event(event)

    def update(self, dt: int) -> None:
        index = self.table.index
        if index is not self._seen_index:  # the filter, sort or month changed: keep a shown client selected
            self._seen_index = index
            if index.size and (self.list.selected is None or not (index == self.list.selected).any()):
                self.list.select_position(0)
        key = (self.list.selected, self.session.draft.version, self.session.game.month, self.ctx.lang)
        if key != self._card_key and self.list.selected is not None:
            self._card_key = key
            self.card.set_lines(card_lines(self.session, self.list.selected, self.ctx.lang, self.t))
        self.guide.update()

    # --- layout ---------------------------------------------------------------------------
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        W, H = size
        pad, gap = th.m("padding"), th.m("gap")
        bh = th.m("button_height")
        self.top_h = th.line_height("large") + th.line_height("small") + 2 * pad
        # Row 1: title (drawn), hours, end month.
        # With larger text the button grows to its label and the hours bar gives way.
        end_w = max(int(250 * th.scale), label_width(self.end_btn, th) + pad)
        self.end_btn.rect = pygame.Rect(W - pad - end_w, pad, end_w, bh + 6)
        hours_w = int(300 * th.scale)
        self.hours.rect = pygame.Rect(self.end_btn.rect.x - gap * 2 - hours_w, pad + 4, hours_w, bh)
        self.title_w = self.hours.rect.x - 3 * pad
        # Row 2: KPI chips.
        chip_y = self.top_h
        chip_h = th.line_height("small") + th.line_height("body") + 8
        chip_w = (W - 2 * pad - gap * (len(self.chips) - 1)) // len(self.chips)
        for k, chip in enumerate(self.chips):
            chip.rect = pygame.Rect(pad + k * (chip_w + gap), chip_y, chip_w, chip_h)
        body_y = chip_y + chip_h + gap
        left_w = int((W - 3 * pad) * 0.57)
        right_x = pad * 2 + left_w
        right_w = W - right_x - pad
        # Filters: two rows.
        fh = bh
        x = pad
        self.search.rect = pygame.Rect(x, body_y, left_w * 40 // 100, fh)
        self.segment.rect = pygame.Rect(self.search.rect.right + gap, body_y, left_w * 33 // 100, fh)
        self.status.rect = pygame.Rect(self.segment.rect.right + gap, body_y, pad + left_w - self.segment.rect.right - gap, fh)
        y2 = body_y + fh + gap
        toggles = [self.f_due, self.f_quiet, self.f_need, self.f_risk, self.f_unplanned]
        shares = [22, 21, 19, 19, 19]
        x = pad
        for w, share in zip(toggles, shares):
            width = (left_w - gap * (len(toggles) - 1)) * share // 100
            w.rect = pygame.Rect(x, y2, width, fh)
            x += width + gap
        list_y = y2 + fh + gap
        msg_h = th.line_height("small") + th.line_height("small") + 6
        self.list.rect = pygame.Rect(pad, list_y, left_w, H - list_y - msg_h - pad)
        self.list.columns = self._columns()  # larger text: fewer, wider columns
        self.msg_rect = pygame.Rect(pad, self.list.rect.bottom + 4, left_w, msg_h)
        # Right panel: tabs.
        tab_w = (right_w - 2 * gap) // 3
        for k, b in enumerate(self.tabs):
            b.rect = pygame.Rect(right_x + k * (tab_w + gap), body_y, tab_w, bh)
        panel_y = body_y + bh + gap
        self.panel_rect = pygame.Rect(right_x, panel_y, right_w, H - panel_y - pad)
        for w in self.client_widgets + self.sliders + [self.price_prev, self.price_next, self.rules_apply] \
                + self.rule_kind + self.rule_every:
            w.visible = False
        if self.tab == "client":
            self._layout_client()
        elif self.tab == "prices":
            self._layout_prices()
        else:
            self._layout_rules()
        self.guide.layout()

    def _layout_client(self) -> None:
        th = self.theme
        r, gap, bh = self.panel_rect, th.m("gap"), th.m("button_height")
        for w in self.client_widgets:
            w.visible = True
        header_h = th.line_height("large") + th.line_height("small") + 2 * self._bar_row_h() + 8
        self.card_header = pygame.Rect(r.x, r.y, r.width, header_h)
        actions_h = 5 * bh + 4 * gap + th.line_height("small") + 4
        self.card.rect = pygame.Rect(r.x, r.y + header_h, r.width, r.height - header_h - actions_h - gap)
        y = self.card.rect.bottom + gap
        half = (r.width - gap) // 2
        self.touch_kind.rect = pygame.Rect(r.x, y, half, bh)
        self.topic.rect = pygame.Rect(r.x + half + gap, y, half, bh)
        y += bh + gap
        self.touch_one.rect = pygame.Rect(r.x, y, half, bh)
        self.touch_all.rect = pygame.Rect(r.x + half + gap, y, half, bh)
        y += bh + gap
        self.offer_product.rect = pygame.Rect(r.x, y, r.width, bh)
        y += bh + 2
        self.fit_y = y
        y += th.line_height("small") + 2
        self.offer_one.rect = pygame.Rect(r.x, y, half, bh)
        self.offer_all.rect = pygame.Rect(r.x + half + gap, y, half, bh)
        y += bh + gap
        self.clear_one.rect = pygame.Rect(r.x, y, half, bh)
        self.clear_all.rect = pygame.Rect(r.x + half + gap, y, half, bh)

    def _bar_row_h(self) -> int:
        return max(self.theme.line_height("small"), self.theme.m("bar_height")) + 4

    def _price_row_h(self) -> int:
        th = self.theme
        return th.line_height("body") + th.m("button_height") + 2 * th.line_height("small") + 14

    def _layout_prices(self) -> None:
        th = self.theme
        r, bh = self.panel_rect, th.m("button_height")
        row_h = self._price_row_h()
        per_page = max(1, (r.height - bh - 3 * th.line_height("small") - 12) // row_h)  # room for the forecast
        pages = max(1, -(-len(self.sliders) // per_page))
        self._price_page = min(self._price_page, pages - 1)
        self.price_rows = []
        start = self._price_page * per_page
        for k, slider in enumerate(self.sliders[start:start + per_page]):
            top = r.y + 6 + k * row_h
            slider.visible = True
            slider.rect = pygame.Rect(r.x + 8, top + th.line_height("body") + 2, r.width - 16, bh)
            self.price_rows.append((start + k, top))
        if pages > 1:
            self.price_prev.visible = self.price_next.visible = True
            self.price_prev.rect = pygame.Rect(r.x + 8, r.bottom - bh - 4, 60, bh)
            self.price_next.rect = pygame.Rect(r.right - 68, r.bottom - bh - 4, 60, bh)
        self.price_pages = pages

    def _layout_rules(self) -> None:
        th = self.theme
        r, gap, bh = self.panel_rect, th.m("gap"), th.m("button_height")
        y = r.y + 8 + 3 * th.line_height("small") + gap
        name_w = r.width * 34 // 100
        self.rule_rows = []
        for seg, k, e in zip(self.session.game.scenario.segments, self.rule_kind, self.rule_every):
            if y + bh > r.bottom - bh - 2 * gap:
                break
            k.visible = e.visible = True
            k.rect = pygame.Rect(r.x + name_w, y, (r.width - name_w) // 2 - gap, bh)
            e.rect = pygame.Rect(k.rect.right + gap, y, r.right - k.rect.right - gap - 8, bh)
            self.rule_rows.append((seg, y))
            y += bh + gap
        self.rules_apply.visible = True
        self.rules_apply.rect = pygame.Rect(r.x + 8, r.bottom - bh - 8, r.width - 16, bh)

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        game = self.session.game
        lang = self.ctx.lang
        pad = th.m("padding")
        th.draw_text(surface, game.scenario.title.get(lang), (pad, pad), "large", bold=True, max_width=self.title_w)
        sub = self.t("desk.month_of", month=game.month + 1, turns=game.turns, player=self.session.player)
        th.draw_text(surface, sub, (pad, pad + th.line_height("large")), "small", th.c("muted"), max_width=self.title_w)
        th.panel(surface, self.panel_rect)
        if self.tab == "client":
            self._draw_card_header(surface)
        elif self.tab == "prices":
            self._draw_prices(surface)
        else:
            self._draw_rules(surface)
        shown = len(self.table.index)
        count = self.t("desk.count", shown=shown, total=game.n_clients)
        th.draw_text(surface, count, (self.msg_rect.x, self.msg_rect.y), "small", th.c("muted"),
                     max_width=self.msg_rect.width)
        if self.message:
            th.draw_text(surface, self.message, (self.msg_rect.x, self.msg_rect.y + th.line_height("small") + 2), "small",
                         th.c(self.message_style), max_width=self.msg_rect.width)
        self.form.draw(surface)
        self.guide.draw(surface)
        self.form.draw_tooltip(surface)

    def _draw_card_header(self, surface) -> None:
        th = self.theme
        c = self.list.selected
        r = self.card_header
        pad = th.m("padding")
        if c is None:
            th.draw_text(surface, self.t("desk.no_client"), (r.x + pad, r.y + pad), "body", th.c("muted"))
            return
        tb = self.table
        game = self.session.game
        lang = self.ctx.lang
        th.draw_text(surface, tb.names[c], (r.x + pad, r.y + 4), "large", bold=True, max_width=r.width - 2 * pad)
        seg = int(tb.segment[c])
        seg_name = game.scenario.segments[seg].name.get(lang) if seg >= 0 else "—"
        status = self.t("card.active") if tb.active[c] else self.t("card.lost")
        line = self.t("card.subtitle", segment=seg_name, status=status, silence=int(tb.silence[c]))
        y = r.y + 4 + th.line_height("large")
        th.draw_text(surface, line, (r.x + pad, y), "small", th.c("muted" if tb.active[c] else "bad"),
                     max_width=r.width - 2 * pad)
        y += th.line_height("small") + 4
        font = th.font("small")
        label_w = max(font.size(self.t(k))[0] for k in ("card.loyalty", "card.recall")) + 12
        row_h = self._bar_row_h()
        for key, value in (("card.loyalty", float(tb.loyalty[c])), ("card.recall", float(tb.recall[c]))):
            th.draw_text(surface, self.t(key), (r.x + pad, y), "small")
            bar_y = y + (th.line_height("small") - th.m("bar_height")) // 2
            bar = pygame.Rect(r.x + pad + label_w, bar_y, r.width - 2 * pad - label_w - font.size("100%")[0] - 10,
                              th.m("bar_height"))
            th.bar(surface, bar, value)
            th.draw_text(surface, percent(value), (r.right - pad, y), "small", align="right")
            y += row_h
        # Fit hint for the offer picker.
        if self.offer_product.visible:
            kind, strength = offer_fit(game, c, self.offer_product.value)
            style = {"fits": "good", "weak": "warn", "unknown": "muted", "owned": "bad", "requires": "bad"}[kind]
            th.draw_text(surface, self.t(f"fit.{kind}", strength=f"{strength * 100:.0f}%"),
                         (self.offer_product.rect.x + 4, self.fit_y), "small", th.c(style),
                         max_width=self.offer_product.rect.width)

    def _draw_prices(self, surface) -> None:
        th = self.theme
        game = self.session.game
        lang, cur = self.ctx.lang, self.currency
        r = self.panel_rect
        for idx, top in self.price_rows:
            p = game.scenario.products[idx]
            value = self.session.draft.markups[p.id]
            q = game.quote(p.id, value)
            th.draw_text(surface, p.name.get(lang), (r.x + 10, top), "body", bold=True, max_width=r.width * 6 // 10)
            th.draw_text(surface, self.t("price.markup", markup=percent(value)), (r.right - 10, top), "body",
                         th.c("accent"), bold=True, align="right")
            y = top + th.line_height("body") + th.m("button_height") + 4
            bonus = money(q["bonus"], cur, lang)
            if q["bonus_uncertain"]:  # on net profit, overheads and bad debt move the bonus at month end
                bonus = self.t("price.bonus_net", bonus=bonus)
            line1 = self.t("price.line1", price=money(q["price"], cur, lang), margin=money(q["margin"], cur, lang),
                           bonus=bonus)
            band = game.scenario.compensation.bonus_corridor
            if q.get("outside_corridor") and band is not None:  # the pay rule's thresholds: no bonus on this deal
                line1 = self.t("price.line1_outside", price=money(q["price"], cur, lang), low=percent(band.min),
                               high=percent(band.max))
            gap_style = "bad" if q["gap"] > game.scenario.model.price_tolerance else "muted"
            line2 = self.t("price.line2", market=money(q["market_price"], cur, lang), gap=f"{q['gap'] * 100:+.0f}%",
                           low=percent(p.markup.min), high=percent(p.markup.max))
            if p.markup.fixed:
                line2 = self.t("price.fixed", market=money(q["market_price"], cur, lang))
                gap_style = "warn"
            th.draw_text(surface, line1, (r.x + 10, y), "small", max_width=r.width - 20)
            th.draw_text(surface, line2, (r.x + 10, y + th.line_height("small")), "small", th.c(gap_style),
                         max_width=r.width - 20)
        forecast = self._month_forecast()
        if forecast is not None:
            text = self.t("price.forecast", deals=f"{forecast.total_deals:.0f}",
                          gross=money_short(forecast.total_gross_profit, cur, lang),
                          bonus=money_short(forecast.bonus, cur, lang))
            lh = th.line_height("small")
            box = pygame.Rect(r.x + 10, r.bottom - th.m("button_height") - 8 - 2 * lh, r.width - 20, 2 * lh)
            th.draw_wrapped(surface, text, box, "small", th.c("accent"), max_lines=2)
        if self.price_pages > 1:
            th.draw_text(surface, f"{self._price_page + 1} / {self.price_pages}",
                         (r.centerx, r.bottom - th.m("button_height")), "small", th.c("muted"), align="center")

    def _price_marks(self, product: str) -> list[tuple[float, str]]:
        """Where the price meets the market (white) and passes what the market tolerates (red), from the engine."""
        q = self.session.game.quote(product, self.session.draft.markups[product])
        return [(q["market_markup"], "text"), (q["tolerance_markup"], "bad")]

    def _month_forecast(self):
        """The engine's forecast of the month for the plan as drafted (recomputed only when the draft changes)."""
        key = (self.session.game.month, self.session.draft.version)
        if getattr(self, "_forecast_key", None) != key:
            self._forecast_key = key
            self._forecast = self.session.game.forecast(self.session.draft.to_plan())
        return self._forecast

    def _draw_rules(self, surface) -> None:
        th = self.theme
        r = self.panel_rect
        th.draw_wrapped(surface, self.t("desk.rules_intro"), pygame.Rect(r.x + 10, r.y + 8, r.width - 20,
                        3 * th.line_height("small")), "small", th.c("muted"), max_lines=3)
        lang = self.ctx.lang
        if not self.rule_rows:
            th.draw_text(surface, self.t("desk.no_segments"), (r.x + 10, r.y + 8 + 3 * th.line_height("small") + 8),
                         "body", th.c("muted"))
        for seg, y in self.rule_rows:
            th.draw_text(surface, seg.name.get(lang), (r.x + 10, y + 6), "body", max_width=r.width * 34 // 100 - 14)
