"""The desk: the client list on the left, one panel per tab on the right (client, prices, rules), the month's
hours and score on top, end month.

The scene composes its panels (``desk_list``, ``desk_client``, ``desk_prices``,
``desk_rules``) and owns what they share: the session, the one-line message,
the tab and the month's refresh. The list reads a cached index array
(:class:`~simulator.ui.client_table.ClientTable`); nothing loops over all
clients per frame. Actions go through the session's draft, which keeps the
plan within the month's hours.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pygame

from ...desk.knowledge import DeskKnowledge, desk_knowledge, talked_desk
from ...engine import MonthPlan
from ...store.saves import GameSession
from ..layout import widest
from ..rounds import Lockstep
from ..texts import general
from ..widgets import Button, Shortcut, label_width
from ..workshop import team_seat
from .base import Scene
from .desk_agenda import AgendaPanel
from .desk_client import ClientPanel
from .desk_list import ClientListPanel
from .desk_parts import HoursGauge, ScoreChip
from .desk_prices import PricesPanel
from .desk_rules import RulesPanel
from .hints import HintGuide

MAX_CHIPS = 6                 # score items shown on the desk's scorecard strip
TABS = ("client", "prices", "rules")
K = pygame
# A direct key for every desk action, tab and filter: (widget id, key, with Shift); F1 lists them, tooltips show
# them. A cycler's key with Shift steps back. Letters do not fire while the search field has the keyboard.
DESK_KEYS = (
    ("desk.tab.client", K.K_1, False), ("desk.tab.prices", K.K_2, False), ("desk.tab.rules", K.K_3, False),
    ("desk.clients", K.K_l, False), ("desk.filter.segment", K.K_g, False), ("desk.filter.status", K.K_s, False),
    ("desk.filter.due", K.K_d, False), ("desk.filter.quiet", K.K_q, False), ("desk.filter.need", K.K_n, False),
    ("desk.filter.risk", K.K_r, False), ("desk.filter.unplanned", K.K_u, False), ("desk.overlay", K.K_v, False),
    ("desk.touch_kind", K.K_k, False), ("desk.topic", K.K_p, False),
    ("desk.touch_one", K.K_t, False), ("desk.touch_all", K.K_t, True), ("desk.talk", K.K_j, False),
    ("desk.offer_product", K.K_i, False), ("desk.offer_one", K.K_o, False), ("desk.offer_all", K.K_o, True),
    ("desk.clear_one", K.K_c, False), ("desk.clear_all", K.K_c, True),
    ("desk.prices_prev", K.K_LEFTBRACKET, False), ("desk.prices_next", K.K_RIGHTBRACKET, False),
    ("desk.rules_apply", K.K_a, False), ("desk.end_month", K.K_F9, False),
)


class DeskScene(Scene):
    """The main screen of a month."""

    def __init__(self, app):
        super().__init__(app)
        self.session = self.ctx.session
        game = self.session.game
        self.currency = game.scenario.desk.currency
        self.tab = "client"
        self.scorecard: list = []
        self.message = ""
        self.message_style = "muted"
        self._seen_index = None
        self._knowledge: tuple[tuple, DeskKnowledge] | None = None
        self._talked: tuple[tuple, object] | None = None
        self._build()
        self.guide = HintGuide(self)
        self._refresh_month()

    # --- building -----------------------------------------------------------------
    def _build(self) -> None:
        f, lazy = self.form, self.lazy
        game = self.session.game
        self.end_btn = f.add(Button("desk.end_month", lazy("desk.end_month"), self.ask_end_month, primary=True,
                                    tooltip=lazy("desk.end_month_tip")))
        self.hours = f.add(HoursGauge("desk.hours", self))
        self.chips = [f.add(ScoreChip(f"desk.kpi.{item.kpi}", self, i, item.kpi))
                      for i, item in enumerate(game.scenario.scoring.items[:MAX_CHIPS])]
        self.agenda = AgendaPanel(self)
        self.clients = ClientListPanel(self)
        self.table, self.list, self.search = self.clients.table, self.clients.list, self.clients.search
        self.tabs = []
        for name in TABS:
            b = f.add(Button(f"desk.tab.{name}", lazy(f"desk.tab.{name}"), partial(self.set_tab, name)))
            b.selected = self._is_tab(name)
            self.tabs.append(b)
        self.client = ClientPanel(self)
        self.card = self.client.card
        self.prices = PricesPanel(self)
        self.sliders = self.prices.sliders
        self.rules = RulesPanel(self)
        self.panels = {"client": self.client, "prices": self.prices, "rules": self.rules}
        self.hint_next = f.add(Button("hint.next", lazy("hint.next"), lambda: self.guide.next(), primary=True))
        self.hint_skip = f.add(Button("hint.skip", lazy("hint.skip"), lambda: self.guide.stop()))
        for wid, key, shift in DESK_KEYS:
            widget = f.get(wid)
            widget.shortcut = Shortcut(key, shift=shift)
            widget.shortcut_help = lazy(f"key.{wid}")
        for wid in ("desk.touch_one", "desk.touch_all", "desk.talk", "desk.offer_one", "desk.offer_all", "desk.clear_one",
                    "desk.clear_all", "desk.filter.due", "desk.filter.need", "desk.filter.risk", "desk.filter.unplanned"):
            f.get(wid).keeps_focus = True   # T, O, C and the filters' keys leave the keyboard in the list
        self.search.shortcut = Shortcut(pygame.K_f, ctrl=True)
        self.search.shortcut_help = lazy("key.desk.search")
        self.form.set_focus(self.list)

    def knowledge(self) -> DeskKnowledge:
        """What the desk knows of news and offers for the plan drafted so far (the engine's answers, cached until
        the month or the draft changes)."""
        draft = self.session.draft
        key = (self.session.game.month, draft.version, id(draft))
        if self._knowledge is None or self._knowledge[0] != key:
            self._knowledge = (key, desk_knowledge(self.session.game, draft.markups, draft.conversations()))
        return self._knowledge[1]

    def talked_view(self):
        """What the desk knows of the clients after this month's conversations (the card's needs read it)."""
        draft = self.session.draft
        key = (self.session.game.month, draft.version, id(draft))
        if self._talked is None or self._talked[0] != key:
            self._talked = (key, talked_desk(self.session.game, draft.conversations()).view)
        return self._talked[1]

    def touch_options(self):
        """The scenario's touch types, each with its hours (the client tab and the rules tab pick from them)."""
        lang = self.ctx.lang
        out = []
        for kind in self.session.game.scenario.touch_types:
            name, hours = kind.name.get(lang), general(kind.hours, lang)
            out.append((kind.id, self.t("desk.touch_group", name=name, hours=hours, n=kind.capacity)
                        if kind.capacity > 1 else self.t("desk.touch_single", name=name, hours=hours)))
        return out

    # --- state changes ----------------------------------------------------------------
    def _refresh_month(self) -> None:
        game = self.session.game
        self.agenda.refresh()
        self.clients.refresh()
        self.scorecard = game.scorecard()
        self.prices.refresh()
        self.client.invalidate()
        if self.list.selected is None and len(self.table.index):
            self.list.select_position(0)
        self.say("")
        cad = self.session.last_cadence
        if cad.added or cad.no_hours:
            self.say(self.t("desk.cadence_done", n=cad.added, skipped=cad.no_hours), "good")
        if hasattr(self, "guide"):
            self.guide.month_played()
        news = next((item for item in self.agenda.current()
                     if item.code in ("market", "news") and item.numbers.get("new")), None)
        if news is not None:  # an event began this month: a banner, and the agenda's first item
            self.say(self.agenda.advice(self.agenda.current().index(news)), "warn")

    def on_select(self, client: int) -> None:
        """A row of the list was selected."""
        self.client.invalidate()

    def show_client(self, client: int) -> None:
        """Open ``client`` on the client tab, selected and scrolled into view (from the month report's inbox);
        when the filters or the search hide it, they are cleared first."""
        self.clients.reveal(client)
        self.set_tab("client")
        self.list.select_position(int(np.flatnonzero(self.table.index == client)[0]))
        self.form.set_focus(self.list)

    def _is_tab(self, name: str) -> Callable[[], bool]:
        """A check that the tab ``name`` is the one shown (a tab button's ``selected``)."""
        return lambda: self.tab == name

    def set_tab(self, name: str) -> None:
        """Show the client card, the prices or the cadence rules."""
        self.tab = name
        self.layout(self.size)

    def say(self, text: str, style: str = "muted") -> None:
        """A one-line message under the list."""
        self.message, self.message_style = text, style

    def ask_end_month(self) -> None:
        """End the month, asking first when hours are left unused."""
        error = self.session.check()
        if error is not None:
            self.say(self.t("desk.plan_error", message=error.message), "bad")
            return
        left = self.session.draft.hours_left()
        if left > 0.01:
            self.app.open("confirm", self.t("desk.confirm_end", hours=general(left, self.ctx.lang)), self.end_month,
                          yes_key="desk.end_anyway", no_key="desk.keep_planning")
        else:
            self.end_month()

    def end_month(self) -> None:
        """Play the month, autosave, show the report. In a team (``join --team``) the plan goes to the team as this
        player's proposal first, and the month goes on with the plan the team chooses (scene ``team_choice``; a
        team's month asks no prediction: the plan played may be another member's). Alone, the month's prediction
        question comes first, if the engine flags one (skippable). In a rounds session the plan goes to the
        trainer's server, the month plays when the trainer closes it and its report shows when the trainer
        reveals it."""
        seat = team_seat(self.ctx, self.session.player)
        if seat is not None:
            self.app.open("team_choice", seat, self.session.game.as_recorded(self.session.draft.to_plan()),
                          self.play_plan)
            return
        question = self.session.prediction_question() if self.ctx.settings.questions else None
        if question is not None:
            self.app.open("predict", question, self.hand_in)
            return
        self.hand_in()

    def hand_in(self) -> None:
        """Hand this desk's own plan in (see :meth:`play_plan`)."""
        self.play_plan(None)

    def play_plan(self, plan: MonthPlan | None) -> None:
        """End the month with ``plan`` (a team's chosen one; None: this desk's draft): at once, or in a rounds
        session when the trainer closes it."""
        lock = self._lockstep()
        if lock is None:
            self._play_month(plan)
            self._show_report(self.app.open)
            return
        month = self.session.game.month + 1
        lock.send(month, plan if plan is not None else self.session.game.as_recorded(self.session.draft.to_plan()))
        self.app.open("round_wait", "resolve", month, on_resolved=lambda: self._play_month(plan),
                      on_shown=lambda: self._show_report(self.app.switch), practice=self._in_practice())

    def _play_month(self, plan: MonthPlan | None = None) -> None:
        self.session.end_month(plan)
        self.autosave()
        self._refresh_month()

    def _show_report(self, show: Callable) -> None:
        """The report of the month just played, opened with ``show`` (``app.open``, or ``app.switch`` in place of
        the waiting screen)."""
        reports = self.session.game.reports
        previous = reports[-2] if len(reports) >= 2 else None
        jump = None if self.session.game.finished else self.show_client
        # The prediction asked before the month, beside what happened (the report opens on it).
        show("month_report", reports[-1], previous, show_client=jump,
             prediction=self.session.predicted.get(reports[-1].month))

    def _lockstep(self) -> Lockstep | None:
        """The rounds session this game plays in lockstep with, or None (solo play, another game, alone)."""
        lock, game = self.ctx.rounds, self.session.game
        if lock is None or not lock.applies_to(game.scenario.id, game.seed):
            return None
        return lock

    def _in_practice(self) -> bool:
        """Whether this desk plays the room's practice round (a throw-away game on the practice seed)."""
        lock = self.ctx.rounds
        return lock is not None and self.session.game.seed != lock.seed

    def next_step(self) -> str:
        """What the round lets this game do now: ``plan`` (its next month is open), ``practice`` (start the room's
        practice round), ``real`` (the practice is over: back to the real game), or ``wait``."""
        lock, game = self.ctx.rounds, self.session.game
        view = lock.view if lock is not None else None
        if view is None:
            return "wait"
        practising = self._in_practice()
        if practising and not view.practice:
            return "real"
        if not practising and view.practice:
            return "practice" if game.month == 0 and view.practice_seed is not None and view.may_plan(1) else "wait"
        return "plan" if view.may_plan(game.month + 1) else "wait"

    def _wait_for_the_month(self) -> None:
        """In a rounds session, the next month starts when the trainer opens it (with the trainer's events); the
        room's practice round is played on a throw-away game and the real one starts afresh after it."""
        lock = self._lockstep()
        if lock is None or self.session.game.finished:
            return
        lock.start(self.session.player or self.ctx.settings.player)
        step = self.next_step()
        if step == "plan":
            self._take_news(list(lock.view.injected) if lock.view else [])
        elif step == "practice" and lock.view is not None and lock.view.practice_seed is not None:
            lock.practice_seed = lock.view.practice_seed
            self._restart(lock.view.practice_seed, "rounds.wait.practice_start")
        elif step == "real":
            self._restart(lock.seed, "rounds.wait.practice_done")
        else:  # it steps aside when the round moves; then this desk resumes and looks again
            self.app.open("round_wait", "open", self.session.game.month + 1, ready=lambda: self.next_step() != "wait",
                          practice=self._in_practice())

    def _restart(self, seed: int, note: str) -> None:
        """A fresh game of this scenario on ``seed`` (the practice's, or the real one after it), on a fresh desk."""
        old = self.session
        self.ctx.session = GameSession(old.scenario, old.scenario_path, seed, old.player, old.group, rules=old.rules)
        fresh = self.app.make("desk")
        fresh.say(self.t(note), "warn")
        self.app.replace(fresh)

    def _take_news(self, events: list) -> None:
        """Take in the trainer's injected events the game does not have yet: the game is replayed with them and the
        desk is built afresh for the month (its screens read the new game)."""
        news = [e for e in events if e not in self.session.game.injected]
        if not news:
            return
        self.session.inject(news)
        self.autosave()
        fresh = self.app.make("desk")
        fresh.say(self.t("rounds.wait.news", title=" · ".join(e.title.get(self.ctx.lang) for e in news)), "warn")
        self.app.replace(fresh)  # this desk, for one built on the game with the events

    def enter(self) -> None:
        self._wait_for_the_month()

    def autosave(self) -> None:
        """Write the game so far to the saves folder (a failure is shown, never fatal)."""
        reason = self.ctx.autosave()
        if reason is not None:
            self.say(self.t("desk.autosave_failed", reason=reason), "bad")

    def resume(self) -> None:
        if self.session.game.finished:
            self.app.switch("debrief")
            return
        self.table.set_language(self.ctx.lang)
        if not self.app.is_open("round_wait"):
            self._wait_for_the_month()

    def back(self) -> None:
        self.app.open("confirm", self.t("desk.confirm_leave"), lambda: self.app.pop_to("menu"), safe_default=True)

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
        self.client.update()
        self.agenda.update()
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
        cap = self.session.draft.capacity_hours  # the widest the gauge's text gets: "999.75 of 1000"
        hours_w = max(int(300 * th.scale), widest(th, [self.t("desk.hours", left=f"{cap:g}.75", total=f"{cap:g}")],
                                                  "small", bold=True))
        self.hours.rect = pygame.Rect(self.end_btn.rect.x - gap * 2 - hours_w, pad + 4, hours_w, bh)
        self.title_w = self.hours.rect.x - 3 * pad
        # Row 2: KPI chips.
        chip_y = self.top_h
        chip_h = th.line_height("small") + th.line_height("body") + 8
        chip_w = (W - 2 * pad - gap * (len(self.chips) - 1)) // len(self.chips)
        for k, chip in enumerate(self.chips):
            chip.rect = pygame.Rect(pad + k * (chip_w + gap), chip_y, chip_w, chip_h)
        agenda_h = max(bh - 4, th.line_height("small") + 8)
        avail = W - 3 * pad
        # The list takes 57% of the width, more (up to two thirds) when its names and numbers need it.
        left_w = max(int(avail * 0.57), min(self.clients.need(), avail * 2 // 3))
        right_x = pad * 2 + left_w
        right_w = W - right_x - pad
        agenda_y = chip_y + chip_h + gap
        # The agenda spans the window; when the window is short for the text (the largest text sizes), it sits over
        # the list only, so the client's card keeps its room.
        wide = H - agenda_y - agenda_h >= 24 * th.line_height("small")
        self.agenda.layout(pygame.Rect(pad, agenda_y, W - 2 * pad if wide else left_w, agenda_h))
        list_y = agenda_y + agenda_h + gap
        body_y = list_y if wide else agenda_y
        self.clients.layout(pygame.Rect(pad, list_y, left_w, H - list_y - pad))
        # Right: the tabs, then the panel of the current tab.
        tab_w = (right_w - 2 * gap) // 3
        for k, b in enumerate(self.tabs):
            b.rect = pygame.Rect(right_x + k * (tab_w + gap), body_y, tab_w, bh)
        panel_y = body_y + bh + gap
        self.panel_rect = pygame.Rect(right_x, panel_y, right_w, H - panel_y - pad)
        for name, panel in self.panels.items():
            panel.show(name == self.tab)
        self.panels[self.tab].layout(self.panel_rect)
        self.guide.layout()

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
        self.panels[self.tab].draw(surface)
        self.clients.draw(surface)
        self.agenda.draw(surface)
        self.form.draw(surface)
        self.guide.draw(surface)
        self.form.draw_tooltip(surface)
