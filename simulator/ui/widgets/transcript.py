"""A conversation as a chat: each turn a bubble under its speaker's name, the player's on the right, the client's
on the left, notes across; it scrolls (wheel, arrows, Page Up/Down, Home/End) and follows the newest turn unless
the reader scrolled up to look back."""
from __future__ import annotations

from dataclasses import dataclass

import pygame

from ..theme import Theme
from .base import Widget
from .scrollbar import draw_scrollbar

SIDES = ("you", "them", "note")
BUBBLE = {"you": "row_selected", "them": "panel_alt"}   # surfaces with a contrast role (theme.SURFACES)


@dataclass(frozen=True)
class Turn:
    """One turn: ``side`` is ``you`` (the player's question), ``them`` (the client's answer) or ``note`` (what the
    desk remarks, across the page); ``speaker`` is the name over the bubble; ``style`` a colour role of the text."""

    side: str
    speaker: str
    text: str
    style: str = "text"


class Transcript(Widget):
    """The turns of a conversation as bubbles; only the visible lines are drawn."""

    focusable = True

    def __init__(self, wid: str, size: str = "large"):
        super().__init__(wid)
        self.size = size             # the answers' text size: a room reads them from afar
        self.turns: list[Turn] = []
        self.offset = 0              # first line shown
        self.follow = True           # keep the newest turn in view
        self._lines: list[tuple[str, str, str, bool, int]] = []  # (text, side, colour, bold, bubble id)
        self._key: tuple | None = None
        self._widths: list[int] = []   # each turn's widest line

    def set_turns(self, turns: list[Turn]) -> None:
        """Replace the turns; the view follows the newest one unless the reader scrolled back."""
        if turns != self.turns:
            self.turns = list(turns)
            self._key = None

    # --- layout -----------------------------------------------------------------------
    def bubble_width(self, theme: Theme) -> int:
        """A bubble's text width: most of the page, so a long answer stays a few lines."""
        return max(60, int((self.rect.width - 2 * theme.m("padding") - 12) * 0.82) - 2 * theme.m("padding"))

    def _layout(self, theme: Theme) -> list[tuple[str, str, str, bool, int]]:
        key = (self.rect.width, theme.scale, theme.text_scale, theme.floor, tuple(self.turns))
        if key == self._key:
            return self._lines
        lines: list[tuple[str, str, str, bool, int]] = []
        self._widths = []
        full = self.rect.width - 4 * theme.m("padding") - 12
        font = theme.font(self.size)
        for k, turn in enumerate(self.turns):
            if k:
                lines.append(("", "gap", "text", False, -1))
            width = full if turn.side == "note" else self.bubble_width(theme)
            if turn.speaker:
                lines.append((turn.speaker, turn.side, "muted", True, -1))
            wrapped = theme.wrap(turn.text, max(40, width), self.size)
            self._widths.append(max((font.size(line)[0] for line in wrapped), default=0))
            for line in wrapped:
                lines.append((line, turn.side, turn.style, False, k))
        self._lines, self._key = lines, key
        return lines

    def _line_h(self, theme: Theme) -> int:
        return theme.line_height(self.size) + 2

    def visible_count(self, theme: Theme) -> int:
        """Lines that fit."""
        return max(1, (self.rect.height - 2 * theme.m("padding")) // self._line_h(theme))

    def line_count(self, theme: Theme) -> int:
        """Lines the whole conversation takes at this width."""
        return len(self._layout(theme))

    # --- input ------------------------------------------------------------------------
    def _scroll(self, delta: int) -> None:
        self.offset = max(0, self.offset + delta)
        self.follow = False          # the reader looks back; drawing turns follow on again at the bottom

    def on_wheel(self, dy: int) -> bool:
        self._scroll(-3 * dy)
        return True

    def on_key(self, event) -> bool:
        step = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: 8, pygame.K_PAGEUP: -8}
        if event.key in step:
            self._scroll(step[event.key])
            return True
        if event.key == pygame.K_HOME:
            self.offset, self.follow = 0, False
            return True
        if event.key == pygame.K_END:
            self.follow = True
            return True
        return False

    def at_bottom(self, theme: Theme) -> bool:
        """The newest line is in view."""
        return self.offset + self.visible_count(theme) >= self.line_count(theme)

    # --- drawing ----------------------------------------------------------------------
    def _right(self, theme: Theme) -> int:
        """Where the player's bubbles end: left of the scroll bar."""
        return self.rect.right - theme.m("padding") - 12

    def _text_x(self, theme: Theme, side: str, turn: int) -> int:
        """Where a line of ``side`` starts (the player's lines start where their bubble does)."""
        pad = theme.m("padding")
        if side == "you":
            return self._right(theme) - pad - self._widths[turn] if turn >= 0 else self._right(theme)
        return self.rect.x + 2 * pad

    def draw(self, surface, theme: Theme) -> None:
        theme.panel(surface, self.rect)
        lines = self._layout(theme)
        n_vis = self.visible_count(theme)
        last = max(0, len(lines) - n_vis)
        self.offset = last if self.follow else max(0, min(self.offset, last))
        if self.offset >= last:
            self.follow = True
        pad, lh = theme.m("padding"), self._line_h(theme)
        shown = lines[self.offset:self.offset + n_vis]
        top = self.rect.y + pad
        clip = surface.get_clip()
        surface.set_clip(self.rect.inflate(-2, -2))
        self._draw_bubbles(surface, theme, shown, top, lh)
        for k, (text, side, colour, bold, turn) in enumerate(shown):
            if side == "gap" or not text:
                continue
            size = "small" if bold else self.size   # the speaker's name, small and muted, over the bubble
            y = top + k * lh + (lh - theme.line_height(size)) // 2
            if bold and side == "you":
                theme.draw_text(surface, text, (self._right(theme), y), size, theme.c(colour), bold, align="right",
                                max_width=self.rect.width - 4 * pad)
            else:
                theme.draw_text(surface, text, (self._text_x(theme, side, turn), y), size, theme.c(colour), bold,
                                max_width=self.rect.width - 4 * pad)
        surface.set_clip(clip)
        draw_scrollbar(surface, theme, self.rect, self.offset, n_vis, len(lines))

    def _draw_bubbles(self, surface, theme: Theme, shown, top: int, lh: int) -> None:
        """One rounded box behind each visible run of a turn's lines."""
        pad = theme.m("padding")
        runs: dict[int, list[int]] = {}
        for k, (_, side, _, _, turn) in enumerate(shown):
            if turn >= 0 and side in BUBBLE:
                runs.setdefault(turn, []).append(k)
        for turn, rows in runs.items():
            side = self.turns[turn].side
            x = self._text_x(theme, side, turn) - pad
            box = pygame.Rect(x, top + rows[0] * lh - 3, self._widths[turn] + 2 * pad, len(rows) * lh + 6)
            theme.panel(surface, box, BUBBLE[side], border=False)
