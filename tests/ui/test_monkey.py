"""A monkey at the keyboard and mouse: random clicks, keys, odd Unicode, wheel turns, resizes and a
damaged file dropped on the window, through the real loop. Whatever it does, the game must not crash."""
from __future__ import annotations

import numpy as np
import pygame
import pytest

from simulator.ui.app import SCENARIOS_DIR

from .conftest import DATA_DIR

KEYS = [pygame.K_TAB, pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT,
        pygame.K_F1, pygame.K_F9, pygame.K_F11, pygame.K_SPACE, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME,
        pygame.K_END, pygame.K_BACKSPACE, pygame.K_DELETE, pygame.K_a, pygame.K_1]
TEXTS = ["Анна", "<script>", "\u200b", "😀", "a" * 80, "ё", "\u202e", " ", "0", "-1", "99999999999999999999"]


@pytest.mark.parametrize("seed, at_desk", [(1, False), (2, False), (3, True), (4, True), (5, "head-free-markup"),
                                           (6, "head-price-list")])
def test_random_input_never_crashes_the_game(start, tmp_path, seed, at_desk):
    rng = np.random.default_rng(seed)
    lang = ["ru", "en"][seed % 2]
    # straight into a game, as `play` does: a desk, or the head's team room
    opened = {"scenario": SCENARIOS_DIR / f"{at_desk}.yaml", "player": "Anna"} if isinstance(at_desk, str) else \
        {"scenario": DATA_DIR / "desk-demo.yaml"} if at_desk else {}
    pilot = start(lang=lang, scenario_dirs=[DATA_DIR], **opened)
    if isinstance(at_desk, str):
        pilot.press(pygame.K_RETURN)   # from the briefing into the team room
        assert type(pilot.scene).__name__ == "HeadRoomScene"
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"format": "sales-desk-replay"', encoding="utf-8")
    done = []
    for _ in range(700):
        if not pilot.app.running:  # it chose "quit": a clean end, start again
            pilot = start(lang=lang, scenario_dirs=[DATA_DIR], **opened)
        w, h = pilot.app.screen.get_size()
        where = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        r = rng.random()
        if r < 0.35:
            pilot.click_at(where, button=int(rng.choice([1, 1, 1, 3])))
        elif r < 0.7:
            pilot.press(KEYS[int(rng.integers(len(KEYS)))], mod=pygame.KMOD_SHIFT if rng.random() < 0.1 else 0)
        elif r < 0.8:
            pilot.type(TEXTS[int(rng.integers(len(TEXTS)))])
        elif r < 0.88:
            pilot.move(where)
            pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=int(rng.integers(-5, 6)), flipped=False,
                                                 precise_x=0.0, precise_y=0.0))
            pilot.advance(1)
        elif r < 0.92:
            size = (int(rng.integers(200, 2000)), int(rng.integers(150, 1200)))
            pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
            pilot.advance(1)
        elif r < 0.93:
            pilot.drop_file(damaged)
        else:
            pilot.advance(int(rng.integers(1, 10)))
        done.append(type(pilot.scene).__name__ if pilot.scene is not None else "-")
    assert len(set(done)) >= 3, f"the monkey should get around; it only saw {sorted(set(done))}"
    if isinstance(at_desk, str):
        assert len({n for n in done if n.startswith("Head")}) >= 3, sorted(set(done))   # room and two more
