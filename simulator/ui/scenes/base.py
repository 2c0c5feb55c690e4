"""A scene: one screen of the game. The app keeps them as a stack (push, pop, replace)."""
from __future__ import annotations

import functools
from collections.abc import Callable

import pygame

from ..widgets import Form, Widget


def read_from_afar(method):
    """For a scene's ``layout`` and ``draw``: no text below the body size (18 px at 1280x720), for the
    screens a group reads on a projector from the back of a room."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.theme.at_least("body"):
            return method(self, *args, **kwargs)
    return wrapper


class Scene:
    """Base of every screen: a form of widgets, lifecycle hooks, input, update and drawing."""

    overlay = False  # True: the scene below stays visible underneath

    def __init__(self, app):
        self.app = app
        self.ctx = app.ctx
        self.theme = app.ctx.theme
        self.form = Form(self.theme, self.ctx.clock.now_ms, self.ctx.gui, key_hint=self._key_hint)
        self.size = (0, 0)

    # --- texts --------------------------------------------------------------
    def t(self, key: str, **values) -> str:
        """A text of the current language."""
        return self.ctx.i18n.t(key, **values)

    def lazy(self, key: str, **values):
        """A text source that follows the language switch."""
        return lambda: self.ctx.i18n.t(key, **values)

    def _key_hint(self, widget: Widget) -> str:
        """A widget's direct key as its tooltip says it (the form asks only for a widget with a key)."""
        return self.t("key.hint", keys=widget.shortcut.label if widget.shortcut else "")

    # --- lifecycle ----------------------------------------------------------
    def enter(self) -> None:
        """Called when the scene becomes the top of the stack for the first time."""

    def exit(self) -> None:
        """Called when the scene leaves the stack."""

    def resume(self) -> None:
        """Called when a scene above it was popped."""

    def layout(self, size: tuple[int, int]) -> None:
        """Place widgets for a window of ``size``."""
        self.size = size

    def page_metrics(self) -> tuple[int, int, int, int]:
        """(padding, gap, button height, top of the content below a title and subtitle) for page layouts."""
        th = self.theme
        pad, gap, bh = th.m("padding") * 2, th.m("gap"), th.m("button_height")
        return pad, gap, bh, pad + th.line_height("title") + th.line_height("body") + gap

    # --- frame --------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        """Widgets first, then Esc as 'back'."""
        if self.form.handle_event(event):
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.back()
            return True
        return False

    def back(self) -> None:
        """What Esc does: leave the scene."""
        self.app.pop()

    def update(self, dt: int) -> None:
        """Advance animations and timers by ``dt`` milliseconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the scene."""
        surface.fill(self.theme.c("background"))
        self.draw_widgets(surface)

    def draw_widgets(self, surface: pygame.Surface) -> None:
        """The form's widgets and the hovered widget's tooltip."""
        self.form.draw(surface)
        self.form.draw_tooltip(surface)

    def dialog_text_height(self, text: str, subtitle: str, width: int) -> int:
        """Height of a dialog's heading line, ``text`` wrapped in body size and ``subtitle`` in small, at ``width``."""
        th = self.theme
        return th.line_height("large") + th.line_height("body") * len(th.wrap(text, width, "body")) \
            + th.line_height("small") * len(th.wrap(subtitle, width, "small"))

    def dialog_box(self, surface: pygame.Surface, box: pygame.Rect, color: str = "panel_alt") -> None:
        """An overlay's look: the scenes below shaded, then the dialog's panel at ``box``."""
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill(self.theme.c("overlay"))
        surface.blit(shade, (0, 0))
        self.theme.panel(surface, box, color)

    def title_bar(self, surface: pygame.Surface, title: str, subtitle: str = "") -> int:
        """A heading at the top of the window; returns its bottom y."""
        th = self.theme
        pad = th.m("padding") * 2
        th.draw_text(surface, title, (pad, pad), "title", bold=True, max_width=surface.get_width() - 2 * pad)
        y = pad + th.line_height("title")
        if subtitle:
            th.draw_text(surface, subtitle, (pad, y), "body", th.c("muted"), max_width=surface.get_width() - 2 * pad)
            y += th.line_height("body")
        return y + th.m("gap")


class SkippableQuestion(Scene):
    """A question the player may skip (Esc or Skip): answered or skipped, it closes and calls ``on_done``."""

    def __init__(self, app, on_done: Callable[[], None]):
        super().__init__(app)
        self.on_done = on_done

    def skip(self) -> None:
        """No (more) answers; the game goes on."""
        self._done()

    def _done(self) -> None:
        self.app.pop()
        self.on_done()

    def back(self) -> None:
        self.skip()
