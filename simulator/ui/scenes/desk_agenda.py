"""The month agenda on the desk: one row of the engine's agenda items, most urgent first, each a button (F2...)
that opens its clients in the list with the topic or product already picked, and says what to do next."""
from __future__ import annotations

from functools import partial

import pygame

from ...desk.knowledge import desk_agenda
from ...engine import AgendaItem
from ..layout import fit_row
from ..texts import general
from ..widgets import Button, Shortcut, resolve
from .desk_parts import Panel

AGENDA_KEYS = (pygame.K_F2, pygame.K_F3, pygame.K_F4, pygame.K_F5, pygame.K_F6, pygame.K_F7)
GLYPH = {"market": "★", "news": "★", "renewal": "↻", "at_risk": "⚠", "quiet": "☾", "fits": "◆", "refused": "⊘", "free_hours": "◷"}
NO_TOPIC = ("at_risk", "quiet", "free_hours")   # items the engine may leave without a topic that is news to them
STYLE = {"market": "warn", "news": "warn", "renewal": "warn", "at_risk": "bad", "quiet": "accent", "fits": "good", "refused": "muted",
         "free_hours": "accent"}


class AgendaPanel(Panel):
    """The agenda's buttons (as many as fit in a row; the rest wait until the first are done)."""

    def __init__(self, scene):
        super().__init__(scene)
        self._key: tuple | None = None
        self.items: list[AgendaItem] = []
        self.opened: tuple[str, str | None] | None = None   # (code, topic) of the item shown in the list
        self.buttons = []
        for k, key in enumerate(AGENDA_KEYS):
            b = self.add(Button(f"desk.agenda.{k}", partial(self.label, k), partial(self.open, k),
                                tooltip=partial(self.advice, k), size="small"))
            b.shortcut = Shortcut(key)
            b.shortcut_help = self.lazy("key.desk.agenda")
            b.keeps_focus = True
            b.selected = lambda k=k: self._is_open(k)
            self.buttons.append(b)
        self.title_w = 0

    # --- the engine's agenda -----------------------------------------------------------
    def current(self) -> list[AgendaItem]:
        """The agenda for the plan drafted so far (recomputed when the month or the plan changes)."""
        session = self.session
        key = (session.game.month, session.draft.version, id(session.draft))
        if key != self._key:
            self._key = key
            self.items = desk_agenda(session.draft, self.scene.knowledge())
        return self.items

    def item(self, k: int) -> AgendaItem | None:
        items = self.current()
        return items[k] if k < len(items) else None

    def _is_open(self, k: int) -> bool:
        item = self.item(k)
        return item is not None and (item.code, item.topic) == self.opened

    def _topic_name(self, topic: str | None) -> str:
        game, lang = self.session.game, self.ctx.lang
        for p in game.scenario.products:
            if p.id == topic:
                return p.name.get(lang)
        for e in game.scenario.events:
            if e.id == topic:
                return e.title.get(lang)
        return ""

    def _about(self, topic: str | None) -> str:
        """An event's description (what it changes), in the player's language."""
        for e in self.session.game.scenario.events:
            if e.id == topic:
                return e.description.get(self.ctx.lang) if e.description else ""
        return ""

    def _words(self, item: AgendaItem) -> dict:
        numbers = dict(item.numbers)
        if item.code == "market":
            numbers["about"] = self._about(item.topic)
        if "hours" in numbers:
            numbers["hours"] = general(numbers["hours"], self.ctx.lang)
        return {**numbers, "topic": self._topic_name(item.topic)}

    def label(self, k: int) -> str:
        """The button's short text: a glyph, the count and what it is."""
        item = self.item(k)
        if item is None:
            return ""
        key = f"agenda.{item.code}"
        if item.code == "renewal" and sum(i.code == "renewal" for i in self.items) > 1:
            key = "agenda.renewal_of"   # renewals of several products: each button names its product
        return f"{GLYPH[item.code]} " + self.t(key, **self._words(item))

    def advice(self, k: int) -> str:
        """What the item means and what to do about it (the tooltip and, once opened, the desk's message)."""
        item = self.item(k)
        if item is None:
            return ""
        key = "agenda.news_new_tip" if item.code == "news" and item.numbers.get("new") else f"agenda.{item.code}_tip"
        if item.topic is None and item.code in NO_TOPIC:   # nothing is news to them: say so, not "the topic  is news"
            key = f"agenda.{item.code}_no_topic_tip"
        return self.t(key, **self._words(item))

    # --- opening an item ------------------------------------------------------------------
    def open(self, k: int) -> None:
        """Show the item's clients in the list (pressed again: every client again), with its topic and product
        picked, the first client selected and the keyboard in the list."""
        item = self.item(k)
        if item is None:
            return
        scene = self.scene
        if item.code == "market":  # the market moved: the prices, where its new mark shows
            scene.set_tab("prices")
            scene.say(self.advice(k), "warn")
            return
        if (item.code, item.topic) == self.opened:
            self.close()
            scene.say("")
            return
        if not item.clients.size:  # nobody to show (free hours, nothing news to anyone): say why, keep the list
            scene.say(self.advice(k), STYLE[item.code] if STYLE[item.code] != "accent" else "good")
            return
        scene.clients.show_only(item.clients)
        self.opened = (item.code, item.topic)
        products = [p.id for p in self.session.game.scenario.products]
        if item.code != "refused" and item.topic is not None:
            scene.client.topic.select(item.topic)
        if item.topic in products and item.code in ("fits", "refused"):
            scene.client.offer_product.select(item.topic)
        scene.set_tab("client")
        if len(scene.table.index):
            scene.list.select_position(0)
        scene.form.set_focus(scene.list)
        scene.say(self.advice(k), STYLE[item.code] if STYLE[item.code] != "accent" else "good")

    def close(self) -> None:
        """The list is no longer narrowed to an item."""
        if self.opened is not None:
            self.opened = None
            self.scene.clients.show_only(None)

    # --- layout and drawing ----------------------------------------------------------------
    def layout(self, rect: pygame.Rect) -> None:
        """The title, then as many items as fit side by side at the small size (most urgent first)."""
        super().layout(rect)
        th = self.theme
        gap = th.m("gap")
        self.title_w = th.font("small", True).size(self.t("agenda.title"))[0] + gap
        n = len(self.current())
        shown: list = []
        for count in range(min(n, len(self.buttons)), 0, -1):
            widgets = self.buttons[:count]
            labels = [resolve(b.text) for b in widgets]
            if fit_row(th, widgets, labels, rect.x + self.title_w, rect.y, rect.width - self.title_w, rect.height,
                       gap, size="small", slack=20):
                shown = widgets
                break
        for b in self.buttons:
            b.visible = b in shown

    def refresh(self) -> None:
        """A month was played: the list is no longer narrowed to last month's item."""
        self.opened = None

    def update(self) -> None:
        """Re-lay the row when the agenda's items change (a renewal reminded, hours used)."""
        before = self.items
        if self.current() is not before and self.rect.width:
            self.layout(self.rect)

    def draw(self, surface) -> None:
        th = self.theme
        r = self.rect
        text = self.t("agenda.title") if self.items else self.t("agenda.empty")
        th.draw_text(surface, text, (r.x, r.y + (r.height - th.line_height("small")) // 2), "small",
                     th.c("muted"), bold=True)
