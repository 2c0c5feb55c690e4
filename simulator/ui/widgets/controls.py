"""Basic controls drawn with pygame: label, button, slider, choice (cycler) and toggle (text fields: text_field.py)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygame

from ..theme import Theme
from .base import TextSource, Widget, resolve

ARROW_W = 18        # a cycler's arrow buttons at each end
CHOICE_SLACK = 2 * ARROW_W + 20  # room a cycler needs besides its label


def fitted_size(theme: Theme, text: str, width: int, size: str, bold: bool = False) -> str:
    """``size``, or the small size when the text fits only in that: a control's label steps down before it
    is cut (it is cut only when even the small size does not fit)."""
    if size == "body" and theme.font(size, bold).size(text)[0] > width >= theme.font("small", bold).size(text)[0]:
        return "small"
    return size


def draw_label(surface, theme: Theme, text: str, box: pygame.Rect, size: str, color, bold: bool = False,
               align: str = "left") -> bool:
    """A control's label inside ``box``: whole at ``size``, else at the small size, else on two small lines
    when the control is tall enough, else shortened with "…"; returns True when it had to be shortened."""
    size = fitted_size(theme, text, box.width, size, bold)
    x = {"left": box.x, "center": box.centerx}[align]
    font = theme.font(size, bold)
    if font.size(text)[0] > box.width:
        lines = theme.wrap(text, box.width, "small", bold)
        lh = theme.line_height("small")
        if len(lines) == 2 and 2 * lh <= box.height + 4:
            y = box.y + (box.height - 2 * lh) // 2
            for k, line in enumerate(lines):
                theme.draw_text(surface, line, (x, y + k * lh), "small", color, bold, align=align)
            return False
    y = box.y + (box.height - theme.line_height(size)) // 2
    shown = theme.fit(text, box.width, size, bold)
    theme.draw_text(surface, shown, (x, y), size, color, bold, align=align)
    return shown != text


class Label(Widget):
    """Text that does nothing."""

    def __init__(self, wid: str, text: TextSource, size: str = "body", color: str = "text", bold: bool = False,
                 align: str = "left", tooltip: TextSource | None = None, wrap: bool = False):
        super().__init__(wid, tooltip)
        self.text, self.size, self.color, self.bold, self.align, self.wrap = text, size, color, bold, align, wrap

    def draw(self, surface, theme: Theme) -> None:
        text = resolve(self.text)
        if self.wrap:
            theme.draw_wrapped(surface, text, self.rect, self.size, theme.c(self.color), self.bold)
            return
        x = {"left": self.rect.x, "right": self.rect.right, "center": self.rect.centerx}[self.align]
        y = self.rect.y + (self.rect.height - theme.line_height(self.size)) // 2
        theme.draw_text(surface, text, (x, y), self.size, theme.c(self.color), self.bold,
                        max_width=self.rect.width, align=self.align)


class Button(Widget):
    """A push button: click, Enter or Space."""

    focusable = True

    def __init__(self, wid: str, text: TextSource, on_click: Callable[[], None], tooltip: TextSource | None = None,
                 primary: bool = False, size: str = "body"):
        super().__init__(wid, self._tip)
        self.text, self.on_click, self.primary, self.size = text, on_click, primary, size
        self.hint = tooltip          # what the button does (its tooltip, after the label when that is cut)
        self.label_cut = False       # the last frame drew the label shortened
        self.selected: Callable[[], bool] | None = None

    def _tip(self) -> str:
        parts = [resolve(self.text)] if self.label_cut else []
        parts.append(resolve(self.hint))
        return "\n".join(p for p in parts if p)

    def on_mouse_up(self, pos, button: int) -> bool:
        if button == 1 and self.rect.collidepoint(pos) and self.is_enabled():
            self.on_click()
            return True
        return False

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.on_click()
            return True
        return False

    def activate(self, back: bool = False) -> bool:
        self.on_click()
        return True

    def draw(self, surface, theme: Theme) -> None:
        enabled = self.is_enabled()
        selected = self.selected() if self.selected else False
        if not enabled:
            color = theme.c("button_disabled")
        elif self.primary or selected:
            color = theme.c("accent")
        else:
            color = theme.c("button_hover") if self.hovered else theme.c("button")
        pygame.draw.rect(surface, color, self.rect, border_radius=theme.m("radius"))
        text_color = theme.c("muted" if not enabled else "accent_text" if self.primary or selected else "button_text")
        self.label_cut = draw_label(surface, theme, resolve(self.text), self.rect.inflate(-8, 0), self.size,
                                    text_color, self.primary, align="center")


def label_width(button: Button, theme: Theme) -> int:
    """The width ``button`` needs to show its label whole, with a little room on each side."""
    return theme.font(button.size, bold=button.primary).size(resolve(button.text))[0] + 16


def button_row(buttons: list[Button], x: int, y: int, width: int, height: int, gap: int, theme: Theme) -> None:
    """Place ``buttons`` side by side across ``width``: equal widths when every label fits, otherwise
    widths that follow the labels, so larger text or a longer language cuts none while the row has room."""
    need = [label_width(b, theme) for b in buttons]
    free = width - gap * (len(buttons) - 1)
    if max(need) * len(buttons) <= free:
        widths = [free // len(buttons)] * len(buttons)
    elif sum(need) <= free:
        extra = (free - sum(need)) // len(buttons)
        widths = [n + extra for n in need]
    else:
        widths = [free * n // sum(need) for n in need]
    widths[-1] = free - sum(widths[:-1])
    for button, w in zip(buttons, widths):
        button.rect = pygame.Rect(x, y, w, height)
        x += w + gap


class Slider(Widget):
    """A value in [low, high] in steps: drag, click, arrows, Page Up/Down, Home/End."""

    focusable = True

    def __init__(self, wid: str, low: float, high: float, value: float, step: float,
                 on_change: Callable[[float], None], locked: bool = False, tooltip: TextSource | None = None,
                 marks: Callable[[], Sequence[tuple[float, str]]] | None = None):
        super().__init__(wid, tooltip)
        self.low, self.high, self.value, self.step = low, high, value, step
        self.on_change, self.locked = on_change, locked
        self.marks = marks  # values to mark on the track, each with a theme colour name

    def set_value(self, value: float) -> None:
        """Move the slider (clamped and snapped to the step) and report the change."""
        if self.locked:
            return
        value = min(max(value, self.low), self.high)
        if self.step:
            value = self.low + round((value - self.low) / self.step) * self.step
            value = min(max(value, self.low), self.high)
        value = round(value, 6)
        if value != self.value:
            self.value = value
            self.on_change(value)

    def _track(self) -> pygame.Rect:
        return self.rect.inflate(-16, 0)

    def _from_pos(self, x: int) -> None:
        track = self._track()
        share = (x - track.x) / max(1, track.width)
        self.set_value(self.low + share * (self.high - self.low))

    def on_mouse_down(self, pos, button: int) -> bool:
        self._from_pos(pos[0])
        return True

    def on_drag(self, pos) -> bool:
        self._from_pos(pos[0])
        return True

    def on_wheel(self, dy: int) -> bool:
        self.set_value(self.value + dy * self.step)
        return True

    def on_key(self, event) -> bool:
        big = max(self.step, (self.high - self.low) / 10)
        moves = {pygame.K_LEFT: -self.step, pygame.K_RIGHT: self.step, pygame.K_DOWN: -self.step,
                 pygame.K_UP: self.step, pygame.K_PAGEDOWN: -big, pygame.K_PAGEUP: big}
        if event.key in moves:
            self.set_value(self.value + moves[event.key])
            return True
        if event.key == pygame.K_HOME:
            self.set_value(self.low)
            return True
        if event.key == pygame.K_END:
            self.set_value(self.high)
            return True
        return False

    def draw(self, surface, theme: Theme) -> None:
        track = self._track()
        cy = self.rect.centery
        line = pygame.Rect(track.x, cy - 3, track.width, 6)
        pygame.draw.rect(surface, theme.c("bar_back"), line, border_radius=3)
        share = 0.0 if self.high <= self.low else (self.value - self.low) / (self.high - self.low)
        knob_x = track.x + round(share * track.width)
        if self.locked:
            pygame.draw.rect(surface, theme.c("muted"), line, border_radius=3)
            pygame.draw.circle(surface, theme.c("muted"), (knob_x, cy), 7)
            return
        filled = line.copy()
        filled.width = knob_x - track.x
        pygame.draw.rect(surface, theme.c("accent"), filled, border_radius=3)
        for value, colour in (self.marks() if self.marks else ()):
            if self.low <= value <= self.high and self.high > self.low:
                x = track.x + round((value - self.low) / (self.high - self.low) * track.width)
                pygame.draw.rect(surface, theme.c(colour), pygame.Rect(x - 2, cy - 11, 4, 22), border_radius=2)
        pygame.draw.circle(surface, theme.c("text"), (knob_x, cy), 9)


class Choice(Widget):
    """Pick one of several options: click / Right / Space for the next, right-click / Left for the previous."""

    focusable = True

    def __init__(self, wid: str, options: Callable[[], Sequence[tuple[Any, str]]], on_change: Callable[[Any], None]
                 | None = None, prefix: TextSource | None = None, tooltip: TextSource | None = None):
        super().__init__(wid, tooltip)
        self.options, self.on_change, self.prefix = options, on_change, prefix
        self.index = 0
        self.size = "body"

    @property
    def value(self) -> Any:
        """The chosen option's value (None when there are no options)."""
        opts = self.options()
        if not opts:
            return None
        self.index %= len(opts)
        return opts[self.index][0]

    def select(self, value: Any) -> None:
        """Choose the option with ``value`` (if present)."""
        for k, (v, _) in enumerate(self.options()):
            if v == value:
                self.index = k
                return

    cycles = True  # its direct key steps forward, with Shift back

    def activate(self, back: bool = False) -> bool:
        self.step(-1 if back else 1)
        return True

    def step(self, delta: int) -> None:
        """Move to the next (+1) or previous (-1) option."""
        opts = self.options()
        if not opts:
            return
        self.index = (self.index + delta) % len(opts)
        if self.on_change:
            self.on_change(self.value)

    def on_mouse_up(self, pos, button: int) -> bool:
        if self.rect.collidepoint(pos):
            self.step(-1 if button == 3 or pos[0] < self.rect.x + ARROW_W + 6 else 1)
            return True
        return False

    def on_wheel(self, dy: int) -> bool:
        self.step(-1 if dy > 0 else 1)
        return True

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_RIGHT, pygame.K_SPACE, pygame.K_DOWN):
            self.step(1)
            return True
        if event.key in (pygame.K_LEFT, pygame.K_UP):
            self.step(-1)
            return True
        return False

    def draw(self, surface, theme: Theme) -> None:
        """A stepper: the value between two arrow buttons, drawn like a button so it reads as clickable."""
        enabled = self.is_enabled()
        body = theme.c("button_hover") if self.hovered and enabled else theme.c("button")
        pygame.draw.rect(surface, body, self.rect, border_radius=theme.m("radius"))
        opts = self.options()
        label = opts[self.index % len(opts)][1] if opts else "—"
        prefix = resolve(self.prefix)
        if prefix:
            label = f"{prefix}: {label}"
        inset = max(2, (self.rect.height - ARROW_W) // 2)
        for glyph, x in (("◀", self.rect.x + 3), ("▶", self.rect.right - 3 - ARROW_W)):
            box = pygame.Rect(x, self.rect.y + inset, ARROW_W, self.rect.height - 2 * inset)
            pygame.draw.rect(surface, theme.c("panel_alt"), box, border_radius=theme.m("radius") // 2)
            theme.draw_text(surface, glyph, (box.centerx, box.centery - theme.line_height("small") // 2), "small",
                            theme.c("accent" if enabled else "muted"), align="center")
        color = theme.c("text") if enabled else theme.c("muted")
        draw_label(surface, theme, label, pygame.Rect(self.rect.x + ARROW_W + 10, self.rect.y,
                                                      self.rect.width - CHOICE_SLACK, self.rect.height), self.size, color)


class Toggle(Widget):
    """An on/off switch (a filter, a setting)."""

    focusable = True

    def __init__(self, wid: str, text: TextSource, value: bool, on_change: Callable[[bool], None],
                 tooltip: TextSource | None = None):
        super().__init__(wid, tooltip)
        self.text, self.value, self.on_change = text, value, on_change

    def toggle(self) -> None:
        """Flip the switch."""
        self.value = not self.value
        self.on_change(self.value)

    def activate(self, back: bool = False) -> bool:
        self.toggle()
        return True

    def on_mouse_up(self, pos, button: int) -> bool:
        if button == 1 and self.rect.collidepoint(pos):
            self.toggle()
            return True
        return False

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.toggle()
            return True
        return False

    def draw(self, surface, theme: Theme) -> None:
        color = theme.c("row_selected") if self.value else theme.c("panel_alt")
        pygame.draw.rect(surface, color, self.rect, border_radius=theme.m("radius"))
        pygame.draw.rect(surface, theme.c("accent" if self.value else "border"), self.rect, width=1,
                         border_radius=theme.m("radius"))
        box = pygame.Rect(self.rect.x + 6, self.rect.centery - 7, 14, 14)
        pygame.draw.rect(surface, theme.c("text"), box, width=2, border_radius=3)
        if self.value:
            pygame.draw.rect(surface, theme.c("accent"), box.inflate(-6, -6), border_radius=2)
        y = self.rect.y + (self.rect.height - theme.line_height("small")) // 2
        theme.draw_text(surface, resolve(self.text), (box.right + 6, y), "small", max_width=self.rect.right - box.right - 6)
