"""Month report: money and bonus (and how it was computed), deals and offers with reasons, movers, events."""
from __future__ import annotations

import numpy as np
import pygame

from ...engine import MonthReport, describe
from ...engine.reasons import SOLD_OFFER, Reason, cause_text, departure_text, short_text
from ..texts import money, percent
from ..widgets import Button, ScrollText
from .base import Scene
from .desk_card import product_name

LIST_LIMIT = 200  # deals or offers listed one by one; the rest are counted


def _counts(reasons: np.ndarray, lang: str) -> str:
    """'price 12, forgot us 5, won 40': each reason with its count, the most frequent first."""
    codes, counts = np.unique(reasons, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    return ", ".join(f"{short_text(int(codes[k]), lang)} {int(counts[k])}" for k in order)


def report_lines(ctx, report: MonthReport) -> list[tuple[str, str]]:
    """The report page as styled lines."""
    session = ctx.session
    game, lang, t = session.game, ctx.lang, ctx.t
    s, cat = game.scenario, game.catalog
    cur = s.desk.currency
    names = game.clients.names_ru if lang == "ru" else game.clients.names_en
    b = report.books
    m = lambda v: money(v, cur, lang)  # noqa: E731
    lines: list[tuple[str, str]] = [(t("report.money"), "h")]
    lines.append((t("report.books1", revenue=m(b.revenue), cogs=m(b.cost_of_goods), gross=m(b.gross_profit)), "body"))
    lines.append((t("report.books2", touches=m(b.touch_costs), serve=m(b.serve_costs), overheads=m(b.overheads),
                    bad_debt=m(b.bad_debt), net=m(b.net_profit)), "body"))
    lines.append((t("report.bonus_title"), "h"))
    comp = s.compensation
    base_name = t(f"pay.base.{comp.base}")
    if comp.tiers:
        lines.append((t("report.bonus_tiers", base=base_name, value=m(b.bonus_base), bonus=m(b.bonus - b.plan_bonus)),
                      "body"))
    else:
        lines.append((t("report.bonus_rate", base=base_name, value=m(b.bonus_base), rate=f"{comp.rate * 100:g}%",
                        bonus=m(b.bonus - b.plan_bonus)), "body"))
    if comp.plan is not None:
        key = "report.plan_met" if b.plan_bonus else "report.plan_missed"
        lines.append((t(key, target=m(comp.plan.target), bonus=m(comp.plan.bonus)), "good" if b.plan_bonus else "warn"))
    lines.append((t("report.pay", salary=m(b.salary), bonus=m(b.bonus), pay=m(b.pay)), "body"))
    others = ", ".join(f"{t('pay.base.' + base)}: {m(v)}" for base, v in b.bonus_by_base.items())
    lines.append((t("report.other_bases", others=others), "muted"))
    if comp.bonus_corridor is not None and b.outside_corridor > 0:
        lines.append((t("report.corridor", low=percent(comp.bonus_corridor.min), high=percent(comp.bonus_corridor.max),
                        outside=m(b.outside_corridor), full=m(b.bonus_without_corridor or 0.0)), "warn"))
    if report.events:
        lines.append((t("report.events"), "h"))
        for e in s.events:
            if e.id in report.events:
                desc = f" — {e.description.get(lang)}" if e.description else ""
                lines.append(("★ " + e.title.get(lang) + desc, "warn"))
    lines.append((t("report.touches", touches=report.touches, useful=report.useful_touches,
                    hours=f"{report.hours_used:g}"), "body"))
    won = report.deals_won
    lines.append((t("report.deals", won=int(won.sum()), lost=int((~won).sum())), "h"))
    if report.deal_reason.size:
        lines.append((t("report.by_reason", reasons=_counts(report.deal_reason, lang)), "muted"))
    order = np.concatenate([np.flatnonzero(~won), np.flatnonzero(won)])  # what went wrong first
    for k, i in enumerate(order):
        if k >= LIST_LIMIT:
            lines.append((t("report.more", n=len(order) - LIST_LIMIT), "muted"))
            break
        c = int(report.deal_client[i])
        reason = int(report.deal_reason[i])
        text = describe(reason, lang, gap=float(report.deal_gap[i]), silence=int(report.silence[c]))
        product = product_name(game, cat.product_ids[int(report.deal_product[i])], lang)
        lines.append((t("report.deal", client=names[c], product=product, price=m(float(report.deal_price[i])),
                        reason=text), "good" if reason in (Reason.WON, Reason.WON_RENEWAL) else "bad"))
    accepted = report.offers_accepted
    lines.append((t("report.offers", accepted=int(accepted.sum()), refused=int((~accepted).sum())), "h"))
    if report.offer_reason.size:
        lines.append((t("report.by_reason", reasons=_counts(report.offer_reason, lang)), "muted"))
    order = np.concatenate([np.flatnonzero(~accepted), np.flatnonzero(accepted)])
    for k, i in enumerate(order):
        if k >= LIST_LIMIT:
            lines.append((t("report.more", n=len(order) - LIST_LIMIT), "muted"))
            break
        c, p = int(report.offer_client[i]), int(report.offer_product[i])
        reason = int(report.offer_reason[i])
        required = ", ".join(product_name(game, cat.product_ids[j], lang) for j in np.flatnonzero(cat.requires[p]))
        gap = float(report.offer_gap[i])
        text = describe(reason, lang, gap=gap, requires=required or "?")
        lines.append((t("report.offer", client=names[c], product=product_name(game, cat.product_ids[p], lang),
                        reason=text), "good" if reason in SOLD_OFFER else "warn"))
    change = report.loyalty_change
    if change.size:
        lines.append((t("report.movers"), "h"))
        by_cause = [(cause_text(k, lang), v) for k, v in enumerate(report.loyalty_by_cause) if abs(v) >= 0.0005]
        by_cause.sort(key=lambda item: -abs(item[1]))
        if by_cause:
            causes = ", ".join(f"{v * 100:+.1f} {name}".replace(".", "," if lang == "ru" else ".") for name, v in by_cause)
            lines.append((t("report.by_cause", causes=causes), "muted"))
        up = np.argsort(-change, kind="stable")[:5]
        down = np.argsort(change, kind="stable")[:5]
        for c in up:
            if change[c] > 0.005:
                lines.append((t("report.mover", client=names[c], delta=f"+{change[c] * 100:.0f}",
                                cause=cause_text(report.loyalty_cause[c], lang)), "good"))
        for c in down:
            if change[c] < -0.005:
                lines.append((t("report.mover", client=names[c], delta=f"{change[c] * 100:.0f}",
                                cause=cause_text(report.loyalty_cause[c], lang)), "bad"))
    for why in np.unique(report.churn_reason):
        clients = report.churned[report.churn_reason == why]
        shown = ", ".join(names[int(c)] for c in clients[:12])
        more = t("report.and_more", n=clients.size - 12) if clients.size > 12 else ""
        lines.append((t("report.churned_why", reason=departure_text(why, lang), n=clients.size, clients=shown + more),
                      "bad"))
    for key, clients, style in (("report.won_back", report.won_back, "good"), ("report.revealed", report.revealed, "body")):
        if clients.size:
            shown = ", ".join(names[int(c)] for c in clients[:12])
            more = t("report.and_more", n=clients.size - 12) if clients.size > 12 else ""
            lines.append((t(key, n=clients.size, clients=shown + more), style))
    lines.append((t("report.kpis", loyalty=percent(report.kpis["loyalty"]), retention=percent(report.kpis["retention"]),
                    active=report.kpis["active_clients"]), "muted"))
    return lines


class MonthReportScene(Scene):
    """What the month brought; Enter goes on."""

    def __init__(self, app, report: MonthReport):
        super().__init__(app)
        self.report = report
        self.page = self.form.add(ScrollText("report.text"))
        self.next_btn = self.form.add(Button("report.continue", self._label, self.go_on, primary=True))
        self.form.set_focus(self.next_btn)

    def _label(self) -> str:
        return self.t("report.to_debrief") if self.ctx.session.game.finished else self.t("report.next_month")

    def go_on(self) -> None:
        """Back to the desk for the next month (the desk moves on to the debrief after the last)."""
        self.app.pop()

    def back(self) -> None:
        self.go_on()

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.go_on()
            return True
        return super().handle_event(event)

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, bh = th.m("padding") * 2, th.m("button_height")
        top = pad + th.line_height("title") + th.line_height("body") + th.m("gap")
        self.page.rect = pygame.Rect(pad, top, size[0] - 2 * pad, size[1] - top - bh - 3 * pad)
        bw = int(380 * th.scale)
        self.next_btn.rect = pygame.Rect(size[0] - pad - bw, size[1] - pad - bh, bw, bh)
        self.page.set_lines(report_lines(self.ctx, self.report))

    def draw(self, surface) -> None:
        surface.fill(self.theme.c("background"))
        game = self.ctx.session.game
        b = self.report.books
        cur = game.scenario.desk.currency
        sub = self.t("report.subtitle", bonus=money(b.bonus, cur, self.ctx.lang),
                     gross=money(b.gross_profit, cur, self.ctx.lang))
        self.title_bar(surface, self.t("report.title", month=self.report.month, turns=game.turns), sub)
        self.draw_widgets(surface)
