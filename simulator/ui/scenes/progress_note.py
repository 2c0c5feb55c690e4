"""The note a screen shows while a job replays games off the frame thread: what it does, "12 of 30" with a
bar, and that Esc cancels."""
from __future__ import annotations

import pygame

from ..jobs import Job


def draw_progress(scene, surface: pygame.Surface, job: Job) -> pygame.Rect:
    """A panel in the middle of the window for ``job`` (its title a locale key); returns the panel's rect."""
    th, t = scene.theme, scene.t
    pad, gap = th.m("padding") * 2, th.m("gap")
    done, total = job.progress.done, job.progress.total
    lines = [(t(job.title), "large", "text", True),
             (t("board.job_count", done=min(done, total), total=total) if total else "", "body", "text", False),
             (t("board.job_cancel"), "body", "muted", False)]
    width = max(th.font(size, bold=bold).size(text)[0] for text, size, _, bold in lines) + 2 * pad
    width = min(max(width, surface.get_width() * 2 // 5), surface.get_width() - 2 * pad)
    bar_h = th.m("gap")
    height = pad + sum(th.line_height(size) for _, size, _, _ in lines) + bar_h + 3 * gap + pad
    rect = pygame.Rect(0, 0, width, height)
    rect.center = surface.get_rect().center
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 120))  # the board underneath stays readable but plainly waits
    surface.blit(shade, (0, 0))
    th.panel(surface, rect, "panel")
    pygame.draw.rect(surface, th.c("accent"), rect, width=2, border_radius=th.m("radius"))
    x, y, w = rect.x + pad, rect.y + pad, rect.width - 2 * pad
    for k, (text, size, colour, bold) in enumerate(lines):
        th.draw_text(surface, text, (x, y), size, th.c(colour), bold=bold, max_width=w)
        y += th.line_height(size) + gap
        if k == 1:
            th.bar(surface, pygame.Rect(x, y, w, bar_h), done / total if total else 0.0, color="accent")
            y += bar_h + gap
    return rect
