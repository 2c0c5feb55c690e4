"""The look of the game: colours, sizes and fonts from ``assets/themes/*.json``, and cached text drawing.

Two themes ship (:data:`THEMES`): ``dark`` (the default) and ``light``, a high-contrast one for a
projector in a lit room. Every text colour of either stands at least 4.5:1 (WCAG AA) against every
surface it is drawn on (:data:`TEXT_COLOURS` on :data:`SURFACES`, and the pairs of :data:`TEXT_PAIRS`);
a test computes it with :func:`contrast`. Chart series take :data:`chart` colours, which hold no green
and no red: those mean "better" and "worse" everywhere.

Text is the most expensive thing a frame draws, so rendered strings are kept
in a bounded cache keyed by (text, size, weight, colour). The shipped font
(DejaVu Sans) covers Cyrillic; pygame's built-in font may not.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pygame

from .. import shipped

ASSETS_DIR = shipped.ASSETS_DIR
_CACHE_LIMIT = 6000
THEMES_DIR = ASSETS_DIR / "themes"
# theme name -> (our colours and sizes, pygame_gui's theme) under assets/themes/
THEMES = {"dark": ("default.json", "pygame_gui.json"), "light": ("light.json", "pygame_gui_light.json")}
DEFAULT_THEME = "dark"
# What the colours are for: text colours are drawn on any surface; TEXT_PAIRS are drawn on one only.
TEXT_COLOURS = ("text", "muted", "accent", "good", "bad", "warn", "focus", "chart")
SURFACES = ("background", "panel", "panel_alt", "row_alt", "row_selected")
TEXT_PAIRS = (("accent_text", "accent"), ("button_text", "button"), ("button_text", "button_hover"),
              ("muted", "button_disabled"), ("tooltip_text", "tooltip"))
SHAPE_COLOURS = ("border", "bar_back", "overlay")  # lines and shades, never behind or as text


def theme_paths(name: str) -> tuple[Path, Path]:
    """The two files of a theme by name (``dark`` or ``light``); ValueError for another name."""
    if name not in THEMES:
        raise ValueError(f"unknown theme `{name}`; one of: {', '.join(THEMES)}")
    ours, gui = THEMES[name]
    return THEMES_DIR / ours, THEMES_DIR / gui


def luminance(color) -> float:
    """Relative luminance of an sRGB colour (WCAG 2)."""
    def channel(v: float) -> float:
        v /= 255.0
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = color[:3]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


class Theme:
    """Colours, metrics and fonts of one theme file, scaled for the window size."""

    def __init__(self, path: str | Path | None = None, scale: float = 1.0, name: str = DEFAULT_THEME):
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._text_cache: dict[tuple, pygame.Surface] = {}
        self.scale = 1.0
        self.text_scale = 1.0
        self.name = name
        self.floor: str | None = None  # a size role no text is drawn below (see at_least)
        self.cuts: list[tuple[str, str]] | None = None  # when a list: every (text, shown) cut by fit() is added
        self._load(Path(path) if path else theme_paths(name)[0])
        self.set_scale(scale)

    def use(self, name: str) -> None:
        """Switch to the theme ``name`` (``dark`` or ``light``) in place: every scene holds this object."""
        self._load(theme_paths(name)[0])
        self.name = name

    def _load(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self.colors = {k: tuple(v) if not isinstance(v[0], list) else [tuple(c) for c in v]
                       for k, v in data["colors"].items()}
        self._metrics = dict(data["metrics"])
        fonts = data["fonts"]
        self._font_files = {"regular": ASSETS_DIR / fonts["regular"], "bold": ASSETS_DIR / fonts["bold"]}
        self._sizes = dict(fonts["sizes"])
        self._fonts.clear()
        self._text_cache.clear()

    # --- sizes -------------------------------------------------------------
    def set_scale(self, scale: float, text_scale: float | None = None) -> None:
        """Scale every size (fonts, paddings); called when the window is resized."""
        if text_scale is not None:
            self.text_scale = text_scale
        self.scale = max(0.75, min(float(scale), 3.0))

    def m(self, name: str) -> int:
        """A metric (padding, row height...) in pixels at the current scale."""
        value = self._metrics[name]
        if name.endswith("_ms"):
            return int(value)
        factor = self.scale * (self.text_scale if name in ("row_height", "button_height") else 1.0)
        return max(1, round(value * factor))

    def c(self, name: str) -> Any:
        """A colour by name (an RGB tuple; the chart palette is a list of them)."""
        return self.colors[name]

    def px(self, size: str = "body") -> int:
        """The pixel size of a size role at the current scale and text size (never below :attr:`floor`)."""
        base = self._sizes[size] if self.floor is None else max(self._sizes[size], self._sizes[self.floor])
        return max(8, round(base * self.scale * self.text_scale))

    @contextmanager
    def at_least(self, size: str):
        """Within the block no text is smaller than the size role ``size``: a screen read from the back of a
        room (the leaderboard, its month review, the comparison) lays out and draws under ``at_least("body")``,
        so its secondary text is 18 px at 1280x720, not 15."""
        before, self.floor = self.floor, size
        try:
            yield self
        finally:
            self.floor = before

    def font(self, size: str = "body", bold: bool = False) -> pygame.font.Font:
        """The font for a size role ('small', 'body', 'large', 'title', 'huge')."""
        px = self.px(size)
        key = (px, bold)
        font = self._fonts.get(key)
        if font is None:
            font = pygame.font.Font(str(self._font_files["bold" if bold else "regular"]), px)
            self._fonts[key] = font
        return font

    def line_height(self, size: str = "body") -> int:
        """Height of one line of text of a size role."""
        return self.font(size).get_linesize()

    # --- text --------------------------------------------------------------
    def render(self, text: str, size: str = "body", color=None, bold: bool = False) -> pygame.Surface:
        """A rendered string (cached)."""
        color = tuple(color or self.colors["text"])
        key = (text, size, bold, color, self.scale, self.text_scale, self.floor)
        surf = self._text_cache.get(key)
        if surf is None:
            if len(self._text_cache) > _CACHE_LIMIT:
                self._text_cache.clear()
            font = self.font(size, bold)
            try:
                surf = font.render(text, True, color)
            except pygame.error:  # only zero-width characters ("Text has zero width"): nothing to show
                surf = pygame.Surface((0, font.get_height()), pygame.SRCALPHA)
            self._text_cache[key] = surf
        return surf

    def fit(self, text: str, width: int, size: str = "body", bold: bool = False) -> str:
        """``text`` shortened with an ellipsis so it fits ``width`` pixels."""
        font = self.font(size, bold)
        if font.size(text)[0] <= width:
            return text
        low, high = 0, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if font.size(text[:mid] + "…")[0] <= width:
                low = mid
            else:
                high = mid - 1
        shown = text[:low] + "…" if low else ""
        if self.cuts is not None:
            self.cuts.append((text, shown))
        return shown

    def draw_text(self, surface: pygame.Surface, text: str, pos, size: str = "body", color=None, bold: bool = False,
                  max_width: int | None = None, align: str = "left") -> pygame.Rect:
        """Draw one line of text; ``pos`` is the top-left (or top-right / top-centre with ``align``)."""
        if max_width is not None:
            text = self.fit(text, max_width, size, bold)
        surf = self.render(text, size, color, bold)
        x, y = pos
        if align == "right":
            x -= surf.get_width()
        elif align == "center":
            x -= surf.get_width() // 2
        drawn = surface.blit(surf, (x, y))
        if self.cuts is not None and drawn.width < surf.get_width():  # clipped by the window or a clip rect
            self.cuts.append((text, ""))
        return drawn

    def wrap(self, text: str, width: int, size: str = "body", bold: bool = False) -> list[str]:
        """``text`` broken into lines no wider than ``width`` (paragraphs kept)."""
        font = self.font(size, bold)
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            words = [w for w in paragraph.split(" ") if w]  # not split(): a no-break space must hold ("8 000 RUB")
            if not words:
                lines.append("")
                continue
            line = words[0]
            for word in words[1:]:
                trial = f"{line} {word}"
                if font.size(trial)[0] <= width:
                    line = trial
                else:
                    lines.append(line)
                    line = word
            while font.size(line)[0] > width and len(line) > 1:  # a single overlong word
                cut = len(self.fit(line, width, size, bold).rstrip("…")) or 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
        return lines

    def draw_wrapped(self, surface: pygame.Surface, text: str, rect: pygame.Rect, size: str = "body", color=None,
                     bold: bool = False, max_lines: int | None = None) -> int:
        """Draw wrapped text inside ``rect``; returns the height used."""
        lh = self.line_height(size)
        lines = self.wrap(text, rect.width, size, bold)
        if max_lines is not None and len(lines) > max_lines:
            if self.cuts is not None:
                self.cuts.append((text, " ".join(lines[:max_lines]) + "…"))
            lines = lines[:max_lines]
            lines[-1] = self.fit(lines[-1] + " …", rect.width, size, bold)
        y = rect.y
        for line in lines:
            if y + lh > rect.bottom + 1:
                break
            self.draw_text(surface, line, (rect.x, y), size, color, bold)
            y += lh
        return y - rect.y

    # --- shapes ------------------------------------------------------------
    def panel(self, surface: pygame.Surface, rect: pygame.Rect, color: str = "panel", border: bool = True) -> None:
        """A rounded panel."""
        pygame.draw.rect(surface, self.c(color), rect, border_radius=self.m("radius"))
        if border:
            pygame.draw.rect(surface, self.c("border"), rect, width=1, border_radius=self.m("radius"))

    def bar(self, surface: pygame.Surface, rect: pygame.Rect, value: float, color: str | None = None) -> None:
        """A horizontal 0..1 bar; red when low, amber in the middle, green when high unless ``color`` is given."""
        value = 0.0 if value != value else max(0.0, min(1.0, float(value)))
        pygame.draw.rect(surface, self.c("bar_back"), rect, border_radius=3)
        if color is None:
            color = "bad" if value < 0.3 else "warn" if value < 0.55 else "good"
        fill = rect.copy()
        fill.width = round(rect.width * value)
        if fill.width:
            pygame.draw.rect(surface, self.c(color), fill, border_radius=3)
