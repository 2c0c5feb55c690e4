"""The desk's "Client" tab: the selected client's card, and planning touches and offers for them or for the list."""
from __future__ import annotations

from collections.abc import Sequence

import pygame

from ...desk import AddResult
from ..layout import fit_row, two_line_width, wrap_parts
from ..texts import percent
from ..widgets import CHOICE_SLACK, Button, Choice, Widget, resolve
from ..widgets.scroll_text import ScrollText
from .desk_card import card_lines, offer_state, topic_state
from .desk_parts import Panel


class ClientPanel(Panel):
    """Card header (name, segment, bars), the card text and the action rows."""

    def __init__(self, scene):
        super().__init__(scene)
        t, lazy = self.t, self.lazy
        game = self.session.game
        table = scene.table
        self._card_key = None
        self.card = self.add(ScrollText("desk.card"))
        self.touch_kind = self.add(Choice("desk.touch_kind", scene.touch_options, lambda v: None,
                                          tooltip=lazy("desk.touch")))
        self.topic = self.add(Choice("desk.topic", self._topic_options, lambda v: None, tooltip=lazy("desk.topic_tip")))
        self.touch_one = self.add(Button("desk.touch_one", lazy("desk.touch_one"), self.touch_selected))
        self.touch_all = self.add(Button("desk.touch_all", self._touch_all_label,
                                         self.touch_filtered, tooltip=lazy("desk.bulk_tip")))
        # A discovery conversation on the client's call or visit (scenarios with conversations only).
        self.talk_kinds = tuple(game.desk.conversation_touches())
        self.talk = self.add(Button("desk.talk", self._talk_label, self.talk_selected, tooltip=lazy("desk.talk_tip")))
        product_opts = lambda: [(p.id, p.name.get(self.ctx.lang)) for p in game.scenario.products]  # noqa: E731
        self.offer_product = self.add(Choice("desk.offer_product", product_opts, lambda v: None,
                                             prefix=lazy("desk.offer")))
        self.offer_one = self.add(Button("desk.offer_one", lazy("desk.offer_one"), self.offer_selected,
                                         tooltip=lazy("desk.offer_tip")))
        self.offer_all = self.add(Button("desk.offer_all", self._offer_all_label,
                                         self.offer_filtered, tooltip=lazy("desk.bulk_tip")))
        self.clear_one = self.add(Button("desk.clear_one", lazy("desk.clear_one"), self.clear_selected))
        self.clear_all = self.add(Button("desk.clear_all", lambda: t("desk.clear_all", n=len(table.index)),
                                         self.clear_filtered))
        self.header = pygame.Rect(0, 0, 0, 0)
        self.fit_y = 0
        self.topic_y = 0
        self.talk_w = 0
        self.topic_line = True

    def show(self, visible: bool) -> None:
        super().show(visible)
        self.talk.visible = visible and bool(self.talk_kinds)

    def _topic_options(self):
        game = self.session.game
        lang = self.ctx.lang
        opts = [(None, self.t("desk.no_topic"))]
        opts += [(p.id, p.name.get(lang)) for p in game.scenario.products]
        running = game.view.running_events
        opts += [(e.id, "★ " + e.title.get(lang)) for e, on in zip(game.scenario.events, running) if on]
        return opts

    def _widest_label(self, button, n: str) -> str:
        """A bulk button's label with every count at its widest (the whole client base), for the layout."""
        if button is self.touch_all:
            return self.t("desk.touch_all_news", n=n, news=n)
        if button is self.offer_all:
            return self.t("desk.offer_all_fit", n=n, fit=n)
        if button is self.talk:
            return max((self.t("desk.talk"), self.t("desk.talk_read")), key=lambda s: self.theme.font("body").size(s)[0])
        return resolve(button.text).replace(str(len(self.scene.table.index)), n)

    def _topic_column(self) -> int | None:
        view = self.session.game.view
        topics = list(view.product_ids) + list(view.event_ids)
        topic = self.topic.value
        return topics.index(topic) if topic in topics else None

    def _touch_all_label(self) -> str:
        """"Touch all N shown", with how many of them the topic is news to (the touches that would count)."""
        index = self.scene.table.index
        column = self._topic_column()
        if column is None:
            return self.t("desk.touch_all", n=len(index))
        news = int(self.scene.knowledge().news[index, column].sum())
        return self.t("desk.touch_all_news", n=len(index), news=news)

    def _offer_all_label(self) -> str:
        """"Offer to N shown", with how many of them the product fits and has not refused at this price."""
        index = self.scene.table.index
        p = self.session.game.view.product_index(self.offer_product.value)
        fit = int(self.scene.knowledge().fits(p)[index].sum())
        return self.t("desk.offer_all_fit", n=len(index), fit=fit)

    # --- actions ---------------------------------------------------------------------
    @property
    def selected(self) -> int | None:
        return self.scene.list.selected

    def invalidate(self) -> None:
        """Redraw the card's text on the next frame."""
        self._card_key = None

    def _report(self, result: AddResult, what: str, unfit: int = 0) -> None:
        parts = [self.t(f"desk.added_{what}", n=result.added)]
        if unfit:
            parts.append(self.t("desk.skipped_unfit", n=unfit))
        if result.no_hours:
            parts.append(self.t("desk.skipped_hours", n=result.no_hours))
        if result.no_contact:
            parts.append(self.t("desk.skipped_contact", n=result.no_contact))
        if result.lost:
            parts.append(self.t("desk.skipped_lost", n=result.lost))
        if result.already:
            parts.append(self.t("desk.skipped_already", n=result.already))
        style = "good" if result.added and len(parts) == 1 else ("warn" if result.added else "bad")
        self.scene.say("; ".join(parts), style)
        self.invalidate()

    def touch_selected(self) -> None:
        """Plan the chosen touch for the selected client."""
        if self.selected is None:
            return
        self._report(self.session.draft.add_touch(self.touch_kind.value, self.topic.value, [self.selected]), "touches")

    def touch_filtered(self) -> None:
        """Plan the chosen touch for every client the filter shows, as far as the hours allow."""
        self._report(self.session.draft.add_touch(self.touch_kind.value, self.topic.value, self.scene.table.index),
                     "touches")

    def offer_selected(self) -> None:
        """Offer the chosen product to the selected client."""
        if self.selected is None:
            return
        self._report(self.session.draft.add_offer(self.offer_product.value, [self.selected]), "offers")

    def offer_filtered(self) -> None:
        """Offer the chosen product to every shown client it fits (a known job, not refused at this price, not
        renewing now: the desk's rules) who has a touch planned; the others would be pushing and are left out (an
        offer to one of them is still the player's to make, one by one)."""
        index = self.scene.table.index
        p = self.session.game.view.product_index(self.offer_product.value)
        fits = self.scene.knowledge().fits(p)[index]
        result = self.session.draft.add_offer(self.offer_product.value, index[fits])
        self._report(result, "offers", unfit=int((~fits).sum()))

    # --- conversations ----------------------------------------------------------------
    def _talk_label(self) -> str:
        c = self.selected
        held = c is not None and self.session.draft.conversation_of(c) is not None
        return self.t("desk.talk_read" if held else "desk.talk")

    def talk_selected(self) -> None:
        """Talk to the selected client on their planned call or visit (planning the picked one, or the first that
        can carry a talk, when none is planned); a talk held this month opens to be read again."""
        c = self.selected
        if c is None or not self.talk_kinds:
            return
        game, draft = self.session.game, self.session.draft
        held = draft.conversation_of(c)
        if held is not None:
            self.scene.app.open("talk", held, self.talk_ended, done=True)
            return
        kind = draft.talk_touch(c)
        if kind is None:
            picked = self.touch_kind.value
            kind = picked if picked in self.talk_kinds else self.talk_kinds[0]
            if not game.can_converse(c, kind):
                self.scene.say(self.t("desk.talk_cannot", touch=self._kind_name(kind)), "bad")
                return
            result = draft.add_touch(kind, None, [c])
            if not result.added:
                self._report(result, "touches")
                return
            self.invalidate()
        elif not game.can_converse(c, kind):
            self.scene.say(self.t("desk.talk_cannot", touch=self._kind_name(kind)), "bad")
            return
        self.scene.app.open("talk", game.open_conversation(c, kind), self.talk_ended)

    def _kind_name(self, kind: str) -> str:
        return next((k.name.get(self.ctx.lang) for k in self.session.game.scenario.touch_types if k.id == kind), kind)

    def talk_ended(self, conversation) -> None:
        """A talk ended: the draft keeps it; the offer picker moves to a product that now fits (the engine's offer
        status after the talk), and the message line says what the talk found."""
        draft = self.session.draft
        draft.add_conversation(conversation)
        self.invalidate()
        known = self.scene.knowledge()
        c = int(conversation.client)
        view = self.session.game.view
        fitting = [pid for p, pid in enumerate(view.product_ids) if bool(known.fits(p)[c])]
        if fitting:
            self.offer_product.select(fitting[0])
        needs = sum(f.kind == "need" for f in conversation.findings)
        signals = sum(f.kind == "signal" for f in conversation.findings)
        self.scene.say(self.t("desk.talk_kept", n=len(conversation.asked), needs=needs, signals=signals,
                              fits=len(fitting)), "good" if needs else "warn")

    def clear_selected(self) -> None:
        if self.selected is not None:
            n = self.session.draft.clear([self.selected])
            self.scene.say(self.t("desk.cleared", n=n))
            self.invalidate()

    def clear_filtered(self) -> None:
        n = self.session.draft.clear(self.scene.table.index)
        self.scene.say(self.t("desk.cleared", n=n))
        self.invalidate()

    def update(self) -> None:
        key = (self.selected, self.session.draft.version, self.session.game.month, self.ctx.lang)
        if key != self._card_key and self.selected is not None:
            self._card_key = key
            self.card.set_lines(card_lines(self.session, self.selected, self.ctx.lang, self.t,
                                          self.scene.knowledge(), self.scene.talked_view()))

    # --- layout and drawing --------------------------------------------------------------
    def bar_row_h(self) -> int:
        return max(self.theme.line_height("small"), self.theme.m("bar_height")) + 4

    def subtitle(self) -> str:
        """Segment, status and silence of the selected client (under the name)."""
        c, tb = self.selected, self.scene.table
        segs = self.session.game.scenario.segments
        seg = int(tb.segment[c])
        status = self.t("card.active") if tb.active[c] else self.t("card.lost")
        return self.t("card.subtitle", segment=segs[seg].name.get(self.ctx.lang) if seg >= 0 else "—", status=status,
                      silence=int(tb.silence[c]))

    def layout(self, r: pygame.Rect) -> None:
        """Header (name, a two-line subtitle, bars), the card, then the action rows: side by side, each control
        as wide as its label needs; one under the other only when not even two-line labels fit (the card gives
        way)."""
        super().layout(r)
        th = self.theme
        gap, bh = th.m("gap"), th.m("button_height")
        header_h = th.line_height("large") + 2 * th.line_height("small") + 2 * self.bar_row_h() + 8
        self.header = pygame.Rect(r.x, r.y, r.width, header_h)
        n = str(self.session.game.n_clients)  # "… (6500)": the widest count a label can show

        def widest_option(choice) -> str:
            return max((label for _, label in choice.options()), key=lambda s: th.font("body").size(s)[0], default="")

        # Side by side, each control as wide as its label needs; when room is short a label steps down to the
        # small size or two small lines (still whole), and only the topic may be shortened (the card names it).
        pickers = [self.touch_kind, self.topic]
        labels = [widest_option(c) for c in pickers]
        rows: list[tuple[Sequence[Widget], list[str], int, list[int]]] = [
            (pickers, labels, CHOICE_SLACK, [two_line_width(th, labels[0]) + CHOICE_SLACK, r.width // 4])]
        def floor(button, label: str) -> int:
            if button is self.talk:   # either of its labels must show whole
                return max(two_line_width(th, self.t(k)) for k in ("desk.talk", "desk.talk_read")) + 16
            return two_line_width(th, label) + 16

        def button_row(buttons):
            labels = [self._widest_label(b, n) for b in buttons]
            return buttons, labels, 16, [floor(b, label) for b, label in zip(buttons, labels)]

        def fits(row) -> bool:
            ws, labels, slack, floors = row
            return fit_row(th, ws, labels, r.x, 0, r.width, bh, gap, slack=slack, floors=floors)

        touch_row = button_row([self.touch_one, self.touch_all])
        self.talk_w = 0   # Talk beside the touch buttons; when the three do not fit, on the card beside the bars
        if self.talk_kinds:
            three = button_row([self.touch_one, self.touch_all, self.talk])
            if fits(three):
                touch_row = three
            else:
                self.talk_w = floor(self.talk, "")
                bars_y = r.y + 4 + th.line_height("large") + 2 * th.line_height("small") + 4
                self.talk.rect = pygame.Rect(r.right - self.talk_w - th.m("padding"), bars_y, self.talk_w,
                                             2 * self.bar_row_h() - 4)
        rows += [touch_row, button_row([self.offer_one, self.offer_all]), button_row([self.clear_one, self.clear_all])]
        offer_after = 1    # the offer picker and its fit line come after the touch row
        side_by_side = [fits(row) for row in rows]
        line = th.line_height("small") + 4   # the topic's and the offer's status lines
        actions_h = sum(bh if ok else len(row[0]) * (bh + gap) - gap for row, ok in zip(rows, side_by_side)) \
            + bh + len(rows) * gap + 2 * line
        # With the largest text the card keeps at least two lines: the topic's line gives way (the card's
        # "Before you act" and the bulk button's count still say it).
        self.topic_line = r.height - header_h - actions_h - gap >= 2 * th.line_height("small") + 8
        if not self.topic_line:
            actions_h -= line
        self.card.rect = pygame.Rect(r.x, r.y + header_h, r.width, r.height - header_h - actions_h - gap)
        y = self.card.rect.bottom + gap
        for k, ((widgets, labels, slack, floors), ok) in enumerate(zip(rows, side_by_side)):
            if ok:
                fit_row(th, widgets, labels, r.x, y, r.width, bh, gap, slack=slack, floors=floors)
                y += bh + gap
            else:
                for w in widgets:
                    w.rect = pygame.Rect(r.x, y, r.width, bh)
                    y += bh + gap
            if k == 0 and self.topic_line:  # what the picked topic would be to the client, under the pickers
                self.topic_y = y - gap + 2
                y += line
            if k == offer_after:  # the offer picker and its fit line sit between the touch and the offer buttons
                self.offer_product.rect = pygame.Rect(r.x, y, r.width, bh)
                self.fit_y = y + bh + 2
                y += bh + 4 + th.line_height("small") + 2

    def draw(self, surface) -> None:
        th = self.theme
        c = self.selected
        r = self.header
        pad = th.m("padding")
        if c is None:
            th.draw_text(surface, self.t("desk.no_client"), (r.x + pad, r.y + pad), "body", th.c("muted"))
            return
        tb = self.scene.table
        game = self.session.game
        name, room = tb.names[c], r.width - 2 * pad
        size = next((z for z in ("large", "body") if th.font(z, True).size(name)[0] <= room), "small")  # steps down
        th.draw_text(surface, name, (r.x + pad, r.y + 4 + th.line_height("large") - th.line_height(size)), size,
                     bold=True, max_width=room)
        y = r.y + 4 + th.line_height("large")
        for k, line in enumerate(wrap_parts(th, self.subtitle(), r.width - 2 * pad)[:2]):
            th.draw_text(surface, line, (r.x + pad, y + k * th.line_height("small")), "small",
                         th.c("muted" if tb.active[c] else "bad"), max_width=r.width - 2 * pad)
        y += 2 * th.line_height("small") + 4
        font = th.font("small")
        label_w = max(font.size(self.t(k))[0] for k in ("card.loyalty", "card.recall")) + 12
        row_h = self.bar_row_h()
        for key, value in (("card.loyalty", float(tb.loyalty[c])), ("card.recall", float(tb.recall[c]))):
            th.draw_text(surface, self.t(key), (r.x + pad, y), "small")
            bar_y = y + (th.line_height("small") - th.m("bar_height")) // 2
            room = r.width - self.talk_w - (pad if self.talk_w else 0)   # Talk may sit beside the bars
            bar = pygame.Rect(r.x + pad + label_w, bar_y, room - 2 * pad - label_w - font.size("100%")[0] - 10,
                              th.m("bar_height"))
            th.bar(surface, bar, value)
            th.draw_text(surface, percent(value), (r.x + room - pad, y), "small", align="right")
            y += row_h
        # What a touch about the picked topic would be to the client (the engine's touch status).
        column = self._topic_column()
        if self.topic.visible and self.topic_line and column is not None:
            known = self.scene.knowledge()
            text = self.t("desk.topic_is", state=topic_state(known, c, column, self.t))
            th.draw_text(surface, text, (self.touch_kind.rect.x + 4, self.topic_y), "small",
                         th.c("good" if known.news[c, column] else "warn"), max_width=r.right - self.touch_kind.rect.x - 4)
        # How an offer of the picked product would land (the engine's offer status).
        if self.offer_product.visible:
            p = game.view.product_index(self.offer_product.value)
            text, style = offer_state(self.scene.knowledge(), c, p, self.t)
            th.draw_text(surface, text[:1].upper() + text[1:], (self.offer_product.rect.x + 4, self.fit_y), "small",
                         th.c(style), max_width=self.offer_product.rect.width)
