"""A damaged autosave or settings file, met through the real menu: a message in the player's language,
a fresh start offered, and the leaderboard never touched."""
from __future__ import annotations

import json

import pytest

from simulator.store.saves import GameSession, SaveStore
from simulator.ui.scenes.briefing import BriefingScene
from simulator.ui.scenes.menu import MenuScene

from .conftest import DATA_DIR

DEMO_PATH = DATA_DIR / "desk-demo.yaml"


def _damaged_save(data_dir, **changes) -> None:
    from simulator.scenario import load_file
    session = GameSession(load_file(DEMO_PATH), DEMO_PATH, 3, "Анна")
    session.end_month()
    store = SaveStore(data_dir / "saves")
    store.write(session, "ru")
    data = json.loads(store.path.read_text(encoding="utf-8"))
    data.update(changes)
    store.path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("lang, says, start_word", [
    ("ru", "Сохранённую игру нельзя продолжить", "«Начать»"),
    ("en", "The saved game cannot be continued", "press Start"),
])
def test_continue_on_a_damaged_save_says_why_and_offers_a_fresh_start(start, data_dir, lang, says, start_word):
    _damaged_save(data_dir, rules=5)
    pilot = start(lang=lang, player="Анна")
    pilot.click("menu.continue")
    menu = pilot.scene
    assert isinstance(menu, MenuScene)
    assert says in menu.status and "rules" in menu.status and start_word in menu.status and menu.status_bad
    assert not (data_dir / "leaderboard.sqlite3").exists()  # the board is never touched by a damaged save
    pilot.click("menu.start")
    assert isinstance(pilot.scene, BriefingScene)  # the fresh start works


def test_an_out_of_range_seed_in_the_settings_is_reset_and_start_works(start, data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps({"player": "Анна", "seed": -5, "lang": "en"}),
                                            encoding="utf-8")
    pilot = start(lang=None)
    menu = pilot.scene
    assert "back to their defaults: seed" in menu.status
    pilot.click("menu.start")
    assert isinstance(pilot.scene, BriefingScene)
    assert pilot.app.ctx.session.seed == 1
