"""Small inline SVG charts for the HTML report: no scripts, no external files, every label escaped."""
from __future__ import annotations

from html import escape

BAR = "#3b6ea8"
LINE = "#c0504d"
GRID = "#d0d7de"
INK = "#24292f"


def bar_chart(labels: list[str], values: list[float | None], title: str, width: int = 720) -> str:
    """Horizontal bars, one per label, longest for the largest value."""
    row, left, right = 26, 250, 70
    height = row * len(labels) + 30
    top = max([v for v in values if v is not None] + [0.0])
    scale = (width - left - right) / top if top > 0 else 0.0
    parts = [_open(width, height, title)]
    for k, (label, value) in enumerate(zip(labels, values)):
        y = 20 + k * row
        length = max(0.0, (value or 0.0) * scale)
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="{INK}">'
                     f"{escape(_shorten(label, 28))}</text>")
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" fill="{BAR}"/>')
        parts.append(f'<text x="{left + length + 6:.1f}" y="{y + 16}" font-size="12" fill="{INK}">'
                     f"{'—' if value is None else f'{value:.1f}'}</text>")
    parts.append("</svg>")
    return "".join(parts)


def month_chart(revenue: list[float], loyalty: list[float], title: str, width: int = 720, height: int = 220) -> str:
    """Monthly revenue as bars (left scale) and loyalty 0..1 as a line (right scale)."""
    left, right, top, bottom = 60, 40, 14, 26
    months = len(revenue)
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(revenue + [0.0])
    step = plot_w / months if months else plot_w
    parts = [_open(width, height, title)]
    for frac in (0.0, 0.5, 1.0):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">'
                     f"{_compact(peak * frac)}</text>")
        parts.append(f'<text x="{width - right + 6}" y="{y + 4:.1f}" font-size="11" fill="{LINE}">{frac:.1f}</text>')
    for k, value in enumerate(revenue):
        h = plot_h * value / peak if peak > 0 else 0.0
        x = left + k * step + step * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                     f'fill="{BAR}" opacity="0.8"/>')
        if months <= 36 or (k + 1) % 6 == 0:
            parts.append(f'<text x="{left + (k + 0.5) * step:.1f}" y="{height - 8}" text-anchor="middle" '
                         f'font-size="10" fill="{INK}">{k + 1}</text>')
    points = " ".join(f"{left + (k + 0.5) * step:.1f},{top + plot_h * (1 - min(max(v, 0.0), 1.0)):.1f}"
                      for k, v in enumerate(loyalty))
    if points:
        parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def _open(width: int, height: int, title: str) -> str:
    return (f'<svg width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>')


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _compact(value: float) -> str:
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.1f}{suffix}"
    return f"{value:.0f}"


def strip_chart(values: list[float], mean: float, title: str, width: int = 240, height: int = 26) -> str:
    """Every game's value as a dot from the lowest (left) to the highest (right); the mean a vertical line."""
    low, high = min(values), max(values)
    r, pad = 4, 6
    x_of = (lambda v: width / 2) if high <= low else (lambda v: pad + (v - low) / (high - low) * (width - 2 * pad))
    mid = height / 2
    parts = [_open(width, height, title),
             f'<line x1="{pad}" y1="{mid}" x2="{width - pad}" y2="{mid}" stroke="{GRID}"/>',
             f'<line x1="{x_of(mean):.1f}" y1="2" x2="{x_of(mean):.1f}" y2="{height - 2}" stroke="{INK}" '
             f'stroke-width="2"/>']
    parts += [f'<circle cx="{x_of(v):.1f}" cy="{mid}" r="{r}" fill="{BAR}" opacity="0.75"/>' for v in values]
    parts.append("</svg>")
    return "".join(parts)
