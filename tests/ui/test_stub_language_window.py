"""The window runs in a third language that is only a catalogue of a few keys (see tests/test_stub_language.py)."""
from __future__ import annotations

import json

import pygame
import pytest

from simulator.locale.catalogue import text
from simulator.locale.languages import EXTRA_DIRS_VARIABLE
from tests.outputs import OUT_DIR

from .flows import end_month, record_drawn, to_desk

STUB = {"common.language_name": "Deutsch", "menu.start": "Starten", "desk.end_month": "Monat beenden"}


@pytest.fixture
def german(tmp_path, monkeypatch):
    folder = tmp_path / "locale"
    folder.mkdir()
    (folder / "de.json").write_text(json.dumps(STUB, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv(EXTRA_DIRS_VARIABLE, str(folder))


def test_the_menu_offers_the_stub_language_and_a_month_plays_in_it(german, start):
    pilot = start(lang="de")
    assert pilot.app.ctx.lang == "de"
    drawn = record_drawn(pilot)
    pilot.advance(2)
    assert "Starten" in drawn and "Deutsch" in drawn                  # its own texts, its button in the menu
    assert text("en", "menu.quit") in drawn                           # the rest in English
    assert not [t for t in drawn if t.startswith("<") and t.endswith(">")]   # no key shows as a gap
    pilot.screenshot(OUT_DIR / "menu-stub-language.png")
    pilot.click("menu.lang_ru")                                       # switching away and back works
    assert pilot.app.ctx.lang == "ru"
    pilot.press(pygame.K_d, mod=pygame.KMOD_CTRL)                    # Ctrl and the code's first letter
    assert pilot.app.ctx.lang == "de"
    to_desk(pilot, "desk-demo")
    drawn.clear()
    pilot.advance(2)
    assert "Monat beenden" in drawn
    end_month(pilot)
    pilot.screenshot(OUT_DIR / "report-stub-language.png")
    assert pilot.app.ctx.settings.lang == "de"
