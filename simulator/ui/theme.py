"""The look of the game: colours, sizes and fonts from ``assets/themes/*.json``, and cached text drawing.

Text is the most expensive thing a frame draws, so rendered strings are kept
in a bounded cache keyed by (text, size, weight, colour). The shipped font
(DejaVu Sans) covers Cyrillic; pygame's built-in font may not.
"""
from __future__ import annotations

import json
from pathlib import Path

import pygame

from .. import shipped

ASSETS_DIR = shipped.ASSETS_DIR
_CACHE_LIMIT = 6000


class Theme:
    """Colours, metrics and fonts of one theme file, scaled for the window size."""

    def __init__(self, path: str | Path | None = None, scale: float = 1.0):
        path = Path(path) if path else ASSETS_DIR / "themes" / "default.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        self.colors = {k: tuple(v) if not isinstance(v[0], list) else [tuple(c) for c in v]
                       for k, v in data["colors"].items()}
        self._metrics = dict(data["metrics"])
        fonts = data["fonts"]
        self._font_files = {"regular": ASSETS_DIR / fonts["regular"], "bold": ASSETS_DIR / fonts["bold"]}
        self._sizes = dict(fonts["sizes"])
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._text_cache: dict[tuple, pygame.Surface] = {}
        self.cuts: list[tuple[str, str]] | None = None  # when a list: every (text, shown) cut by fit() is added
        self.scale = 1.0
        self.text_scale = 1.0
        self.set_scale(scale)

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

    def c(self, name: str):
        """A colour by name."""
        return self.colors[name]

    def font(self, size: str = "body", bold: bool = False) -> pygame.font.Font:
        """The font for a size role ('small', 'body', 'large', 'title', 'huge')."""
        px = max(8, round(self._sizes[size] * self.scale * self.text_scale))
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
        key = (text, size, bold, color, self.scale, self.text_scale)
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
        pygame.draw.rect(surface, self.colors[color], rect, border_radius=self.m("radius"))
        if border:
            pygame.draw.rect(surface, self.colors["border"], rect, width=1, border_radius=self.m("radius"))

    def bar(self, surface: pygame.Surface, rect: pygame.Rect, value: float, color: str | None = None) -> None:
        """A horizontal 0..1 bar; red when low, amber in the middle, green when high unless ``color`` is given."""
        value = 0.0 if value != value else max(0.0, min(1.0, float(value)))
        pygame.draw.rect(surface, self.colors["bar_back"], rect, border_radius=3)
        if color is None:
            color = "bad" if value < 0.3 else "warn" if value < 0.55 else "good"
        fill = rect.copy()
        fill.width = round(rect.width * value)
        if fill.width:
            pygame.draw.rect(surface, self.colors[color], fill, border_radius=3)
