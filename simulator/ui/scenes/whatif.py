"""What-if from any month: keep a game's first k months, let a reference strategy (or the player, at the desk)
play on with the same luck, and compare the two runs side by side — score, KPIs, what was done differently,
and month-by-month charts. A branch can be saved as a replay that records its parent and fork month.

Playing the branch (and replaying the kept months before the desk opens) runs off the frame thread as a job
(:mod:`simulator.ui.jobs`): the screen shows "4 of 12 months", Esc stops it with nothing changed, and the
result is taken in on the frame thread."""
from __future__ import annotations

import pygame

from ...engine import SOLD_OFFER, Game, play_breakdown
from ...store.entries import branch_replay, decisions_key, utc_now
from ...store.replay import Branch, Replay
from ...store.saves import GameSession
from ...strategies import STRATEGIES
from ...strategies.whatif import fork, replay_months
from ..jobs import Job, Progress
from ..texts import decimal, kpi_change, kpi_name, kpi_value, number, percent, short_text
from ..widgets import Button, Choice, LineChart, ScrollText, Shortcut, button_row, short_number
from .base import Scene
from .progress_note import draw_progress
from .review_text import profile_lines

BY_HAND = "hand"
COMPARED_KPIS = ("gross_profit", "bonus", "net_profit", "revenue", "loyalty", "renewal_rate", "retention", "repeat_rate",
                 "average_check", "upsell_rate", "active_clients")


def score_line(ctx, original: Game, branch: Game) -> tuple[str, str]:
    """The score of both runs and the change, coloured by which is better."""
    lang = ctx.lang
    a, b = original.result().score, branch.result().score
    return (ctx.t("whatif.score", a=decimal(a, 1, lang), b=decimal(b, 1, lang), change=decimal(b - a, 1, lang, sign=True)),
            "good" if b > a + 1e-9 else "bad" if b < a - 1e-9 else "body")


def comparison_lines(ctx, original: Game, branch: Game, from_month: int) -> list[tuple[str, str]]:
    """The comparison's first screen: the score, where the play differed most (the top line of each part of the
    breakdown), the KPIs and what the branch did differently, each as original → branch (all from the engine)."""
    t, lang = ctx.t, ctx.lang
    cur = original.scenario.desk.currency
    a, b = original.result(), branch.result()
    lines = [score_line(ctx, original, branch)]
    glance = []
    for part, _, rows in breakdown_sections(ctx, original, branch, from_month):
        text, style, _ = max(rows, key=lambda row: row[2])  # the part's biggest difference (the first of equals)
        glance.append((t("whatif.glance_line", part=t(part), line=text), style))
    if glance:
        lines += [(t("whatif.glance", k=from_month), "h"), *glance]
    lines.append((t("whatif.kpis"), "h"))
    for kpi in COMPARED_KPIS:
        va, vb = a.kpis[kpi], b.kpis[kpi]
        style = "good" if vb > va + 1e-9 else "bad" if vb < va - 1e-9 else "body"
        lines.append((t("whatif.kpi_line", kpi=kpi_name(kpi, lang), a=kpi_value(kpi, va, cur, lang),
                        b=kpi_value(kpi, vb, cur, lang), change=kpi_change(kpi, vb - va, cur, lang)), style))
    lines.append((t("whatif.diff", k=from_month), "h"))
    return lines + profile_lines(t, lang, original, branch, "whatif.diff")


def breakdown_lines(ctx, original: Game, branch: Game, from_month: int) -> list[tuple[str, str]]:
    """The breakdown's page: the score, then every difference by channel, reason and product."""
    lines = [score_line(ctx, original, branch), (ctx.t("whatif.breakdown_head", k=from_month), "h")]
    sections = breakdown_sections(ctx, original, branch, from_month)
    if not sections:
        return lines + [(ctx.t("whatif.no_difference", k=from_month), "muted")]
    for _, heading, rows in sections:
        lines.append((heading, "h"))
        lines += [(text, style) for text, style, _ in rows]
    return lines


def _pairs(a: dict, b: dict, order) -> list:
    """(key, a, b) for each key of ``order`` either run has, where the two differ."""
    return [(k, a.get(k, 0), b.get(k, 0)) for k in order if a.get(k, 0) != b.get(k, 0)]


Section = tuple[str, str, list[tuple[str, str, int]]]


def breakdown_sections(ctx, original: Game, branch: Game, from_month: int) -> list[Section]:
    """Where the branch's play differed after the fork month (the engine's counts), as (part, heading, rows) for the
    parts that differ (channel, reason, product; ``part`` the locale key of its short name); each row is (text,
    style, size of the difference)."""
    t, lang = ctx.t, ctx.lang
    a, b = play_breakdown(original, from_month + 1), play_breakdown(branch, from_month + 1)
    s = original.scenario
    n = lambda v: number(v, lang)  # noqa: E731
    sections: list[Section] = []
    kinds = _pairs(a.touches_by_kind, b.touches_by_kind, [k.id for k in s.touch_types])
    if kinds:
        names = {k.id: k.name.get(lang) for k in s.touch_types}
        sections.append(("whatif.part_channel", t("whatif.by_channel"),
                         [(t("whatif.pair", what=names[k], a=n(x), b=n(y)), "body", abs(y - x)) for k, x, y in kinds]))
    topics = _pairs(a.touches_by_reason, b.touches_by_reason, ("product", "event", "none"))
    offers = _pairs(a.offers_by_reason, b.offers_by_reason, sorted(set(a.offers_by_reason) | set(b.offers_by_reason)))
    if topics or offers:
        rows = [(t("whatif.pair", what=t(f"whatif.topic_{k}"), a=n(x), b=n(y)), "body", abs(y - x))
                for k, x, y in topics]
        rows += [(t("whatif.pair", what=t("whatif.offer_reason", reason=short_text(k, lang)), a=n(x), b=n(y)),
                  "good" if k in SOLD_OFFER else "body", abs(y - x)) for k, x, y in offers]
        sections.append(("whatif.part_reason", t("whatif.by_reason"), rows))
    products = [p.id for p in s.products]
    sold = _pairs(a.sold_by_product, b.sold_by_product, products)
    offered = _pairs(a.offered_by_product, b.offered_by_product, products)
    if sold or offered:
        names = {p.id: p.name.get(lang) for p in s.products}
        rows = [(t("whatif.sold", product=names[k], a=n(x), b=n(y)), "body", abs(y - x)) for k, x, y in sold]
        rows += [(t("whatif.offered", product=names[k], a=n(x), b=n(y)), "body", abs(y - x)) for k, x, y in offered]
        sections.append(("whatif.part_product", t("whatif.by_product"), rows))
    return sections


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
        self.breakdown = False  # the page shows the breakdown by channel, reason and product instead of the summary
        self.breakdown_btn = f.add(Button(
            "whatif.breakdown", lambda: t("whatif.show_summary" if self.breakdown else "whatif.show_breakdown"),
            self.toggle_breakdown, tooltip=lazy("whatif.breakdown_tip")))
        self.breakdown_btn.enabled = lambda: self.branch is not None
        self.breakdown_btn.shortcut = Shortcut(pygame.K_b)
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
    @property
    def job(self) -> Job | None:
        """The branch being played off the frame thread, or None."""
        return self.app.jobs.of(self)

    def _play_off_frame(self, title: str, total: int, work, done, **title_args) -> None:
        """Run ``work(progress)`` on a worker thread (``total`` months, ``title`` a locale key for the progress
        note); ``done(game)`` then runs on the frame thread; Esc stops it and leaves the screen as it was."""
        progress = Progress()
        progress.total = total
        self.say("", "muted")
        self.app.jobs.start(Job(title, work, done, failed=self._failed, cancelled=self._stopped, owner=self,
                                progress=progress, title_args=title_args, count="whatif.job_count"))

    def _failed(self, exc: Exception) -> None:
        self.say(self.t("whatif.job_failed", reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__),
                 "bad")

    def _stopped(self) -> None:
        self.say(self.t("whatif.job_stopped"), "muted")

    def run(self) -> None:
        """Play the branch: a reference strategy plays on (off the frame thread); the player at the desk."""
        if self.job is not None:
            return
        who = self.who.value
        if who == BY_HAND:
            self.play_by_hand()
            return
        original, k, strategy = self.original, self.from_month, STRATEGIES[who]
        scenario, seed, plans, injected = original.file_scenario, original.seed, list(original.plans), original.injected

        def work(progress: Progress) -> Game:
            return fork(scenario, seed, plans, k, strategy, on_month=progress.step, injected=injected)

        def done(branch: Game) -> None:
            self.branch, self.played_by = branch, who
            self._fill()
            self.form.set_focus(self.save_btn)
        title = "whatif.job_run" if k else "whatif.job_run_0"
        self._play_off_frame(title, original.turns, work, done, who=self.t(f"strategy.{who}"), k=k)

    def _parent_replay(self) -> Replay:
        return Replay.from_game(self.original, self.player, self.group)

    def _branch_info(self, played_by: str | None) -> Branch:
        parent = self._parent_replay()
        return Branch(decisions_key(parent, self.original.result().score), self.from_month, played_by)

    def play_by_hand(self) -> None:
        """Replay the kept months (off the frame thread), then keep the original as a replay file (the autosave
        will hold the branch) and open the desk at the fork."""
        original, k = self.original, self.from_month
        scenario, seed, plans = original.file_scenario, original.seed, list(original.plans[:k])
        injected = original.injected
        if not plans:  # from the start: nothing to replay
            self._open_desk(replay_months(scenario, seed, [], injected=injected))
            return
        self._play_off_frame("whatif.job_hand", k,
                             lambda progress: replay_months(scenario, seed, plans, progress.step, injected),
                             self._open_desk, k=k)

    def _open_desk(self, game: Game) -> None:
        session = self.ctx.session
        if not self._save(self._parent_replay(), "original"):
            return
        self.ctx.session = GameSession(self.original.file_scenario, session.scenario_path if session else None,
                                       self.original.seed, self.player, self.group,
                                       rules=session.rules if session else None, game=game,
                                       branch=self._branch_info(None), parent=self.original)
        self.app.switch("desk")

    def toggle_breakdown(self) -> None:
        """Show the whole breakdown by channel, reason and product (or the summary again) from its first line."""
        self.breakdown = not self.breakdown
        self._fill()
        self.page.offset = 0

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
        job = self.job
        if job is not None:  # the window keeps drawing while the branch plays; Esc stops it, the rest waits
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                job.cancel()
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) \
                and self.form.focus in (self.month, self.who):
            self.run()
            return True
        return super().handle_event(event)

    # --- layout and drawing ---------------------------------------------------------------
    def _fill(self) -> None:
        if self.branch is None:
            self.page.set_lines([(self.t("whatif.pick"), "body"), (self.t("whatif.same_luck"), "muted")])
        elif self.breakdown:
            self.page.set_lines(breakdown_lines(self.ctx, self.original, self.branch, self.from_month))
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
        button_row([self.save_btn, self.breakdown_btn, self.back_btn], pad, H - pad - bh, left_w, bh, gap, th)
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
        job = self.job
        if job is not None:
            draw_progress(self, surface, job)

