"""Screenshots of the head's month report and final report in both languages at 1280x720 (and once in the
light theme), compared with reviewed references (see test_screenshots.py; ``UPDATE_SCREENSHOTS=1`` refreshes
them). Nothing that matters may be drawn cut: numbers, names and labels."""
from __future__ import annotations

import re

import pytest

from simulator.head import HEADS

from .test_head_report import FREE, FREE_PATH
from .test_screenshots import check

pytestmark = pytest.mark.slow

DIGIT = re.compile(r"\d")


def play(pilot, months: int, head: str, seed: int = 1):
    """The opaque head's game on seed 1: a seller quits in month 6 (pay short of his promise)."""
    from simulator.store.head_session import HeadSession

    session = HeadSession(FREE, FREE_PATH, seed, "Анна", "Москва-1")
    pilot.app.ctx.session = session
    previous = report = None
    for _ in range(months):
        if session.game.decision_month:
            HEADS[head].decide(session.game)
        previous, report = report, session.end_month()
    return report, previous


def no_cuts(pilot) -> list:
    """Texts drawn shortened or clipped whose hidden part holds a digit (an amount, a share, a count)."""
    theme = pilot.app.ctx.theme
    theme.cuts = []
    try:
        pilot.app.draw()
    finally:
        cuts, theme.cuts = theme.cuts, None
    return [(text, shown) for text, shown in cuts if DIGIT.search(text[max(0, len(shown) - 1):] if shown else text)]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_head_month_report_and_final_report_look_as_reviewed(start, lang):
    pilot = start(lang=lang, seed=1)
    report, previous = play(pilot, 6, "opaque")
    pilot.app.open("head_report", report, previous)
    pilot.advance(1)
    assert no_cuts(pilot) == []
    check(pilot, f"head-report-{lang}")
    pilot.app.pop()
    play(pilot, FREE.turns, "opaque")
    scene = pilot.app.open("head_debrief")
    pilot.advance(len(HEADS) + 1)
    assert not scene._pending
    pilot.move((5, 5))
    assert no_cuts(pilot) == []
    check(pilot, f"head-debrief-{lang}")


def test_the_head_reports_in_the_light_theme_look_as_reviewed(start):
    pilot = start(lang="ru", seed=1, theme="light")
    report, previous = play(pilot, 6, "opaque")
    pilot.app.open("head_report", report, previous)
    pilot.advance(1)
    check(pilot, "light-head-report-ru")
    pilot.app.pop()
    play(pilot, FREE.turns, "misaligned", seed=3)
    pilot.app.open("head_debrief")
    pilot.advance(len(HEADS) + 1)
    pilot.move((5, 5))
    check(pilot, "light-head-debrief-ru")
