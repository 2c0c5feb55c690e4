"""Month report as an inbox: the month's KPIs against last month (counting up), then headline cards —
pay and its arithmetic, deals, offers, departures, loyalty by cause, needs revealed — each opening into
its reasons and the clients behind them; a client opens on the desk. Every number comes from the
engine's report (:func:`~simulator.engine.inbox.month_inbox`); nothing here recomputes a rule."""
from __future__ import annotations

import numpy as np
import pygame

from ...engine import InboxCard, InboxGroup, MonthReport, TalkResult, kpi_deltas, month_inbox
from ..texts import (
    MONEY_KPIS,
    cause_text,
    decimal,
    departure_text,
    describe,
    general,
    kpi_change,
    kpi_name,
    kpi_value,
    money,
    money_short,
    number,
    percent,
    short_text,
    shows_no_change,
)
from ..widgets import Button, ScrollText, label_width
from ..widgets.inbox_list import InboxList, InboxRow
from .base import Scene
from .desk_card import product_name
from .learning_text import prediction_lines
from .talk_text import numbers_lines, outcome_lines, touch_title

GROUP_LIMIT = 300      # clients listed one by one under a reason; the rest are counted
COUNT_UP_MS = 900      # the month-end KPIs count up from last month's values
COUNT_KPIS = ("deals_won", "active_clients")


def bonus_lines(ctx, report: MonthReport) -> list[tuple[str, str]]:
    """The pay card's content: the bonus and how it was computed, the books, the month's events and touches."""
    game, lang, t = ctx.session.game, ctx.lang, ctx.t
    s, b = game.scenario, report.books
    m = lambda v: money(v, s.desk.currency, lang)  # noqa: E731
    comp = s.compensation
    base_name = t(f"pay.base.{comp.base}")
    lines: list[tuple[str, str]] = []
    if comp.tiers:
        lines.append((t("report.bonus_tiers", base=base_name, value=m(b.bonus_base), bonus=m(b.bonus - b.plan_bonus)),
                      "body"))
    else:
        lines.append((t("report.bonus_rate", base=base_name, value=m(b.bonus_base), rate=general(comp.rate * 100, lang) + "%",
                        bonus=m(b.bonus - b.plan_bonus)), "body"))
    if comp.plan is not None:
        key = "report.plan_met" if b.plan_bonus else "report.plan_missed"
        lines.append((t(key, target=m(comp.plan.target), bonus=m(comp.plan.bonus)), "good" if b.plan_bonus else "warn"))
    if comp.bonus_corridor is not None and b.outside_corridor > 0:
        lines.append((t("report.corridor", low=percent(comp.bonus_corridor.min), high=percent(comp.bonus_corridor.max),
                        outside=m(b.outside_corridor), full=m(b.bonus_without_corridor or 0.0)), "warn"))
    lines.append((t("report.pay", salary=m(b.salary), bonus=m(b.bonus), pay=m(b.pay)), "body"))
    others = ", ".join(f"{t('pay.base.' + base)}: {m(v)}" for base, v in b.bonus_by_base.items())
    lines.append((t("report.other_bases", others=others), "muted"))
    lines.append((t("report.books1", revenue=m(b.revenue), cogs=m(b.cost_of_goods), gross=m(b.gross_profit)), "body"))
    lines.append((t("report.books2", touches=m(b.touch_costs), serve=m(b.serve_costs), overheads=m(b.overheads),
                    bad_debt=m(b.bad_debt), net=m(b.net_profit)), "body"))
    lines.append((t("report.touches", touches=report.touches, useful=report.useful_touches,
                    hours=general(report.hours_used, lang)), "body"))
    for e in s.events:
        if e.id in report.events:
            desc = f" — {e.description.get(lang)}" if e.description else ""
            lines.append(("★ " + e.title.get(lang) + desc, "warn"))
    return lines


class ReportInbox:
    """The inbox's rows for one report: which cards and reasons are open, and each row's words."""

    def __init__(self, ctx, report: MonthReport):
        self.ctx, self.report = ctx, report
        self.cards = month_inbox(report)
        self.open: set[str] = set()
        self._cache: tuple | None = None

    def toggle(self, key: str) -> None:
        """Open or close a card or a reason."""
        self.open.symmetric_difference_update({key})
        self._cache = None

    def rows(self) -> list[InboxRow]:
        """The rows to show now (rebuilt only when something opens or the language changes)."""
        key = (frozenset(self.open), self.ctx.lang)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._build())
        return self._cache[1]

    # --- words ----------------------------------------------------------------------
    def _names(self):
        clients = self.ctx.session.game.clients
        return clients.names_in(self.ctx.lang)

    def card_title(self, card: InboxCard) -> tuple[str, str]:
        """(text, count) of a card's headline."""
        t, lang, b = self.ctx.t, self.ctx.lang, self.report.books
        cur = self.ctx.session.game.scenario.desk.currency
        if card.kind == "bonus":
            return t("inbox.bonus", bonus=money(b.bonus, cur, lang)), money(b.pay, cur, lang)
        if card.kind in ("deals", "offers"):
            return t(f"inbox.{card.kind}", good=number(card.good, lang), bad=number(card.count - card.good, lang)), ""
        if card.kind == "loyalty":
            return (t("inbox.loyalty", points=decimal(card.points, 1, lang, sign=True)),
                    t("inbox.clients_count", n=number(card.count, lang)))
        if card.kind == "talks":
            return t("inbox.talks", good=card.good), number(card.count, lang)
        return t(f"inbox.{card.kind}"), number(card.count, lang)

    def group_title(self, card: InboxCard, group: InboxGroup) -> tuple[str, str]:
        """(text, count) of a reason's row."""
        lang = self.ctx.lang
        if card.kind == "departures":
            text, count = departure_text(group.code, lang), number(group.rows.size, lang)
        elif card.kind == "loyalty":
            text = cause_text(group.code, lang)
            count = self.ctx.t("inbox.points", points=decimal(group.value, 1, lang, True))
        elif card.kind == "talks":
            text = self.ctx.t(f"inbox.talk.{TalkResult(group.code).name.lower()}")
            count = number(group.rows.size, lang)
        else:
            text, count = short_text(group.code, lang), number(group.rows.size, lang)
        return text[:1].upper() + text[1:], count

    def client_line(self, card: InboxCard, group: InboxGroup, k: int, full: bool = False) -> str:
        """The k-th client under a reason: who and what (``full``: with the reason in words, for the side panel)."""
        r, lang, game = self.report, self.ctx.lang, self.ctx.session.game
        cur, cat = game.scenario.desk.currency, game.view
        row, client = int(group.rows[k]), int(group.clients[k])
        name = self._names()[client]
        if card.kind == "deals":
            product = product_name(game, cat.product_ids[int(r.deal_product[row])], lang)
            price = money(float(r.deal_price[row]), cur, lang)
            if not full:
                return self.ctx.t("inbox.deal_row", client=name, product=product, price=price)
            detail = describe(int(r.deal_reason[row]), lang, gap=float(r.deal_gap[row]), silence=int(r.silence[client]))
            return self.ctx.t("report.deal", client=name, product=product, price=price, reason=detail)
        if card.kind == "offers":
            p = int(r.offer_product[row])
            product = product_name(game, cat.product_ids[p], lang)
            if not full:
                return self.ctx.t("inbox.offer_row", client=name, product=product)
            required = ", ".join(product_name(game, cat.product_ids[j], lang) for j in np.flatnonzero(cat.requires[p]))
            detail = describe(int(r.offer_reason[row]), lang, gap=float(r.offer_gap[row]), requires=required or "?")
            return self.ctx.t("report.offer", client=name, product=product, reason=detail)
        if card.kind == "talks":
            talk = r.conversations[row]
            return self.ctx.t("inbox.talk_row", client=name, touch=touch_title(game, talk.touch, lang),
                              n=len(talk.questions))
        if card.kind == "loyalty":
            return self.ctx.t("inbox.mover", client=name,
                              points=decimal(float(r.loyalty_change[client]) * 100, 1, lang, sign=True))
        return name

    def _build(self) -> list[InboxRow]:
        rows: list[InboxRow] = []
        for card in self.cards:
            ckey = card.kind
            text, count = self.card_title(card)
            opened = ckey in self.open
            # The pay card's arithmetic reads in the side panel (selected when the report opens).
            expandable = card.kind != "bonus"
            rows.append(InboxRow(ckey, 0, text, count, card.tone, expandable=expandable, expanded=opened and expandable))
            if not opened or not expandable:
                continue
            for group in card.groups:
                level = 1
                if group.code >= 0:  # a reason row; plain client lists (needs revealed, won back) have none
                    gkey = f"{ckey}.{group.code}"
                    gtext, gcount = self.group_title(card, group)
                    gopen = gkey in self.open
                    rows.append(InboxRow(gkey, 1, gtext, gcount, "good" if group.good else "bad", expandable=True,
                                         expanded=gopen))
                    if not gopen:
                        continue
                    level = 2
                else:
                    gkey = ckey
                shown = min(group.rows.size, GROUP_LIMIT)
                for k in range(shown):
                    rows.append(InboxRow(f"{gkey}.{k}", level, self.client_line(card, group, k),
                                         client=int(group.clients[k])))
                if group.rows.size > shown:
                    rows.append(InboxRow(f"{gkey}.more", level,
                                         self.ctx.t("report.more", n=number(group.rows.size - shown, self.ctx.lang)),
                                         style="muted"))
        return rows

    def client_story(self, client: int) -> list[tuple[str, str]]:
        """Everything the month did to one client, for the side panel."""
        r, t = self.report, self.ctx.t
        lines: list[tuple[str, str]] = [(self._names()[client], "h")]
        for card in self.cards:
            for group in card.groups:
                if card.kind in ("deals", "offers"):
                    for k in np.flatnonzero(group.clients == client):
                        lines.append((self.client_line(card, group, int(k), full=True),
                                      "good" if group.good else "bad"))
        for talk in r.conversations:
            if talk.client == client:
                lines += outcome_lines(self.ctx.session.game, talk, self.ctx.lang, t)
        change = float(r.loyalty_change[client])
        if abs(change) >= 0.0005:
            cause = int(r.loyalty_cause[client])
            lines.append((t("inbox.story_loyalty", points=decimal(change * 100, 1, self.ctx.lang, sign=True),
                            cause=cause_text(cause, self.ctx.lang) if cause >= 0 else "—"),
                          "good" if change > 0 else "bad"))
        hits = np.flatnonzero(r.churned == client)
        if hits.size:
            lines.append((t("inbox.story_left", reason=departure_text(int(r.churn_reason[hits[0]]), self.ctx.lang)),
                          "bad"))
        if np.any(r.revealed == client):
            lines.append((t("inbox.revealed"), "good"))
        if np.any(r.won_back == client):
            lines.append((t("inbox.won_back"), "good"))
        return lines


class MonthReportScene(Scene):
    """What the month brought. Enter goes on; → or a click opens a card, a reason or a client."""

    def __init__(self, app, report: MonthReport, previous: MonthReport | None = None, show_client=None,
                 prediction=None):
        super().__init__(app)
        self.report = report
        self.prediction = prediction   # the month's checked prediction (store.learning.CheckedPrediction), if any
        self.showing_prediction = prediction is not None
        self.show_client = show_client  # the desk's "open this client" (None after the last month)
        self.inbox = ReportInbox(self.ctx, report)
        self.deltas = kpi_deltas(report, previous)
        self.count_up = 0 if self.ctx.motion and previous is not None else COUNT_UP_MS
        self.detail_note = ""
        self.list = self.form.add(InboxList("report.inbox", self.inbox.rows, self.open_row, self._selected))
        self.detail = self.form.add(ScrollText("report.detail"))
        self.next_btn = self.form.add(Button("report.continue", self._label, self.go_on, primary=True))
        self.prediction_btn = None
        if prediction is not None:
            self.prediction_btn = self.form.add(Button("report.prediction", self.lazy("predict.report.title"),
                                                       self.show_prediction))
        self.form.set_focus(self.list)
        self.list.select(0)

    def _label(self) -> str:
        return self.t("report.to_debrief") if self.ctx.session.game.finished else self.t("report.next_month")

    # --- actions ----------------------------------------------------------------------
    def open_row(self, row: InboxRow) -> None:
        """Open or close a card or a reason; a client row opens that client on the desk."""
        if row.expandable:
            self.inbox.toggle(row.key)
        elif row.client is not None:
            self.open_client(row.client)

    def open_client(self, client: int) -> None:
        """Back to the desk with ``client`` selected (before the last month's debrief there is no desk to go to)."""
        if self.show_client is None:
            self.detail_note = "report.no_desk"
            return
        show = self.show_client
        self.app.pop()
        show(client)

    def show_prediction(self) -> None:
        """The side panel: the prediction asked before the month, the answer, what happened and why."""
        self.showing_prediction = True
        game = self.ctx.session.game
        self.detail.set_lines(prediction_lines(self.t, game, self.prediction, self.ctx.lang))
        self.detail.offset = 0

    def _selected(self, row: InboxRow) -> None:
        if self.showing_prediction and self.prediction is not None:
            # The prediction shows first, until the player picks another row.
            self._first_row = getattr(self, "_first_row", row.key)
            if row.key == self._first_row:
                self.show_prediction()
                return
            self.showing_prediction = False
        self.detail_note = ""
        if row.client is not None:
            lines = self.inbox.client_story(row.client)
            hint = "inbox.open_client" if self.show_client is not None else "report.no_desk"
            self.detail.set_lines(lines + [(self.t(hint), "muted")])
        else:
            kind = row.key.split(".")[0]
            card = next(c for c in self.inbox.cards if c.kind == kind)
            lines = [(self.inbox.card_title(card)[0], "h")]
            if kind == "bonus":
                lines += bonus_lines(self.ctx, self.report)
            if kind == "talks":   # the shares so far in the game: the engine's counts
                lines += [(self.t("talk.so_far"), "h")]
                lines += numbers_lines(self.ctx.session.game.conversation_numbers(), self.ctx.lang, self.t)
            lines += [(self.t(f"inbox.why.{kind}"), "muted"), (self.t("inbox.keys"), "muted")]
            self.detail.set_lines(lines)
        self.detail.offset = 0

    def go_on(self) -> None:
        """Back to the desk for the next month (the desk moves on to the debrief after the last)."""
        self.app.pop()

    def back(self) -> None:
        self.go_on()

    def handle_event(self, event) -> bool:
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN) and self.count_up < COUNT_UP_MS:
            self.count_up = COUNT_UP_MS  # any key or click skips the count-up (and still does its job)
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.go_on()
            return True
        return super().handle_event(event)

    def update(self, dt: int) -> None:
        self.count_up = min(COUNT_UP_MS, self.count_up + dt)

    # --- layout and drawing -------------------------------------------------------------
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        W, H = size
        self.tiles_rect = pygame.Rect(pad, top, W - 2 * pad, 2 * th.line_height("small") + th.line_height("large") + 10)
        body_top = self.tiles_rect.bottom + gap
        body_h = H - body_top - bh - 2 * pad
        left_w = int((W - 2 * pad - gap) * 0.6)
        self.list.rect = pygame.Rect(pad, body_top, left_w, body_h)
        self.detail.rect = pygame.Rect(pad + left_w + gap, body_top, W - 2 * pad - left_w - gap, body_h)
        bw = int(380 * th.scale)
        self.next_btn.rect = pygame.Rect(W - pad - bw, H - pad - bh, bw, bh)
        if self.prediction_btn is not None:
            pw = min(bw, label_width(self.prediction_btn, th) + 2 * gap)
            self.prediction_btn.rect = pygame.Rect(self.next_btn.rect.x - gap - pw, H - pad - bh, pw, bh)
        row = self.list.selected_row()
        if row is not None:
            self._selected(row)

    def shown_value(self, before: float | None, after: float) -> float:
        """A KPI as the count-up shows it now (eased from last month's value to this month's)."""
        if before is None or self.count_up >= COUNT_UP_MS:
            return after
        x = self.count_up / COUNT_UP_MS
        return before + (after - before) * (1 - (1 - x) ** 3)

    def kpi_label(self, kpi: str) -> str:
        """A tile's name: the score's KPI names, or the report's own for counts the score does not use."""
        key = f"report.kpi.{kpi}"
        return self.t(key) if self.ctx.i18n.has(key) else kpi_name(kpi, self.ctx.lang)

    def draw_tiles(self, surface) -> None:
        th, lang = self.theme, self.ctx.lang
        cur = self.ctx.session.game.scenario.desk.currency
        r, gap = self.tiles_rect, th.m("gap")
        w = (r.width - gap * (len(self.deltas) - 1)) // len(self.deltas)
        for k, d in enumerate(self.deltas):
            tile = pygame.Rect(r.x + k * (w + gap), r.y, w, r.height)
            th.panel(surface, tile, "panel_alt")
            x, inner, y = tile.x + 8, tile.width - 16, tile.y + 4
            th.draw_text(surface, self.kpi_label(d.kpi), (x, y), "small", th.c("muted"), max_width=inner)
            y += th.line_height("small")
            value = self.shown_value(d.before, d.after)
            if d.kpi in MONEY_KPIS:
                shown = money_short(value, cur, lang)
            else:
                shown = kpi_value(d.kpi, round(value) if d.kpi in COUNT_KPIS else value, cur, lang)
            th.draw_text(surface, shown, (x, y), "large", bold=True, max_width=inner)
            y += th.line_height("large") + 2
            change = d.change
            if change is None:
                th.draw_text(surface, self.t("report.first_month"), (x, y), "small", th.c("muted"), max_width=inner)
                continue
            shown = kpi_change(d.kpi, change, cur, lang)
            flat = abs(change) < 1e-9 or shows_no_change(shown)   # the arrow agrees with the number shown
            color = th.c("muted") if flat else th.c("good" if change > 0 else "bad")
            arrow = "=" if flat else ("▲" if change > 0 else "▼")
            th.draw_text(surface, self.t("report.vs_last", arrow=arrow, change=shown), (x, y),
                         "small", color, bold=True, max_width=inner)

    def draw(self, surface) -> None:
        surface.fill(self.theme.c("background"))
        game = self.ctx.session.game
        b = self.report.books
        cur = game.scenario.desk.currency
        sub = self.t("report.subtitle", bonus=money(b.bonus, cur, self.ctx.lang),
                     gross=money(b.gross_profit, cur, self.ctx.lang))
        self.title_bar(surface, self.t("report.title", month=self.report.month, turns=game.turns), sub)
        self.draw_tiles(surface)
        th = self.theme
        note = self.t(self.detail_note or "inbox.footer")
        right = (self.prediction_btn or self.next_btn).rect.x
        th.draw_text(surface, note, (self.list.rect.x, self.next_btn.rect.centery - th.line_height("small") // 2),
                     "small", th.c("muted"), max_width=right - self.list.rect.x - th.m("gap"))
        self.draw_widgets(surface)
