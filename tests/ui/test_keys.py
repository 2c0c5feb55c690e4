"""A keyboard is enough: every button on every screen of the pilot flows has a direct key or is at most three
presses (Tab or Shift+Tab) from where the keyboard focus starts on that screen; the desk's keys act and are listed
in F1."""
from __future__ import annotations

import pygame

from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.scenes.desk import DESK_KEYS
from simulator.ui.widgets import Button, resolve

from .conftest import DATA_DIR
from .flows import fill_board, to_desk, walk_board, walk_head_game, walk_menu_desks_debrief

MAX_PRESSES = 3


class KeyWatch:
    """At each screen, the buttons that have no key and are more than three presses from the first focus."""

    def __init__(self, pilot):
        self.pilot = pilot
        self.first_focus: dict[int, object] = {}
        self.far: dict[str, str] = {}
        self.buttons = 0

    def presses(self, form, widget) -> int | None:
        """Tab or Shift+Tab presses from the scene's first focus to ``widget`` (None: Tab never gets there)."""
        items = form.focusables()
        if widget not in items:
            return None
        start = self.first_focus.get(id(form))
        if start not in items:
            return min(items.index(widget) + 1, len(items) - items.index(widget))
        d = (items.index(widget) - items.index(start)) % len(items)
        return min(d, len(items) - d)

    def look(self, screen: str) -> None:
        scene = self.pilot.scene
        form = scene.form
        self.first_focus.setdefault(id(form), form.focus)
        for w in form.widgets:
            if not isinstance(w, Button) or not w.visible or not w.is_enabled():
                continue
            self.buttons += 1
            if w.shortcut is not None:
                continue
            n = self.presses(form, w)
            if n is None or n > MAX_PRESSES:
                self.far.setdefault(f"{w.id} ({resolve(w.text)!r})", f"{screen}: {n} presses")

    def report(self) -> str:
        return "\n".join(f"{button} on {where}" for button, where in sorted(self.far.items()))


def test_every_button_from_the_menu_through_the_desks_has_a_key_or_is_three_presses_away(start):
    pilot = start(lang="ru", seed=3, hints=True, scenario_dirs=[DATA_DIR, SCENARIOS_DIR])  # keys do not depend
    watch = KeyWatch(pilot)                                                                 # on the language
    walk_menu_desks_debrief(pilot, watch.look, "Анна")
    assert watch.buttons > 100
    assert not watch.far, "buttons a keyboard cannot reach quickly:\n" + watch.report()


def test_every_button_on_the_board_has_a_key_or_is_three_presses_away(start, data_dir):
    fill_board(data_dir)
    pilot = start(lang="ru", seed=3, scenario_dirs=[DATA_DIR, SCENARIOS_DIR])
    watch = KeyWatch(pilot)
    walk_board(pilot, watch.look)
    assert watch.buttons > 10
    assert not watch.far, "buttons a keyboard cannot reach quickly:\n" + watch.report()


def test_each_desk_key_does_what_its_button_does_and_f1_lists_it(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    hours = desk.session.draft.hours_left()
    pilot.press(pygame.K_t)                                    # touch the selected client
    assert desk.session.draft.hours_left() < hours and desk.session.draft.touches_of(desk.list.selected)
    pilot.press(pygame.K_d)                                    # renewal filter on
    assert desk.clients.f_due.value and desk.table.filters.renewal_due
    kind = desk.client.touch_kind.value
    pilot.press(pygame.K_k)
    pilot.press(pygame.K_k, mod=pygame.KMOD_SHIFT)             # a cycler's key with Shift steps back
    assert desk.client.touch_kind.value == kind
    pilot.press(pygame.K_2)
    assert desk.tab == "prices"
    pilot.press(pygame.K_t)                                    # the client tab's keys rest while it is hidden
    assert desk.tab == "prices"
    pilot.press(pygame.K_1)
    pilot.press(pygame.K_f, mod=pygame.KMOD_CTRL)              # to the search field: letters now type
    assert desk.form.focus is desk.search
    pilot.type("d")
    assert desk.clients.f_due.value and desk.search.value == "d"
    pilot.press(pygame.K_ESCAPE)                               # clears the field
    pilot.press(pygame.K_l)                                    # back to the list
    assert desk.form.focus is desk.list
    pilot.hover("desk.touch_all", ms=1000)
    assert "Key: Shift+T" in desk.form.tooltip.element.text_block.html_text
    pilot.press(pygame.K_F1)
    text = " ".join(line for line, _ in pilot.scene.page.lines)
    for wid, _, _ in DESK_KEYS:
        widget = desk.form.find(wid)
        assert f"{widget.shortcut.label} — {resolve(widget.shortcut_help)}" in text
    assert "Shift+T — touch everyone shown" in text and "F9 — end the month" in text


def test_every_button_of_the_heads_game_has_a_key_or_is_three_presses_away(start):
    pilot = start(lang="ru", seed=3, scenario_dirs=[SCENARIOS_DIR])
    watch = KeyWatch(pilot)
    walk_head_game(pilot, watch.look)
    assert watch.buttons > 20
    assert not watch.far, "buttons a keyboard cannot reach quickly:\n" + watch.report()
