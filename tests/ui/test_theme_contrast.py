"""Both themes are readable: every text colour stands at least 4.5:1 (WCAG AA) against every surface it is
drawn on, in our theme files and in pygame_gui's; chart series never borrow the colours of "better" and "worse"."""
from __future__ import annotations

import colorsys
import json

import pygame
import pytest

from simulator.ui.theme import (
    SHAPE_COLOURS,
    SURFACES,
    TEXT_COLOURS,
    TEXT_PAIRS,
    THEMES,
    Theme,
    contrast,
    theme_paths,
)
from simulator.ui.widgets import LineChart

AA = 4.5


def _colours(name: str) -> dict:
    return json.loads(theme_paths(name)[0].read_text(encoding="utf-8"))["colors"]


def _text_colours(colours: dict) -> list[tuple[str, tuple]]:
    out = []
    for key in TEXT_COLOURS:
        value = colours[key]
        if isinstance(value[0], list):  # the chart palette: its legend is text in each colour
            out += [(f"{key}[{k}]", tuple(c)) for k, c in enumerate(value)]
        else:
            out.append((key, tuple(value)))
    return out


def test_the_contrast_formula_matches_wcag():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast((255, 255, 255), (86, 156, 255)) == pytest.approx(2.76, abs=0.01)  # the old primary button
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # the AA grey on white


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_colour_of_a_theme_has_a_known_use(name):
    """A new colour must be sorted into text, surface, pair or shape, so the contrast check covers it."""
    known = set(TEXT_COLOURS) | set(SURFACES) | set(SHAPE_COLOURS) | {c for pair in TEXT_PAIRS for c in pair}
    colours = _colours(name)
    assert set(colours) == known, sorted(set(colours) ^ known)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_text_stands_out_from_every_surface(name):
    colours = _colours(name)
    low = [f"{text} on {surface}: {contrast(value, colours[surface]):.2f}"
           for text, value in _text_colours(colours) for surface in SURFACES
           if contrast(value, colours[surface]) < AA]
    low += [f"{text} on {surface}: {contrast(colours[text], colours[surface]):.2f}" for text, surface in TEXT_PAIRS
            if contrast(colours[text], colours[surface]) < AA]
    assert not low, low


@pytest.mark.parametrize("name", sorted(THEMES))
def test_pygame_gui_text_fields_and_tooltips_are_readable(name):
    data = json.loads(theme_paths(name)[1].read_text(encoding="utf-8"))
    defaults = data["defaults"]["colours"]
    # Text entries and text boxes (the tooltip) draw on dark_bg; normal_bg is only a button's, in the defaults.
    pairs = (("normal_text", "dark_bg"), ("selected_text", "selected_bg"), ("disabled_text", "disabled_dark_bg"))
    low, checked = [], 0
    for block, theming in data.items():
        colours = {**defaults, **theming.get("colours", {})} if block != "defaults" else defaults
        for text, back in pairs + ((("normal_text", "normal_bg"),) if block == "defaults" else ()):
            if text in colours and back in colours:
                checked += 1
                ratio = contrast(pygame.Color(colours[text]), pygame.Color(colours[back]))
                if ratio < AA:
                    low.append(f"{block}: {text} on {back}: {ratio:.2f}")
    assert not low, low
    assert checked >= 9


def _hue(colour) -> float:
    return colorsys.rgb_to_hsv(*(v / 255 for v in colour[:3]))[0] * 360


@pytest.mark.parametrize("name", sorted(THEMES))
def test_chart_series_never_look_like_better_or_worse(name):
    """Green means "better" and red "worse" in the tables beside the charts, so no series colour is either."""
    colours = _colours(name)
    for k, colour in enumerate(colours["chart"]):
        for meaning in ("good", "bad"):
            apart = abs(_hue(colour) - _hue(colours[meaning]))
            assert min(apart, 360 - apart) >= 20, f"chart[{k}] {colour} looks like {meaning} {colours[meaning]}"


@pytest.mark.parametrize("name", sorted(THEMES))
def test_a_chart_of_deals_draws_no_series_green_or_red(name):
    """The debrief's deals chart (won, lost, offers accepted): "lost" used to be drawn green."""
    pygame.font.init()
    theme = Theme(name=name)
    surface = pygame.Surface((600, 300))
    chart = LineChart("deals", lambda: "Deals", lambda: [("Won", [3, 5, 4]), ("Lost", [2, 6, 1]),
                                                         ("Accepted", [1, 2, 3])], counts=True)
    chart.rect = pygame.Rect(0, 0, 600, 300)
    chart.draw(surface, theme)
    pixels = {tuple(surface.get_at((x, y)))[:3] for x in range(600) for y in range(300)}
    for k in range(3):
        assert tuple(theme.c("chart")[k]) in pixels  # each series is drawn in its own colour
    assert tuple(theme.c("good")) not in pixels and tuple(theme.c("bad")) not in pixels
    # A series that does mean good or bad may say so.
    surface.fill((0, 0, 0))
    chart.series = lambda: [("Won", [3, 5, 4], "good"), ("Lost", [2, 6, 1], "bad")]
    chart.draw(surface, theme)
    pixels = {tuple(surface.get_at((x, y)))[:3] for x in range(600) for y in range(300)}
    assert tuple(theme.c("good")) in pixels and tuple(theme.c("bad")) in pixels
