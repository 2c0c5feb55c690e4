"""The head's month report and final report, as a head of sales sees them: every amount drawn is the head
game's, each seller's pay shows under every base with his own marked, a book nobody held is named, Continue
goes back to the room, the reference heads appear frame by frame, and the replay saved is one that
verification accepts."""
from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from simulator.engine import BASES
from simulator.head import HEADS, head_takeaways, play_head
from simulator.scenario import load_file
from simulator.store.head_replay import HeadReplay, verify_head
from simulator.store.head_session import HeadSession
from simulator.ui.texts import decimal, money, money_short, percent

from .flows import record_drawn

FREE_PATH = Path(__file__).resolve().parents[2] / "scenarios" / "head-free-markup.yaml"
FREE = load_file(FREE_PATH)


def head_session(pilot, months: int, head: str | None = "aligned", seed: int = 3):
    """A head game of ``months`` months (decided by a reference head, or not at all) as the pilot's session;
    returns (session, last report, the one before)."""
    session = HeadSession(FREE, FREE_PATH, seed, "Anna", "G1")
    pilot.app.ctx.session = session
    previous = report = None
    for _ in range(months):
        if head is not None and session.game.decision_month:
            HEADS[head].decide(session.game)
        previous, report = report, session.end_month()
    return session, report, previous


def test_the_month_report_shows_the_engines_numbers_and_every_sellers_pay_on_each_base(start):
    pilot = start(lang="en")
    session, report, previous = head_session(pilot, 3, "misaligned")
    game = session.game
    drawn = record_drawn(pilot)
    scene = pilot.app.open("head_report", report, previous)
    pilot.advance(1)
    assert type(scene).__name__ == "HeadReportScene" and pilot.scene is scene
    for change in game.month_changes(report, previous):     # the tiles: this month against the last
        if change.kpi in ("revenue", "gross_profit", "net_profit", "pay"):
            assert money_short(change.after, "", "en") in drawn, change.kpi
        elif change.kpi in ("loyalty", "morale"):
            assert percent(change.after) in drawn, change.kpi
    alternatives = game.pay_alternatives(report)
    assert set(alternatives) == {m.seller for m in report.sellers if m.books}
    names = {c.id: c.name.get("en") for c in FREE.team.candidates}
    for m in report.sellers:
        assert names[m.seller] in drawn
        assert money(m.books_money.pay, "", "en") in drawn                                   # his pay
        assert any(money(m.books_money.salary, "RUB", "en") in text and money(m.books_money.bonus, "RUB", "en") in text
                   for text in drawn)                                                     # salary + bonus
        for base in BASES:                                                                # and the alternatives
            shown = ("● " if base == m.scheme.base else "") + money(alternatives[m.seller][base], "", "en")
            assert shown in drawn, (m.seller, base, shown)
        assert m.scheme.base == "invoice"                    # the misaligned head pays for volume here
    notes = " ".join(text for text, _ in scene.page.lines)
    volume = next(n for n in game.month_notes(report) if n.code == "invoice_volume")
    assert names[volume.seller] in notes and money(volume.money["gross"], "RUB", "en") in notes
    pilot.press(pygame.K_RETURN)                            # Continue: back to where it was opened from
    assert pilot.scene is not scene and pilot.app.is_open("menu")


def test_a_change_too_small_to_show_has_no_arrow_up_or_down(start):
    """Month 9 of the opaque head's game on seed 1: the average loyalty moved by less than 0.05 points, which
    reads "+0.0 pt"; a red ▼ beside it would say it fell. Every tile's arrow agrees with the number it shows."""
    pilot = start(lang="en")
    session = HeadSession(FREE, FREE_PATH, 1, "Anna", "G1")
    pilot.app.ctx.session = session
    previous = report = None
    for _ in range(9):
        if session.game.decision_month:
            HEADS["opaque"].decide(session.game)
        previous, report = report, session.end_month()
    changes = session.game.month_changes(report, previous)
    loyalty = next(c for c in changes if c.kpi == "loyalty")
    assert 0 < abs(loyalty.change) < 0.0005            # the case this checks: a real change that rounds to zero
    drawn = record_drawn(pilot)
    pilot.app.open("head_report", report, previous)
    pilot.advance(1)
    assert "= +0.0\u00a0pt" in drawn and "▼ +0.0\u00a0pt" not in drawn and "▲ +0.0\u00a0pt" not in drawn
    tiles = [text for text in drawn if text[:1] in "▲▼="]
    assert len(tiles) == len(changes)
    for text in tiles:                                 # ▲ or ▼ only beside a number that is not zero
        assert (text[0] == "=") == (not any(ch in "123456789" for ch in text)), text


def test_a_book_nobody_holds_and_esc_and_the_continue_button(start):
    pilot = start(lang="ru")
    session, report, _ = head_session(pilot, 1, head=None)   # one segment starts without a seller
    drawn = record_drawn(pilot)
    scene = pilot.app.open("head_report", report, None)
    pilot.advance(1)
    book = report.book_reports["builders-south"]
    row = next(text for text in drawn if text.startswith("Строительные фирмы, юг: без продавца"))
    assert f"{int(book.deals_won.sum())} сдел" in row and money(book.books.revenue, "RUB", "ru") in row
    assert any("Назначьте сегмент" in text for text, _ in scene.page.lines)
    assert "первый месяц" in drawn                            # no month before the first
    assert pilot.find("head_report.continue").text() == "Дальше"
    pilot.press(pygame.K_ESCAPE)
    assert pilot.app.is_open("menu")
    pilot.app.open("head_report", report, None)
    pilot.click("head_report.continue")
    assert pilot.app.is_open("menu")


def test_the_final_report_plays_the_reference_heads_frame_by_frame_and_saves_a_replay_that_verifies(start, data_dir):
    pilot = start(lang="en")
    session, _, _ = head_session(pilot, FREE.turns, "misaligned")
    assert session.game.finished
    scene = pilot.app.open("head_debrief")
    assert scene.references == {}                            # nothing played before the first frame
    pilot.advance(1)
    assert list(scene.references) == ["aligned"]             # one reference head a frame
    pilot.advance(len(HEADS))
    assert list(scene.references) == list(HEADS)
    drawn = record_drawn(pilot)
    pilot.advance(1)
    for name, head in HEADS.items():                        # side by side: the same seed, the engine's scores
        ref = play_head(FREE, 3, head)
        assert decimal(ref.result().score, 1, "en") in drawn, name
        assert money_short(ref.kpis()["net_profit"], "", "en") in drawn
    assert decimal(session.game.result().score, 1, "en") in drawn
    for total in session.game.pay_totals():                  # pay over the game under every base
        assert money(total.paid, "", "en") in drawn
        for base in BASES:
            assert ("● " if base == total.base else "") + money(total.by_base[base], "", "en") in drawn
    page = " ".join(text for text, _ in scene.page.lines)
    notes = head_takeaways(session.game, scene.references)
    assert notes[0].code == "aligned_more" and money(notes[0].money["diff"], "RUB", "en") in page
    assert "Lesson 6" in page

    pilot.click("head_debrief.save_replay")
    path = scene.saved_path
    assert path is not None and path.exists() and path.parent == pilot.app.ctx.replays_dir
    assert scene.message_style == "good" and path.name in scene.message
    rep = HeadReplay.load(path)
    assert rep.player == "Anna" and rep.seed == 3
    assert verify_head(rep, FREE).result().score == pytest.approx(session.game.result().score)

    pilot.click("head_debrief.submit")
    assert scene.message_style == "good", scene.message
    from simulator.store.leaderboard import Leaderboard
    with Leaderboard.open(pilot.app.ctx.db_path) as board:
        [ranking] = board.rankings("head-free-markup")
    [entry] = ranking.entries
    assert entry.kind == "head" and entry.player == "Anna"
    assert entry.score == pytest.approx(session.game.result().score)
    assert decimal_text(entry.score) in scene.message
    assert not pilot.find("head_debrief.submit").enabled()   # once on the board, not again
    pilot.click("head_debrief.menu")
    assert pilot.app.is_open("menu")


def decimal_text(score: float) -> str:
    from simulator.locale import decimal
    return decimal(score, 1, "en")


def test_the_final_report_before_the_references_have_played_says_so(start):
    pilot = start(lang="ru")
    head_session(pilot, FREE.turns, "aligned")
    scene = pilot.app.make("head_debrief")
    pilot.app.push(scene)
    assert scene.page.lines[1][0] == "Эталонные руководители ещё играют вашу партию…"
    pilot.app.draw()
    pilot.advance(len(HEADS))
    assert scene.page.lines[1][0].startswith("• Урок 6")
    pilot.press(pygame.K_ESCAPE)
    assert pilot.app.is_open("menu")


def test_every_lesson_the_game_can_name_has_words_in_both_languages():
    import ast
    import inspect

    import simulator.head.notes as game_module  # where the notes and takeaways are made
    from simulator.head import MONTH_NOTES, PURPOSES, TAKEAWAYS
    from simulator.locale.catalogue import LOCALE_DIR, load_catalogue
    from simulator.locale.languages import languages

    keys = [f"head_report.note.{c}" for c in MONTH_NOTES] + [f"head_debrief.takeaway.{c}" for c in TAKEAWAYS]
    keys += [f"head_report.purpose.{p}" for p in (*PURPOSES, "none")] + [f"head_debrief.head.{h}" for h in HEADS]
    keys += [f"head_report.base.{b}" for b in BASES] + [f"head_debrief.base.{b}" for b in BASES]
    for lang in languages([LOCALE_DIR]):
        catalogue = load_catalogue(lang)
        assert [k for k in keys if not catalogue.get(k)] == [], lang
    # and the codes listed are the codes the game makes
    made = {node.args[0].value for node in ast.walk(ast.parse(inspect.getsource(game_module)))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "HeadNote"
            and isinstance(node.args[0], ast.Constant)}
    made |= {"event_worked", "event_wasted", "aligned_same", "aligned_more", "aligned_less", "misaligned",
             "misaligned_more", "quits", "quits_covered", "kept_team", "kept_team_unattended"}
    assert made == set(MONTH_NOTES) | set(TAKEAWAYS)
