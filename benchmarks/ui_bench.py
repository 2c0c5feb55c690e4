"""UI speed: start-up to the first menu frame, desk frame times at ~6,500 clients, end month to report, and
frames while the leaderboard's group view replays 30 games off the frame thread.

Prints numbers; it is not a test. Run headless::

    SDL_VIDEODRIVER=dummy python benchmarks/ui_bench.py

Targets (issue 5): desk frame p99 <= 16 ms at 6,500 clients; start-up to the
menu <= 1.5 s; end month to report <= 150 ms at 6,500 clients.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import pygame  # noqa: E402
from machine import print_machine  # noqa: E402

FRAMES = 600
STARTUP_SNIPPET = """
import time, sys, tempfile, os
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from pathlib import Path
from simulator.ui.pilot import Pilot
pilot = Pilot.start(Path(tempfile.mkdtemp()), lang="ru")
print(time.perf_counter() - t0)
"""


def big_scenario(factor: int = 36):
    """Certification with every segment ``factor`` times larger (~6,500 clients)."""
    from simulator.scenario import load_file
    sc = load_file(ROOT / "scenarios" / "certification.yaml")
    return sc.model_copy(update={"segments": [s.model_copy(update={"count": s.count * factor}) for s in sc.segments]})


def startup() -> tuple[float, float]:
    """(seconds from interpreter start to the first menu frame, seconds inside Python from the first import)."""
    env = dict(os.environ, SALESDESK_HOME=tempfile.mkdtemp())
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", STARTUP_SNIPPET.format(root=str(ROOT))], env=env, capture_output=True,
                         text=True, check=True).stdout
    return time.perf_counter() - start, float(out.strip().splitlines()[-1])


def desk_frames(pilot, desk) -> np.ndarray:
    """Frame times (ms) while scrolling, filtering, sorting and searching."""
    toggles = ["desk.filter.due", "desk.filter.risk", "desk.filter.need", "desk.filter.unplanned"]
    times = []
    for i in range(FRAMES):
        if i % 10 == 0:
            desk.list.scroll(5 if (i // 200) % 2 == 0 else -5)
        if i % 60 == 30:
            toggle = pilot.find(toggles[(i // 60) % len(toggles)])
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=toggle.rect.center, button=1))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=toggle.rect.center, button=1))
        if i % 100 == 50:
            desk.table.set_sort(("loyalty", "recall", "name", "due", "silence")[(i // 100) % 5])
        if i % 150 == 75:
            desk.form.set_focus(desk.search)
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="а"))
        if i % 150 == 120:
            desk.search.value = ""
            desk.table.set_filters(search="")
        t = time.perf_counter()
        pilot.app.frame()
        times.append((time.perf_counter() - t) * 1000)
    return np.array(times)


def group_view_frames(games: int = 30) -> None:
    """Frame gaps while the group view replays ``games`` tutorial games on its worker thread, beside the time the
    same replays take in one go (what the window froze for when they ran on the frame thread)."""
    from simulator.scenario import load_file
    from simulator.store.group import group_view
    from simulator.store.leaderboard import Leaderboard
    from simulator.strategies import STRATEGIES, play
    from simulator.ui.pilot import Pilot

    data = Path(tempfile.mkdtemp())
    tutorial = load_file(ROOT / "scenarios" / "tutorial.yaml")
    names = sorted(STRATEGIES)
    with Leaderboard.open(data / "leaderboard.sqlite3") as board:
        for k in range(games):
            board.add_game(play(tutorial, k + 1, STRATEGIES[names[k % len(names)]]), player=f"P{k}", group=f"G{k}")
        entries = board.rankings()[0].entries
        t = time.perf_counter()
        group_view(board, entries)
        in_one_go = time.perf_counter() - t
    pilot = Pilot.start(data, lang="en")
    pilot.click("menu.leaderboard")
    scene = pilot.scene
    pilot.settle = False  # count the frames while the replays run
    pilot.press(pygame.K_g)
    stamps = [time.perf_counter()]
    while scene.job is not None:
        pilot.advance(1)
        stamps.append(time.perf_counter())
    gaps = np.diff(np.array(stamps)) * 1000
    print(f"group view of {games} games: replays in one go {in_one_go * 1000:.0f} ms; off the frame thread "
          f"{(stamps[-1] - stamps[0]) * 1000:.0f} ms with {len(gaps)} frames drawn meanwhile, frame gap "
          f"p50 {np.percentile(gaps, 50):.1f} ms, p95 {np.percentile(gaps, 95):.1f} ms, max {gaps.max():.1f} ms")


def main() -> None:
    from simulator.store.saves import GameSession
    from simulator.ui.pilot import Pilot
    from simulator.ui.scenes.desk import DeskScene

    print_machine("before")
    wall, inside = startup()
    print(f"start-up to first menu frame: {wall * 1000:.0f} ms wall (interpreter included), "
          f"{inside * 1000:.0f} ms from the first import")

    pilot = Pilot.start(Path(tempfile.mkdtemp()), lang="ru")
    scenario = big_scenario()
    pilot.app.ctx.session = GameSession(scenario, None, 1, "Bench")
    t = time.perf_counter()
    pilot.app.push(DeskScene(pilot.app))
    pilot.advance(1)
    desk = pilot.scene
    print(f"clients: {desk.session.game.n_clients}; desk opened in {(time.perf_counter() - t) * 1000:.0f} ms")
    times = desk_frames(pilot, desk)
    print(f"desk frame time over {FRAMES} frames (scrolling, filtering, sorting, searching): "
          f"p50 {np.percentile(times, 50):.2f} ms, p99 {np.percentile(times, 99):.2f} ms, max {times.max():.2f} ms")

    desk.table.set_filters(search="", renewal_due=False, at_risk=False, need_known=False, unplanned=False)
    desk.table.set_sort("silence")
    pilot.advance(1)
    t = time.perf_counter()
    desk.client.touch_kind.select("webinar")
    desk.client.touch_filtered()
    desk.client.touch_kind.select("call")
    desk.client.touch_filtered()
    desk.client.offer_product.select("declaration")
    desk.client.offer_filtered()
    bulk = (time.perf_counter() - t) * 1000
    plan = desk.session.draft.to_plan()
    touches = sum(len(b.clients) for b in plan.touches)
    offers = sum(len(b.clients) for b in plan.offers)
    print(f"bulk touches + offers on {len(desk.table.index)} shown clients: {bulk:.0f} ms "
          f"({touches} touches, {offers} offers planned)")
    t = time.perf_counter()
    desk.end_month()
    pilot.advance(1)
    print(f"end month to report drawn (engine month + autosave + report): {(time.perf_counter() - t) * 1000:.0f} ms")
    pilot.press(pygame.K_RETURN)
    times = desk_frames(pilot, pilot.scene)
    print(f"desk frame time in month 2: p50 {np.percentile(times, 50):.2f} ms, p99 {np.percentile(times, 99):.2f} ms")
    group_view_frames()
    print_machine("after")


if __name__ == "__main__":
    main()
