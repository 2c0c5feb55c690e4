"""Screenshots of the key screens in both languages, compared with committed references.

The current run's pictures go to ``tests.outputs.OUT_DIR`` (``/tmp/salesdesk-test-out``; a reviewer can
open them). References live in ``tests/ui/screenshots/`` and are refreshed only
with ``UPDATE_SCREENSHOTS=1``.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pygame
import pytest

from simulator.strategies import STRATEGIES, play
from simulator.ui.app import SCENARIOS_DIR
from tests.outputs import OUT_DIR

from .conftest import DATA_DIR
from .flows import TUTORIAL, compare_top_two, end_month, fill_leaderboard, open_first_client, replay_file, to_desk

pytestmark = pytest.mark.slow  # in `python -m pytest -m slow`, not in `python -m pytest`

REFERENCE_DIR = Path(__file__).resolve().parent / "screenshots"
CHANGED_PIXEL = 48        # a channel differing by more than this counts as a changed pixel
TOLERANCE = 0.02          # share of changed pixels allowed over the whole screen (scattered anti-aliasing)
BLOCK = 12                # ... but no 12x12 patch may change in more than a few pixels: a changed digit
BLOCK_LIMIT = 6           # (about 8x14 px at 18 px text) changes dozens of pixels in one patch


def changed_share(a: Path, b: Path) -> float:
    """Share of pixels that differ noticeably between two PNGs (1.0 if the sizes differ)."""
    sa, sb = pygame.image.load(str(a)), pygame.image.load(str(b))
    if sa.get_size() != sb.get_size():
        return 1.0
    pa = pygame.surfarray.array3d(sa).astype(np.int16)
    pb = pygame.surfarray.array3d(sb).astype(np.int16)
    return float((np.abs(pa - pb).max(axis=2) > CHANGED_PIXEL).mean())


def densest_change(a: Path, b: Path, block: int = BLOCK) -> int:
    """The most changed pixels in any ``block`` x ``block`` patch of two same-sized PNGs."""
    sa, sb = pygame.image.load(str(a)), pygame.image.load(str(b))
    pa = pygame.surfarray.array3d(sa).astype(np.int16)
    pb = pygame.surfarray.array3d(sb).astype(np.int16)
    changed = (np.abs(pa - pb).max(axis=2) > CHANGED_PIXEL).astype(np.int32)
    w, h = changed.shape
    w, h = w - w % block, h - h % block
    if w == 0 or h == 0:
        return int(changed.sum())
    patches = changed[:w, :h].reshape(w // block, block, h // block, block).sum(axis=(1, 3))
    return int(patches.max())


def check(pilot, name: str) -> None:
    """Save the current frame and compare it with its reference."""
    current = pilot.screenshot(OUT_DIR / f"{name}.png")
    reference = REFERENCE_DIR / f"{name}.png"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(current, reference)
        return
    assert reference.exists(), f"no reference {reference}; run with UPDATE_SCREENSHOTS=1 once and review it"
    share = changed_share(current, reference)
    assert share <= TOLERANCE, f"{name}: {share:.1%} of pixels changed (see {current} against {reference})"
    dense = densest_change(current, reference)
    assert dense <= BLOCK_LIMIT, (f"{name}: {dense} pixels changed in one {BLOCK}x{BLOCK} patch, as a changed digit "
                                  f"or word does (see {current} against {reference})")


def test_the_comparison_notices_one_changed_digit(tmp_path):
    from simulator.ui.theme import Theme
    pygame.font.init()
    theme = Theme(scale=1.0)
    paths = []
    for k, text in enumerate(("Разбор: очки 71,1", "Разбор: очки 71,4")):
        surface = pygame.Surface((1280, 720))
        surface.fill(theme.c("background"))
        theme.draw_text(surface, text, (20, 20), "body")
        paths.append(tmp_path / f"{k}.png")
        pygame.image.save(surface, str(paths[-1]))
    assert changed_share(*paths) < TOLERANCE            # far too few pixels for the whole-screen share to notice
    assert densest_change(*paths) > BLOCK_LIMIT         # but the patch around the digit does
    assert densest_change(paths[0], paths[0]) == 0


def test_the_comparison_notices_a_changed_screen(tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    surface = pygame.Surface((100, 100))
    surface.fill((20, 20, 20))
    pygame.image.save(surface, str(a))
    pygame.draw.rect(surface, (250, 250, 250), (0, 0, 50, 100))
    pygame.image.save(surface, str(b))
    assert changed_share(a, a) == 0.0
    assert changed_share(a, b) == pytest.approx(0.5)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_key_screens_look_as_reviewed(start, lang):
    pilot = start(lang=lang, seed=3, scenario_dirs=[DATA_DIR])  # the menu lists only the frozen demo scenario
    check(pilot, f"menu-{lang}")
    desk = to_desk(pilot, "desk-demo")
    pilot.choose("desk.topic", "certificate")
    pilot.click("desk.filter.due")
    pilot.click("desk.touch_all")
    pilot.advance(2)
    check(pilot, f"desk-{lang}")
    pilot.click("desk.tab.prices")
    check(pilot, f"desk-prices-{lang}")
    pilot.click("desk.tab.rules")
    check(pilot, f"desk-rules-{lang}")
    end_month(pilot)
    check(pilot, f"report-{lang}")
    pilot.press(pygame.K_F1)
    check(pilot, f"help-{lang}")
    pilot.press(pygame.K_ESCAPE)
    assert desk is not None


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_tutorial_hints_and_debrief_look_as_reviewed(start, lang):
    pilot = start(lang=lang, seed=3, hints=True, scenario_dirs=[SCENARIOS_DIR])
    pilot.type_into("menu.player", "Анна" if lang == "ru" else "Anna")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    pilot.advance(1)
    check(pilot, f"hints-{lang}")
    pilot.click("hint.skip")
    for _ in range(3):
        pilot.click("desk.touch_all")
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    pilot.advance(8)
    check(pilot, f"debrief-{lang}")
    pilot.click("debrief.submit")
    pilot.press(pygame.K_ESCAPE)  # the offer to save the replay file: not now
    pilot.click("debrief.menu")
    pilot.click("menu.leaderboard")
    board = pilot.scene
    assert [e.player for e in board.entries] == ["Анна" if lang == "ru" else "Anna"]
    pilot.click("board.review")
    pilot.click("board.next")
    assert board.month == 1 and board.page.lines[0][0].startswith("Месяц 2" if lang == "ru" else "Month 2")
    check(pilot, f"board-{lang}")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_leaderboard_import_and_comparison_look_as_reviewed(start, data_dir, tmp_path, lang):
    played = "2025-03-14T10:00:00Z"  # shown on an entry's card: fixed, so the picture does not move
    fill_leaderboard(data_dir / "leaderboard.sqlite3", {
        ("Анна Петрова", "Москва-1"): play(TUTORIAL, 3, STRATEGIES["balanced"]),
        ("Борис", "Москва-1"): play(TUTORIAL, 3, STRATEGIES["greedy"]),
        ("Вера", "Казань-2"): play(TUTORIAL, 3, STRATEGIES["spammer"]),
    }, finished_at=played)
    pilot = start(lang=lang, scenario_dirs=[SCENARIOS_DIR])
    pilot.click("menu.leaderboard")
    pilot.drop_file(replay_file(tmp_path, "дмитрий.json", "Дмитрий", "Казань-2", strategy="discounter",
                                finished_at=played))
    pilot.advance(1)
    check(pilot, f"board-import-{lang}")
    compare_top_two(pilot)
    pilot.press(pygame.K_RIGHT)
    check(pilot, f"compare-{lang}")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_workshop_sending_and_its_settings_look_as_reviewed(start, lang):
    """The debrief with "Send to workshop" (the server away: the game waits in the outbox), then Settings."""
    from simulator.ui.scenes.settings import SettingsScene

    pilot = start(lang=lang, seed=3, hints=False, scenario_dirs=[SCENARIOS_DIR], server="127.0.0.1:1", code="K7QF2M")
    pilot.type_into("menu.player", "Анна" if lang == "ru" else "Anna")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    for _ in range(3):
        pilot.click("desk.touch_all")
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    pilot.advance(8)
    debrief = pilot.scene
    pilot.click("debrief.send")
    for _ in range(300):
        if debrief.workshop.sending is None:
            break
        pilot.app.ctx.workshop.wait(0.1)
        pilot.advance(1)
    assert debrief.message_style == "warn"  # nothing listens on port 1: the game waits in the outbox
    check(pilot, f"debrief-workshop-{lang}")
    pilot.click("debrief.menu")
    pilot.app.push(SettingsScene(pilot.app))
    pilot.advance(1)
    check(pilot, f"settings-workshop-{lang}")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_report_inbox_and_what_if_look_as_reviewed(start, lang):
    """The month report with a card and a reason open, and the debrief's what-if comparison."""
    from simulator.scenario import load_file
    from simulator.store.saves import GameSession
    from simulator.ui.scenes.debrief import DebriefScene

    pilot = start(lang=lang, seed=3, scenario_dirs=[DATA_DIR])
    to_desk(pilot, "desk-demo")
    end_month(pilot)
    pilot.press(pygame.K_RETURN)
    end_month(pilot)
    open_first_client(pilot, "loyalty")
    check(pilot, f"report-inbox-{lang}")
    scenario = load_file(DATA_DIR / "desk-demo.yaml")
    pilot.app.ctx.session = GameSession(scenario, None, 3, "Anna", game=play(scenario, 3, STRATEGIES["passive"]))
    pilot.app.push(DebriefScene(pilot.app))
    pilot.click("debrief.whatif")
    pilot.click("whatif.run")
    check(pilot, f"whatif-{lang}")
    pilot.press(pygame.K_b)                    # the whole breakdown by channel, reason and product
    check(pilot, f"whatif-breakdown-{lang}")


PROJECTOR = (1920, 1080)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_board_in_the_projector_theme_looks_as_reviewed(start, data_dir, lang):
    """The trainer's screens in the light theme at 1920x1080: the board, the group view with names hidden,
    a month's review and two games side by side."""
    played = "2025-03-14T10:00:00Z"
    fill_leaderboard(data_dir / "leaderboard.sqlite3", {
        ("Анна Петрова-Водкина", "Москва-1"): play(TUTORIAL, 3, STRATEGIES["balanced"]),
        ("Борис", "Москва-1"): play(TUTORIAL, 3, STRATEGIES["greedy"]),
        ("Вера", "Москва-1"): play(TUTORIAL, 3, STRATEGIES["spammer"]),
        ("Григорий Константинопольский", "Москва-1"): play(TUTORIAL, 3, STRATEGIES["discounter"]),
        ("Дарья", "Москва-1"): play(TUTORIAL, 3, STRATEGIES["passive"]),
    }, finished_at=played)
    pilot = start(lang=lang, size=PROJECTOR, theme="light", scenario_dirs=[SCENARIOS_DIR])
    pilot.click("menu.leaderboard")
    pilot.advance(1)
    check(pilot, f"light-board-{lang}")
    pilot.press(pygame.K_g)
    pilot.press(pygame.K_a)
    check(pilot, f"light-group-{lang}")
    pilot.press(pygame.K_a)
    pilot.click("board.review")
    pilot.press(pygame.K_RIGHT)
    check(pilot, f"light-review-{lang}")
    pilot.press(pygame.K_ESCAPE)
    compare_top_two(pilot)
    pilot.press(pygame.K_RIGHT)
    check(pilot, f"light-compare-{lang}")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_desk_report_and_debrief_in_the_projector_theme_look_as_reviewed(start, lang):
    pilot = start(lang=lang, seed=3, hints=False, size=PROJECTOR, theme="light", scenario_dirs=[SCENARIOS_DIR])
    pilot.type_into("menu.player", "Анна" if lang == "ru" else "Anna")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    pilot.click("desk.touch_all")
    pilot.advance(2)
    check(pilot, f"light-desk-{lang}")
    end_month(pilot)
    check(pilot, f"light-report-{lang}")
    pilot.press(pygame.K_RETURN)
    for _ in range(2):
        pilot.click("desk.touch_all")
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    pilot.advance(8)
    check(pilot, f"light-debrief-{lang}")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_whole_company_desk_and_the_largest_text_look_as_reviewed(start, lang):
    """The 6,500-client desk (row signals, the risk overlay, its prices) and the demo desk at 130% text."""
    pilot = start(lang=lang, seed=3, hints=False, scenario_dirs=[SCENARIOS_DIR])
    desk = to_desk(pilot, "whole-company")
    while desk.clients.overlay.value != "at_risk":
        pilot.press(pygame.K_v)
    columns = dict(zip((c.key for c in desk.list.columns), desk.list._col_rects()))
    pilot.click_at((columns["signals"].centerx, desk.list.rect.y + 5))  # the most urgent first
    pilot.press(pygame.K_HOME)
    pilot.move((5, 5))
    check(pilot, f"desk-company-{lang}")
    pilot.press(pygame.K_2)
    check(pilot, f"desk-company-prices-{lang}")
    pilot.app.quit()
    large = start(lang=lang, seed=3, scenario_dirs=[DATA_DIR])
    large.app.ctx.settings.text_scale = 1.3
    large.app.relayout()
    to_desk(large, "desk-demo")
    large.press(pygame.K_d)
    check(large, f"desk-large-{lang}")


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280", "1920"])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_coaching_screens_look_as_reviewed(start, lang, size):
    """The desk's month agenda (an item opened), the month's forecast for the plan it led to, its warnings (an offer refused at this price, a topic already used),
    the tutorial's recap of month 1 and the debrief's first page, at both window sizes."""
    from .flows import follow_guide, play_agenda
    w = size[0]
    pilot = start(lang=lang, seed=3, size=size, scenario_dirs=[DATA_DIR])
    to_desk(pilot, "desk-demo")
    pilot.press(pygame.K_F2)                      # the agenda's first item: renewals, the topic set
    pilot.advance(2)
    check(pilot, f"desk-agenda-{lang}-{w}")
    play_agenda(pilot)
    pilot.click("desk.tab.prices")                # the month's forecast: money, its cost in trust, the look ahead
    pilot.advance(2)
    check(pilot, f"desk-forecast-{lang}-{w}")
    pilot.click("desk.tab.client")
    end_month(pilot)
    pilot.press(pygame.K_RETURN)
    desk = pilot.scene
    refused = next(k for k, item in enumerate(desk.agenda.current()) if item.code == "refused")
    pilot.click(f"desk.agenda.{refused}")         # leave them alone: refused at this price in month 1
    pilot.advance(2)
    check(pilot, f"desk-warnings-{lang}-{w}")
    pilot.press(pygame.K_ESCAPE)
    pilot.click("confirm.yes")
    pilot = start(lang=lang, seed=3, size=size, hints=True, scenario_dirs=[SCENARIOS_DIR])
    pilot.type_into("menu.player", "Анна" if lang == "ru" else "Anna")
    from .flows import pick_scenario
    pick_scenario(pilot, "tutorial")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    follow_guide(pilot)
    pilot.press(pygame.K_RETURN)
    pilot.advance(2)
    check(pilot, f"tutorial-recap-{lang}-{w}")
    pilot.click("hint.skip")
    game = pilot.scene.session.game
    while not game.finished:
        play_agenda(pilot)
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    pilot.advance(8)
    check(pilot, f"debrief-first-{lang}-{w}")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_group_view_replaying_its_games_looks_as_reviewed(start, board_of_30, monkeypatch, lang):
    """The progress note while the group view replays 30 games off the frame thread (held at the 13th)."""
    from .test_replays_off_frame import review_gate
    gate = review_gate(monkeypatch, at=13)
    pilot = start(lang=lang, scenario_dirs=[SCENARIOS_DIR])
    pilot.click("menu.leaderboard")
    pilot.settle = False
    pilot.press(pygame.K_g)
    try:
        assert gate.reached.wait(60)
        pilot.advance(1)
        check(pilot, f"board-replaying-{lang}")
    finally:
        gate.open()
        pilot.wait_for_jobs()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_whatif_playing_on_looks_as_reviewed(start, monkeypatch, lang):
    """The progress note while Balanced plays the whole company on after month 3 off the frame thread (held
    before the 6th month)."""
    from simulator.scenario import load_file

    from .test_whatif_off_frame import COMPANY, SEED, month_gate, open_whatif
    game = play(load_file(COMPANY), SEED, STRATEGIES["passive"])
    pilot = start(lang=lang, scenario_dirs=[SCENARIOS_DIR])
    open_whatif(pilot, game, 3, "balanced")
    gate = month_gate(monkeypatch, at=6)
    pilot.press(pygame.K_RETURN)
    try:
        assert gate.reached.wait(60)
        pilot.advance(1)
        check(pilot, f"whatif-playing-{lang}")
    finally:
        gate.open()
        pilot.wait_for_jobs()
