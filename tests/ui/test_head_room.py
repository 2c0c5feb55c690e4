"""The head of sales at work, through the window: the menu offers the head scenarios, the briefing leads to the
team room, and each decision screen changes the game as it says, with the numbers the head game computes."""
from __future__ import annotations

import pygame
import pytest

from simulator.head import QUESTIONS
from simulator.locale import money, percent

from .flows import pick_scenario, record_drawn, to_room


def test_the_menu_lists_both_head_scenarios_marked_as_the_heads_game(start):
    pilot = start(lang="ru")
    drawn = record_drawn(pilot)
    ids = {i.scenario.id for i in pilot.find("menu.scenarios").scene.scenarios if i.scenario}
    assert {"head-free-markup", "head-price-list"} <= ids
    pick_scenario(pilot, "head-price-list")
    pilot.advance(1)
    assert any(text.startswith("Руководитель отдела · ") for text in drawn)


def test_the_pay_calculator_shows_the_games_own_quote_and_sets_the_scheme(start):
    pilot = start(lang="en")
    session = to_room(pilot)
    game = session.game
    pilot.click("head.open_pay")
    scene = pilot.scene
    assert type(scene).__name__ == "HeadPayScene"
    base = pilot.find("head_pay.base")
    while base.value != "gross_profit":
        pilot.click("head_pay.base")
    drawn = record_drawn(pilot)
    pilot.advance(1)
    q = game.quote(scene.scheme, scene.product.value, scene.markup.value)
    sentence = f"the seller earns {money(q['bonus'], 'RUB', 'en')}"
    page = " ".join(drawn)   # the sentence wraps over lines
    assert sentence in page, sentence
    assert f"the company keeps {money(q['company_keeps'], 'RUB', 'en')}" in page
    before = {s.id: s.pay for s in game.team_members()}
    pilot.click("head_pay.target")   # from the selected seller to ... the next option
    while pilot.find("head_pay.target").value is not None:
        pilot.click("head_pay.target")
    base = pilot.find("head_pay.base")
    while base.value != "gross_profit":
        pilot.click("head_pay.base")
    pilot.click("head_pay.apply")
    assert all(s.pay.base == "gross_profit" for s in game.team_members())
    assert any(before[s.id].base != "gross_profit" for s in game.team_members())


def test_the_rules_screen_sets_the_band_from_the_cost_sheet(start):
    pilot = start(lang="en")
    game = to_room(pilot).game
    pilot.click("head.open_rules")
    drawn = record_drawn(pilot)
    pilot.advance(1)
    sheet = game.floor_sheet("boiler")
    assert f"{percent(sheet['floor'])} · {money(sheet['floor_price'], 'RUB', 'en')}" in drawn
    pilot.click("head_rules.from_sheet")
    pilot.click("head_rules.apply")
    assert game.bands["boiler"] == (pytest.approx(round(sheet["floor"], 2)), pytest.approx(round(sheet["tolerance_markup"], 2)))
    assert game.decisions[-1] and "boiler" in game.decisions[-1][-1].markups


def test_an_interview_with_questions_from_two_areas_shows_flexibility_and_empathy_and_a_low_promise_is_refused(start):
    pilot = start(lang="en")
    game = to_room(pilot).game
    pilot.click("head.open_hire")
    who = pilot.find("head_hire.candidate")
    cid = who.value
    assert game.sellers[cid].visible_traits()["empathy"] is None
    areas = {}
    for q, area in QUESTIONS.items():
        areas.setdefault(area, q)
    pilot.click(f"head_hire.ask.{areas['career']}")
    pilot.click(f"head_hire.ask.{areas['clients']}")
    shown = game.sellers[cid].visible_traits()
    assert shown["flexibility"] is not None and shown["empathy"] is not None
    drawn = record_drawn(pilot)
    pilot.advance(1)
    assert any(text.startswith("Empathy: ") and "?" not in text for text in drawn)
    slider = pilot.find("head_hire.promise")
    slider.set_value(game.sellers[cid].expectation - 10_000)
    pilot.click("head_hire.hire")
    assert game.sellers[cid].status == "candidate"
    assert "said no" in pilot.scene.status
    slider.set_value(game.sellers[cid].expectation)
    pilot.click("head_hire.hire")
    assert game.sellers[cid].status == "hired" and game.sellers[cid].promise == game.sellers[cid].expectation


def test_a_segment_handed_to_nobody_is_forgotten_and_the_room_says_so(start):
    pilot = start(lang="en")
    game = to_room(pilot).game
    seg = game.segment_ids[0]
    holder = game.holder[seg]
    pilot.click("head.open_segments")
    choice = pilot.find(f"head_segments.{seg}")
    while choice.value is not None:
        pilot.click(f"head_segments.{seg}")
    drawn = record_drawn(pilot)
    pilot.advance(1)
    assert any("nobody calls these clients" in text for text in drawn)
    pilot.click("head_segments.apply")
    assert game.holder[seg] is None
    pilot.press(pygame.K_ESCAPE)
    assert type(pilot.scene).__name__ == "HeadRoomScene"
    people = pilot.find("head.people")
    people.select([p.id for p in people.people()].index(holder))
    drawn = record_drawn(pilot)
    pilot.advance(1)
    assert game.books_of(holder) == [] and "No clients: assign a segment" in drawn


def test_decisions_are_refused_in_the_players_language_and_nothing_changes(start):
    pilot = start(lang="ru")
    game = to_room(pilot).game
    pilot.click("head.open_rules")
    scene = pilot.scene
    scene.bands["boiler"] = [0.5, 0.2]   # a floor above the ceiling, as a hand-edited draft could hold
    bands = dict(game.bands)
    pilot.click("head_rules.apply")
    assert game.bands == bands
    assert scene.status.startswith("Не сделано: пол не может быть выше потолка")


def test_f1_in_the_team_room_lists_its_keys_the_heads_rules_and_the_teams_pay(start):
    pilot = start(lang="en")
    game = to_room(pilot).game
    pilot.press(pygame.K_F1)
    page = " ".join(text for text, _ in pilot.find("help.text").lines)
    assert "Ctrl+2 — Pay" in page and "F9 — End month" in page
    assert "Pay for what the seller controls" in page
    assert f"Bonus: {round(game.team.pay.rate * 100):g}% of revenue." in page


def test_a_quarterly_head_decides_every_third_month_and_the_room_says_when(start):
    from simulator.scenario import load_file
    from simulator.store.head_session import HeadSession
    from simulator.ui.app import SCENARIOS_DIR

    path = SCENARIOS_DIR / "head-free-markup.yaml"
    base = load_file(path)
    scenario = base.model_copy(update={"team": base.team.model_copy(update={"decide_every": 3})})
    pilot = start(lang="en")
    pilot.app.ctx.session = HeadSession(scenario, path, 2, "Anna")
    room = pilot.app.open("head_room")
    pilot.advance(1)
    assert pilot.find("head.open_pay").is_enabled()
    pilot.press(pygame.K_F9)
    pilot.click("head_report.continue")
    assert pilot.scene is room and room.session.game.month == 1
    drawn = record_drawn(pilot)
    pilot.advance(1)
    assert "Month 2 of 12 · the sellers work; your next decisions come before month 4" in drawn
    for button in ("head.open_rules", "head.open_pay", "head.open_hire", "head.open_segments", "head.event"):
        assert not pilot.find(button).is_enabled(), button
    for _ in range(2):
        pilot.press(pygame.K_F9)
        pilot.click("head_report.continue")
    assert room.session.game.decision_month and pilot.find("head.open_pay").is_enabled()


def test_letting_a_seller_go_shows_its_cost_asks_first_and_then_the_game_lets_him_go(start):
    pilot = start(lang="ru")
    session = to_room(pilot)
    game = session.game
    sid = pilot.find("head.people").current().id
    assert game.sellers[sid].status == "hired"
    drawn = record_drawn(pilot)
    pilot.click("head.fire")
    assert type(pilot.scene).__name__ == "ConfirmScene"
    pilot.advance(1)
    assert any(money(game.severance_of(sid), "RUB", "ru") in text for text in drawn)   # the cost before the yes
    assert game.sellers[sid].status == "hired"                                         # nothing yet
    pilot.press(pygame.K_ESCAPE)
    assert game.sellers[sid].status == "hired"
    pilot.click("head.fire")
    pilot.click("confirm.yes")
    assert game.sellers[sid].status == "fired" and game.books_of(sid) == []
    assert pilot.scene.status_kind == "warn"


def test_the_threshold_slider_shows_its_value_and_the_calculator_is_not_red_at_the_floor(start):
    pilot = start(lang="en")
    game = to_room(pilot).game
    pilot.click("head.open_pay")
    scene = pilot.scene
    drawn = record_drawn(pilot)
    pilot.advance(1)
    assert "No threshold: every deal pays a bonus" in drawn
    pilot.click("head_pay.threshold_on")
    pilot.find("head_pay.threshold").set_value(0.15)
    drawn.clear()
    pilot.advance(1)
    assert f"Threshold {percent(0.15)}: deals below it pay no bonus" in drawn
    pid = scene.product.value
    floor = game.floor_markup(pid)
    assert not game.quote(scene.scheme, pid, floor)["below_floor"]          # the course's floor is no loss
    assert game.quote(scene.scheme, pid, floor - 0.02)["below_floor"]


def test_the_room_prompts_a_review_when_morale_falls(start):
    from simulator.head import HeadDecision
    from simulator.scenario.schema import PayScheme

    pilot = start(lang="en")
    session = to_room(pilot)
    session.decide(HeadDecision(team_pay=PayScheme(salary=0.0, base="gross_profit", rate=0.0)))   # nobody is paid
    drawn = record_drawn(pilot)
    pilot.press(pygame.K_F9)
    pilot.click("head_report.continue")
    pilot.advance(1)
    prompt = session.game.review_prompt()
    assert prompt is not None and prompt.morale < 0.7
    assert any(text.startswith("Team morale") and "review pay against the promises" in text for text in drawn)
