"""What-if in the game: from the debrief, keep the first months, let a reference or the player play on with the
same luck, and compare side by side; branches are saved and submitted as branches, never onto the main ranking."""
from __future__ import annotations

import pygame

from simulator.scenario import load_file
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay
from simulator.store.saves import GameSession
from simulator.strategies import STRATEGIES, play
from simulator.strategies.whatif import fork
from simulator.ui.scenes.debrief import DebriefScene
from simulator.ui.scenes.desk import DeskScene
from simulator.ui.scenes.whatif import WhatIfScene
from simulator.ui.texts import decimal, kpi_value

from .conftest import DATA_DIR
from .flows import end_month

SEED = 4


def _debrief(pilot, strategy: str = "passive") -> DebriefScene:
    scenario = load_file(DATA_DIR / "desk-demo.yaml")
    pilot.app.ctx.session = GameSession(scenario, DATA_DIR / "desk-demo.yaml", SEED, "Anna", "G1",
                                        game=play(scenario, SEED, STRATEGIES[strategy]))
    pilot.app.push(DebriefScene(pilot.app))
    pilot.advance(6)
    return pilot.scene


def test_the_debrief_forks_at_month_3_with_balanced_and_shows_the_comparison(start):
    pilot = start(lang="ru")
    debrief = _debrief(pilot)
    original = debrief.ctx.session.game
    pilot.click("debrief.whatif")
    scene = pilot.scene
    assert isinstance(scene, WhatIfScene)
    assert scene.from_month == 3 and scene.who.value == "balanced"            # the defaults
    pilot.press(pygame.K_RETURN) if pilot.scene.form.focus is scene.run_btn else pilot.click("whatif.run")
    assert scene.branch is not None
    expected = fork(original.scenario, SEED, list(original.plans), 3, STRATEGIES["balanced"])
    assert scene.branch.result().to_json() == expected.result().to_json()     # the engine's fork, same luck
    assert scene.branch.plans[:3] == original.plans[:3]
    text = [line for line, _ in scene.page.lines]
    a, b = original.result(), expected.result()
    assert text[0] == (f"Счёт: исходная игра {decimal(a.score, 1, 'ru')} → ветка {decimal(b.score, 1, 'ru')} "
                       f"({decimal(b.score - a.score, 1, 'ru', sign=True)})")
    cur = original.scenario.desk.currency
    gross = next(line for line in text if line.startswith("Валовая прибыль"))
    assert kpi_value("gross_profit", a.kpis["gross_profit"], cur, "ru") in gross
    assert kpi_value("gross_profit", b.kpis["gross_profit"], cur, "ru") in gross
    renewals = next(line for line in text if line.startswith("Продления:"))   # the scored KPI, beside retention
    assert f"{kpi_value('renewal_rate', a.kpis['renewal_rate'], cur, 'ru')} → " \
           f"{kpi_value('renewal_rate', b.kpis['renewal_rate'], cur, 'ru')}" in renewals
    assert [len(v) for _, v in scene.charts[0].series()] == [original.turns, original.turns]   # both runs charted
    assert b.score > a.score                                                   # balanced beats doing nothing

    pilot.click("whatif.save")
    saved = Replay.load(scene.saved_path)
    assert saved.branch is not None and saved.branch.from_month == 3 and saved.branch.played_by == "balanced"
    with Leaderboard.open(pilot.app.ctx.db_path) as board:
        parent = board.add_game(original, "Anna", "G1")
        child = board.import_file(scene.saved_path)
        assert child.ok, child.error
        assert [e.id for board_ in board.rankings() for e in board_.entries] == [parent.entry.id]
        assert [e.id for e in board.branches(parent.entry.id)] == [child.entry.id]

    pilot.click("whatif.month")                                                # another month: the answer is gone
    assert scene.branch is None


def test_playing_on_by_hand_keeps_the_original_then_compares_and_submits_a_branch(start):
    pilot = start(lang="en")
    debrief = _debrief(pilot)
    original = debrief.ctx.session.game
    pilot.click("debrief.whatif")
    scene = pilot.scene
    scene.who.select("hand")
    scene.month.select(original.turns - 2)
    pilot.click("whatif.run")
    assert isinstance(pilot.scene, DeskScene)
    parent_file = Replay.load(scene.saved_path)                                # the original is kept as a file
    assert parent_file.plans == tuple(original.plans) and parent_file.branch is None
    session = pilot.scene.session
    assert session.game.month == original.turns - 2 and session.branch.from_month == original.turns - 2
    assert session.game.plans == original.plans[:original.turns - 2]
    end_month(pilot)
    pilot.press(pygame.K_RETURN)
    end_month(pilot)
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, DebriefScene)
    assert "branch" in pilot.scene.message
    pilot.click("debrief.compare_parent")
    compare = pilot.scene
    assert isinstance(compare, WhatIfScene) and compare.branch is session.game and compare.original is original
    assert compare.page.lines[0][0].startswith("Score: original")
    pilot.press(pygame.K_ESCAPE)
    pilot.advance(6)
    pilot.click("debrief.submit")
    pilot.advance(1)
    with Leaderboard.open(pilot.app.ctx.db_path) as board:
        assert board.rankings() == []                                          # a branch is not ranked
        assert board.count() == 1
        autosaved = pilot.app.ctx.saves.read([DATA_DIR])[0]
        assert autosaved.branch == session.branch                              # the autosave keeps the branch


def test_the_trainer_forks_a_reviewed_game_from_the_month_on_screen(start, data_dir):
    from simulator.ui.app import SCENARIOS_DIR

    from .flows import TUTORIAL, fill_leaderboard
    game = play(TUTORIAL, 3, STRATEGIES["spammer"])
    fill_leaderboard(data_dir / "leaderboard.sqlite3", {("Вера", "Казань-2"): game})
    pilot = start(lang="ru", scenario_dirs=[SCENARIOS_DIR])
    pilot.click("menu.leaderboard")
    pilot.click("board.review")
    pilot.click("board.next")                                                  # month 2 on screen
    pilot.click("board.whatif")
    scene = pilot.scene
    assert isinstance(scene, WhatIfScene) and scene.from_month == 1
    assert scene.original.plans == game.plans and scene.player == "Вера"
    pilot.click("whatif.run")
    expected = fork(TUTORIAL, 3, list(game.plans), 1, STRATEGIES["balanced"])
    assert scene.branch.result().to_json() == expected.result().to_json()
    pilot.press(pygame.K_ESCAPE)
    assert type(pilot.scene).__name__ == "LeaderboardScene" and pilot.scene.review_entry is not None


def test_the_breakdown_tops_the_first_screen_and_b_shows_it_whole(start):
    from simulator.engine import play_breakdown
    from simulator.ui.texts import number
    pilot = start(lang="en")
    debrief = _debrief(pilot)
    original = debrief.ctx.session.game
    pilot.click("debrief.whatif")
    scene = pilot.scene
    assert not scene.breakdown_btn.is_enabled()                               # nothing to break down yet
    pilot.click("whatif.run")
    a, b = play_breakdown(original, 4), play_breakdown(scene.branch, 4)       # after month 3
    names = {k.id: k.name.get("en") for k in original.scenario.touch_types}
    kind = max(names, key=lambda k: abs(b.touches_by_kind.get(k, 0) - a.touches_by_kind.get(k, 0)))
    channel = (f"Channel — {names[kind]}: {number(a.touches_by_kind.get(kind, 0), 'en')} → "
               f"{number(b.touches_by_kind.get(kind, 0), 'en')}")
    first_screen = [line for line, _ in scene.page.lines[:scene.page.visible_count(pilot.app.ctx.theme)]]
    assert first_screen[1] == "Biggest differences after month 3 (B: all)"
    assert first_screen[2] == channel                                          # the channel that changed most
    assert first_screen[3].startswith("Reason — ") and first_screen[4].startswith("Product — ")
    assert "Gross profit" in " ".join(first_screen)                            # the KPIs still on the first screen
    pilot.press(pygame.K_b)
    text = [line for line, _ in scene.page.lines]
    assert text[0].startswith("Score: original") and "By channel (touches, original → branch)" in text
    changed = [k for k in names if a.touches_by_kind.get(k, 0) != b.touches_by_kind.get(k, 0)]
    assert len(changed) >= 2 and all(any(line.startswith(f"{names[k]}: ") for line in text) for k in changed)
    assert "By product" in text and scene.page.offset == 0
    pilot.press(pygame.K_b)                                                    # and back to the summary
    assert scene.page.lines[1][0] == "Biggest differences after month 3 (B: all)"
