"""The team room: the head's desk. Who is on the team and how each seller's month went (plan, deals, pay, mood),
the candidates, the company's numbers; from here the head opens the rules, the pay editor, hiring and segments,
calls a team event and ends the month."""
from __future__ import annotations

import pygame

from ...head import HeadDecision, HeadDecisionError
from ..texts import decimal, general, kpi_change, kpi_name, kpi_value, money, percent, shows_no_change
from ..widgets import Button, Choice, ScrollText, Shortcut, Widget, button_row
from .base import Scene, read_from_afar
from .head_texts import TRAIT_ORDER, person_name, person_story, refusal, scheme_short, segment_name, trait_level

STRIP_KPIS = ("revenue", "gross_profit", "net_profit", "pay", "loyalty", "morale")


class PeopleList(Widget):
    """The team, then the candidates, then those who left: arrows or a click select one."""

    focusable = True

    def __init__(self, wid: str, scene: HeadRoomScene):
        super().__init__(wid)
        self.scene = scene
        self.selected = 0
        self.offset = 0

    def people(self) -> list:
        game = self.scene.session.game
        order = {"hired": 0, "candidate": 1, "quit": 2, "fired": 2}
        return sorted(game.sellers.values(), key=lambda s: (order[s.status], s.index))

    def row_h(self, theme) -> int:
        return theme.line_height("body") + theme.line_height("small") + 20

    def visible_count(self, theme) -> int:
        return max(1, self.rect.height // self.row_h(theme))

    def select(self, k: int) -> None:
        n = len(self.people())
        self.selected = max(0, min(k, n - 1))
        vis = self.visible_count(self.scene.theme)
        self.offset = min(max(self.offset, self.selected - vis + 1), self.selected)

    def current(self):
        people = self.people()
        return people[min(self.selected, len(people) - 1)] if people else None

    def on_mouse_down(self, pos, button: int) -> bool:
        k = self.offset + (pos[1] - self.rect.y) // self.row_h(self.scene.theme)
        if 0 <= k < len(self.people()):
            self.select(k)
        return True

    def on_wheel(self, dy: int) -> bool:
        self.select(self.selected - dy)
        return True

    def on_key(self, event) -> bool:
        if event.key == pygame.K_DOWN:
            self.select(self.selected + 1)
            return True
        if event.key == pygame.K_UP:
            self.select(self.selected - 1)
            return True
        return False

    def draw(self, surface, theme) -> None:
        scene, lang = self.scene, self.scene.ctx.lang
        game = scene.session.game
        last = scene.last_months()
        people = self.people()
        h = self.row_h(theme)
        for k in range(self.visible_count(theme)):
            i = self.offset + k
            if i >= len(people):
                break
            s = people[i]
            r = pygame.Rect(self.rect.x, self.rect.y + k * h, self.rect.width, h - 4)
            theme.panel(surface, r, "row_selected" if i == self.selected else "panel", border=i == self.selected)
            x, w = r.x + 10, r.width - 20
            name = person_name(game, s.id, lang)
            muted = s.status != "hired"
            theme.draw_text(surface, name, (x, r.y + 3), "body", theme.c("muted" if s.status in ("quit", "fired") else "text"),
                            bold=True, max_width=w // 2)
            if s.status == "hired":
                books = game.books_of(s.id)
                line = ", ".join(segment_name(game, b, lang) for b in books) if books else scene.t("head.no_books")
                month = last.get(s.id)
                pay = money(month.books_money.pay, scene.currency, lang) if month else ""
                theme.draw_text(surface, pay, (r.right - 10, r.y + 3), "body", theme.c("text"), align="right")
                bar = pygame.Rect(x, r.bottom - 8, w, 5)
                theme.bar(surface, bar, s.motivation, "good" if s.motivation >= 0.7 else
                          "warn" if s.motivation >= 0.45 else "bad")
            elif s.status == "candidate":
                line = scene.t("head.candidate_line", expects=money(s.expectation, scene.currency, lang))
            else:
                line = scene.t("head.fired_line" if s.status == "fired" else "head.quit_line")
            theme.draw_text(surface, line, (x, r.y + 3 + theme.line_height("body")), "small",
                            theme.c("muted" if muted or not game.books_of(s.id) else "accent"), max_width=w)


class HeadRoomScene(Scene):
    """The head's room for a month: the team, the numbers, the decisions, End month."""

    def __init__(self, app):
        super().__init__(app)
        self.session = self.ctx.session
        game = self.session.game
        self.currency = game.scenario.desk.currency
        lazy, f = self.lazy, self.form
        self.people = f.add(PeopleList("head.people", self))
        lev = game.team.levers
        now = lambda: self.session.game.decision_month  # noqa: E731
        self.rules_btn = f.add(Button("head.open_rules", lazy("head.rules"), lambda: self.app.open("head_rules"),
                                      tooltip=lazy("head.rules_tip")))
        self.rules_btn.enabled = lambda: now() and lev.markups and any(not p.markup.fixed for p in game.scenario.products)
        self.pay_btn = f.add(Button("head.open_pay", lazy("head.pay"), self.open_pay, tooltip=lazy("head.pay_tip")))
        self.pay_btn.enabled = lambda: now() and lev.pay
        self.hire_btn = f.add(Button("head.open_hire", lazy("head.hire"), self.open_hire, tooltip=lazy("head.hire_tip")))
        self.hire_btn.enabled = lambda: now() and lev.hiring and bool(self.session.game.candidates())
        self.segments_btn = f.add(Button("head.open_segments", lazy("head.segments"),
                                         lambda: self.app.open("head_segments"), tooltip=lazy("head.segments_tip")))
        self.segments_btn.enabled = lambda: now() and lev.segments
        self.lab_btn = f.add(Button("head.open_lab", lazy("head_lab.open"), self.open_lab,
                                    tooltip=lazy("head_lab.open_tip")))
        self.fire_btn = f.add(Button("head.fire", lazy("head.fire"), self.fire, tooltip=lazy("head.fire_tip")))
        self.fire_btn.enabled = lambda: now() and lev.hiring and self._selected_seller() is not None
        self.lab_btn.visible = lev.pay_plan
        self.lab_btn.enabled = lambda: lev.pay_plan and bool(self.session.game.team_members())
        self.event = f.add(Choice("head.event", self.event_options, prefix=lazy("head.event"),
                                  tooltip=lazy("head.event_tip")))
        self.event.enabled = lambda: now() and lev.team_event
        self.end_btn = f.add(Button("head.end_month", lazy("head.end_month"), self.end_month, primary=True))
        self.end_btn.shortcut = Shortcut(pygame.K_F9)
        self.menu_btn = f.add(Button("head.menu", lazy("head.to_menu"), self.back))
        for b, key in ((self.rules_btn, pygame.K_1), (self.pay_btn, pygame.K_2), (self.hire_btn, pygame.K_3),
                       (self.segments_btn, pygame.K_4), (self.lab_btn, pygame.K_5)):
            b.shortcut = Shortcut(key, ctrl=True)
        self.fire_btn.shortcut = Shortcut(pygame.K_DELETE, ctrl=True)   # asks to confirm, with the cost
        self.card_text = f.add(ScrollText("head.card"))
        self._card_key: tuple | None = None
        self.status, self.status_kind = "", "muted"
        f.set_focus(self.people)

    # --- what the room reads --------------------------------------------------
    def event_options(self) -> list[tuple[str | None, str]]:
        cost = money(self.session.game.team.team_event.cost, self.currency, self.ctx.lang)
        return [(None, self.t("head.event.off"))] + [
            (p, self.t(f"head.event.{p}", cost=cost)) for p in ("unite", "thanks", "welcome", "none")]

    def last_months(self) -> dict:
        """Each seller's last month (SellerMonth) by id."""
        reports = self.session.game.reports
        return {m.seller: m for m in reports[-1].sellers} if reports else {}

    def say(self, text: str, kind: str = "muted") -> None:
        self.status, self.status_kind = text, kind

    # --- actions --------------------------------------------------------------
    def open_pay(self) -> None:
        person = self.people.current()
        self.app.open("head_pay", person.id if person is not None and person.status == "hired" else None)

    def open_hire(self) -> None:
        """The structured interview where the scenario has an interview menu, the short one otherwise."""
        self.app.open("head_interview" if self.session.game.team.interview is not None else "head_hire")

    def _selected_seller(self) -> str | None:
        person = self.people.current()
        return person.id if person is not None and person.status == "hired" else None

    def fire(self) -> None:
        """Let the selected seller go, after the cost is shown and confirmed (severance, his clients, the team)."""
        sid = self._selected_seller()
        if sid is None:
            return
        game, lang = self.session.game, self.ctx.lang
        question = self.t("head.fire_confirm", seller=person_name(game, sid, lang),
                          severance=money(game.severance_of(sid), self.currency, lang))

        def let_go() -> None:
            try:
                self.session.decide(HeadDecision(fire=[sid]))
            except HeadDecisionError as exc:
                self.say(refusal(self.t, exc), "bad")
                return
            self.say(self.t("head.fired", seller=person_name(game, sid, lang)), "warn")
            self.autosave()
        self.app.open("confirm", question, let_go, safe_default=True)

    def open_lab(self) -> None:
        person = self.people.current()
        self.app.open("head_lab", person.id if person is not None and person.status == "hired" else None)

    def end_month(self) -> None:
        """Hold the chosen team event, play the month, autosave, show the month's report."""
        game = self.session.game
        if self.event.value is not None and game.decision_month:
            try:
                self.session.decide(HeadDecision(team_event=self.event.value))
            except HeadDecisionError as exc:
                self.say(refusal(self.t, exc), "bad")
                return
        report = self.session.end_month()
        self.event.index = 0
        self.autosave()
        previous = game.reports[-2] if len(game.reports) >= 2 else None
        self.app.open("head_report", report, previous)

    def autosave(self) -> None:
        """Keep the game in the saves folder (a failure is shown, never fatal)."""
        reason = self.ctx.autosave()
        if reason is not None:
            self.say(self.t("desk.autosave_failed", reason=reason), "bad")

    def resume(self) -> None:
        if self.session.game.finished:
            self.app.switch("head_debrief")
            return
        self.autosave()
        self.people.select(self.people.selected)
        self.layout(self.size)   # a new month's values may need the KPI tiles in two rows
    def back(self) -> None:
        self.app.open("confirm", self.t("head.confirm_leave"), lambda: self.app.pop_to("menu"), safe_default=True)

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) \
                and event.mod & pygame.KMOD_CTRL:
            self.end_month()
            return True
        return super().handle_event(event)

    # --- layout and drawing ---------------------------------------------------
    @read_from_afar
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        # The KPI tiles take one row, or two when a label or a value would not fit (large text, long words).
        self.strip_per_row = len(STRIP_KPIS)
        if not self._strip_fits((size[0] - 2 * pad) // len(STRIP_KPIS) - 14):
            self.strip_per_row = (len(STRIP_KPIS) + 1) // 2
        rows = -(-len(STRIP_KPIS) // self.strip_per_row)
        self.strip = pygame.Rect(pad, top, size[0] - 2 * pad,
                                 rows * (th.line_height("small") + th.line_height("body") + 4) + 8)
        body_top = self.strip.bottom + gap
        bottom = size[1] - pad - 2 * bh - 2 * gap - th.line_height("small")
        left_w = min(int(size[0] * 0.34), int(430 * th.scale))
        self.people.rect = pygame.Rect(pad, body_top, left_w, bottom - body_top)
        self.card = pygame.Rect(pad + left_w + gap, body_top, size[0] - 2 * pad - left_w - gap, bottom - body_top)
        self.card_text.rect = self.card.copy()
        self._card_key = None
        y = bottom + gap
        row = [self.rules_btn, self.pay_btn, self.hire_btn, self.segments_btn] + ([self.lab_btn] if self.lab_btn.visible
                                                                                  else []) + [self.fire_btn]
        button_row(row, pad, y, size[0] - 2 * pad, bh, gap, th)
        y += bh + gap
        end_w = max(int(260 * th.scale), th.font("body", True).size(self.t("head.end_month"))[0] + 40)
        menu_w = max(int(150 * th.scale), th.font("body").size(self.t("head.to_menu"))[0] + 40)
        self.menu_btn.rect = pygame.Rect(pad, y, menu_w, bh)
        self.end_btn.rect = pygame.Rect(size[0] - pad - end_w, y, end_w, bh)
        self.event.rect = pygame.Rect(self.menu_btn.rect.right + gap, y, self.end_btn.rect.x - self.menu_btn.rect.right
                                      - 2 * gap, bh)
        self.status_y = y + bh + 2

    @read_from_afar
    def draw(self, surface) -> None:
        th, lang, game = self.theme, self.ctx.lang, self.session.game
        surface.fill(th.c("background"))
        month = min(game.month + 1, game.turns)
        if game.decision_month:
            sub = self.t("head.subtitle", month=month, months=game.turns, player=self.session.player)
        else:
            nxt = game.month + game.team.decide_every - game.month % game.team.decide_every + 1
            sub = self.t("head.subtitle_wait", month=month, months=game.turns, next=nxt)
        self.title_bar(surface, game.scenario.title.get(lang), sub)
        self.draw_strip(surface)
        self.refresh_card()
        self.draw_widgets(surface)
        status, kind = self.status, self.status_kind
        prompt = game.review_prompt() if not status and game.decision_month else None
        if prompt is not None:   # morale fell: a prompt to look at pay against the promises
            status = self.t("head.review_low", morale=percent(prompt.morale), short=prompt.short) \
                if prompt.change is None else self.t("head.review", morale=percent(prompt.morale),
                                                     change=decimal(prompt.change * 100, 0, lang, sign=True),
                                                     short=prompt.short)
            kind = "warn"
        if status:
            th.draw_text(surface, status, (self.menu_btn.rect.x, self.status_y), "small", th.c(kind),
                         max_width=surface.get_width() - 2 * self.menu_btn.rect.x)

    def strip_label(self, kpi: str) -> str:
        return self.t("head.kpi_pay") if kpi == "pay" else kpi_name(kpi, self.ctx.lang)

    def strip_value(self, kpi: str, kpis: dict) -> str:
        return percent(kpis[kpi]) if kpi == "morale" else kpi_value(kpi, kpis[kpi], self.currency, self.ctx.lang)

    def _strip_fits(self, room: int) -> bool:
        """Whether every tile's label and last month's value fit ``room`` pixels."""
        th, reports = self.theme, self.session.game.reports
        widths = [th.font("small").size(self.strip_label(kpi))[0] for kpi in STRIP_KPIS]
        if reports:
            widths += [th.font("body", True).size(self.strip_value(kpi, reports[-1].kpis))[0] for kpi in STRIP_KPIS]
        return max(widths) <= room

    def draw_strip(self, surface) -> None:
        """Last month's company KPIs with the change against the month before."""
        th, lang, game = self.theme, self.ctx.lang, self.session.game
        th.panel(surface, self.strip, "panel_alt")
        if not game.reports:
            th.draw_wrapped(surface, self.t("head.before_first"), self.strip.inflate(-20, -8), "body", th.c("muted"))
            return
        now = game.reports[-1].kpis
        before = game.reports[-2].kpis if len(game.reports) >= 2 else None
        w = self.strip.width // self.strip_per_row
        tile_h = th.line_height("small") + th.line_height("body") + 4
        for k, kpi in enumerate(STRIP_KPIS):
            col, row = k % self.strip_per_row, k // self.strip_per_row
            x, top = self.strip.x + col * w + 10, self.strip.y + 4 + row * tile_h
            th.draw_text(surface, self.strip_label(kpi), (x, top), "small", th.c("muted"), max_width=w - 14)
            value = self.strip_value(kpi, now)
            y = top + th.line_height("small")
            vw = th.draw_text(surface, value, (x, y), "body", bold=True, max_width=w - 14)
            if before is not None:
                change = now[kpi] - before[kpi]
                if (abs(change) >= 0.005) if kpi == "morale" else abs(change) > 1e-6:
                    text = kpi_change(kpi, change, self.currency, lang) if kpi != "morale" else \
                        decimal(change * 100, 0, lang, sign=True) + "\u00a0" + self.t("head.points")
                    room = w - 14 - vw.width - 8
                    if room > th.font("small").size(text)[0] and not shows_no_change(text):
                        th.draw_text(surface, text, (self.strip.x + (col + 1) * w - 6, y + 3), "small",
                                     th.c("good" if change > 0 else "bad"), align="right")

    def card_lines(self) -> list[tuple[str, str]]:
        """The selected person as styled lines: a seller's month, a candidate's CV, or who left; then his traits."""
        lang, game, t = self.ctx.lang, self.session.game, self.t
        s = self.people.current()
        if s is None:
            return []
        cur = self.currency
        lines: list[tuple[str, str]] = [(person_name(game, s.id, lang), "title")]
        if s.status == "hired":
            books = game.books_of(s.id)
            clients = sum(game.books[b].n_clients for b in books)
            held = ", ".join(segment_name(game, b, lang) for b in books)
            lines.append((t("head.card.books", books=held, clients=clients) if books else t("head.card.no_books"),
                          "body" if books else "warn"))
            lines.append((t("head.card.scheme", scheme=scheme_short(s.pay, cur, t, lang),
                            promise=money(s.promise, cur, lang)), "body"))
            month = self.last_months().get(s.id)
            if month is not None:
                m = month.books_money
                lines.append((t("head.card.paid", pay=money(m.pay, cur, lang), salary=money(m.salary, cur, lang),
                                bonus=money(m.bonus, cur, lang)),
                              "good" if m.pay >= s.promise - 0.5 else "warn"))
                lines.append((t("head.card.touches", touches=month.touches, useful=month.useful_touches), "body"))
                lines.append((t("head.card.month", deals=month.deals, offers=month.offers, accepted=month.offers_accepted,
                                revenue=money(month.revenue, cur, lang),
                                gross=money(month.gross_profit, cur, lang)), "body"))
                lines.append((t("head.card.hours", hours=decimal(month.hours, 0, lang),
                                total=general(game.team.hours_per_seller, lang)) +
                              ("" if month.noticed_events else " " + t("head.card.missed_news")), "body"))
                free = [p for p in game.scenario.products if not p.markup.fixed and p.id in month.markups]
                if free:
                    quoted = ", ".join(f"{p.name.get(lang)} {percent(month.markups[p.id])}" for p in free)
                    lines.append((t("head.card.markups", markups=quoted), "body"))
            else:
                lines.append((t("head.card.no_month"), "muted"))
            lines.append((t("head.card.mood", mood=percent(s.motivation)),
                          "good" if s.motivation >= 0.7 else "warn" if s.motivation >= 0.45 else "bad"))
        elif s.status == "candidate":
            story = person_story(game, s.id, lang)
            if story:
                lines.append((story, "muted"))
            lines.append((t("head.card.expects", expects=money(s.expectation, cur, lang)), "body"))
            lines.append((t("head.card.asked", asked=len(s.asked), total=game.team.interview_questions), "muted"))
        else:
            lines.append((t("head.card.fired" if s.status == "fired" else "head.card.left"), "bad"))
        lines += [("", "body"), (t("head.card.traits"), "h")]
        traits = s.visible_traits()
        lines += [(f"{t(f'head.trait.{trait}')}: {trait_level(t, traits[trait])}",
                   "body" if traits[trait] is not None else "muted") for trait in TRAIT_ORDER]
        return lines

    def refresh_card(self) -> None:
        """Re-read the card when the person, the month, a decision or the language changed (wrapping is cached)."""
        game = self.session.game
        person = self.people.current()
        key = (person.id if person else None, game.month, len(game.decisions[-1]), self.ctx.lang,
               person.status if person else None)
        if key != self._card_key:
            self._card_key = key
            self.card_text.set_lines(self.card_lines())
