"""Hands-on from the first minute: a player who follows the tutorial's guide plans a first touch within 60 s
of pressing Start. The walk counts what such a player does (each key or click) and reads (every hint and
the briefing's first screen) and prices them conservatively: 3 s an action, 18 characters a second read."""
from __future__ import annotations

import pygame

from simulator.ui.app import SCENARIOS_DIR

SECONDS_PER_ACTION = 3.0
CHARS_PER_SECOND = 18.0   # a slow reader of Russian prose (about 160 words a minute; adults average more)


def test_following_the_guide_the_first_touch_is_planned_within_a_minute(start):
    pilot = start(lang="ru", hints=True, scenario_dirs=[SCENARIOS_DIR])
    pilot.type_into("menu.player", "Анна")
    actions, read = [], []
    original_press = pilot.press

    def press(key, mod=0, text=""):
        actions.append(key)
        original_press(key, mod, text)

    pilot.press = press
    pilot.press(pygame.K_RETURN)                               # Start (Enter on the menu)
    briefing = pilot.scene
    read.append(" ".join(line for line, _ in briefing.page.lines[:6]))  # a first glance at the briefing
    pilot.press(pygame.K_RETURN)                               # to the desk
    desk = pilot.scene
    guide = desk.guide
    assert guide.active
    planned = lambda: bool(desk.session.draft.to_plan().touches)  # noqa: E731
    for _ in range(40):
        if planned():
            break
        step = guide.current
        read.append(desk.t(step.text))
        if not guide.waiting:
            pilot.press(pygame.K_RETURN)
        elif step.text == "hint.do_select":
            pilot.press(pygame.K_d)                            # the renewal filter
            before = guide.step
            while guide.step == before:
                pilot.press(pygame.K_DOWN)
        elif step.text == "hint.do_topic":
            before = guide.step
            while guide.step == before:
                pilot.press(pygame.K_p)
        elif step.text == "hint.do_touch":
            pilot.press(pygame.K_t)
    assert planned(), "the guide never led to a planned touch"
    seconds = len(actions) * SECONDS_PER_ACTION + sum(len(text) for text in read) / CHARS_PER_SECOND
    assert seconds <= 60, f"{len(actions)} actions and {sum(map(len, read))} characters read: about {seconds:.0f} s"
