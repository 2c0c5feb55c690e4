"""A discovery conversation played through the window: from the client's card to the talk (questions picked with
the mouse and the keys, the client's answers read in the transcript), its summary, the revealed need on the card,
the fitting offer, the month's report and the debrief; in both languages."""
from __future__ import annotations

import numpy as np
import pygame
import pytest

from simulator.engine import TalkResult, Verdict
from simulator.ui.scenes.hints import TALK_STEPS
from simulator.ui.scenes.talk import TalkScene

from .flows import end_month, pick_scenario, record_drawn, to_desk

SCENARIO = "talk-demo"


def discovery_path(game, client: int, touch: str) -> list[int] | None:
    """Menu positions a person asking only situation and past questions picks, up to the talk's natural length,
    when that finds the client's job (the engine answers; None when it does not)."""
    conv = game.open_conversation(client, touch)
    picks = []
    while len(conv.asked) < conv.length and conv.menu:
        k = next((i for i, q in enumerate(conv.menu) if q.kind.family == "discovery"), None)
        if k is None:
            return None
        picks.append(k)
        conv = conv.ask(conv.menu[k].id)
        if any(f.kind == "need" for f in conv.findings):
            return picks
    return None


def select(pilot, desk, client: int) -> None:
    """Select ``client`` in the desk's list, as a click on its row would."""
    desk.list.select_position(int(np.flatnonzero(desk.table.index == client)[0]))
    pilot.advance(1)


def talkable(desk):
    """(client, touch, picks): the first client with whom a discovery talk finds the job."""
    game = desk.session.game
    touch = game.desk.conversation_touches()[0]
    for client in np.flatnonzero(game.desk.talkative()):
        picks = discovery_path(game, int(client), touch)
        if picks:
            return int(client), touch, picks
    raise AssertionError("no client whose job a discovery talk finds")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_discovery_talk_reveals_the_job_on_the_card_and_the_fitting_offer_is_made(start, lang):
    pilot = start(lang=lang, seed=1)
    desk = to_desk(pilot, SCENARIO, "Anna" if lang == "en" else "Анна")
    game = desk.session.game
    client, touch, picks = talkable(desk)
    select(pilot, desk, client)
    assert not desk.session.draft.touches_of(client)
    assert pilot.find("desk.talk").visible

    # J opens the talk; with no call planned, the call is planned first (it uses that touch's hours).
    hours_before = desk.session.draft.hours_left()
    pilot.press(pygame.K_j)
    talk = pilot.scene
    assert isinstance(talk, TalkScene)
    assert (touch, None) in desk.session.draft.touches_of(client)
    spent = hours_before - desk.session.draft.hours_left()
    assert spent == pytest.approx(next(k.hours for k in game.scenario.touch_types if k.id == touch))
    drawn = record_drawn(pilot)
    pilot.advance(1)
    assert any(str(spent).replace(".", "," if lang == "ru" else ".") in text for text in drawn), \
        "the talk says the hours its touch uses"
    name = game.clients.names_in(lang)[client]
    assert name in talk.transcript.turns[0].text     # the opening note names the client

    # Pick the questions: the first with the mouse, the rest with their number keys; each answer shows.
    for n, k in enumerate(picks):
        question = talk.conv.menu[k]
        if n == 0:
            pilot.click(f"talk.q{k}")
        else:
            pilot.press(pygame.K_1 + k)
        answer = talk.conv.answers[-1]
        assert answer.question == question
        said = answer.text.get(lang) if answer.text is not None else pilot.app.ctx.t(f"talk.answer.{answer.key}")
        assert talk.transcript.turns[-2].side == "you" and talk.transcript.turns[-2].text == question.text.get(lang)
        assert talk.transcript.turns[-1].side == "them" and talk.transcript.turns[-1].text == said
        assert talk.transcript.turns[-1].speaker == name
    need = next(f.job for f in talk.conv.findings if f.kind == "need")
    job = next(j.name.get(lang) for j in game.scenario.jobs if j.id == need)
    assert any(job in text for text, _ in talk.notes.lines), "the notes list the job the answers revealed"

    # E ends the talk: the summary says what it revealed and what fits now.
    pilot.press(pygame.K_e)
    assert talk.done and pilot.scene is talk
    summary = " ".join(text for text, _ in talk.summary.lines)
    assert job in summary
    known = desk.knowledge()
    fitting = [p for p, pid in enumerate(game.view.product_ids) if known.fits(p)[client]]
    assert fitting, "the revealed job makes a product fit (the engine's offer status)"
    product = game.scenario.products[fitting[0]]
    assert product.name.get(lang) in summary

    # Back on the desk: the card shows the job as found in the talk, the offer picker is on the fitting
    # product and its line says it fits; O offers it.
    pilot.press(pygame.K_RETURN)
    assert pilot.scene is desk
    card = [text for text, _ in desk.card.lines]
    assert any(job in text and pilot.app.ctx.t("card.talk_need") in text for text in card)
    assert desk.client.offer_product.value == product.id
    drawn = record_drawn(pilot)
    pilot.advance(1)
    fits_word = pilot.app.ctx.t("offer_status.fits", month=0)
    assert any(fits_word[:1].upper() + fits_word[1:] == text for text in drawn)
    pilot.press(pygame.K_o)
    assert product.id in desk.session.draft.offers_of(client)

    # The month records the talk and its offer; the report's "talks" card and the client's story tell it.
    asked = desk.session.draft.conversation_of(client).asked
    end_month(pilot)
    plan = game.plans[-1]
    assert [(c.client, c.touch, c.questions) for c in plan.conversations] == [(client, touch, asked)]
    report = pilot.scene
    card_row = next(r for r in report.inbox.rows() if r.key == "talks")
    assert card_row.count == "1"
    outcome = game.reports[-1].conversations[0]
    assert outcome.needs and need in outcome.needs


def test_a_leading_question_is_heard_as_a_yes_and_the_summary_says_so(start):
    pilot = start(lang="en", seed=1)
    desk = to_desk(pilot, SCENARIO)
    game = desk.session.game
    client = int(np.flatnonzero(game.desk.talkative())[0])
    select(pilot, desk, client)
    pilot.press(pygame.K_j)
    talk = pilot.scene
    leading = next(i for i, q in enumerate(talk.conv.menu) if q.kind.family == "leading")
    pilot.press(pygame.K_1 + leading)
    verdict = talk.conv.answers[-1].verdict
    assert verdict in (Verdict.AGREED, Verdict.SIGNAL)
    pilot.press(pygame.K_ESCAPE)                      # Esc ends the talk too
    assert talk.done
    lines = talk.summary.lines
    worded = pilot.app.ctx.t(f"talk.verdict.{Verdict(verdict).name.lower()}")
    assert any(worded in text and style == "warn" for text, style in lines)
    pilot.press(pygame.K_ESCAPE)
    assert pilot.scene is desk
    end_month(pilot)
    result = next(r for r in pilot.scene.inbox.rows() if r.key == "talks")
    assert result.style == "bad"
    talks = next(c for c in pilot.scene.inbox.cards if c.kind == "talks")
    assert talks.groups[0].code in (int(TalkResult.LEADING), int(TalkResult.FALSE_SIGNAL))


def test_esc_before_any_question_leaves_nothing_and_clearing_the_client_drops_the_talk(start):
    pilot = start(lang="en", seed=1)
    desk = to_desk(pilot, SCENARIO)
    game = desk.session.game
    client = int(np.flatnonzero(game.desk.talkative())[0])
    select(pilot, desk, client)
    pilot.press(pygame.K_j)
    pilot.press(pygame.K_ESCAPE)
    assert pilot.scene is desk and desk.session.draft.conversation_of(client) is None
    pilot.press(pygame.K_j)
    pilot.press(pygame.K_1)
    pilot.press(pygame.K_e)
    pilot.press(pygame.K_RETURN)
    assert desk.session.draft.conversation_of(client) is not None
    assert pilot.find("desk.talk").text() == pilot.app.ctx.t("desk.talk_read")
    pilot.press(pygame.K_j)                          # a held talk opens to be read, not asked again
    assert isinstance(pilot.scene, TalkScene) and pilot.scene.done
    assert not any(pilot.find(f"talk.q{k}").visible for k in range(4))
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_c)                          # clearing the client's plan drops the call and its talk
    assert desk.session.draft.conversation_of(client) is None
    assert desk.session.draft.to_plan().conversations == ()


def test_the_debrief_shows_the_talks_share_of_needs_and_sales(start):
    pilot = start(lang="ru", seed=1)
    desk = to_desk(pilot, SCENARIO, "Анна")
    game = desk.session.game
    client, touch, picks = talkable(desk)
    select(pilot, desk, client)
    pilot.press(pygame.K_j)
    for k in picks:
        pilot.press(pygame.K_1 + k)
    pilot.press(pygame.K_e)
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_o)
    while not game.finished:
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    numbers = game.conversation_numbers()
    assert numbers.talks == 1
    page = " ".join(text for text, _ in pilot.scene.page.lines)
    assert pilot.app.ctx.t("debrief.talks") in page
    t = pilot.app.ctx.t
    from simulator.ui.texts import number, percent
    assert t("talk.share_revealed", found=number(numbers.needs_by_talk, "ru"),
             total=number(numbers.needs_by_talk + numbers.needs_by_touch, "ru"),
             share=percent(numbers.revealed_share)) in page


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (1024, 600)])
def test_the_first_talk_is_guided_and_no_hint_covers_what_it_points_at(start, lang, size):
    pilot = start(lang=lang, size=size, hints=True, seed=1)
    pilot.type_into("menu.player", "Anna")
    pick_scenario(pilot, SCENARIO)
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    desk = pilot.scene
    guide = desk.guide
    assert guide.active and guide.steps is TALK_STEPS
    client, _, picks = talkable(desk)
    select(pilot, desk, client)
    seen = []
    while guide.active:
        pilot.advance(1)
        target = guide.target()
        assert target is not None, f"{guide.current.text}: its target is not shown"
        assert not guide.box.colliderect(target), f"{guide.current.text} covers its target at {size}"
        step = guide.current.text
        seen.append(step)
        if step == "hint.do_talk":
            pilot.press(pygame.K_RETURN)             # the guide gave the Talk button the keyboard
            assert isinstance(pilot.scene, TalkScene)
            for k in picks:
                pilot.press(pygame.K_1 + k)
            pilot.press(pygame.K_e)
            pilot.press(pygame.K_RETURN)
        elif step == "hint.talk_offer":
            pilot.press(pygame.K_o)
        elif step == "hint.do_end":
            end_month(pilot)
            pilot.press(pygame.K_RETURN)
        else:
            pilot.press(pygame.K_RETURN)             # Next
        assert seen.count(step) < 3, f"stuck on {step}"
    assert seen == [s.text for s in TALK_STEPS]


def test_the_transcript_follows_the_newest_answer_and_scrolls_back_with_the_wheel(start):
    pilot = start(lang="ru", seed=1)
    desk = to_desk(pilot, SCENARIO, "Анна")
    client = int(np.flatnonzero(desk.session.game.desk.talkative())[0])
    select(pilot, desk, client)
    pilot.press(pygame.K_j)
    talk = pilot.scene
    theme = pilot.app.ctx.theme
    for _ in range(5):
        pilot.press(pygame.K_1)
    transcript = talk.transcript
    assert transcript.line_count(theme) > transcript.visible_count(theme), "five answers fill more than the page"
    assert transcript.at_bottom(theme) and transcript.follow       # the newest answer is in view
    pilot.wheel("talk.transcript", 2)
    assert not transcript.follow and not transcript.at_bottom(theme)
    pilot.press(pygame.K_1)                                          # a new answer while reading back: stays put
    assert not transcript.at_bottom(theme)
    pilot.press(pygame.K_PAGEDOWN)
    pilot.press(pygame.K_PAGEDOWN)
    pilot.press(pygame.K_PAGEDOWN)
    assert transcript.at_bottom(theme) and transcript.follow


def test_a_scenario_without_conversations_has_no_talk_button_and_j_does_nothing(start):
    pilot = start(lang="en", seed=1)
    desk = to_desk(pilot, "desk-demo")
    assert not pilot.find("desk.talk").visible
    before = desk.session.draft.version
    pilot.press(pygame.K_j)
    assert pilot.scene is desk and desk.session.draft.version == before
