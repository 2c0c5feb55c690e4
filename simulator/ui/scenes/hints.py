"""The guided first play (the tutorial scenario): a hands-on walk through one month.

Most steps wait for the player to do the thing (select the client whose
renewal is due, pick the topic, make the touch, offer what fits a known need,
set a markup, end the month); each is checked on the game state, never on
which button was pressed, so a key, a click or any other way counts. The
few steps that only show something have a Next button. Skip (or Esc) ends
the guide at any time.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from ...desk.knowledge import FITS
from ..texts import decimal


@dataclass(frozen=True)
class Step:
    """One step: the widget it points at (or a function of the desk giving its id), its text, the tab it
    needs, and the check that it is done (None: the player reads it and presses Next)."""

    target: str | Callable[[object], str]
    text: str
    tab: str | None = None
    done: Callable[[object], bool] | None = None
    words: Callable[[object], dict] | None = None   # numbers the text needs (the recap's)


def _selected(desk) -> int | None:
    return desk.list.selected


def _due_now_selected(desk) -> bool:
    """The selected client has a renewal due this month (the one to call first)."""
    c = _selected(desk)
    return c is not None and bool(desk.table.renewal_due[c]) and int(desk.table.due[c]) <= 0


def _reason_picked(desk) -> bool:
    """The topic is news to the selected client (the engine's rule: a renewal reminder in its window, ...)."""
    c, topic = _selected(desk), desk.client.topic.value
    if c is None or topic is None:
        return False
    game = desk.session.game
    topics = list(game.view.product_ids) + list(game.view.event_ids)
    return bool(game.news(desk.session.draft.markups)[c, topics.index(topic)])


def _touched(desk) -> bool:
    c = _selected(desk)
    return c is not None and bool(desk.session.draft.touches_of(c))


def _fitting_offer(desk) -> bool:
    """An offer is planned that fits a known job and was not refused at this price (the desk's knowledge)."""
    draft, known = desk.session.draft, desk.knowledge()
    offers = draft.offers_planned()
    return bool((offers & (known.offer == FITS)).any())


def _talk_held(desk) -> bool:
    """A discovery conversation is kept in the month's plan."""
    return bool(desk.session.draft.conversations())


def _month_played(desk) -> bool:
    return desk.session.game.month > 0


def _second_month_played(desk) -> bool:
    return desk.session.game.month > 1


def _agenda_used(desk) -> bool:
    """Month 2: the player opened an agenda item and planned a touch from it."""
    return desk.agenda.opened is not None and bool(desk.session.draft.contacted().any())


def _recap(desk) -> dict:
    """What month 1 did and why, in words built from the engine's month report."""
    t = desk.t
    report = desk.session.game.reports[0]
    renewals, won = report.deal_renewal, report.deals_won
    kept, due = int((renewals & won).sum()), int(renewals.sum())
    accepted, offers = int(report.offers_accepted.sum()), int(report.offer_reason.size)
    lost = int(report.churned.size)
    loyalty = decimal(float(report.loyalty_change.mean() * 100), 1, desk.ctx.lang, sign=True)
    return {
        "renewals": t("recap.renewals_kept" if kept == due else "recap.renewals_lost", kept=kept, due=due) if due else "",
        "offers": (t("recap.offers_sold", accepted=accepted, offers=offers) if accepted
                   else t("recap.offers_none", offers=offers) if offers else t("recap.no_offers")),
        "touches": t("recap.touches", useful=int(report.useful_touches), touches=int(report.touches), loyalty=loyalty),
        "lost": t("recap.lost", lost=lost) if lost else t("recap.none_lost"),
    }


def _price_target(desk) -> str:
    visible = [s for s in desk.sliders if s.visible and not s.locked]
    return visible[0].id if desk.tab == "prices" and visible else "desk.tab.prices"


STEPS = (
    Step("desk.agenda.0", "hint.agenda"),
    Step("desk.clients", "hint.do_select", done=_due_now_selected),
    Step("desk.topic", "hint.do_topic", "client", done=_reason_picked),
    Step("desk.touch_one", "hint.do_touch", "client", done=_touched),
    Step("desk.card", "hint.card", "client"),
    Step("desk.hours", "hint.hours"),
    Step("desk.offer_product", "hint.do_offer", "client", done=_fitting_offer),
    Step(_price_target, "hint.price", "prices"),
    Step("desk.kpi.gross_profit", "hint.kpis"),
    Step("desk.end_month", "hint.do_end", done=_month_played),
)
# Month 2, lightly: what month 1 did and why, then the agenda leads.
MONTH2_STEPS = (
    Step("desk.kpi.gross_profit", "hint.recap", "client", words=_recap),
    Step("desk.agenda.0", "hint.do_agenda", "client", done=_agenda_used),
    Step("desk.end_month", "hint.do_end_2", done=_second_month_played),
)


# A scenario with discovery conversations, the first time: talk, read the card, offer what the talk found.
TALK_STEPS = (
    Step("desk.talk", "hint.do_talk", "client", done=_talk_held),
    Step("desk.card", "hint.talk_card", "client"),
    Step("desk.offer_product", "hint.talk_offer", "client", done=_fitting_offer),
    Step("desk.end_month", "hint.do_end", done=_month_played),
)


class HintGuide:
    """Steps through :data:`STEPS`; the desk draws the callout and owns its Next / Skip buttons."""

    def __init__(self, scene):
        self.scene = scene
        ctx = scene.ctx
        game = scene.session.game
        self.steps: tuple[Step, ...] = STEPS
        self.seen = "desk"
        self.active = bool(ctx.settings.hints and game.scenario.id == "tutorial" and game.month == 0
                           and "desk" not in ctx.tutorial_seen)
        if (not self.active and ctx.settings.hints and game.month == 0 and "talk" not in ctx.tutorial_seen
                and game.desk.conversation_touches()):
            self.steps, self.seen, self.active = TALK_STEPS, "talk", True
        self.step = 0
        self.box = pygame.Rect(0, 0, 0, 0)
        if self.active:
            self._focus()

    def month_played(self) -> None:
        """After month 1 of the tutorial (its guide followed or skipped): the recap and the light month-2 guide."""
        scene = self.scene
        ctx, game = scene.ctx, scene.session.game
        if (ctx.settings.hints and game.scenario.id == "tutorial" and game.month == 1
                and "desk2" not in ctx.tutorial_seen and not game.finished):
            ctx.tutorial_seen.add("desk")
            self.steps, self.seen, self.step, self.active = MONTH2_STEPS, "desk2", 0, True
            self._show()
        elif self.active and self.steps is MONTH2_STEPS and game.month > 1:
            self.stop()

    @property
    def current(self) -> Step | None:
        """The step shown now."""
        return self.steps[self.step] if self.active and self.step < len(self.steps) else None

    def text(self) -> str:
        """The current step's words (with the recap's numbers)."""
        step = self.current
        if step is None:
            return ""
        return self.scene.t(step.text, **(step.words(self.scene) if step.words else {}))

    @property
    def waiting(self) -> bool:
        """True when the step waits for the player to do something (no Next button)."""
        step = self.current
        return step is not None and step.done is not None

    def target_id(self) -> str | None:
        step = self.current
        if step is None:
            return None
        return step.target(self.scene) if callable(step.target) else step.target

    def next(self) -> None:
        """The next step (the last one ends the guide)."""
        self.step += 1
        if self.step >= len(self.steps):
            self.stop()
        else:
            self._show()

    def stop(self) -> None:
        """End the guide."""
        self.active = False
        self.scene.ctx.tutorial_seen.add(self.seen)
        self.scene.hint_next.visible = self.scene.hint_skip.visible = False
        self.scene.form.set_focus(self.scene.list)

    def _focus(self) -> None:
        """Next when there is only reading to do; the widget to use when the step waits for the player."""
        if not self.waiting:
            self.scene.form.set_focus(self.scene.hint_next)
            return
        w = self.scene.form.find(self.target_id())
        if w is not None and w.focusable and w.visible:
            self.scene.form.set_focus(w)

    def _show(self) -> None:
        step = self.current
        if step and step.tab and self.scene.tab != step.tab:
            self.scene.set_tab(step.tab)
        else:
            self.layout()
        self._focus()

    def update(self) -> None:
        """Move on as soon as the player has done what the step asks (checked on the game state)."""
        if not self.active:
            return
        step = self.current
        if step is not None and step.done is not None and step.done(self.scene):
            self.next()
            return
        if self.scene.form.focus is None:
            self._focus()
        if self.target_id() != getattr(self, "_laid_for", None):  # the target moved (the prices tab opened)
            self.layout()

    def target(self) -> pygame.Rect | None:
        wid = self.target_id()
        w = self.scene.form.find(wid) if wid else None
        return w.rect if w is not None and w.visible else None

    def layout(self) -> None:
        """Place the callout next to its target and the buttons inside it."""
        scene = self.scene
        if not self.active:
            scene.hint_next.visible = scene.hint_skip.visible = False
            return
        self._laid_for = self.target_id()
        th = scene.theme
        W, H = scene.size
        pad, bh = th.m("padding"), th.m("button_height")
        width = min(int(430 * th.scale), W - 20)
        assert self.current is not None  # active: there is a step
        lines = th.wrap(self.text(), width - 2 * pad, "body")
        height = len(lines) * th.line_height("body") + th.line_height("small") + bh + 4 * pad
        target = self.target() or pygame.Rect(W // 2, H // 2, 0, 0)
        x, y = self.place(target, width, height, W, H)
        self.box = pygame.Rect(x, y, width, height)
        half = (width - 3 * pad) // 2
        scene.hint_next.visible = not self.waiting
        scene.hint_skip.visible = True
        scene.hint_next.rect = pygame.Rect(x + pad, self.box.bottom - pad - bh, half, bh)
        scene.hint_skip.rect = pygame.Rect(x + 2 * pad + half, self.box.bottom - pad - bh, half, bh)
        # The hint buttons must be on top of everything for clicks.
        for b in (scene.hint_next, scene.hint_skip):
            scene.form.widgets.remove(b)
            scene.form.widgets.append(b)

    @staticmethod
    def place(target: pygame.Rect, width: int, height: int, W: int, H: int) -> tuple[int, int]:
        """Where a ``width`` x ``height`` callout goes: below its target, else above, beside it on the right or the
        left, always inside the window and never over the target (with its highlight ring); when no side has the
        room, the place that covers the least of it."""
        ring = target.inflate(16, 16)
        gap = 14
        x_aligned = min(max(10, target.x), W - width - 10)
        y_aligned = max(10, min(target.y, H - height - 10))
        candidates = [
            (x_aligned, target.bottom + gap), (x_aligned, target.y - height - gap),
            (target.right + gap, y_aligned), (target.x - width - gap, y_aligned),
        ]
        inside = [(x, y) for x, y in candidates if 10 <= x <= W - width - 10 and 10 <= y <= H - height - 10]
        for x, y in inside:
            if not pygame.Rect(x, y, width, height).colliderect(ring):
                return x, y
        corners = inside + [(10, 10), (W - width - 10, 10), (10, H - height - 10), (W - width - 10, H - height - 10)]

        def covered(xy: tuple[int, int]) -> int:
            overlap = pygame.Rect(*xy, width, height).clip(ring)
            return overlap.width * overlap.height

        return min(corners, key=covered)

    def draw(self, surface: pygame.Surface) -> None:
        """Highlight the target and draw the callout (its buttons are drawn by the form after)."""
        if not self.active:
            return
        th = self.scene.theme
        target = self.target()
        if target is not None:
            pygame.draw.rect(surface, th.c("focus"), target.inflate(10, 10), width=3, border_radius=8)
        pygame.draw.rect(surface, th.c("panel_alt"), self.box, border_radius=8)
        pygame.draw.rect(surface, th.c("focus"), self.box, width=2, border_radius=8)
        pad = th.m("padding")
        th.draw_text(surface, self.scene.t("hint.step", n=self.step + 1, total=len(self.steps)), (self.box.x + pad,
                     self.box.y + pad // 2), "small", th.c("focus"), bold=True)
        inner = pygame.Rect(self.box.x + pad, self.box.y + pad // 2 + th.line_height("small"), self.box.width - 2 * pad,
                            self.box.height)
        assert self.current is not None  # drawn only while active
        th.draw_wrapped(surface, self.text(), inner, "body")
        if self.waiting:  # where Next would be: what the guide waits for
            th.draw_wrapped(surface, self.scene.t("hint.waiting"), self.scene.hint_next.rect, "small", th.c("muted"),
                            max_lines=2)
        for b in (self.scene.hint_next, self.scene.hint_skip):
            if not b.visible:
                continue
            b.draw(surface, th)
            if b.focused:
                b.draw_focus(surface, th)
