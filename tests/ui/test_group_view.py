"""The trainer at the projector: the group view, names hidden, ← → in a month review, the seed filter, the
skill column only where it says something, and no text under 18 px on the board's screens."""
from __future__ import annotations

from contextlib import contextmanager

import pygame
import pytest

from simulator.locale import decimal
from simulator.store.group import group_view
from simulator.store.leaderboard import Leaderboard
from simulator.strategies import STRATEGIES, play
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.scenes.compare import CompareScene
from simulator.ui.scenes.group_view import mistake_lines

from .flows import TUTORIAL, compare_top_two, fill_leaderboard
from .test_leaderboard import open_board

PLAYERS = {"Анна Петрова": "balanced", "Борис": "greedy", "Вера": "spammer", "Дмитрий": "discounter"}


@pytest.fixture
def group_board(data_dir):
    fill_leaderboard(data_dir / "leaderboard.sqlite3", {
        (name, "Москва-1"): play(TUTORIAL, 3, STRATEGIES[strategy]) for name, strategy in PLAYERS.items()})
    return data_dir / "leaderboard.sqlite3"


@contextmanager
def recording(pilot):
    """Every string drawn (with its pixel size) while the block runs its frames."""
    theme = pilot.app.ctx.theme
    drawn: list[tuple[str, int]] = []
    original = theme.render

    def render(text, size="body", color=None, bold=False):
        drawn.append((text, theme.px(size)))
        return original(text, size, color, bold)

    theme.render = render
    theme._text_cache.clear()
    try:
        yield drawn
    finally:
        theme.render = original


def frame_text(pilot) -> tuple[str, list[int]]:
    """What one frame drew: all its strings joined, and their pixel sizes."""
    with recording(pilot) as drawn:
        pilot.advance(1)
    return " | ".join(text for text, _ in drawn), [px for _, px in drawn]


def test_hiding_names_shows_participants_everywhere_a_name_was(start, group_board):
    pilot = start(lang="ru", scenario_dirs=[SCENARIOS_DIR])
    board = open_board(pilot)
    shown, _ = frame_text(pilot)
    assert all(name in shown for name in PLAYERS)
    pilot.press(pygame.K_a)
    assert board.anon_toggle.value
    shown, _ = frame_text(pilot)
    assert not any(name in shown for name in PLAYERS), shown
    assert all(f"Участник {n}" in shown for n in range(1, 5))
    assert board.page.lines[0][0].startswith("Участник ")  # the selected entry's card
    compare_top_two(pilot)
    assert isinstance(pilot.scene, CompareScene)
    shown, _ = frame_text(pilot)
    assert not any(name in shown for name in PLAYERS) and "Участник" in shown
    pilot.press(pygame.K_ESCAPE)
    pilot.click("board.anonymous")  # and back: the names return
    assert not board.anon_toggle.value
    shown, _ = frame_text(pilot)
    assert all(name in shown for name in PLAYERS)


def test_left_and_right_step_the_months_of_a_review(start, group_board):
    pilot = start(lang="en", scenario_dirs=[SCENARIOS_DIR])
    board = open_board(pilot)
    pilot.click("board.review")
    title = lambda: board.page.lines[0][0]  # noqa: E731
    assert board.month == 0 and title().startswith("Month 1 of 3")
    pilot.press(pygame.K_RIGHT)
    assert board.month == 1 and title().startswith("Month 2 of 3")
    pilot.press(pygame.K_RIGHT)
    pilot.press(pygame.K_RIGHT)  # past the last month: it stays there
    assert board.month == 2 and title().startswith("Month 3 of 3")
    pilot.press(pygame.K_LEFT)
    assert board.month == 1
    shown, _ = frame_text(pilot)
    assert "← → months" in shown  # the keys are told beside the list
    pilot.press(pygame.K_ESCAPE)
    assert board.review_entry is None
    pilot.click("board.kpi")  # focus on the board's KPI choice
    before = board.kpi_choice.value
    pilot.press(pygame.K_RIGHT)  # out of a review, ← → still belong to the focused choice
    assert board.kpi_choice.value != before


def test_the_group_view_shows_what_the_store_computed(start, group_board):
    pilot = start(lang="ru", scenario_dirs=[SCENARIOS_DIR])
    board = open_board(pilot)
    pilot.press(pygame.K_g)
    assert board.group_toggle.value and board.group_panel.visible
    with Leaderboard.open(group_board) as store:
        entries = store.rankings()[0].entries
        expected = group_view(store, entries)
    assert expected.games == 4 and expected.mistakes
    names = {p.id: p.name.get("ru") for p in TUTORIAL.products}
    assert board.page.lines == mistake_lines(board.t, expected, names.get)
    greedy = [text for text, _ in board.page.lines if "на потолке в первом месяце" in text]
    assert greedy and all(text.startswith("1 из 4: наценка на «") for text in greedy)
    shown, _ = frame_text(pilot)
    score = next(s for s in expected.spreads if s.kpi == "score")
    assert decimal(score.mean, 1, "ru") in shown and f"±{decimal(score.sd, 1, 'ru')}" in shown
    assert "Группа: 4 игры" in shown
    pilot.press(pygame.K_g)
    assert not board.group_panel.visible and board.page.lines[0][0].startswith("Анна Петрова")


def test_the_seed_filter_and_the_skill_column_where_it_adds_information(start, group_board):
    fill_leaderboard(group_board, {("Евгения", "Москва-1"): play(TUTORIAL, 4, STRATEGIES["balanced"])})
    pilot = start(lang="en", scenario_dirs=[SCENARIOS_DIR])
    board = open_board(pilot)
    assert board.seed_choice.value is None and board.seeds == [3, 4]
    keys = lambda: [c.key for c in board.list.columns]  # noqa: E731
    # All groups: the group's own seed (3) is ranked, and Евгения's seed 4 game on a board apart; one seed a board.
    assert "skill" not in keys() and "group" not in keys()
    pilot.choose("board.seed", 4)
    assert [e.player for e in board.entries] == ["Евгения"] and board.seeds == [3, 4]
    pilot.choose("board.seed", 3)
    assert sorted(e.player for e in board.entries) == sorted(PLAYERS)
    pilot.choose("board.kpi", "skill")
    assert "skill" in keys()  # a skill board shows its skill
    with Leaderboard.open(group_board) as store:
        store.fix_group_seed("Москва-1", 4)  # now seed 3 is apart... and a second group on seed 3
    fill_leaderboard(group_board, {("Фёдор", "Казань-2"): play(TUTORIAL, 5, STRATEGIES["passive"])})
    pilot.press(pygame.K_ESCAPE)
    board = open_board(pilot)
    pilot.choose("board.kpi", "score")
    seeds = {e.seed for e in board.entries}
    assert len(seeds) > 1 and "skill" in keys() and "group" in keys()  # several seeds and groups side by side


def test_no_text_under_18_px_on_the_board_its_review_the_group_view_and_the_comparison(start, group_board):
    pilot = start(lang="ru", size=(1280, 720), scenario_dirs=[SCENARIOS_DIR])
    open_board(pilot)
    sizes = {}
    _, sizes["board"] = frame_text(pilot)
    pilot.press(pygame.K_g)
    _, sizes["group"] = frame_text(pilot)
    pilot.press(pygame.K_g)
    pilot.click("board.review")
    _, sizes["review"] = frame_text(pilot)
    pilot.press(pygame.K_ESCAPE)
    compare_top_two(pilot)
    _, sizes["compare"] = frame_text(pilot)
    for screen, drawn in sizes.items():
        assert drawn and min(drawn) >= 18, (screen, sorted(set(drawn)))
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_ESCAPE)
    _, menu = frame_text(pilot)
    assert min(menu) < 18  # elsewhere the small size stays small: the floor belongs to the board's screens
