"""A team's month: this player's plan goes to the workshop server as a proposal, the teammates' come in, the team
takes one; every member's window then plays the chosen plan (so the team's desks stay the same game).

The network calls run on a background thread (:class:`~simulator.store.team_client.TeamSeat`); the frame thread
reads what they left each frame. 1-4 take a proposal, Esc goes back to the desk to change one's own plan (sent
again at the next *End month*, until the team has chosen).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pygame

from ...engine import MonthPlan
from ...store.team_client import TeamCallError, TeamSeat
from ...store.team_record import TeamMonth, TeamRecord
from ..texts import percent
from ..widgets import Button
from .base import Scene

POLL_MS = 1000
MAX_SHOWN = 4


class TeamChoiceScene(Scene):
    """The proposals of the month, a button to take each, and what the team chose."""

    def __init__(self, app, seat: TeamSeat, plan: MonthPlan, on_chosen: Callable[[MonthPlan], None]):
        super().__init__(app)
        self.seat, self.plan, self.on_chosen = seat, plan, on_chosen
        self.session = self.ctx.session
        self.month_no = self.session.game.month + 1
        self.standing: TeamMonth | None = None
        self.members: list[str] = []
        self.message, self.style = self.t("team.sending"), "muted"
        self._since_poll = 0
        self._thread: threading.Thread | None = None
        self._result: tuple[str, object] | None = None  # what the background call left: ("month"|"error", value)
        self.takes = [self.form.add(Button(f"team.take{k}", self._take_label(k), partial(self.take, k)))
                      for k in range(MAX_SHOWN)]
        self.back_button = self.form.add(Button("team.back", self.lazy("team.back"), self.back))
        self._call(self._send)

    # --- background calls ------------------------------------------------------------------
    def _call(self, work: Callable[[], TeamMonth]) -> None:
        if self._thread is not None and self._thread.is_alive():
            return

        def run() -> None:
            try:
                self._result = ("month", work())
            except TeamCallError as exc:
                self._result = ("error", exc)
        self._thread = threading.Thread(target=run, name="salesdesk-team", daemon=True)
        self._thread.start()

    def _send(self) -> TeamMonth:
        self.members = self.seat.join()
        return self.seat.propose(self.month_no, self.plan)

    def take(self, k: int) -> None:
        """Take the ``k``-th proposal shown as the team's plan."""
        if self.standing is None or k >= len(self.standing.proposals) or self.standing.chosen:
            return
        chosen = self.standing.proposals[k][0]
        self._call(lambda: self.seat.choose(self.month_no, chosen))

    # --- frame -------------------------------------------------------------------------------
    def update(self, dt: int) -> None:
        found, self._result = self._result, None
        if found is not None:
            kind, value = found
            if kind == "month":
                assert isinstance(value, TeamMonth)
                self.standing = value
                self.message, self.style = self.t("team.waiting"), "muted"
            else:
                assert isinstance(value, TeamCallError)
                if value.code == "already_chosen":
                    self._call(lambda: self.seat.month(self.month_no))
                else:
                    self.message, self.style = self.t("team.error", reason=value.message), "bad"
        if self.standing is not None and self.standing.chosen:
            self._chosen(self.standing)
            return
        self._since_poll += dt
        if self._since_poll >= POLL_MS and self.standing is not None:
            self._since_poll = 0
            self._call(lambda: self.seat.month(self.month_no))
        for k, button in enumerate(self.takes):
            button.visible = self.standing is not None and k < len(self.standing.proposals)

    def _chosen(self, month: TeamMonth) -> None:
        """Keep the month in the team's record and hand the team's plan back to the desk, which plays it as it plays
        any plan (alone at once; in a rounds session when the trainer closes the month)."""
        chosen = month.plan_of(month.chosen or "")
        assert chosen is not None
        record = self.session.team or TeamRecord(self.seat.team, tuple(self.members), ())
        self.session.team = TeamRecord(record.name, tuple(self.members) or record.members, (*record.months, month))
        self.app.pop()
        self.on_chosen(chosen)

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN and pygame.K_1 <= event.key <= pygame.K_4:
            self.take(event.key - pygame.K_1)
            return True
        return super().handle_event(event)

    def _take_label(self, k: int) -> Callable[[], str]:
        def label() -> str:
            if self.standing is None or k >= len(self.standing.proposals):
                return ""
            return self.t("team.take", n=k + 1, member=self.standing.proposals[k][0])
        return label

    def summary(self, member: str, plan: MonthPlan) -> str:
        """One proposal in a line: its markups, touches and offers."""
        names = {p.id: p.name.get(self.ctx.lang) for p in self.session.scenario.products}
        markups = ", ".join(f"{names.get(pid, pid)} {percent(value)}"
                            for pid, value in sorted(plan.markups.items()))
        touches = sum(len(b.clients) for b in plan.touches)
        offers = sum(len(b.clients) for b in plan.offers)
        you = self.t("team.you") if member == self.seat.member else ""
        return self.t("team.proposal", member=member + you, touches=touches, offers=offers, markups=markups)

    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap, bh, top = self.page_metrics()
        width = size[0] - 2 * pad
        bw = min(width // 3, int(420 * th.scale))
        row = max(bh, 3 * th.line_height("body")) + gap
        y0 = top + (len(th.wrap(self.t("team.how"), width, "body")) + 3) * th.line_height("body")  # 2 lines of status
        self.back_button.rect = pygame.Rect(pad, size[1] - pad - bh, bw, bh)
        for k, button in enumerate(self.takes):
            button.rect = pygame.Rect(pad, y0 + k * row, bw, bh)

    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        pad, gap, bh, top = self.page_metrics()
        width = surface.get_width() - 2 * pad
        self.title_bar(surface, self.t("team.title", team=self.seat.team, month=self.month_no),
                       self.t("team.members", members=", ".join(self.members) or self.seat.member))
        y = top
        how = th.wrap(self.t("team.how"), width, "body")
        for line in how:
            th.draw_text(surface, line, (pad, y), "body", th.c("muted"))
            y += th.line_height("body")
        th.draw_wrapped(surface, self.message, pygame.Rect(pad, y, width, 2 * th.line_height("body")), "body",
                        th.c("bad") if self.style == "bad" else th.c("text"), max_lines=2)
        if self.standing is not None:
            for k, (member, plan) in enumerate(self.standing.proposals[:MAX_SHOWN]):
                button = self.takes[k]
                text = pygame.Rect(button.rect.right + gap, button.rect.y, surface.get_width() - button.rect.right
                                   - gap - pad, 3 * th.line_height("body"))
                th.draw_wrapped(surface, self.summary(member, plan), text, "body", max_lines=3)
        self.draw_widgets(surface)
