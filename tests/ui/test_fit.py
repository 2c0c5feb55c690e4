"""Nothing that matters is drawn cut: every screen of the pilot flows, in both languages, at 1280x720 and at the
largest text size, is checked for numbers, money, client and player names and button labels shortened with "…"
or clipped by the window.

The theme records every text it shortens or that the window clips (``Theme.cuts``); each screen is drawn once
with the record on, and a cut counts when what it hides holds a digit or when the text is a name or a label.
"""
from __future__ import annotations

import re

import pytest

from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.widgets import Button, resolve

from .conftest import DATA_DIR
from .flows import fill_board, walk_board, walk_head_game, walk_menu_desks_debrief

DIGIT = re.compile(r"\d")
PLAYERS = {"Anna", "Анна", "Анна Петрова", "Борис", "Вера"}


class Watch:
    """Draws screens with the theme's cut record on and collects what should never be cut."""

    def __init__(self, pilot):
        self.pilot = pilot
        self.bad: dict[str, set] = {}

    def names(self) -> set[str]:
        session = self.pilot.app.ctx.session
        if session is None:
            return set()
        if getattr(session, "kind", "desk") == "head":   # the head's people instead of clients
            return {c.name.get(lang) for c in session.game.team.candidates for lang in ("ru", "en")} | \
                {s.name.get(lang) for s in session.scenario.segments for lang in ("ru", "en")}
        clients = session.game.clients
        return set(clients.names_in("ru")) | set(clients.names_in("en"))

    def labels(self) -> set[str]:
        return {resolve(w.text) for scene in self.pilot.app.scenes for w in scene.form.widgets
                if isinstance(w, Button) and w.visible}

    def look(self, screen: str) -> None:
        """Draw the current screen and keep every cut that hides a number, a name or a label."""
        theme = self.pilot.app.ctx.theme
        theme.cuts = []
        try:
            self.pilot.app.draw()
        finally:
            cuts, theme.cuts = theme.cuts, None
        if not cuts:
            return
        names, labels = self.names() | PLAYERS, self.labels()
        for text, shown in cuts:
            hidden = text[max(0, len(shown) - 1):] if shown else text
            if DIGIT.search(hidden) or text in names or text in labels:
                self.bad.setdefault(screen, set()).add(f"{text!r} drawn as {shown or '(clipped)'!r}")

    def report(self) -> str:
        """One line per cut text, with the screens it is cut on."""
        where: dict[str, list[str]] = {}
        for screen, cuts in sorted(self.bad.items()):
            for cut in cuts:
                where.setdefault(cut, []).append(screen)
        return "\n".join(f"{cut} on {', '.join(screens[:3])}{' …' if len(screens) > 3 else ''}"
                         for cut, screens in sorted(where.items()))


@pytest.mark.parametrize("text_scale", [1.0, 1.3])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_number_name_or_label_is_cut_from_the_menu_through_the_desks_to_the_debrief(start, lang, text_scale):
    pilot = start(lang=lang, seed=3, hints=True, scenario_dirs=[DATA_DIR, SCENARIOS_DIR])
    pilot.app.ctx.settings.text_scale = text_scale
    pilot.app.relayout()
    pilot.advance(1)
    assert pilot.app.screen.get_size() == (1280, 720)
    watch = Watch(pilot)
    walk_menu_desks_debrief(pilot, watch.look, "Анна" if lang == "ru" else "Anna")
    assert not watch.bad, "cut on screen:\n" + watch.report()


@pytest.mark.parametrize("text_scale", [1.0, 1.3])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_number_name_or_label_is_cut_on_the_board_review_and_compare(start, data_dir, lang, text_scale):
    fill_board(data_dir)
    pilot = start(lang=lang, seed=3, scenario_dirs=[DATA_DIR, SCENARIOS_DIR])
    pilot.app.ctx.settings.text_scale = text_scale
    pilot.app.relayout()
    watch = Watch(pilot)
    walk_board(pilot, watch.look)
    assert not watch.bad, "cut on screen:\n" + watch.report()


def test_the_watch_notices_a_cut_amount_and_a_clipped_label_but_not_cut_prose(start):
    pilot = start(lang="ru")
    watch = Watch(pilot)
    theme = pilot.app.ctx.theme
    scene = pilot.scene
    real_draw = scene.draw

    def draw(surface):
        real_draw(surface)
        theme.draw_text(surface, "Бонус за сделку 1\u00a0500\u00a0RUB", (0, 0), max_width=150)
        theme.draw_text(surface, "Начать", (1275, 0))                            # off the window's edge
        theme.draw_text(surface, "Длинное пояснение без чисел и имён", (0, 40), max_width=120)
    scene.draw = draw
    watch.look("menu")
    cuts = watch.bad.get("menu", set())
    assert any("Бонус за сделку" in cut for cut in cuts) and any("'Начать'" in cut for cut in cuts)
    assert not any("пояснение" in cut for cut in cuts)


@pytest.mark.parametrize("text_scale", [1.0, 1.3])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_number_name_or_label_is_cut_on_the_heads_screens(start, lang, text_scale):
    pilot = start(lang=lang)
    pilot.app.ctx.settings.text_scale = text_scale
    pilot.app.relayout()
    watch = Watch(pilot)
    walk_head_game(pilot, watch.look)
    assert not watch.bad, watch.report()
