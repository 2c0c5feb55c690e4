"""Debrief: the score and its breakdown, KPI charts, the reference strategies on the same seed,
the bonus under the other bases, submission to the leaderboard and a replay file."""
from __future__ import annotations

import pygame

from ...engine import BASES, loyalty_waterfall, takeaways
from ...store.entries import utc_now
from ...strategies import STRATEGIES, play
from ..jobs import Job
from ..texts import cause_text, decimal, general, kpi_name, kpi_value, money, percent
from ..widgets import Button, LineChart, ScrollText, SignedBars, button_row, draw_hbars, short_number
from .base import Scene
from .review_text import profile_lines
from .talk_text import numbers_lines
from .workshop_send import WorkshopSend


def reference_lines(ctx, reference) -> list[tuple[str, str]]:
    """What the balanced reference did differently on the player's seed (``reference``: its finished Game)."""
    t, lang, game = ctx.t, ctx.lang, ctx.session.game
    if reference is None:
        return [(t("debrief.reference"), "h"), (t("debrief.ref_wait"), "muted")]
    return [(t("debrief.reference"), "h")] + profile_lines(t, lang, game, reference, "debrief.ref")


def breakdown_lines(ctx, reference=None) -> list[tuple[str, str]]:
    """Takeaways, what the reference did differently, the score breakdown and the bonus under each base."""
    session = ctx.session
    game, lang, t = session.game, ctx.lang, ctx.t
    cur = game.scenario.desk.currency
    result = game.result()
    lines: list[tuple[str, str]] = []
    found = takeaways(game.reports, game.n_clients)
    if found:  # what to try next time, each tied to a lesson and this game's number (the engine's takeaways)
        lines.append((t("debrief.takeaways", n=len(found)), "h"))
        for k, item in enumerate(found, 1):  # raw numbers: the catalogue writes them the language's way
            key = f"try.{item.code}" if item.numbers.get("points") else f"try.{item.code}_no_points"  # not "−0 points"
            lines.append((f"{k}. " + t(key, **item.numbers), "good" if item.good else "warn"))
    if game.scenario.conversations is not None:   # the talks' share of the needs revealed and of the sales
        lines.append((t("debrief.talks"), "h"))
        lines += numbers_lines(game.conversation_numbers(), lang, t)
    lines += reference_lines(ctx, reference)
    lines.append((t("debrief.breakdown"), "h"))
    for line in result.breakdown:
        lines.append((t("debrief.score_line", kpi=kpi_name(line.kpi, lang),
                        value=kpi_value(line.kpi, line.value, cur, lang),
                        target=kpi_value(line.kpi, line.target, cur, lang), weight=general(line.weight, lang),
                        points=decimal(line.points, 1, lang)), "body"))
    lines.append((t("debrief.score_rule", cap=general(game.scenario.scoring.cap, lang)), "muted"))
    lines.append((t("debrief.kpis"), "h"))
    for kpi in ("revenue", "gross_profit", "net_profit", "bonus", "pay", "loyalty", "renewal_rate", "retention",
                "repeat_rate", "average_check", "upsell_rate", "active_clients"):
        lines.append((f"{kpi_name(kpi, lang)}: {kpi_value(kpi, result.kpis[kpi], cur, lang)}", "body"))
    lines.append((t("debrief.bases"), "h"))
    own = game.scenario.compensation.base
    for base in BASES:
        total = sum(r.books.bonus_by_base[base] for r in game.reports)
        mark = t("debrief.your_scheme") if base == own else ""
        lines.append((t("debrief.base_line", base=t(f"pay.base.{base}"), bonus=money(total, cur, lang)) + mark,
                      "good" if base == own else "body"))
    lines.append((t(f"pay.why.{own}"), "muted"))
    lines.append((t("debrief.strategies"), "h"))
    for name, strategy in STRATEGIES.items():  # the names and summaries in the player's language, never an id
        summary = t(f"strategy_summary.{name}") if ctx.i18n.has(f"strategy_summary.{name}") else strategy.summary(lang)
        lines.append((f"{t('strategy.' + name)}: {summary}", "small"))
    return lines


class DebriefScene(Scene):
    """After the last month."""

    def __init__(self, app):
        super().__init__(app)
        game = self.ctx.session.game
        self.result = game.result()
        self.references: dict[str, float] = {}
        self.reference_game = None   # balanced on the player's seed, once played
        self._pending = list(STRATEGIES)
        self._played: dict = {}   # filled by the reference job's worker, read on the frame thread
        self.message, self.message_style = "", "muted"
        f, lazy = self.form, self.lazy
        self.page = f.add(ScrollText("debrief.text"))
        months = self.result.months
        lang = lambda: self.ctx.lang  # noqa: E731
        self.charts: list[LineChart | SignedBars] = [
            f.add(LineChart("debrief.chart.money", lazy("debrief.chart_money"), lambda: [
                (kpi_name("revenue", lang()), [m["revenue"] for m in months]),
                (kpi_name("gross_profit", lang()), [m["gross_profit"] for m in months]),
                (kpi_name("bonus", lang()), [m["bonus"] for m in months])], fmt=lambda v: short_number(v, lang()))),
            f.add(LineChart("debrief.chart.loyalty", lazy("debrief.chart_loyalty"), lambda: [
                (kpi_name("loyalty", lang()), [m["loyalty"] for m in months]),
                (kpi_name("retention", lang()), [m["retention"] for m in months])], fmt=percent)),
        ]
        # The loyalty causes as a chart, first on the right: what built trust and what cost it, over the game.
        waterfall = loyalty_waterfall(self.ctx.session.game.reports)
        self.charts.insert(0, f.add(SignedBars("debrief.chart.causes", lazy("debrief.causes"), lambda: [
            (cause_text(cause, lang()), points) for cause, points in waterfall],
            lambda v: decimal(v, 1, lang(), sign=True))))
        self.submit_btn = f.add(Button("debrief.submit", lazy("debrief.submit"), self.submit, primary=True))
        self.submit_btn.enabled = lambda: self.ctx.leaderboard is not None and not getattr(self, "_submitted", False)
        self.save_btn = f.add(Button("debrief.save_replay", lazy("debrief.save_replay"), self.save_replay))
        self.menu_btn = f.add(Button("debrief.menu", lazy("debrief.menu"), self.to_menu))
        self.whatif_btn = f.add(Button("debrief.whatif", lazy("debrief.whatif"), self.what_if))
        # Learning, apart from the score: the lesson checks again, one note for next time, the record.
        self.learned_btn = f.add(Button("debrief.learned", lazy("debrief.learned"), lambda: self.app.open("learned")))
        self.reflect_btn = f.add(Button("debrief.reflect", lazy("debrief.reflect"), lambda: self.app.open("reflect")))
        self.checks_btn = f.add(Button("debrief.checks_post", lazy("debrief.checks_post"), self.post_checks))
        self.checks_btn.enabled = lambda: bool(self.ctx.session.checks_due("post"))
        session = self.ctx.session
        self.compare_btn = None
        if session.branch is not None and session.parent is not None:
            self.compare_btn = f.add(Button("debrief.compare_parent", lazy("debrief.compare_parent"),
                                            self.compare_with_parent))
        # "Send to workshop" is there when the settings (or `play --server --code`) name a workshop server.
        self.workshop = WorkshopSend(self)
        self.send_btn = self.workshop.button
        self.form.set_focus(self.submit_btn if self.ctx.leaderboard is not None else self.save_btn)
        if session.branch is not None:
            self.say(self.t("debrief.branch_note", k=session.branch.from_month), "muted")

    # --- actions ---------------------------------------------------------------
    def enter(self) -> None:
        super().enter()
        self._play_references()
        session = self.ctx.session
        # Asked before the game, asked again after it: the change is what it taught (skippable).
        if self.ctx.settings.questions and session.learning.checks and session.checks_due("post"):
            self.post_checks()

    def post_checks(self) -> None:
        """The scenario's lesson checks after the game (the button goes once they are answered)."""
        self.app.open("lesson_check", "post", lambda: self.layout(self.size))

    def _play_references(self) -> None:
        """Play the reference strategies on the player's seed off the frame thread (the slowest, which plans
        from the desk's forecasts, takes seconds on a big scenario); each score shows as it comes."""
        session, played, names = self.ctx.session, self._played, list(self._pending)

        def work(progress):
            progress.total = len(names)
            for name in names:
                played[name] = play(session.scenario, session.seed, STRATEGIES[name])
                progress.step()

        self.app.jobs.start(Job("debrief.computing", work, done=lambda _: None, owner=self))

    def update(self, dt: int) -> None:
        """Take in the reference games played so far; follow a send to the workshop."""
        self.workshop.follow()
        for name in [n for n in self._pending if n in self._played]:
            self._pending.remove(name)
            game = self._played[name]
            self.references[name] = game.result().score
            if name == "balanced":
                self.reference_game = game
                self.page.set_lines(breakdown_lines(self.ctx, game))

    def submit(self) -> None:
        """Put the result on the leaderboard (recomputed by replaying there), then offer the replay file."""
        board_mod = self.ctx.leaderboard
        if board_mod is None:
            self.say(self.t("debrief.no_leaderboard"), "warn")
            self._offer_replay(self.t("debrief.offer_save_failed", reason=self.t("debrief.no_leaderboard")))
            return
        session = self.ctx.session
        try:
            with board_mod.Leaderboard.open(self.ctx.db_path) as board:   # the session's replay: with its answers
                added = board.add_replay(session.replay(), scenario=session.game.scenario)
        except Exception as exc:  # the store's own errors carry a readable message
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.say(self.t("debrief.submit_failed", reason=reason), "bad")
            self._offer_replay(self.t("debrief.offer_save_failed", reason=reason))
            return
        self._submitted = True
        entry = added.entry
        lang = self.ctx.lang
        skill = "—" if entry.skill is None else decimal(entry.skill, 0, lang)
        key = "debrief.submitted" if added.created else "debrief.already_submitted"
        from .review_text import standing_lines
        notes = [text for text, _ in standing_lines(self.t, entry)]
        self.say(" ".join([self.t(key, score=decimal(entry.score, 1, lang), skill=skill), *notes]), "warn" if notes else "good")
        self._offer_replay(self.t("debrief.offer_save", score=decimal(entry.score, 1, lang), skill=skill))

    def _offer_replay(self, question: str) -> None:
        """Ask whether to save the replay file to hand in (participants' laptops are not the trainer's)."""
        self.app.open("confirm", question, self.save_replay, yes_key="debrief.save_yes", no_key="debrief.save_no")

    def save_replay(self) -> None:
        """Write the replay file to the replays folder."""
        rep = self.ctx.session.replay(finished_at=utc_now())
        try:
            path = rep.save_in(self.ctx.replays_dir)
        except OSError as exc:
            self.say(self.t("debrief.save_failed", reason=exc.strerror or str(exc)), "bad")
            return
        self.saved_path = path
        self.say(self.t("debrief.saved", file=path.name, folder=str(path.parent)), "good")

    def say(self, text: str, style: str = "muted") -> None:
        self.message, self.message_style = text, style

    def what_if(self) -> None:
        """Keep the first months of this game and let a reference (or the player) play on with the same luck."""
        session = self.ctx.session
        self.app.open("whatif", session.game, session.player, session.group)

    def compare_with_parent(self) -> None:
        """This branch, played by hand, side by side with the game it came from."""
        session = self.ctx.session
        self.app.open("whatif", session.parent, session.player, session.group, branch=session.game,
                      from_month=session.branch.from_month)

    def to_menu(self) -> None:
        self.app.to_menu()

    def back(self) -> None:
        self.to_menu()

    # --- layout and drawing -------------------------------------------------------
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        W, H = size
        pad, gap, bh, top = self.page_metrics()
        left_w = int((W - 3 * pad) * 0.46)
        bars_h = th.line_height("body") + (len(STRATEGIES) + 1) * min(th.line_height("body") + 10, 34) + 8
        msg_h = 2 * th.line_height("small")  # two lines: a saved replay's path must be readable in full
        rows = 3
        buttons_h = rows * bh + (rows - 1) * gap
        self.page.rect = pygame.Rect(pad, top, left_w, H - top - bars_h - buttons_h - msg_h - 4 * gap - pad)
        self.bars_rect = pygame.Rect(pad, self.page.rect.bottom + gap, left_w, bars_h)
        by = H - pad - buttons_h
        self.msg_y = by - msg_h - gap
        first = [self.send_btn, self.submit_btn] if self.send_btn else [self.submit_btn, self.save_btn]
        second = ([self.save_btn] if self.send_btn else []) + [self.whatif_btn] + \
            ([self.compare_btn] if self.compare_btn else []) + [self.menu_btn]
        button_row(first, pad, by, left_w, bh, gap, th)
        button_row(second, pad, by + bh + gap, left_w, bh, gap, th)
        due = bool(self.ctx.session.checks_due("post"))
        third = [self.learned_btn, self.reflect_btn] + ([self.checks_btn] if due else [])
        self.checks_btn.visible = due
        button_row(third, pad, by + 2 * (bh + gap), left_w, bh, gap, th)
        cx = 2 * pad + left_w
        ch = (H - top - pad - 2 * gap) // 3
        for k, chart in enumerate(self.charts):
            chart.rect = pygame.Rect(cx, top + k * (ch + gap), W - cx - pad, ch)
        self.page.set_lines(breakdown_lines(self.ctx, self.reference_game))

    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        session = self.ctx.session
        title = self.t("debrief.title", score=decimal(self.result.score, 1, self.ctx.lang))
        sub = self.t("debrief.subtitle", scenario=session.scenario.title.get(self.ctx.lang), player=session.player,
                     seed=session.seed)
        self.title_bar(surface, title, sub)
        r = self.bars_rect
        th.draw_text(surface, self.t("debrief.vs_strategies"), (r.x, r.y), "body", th.c("accent"), bold=True)
        rows = [(self.t("debrief.you"), self.result.score, True)]
        for name in STRATEGIES:
            if name in self.references:
                rows.append((self.t(f"strategy.{name}"), self.references[name], False))
        inner = pygame.Rect(r.x, r.y + th.line_height("body") + 4, r.width, r.height - th.line_height("body") - 4)
        draw_hbars(surface, th, inner, rows, lambda v: decimal(v, 1, self.ctx.lang))
        if self._pending:
            th.draw_text(surface, self.t("debrief.computing"), (r.right, r.y), "small", th.c("muted"), align="right")
        if self.message:
            th.draw_wrapped(surface, self.message, pygame.Rect(self.page.rect.x, self.msg_y, self.page.rect.width,
                            2 * th.line_height("small")), "small", th.c(self.message_style), max_lines=2)
        self.draw_widgets(surface)
