"""Replays run off the frame thread: the window keeps drawing while the group view replays 30 games, shows
how far it is ("12 of 30"), Esc stops it, and the result is the store's group view all the same."""
from __future__ import annotations

import time

import pygame
import pytest

from simulator.store.group import group_view
from simulator.store.leaderboard import Leaderboard
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.scenes.compare import CompareScene

from .gate import Gate
from .test_group_view import frame_text
from .test_leaderboard import open_board

pytestmark = pytest.mark.xdist_group("thirty_games")  # the 30 games' board is built once, on one worker


def review_gate(monkeypatch, at: int) -> Gate:
    """Holds the worker inside ``Leaderboard.review_any`` (every re-simulation of an entry, whatever its kind, goes
    through it) at its ``at``-th call: a replay that lasts as the test needs."""
    return Gate(monkeypatch, Leaderboard, "review_any", at)


def test_the_window_keeps_drawing_frames_while_the_group_view_replays_30_games(start, board_of_30):
    pilot = start(lang="en", scenario_dirs=[SCENARIOS_DIR])
    board = open_board(pilot)
    assert len(board.entries) == 30
    pilot.settle = False                       # watch the frames as they come, as a person would
    pilot.press(pygame.K_g)
    job = board.job
    assert job is not None and job.progress.total == 30
    stamps, counts = [time.perf_counter()], []
    while board.job is not None:
        pilot.advance(1)
        stamps.append(time.perf_counter())
        counts.append(job.progress.done)
    gaps = sorted(b - a for a, b in zip(stamps, stamps[1:]))
    # Frames kept coming while the games replayed: the count was drawn at many stages, not jumped from 0 to 30
    # in one frozen frame, and no frame waited long (loose bounds: the test machine is shared and busy).
    assert len(set(counts)) >= 5, counts
    assert gaps[len(gaps) // 2] < 0.05 and gaps[int(len(gaps) * 0.95)] < 0.1, gaps[-10:]
    assert gaps[-1] < 0.5, gaps[-10:]
    assert board.group is not None and board.group_panel.visible
    with Leaderboard.open(board_of_30) as store:
        expected = group_view(store, board.entries, [s.kpi for s in board.group.spreads])
    assert board.group == expected and board.group.games == 30


def test_the_progress_is_drawn_and_esc_stops_the_replays_without_leaving_the_board(start, board_of_30,
                                                                                   monkeypatch):
    gate = review_gate(monkeypatch, at=13)
    pilot = start(lang="ru", scenario_dirs=[SCENARIOS_DIR])
    board = open_board(pilot)
    pilot.settle = False
    pilot.press(pygame.K_g)
    assert gate.reached.wait(60)
    shown, _ = frame_text(pilot)
    assert "Переигрываю игры группы" in shown and "12 из 30" in shown and "Esc" in shown
    pilot.press(pygame.K_a)                    # other keys wait for the replays
    assert not board.anon_toggle.value
    pilot.press(pygame.K_ESCAPE)
    gate.open()
    pilot.wait_for_jobs()
    assert pilot.scene is board                # Esc stopped the replays, not the board
    assert board.group is None and not board.group_toggle.value and not board.group_panel.visible
    assert gate.calls == 13                    # it stopped at the next game
    pilot.press(pygame.K_ESCAPE)               # and Esc is "back" again
    assert pilot.scene is not board


def test_a_file_dropped_during_the_replays_is_imported_after_them(start, board_of_30, monkeypatch, tmp_path):
    from .flows import replay_file
    gate = review_gate(monkeypatch, at=3)
    pilot = start(lang="en", scenario_dirs=[SCENARIOS_DIR])
    board = open_board(pilot)
    pilot.settle = False
    pilot.press(pygame.K_g)
    assert gate.reached.wait(60)
    pilot.drop_file(replay_file(tmp_path, "late.json", "Late Comer", "G01", seed=1, strategy="greedy"))
    assert board.pending_imports
    gate.open()
    pilot.wait_for_jobs()
    assert "Late Comer" in " ".join(text for text, _ in board.notice)
    assert board.selected_entry().player == "Late Comer"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_review_and_comparison_replay_off_the_frame_thread(start, board_of_30, lang, monkeypatch):
    pilot = start(lang=lang, scenario_dirs=[SCENARIOS_DIR])
    board = open_board(pilot)
    pilot.settle = False
    gate = review_gate(monkeypatch, at=1)             # a replay that lasts until the test has looked
    pilot.click("board.review")
    assert gate.reached.wait(60)
    assert board.job is not None and board.job.title == "board.job_review"
    gate.open()
    pilot.wait_for_jobs()
    assert board.review_entry is not None and board.review_months
    pilot.press(pygame.K_ESCAPE)               # back to the board, then two rows side by side
    pilot.click_at(board.list.row_rect(pilot.app.ctx.theme, 0).center)
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_SPACE)
    gate = review_gate(monkeypatch, at=1)
    pilot.click("board.compare")
    assert gate.reached.wait(60)
    assert pilot.scene is board and board.job.title == "board.job_compare"  # the window waits, drawing
    gate.open()
    pilot.wait_for_jobs()
    assert isinstance(pilot.scene, CompareScene) and [e.id for e in pilot.scene.entries] == board.picked
