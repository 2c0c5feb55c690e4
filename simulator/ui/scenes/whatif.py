"""What-if from any month: keep a game's first k months, let a reference strategy (or the player, at the desk)
play on with the same luck, and compare the two runs side by side — score, KPIs, what was done differently,
and month-by-month charts. A branch can be saved as a replay that records its parent and fork month."""
from __future__ import annotations

import pygame

from ...engine import SOLD_OFFER, Game, play_breakdown, replay
from ...store.entries import branch_replay, decisions_key, utc_now
from ...store.replay import Branch, Replay
from ...strategies import STRATEGIES
from ...strategies.whatif import fork
from ...store.saves import GameSession
from ..texts import decimal, kpi_change, kpi_name, kpi_value, percent, short_text
from ..widgets import Button, Choice, LineChart, ScrollText, button_row, short_number
from .base import Scene
from .review_text import profile_lines

BY_HAND = "hand"
COMPARED_KPIS = ("gross_profit", "bonus", "net_profit", "revenue", "loyalty", "retention", "repeat_rate",
                 "average_check", "upsell_rate", "active_clients")


def comparison_lines(ctx, original: Game, branch: Game, from_month: int) -> list[tuple[str, str]]:
    """Score, KPIs and what the branch did differently, each as original → branch (all from the engine)."""
    t, lang = ctx.t, ctx.lang
    cur = original.scenario.desk.currency
    a, b = original.result(), branch.result()
    lines = [(t("whatif.score", a=decimal(a.score, 1, lang), b=decimal(b.score, 1, lang),
                change=decimal(b.score - a.score, 1, lang, sign=True)),
              "good" if b.score > a.score + 1e-9 else "bad" if b.score < a.score - 1e-9 else "body"),
             (t("whatif.kpis"), "h")]
    for kpi in COMPARED_KPIS:
        va, vb = a.kpis[kpi], b.kpis[kpi]
        style = "good" if vb > va + 1e-9 else "bad" if vb < va - 1e-9 else "body"
        lines.append((t("whatif.kpi_line", kpi=kpi_name(kpi, lang), a=kpi_value(kpi, va, cur, lang),
                        b=kpi_value(kpi, vb, cur, lang), change=kpi_change(kpi, vb - va, cur, lang)), style))
    lines.append((t("whatif.diff", k=from_month), "h"))
    lines += profile_lines(t, lang, original, branch, "whatif.diff")
    return lines + difference_lines(ctx, original, branch, from_month)


def _pairs(a: dict, b: dict, order) -> list:
    """(key, a, b) for each key of ``order`` either run has, where the two differ."""
    return [(k, a.get(k, 0), b.get(k, 0)) for k in order if a.get(k, 0) != b.get(k, 0)]


def difference_lines(ctx, original: Game, branch: Game, from_month: int) -> list[tuple[str, str]]:
    """Where the branch's play differed after the fork month, by channel, reason and product (the engine's counts)."""
    t, lang = ctx.t, ctx.lang
    a, b = play_breakdown(original, from_month + 1), play_breakdown(branch, from_month + 1)
    s = original.scenario
    lines: list[tuple[str, str]] = []
    kinds = [(k, x, y) for k, x, y in _pairs(a.touches_by_kind, b.touches_by_kind, [k.id for k in s.touch_types])]
    if kinds:
        lines.append((t("whatif.by_channel"), "h"))
        names = {k.id: k.name.get(lang) for k in s.touch_types}
        lines += [(t("whatif.pair", what=names[k], a=x, b=y), "body") for k, x, y in kinds]
    topics = _pairs(a.touches_by_reason, b.touches_by_reason, ("product", "event", "none"))
    offers = _pairs(a.offers_by_reason, b.offers_by_reason, sorted(set(a.offers_by_reason) | set(b.offers_by_reason)))
    if topics or offers:
        lines.append((t("whatif.by_reason"), "h"))
        lines += [(t("whatif.pair", what=t(f"whatif.topic_{k}"), a=x, b=y), "body") for k, x, y in topics]
        lines += [(t("whatif.pair", what=t("whatif.offer_reason", reason=short_text(k, lang)), a=x, b=y),
                   "good" if k in SOLD_OFFER else "body") for k, x, y in offers]
    products = [p.id for p in s.products]
    sold = _pairs(a.sold_by_product, b.sold_by_product, products)
    offered = _pairs(a.offered_by_product, b.offered_by_product, products)
    if sold or offered:
        lines.append((t("whatif.by_product"), "h"))
        names = {p.id: p.name.get(lang) for p in s.products}
        lines += [(t("whatif.sold", product=names[k], a=x, b=y), "body") for k, x, y in sold]
        lines += [(t("whatif.offered", product=names[k], a=x, b=y), "body") for k, x, y in offered]
    return lines


class WhatIfScene(Scene):
    """Pick the month and who plays on; Enter plays the branch; the comparison fills the screen."""

    def __init__(self, app, original: Game, player: str = "", group: str = "", branch: Game | None = None,
                 from_month: int | None = None, played_by: str | None = None):
        super().__init__(app)
        self.original, self.player, self.group = original, player, group
        self.branch, self.played_by = branch, played_by
        turns = original.turns
        self.message, self.message_style = "", "muted"
        f, t, lazy = self.form, self.t, self.lazy
        months = lambda: [(k, t("whatif.month_0") if k == 0 else t("whatif.month", k=k))  # noqa: E731
                          for k in range(turns)]
        self.month = f.add(Choice("whatif.month", months, lambda v: self._changed()))
        self.month.select(from_month if from_month is not None else min(3, turns - 1))
        who = lambda: [(name, t(f"strategy.{name}")) for name in STRATEGIES] + [(BY_HAND, t("whatif.by_hand"))]  # noqa: E731
        self.who = f.add(Choice("whatif.who", who, lambda v: self._changed(), prefix=lazy("whatif.who")))
        self.who.select(played_by if played_by is not None else ("balanced" if branch is None else BY_HAND))
        self.run_btn = f.add(Button("whatif.run", lazy("whatif.run"), self.run, primary=True))
        self.page = f.add(ScrollText("whatif.text"))
        self.charts = [
            f.add(LineChart("whatif.chart.gross", lazy("whatif.chart_gross"),
                            lambda: self._series("gross_profit"), fmt=lambda v: short_number(v, self.ctx.lang))),
            f.add(LineChart("whatif.chart.loyalty", lazy("whatif.chart_loyalty"),
                            lambda: self._series("loyalty"), fmt=percent)),
        ]
        self.save_btn = f.add(Button("whatif.save", lazy("whatif.save"), self.save))
        self.save_btn.enabled = lambda: self.branch is not None
        self.back_btn = f.add(Button("whatif.back", lazy("common.back"), self.back))
        self.form.set_focus(self.run_btn if branch is None else self.save_btn)

    # --- state --------------------------------------------------------------------------
    @property
    def from_month(self) -> int:
        """Months kept from the original game."""
        return int(self.month.value)

    def _changed(self) -> None:
        """A new choice: the comparison shown no longer answers it."""
        if self.branch is not None:
            self.branch = None
            self.say("", "muted")
            self._fill()

    def _series(self, kpi: str):
        if self.branch is None:
            return [(self.t("whatif.original"), [m[kpi] for m in self.original.result().months])]
        return [(self.t("whatif.original"), [m[kpi] for m in self.original.result().months]),
                (self.t("whatif.branch"), [m[kpi] for m in self.branch.result().months])]

    def say(self, text: str, style: str = "muted") -> None:
        self.message, self.message_style = text, style

    # --- actions ------------------------------------------------------------------------
    def run(self) -> None:
        """Play the branch: a reference strategy at once; the player at the desk (the original is saved first)."""
        who = self.who.value
        if who == BY_HAND:
            self.play_by_hand()
            return
        self.branch = fork(self.original.scenario, self.original.seed, list(self.original.plans), self.from_month,
                           STRATEGIES[who])
        self.played_by = who
        self._fill()
        self.form.set_focus(self.save_btn)

    def _parent_replay(self) -> Replay:
        return Replay.from_game(self.original, self.player, self.group)

    def _branch_info(self, played_by: str | None) -> Branch:
        parent = self._parent_replay()
        return Branch(decisions_key(parent, self.original.result().score), self.from_month, played_by)

    def play_by_hand(self) -> None:
        """Keep the original as a replay file (the autosave will hold the branch), then open the desk at the fork."""
        session = self.ctx.session
        if not self._save(self._parent_replay(), "original"):
            return
        game = replay(self.original.scenario, self.original.seed, list(self.original.plans[:self.from_month]))
        self.ctx.session = GameSession(self.original.scenario, session.scenario_path if session else None,
                                       self.original.seed, self.player, self.group,
                                       rules=session.rules if session else None, game=game,
                                       branch=self._branch_info(None), parent=self.original)
        self.app.switch("desk")

    def save(self) -> None:
        """Write the branch as a replay file in the replays folder."""
        if self.branch is None:
            return
        rep = branch_replay(self._parent_replay(), self.original.result().score, self.branch, self.from_month,
                            self.played_by, finished_at=utc_now())
        self._save(rep, f"whatif-m{self.from_month}-{self.played_by or BY_HAND}")

    def _save(self, rep: Replay, what: str) -> bool:
        try:
            path = rep.save_in(self.ctx.replays_dir, what)
        except OSError as exc:
            self.say(self.t("whatif.save_failed", reason=exc.strerror or str(exc)), "bad")
            return False
        self.saved_path = path
        self.say(self.t("whatif.saved", file=path.name, folder=str(path.parent)), "good")
        return True

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) \
                and self.form.focus in (self.month, self.who):
            self.run()
            return True
        return super().handle_event(event)

    # --- layout and drawing ---------------------------------------------------------------
    def _fill(self) -> None:
        if self.branch is None:
            self.page.set_lines([(self.t("whatif.pick"), "body"), (self.t("whatif.same_luck"), "muted")])
        else:
            self.page.set_lines(comparison_lines(self.ctx, self.original, self.branch, self.from_month))

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        W, H = size
        pad, gap, bh, top = self.page_metrics()
        left_w = int((W - 2 * pad - gap) * 0.5)
        row_w = W - 2 * pad - 2 * gap
        x = pad
        for widget, share in ((self.month, 0.3), (self.who, 0.4), (self.run_btn, 0.3)):
            w = int(row_w * share)
            widget.rect = pygame.Rect(x, top, w, bh)
            x += w + gap
        body_top = top + bh + gap
        msg_h = 2 * th.line_height("small")
        body_h = H - body_top - bh - msg_h - 2 * gap - pad
        self.page.rect = pygame.Rect(pad, body_top, left_w, body_h)
        cx = pad + left_w + gap
        ch = (body_h - gap) // 2
        for k, chart in enumerate(self.charts):
            chart.rect = pygame.Rect(cx, body_top + k * (ch + gap), W - pad - cx, ch)
        self.msg_y = body_top + body_h + gap
        button_row([self.save_btn, self.back_btn], pad, H - pad - bh, left_w, bh, gap, th)
        self._fill()

    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        title = self.t("whatif.title", scenario=self.original.scenario.title.get(self.ctx.lang))
        self.title_bar(surface, title, self.t("whatif.subtitle", seed=self.original.seed))
        if self.message:
            width = self.size[0] - 2 * self.page.rect.x
            th.draw_wrapped(surface, self.message, pygame.Rect(self.page.rect.x, self.msg_y, width,
                            2 * th.line_height("small")), "small", th.c(self.message_style), max_lines=2)
        self.draw_widgets(surface)

