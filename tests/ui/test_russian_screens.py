"""The Russian window speaks Russian: no English message and no decimal point in a number on the screens a
trainee walks through (menu, briefing, desk tabs, month report, debrief, what-if, leaderboard)."""
from __future__ import annotations

import re

import pygame

from simulator.ui.app import SCENARIOS_DIR

from .conftest import DATA_DIR
from .flows import end_month, record_drawn, to_desk

ALLOWED = {"RUB", "Enter", "Esc", "Tab", "Shift", "Ctrl", "F1", "F9", "F11", "Sales", "Desk", "Anna", "English", "PNG",
           "CSV", "HTML", "JSON", "YAML", "seed"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
DECIMAL_POINT = re.compile(r"\d\.\d")


def _offenders(drawn: list[str]) -> list[str]:
    bad = []
    for text in set(drawn):
        words = [w for w in ENGLISH_WORD.findall(text) if w not in ALLOWED]
        if words or DECIMAL_POINT.search(text):
            bad.append(text)
    return sorted(bad)


def test_the_russian_screens_have_no_english_and_no_decimal_points(start):
    pilot = start(lang="ru", scenario_dirs=[DATA_DIR, SCENARIOS_DIR])
    drawn = record_drawn(pilot)
    pilot.advance(1)
    desk = to_desk(pilot, "desk-demo")
    for tab in ("client", "prices", "rules"):
        pilot.click(f"desk.tab.{tab}")
        pilot.advance(1)
    pilot.press(pygame.K_F1)
    pilot.advance(1)
    pilot.press(pygame.K_ESCAPE)
    game = desk.session.game
    for _ in range(2):
        end_month(pilot)
        inbox = pilot.find("report.inbox")
        for row in list(inbox.rows()):
            if row.expandable:
                inbox.select_key(row.key)
                pilot.press(pygame.K_RIGHT)
        pilot.advance(1)
        pilot.press(pygame.K_RETURN)
    while not game.finished:
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    pilot.advance(8)
    pilot.click("debrief.whatif")
    pilot.click("whatif.run")
    pilot.advance(1)
    bad = _offenders(drawn)
    assert bad == [], "\n".join(bad)


def test_the_russian_board_review_group_view_and_comparison_have_no_english(start, data_dir):
    from .flows import fill_board, walk_board

    fill_board(data_dir)
    pilot = start(lang="ru", scenario_dirs=[DATA_DIR, SCENARIOS_DIR])
    drawn = record_drawn(pilot)
    walk_board(pilot, lambda name: pilot.advance(1))
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_g)                                   # the group view and its common mistakes
    pilot.advance(1)
    bad = _offenders(drawn)
    assert bad == [], "\n".join(bad)
