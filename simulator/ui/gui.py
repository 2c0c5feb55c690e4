"""The pygame_gui side of the window: one UIManager per app, themed from ``assets/themes/pygame_gui.json``.

The manager is made once the window is open (:func:`make_gui`), kept in the
:class:`~simulator.ui.context.Context`, fed every event by the app loop,
updated with the app clock's frame time and drawn by the scenes that own its
elements. Its theme names the shipped DejaVu font (Cyrillic) by path; the
paths in the JSON are relative to ``assets/`` and are made absolute here,
because pygame_gui would read them relative to the working directory.

Sizes follow the window like the rest of the game: :func:`scale_gui` rewrites
the font sizes for the current scale and text size.
"""
from __future__ import annotations

import copy
import html
import json
import unicodedata
import warnings
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from .theme import ASSETS_DIR, Theme, theme_paths

GUI_THEME_PATH = ASSETS_DIR / "themes" / "pygame_gui.json"  # the dark theme's; theme_paths(name)[1] names each
FONT_NAME = "dejavu"
KEY_REPEAT = (350, 40)  # delay, interval (ms); pygame_gui text fields change it, the app puts it back
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}  # controls, formats (zero-width, direction marks), surrogates, private, unassigned


def visible_text(text: str) -> str:
    """``text`` without invisible characters: nothing a person means to type, and a field of only
    such characters is one pygame_gui cannot lay out ("Text has zero width")."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE)


def load_gui_theme(path: Path = GUI_THEME_PATH) -> dict:
    """The pygame_gui theme JSON with its font paths made absolute (relative to ``assets/``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for block in data.values():
        font = block.get("font") if isinstance(block, dict) else None
        if isinstance(font, dict):
            for key in ("regular_path", "bold_path", "italic_path", "bold_italic_path"):
                if key in font:
                    font[key] = str((ASSETS_DIR / font[key]).resolve())
    return data


class Gui:
    """The app's pygame_gui manager and its theme at the current scale."""

    def __init__(self, size: tuple[int, int], theme: Theme):
        self._base = load_gui_theme(theme_paths(theme.name)[1])
        self.manager = pygame_gui.UIManager(size, theme_path=copy.deepcopy(self._base),
                                            enable_live_theme_updates=False)
        self._fonts = self._font_paths()
        for name, (regular, bold) in self._fonts.items():
            self.manager.add_font_paths(name, regular, bold)
        self._scale_key: tuple | None = None
        self.scale(theme)

    def _font_paths(self) -> dict[str, tuple[str, str]]:
        fonts: dict[str, tuple[str, str]] = {}
        for block in self._base.values():
            font = block.get("font") if isinstance(block, dict) else None
            if isinstance(font, dict) and "regular_path" in font:
                fonts[str(font["name"])] = (str(font["regular_path"]), str(font.get("bold_path", font["regular_path"])))
        return fonts

    def scale(self, theme: Theme) -> None:
        """Font sizes (and corner radii) for the theme's current scale; elements rebuild on the next update."""
        key = (theme.scale, theme.text_scale)
        if key == self._scale_key:
            return
        self._scale_key = key
        factor = theme.scale * theme.text_scale
        data = copy.deepcopy(self._base)
        preload = []
        for block in data.values():
            font = block.get("font") if isinstance(block, dict) else None
            if isinstance(font, dict) and "size" in font:
                px = max(8, round(int(font["size"]) * factor))
                font["size"] = str(px)
                for style in ("regular", "bold"):
                    preload.append({"name": font["name"], "point_size": px, "style": style})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pygame_gui warns about fonts it loads on demand; we preload them
            self.manager.preload_fonts(preload)
        # pygame_gui reads the parsed theme as well as JSON text (its loader checks which); the stub says str.
        self.manager.get_theme().update_theming(data)  # type: ignore[arg-type]

    def use_theme(self, theme: Theme) -> None:
        """The colours of ``theme`` (after :meth:`Theme.use`); text fields rebuild on the next update."""
        self._base = load_gui_theme(theme_paths(theme.name)[1])
        self._scale_key = None
        self.scale(theme)

    def resize(self, size: tuple[int, int]) -> None:
        """The window changed size."""
        self.manager.set_window_resolution(size)

    def process_event(self, event: pygame.event.Event) -> bool:
        """Hand one event to pygame_gui; True when one of its elements used it."""
        try:
            return bool(self.manager.process_events(event))
        except pygame.error:
            # A paste of only invisible characters (typed ones are filtered by the app): drop them, carry on.
            entry = self.focused()
            if isinstance(entry, pygame_gui.elements.UITextEntryLine):
                entry.set_text(visible_text(entry.get_text()))
            return True

    def update(self, dt_ms: int) -> None:
        """Advance pygame_gui by the app clock's frame time."""
        self.manager.update(dt_ms / 1000.0)

    def focused(self):
        """The focused pygame_gui element, if any."""
        found = self.manager.get_focus_set()
        return next(iter(found)) if found else None

    def focus(self, element) -> None:
        """Give ``element`` (or nothing) pygame_gui's keyboard focus."""
        self.manager.set_focus_set(element)
        if element is None:
            pygame.key.set_repeat(*KEY_REPEAT)


class Tooltip:
    """A pygame_gui tooltip for one text at a time; the form decides when (hover and delay) and where."""

    HOVER_DISTANCE = (16, 22)

    def __init__(self, gui: Gui):
        self.gui = gui
        self.element: Any = None
        self._key: tuple | None = None

    def show(self, text: str, pos: tuple[int, int], theme: Theme, title: str = "") -> None:
        """Show ``text`` (with an optional bold ``title``) near ``pos``; rebuilt only when something changed."""
        key = (text, title, tuple(pos), theme.scale, theme.text_scale)
        if key == self._key:
            return
        self.hide()
        self._key = key
        pad = 2 * 10 + 12  # the theme's horizontal text padding on both sides, and a little slack
        needed = max([theme.font("small").size(line)[0] for line in text.splitlines() or [""]]
                     + [theme.font("small", bold=True).size(title)[0]]) + pad
        screen = self.gui.manager.window_resolution
        width = int(min(needed, 460 * theme.scale * theme.text_scale, screen[0] - 20))
        body = html.escape(text).replace("\n", "<br>")
        markup = f"<b>{html.escape(title)}</b><br>{body}" if title else body
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "unable to fit" on a tiny window: it is still drawn, clipped
            self.element = self.gui.manager.create_tool_tip(markup, pos, self.HOVER_DISTANCE, None,  # type: ignore[arg-type]
                                                            None, wrap_width=width)

    def hide(self) -> None:
        """Remove the tooltip."""
        if self.element is not None:
            self.element.kill()
        self.element, self._key = None, None

    @property
    def rect(self) -> pygame.Rect | None:
        """Where the tooltip is on screen (None when hidden)."""
        block = getattr(self.element, "text_block", None)
        return block.rect.copy() if block is not None else None

    def draw(self, surface: pygame.Surface) -> None:
        """Blit the tooltip (its box is pygame_gui's text box)."""
        block = getattr(self.element, "text_block", None)
        if block is not None:
            surface.blit(block.image, block.rect)
