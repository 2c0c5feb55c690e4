"""A discovery conversation on a planned call or visit: the player picks questions from a short menu that changes
after each answer, reads the client's answers as a chat, and ends the talk; then what it revealed and how each
question worked. The engine answers (:meth:`~simulator.engine.Game.open_conversation`, ``Conversation.ask``);
the talk is kept in the month's draft and played with the month.

Keys: 1-4 ask, E (or F9, Ctrl+Enter) ends the talk, Esc ends it too (or leaves when nothing was asked), the
wheel and Page Up/Down scroll the conversation; after the talk Enter or Esc goes back to the desk."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pygame

from ...desk.knowledge import desk_knowledge
from ...engine import MENU_SIZE
from ..texts import general
from ..widgets import Button, ScrollText, Shortcut
from ..widgets.menu_button import MenuButton
from ..widgets.transcript import Transcript, Turn
from .base import Scene
from .talk_text import answer_text, notes_lines, question_text, summary_lines, touch_hours, touch_title

MENU_KEYS = tuple(pygame.K_1 + k for k in range(MENU_SIZE))   # one number key per question on the engine's menu


class TalkScene(Scene):
    """One conversation: talking, then its summary (``done``); ``on_end`` keeps the talk when it ends."""

    def __init__(self, app, conversation, on_end: Callable[[object], None], done: bool = False):
        super().__init__(app)
        self.session = self.ctx.session
        self.conv = conversation
        self.on_end = on_end
        self.done = done
        f, lazy = self.form, self.lazy
        self.transcript = f.add(Transcript("talk.transcript"))
        self.questions = [f.add(MenuButton(f"talk.q{k}", partial(self._question_label, k), partial(self.ask, k),
                                           badge=str(k + 1), size="large")) for k in range(len(MENU_KEYS))]
        for k, button in enumerate(self.questions):
            button.shortcut = Shortcut(MENU_KEYS[k])
            button.shortcut_help = lazy("key.talk.ask", n=k + 1)
        self.notes = f.add(ScrollText("talk.notes", large=True))
        self.end_btn = f.add(Button("talk.end", lazy("talk.end"), self.end, tooltip=lazy("talk.end_tip")))
        self.end_btn.shortcut, self.end_btn.shortcut_help = Shortcut(pygame.K_e), lazy("key.talk.end")
        self.summary = f.add(ScrollText("talk.summary", large=True))   # read from the back of a room
        self.back_btn = f.add(Button("talk.back", lazy("talk.back"), self.leave, primary=True))
        self._refresh()

    # --- what is shown ----------------------------------------------------------------
    @property
    def game(self):
        return self.session.game

    def client_name(self) -> str:
        return self.game.clients.names_in(self.ctx.lang)[self.conv.client]

    def _question_label(self, k: int) -> str:
        menu = self.conv.menu
        return question_text(menu[k], self.ctx.lang) if k < len(menu) else ""

    def turns(self) -> list[Turn]:
        """The conversation so far: an opening note, then each question and its answer."""
        lang, t = self.ctx.lang, self.t
        name = self.client_name()
        turns = [Turn("note", "", t("talk.intro", touch=touch_title(self.game, self.conv.touch, lang), client=name,
                                     hours=general(touch_hours(self.game, self.conv.touch), lang)), "muted")]
        for answer in self.conv.answers:
            turns.append(Turn("you", t("talk.you"), question_text(answer.question, lang)))
            turns.append(Turn("them", name, answer_text(answer, lang, t)))
        if not self.done and self.conv.tired:
            turns.append(Turn("note", "", t("talk.tired"), "warn"))
        if not self.done and not self.conv.menu and self.conv.asked:
            turns.append(Turn("note", "", t("talk.no_more"), "warn"))
        return turns

    def fitting_products(self) -> list[str]:
        """Names of the products an offer of which now fits this client (the engine's offer status after the
        month's talks), for the summary."""
        draft, lang = self.session.draft, self.ctx.lang
        known = desk_knowledge(self.game, draft.markups, draft.conversations())
        view = self.game.view
        return [p.name.get(lang) for k, p in enumerate(self.game.scenario.products)
                if k < len(view.product_ids) and bool(known.fits(k)[self.conv.client])]

    def _refresh(self) -> None:
        """Put the conversation's state into the widgets (after an answer, at the end, on a language switch)."""
        lang = self.ctx.lang
        self.transcript.set_turns(self.turns())
        menu = self.conv.menu
        for k, button in enumerate(self.questions):
            button.visible = not self.done and k < len(menu)
        self.notes.visible = self.end_btn.visible = not self.done
        self.summary.visible = self.back_btn.visible = self.done
        if self.done:
            self.summary.set_lines(summary_lines(self.game, self.conv, lang, self.t, self.fitting_products()))
            self.form.set_focus(self.back_btn)
        else:
            self.notes.set_lines([(self.t("talk.notes"), "h")] + notes_lines(self.game, self.conv, lang, self.t))
            first = next((b for b in self.questions if b.visible), self.end_btn)
            if self.form.focus is None or not self.form.focus.visible:
                self.form.set_focus(first)
        self.layout(self.size)

    # --- actions ----------------------------------------------------------------------
    def ask(self, k: int) -> None:
        """Ask the k-th question of the menu."""
        if self.done or k >= len(self.conv.menu):
            return
        self.conv = self.conv.ask(self.conv.menu[k].id)
        self.form.set_focus(None)        # a new menu: the keyboard starts again at its first question
        self._refresh()

    def end(self) -> None:
        """End the talk: the draft keeps it (with at least one question asked) and the summary shows."""
        if self.done:
            return
        if not self.conv.asked:
            self.app.pop()
            return
        self.on_end(self.conv)
        self.done = True
        self._refresh()

    def leave(self) -> None:
        """Back to the desk."""
        self.app.pop()

    def back(self) -> None:
        """Esc: end the talk (leave when nothing was asked), or go back after the summary."""
        if self.done:
            self.leave()
        else:
            self.end()

    def resume(self) -> None:
        self._refresh()

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN:
            ctrl_enter = event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and event.mod & pygame.KMOD_CTRL
            if not self.done and (ctrl_enter or event.key == pygame.K_F9):
                self.end()
                return True
            if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) and self.form.focus is not self.summary:
                return self.transcript.on_key(event)
        return super().handle_event(event)

    # --- layout and drawing ---------------------------------------------------------------
    def layout(self, size) -> None:
        super().layout(size)
        if size == (0, 0):
            return
        th = self.theme
        W, H = size
        pad, gap, bh, top = self.page_metrics()
        left_w = int((W - 3 * pad) * 0.56)
        self.transcript.rect = pygame.Rect(pad, top, left_w, H - top - pad)
        x, w = 2 * pad + left_w, W - 3 * pad - left_w
        self.right = pygame.Rect(x, top, w, H - top - pad)
        if self.done:
            self.back_btn.rect = pygame.Rect(x, H - pad - bh, w, bh)
            self.summary.rect = pygame.Rect(x, top, w, self.back_btn.rect.y - gap - top)
            return
        y = top + th.line_height("large") + th.line_height("small") + 2 * gap   # the heading and the meter
        for button in self.questions:
            if button.visible:
                h = button.height_for(th, w)
                button.rect = pygame.Rect(x, y, w, h)
                y += h + gap
        self.tired_y = y
        if self.conv.tired:
            y += th.line_height("small") + gap
        self.end_btn.rect = pygame.Rect(x, H - pad - bh, w, bh)
        self.notes.rect = pygame.Rect(x, y, w, max(0, self.end_btn.rect.y - gap - y))
        # the notes show only with room for a finding under their heading (the summary repeats them)
        self.notes.visible = self.notes.rect.height >= 2 * th.line_height("large") + 2 * th.m("padding") + 4

    def subtitle(self) -> str:
        lang = self.ctx.lang
        return self.t("talk.subtitle", archetype=self.conv.name(lang),
                      touch=touch_title(self.game, self.conv.touch, lang),
                      hours=general(touch_hours(self.game, self.conv.touch), lang),
                      left=general(self.session.draft.hours_left(), lang))

    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        lang = self.ctx.lang
        title = self.t("talk.title", touch=touch_title(self.game, self.conv.touch, lang), client=self.client_name())
        self.title_bar(surface, title, self.subtitle())
        if not self.done:
            r = self.right
            heading = self.t("talk.ask_next") if self.conv.menu else self.t("talk.menu_empty")
            th.draw_text(surface, heading, (r.x, r.y), "large", th.c("accent"), bold=True, max_width=r.width)
            self.draw_meter(surface, r.x, r.y + th.line_height("large") + 2, r.width)
            if self.conv.tired:
                th.draw_text(surface, self.t("talk.tired_short"), (r.x, self.tired_y), "small", th.c("warn"),
                             max_width=r.width)
        self.draw_widgets(surface)

    def draw_meter(self, surface, x: int, y: int, width: int) -> None:
        """Questions asked against the talk's natural length: one box per question, past the length in amber."""
        th = self.theme
        asked, length = len(self.conv.asked), self.conv.length
        text = self.t("talk.meter", n=asked, length=length)
        drawn = th.draw_text(surface, text, (x, y), "small", th.c("muted"), max_width=width)
        box = th.line_height("small") - 6
        bx = drawn.right + th.m("gap")
        for k in range(max(asked, length)):
            if bx + box > x + width:
                break
            rect = pygame.Rect(bx, y + 3, box, box)
            if k < asked:
                pygame.draw.rect(surface, th.c("warn" if k >= length else "accent"), rect, border_radius=2)
            else:
                pygame.draw.rect(surface, th.c("border"), rect, width=1, border_radius=2)
            bx += box + 4
