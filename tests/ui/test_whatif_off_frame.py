"""The what-if plays its branch off the frame thread: the window keeps drawing while a reference strategy plays
the biggest shipped scenario on, shows how far it is ("4 of 12 months"), Esc stops it with nothing changed, and
the branch it hands back is the engine's fork all the same; playing on by hand replays the kept months the same way."""
from __future__ import annotations

import time

import pygame
import pytest

from simulator.engine.game import Game
from simulator.scenario import load_file
from simulator.strategies import STRATEGIES, play
from simulator.strategies.whatif import fork
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.scenes.desk import DeskScene
from simulator.ui.scenes.whatif import WhatIfScene

from .gate import Gate
from .test_group_view import frame_text

SEED = 4
COMPANY = SCENARIOS_DIR / "whole-company.yaml"


@pytest.fixture(scope="module")
def company_game() -> Game:
    """A whole game of the biggest shipped scenario, played passively (the what-if's original)."""
    return play(load_file(COMPANY), SEED, STRATEGIES["passive"])


def month_gate(monkeypatch, at: int) -> Gate:
    """Holds the worker before the ``at``-th month it plays (``Game.play_month``)."""
    return Gate(monkeypatch, Game, "play_month", at)


def open_whatif(pilot, game: Game, month: int, who: str) -> WhatIfScene:
    pilot.app.open("whatif", game, "Anna", "G1")
    pilot.advance(1)
    scene = pilot.scene
    assert isinstance(scene, WhatIfScene)
    scene.month.select(month)
    scene.who.select(who)
    scene.form.set_focus(scene.run_btn)
    pilot.settle = False                       # watch the frames as they come, as a person would
    return scene


def test_the_window_keeps_drawing_frames_while_a_reference_plays_the_whole_company_on(start, company_game):
    pilot = start(lang="en", scenario_dirs=[SCENARIOS_DIR])
    scene = open_whatif(pilot, company_game, 0, "balanced")
    pilot.press(pygame.K_RETURN)
    job = scene.job
    assert job is not None and job.progress.total == company_game.turns == 12
    stamps, counts = [time.perf_counter()], []
    while scene.job is not None:
        pilot.advance(1)
        stamps.append(time.perf_counter())
        counts.append(job.progress.done)
    gaps = sorted(b - a for a, b in zip(stamps, stamps[1:]))
    # Frames kept coming while the months were played: the count was drawn at many stages, not jumped from 0 to
    # 12 in one frozen frame, and no frame waited long (loose bounds: the test machine is shared and busy).
    assert len(set(counts)) >= 5, counts
    assert gaps[len(gaps) // 2] < 0.05 and gaps[int(len(gaps) * 0.95)] < 0.1, gaps[-10:]
    assert gaps[-1] < 0.5, gaps[-10:]
    print(f"\nwhat-if on whole-company: {len(gaps)} frames, gaps median {gaps[len(gaps) // 2] * 1000:.0f} ms, "
          f"95th {gaps[int(len(gaps) * 0.95)] * 1000:.0f} ms, longest {gaps[-1] * 1000:.0f} ms")
    expected = fork(company_game.scenario, SEED, list(company_game.plans), 0, STRATEGIES["balanced"])
    assert scene.branch is not None and scene.branch.result().to_json() == expected.result().to_json()
    assert scene.played_by == "balanced" and scene.form.focus is scene.save_btn
    assert scene.page.lines[0][0].startswith("Score: original")


def test_the_progress_is_drawn_and_esc_stops_the_branch_with_nothing_changed(start, company_game, monkeypatch):
    pilot = start(lang="ru", scenario_dirs=[SCENARIOS_DIR])
    scene = open_whatif(pilot, company_game, 3, "greedy")
    before = list(scene.page.lines)
    gate = month_gate(monkeypatch, at=6)        # 3 kept months replayed, 2 played on: "5 of 12"
    pilot.press(pygame.K_RETURN)
    assert gate.reached.wait(60)
    shown, _ = frame_text(pilot)
    assert "Стратегия «Жадная» играет дальше после месяца 3" in shown, shown
    assert "5 из 12 месяцев" in shown and "Esc" in shown, shown
    pilot.click("whatif.month")                # other input waits for the months
    assert scene.from_month == 3
    pilot.press(pygame.K_ESCAPE)
    gate.open()
    pilot.wait_for_jobs()
    assert pilot.scene is scene                # Esc stopped the branch, not the screen
    assert gate.calls == 6                     # at the next month
    assert scene.branch is None and scene.page.lines == before
    assert scene.message == "Остановлено: ничего не изменилось."
    pilot.press(pygame.K_ESCAPE)               # and Esc is "back" again
    assert pilot.scene is not scene


def test_playing_on_by_hand_replays_the_kept_months_off_the_frame_thread(start, company_game, monkeypatch):
    pilot = start(lang="en", scenario_dirs=[SCENARIOS_DIR])
    scene = open_whatif(pilot, company_game, 8, "hand")
    replays = pilot.app.ctx.replays_dir
    gate = month_gate(monkeypatch, at=4)
    pilot.press(pygame.K_RETURN)
    assert gate.reached.wait(60)
    shown, _ = frame_text(pilot)
    assert "Replaying your first months to open the desk after month 8" in shown and "3 of 8 months" in shown
    pilot.press(pygame.K_ESCAPE)               # stopped: no desk, no file kept
    gate.open()
    pilot.wait_for_jobs()
    assert pilot.scene is scene and not (replays.exists() and any(replays.iterdir()))
    pilot.press(pygame.K_RETURN)               # again, to the end this time
    assert pilot.scene is scene and scene.job is not None
    pilot.wait_for_jobs()
    assert isinstance(pilot.scene, DeskScene)
    game = pilot.scene.session.game
    assert game.month == 8 and game.plans == company_game.plans[:8]
    assert [p.name for p in replays.iterdir()] == [scene.saved_path.name]   # the original, kept as a file
