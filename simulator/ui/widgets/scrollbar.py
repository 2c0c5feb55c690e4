"""The thin scroll bar along the right edge of a list or a page."""
from __future__ import annotations

import pygame

from ..theme import Theme


def draw_scrollbar(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, offset: int, visible: int,
                   total: int) -> None:
    """A track and a thumb at the right of ``rect`` when ``total`` rows do not all fit (``visible`` do, from
    ``offset``); nothing when they fit."""
    if total <= visible:
        return
    track = pygame.Rect(rect.right - 8, rect.y + 4, 4, rect.height - 8)
    pygame.draw.rect(surface, theme.c("bar_back"), track)
    h = max(12, track.height * visible // total)
    top = track.y + (track.height - h) * offset // max(1, total - visible)
    pygame.draw.rect(surface, theme.c("muted"), (track.x, top, 4, h))
