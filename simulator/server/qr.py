"""The join address as a QR code, drawn as inline SVG (segno: pure Python, no image library, no network).

Black on white whatever the board's theme: phone cameras read dark-on-light codes most reliably.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=64)
def qr_svg(text: str, label: str = "") -> str:
    """An ``<svg>`` element (a ``viewBox``, no fixed size: the page sizes it) encoding ``text``."""
    import segno

    svg = segno.make(text, error="m").svg_inline(omitsize=True, border=2, dark="#000", light="#fff")
    from html import escape

    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label or text)}" ', 1)
