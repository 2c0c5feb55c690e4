"""Widgets and the form that owns them: focus (Tab / Shift-Tab), pointer routing, tooltips.

A widget has an ``id`` (the test pilot finds widgets by it), a ``rect`` set by
its scene's layout, and texts given as callables so a language switch shows
on the next frame. A :class:`Form` routes the frame's events: keys to the
focused widget, clicks and the wheel to the widget under the pointer.
Tooltips are timed here and drawn by pygame_gui (:class:`~simulator.ui.gui.Tooltip`).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pygame

from ..gui import Gui, Tooltip
from ..theme import Theme

TextSource = str | Callable[[], str]
W = TypeVar("W", bound="Widget")  # Form.add returns the widget it was given, with its own type
_MODS = pygame.KMOD_SHIFT | pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META


class Shortcut:
    """A direct key for a widget: ``Shortcut(pygame.K_t)``, ``Shortcut(pygame.K_t, shift=True)``; a cycler's key
    with Shift steps back."""

    def __init__(self, key: int, shift: bool = False, ctrl: bool = False):
        self.key, self.shift, self.ctrl = key, shift, ctrl

    def matches(self, event: pygame.event.Event, shift_steps_back: bool = False) -> bool:
        """True when ``event`` (a KEYDOWN) is this key with exactly these modifiers."""
        if event.key != self.key:
            return False
        mod = event.mod & _MODS
        shift = bool(mod & pygame.KMOD_SHIFT)
        if shift_steps_back and not self.shift:
            shift = False
        return shift == self.shift and bool(mod & pygame.KMOD_CTRL) == self.ctrl and not mod & (
            pygame.KMOD_ALT | pygame.KMOD_META)

    @property
    def label(self) -> str:
        """How the key is written: "T", "Shift+T", "Ctrl+F", "F9", "1"."""
        name = pygame.key.name(self.key)
        name = name.upper() if len(name) == 1 else name.title()
        return ("Ctrl+" if self.ctrl else "") + ("Shift+" if self.shift else "") + name


def resolve(text: TextSource | None) -> str:
    """The current string of a text source."""
    if text is None:
        return ""
    return text() if callable(text) else text


class Widget:
    """Something on screen that may react to input."""

    focusable = False
    keeps_focus = False  # its direct key acts without taking the focus (a desk action on the list's client)
    key_in_tooltip = True  # its direct key is shown in its tooltip (a big area, like a list, says it in F1 only)

    def __init__(self, wid: str, tooltip: TextSource | None = None):
        self.id = wid
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.visible = True
        self.enabled: bool | Callable[[], bool] = True
        self.tooltip = tooltip
        self.tooltip_title: TextSource | None = None  # a bold first line of the tooltip
        self.focused = False
        self.hovered = False
        self.hover_pos = (-1, -1)  # where the pointer rests on the widget (a per-cell tooltip reads it)
        self.shortcut: Shortcut | None = None  # a direct key (shown in the tooltip, listed in F1)
        self.shortcut_help: TextSource | None = None  # what the key does, for F1 (default: the tooltip)

    def is_enabled(self) -> bool:
        """True when the widget accepts input now."""
        return bool(self.enabled() if callable(self.enabled) else self.enabled)

    def contains(self, pos) -> bool:
        """True when ``pos`` is on the widget."""
        return self.visible and self.rect.collidepoint(pos)

    # Input hooks; each returns True when it used the input.
    def on_mouse_down(self, pos, button: int) -> bool:
        return False

    def on_mouse_up(self, pos, button: int) -> bool:
        return False

    def on_drag(self, pos) -> bool:
        return False

    def on_wheel(self, dy: int) -> bool:
        return False

    def on_key(self, event: pygame.event.Event) -> bool:
        return False

    def on_text(self, text: str) -> bool:
        return False

    def activate(self, back: bool = False) -> bool:
        """What the widget's direct key does (a button clicks, a switch flips, a cycler steps, a field takes
        the focus); False when the key means nothing for it."""
        return False

    def set_active(self, active: bool) -> None:
        """Its scene became the top of the stack (True) or was covered (False)."""

    def dispose(self) -> None:
        """Its scene left the stack: release anything held outside the widget."""

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        """Draw the widget."""

    def draw_focus(self, surface: pygame.Surface, theme: Theme) -> None:
        """The keyboard focus ring."""
        pygame.draw.rect(surface, theme.c("focus"), self.rect.inflate(4, 4), width=2, border_radius=theme.m("radius"))


class Form:
    """The widgets of a scene, with keyboard focus, pointer routing and tooltips (drawn by pygame_gui)."""

    def __init__(self, theme: Theme, now_ms: Callable[[], int], gui: Gui,
                 key_hint: Callable[[Widget], str] | None = None):
        self.theme = theme
        self.key_hint = key_hint or (lambda w: w.shortcut.label if w.shortcut else "")
        self.now_ms = now_ms
        self.tooltip = Tooltip(gui)
        self.widgets: list[Widget] = []
        self.focus: Widget | None = None
        self.hover: Widget | None = None
        self.captured: Widget | None = None
        self.pointer = (-1, -1)
        self._hover_since = 0

    def add(self, widget: W) -> W:
        """Add a widget (in Tab order) and return it."""
        self.widgets.append(widget)
        return widget

    def find(self, wid: str) -> Widget | None:
        """The widget with id ``wid``."""
        for w in self.widgets:
            if w.id == wid:
                return w
        return None

    def get(self, wid: str) -> Widget:
        """The widget with id ``wid``; KeyError when the form has none (a scene naming its own widgets)."""
        found = self.find(wid)
        if found is None:
            raise KeyError(wid)
        return found

    def focusables(self) -> list[Widget]:
        """Widgets Tab can reach now."""
        return [w for w in self.widgets if w.focusable and w.visible and w.is_enabled()]

    def set_focus(self, widget: Widget | None) -> None:
        """Move keyboard focus."""
        if self.focus is not None:
            self.focus.focused = False
        self.focus = widget
        if widget is not None:
            widget.focused = True

    def cycle_focus(self, step: int) -> None:
        """Tab (+1) or Shift-Tab (-1)."""
        items = self.focusables()
        if not items:
            return
        if self.focus in items:
            k = (items.index(self.focus) + step) % len(items)
        else:
            k = 0 if step > 0 else len(items) - 1
        self.set_focus(items[k])

    def widget_at(self, pos) -> Widget | None:
        """The topmost enabled widget under ``pos``."""
        for w in reversed(self.widgets):
            if w.contains(pos):
                return w
        return None

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Route one event; True when a widget used it."""
        if event.type == pygame.MOUSEMOTION:
            self.pointer = event.pos
            if self.captured is not None:
                return self.captured.on_drag(event.pos)
            over = self.widget_at(event.pos)
            if over is not None:
                over.hover_pos = event.pos
            if over is not self.hover:
                if self.hover is not None:
                    self.hover.hovered = False
                self.hover = over
                self._hover_since = self.now_ms()
                if over is not None:
                    over.hovered = True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            self.pointer = event.pos
            w = self.widget_at(event.pos)
            if w is None and self.focus is not None:
                self.focus.focused = True  # pygame_gui drops its focus on a click elsewhere; ours stays
            if w is None or not w.is_enabled():
                return w is not None
            if w.focusable:
                self.set_focus(w)
            self.captured = w
            return w.on_mouse_down(event.pos, event.button) or True
        if event.type == pygame.MOUSEBUTTONUP and event.button in (1, 3):
            w, self.captured = self.captured, None
            if w is not None:
                return w.on_mouse_up(event.pos, event.button)
            return False
        if event.type == pygame.MOUSEWHEEL:
            w = self.widget_at(self.pointer)
            return bool(w is not None and w.is_enabled() and w.on_wheel(event.y))
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_TAB:
                self.cycle_focus(-1 if event.mod & pygame.KMOD_SHIFT else 1)
                return True
            if self.focus is not None and self.focus.visible and self.focus.is_enabled() and self.focus.on_key(event):
                return True
            return self.shortcut(event)
        if (event.type == pygame.TEXTINPUT and self.focus is not None and self.focus.visible
                and self.focus.is_enabled()):
            return self.focus.on_text(event.text)
        return False

    def shortcut(self, event: pygame.event.Event) -> bool:
        """Run the visible, enabled widget whose direct key ``event`` is (Shift steps a cycler back)."""
        for w in self.widgets:
            if w.shortcut is None or not w.visible or not w.is_enabled():
                continue
            cycles = getattr(w, "cycles", False)
            if w.shortcut.matches(event, shift_steps_back=cycles):
                back = cycles and bool(event.mod & pygame.KMOD_SHIFT) and not w.shortcut.shift
                if w.focusable and not cycles and not w.keeps_focus:
                    self.set_focus(w)
                return w.activate(back) or w.focusable
        return False

    def draw(self, surface: pygame.Surface) -> None:
        """Draw every visible widget and the focus ring."""
        for w in self.widgets:
            if w.visible:
                w.draw(surface, self.theme)
        if self.focus is not None and self.focus.visible and self.focus.is_enabled():
            self.focus.draw_focus(surface, self.theme)

    def set_active(self, active: bool) -> None:
        """The scene is on top (True) or covered by another scene (False)."""
        if not active:
            self.tooltip.hide()
        for w in self.widgets:
            w.set_active(active)

    def dispose(self) -> None:
        """The scene left the stack."""
        self.tooltip.hide()
        for w in self.widgets:
            w.dispose()

    def tooltip_due(self) -> Widget | None:
        """The widget whose tooltip should show now: hovered long enough, not while dragging."""
        w = self.hover
        keyed = w is not None and w.shortcut is not None and w.key_in_tooltip
        if w is None or not w.visible or not (w.tooltip or keyed) or self.captured is not None:
            return None
        if self.now_ms() - self._hover_since < self.theme.m("tooltip_delay_ms"):
            return None
        return w

    def draw_tooltip(self, surface: pygame.Surface) -> None:
        """The hovered widget's tooltip, after a short delay."""
        w = self.tooltip_due()
        text = resolve(w.tooltip) if w is not None else ""
        if w is not None and w.shortcut is not None and w.key_in_tooltip:  # its direct key, on its own line
            key = self.key_hint(w)
            text = f"{text}\n{key}" if text else key
        if not text:
            self.tooltip.hide()
            return
        self.tooltip.show(text, self.pointer, self.theme, resolve(w.tooltip_title) if w is not None else "")
        self.tooltip.draw(surface)

