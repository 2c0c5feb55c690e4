"""A scenario written in Russian only plays in the window whatever the interface language."""
from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario import load_file
from simulator.ui.scenes.menu import text_languages
from tests.outputs import OUT_DIR

from .conftest import DATA_DIR
from .flows import end_month, pick_scenario, to_desk

ROOT = Path(__file__).resolve().parents[2]
RUSSIAN_ONLY = ROOT / "tests" / "data" / "russian-only"


def test_the_menu_marks_which_languages_a_scenario_has():
    russian = load_file(RUSSIAN_ONLY / "prodleniya.yaml")
    both = load_file(DATA_DIR / "desk-demo.yaml")
    partly = both.model_copy(update={"title": russian.title})
    t = lambda key, **kw: {"menu.texts_partly": "{lang} partly"}[key].format(**kw)  # noqa: E731
    assert text_languages(russian, t) == "RU"
    assert text_languages(both, t) == "RU, EN"
    assert text_languages(partly, t) == "RU, EN partly"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_russian_only_scenario_shows_its_texts_as_written(start, lang):
    pilot = start(lang=lang, scenario_dirs=[RUSSIAN_ONLY, DATA_DIR])
    pick_scenario(pilot, "prodleniya")
    picker = pilot.find("menu.scenarios")
    assert picker.scene.scenarios[picker.selected].scenario.languages() == ("ru",)
    pilot.screenshot(OUT_DIR / f"menu-russian-only-{lang}.png")
    desk = to_desk(pilot, "prodleniya")
    assert desk.ctx.session.game.scenario.title.get(lang) == "Продления"
    pilot.screenshot(OUT_DIR / f"desk-russian-only-{lang}.png")
    end_month(pilot)
    pilot.screenshot(OUT_DIR / f"report-russian-only-{lang}.png")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_desk_shows_when_a_price_leaves_the_bonus_thresholds(start, lang):
    from simulator.ui.scenes.month_report import bonus_lines

    pilot = start(lang=lang, scenario_dirs=[RUSSIAN_ONLY, DATA_DIR])
    desk = to_desk(pilot, "prodleniya")
    drawn: list[str] = []
    theme = pilot.app.ctx.theme
    original = theme.draw_text
    theme.draw_text = lambda surface, text, *a, **k: (drawn.append(text), original(surface, text, *a, **k))[1]
    pilot.click("desk.tab.prices")
    outside = "no bonus: markup outside 30%–70%" if lang == "en" else "бонуса нет: наценка вне порогов 30%–70%"
    assert not any(outside in text for text in drawn), "the default markup 50% is inside the thresholds"
    desk.session.draft.set_markup("contract", 0.9)    # allowed by the band 20%..100%, above the thresholds
    drawn.clear()
    pilot.advance(2)
    assert any(outside in text for text in drawn), drawn
    pilot.screenshot(OUT_DIR / f"desk-thresholds-{lang}.png")
    theme.draw_text = original
    desk.session.draft.set_markup("contract", 0.9)
    end_month(pilot)
    report = desk.session.game.reports[-1]
    assert report.books.outside_corridor > 0
    text = " ".join(line for line, _ in bonus_lines(pilot.app.ctx, report))
    assert ("Deals outside the bonus thresholds 30%–70%" if lang == "en" else "Сделки вне порогов премии 30%–70%") in text
    pilot.screenshot(OUT_DIR / f"report-thresholds-{lang}.png")
