"""The desk coaches: the tutorial played exactly as its hints say keeps every client, and a month of the
certification planned from the agenda takes few actions; a hint never covers what it points at."""
from __future__ import annotations

import pygame
import pytest

from simulator.desk.knowledge import FITS
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.scenes.hints import MONTH2_STEPS, STEPS

from .flows import end_month, follow_guide, play_agenda, start_scenario


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_tutorial_played_as_its_hints_say_keeps_every_client(start, seed):
    pilot = start(lang="en", hints=True, seed=seed, scenario_dirs=[SCENARIOS_DIR])
    start_scenario(pilot, "tutorial", "Anna")
    pilot.press(pygame.K_RETURN)
    desk = pilot.scene
    shown = follow_guide(pilot)
    assert "hint.price" in shown and "hint.do_markup" not in shown
    game = desk.session.game
    assert game.markups == {p.id: p.markup.default for p in game.scenario.products}  # nobody told to move a price
    assert game.state.active.all(), "month 1 done as the hints say lost a client"
    pilot.press(pygame.K_RETURN)                     # leave the report: month 2, the recap
    guide = desk.guide
    assert guide.active and guide.current.text == "hint.recap"
    recap = guide.text()   # what happened and why, in the month report's numbers
    report = game.reports[0]
    kept = int((report.deal_renewal & report.deals_won).sum())
    assert f"{kept} of {int(report.deal_renewal.sum())} renewal" in recap and "the reminder came" in recap
    assert "No client left." in recap
    pilot.press(pygame.K_RETURN)                     # Next
    assert guide.current.text == "hint.do_agenda"
    play_agenda(pilot)                               # "press F2 ... then the next item"
    assert guide.current.text == "hint.do_end_2"
    end_month(pilot)
    pilot.press(pygame.K_RETURN)
    assert not guide.active
    while not game.finished:                         # the last month: the agenda still leads
        play_agenda(pilot)
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    assert game.state.active.all(), f"clients lost: {(~game.state.active).sum()}"


def test_certification_month_one_from_the_agenda_in_at_most_30_actions(start):
    pilot = start(lang="en", hints=False, scenario_dirs=[SCENARIOS_DIR])
    start_scenario(pilot, "certification", "Anna")
    pilot.press(pygame.K_RETURN)
    desk = pilot.scene
    actions: list[int] = []

    def press(key, mod=0):
        actions.append(key)
        pilot.press(key, mod)

    play_agenda(pilot, press)
    draft = desk.session.draft
    planned = draft.to_plan()
    known = desk.knowledge()
    assert planned.touches, "the agenda led to no touch"
    touched = sum(b.clients.size for b in planned.touches)
    assert draft.hours_left() < 0.25 * draft.capacity_hours, "the agenda left most hours unused"
    offers = draft.offers_planned()
    assert not (offers & (known.offer != FITS)).any(), "an offer the desk does not mark as fitting"
    press(pygame.K_F9)
    if type(pilot.scene).__name__ == "ConfirmScene":
        press(pygame.K_RETURN)
    assert type(pilot.scene).__name__ == "MonthReportScene"
    assert len(actions) <= 30, f"{len(actions)} actions for {touched} touches"
    report = desk.session.game.reports[0]
    assert report.useful_touches >= 0.8 * report.touches, "most touches from the agenda should carry news"


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (1024, 600)])
def test_no_hint_covers_what_it_points_at(start, lang, size):
    pilot = start(lang=lang, size=size, hints=True, scenario_dirs=[SCENARIOS_DIR])
    start_scenario(pilot, "tutorial", "Anna")
    pilot.press(pygame.K_RETURN)
    desk = pilot.scene
    guide = desk.guide
    seen = []

    def look(_name):
        pilot.advance(1)
        target = guide.target()
        assert target is not None, f"{guide.current.text}: its target is not shown"
        assert not guide.box.colliderect(target), f"{guide.current.text} covers its target at {size}"
        assert desk.rect.contains(guide.box) if hasattr(desk, "rect") else True
        seen.append(guide.current.text)

    follow_guide(pilot, look)
    pilot.press(pygame.K_RETURN)
    while guide.active:
        look("month 2")
        if guide.current.text == "hint.do_agenda":
            play_agenda(pilot)
        elif guide.current.text == "hint.do_end_2":
            end_month(pilot)
            break
        else:
            pilot.press(pygame.K_RETURN)
    assert [s.text for s in STEPS] == [s for s in seen if s in {x.text for x in STEPS}]
    assert {s.text for s in MONTH2_STEPS} <= set(seen)


def test_russian_text_never_names_a_strategy_by_its_id():
    from simulator.strategies import STRATEGIES
    from simulator.ui.i18n import load_catalogue
    catalogue = load_catalogue("ru")
    for key, text in catalogue.items():
        if key.startswith(("bot_summary.", "head_bot_summary.")):
            continue   # `strategies --lang ru` lists the bots by their ids: there an id is the bot's name
        for name in STRATEGIES:
            assert name not in text, f"ru {key} shows the strategy id {name!r}"


def test_the_debrief_opens_on_what_to_try_next_time_with_a_lesson_and_a_number(start):
    from .flows import record_drawn
    pilot = start(lang="ru", hints=False, scenario_dirs=[SCENARIOS_DIR])
    start_scenario(pilot, "tutorial", "Анна")
    pilot.press(pygame.K_RETURN)
    game = pilot.scene.session.game
    while not game.finished:
        pilot.click("desk.touch_all")          # touches with no topic: the debrief has something to say
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    drawn = record_drawn(pilot)
    pilot.advance(8)
    page = [text for text, _ in pilot.scene.page.lines]
    assert page[0].startswith("Что попробовать в следующий раз")
    first = page[1]
    assert first.startswith("1. Урок ") and any(ch.isdigit() for ch in first[8:])
    assert pilot.find("debrief.chart.causes").visible
    from simulator.strategies import STRATEGIES
    assert not [t for t in drawn if any(name in t for name in STRATEGIES)]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_takeaway_whose_loyalty_points_round_to_nothing_names_no_points(start, lang):
    """Seed 1, touches with no topic every month: a client forgot us and left, yet silence cost the average client
    under 0.05 loyalty points; the takeaway says what happened and leaves out a "−0 points"."""
    from simulator.engine import takeaways
    from simulator.ui.texts import kpi_name, kpi_value
    pilot = start(lang=lang, seed=1, hints=False, scenario_dirs=[SCENARIOS_DIR])
    start_scenario(pilot, "tutorial", "Anna")
    pilot.press(pygame.K_RETURN)
    game = pilot.scene.session.game
    while not game.finished:
        pilot.click("desk.touch_all")
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    pilot.advance(8)
    forgotten = next(f for f in takeaways(game.reports, game.n_clients) if f.code == "forgotten")
    assert forgotten.numbers["points"] == 0 and forgotten.numbers["left"] >= 1   # the case this checks
    page = [text for text, _ in pilot.scene.page.lines]
    said = next(text for text in page if ("забыл вас и ушёл" if lang == "ru" else "forgot you and left") in text)
    assert "\u22120" not in said and "−0" not in said and said.endswith(("конкурентам.", "competitors."))
    assert not [text for text in page if "\u22120 " in text or "+0 " in text]
    kept = game.result().kpis["renewal_rate"]             # the scored KPI is among the game's KPIs too
    assert f"{kpi_name('renewal_rate', lang)}: {kpi_value('renewal_rate', kept, 'RUB', lang)}" in page


def test_an_agenda_item_with_no_topic_that_is_news_says_so_in_whole_sentences(start):
    """Certification, seed 5, months 1-2 planned from the agenda: in month 3 one client may leave and no topic is
    news to him (the engine's item has no topic); the advice says so instead of "the topic  is news to 0"."""
    pilot = start(lang="en", hints=False, seed=5, scenario_dirs=[SCENARIOS_DIR])
    start_scenario(pilot, "certification", "Anna")
    pilot.press(pygame.K_RETURN)
    desk = pilot.scene
    for _ in range(2):
        play_agenda(pilot)
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    items = desk.agenda.current()
    bare = [k for k, item in enumerate(items) if item.topic is None]
    assert bare                                        # the case this checks
    for k in bare:
        advice = desk.agenda.advice(k)
        assert "no topic is news to them" in advice and "  " not in advice and "<agenda" not in advice, advice
    play_agenda(pilot)                                 # then the hours left have nobody to call
    items = desk.agenda.current()
    empty = [k for k, item in enumerate(items) if not item.clients.size and desk.agenda.buttons[k].visible]
    assert empty and "no topic is news" in desk.agenda.advice(empty[0])
    desk.agenda.close()
    shown = len(desk.table.index)
    desk.agenda.open(empty[0])
    assert len(desk.table.index) == shown > 0 and desk.message == desk.agenda.advice(empty[0])
