"""A one-line text field that is a pygame_gui ``UITextEntryLine`` inside our form.

pygame_gui does the editing a person expects: a cursor that moves with the
arrows, Home and End, selection with Shift and the mouse, Ctrl+A / C / X / V
with the system clipboard, any character the font has (Cyrillic included).
Our :class:`~simulator.ui.widgets.base.Form` keeps what pygame_gui has no
model for: the Tab order shared with our own widgets, the scene stack (a
field under a modal question neither takes input nor disappears) and the
scene's keys (Enter submits, Esc clears the field or goes back).

The app feeds pygame_gui every event first; the form then hands keys to the
focused field, which reports the change and tells the form whether the key was
the field's (so a scene's shortcuts do not fire while typing).
"""
from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

from ..gui import KEY_REPEAT, Gui
from ..theme import Theme
from .base import TextSource, Widget, resolve

# Keys a text field uses for editing (after pygame_gui has acted on them).
EDIT_KEYS = {pygame.K_BACKSPACE, pygame.K_DELETE, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_HOME, pygame.K_END}
SHORTCUT_KEYS = {pygame.K_a, pygame.K_c, pygame.K_x, pygame.K_v}
TEXT_INSET = 10  # the horizontal padding of text_entry_line in assets/themes/pygame_gui.json


class TextField(Widget):
    """One line of text the player types; ``value`` is the text, ``on_change`` hears every edit."""

    focusable = True

    def __init__(self, wid: str, gui: Gui, value: str = "", placeholder: TextSource = "", max_length: int = 64,
                 on_change: Callable[[str], None] | None = None, on_enter: Callable[[], None] | None = None,
                 digits_only: bool = False, tooltip: TextSource | None = None):
        self.entry = None
        self._active = True
        super().__init__(wid, tooltip)
        self.gui, self.placeholder, self.max_length = gui, placeholder, max_length
        self.on_change, self.on_enter = on_change, on_enter
        # The placeholder is drawn here, muted: pygame_gui draws it like typed text, which reads as a value.
        self.entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(0, 0, 200, 36),  # placed by the scene's layout
            manager=gui.manager, object_id=f"#{wid.replace('.', '_')}")
        self.entry.set_text_length_limit(max_length)
        if digits_only:
            self.entry.set_allowed_characters("numbers")
        start = value[:max_length]
        if start:
            self.entry.set_text(start)
        self._last = self.entry.get_text()
        self._sync_shown()

    # --- state shared with pygame_gui ------------------------------------------------
    @property
    def rect(self) -> pygame.Rect:
        return self._rect

    @rect.setter
    def rect(self, value) -> None:
        self._rect = pygame.Rect(value)
        if self.entry is not None and self.entry.rect != self._rect and self._rect.width > 20 and self._rect.height > 8:
            self.entry.set_position(self._rect.topleft)
            self.entry.set_dimensions(self._rect.size)
            self.entry.rebuild()  # pygame_gui keeps the old text layout width otherwise
            if self.entry.is_focused:
                self.entry.cursor_has_moved_recently = True  # shows the cursor again on the next update

    @property
    def visible(self) -> bool:
        return self._visible

    @visible.setter
    def visible(self, value: bool) -> None:
        self._visible = bool(value)
        self._sync_shown()

    @property
    def focused(self) -> bool:
        return self._focused

    @focused.setter
    def focused(self, value: bool) -> None:
        self._focused = bool(value)
        if self.entry is None:
            return
        if self._focused and self._active and self._visible:
            self._take_focus()
        elif self.gui.focused() is self.entry:
            self.gui.focus(None)
        else:
            pygame.key.set_repeat(*KEY_REPEAT)

    @property
    def _live(self) -> pygame_gui.elements.UITextEntryLine:
        """The pygame_gui entry, which exists once the field is laid out."""
        assert self.entry is not None, "the text field is used before it is laid out"
        return self.entry

    @property
    def value(self) -> str:
        """The text in the field."""
        return self.entry.get_text() if self.entry is not None else ""

    @value.setter
    def value(self, text: str) -> None:
        text = text[: self.max_length]
        if text == self._live.get_text():
            return
        self._live.set_text(text)
        if not text and self._live.is_focused:  # pygame_gui shows the placeholder after set_text(""); refocus hides it
            self._live.unfocus()
            self._live.focus()
        self._last = text

    def _sync_shown(self) -> None:
        if self.entry is None:
            return
        if self._visible and self._active:
            self.entry.show()
            if self._focused:
                self._take_focus()
        else:
            if self.gui.focused() is self.entry:
                self.gui.focus(None)
            self.entry.hide()

    def _take_focus(self) -> None:
        """Give the entry pygame_gui's focus with the cursor at the end (a click has already placed it)."""
        if self._live.is_focused:
            return
        self.gui.focus(self._live)
        self._live.set_text(self._live.get_text())  # puts the cursor at the end; pygame_gui would start at 0
        self._live.cursor_has_moved_recently = True  # and shows it at once rather than after a second

    def set_active(self, active: bool) -> None:
        """The scene is on top (True) or covered by another (False): only the top scene's fields take input."""
        self._active = active
        self._sync_shown()

    def dispose(self) -> None:
        """The scene left the stack: remove the pygame_gui element."""
        if self.entry is not None:
            if self.gui.focused() is self.entry:
                self.gui.focus(None)
            self.entry.kill()

    def _poll(self) -> None:
        text = self._live.get_text()
        if text != self._last:
            self._last = text
            if self.on_change:
                self.on_change(text)

    # --- input (pygame_gui has already acted on the event) ----------------------------
    def on_mouse_down(self, pos, button: int) -> bool:
        return True

    def on_text(self, text: str) -> bool:
        self._poll()
        return True

    def activate(self, back: bool = False) -> bool:
        return True  # its direct key gives it the focus (the form does that)

    def on_key(self, event) -> bool:
        self._poll()
        key = event.key
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.on_enter:
                self.on_enter()
                return True
            return False
        if key == pygame.K_ESCAPE:
            if self.value:
                self.value = ""
                if self.on_change:
                    self.on_change("")
                return True
            return False
        if key in EDIT_KEYS or (key in SHORTCUT_KEYS and event.mod & (pygame.KMOD_CTRL | pygame.KMOD_META)):
            return True
        # Printable keys arrive as TEXTINPUT too; swallow their KEYDOWN so scene hotkeys do not fire while typing.
        return bool(getattr(event, "unicode", "") and event.unicode.isprintable())

    # --- drawing ---------------------------------------------------------------------
    def draw(self, surface, theme: Theme) -> None:
        self._poll()
        surface.blit(self._live.image, self._live.rect)
        if not self.value:
            x = self.rect.x + TEXT_INSET + 3  # where pygame_gui puts the first character (padding, border)
            y = self.rect.y + (self.rect.height - theme.line_height("body")) // 2
            theme.draw_text(surface, resolve(self.placeholder), (x, y), "body", theme.c("muted"),
                            max_width=self.rect.width - 2 * TEXT_INSET)
        if self.focused:
            pygame.draw.rect(surface, theme.c("accent"), self.rect, width=1, border_radius=theme.m("radius"))
