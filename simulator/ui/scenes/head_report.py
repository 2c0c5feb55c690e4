"""The head's month report: the department's KPIs against last month, each seller's month (books, hours and
effort, markups, deals, offers, money, pay, mood, a quit) with his pay on the same sales under every bonus
base, books nobody held, the team event, and what the month teaches. Every number is the head game's
(:meth:`~simulator.head.HeadGame.month_changes`, :meth:`~simulator.head.HeadGame.pay_alternatives`,
:meth:`~simulator.head.HeadGame.month_notes`); nothing here recomputes money."""
from __future__ import annotations

import pygame

from ...engine import BASES
from ...head import HeadGame, HeadMonthReport
from ..texts import decimal, kpi_change, money, money_short, number, percent, points, shows_no_change
from ..widgets import Button, ScrollText
from .base import Scene, read_from_afar
from .head_text import book_name, draw_header, draw_row, fit_columns, fitting, note_text, seller_name

MONEY_TILES = {"revenue", "gross_profit", "net_profit", "pay"}
SHARE_TILES = {"loyalty", "morale"}
# The seller table's columns; with large text those of DROP go (in that order) into the line under the row.
COLUMNS = ("seller", "hours", "markup", "deals", "offers", "revenue", "gross", "pay", *BASES, "mood")
DROP = tuple(COLUMNS.index(c) for c in ("offers", "deals", "hours", "revenue", "gross", "markup"))
ALT = tuple(COLUMNS.index(b) for b in BASES)


class HeadReportScene(Scene):
    """What the department's month brought. Enter or Esc goes on."""

    def __init__(self, app, report: HeadMonthReport, previous: HeadMonthReport | None = None,
                 game: HeadGame | None = None):
        super().__init__(app)
        # ``game``: a game under review from the leaderboard (its months step with ←/→); else the session's.
        self.reviewing = game is not None
        self.game: HeadGame = game if game is not None else self.ctx.session.game
        self.keep = list(range(len(COLUMNS)))   # the table's columns (large text leaves some out)
        self.page = self.form.add(ScrollText("head_report.notes"))
        self.next_btn = self.form.add(Button("head_report.continue", self._label, self.go_on, primary=True))
        self.form.set_focus(self.next_btn)
        self.show(report, previous)

    def show(self, report: HeadMonthReport, previous: HeadMonthReport | None) -> None:
        """Read a month's numbers from the game."""
        game = self.game
        self.report, self.previous = report, previous
        self.changes = game.month_changes(report, previous)
        self.alternatives = game.pay_alternatives(report)
        self.notes = game.month_notes(report)
        self.unattended = game.unattended(report)
        if self.size != (0, 0):
            self.layout(self.size)

    def step(self, delta: int) -> None:
        """Under review: the previous (-1) or next (+1) month."""
        k = max(0, min(self.report.month - 1 + delta, len(self.game.reports) - 1))
        if k != self.report.month - 1:
            self.show(self.game.reports[k], self.game.reports[k - 1] if k else None)

    def _label(self) -> str:
        if self.reviewing:
            return self.t("common.back")
        return self.t("head_report.to_debrief") if self.game.finished else self.t("head_report.continue")

    # --- actions -------------------------------------------------------------------
    def go_on(self) -> None:
        """Back to the team room (which moves on to the final report after the last month)."""
        self.app.pop()

    def back(self) -> None:
        self.go_on()

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.go_on()
            return True
        if self.reviewing and event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.step(-1 if event.key == pygame.K_LEFT else 1)
            return True
        return super().handle_event(event)

    # --- words ---------------------------------------------------------------------
    def note_lines(self) -> list[tuple[str, str]]:
        """The month's lessons in words, most telling first."""
        t, lang, game = self.t, self.ctx.lang, self.game
        lines: list[tuple[str, str]] = [(t("head_report.notes"), "h")]
        for note in self.notes:
            lines.append((note_text(t, lang, game, note, "head_report.note."), "good" if note.good else "warn"))
        if not self.notes:
            lines.append((t("head_report.notes_none"), "body"))
        quoted = [(m, ", ".join(f"{p.name.get(lang)} {percent(m.markups[p.id])}" for p in game.scenario.products
                                if not p.markup.fixed and p.id in m.markups)) for m in self.report.sellers if m.books]
        quoted = [(m, text) for m, text in quoted if text]
        if quoted:
            lines.append((t("head_report.markups"), "h"))
            lines += [(t("head_report.markup_line", seller=seller_name(game, m.seller, lang), markups=text), "body")
                      for m, text in quoted]
        return lines

    def event_text(self) -> str:
        r = self.report
        if r.event is None:
            return self.t("head_report.event_none")
        key = "head_report.event_worked" if r.event_worked else "head_report.event_wasted"
        return self.t(key, purpose=self.t(f"head_report.purpose.{r.event}"))

    def tile_value(self, kpi: str, value: float) -> str:
        lang = self.ctx.lang
        if kpi in MONEY_TILES:   # the subtitle names the currency
            return money_short(value, "", lang)
        if kpi in SHARE_TILES:
            return percent(value)
        return number(value, lang)

    def tile_change(self, kpi: str, change: float) -> str:
        lang, cur = self.ctx.lang, self.game.scenario.desk.currency
        if kpi in SHARE_TILES:
            return points(change, lang)
        if kpi in MONEY_TILES:   # the tile's value names the currency; the change is short
            text = money_short(abs(change), "", lang)
            return ("+" if change >= 0 or shows_no_change(text) else "\u2212") + text
        return kpi_change("team_size", change, cur, lang)

    def tile_label(self, kpi: str) -> str:
        return self.t(f"head_report.kpi.{kpi}")

    def seller_rows(self) -> list[tuple]:
        """(cells, detail line, its colour) of each seller's month, and (None, a line, its colour) for each book
        nobody held."""
        t, lang, game = self.t, self.ctx.lang, self.game
        cur = game.scenario.desk.currency
        rows: list[tuple] = []
        for m in self.report.sellers:
            name = seller_name(game, m.seller, lang)
            mk = game.average_markup(m)
            alts = self.alternatives.get(m.seller, {})
            own = m.scheme.base if m.scheme is not None else None
            mood = (t("head_report.quit"), "bad", True) if m.quit else \
                (percent(m.motivation), "good" if m.motivation >= 0.7 else "warn" if m.motivation >= 0.4 else "bad", False)
            cells: list[tuple | None] = [(name, "text", True),
                     (t("head_report.hours", hours=decimal(m.hours, 0, lang), effort=percent(m.effort)), "text", False),
                     ("—" if mk is None else percent(mk), "text", False),
                     (number(m.deals, lang), "text", False), (number(m.offers, lang), "text", False),
                     (money_short(m.revenue, "", lang), "text", False), (money_short(m.gross_profit, "", lang), "text", False),
                     (money(m.books_money.pay, "", lang), "text", True)]
            for b in BASES:
                if b in alts:
                    mark = "● " if b == own else ""
                    cells.append((mark + money(alts[b], "", lang), "accent" if b == own else "text", b == own))
                else:   # no book, no sales: nothing to pay a bonus on
                    cells.append(("—", "muted", False))
            cells.append(mood)
            books = ", ".join(book_name(game, b, lang) for b in m.books) or t("head_report.no_books")
            detail = t("head_report.detail", books=books, salary=money(m.books_money.salary, cur, lang),
                       bonus=money(m.books_money.bonus, cur, lang))
            dropped = [k for k in DROP if k not in self.keep]
            if dropped:   # columns large text left out: their values under the row
                detail += " · " + ", ".join(f"{t('head_report.col.' + COLUMNS[k])} {cell[0]}" for k in sorted(dropped)
                                            if (cell := cells[k]) is not None)
            rows.append((cells, detail, "bad" if m.quit else "muted"))
        for b in self.unattended:
            r = self.report.book_reports[b]
            rows.append((None, t("head_report.unattended_row", book=book_name(game, b, lang),
                                 deals=int(r.deals_won.sum()), revenue=money(r.books.revenue, cur, lang)), "warn"))
        return rows

    # --- layout and drawing ----------------------------------------------------------
    def headers(self) -> list[str]:
        t = self.t
        return [t(f"head_report.col.{c}") if c not in BASES else t(f"head_report.base.{c}") for c in COLUMNS]

    @read_from_afar
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        W, H = size
        lh, lh_s = th.line_height("body"), th.line_height("small")
        self.row_h = lh + 5
        self.keep = list(range(len(COLUMNS)))
        rows = self.seller_rows()
        cells = [r[0] for r in rows if r[0] is not None]
        self.keep = fitting(th, self.headers(), cells, W - 2 * pad, DROP)
        # the tiles: one row when every label and value fits a tile, else two
        per_row = len(self.changes)
        tile_w = (W - 2 * pad - th.m("gap") * (per_row - 1)) // per_row - 12
        if any(th.font("small").size(self.tile_label(c.kpi))[0] > tile_w or
               th.font("large", True).size(self.tile_value(c.kpi, c.after))[0] > tile_w or
               (c.change is not None and th.font("small", True).size(
                   "▲ " + self.tile_change(c.kpi, c.change))[0] > tile_w) for c in self.changes):
            per_row = (len(self.changes) + 1) // 2
        self.per_row = per_row
        tile_h = 2 * lh_s + th.line_height("large") + 10
        rows_of_tiles = -(-len(self.changes) // per_row)
        self.tiles_rect = pygame.Rect(pad, top, W - 2 * pad, rows_of_tiles * tile_h + (rows_of_tiles - 1) * gap)
        self.table_y = self.tiles_rect.bottom + gap
        bottom = H - pad - bh - gap
        n = len(self.report.sellers)
        head_h = 3 * lh_s + 4
        # each seller's line under his row (books, salary + bonus) stays when the notes keep three lines
        self.details_inline = self.table_y + head_h + (2 * n + len(self.unattended)) * self.row_h + gap + 3 * lh \
            <= bottom
        table_h = head_h + ((2 if self.details_inline else 1) * n + len(self.unattended)) * self.row_h
        notes_top = self.table_y + table_h + gap
        self.page.rect = pygame.Rect(pad, notes_top, W - 2 * pad, max(2 * lh, bottom - notes_top))
        self.page.set_lines(self.note_lines() + ([] if self.details_inline else self.detail_lines(self.seller_rows())))
        bw = int(300 * th.scale)
        self.next_btn.rect = pygame.Rect(W - pad - bw, H - pad - bh, bw, bh)

    def detail_lines(self, rows) -> list[tuple[str, str]]:
        """Each seller's line under his row, for the notes when the table has no room for them."""
        game, lang = self.game, self.ctx.lang
        lines: list[tuple[str, str]] = [(self.t("head_report.details"), "h")]
        for m, (_, detail, color) in zip(self.report.sellers, rows):
            lines.append((f"{seller_name(game, m.seller, lang)}: {detail}", "bad" if color == "bad" else "body"))
        return lines

    def draw_tiles(self, surface) -> None:
        th = self.theme
        r, gap = self.tiles_rect, th.m("gap")
        per = self.per_row
        w = (r.width - gap * (per - 1)) // per
        h = 2 * th.line_height("small") + th.line_height("large") + 10
        for k, c in enumerate(self.changes):
            tile = pygame.Rect(r.x + (k % per) * (w + gap), r.y + (k // per) * (h + gap), w, h)
            th.panel(surface, tile, "panel_alt")
            x, inner, y = tile.x + 6, tile.width - 12, tile.y + 4
            th.draw_text(surface, self.tile_label(c.kpi), (x, y), "small", th.c("muted"), max_width=inner)
            y += th.line_height("small")
            th.draw_text(surface, self.tile_value(c.kpi, c.after), (x, y), "large", bold=True, max_width=inner)
            y += th.line_height("large") + 2
            if c.change is None:
                th.draw_text(surface, self.t("head_report.first_month"), (x, y), "small", th.c("muted"), max_width=inner)
                continue
            change = self.tile_change(c.kpi, c.change)
            flat = abs(c.change) < 1e-9 or shows_no_change(change)   # the arrow agrees with the number shown
            better = c.change > 0 if c.kpi != "quits" else c.change < 0
            tone = "muted" if flat else "text" if c.kpi == "pay" else "good" if better else "bad"
            color = th.c(tone)   # more pay is neither good nor bad news by itself
            arrow = "=" if flat else ("▲" if c.change > 0 else "▼")
            th.draw_text(surface, self.t("head_report.vs_last", arrow=arrow, change=change),
                         (x, y), "small", color, bold=True, max_width=inner)

    def draw_sellers(self, surface) -> None:
        th = self.theme
        pad = th.m("padding") * 2
        W = surface.get_width()
        width = W - 2 * pad
        rows = self.seller_rows()
        keep = self.keep
        heads = self.headers()
        shown = [[cells[k] for k in keep] for cells, _, _ in rows if cells is not None]
        cols = fit_columns(th, [heads[k] for k in keep], shown, width)
        lh_s = th.line_height("small")
        y = self.table_y
        # the three bases' columns sit under one heading: the same sales, paid on each base
        at = [keep.index(k) for k in ALT]
        x_alt = pad + sum(c.width for c in cols[:at[0]])
        alt_w = sum(cols[k].width for k in at)
        cur = self.game.scenario.desk.currency
        th.draw_text(surface, self.t("head_report.alternatives", currency=cur), (x_alt + alt_w - 8, y), "small",
                     th.c("accent"), True, align="right", max_width=x_alt + alt_w - 8 - pad)
        y += lh_s
        y = draw_header(surface, th, pad, y, cols, lines=2)
        for cells, detail, color in rows:
            if cells is not None:
                y = draw_row(surface, th, pad, y, cols, [cells[k] for k in keep], self.row_h)
                if self.details_inline:
                    th.draw_text(surface, detail, (pad + cols[0].width, y), "small", th.c(color),
                                 max_width=width - cols[0].width)
                    y += self.row_h
            else:
                th.draw_text(surface, detail, (pad, y), "body", th.c(color), max_width=width)
                y += self.row_h

    @read_from_afar
    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        game = self.game
        lang = self.ctx.lang
        sub = self.t("head_report.subtitle", scenario=game.scenario.title.get(lang), currency=game.scenario.desk.currency,
                     event=self.event_text())
        if self.reviewing:
            sub += " · " + self.t("head_report.review_keys")
        self.title_bar(surface, self.t("head_report.title", month=self.report.month, turns=game.turns), sub)
        self.draw_tiles(surface)
        self.draw_sellers(surface)
        legend_w = self.next_btn.rect.x - self.page.rect.x - th.m("gap")
        th.draw_wrapped(surface, self.t("head_report.legend"), pygame.Rect(self.page.rect.x, self.next_btn.rect.y - 4,
                        legend_w, self.next_btn.rect.height + 8), "small", th.c("muted"), max_lines=2)
        self.draw_widgets(surface)

