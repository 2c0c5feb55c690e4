"""The pay-plan lab's scenario through the window: a head interviews (asks from the menu, reads each answer as the
candidate said it, fills the scorecard) and hires; the lab shows each seller's own forecast with its range and
every alternative side by side, and applies the one the head picks. What the screens print is the game's."""
from __future__ import annotations

import pygame
import pytest

from simulator.head import HeadDecision, HeadGame, interview as iv
from simulator.head.lab import LAB_VARIANTS
from simulator.scenario import load_file
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.texts import money

from .flows import record_drawn, to_room
from .test_fit import Watch


def _pick(pilot, wid: str, value) -> None:
    for _ in range(20):
        if pilot.find(wid).value == value:
            return
        pilot.click(wid)
    raise AssertionError(f"{wid} never showed {value!r}")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_head_interviews_reads_the_answers_fills_the_scorecard_and_hires(start, lang):
    pilot = start(lang=lang)
    session = to_room(pilot, "head-pay-lab")
    game = session.game
    pilot.click("head.open_hire")
    assert type(pilot.scene).__name__ == "HeadInterviewScene"
    _pick(pilot, "head_interview.candidate", "svetlana")
    drawn = record_drawn(pilot)
    pilot.click("head_interview.ask.news_change")
    pilot.press(pygame.K_2)                       # the menu's second question by its key
    pilot.click("head_interview.ask.hobbies")
    answers = game.answers_of("svetlana")
    assert [a.question for a in answers] == ["news_change", "price_objection", "hobbies"]
    pilot.advance(1)
    screen = " ".join(drawn)
    for a in answers:   # each answer is on the screen in the player's language, in the candidate's words
        words = a.text.get(lang).split()
        assert " ".join(words[:4]) in screen, (a.text.get(lang), screen[-800:])
    assert not pilot.find("head_interview.ask.why_us").is_enabled(), "three questions and no more"
    for k, clicks in enumerate((5, 3, 2)):         # marks 5, 3 and 2 (the choice starts at "—")
        for _ in range(clicks):
            pilot.click(f"head_interview.score.{k}")
    assert game.scorecard_of("svetlana") == {"news_change": 5, "price_objection": 3, "hobbies": 2}
    pilot.find("head_interview.promise").set_value(100_000)
    pilot.click("head_interview.hire")
    assert game.sellers["svetlana"].status == "hired"
    pilot.press(pygame.K_ESCAPE)
    assert type(pilot.scene).__name__ == "HeadRoomScene"
    verified = HeadGame(load_file(SCENARIOS_DIR / "head-pay-lab.yaml"), game.seed)   # the month's decisions as saved
    for decision in game.decisions[-1]:
        verified.decide(HeadDecision.from_json(decision.to_json()))
    assert verified.scorecard_of("svetlana") == game.scorecard_of("svetlana")
    assert [a.text for a in verified.answers_of("svetlana")] == [a.text for a in answers]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_lab_shows_each_sellers_range_every_alternative_and_applies_one(start, lang):
    pilot = start(lang=lang)
    session = to_room(pilot, "head-pay-lab")
    game = session.game
    pilot.click("head.open_lab")
    assert type(pilot.scene).__name__ == "HeadLabScene"
    pilot.wait_for_jobs()
    lab = pilot.scene
    assert lab.results is not None and tuple(lab.results) == LAB_VARIANTS
    seller = pilot.find("head_lab.seller").value
    _pick(pilot, "head_lab.variant", "gross_profit")
    drawn = record_drawn(pilot)
    pilot.advance(1)
    chosen = lab.results["gross_profit"]
    cur = game.scenario.desk.currency
    line = next(text for text in drawn if money(chosen.pay[1], cur, lang) in text)
    assert money(chosen.pay[0], cur, lang) in line and money(chosen.pay[2], cur, lang) in line, line
    for name in LAB_VARIANTS:   # every alternative's median pay is in the table
        assert money(lab.results[name].pay[1], cur, lang) in drawn
    pilot.click("head_lab.apply")
    assert game.sellers[seller].pay == chosen.scheme
    pilot.wait_for_jobs()
    assert pilot.scene.results is not None and pilot.scene.results["draft"].scheme == chosen.scheme


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_nothing_that_matters_is_cut_on_the_interview_and_the_lab(start, lang):
    pilot = start(lang=lang)
    to_room(pilot, "head-pay-lab")
    watch = Watch(pilot)
    pilot.click("head.open_hire")
    _pick(pilot, "head_interview.candidate", "igor")
    for q in ("lost_client", "news_change", "about_yourself"):
        pilot.click(f"head_interview.ask.{q}")
    watch.look("interview")
    pilot.press(pygame.K_ESCAPE)
    pilot.click("head.open_lab")
    pilot.wait_for_jobs()
    for name in LAB_VARIANTS:
        _pick(pilot, "head_lab.variant", name)
        watch.look(f"lab-{name}")
    assert not watch.bad, "cut on screen:\n" + watch.report()


def test_the_final_report_lines_the_interview_up_with_the_work_and_plays_the_labs_plans(start):
    """Months after hiring the work shows who the new seller is: the final report marks each answer that matched,
    counts the matches by kind of question, and plays each of the lab's plans on the player's seed beside him."""
    pilot = start(lang="en")
    session = to_room(pilot, "head-pay-lab")
    game = session.game
    pilot.click("head.open_hire")
    _pick(pilot, "head_interview.candidate", "dasha")
    for q in ("plan_missed", "price_objection", "why_us"):
        pilot.click(f"head_interview.ask.{q}")
    pilot.find("head_interview.promise").set_value(60_000)
    pilot.click("head_interview.hire")
    pilot.press(pygame.K_ESCAPE)
    pilot.click("head.open_segments")
    _pick(pilot, "head_segments.shops-outskirts", "dasha")
    pilot.click("head_segments.apply")
    pilot.press(pygame.K_ESCAPE)
    assert game.holder["shops-outskirts"] == "dasha"
    for _ in range(game.turns):
        pilot.press(pygame.K_F9)
        pilot.click("head_report.continue")
    assert type(pilot.scene).__name__ == "HeadDebriefScene"
    pilot.advance(12)   # the reference heads and the lab's plans, one a frame
    text = [line for line, _ in pilot.scene.lines()]
    debrief = game.interview_debrief()
    assert [x.question for x in debrief] == ["plan_missed", "price_objection", "why_us"]
    for x in debrief:
        mark = "✓ " if x.hit else "✗ "
        assert any(line.startswith(mark + "Daria · ") for line in text), text
    labels = {"structured": "the job", "unstructured": "small talk"}
    for kind, (hits, total) in iv.hit_rates(debrief).items():
        assert f"{labels[kind]}: {hits} of {total} {'answer' if total == 1 else 'answers'} matched the work" in text, text
    for name in ("An accelerator above the target", "A cap on the bonus", "Paid by the quarter", "The inherited plan",
                 "Hiring from small talk"):
        assert any(line.startswith(name + ": score ") for line in text), (name, text)
