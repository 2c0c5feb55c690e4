"""The head's final report: the score and its breakdown, the KPIs, the reference heads played on the same seed
side by side with the player (one a frame, so the window stays responsive), each seller's pay over the game
under his scheme and every other base, takeaways tied to the lessons, the leaderboard and a replay file.
Every number is the head game's (:meth:`~simulator.head.HeadGame.result`, :meth:`~simulator.head.HeadGame.pay_totals`,
:func:`~simulator.head.head_takeaways`)."""
from __future__ import annotations

import pygame

from ...engine import BASES
from ...head import HEADS, HeadGame, head_takeaways, play_head
from ...head.heads import LAB_PROBES
from ..texts import decimal, general, kpi_name, kpi_value, money, money_short, number, percent
from ..widgets import Button, ScrollText, button_row, label_width
from .base import Scene, read_from_afar
from .head_lab_text import interview_lines, lab_lines
from .head_text import CELL_GAP, draw_header, draw_row, fit_columns, fitting, needed_widths, note_text, seller_name
from .workshop_send import WorkshopSend

# The rows of the side-by-side comparison: the score, then KPIs of the game.
VERSUS = ("score", "net_profit", "gross_profit", "pay", "loyalty", "retention", "morale", "quits")
MONEY = {"net_profit", "gross_profit", "pay"}
# The pay table's columns; with large text those of PAY_DROP go first.
PAY_COLUMNS = ("seller", "months", "paid", *BASES)
PAY_DROP = (PAY_COLUMNS.index("months"),)


class HeadDebriefScene(Scene):
    """After the head's last month."""

    def __init__(self, app):
        super().__init__(app)
        self.result = self.ctx.session.game.result()
        self.references: dict[str, HeadGame] = {}
        self._pending = list(HEADS) + (list(LAB_PROBES) if self.ctx.session.game.team.levers.pay_plan else [])
        self.message, self.message_style = "", "muted"
        self.saved_path = None
        self._submitted = False
        f, lazy = self.form, self.lazy
        self.page = f.add(ScrollText("head_debrief.text"))
        self.submit_btn = f.add(Button("head_debrief.submit", lazy("head_debrief.submit"), self.submit, primary=True))
        self.submit_btn.enabled = lambda: self.ctx.leaderboard is not None and not self._submitted
        self.save_btn = f.add(Button("head_debrief.save_replay", lazy("head_debrief.save_replay"), self.save_replay))
        self.menu_btn = f.add(Button("head_debrief.menu", lazy("head_debrief.menu"), self.to_menu))
        # "Send to workshop" is there when the settings (or `play --server --code`) name a workshop server.
        self.workshop = WorkshopSend(self)
        self.form.set_focus(self.submit_btn if self.ctx.leaderboard is not None else self.save_btn)

    # --- the reference heads, one a frame ----------------------------------------
    def update(self, dt: int) -> None:
        """Play one reference head per frame on the player's seed; the takeaways follow when all have played.
        Follow a send to the workshop."""
        self.workshop.follow()
        if self._pending:
            name = self._pending.pop(0)
            session = self.ctx.session
            self.references[name] = play_head(session.scenario, session.seed, HEADS.get(name) or LAB_PROBES[name])
            if not self._pending:
                self.page.set_lines(self.lines())

    # --- words -------------------------------------------------------------------
    def lines(self) -> list[tuple[str, str]]:
        """Takeaways (once the references have played), the score breakdown, the KPIs and the heads' summaries."""
        t, lang, game = self.t, self.ctx.lang, self.ctx.session.game
        lines: list[tuple[str, str]] = [(t("head_debrief.takeaways"), "h")]
        if self._pending:
            lines.append((t("head_debrief.takeaways_wait"), "muted"))
        else:
            for note in head_takeaways(game, {k: v for k, v in self.references.items() if k in HEADS}):
                lines.append(("• " + note_text(t, lang, game, note, "head_debrief.takeaway."),
                              "good" if note.good else "warn"))
        lines.append((t("head_debrief.breakdown"), "h"))
        for line in self.result.breakdown:
            lines.append((t("head_debrief.score_line", kpi=kpi_name(line.kpi, lang),
                            value=self.kpi_text(line.kpi, line.value), target=self.kpi_text(line.kpi, line.target),
                            weight=general(line.weight, lang), points=decimal(line.points, 1, lang)), "body"))
        lines.append((t("head_debrief.score_rule", cap=general(game.scenario.scoring.cap, lang)), "muted"))
        lines.append((t("head_debrief.kpis"), "h"))
        for kpi in ("revenue", "gross_profit", "net_profit", "bonus", "pay", "loyalty", "retention", "average_check",
                    "upsell_rate", "active_clients", "morale"):
            lines.append((f"{kpi_name(kpi, lang)}: {self.kpi_text(kpi, self.result.kpis[kpi])}", "body"))
        lines.append((f"{t('head_debrief.kpi.quits')}: {number(self.result.kpis['quits'], lang)}", "body"))
        lines += interview_lines(t, lang, game)
        lines += lab_lines(t, lang, game, self.references)
        lines.append((t("head_debrief.heads"), "h"))
        for name, head in HEADS.items():
            lines.append((t("head_debrief.head_line", name=t(f"head_debrief.head.{name}"), summary=head.summary(lang)),
                          "small"))
        return lines

    def kpi_text(self, kpi: str, value: float) -> str:
        lang, cur = self.ctx.lang, self.ctx.session.game.scenario.desk.currency
        if kpi == "morale":
            return percent(value)
        return kpi_value(kpi, value, cur, lang)

    def versus_cell(self, kpi: str, game: HeadGame | None, mine: bool) -> tuple[str, str, bool]:
        """One cell of the comparison: a game's score or KPI (``…`` while it is still being played)."""
        lang = self.ctx.lang
        if game is None:
            return ("…", "muted", False)
        result = self.result if mine else game.result()
        value = result.score if kpi == "score" else result.kpis[kpi]
        if kpi == "score":
            text = decimal(value, 1, lang)
        elif kpi in MONEY:
            text = money_short(value, "", lang)
        elif kpi in ("loyalty", "retention", "morale"):
            text = percent(value)
        else:
            text = number(value, lang)
        return (text, "accent" if mine else "text", mine)

    def row_name(self, kpi: str) -> str:
        if kpi == "score":
            return self.t("head_debrief.score")
        if kpi in ("quits", "pay"):
            return self.t(f"head_debrief.kpi.{kpi}")
        return kpi_name(kpi, self.ctx.lang)

    # --- actions -------------------------------------------------------------------
    def submit(self) -> None:
        """Put the game on the leaderboard (recomputed there); a refusal is shown with its reason."""
        board_mod = self.ctx.leaderboard
        if board_mod is None:
            self.say(self.t("head_debrief.no_leaderboard"), "warn")
            return
        session = self.ctx.session
        try:
            with board_mod.Leaderboard.open(self.ctx.db_path) as board:
                added = board.add_game(session.game, player=session.player, group=session.group)
        except Exception as exc:  # the store's own errors carry a readable message
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.say(self.t("head_debrief.submit_failed", reason=reason), "bad")
            return
        self._submitted = True
        key = "head_debrief.submitted" if added.created else "head_debrief.already_submitted"
        self.say(self.t(key, score=decimal(added.entry.score, 1, self.ctx.lang)), "good")

    def save_replay(self) -> None:
        """Write the head replay into the replays folder (atomically)."""
        rep = self.ctx.session.replay()
        try:
            path = rep.save_in(self.ctx.replays_dir)
        except OSError as exc:
            self.say(self.t("head_debrief.save_failed", reason=exc.strerror or str(exc)), "bad")
            return
        self.saved_path = path
        self.say(self.t("head_debrief.saved", file=path.name, folder=str(path.parent)), "good")

    def say(self, text: str, style: str = "muted") -> None:
        self.message, self.message_style = text, style

    def to_menu(self) -> None:
        self.app.to_menu()

    def back(self) -> None:
        self.to_menu()

    # --- layout and drawing ----------------------------------------------------------
    @read_from_afar
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        W, H = size
        pad, gap, bh, top = self.page_metrics()
        # the right column is as wide as its tables need (large text), the page on the left keeps the rest
        room = W - 3 * pad
        versus = sum(needed_widths(th, *self.versus_table(), header_lines=1))
        pay = sum(needed_widths(th, *self.pay_table(list(range(len(PAY_COLUMNS)))), header_lines=2))
        right_w = min(max(int(room * 0.54), versus, pay), int(room * 0.64))
        self.pay_keep = fitting(th, *self.pay_table(list(range(len(PAY_COLUMNS)))), right_w, PAY_DROP)
        self.left_w = room - right_w
        msg_h = 2 * th.line_height("small")
        buttons = [b for b in (self.workshop.button, self.submit_btn, self.save_btn, self.menu_btn) if b is not None]
        rows = [buttons] if sum(label_width(b, th) for b in buttons) + (len(buttons) - 1) * gap <= self.left_w else \
            [buttons[:2], buttons[2:]]   # large text or a workshop: two rows rather than cut labels
        by = H - pad - len(rows) * bh - (len(rows) - 1) * gap
        for k, row in enumerate(rows):
            button_row(row, pad, by + k * (bh + gap), self.left_w, bh, gap, th)
        self.msg_y = by - msg_h - gap
        self.page.rect = pygame.Rect(pad, top, self.left_w, self.msg_y - gap - top)
        self.right = pygame.Rect(2 * pad + self.left_w, top, right_w, H - top - pad)
        self.page.set_lines(self.lines())

    def versus_table(self) -> tuple[list[str], list[list]]:
        """(headers, rows) of the player against the reference heads."""
        t = self.t
        game = self.ctx.session.game
        rows = [[(self.row_name(kpi), "text", False), self.versus_cell(kpi, game, True)] +
                [self.versus_cell(kpi, self.references.get(name), False) for name in HEADS] for kpi in VERSUS]
        return [""] + [t("head_debrief.you")] + [t(f"head_debrief.head.{name}") for name in HEADS], rows

    def pay_table(self, keep: list[int]) -> tuple[list[str], list[list]]:
        """(headers, rows) of each seller's pay over the game, with the columns ``keep``."""
        t, lang = self.t, self.ctx.lang
        game = self.ctx.session.game
        rows = []
        for total in game.pay_totals():
            row = [(seller_name(game, total.seller, lang), "text", True), (number(total.months, lang), "text", False),
                   (money(total.paid, "", lang), "text", True)]
            for b in BASES:
                own = b == total.base
                row.append((("● " if own else "") + money(total.by_base[b], "", lang), "accent" if own else "text", own))
            rows.append([row[k] for k in keep])
        heads = [t(f"head_debrief.col.{c}") if c not in BASES else t(f"head_report.base.{c}") for c in PAY_COLUMNS]
        return [heads[k] for k in keep], rows

    def draw_versus(self, surface, y: int) -> int:
        th, t = self.theme, self.t
        r = self.right
        th.draw_text(surface, t("head_debrief.versus"), (r.x, y), "body", th.c("accent"), bold=True, max_width=r.width)
        if self._pending:
            th.draw_text(surface, t("head_debrief.computing"), (r.right, y), "small", th.c("muted"), align="right")
        y += th.line_height("body") + 2
        heads, rows = self.versus_table()
        cols = fit_columns(th, heads, rows, r.width, header_lines=1)
        y = draw_header(surface, th, r.x, y, cols, lines=1)
        row_h = th.line_height("body") + 2
        for row in rows:
            y = draw_row(surface, th, r.x, y, cols, row, row_h)
        return y

    def draw_pay(self, surface, y: int) -> int:
        th, t = self.theme, self.t
        r = self.right
        cur = self.ctx.session.game.scenario.desk.currency
        y += th.draw_wrapped(surface, t("head_debrief.pay_title", currency=cur), pygame.Rect(r.x, y, r.width,
                             2 * th.line_height("body")), "body", th.c("accent"), bold=True, max_lines=2) + 2
        heads, rows = self.pay_table(self.pay_keep)
        cols = fit_columns(th, heads, rows, r.width, header_lines=2)
        lines = max(len(th.wrap(c.header, c.width - CELL_GAP, "small", True)) for c in cols)
        y = draw_header(surface, th, r.x, y, cols, lines=min(2, lines))
        row_h = th.line_height("body") + 2
        for row in rows:
            y = draw_row(surface, th, r.x, y, cols, row, row_h)
        used = th.draw_wrapped(surface, t("head_debrief.pay_legend"), pygame.Rect(r.x, y + 4, r.width, r.bottom - y - 4),
                               "small", th.c("muted"), max_lines=2)
        return y + 4 + used

    @read_from_afar
    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        session, lang = self.ctx.session, self.ctx.lang
        title = self.t("head_debrief.title", score=decimal(self.result.score, 1, lang))
        sub = self.t("head_debrief.subtitle", scenario=session.scenario.title.get(lang), player=session.player,
                     seed=session.seed)
        self.title_bar(surface, title, sub)
        y = self.draw_versus(surface, self.right.y)
        self.draw_pay(surface, y + th.m("gap") * 2)
        if self.message:
            th.draw_wrapped(surface, self.message, pygame.Rect(self.page.rect.x, self.msg_y, self.page.rect.width,
                            2 * th.line_height("small")), "small", th.c(self.message_style), max_lines=2)
        self.draw_widgets(surface)
