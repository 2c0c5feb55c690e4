"""The conversation's screens at 1280x720 and 1920x1080 in both languages: the talk under way, its summary, the
desk after it and the month's report; no number, name or label cut on any of them. The pictures go to the test
output folder; ``UPDATE_SCREENSHOTS=1`` copies them to docs/talk/ (the reviewed set docs/conversations.md shows)."""
from __future__ import annotations

import os
import shutil

import numpy as np
import pygame
import pytest

from simulator.engine import TalkResult
from simulator.ui.widgets import Button, resolve
from tests.live_server import ROOT
from tests.outputs import OUT_DIR

from .flows import end_month, to_desk
from .test_talk import select, talkable

DOCS = ROOT / "docs" / "talk"
SIZES = [(1280, 720), (1920, 1080)]
SCREENS = ("talk", "summary", "desk", "report")


def shot_name(screen: str, lang: str, size) -> str:
    return f"talk-{screen}-{lang}-{size[0]}x{size[1]}.png"


def cuts_that_matter(pilot) -> list[str]:
    """Draw the screen with the theme's cut record on: texts shortened or clipped that hold a digit, a client's
    name or a button's label."""
    theme = pilot.app.ctx.theme
    theme.cuts = []
    try:
        pilot.app.draw()
    finally:
        cuts, theme.cuts = theme.cuts, None
    clients = pilot.app.ctx.session.game.clients
    names = set(clients.names_in("ru")) | set(clients.names_in("en"))
    labels = {resolve(w.text) for s in pilot.app.scenes for w in s.form.widgets if isinstance(w, Button) and w.visible}
    bad = []
    for text, shown in cuts:
        hidden = text[max(0, len(shown) - 1):] if shown else text
        if any(ch.isdigit() for ch in hidden) or text in names or text in labels:
            bad.append(f"{text!r} drawn as {shown!r}")
    return bad


def walk(pilot, lang: str, look) -> None:
    """A good talk (the talk, its summary, the desk after it, the offer), a second talk on a leading question, the
    month's report with the good talk's story open; ``look(screen)`` at each."""
    desk = to_desk(pilot, "talk-demo", "Anna" if lang == "en" else "Анна")
    client, _, picks = talkable(desk)
    select(pilot, desk, client)
    pilot.press(pygame.K_j)
    for k in picks:                                  # a good talk: situation and past questions
        pilot.press(pygame.K_1 + k)
    look("talk")
    pilot.press(pygame.K_e)
    look("summary")
    pilot.press(pygame.K_RETURN)
    look("desk")
    pilot.press(pygame.K_o)
    game = desk.session.game
    other = next(int(c) for c in np.flatnonzero(game.desk.talkative()) if c != client)
    select(pilot, desk, other)                       # a second talk, on a leading question
    pilot.press(pygame.K_j)
    pilot.press(pygame.K_1 + next(i for i, q in enumerate(pilot.scene.conv.menu) if q.kind.family == "leading"))
    pilot.press(pygame.K_e)
    pilot.press(pygame.K_RETURN)
    end_month(pilot)
    found = f"talks.{int(TalkResult.FOUND)}"        # the good talk's story: what it found, each question, trust
    pilot.scene.inbox.toggle("talks")
    pilot.scene.inbox.toggle(found)
    pilot.scene.list.select_key(f"{found}.0")
    pilot.advance(1)
    look("report")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_talk_screens_show_everything_whole(start, lang, size):
    pilot = start(lang=lang, seed=1, size=size)
    assert pilot.app.screen.get_size() == size
    bad: dict[str, list[str]] = {}
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    def look(screen: str) -> None:
        bad[screen] = cuts_that_matter(pilot)
        pilot.screenshot(OUT_DIR / shot_name(screen, lang, size))

    walk(pilot, lang, look)
    assert {k: v for k, v in bad.items() if v} == {}
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for screen in SCREENS:
            shutil.copyfile(OUT_DIR / shot_name(screen, lang, size), DOCS / shot_name(screen, lang, size))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_talk_screens_show_everything_whole_with_the_largest_text(start, lang):
    pilot = start(lang=lang, seed=1)
    pilot.app.ctx.settings.text_scale = 1.3
    pilot.app.relayout()
    pilot.advance(1)
    bad: dict[str, list[str]] = {}
    walk(pilot, lang, lambda screen: bad.__setitem__(screen, cuts_that_matter(pilot)))
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_screenshots_in_the_docs_are_the_reviewed_set():
    """docs/conversations.md shows these; each was looked at (the test above refreshes them)."""
    kept = {shot_name(s, lang, size) for s in SCREENS for lang in ("en", "ru") for size in SIZES}
    assert {p.name for p in DOCS.glob("*.png")} == kept
    text = (ROOT / "docs" / "conversations.md").read_text(encoding="utf-8")
    assert all(f"talk/{name}" in text for name in kept)
