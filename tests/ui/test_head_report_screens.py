"""Screenshots of the head's month report and final report in both languages at 1280x720 (and once in the
light theme), compared with reviewed references (see test_screenshots.py; ``UPDATE_SCREENSHOTS=1`` refreshes
them). Nothing that matters may be drawn cut: numbers, names and labels."""
from __future__ import annotations

import re

import pytest

from simulator.head import HEADS
from simulator.ui.texts import money

from .flows import record_drawn
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


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_with_the_largest_text_columns_and_buttons_make_room_rather_than_cut_a_number(start, lang):
    pilot = start(lang=lang, seed=1)
    pilot.app.ctx.settings.text_scale = 1.3
    pilot.app.relayout()
    report, previous = play(pilot, 6, "opaque")
    scene = pilot.app.open("head_report", report, previous)
    pilot.advance(1)
    assert no_cuts(pilot) == []
    assert 4 not in scene.keep                               # the offers column went first ...
    assert scene.per_row == 4                                # ... and the tiles take two rows (six-digit changes)
    offers = pilot.app.ctx.t("head_report.col.offers")
    drawn = record_drawn(pilot)
    pilot.advance(1)
    if not scene.details_inline:                              # under each row, or in the notes when no room
        drawn = [text.split(": ", 1)[1] for text, _ in scene.page.lines if ": " in text]
    for m in report.sellers:                                  # what the table left out still reads
        assert any(f"{offers} {m.offers}" in text and money(m.books_money.salary, "RUB", lang) in text
                   for text in drawn), m.seller
    pilot.app.pop()
    play(pilot, FREE.turns, "opaque")
    debrief = pilot.app.open("head_debrief")
    pilot.advance(len(HEADS) + 1)
    assert no_cuts(pilot) == []
    buttons = [pilot.find(w).rect for w in ("head_debrief.submit", "head_debrief.save_replay", "head_debrief.menu")]
    assert not any(a.colliderect(b) for a in buttons for b in buttons if a is not b)
    assert debrief.page.rect.right < debrief.right.x


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_team_room_and_the_heads_decision_screens_look_as_reviewed(start, lang):
    from .flows import to_room

    pilot = start(lang=lang, seed=1)
    session = to_room(pilot)
    pilot.move((5, 5))
    check(pilot, f"head-room-start-{lang}")
    for button, name in (("head.open_rules", "rules"), ("head.open_pay", "pay"), ("head.open_hire", "hire"),
                         ("head.open_segments", "segments")):
        pilot.click(button)
        if name == "hire":
            pilot.click("head_hire.ask.career_path")
            pilot.click("head_hire.ask.price_objection")
        pilot.move((5, 5))
        check(pilot, f"head-{name}-{lang}")
        pilot.press(27)   # Esc
    for _ in range(3):
        if session.game.decision_month:
            HEADS["misaligned"].decide(session.game)
        session.end_month()
    pilot.find("head.people").select(3)
    pilot.advance(1)
    pilot.move((5, 5))
    check(pilot, f"head-room-month3-{lang}")
