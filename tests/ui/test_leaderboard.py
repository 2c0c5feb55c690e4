"""The leaderboard screen as a trainer uses it on a projector: replay files dropped on the window,
filters by scenario, group and KPI, two games side by side."""
from __future__ import annotations

import pygame
import pytest

from simulator.scenario import load_file
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay
from simulator.store.review import month_summaries
from simulator.strategies import STRATEGIES, play
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.scenes.compare import CompareScene
from simulator.ui.scenes.leaderboard import LeaderboardScene
from simulator.ui.scenes.review_text import month_lines

from .conftest import DATA_DIR
from .flows import TUTORIAL, end_month, fill_leaderboard, replay_file

DEMO = load_file(DATA_DIR / "desk-demo.yaml")


def stored(data_dir) -> list[tuple[str, str]]:
    with Leaderboard.open(data_dir / "leaderboard.sqlite3") as board:
        return sorted((e.player, e.group) for b in board.rankings() for e in b.entries)


def open_board(pilot) -> LeaderboardScene:
    pilot.click("menu.leaderboard")
    assert isinstance(pilot.scene, LeaderboardScene)
    return pilot.scene


def focus_first_row(pilot, board) -> None:
    pilot.click_at(board.list.row_rect(pilot.app.ctx.theme, 0).center)


def notice(board) -> str:
    return " / ".join(text for text, _ in board.notice)


def test_a_dropped_replay_is_verified_stored_and_selected_and_a_second_drop_adds_nothing(start, data_dir, tmp_path):
    pilot = start(lang="ru")
    board = open_board(pilot)
    path = replay_file(tmp_path, "борис.json", "Борис", "Москва-2")
    pilot.drop_file(path)
    assert stored(data_dir) == [("Борис", "Москва-2")]
    assert "Добавлено в рейтинг: Борис (Москва-2)" in notice(board) and board.notice[1][1] == "good"
    assert board.selected_entry().player == "Борис"
    page = " ".join(text for text, _ in board.page.lines)
    assert "Добавлено" in page and "Выручка" in page            # the outcome and the player's card, in Russian
    pilot.drop_file(path)
    assert stored(data_dir) == [("Борис", "Москва-2")]
    assert "уже в рейтинге" in notice(board)


def _claim_more(data):
    data["claimed_score"] += 5


def _higher_markup(data):
    data["plans"][0]["markups"] = {product: value + 0.1 for product, value in data["plans"][0]["markups"].items()}


def _offers_without_touches(data):
    data["plans"][0]["touches"] = []


def _other_hash(data):
    data["scenario"]["hash"] = "0" * len(data["scenario"]["hash"])


def _too_few_months(data):
    data["plans"] = data["plans"][:-1]


@pytest.mark.parametrize("edit, reason", [
    (_claim_more, "does not match replaying its decisions"),
    (_higher_markup, "does not match replaying its decisions"),
    (_offers_without_touches, "breaks a rule of the game"),
    (_other_hash, "differs from the one here"),
    (_too_few_months, "one plan for every month"),
])
def test_a_tampered_replay_is_refused_with_the_reason_and_nothing_is_stored(start, data_dir, tmp_path, edit, reason):
    pilot = start(lang="en")
    board = open_board(pilot)
    pilot.drop_file(replay_file(tmp_path, "anna.json", "Anna", "G1", edit=edit))
    assert stored(data_dir) == []
    assert board.notice[1] == (f"Refused: {pilot.app.ctx.t('import.reason.' + board.last_import.code)}", "bad")
    assert reason in board.notice[1][0]
    assert board.notice[2][0].startswith("Details: ") and str(tmp_path) not in notice(board)  # the file's name only


def test_refusals_speak_russian_too_and_a_damaged_file_is_refused_cleanly(start, data_dir, tmp_path):
    pilot = start(lang="ru")
    board = open_board(pilot)
    good = replay_file(tmp_path, "вера.json", "Вера", "G")
    cut = tmp_path / "обрезан.json"
    cut.write_text(good.read_text(encoding="utf-8")[:200], encoding="utf-8")
    pilot.drop_file(cut)
    assert board.notice[0][0] == "Файл: обрезан.json"
    assert board.notice[1] == ("Не принято: файл не читается как запись игры (нет файла, он повреждён или это не JSON)",
                               "bad")
    pilot.drop_file(replay_file(tmp_path, "ф.json", "Вера", "G", edit=_claim_more))
    assert board.notice[1][0] == "Не принято: очки в файле не совпадают с повтором решений (файл правили вручную)"
    assert stored(data_dir) == []


def test_a_replay_dropped_on_the_main_menu_opens_the_leaderboard_with_it(start, data_dir, tmp_path):
    pilot = start(lang="en")
    pilot.drop_file(replay_file(tmp_path, "a.json", "Anna", "G1"))
    assert isinstance(pilot.scene, LeaderboardScene)
    assert [e.player for e in pilot.scene.entries] == ["Anna"] and stored(data_dir) == [("Anna", "G1")]


@pytest.fixture
def filled(data_dir):
    """Four results: three on the tutorial in two groups (different play styles), one on the demo desk."""
    games = {
        ("Анна", "G1"): play(TUTORIAL, 3, STRATEGIES["balanced"]),
        ("Борис", "G1"): play(TUTORIAL, 3, STRATEGIES["greedy"]),
        ("Вера", "G2"): play(TUTORIAL, 5, STRATEGIES["spammer"]),
        ("Глеб", "G2"): play(DEMO, 3, STRATEGIES["balanced"]),
    }
    fill_leaderboard(data_dir / "leaderboard.sqlite3", games)
    return games


def test_filters_by_scenario_group_and_kpi_board(start, filled):
    pilot = start(lang="en")
    board = open_board(pilot)
    assert [sid for sid, _, _ in board.boards] == ["desk-demo", "tutorial"]
    assert [e.player for e in board.entries] == ["Глеб"]
    pilot.choose("board.scenario", 1)
    assert sorted(e.player for e in board.entries) == ["Анна", "Борис", "Вера"]
    scores = [e.score for e in board.entries]
    assert scores == sorted(scores, reverse=True)
    pilot.choose("board.group", "G2")
    assert [e.player for e in board.entries] == ["Вера"]
    pilot.choose("board.group", None)
    pilot.choose("board.kpi", "loyalty")
    loyalty = [e.kpis["loyalty"] for e in board.entries]
    assert loyalty == sorted(loyalty, reverse=True) and len(loyalty) == 3
    assert board.list.columns[-1].key == "loyalty"                  # the board's KPI is a column of its own
    assert board.list.columns[-1].cell(0)[0] == f"{loyalty[0] * 100:.0f}%"


def test_two_marked_entries_side_by_side_month_by_month(start, filled):
    pilot = start(lang="en")
    board = open_board(pilot)
    pilot.choose("board.scenario", 1)
    assert not pilot.find("board.compare").is_enabled()
    focus_first_row(pilot, board)
    pilot.press(pygame.K_SPACE)                                       # the list has the focus: Space marks
    pilot.press(pygame.K_DOWN)
    pilot.click("board.mark")
    first, second = board.entries[0], board.entries[1]
    assert board.picked == [first.id, second.id]
    pilot.click("board.compare")
    compare = pilot.scene
    assert isinstance(compare, CompareScene)
    assert [e.player for e in compare.entries] == [first.player, second.player]
    rows = {name: (a, b, better) for name, a, b, better in compare.table.rows()}
    assert rows["Score"] == (f"{first.score:.1f}", f"{second.score:.1f}", 0)  # the ranking's leader is better
    games = [filled[(e.player, e.group)] for e in (first, second)]
    for month in (0, 1):
        for page, game, entry in zip(compare.pages, games, compare.entries):
            expected = month_lines(pilot.app.ctx.t, "en", "RUB", month_summaries(game, "en")[month], game.turns,
                                   entry.player)
            assert page.lines == expected
        pilot.press(pygame.K_RIGHT)
    pilot.press(pygame.K_ESCAPE)
    assert pilot.scene is board and board.picked == [first.id, second.id]


def test_a_third_mark_replaces_the_oldest_and_a_mark_can_be_taken_back(start, filled):
    pilot = start(lang="en")
    board = open_board(pilot)
    pilot.choose("board.scenario", 1)
    ids = [e.id for e in board.entries]
    focus_first_row(pilot, board)
    for _ in range(3):
        pilot.press(pygame.K_SPACE)
        pilot.press(pygame.K_DOWN)
    assert board.picked == ids[1:3]
    pilot.press(pygame.K_UP)
    assert pilot.find("board.mark").text() == "Unmark"
    pilot.press(pygame.K_SPACE)
    assert board.picked == [ids[2]] and not pilot.find("board.compare").is_enabled()


def test_a_damaged_database_is_reported_on_screen_and_left_as_it_is(start, data_dir, tmp_path):
    data_dir.mkdir(parents=True, exist_ok=True)
    db = data_dir / "leaderboard.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    before = db.read_bytes()
    pilot = start(lang="en")
    board = open_board(pilot)
    assert board.error.startswith("The leaderboard cannot be opened: ")
    assert board.page.lines[0] == (board.error, "bad")
    pilot.drop_file(replay_file(tmp_path, "a.json", "Anna", "G1"))
    assert isinstance(pilot.scene, LeaderboardScene) and board.page.lines[0][1] == "bad"
    assert db.read_bytes() == before


def test_submit_offers_the_replay_file_even_when_the_leaderboard_cannot_take_it(start, data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    db = data_dir / "leaderboard.sqlite3"
    db.write_bytes(b"\x00garbage" * 64)
    before = db.read_bytes()
    pilot = start(lang="ru", hints=False, scenario_dirs=[SCENARIOS_DIR], seed=4)
    pilot.type_into("menu.player", "Анна")
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    for _ in range(TUTORIAL.turns):
        pilot.click("desk.touch_all")
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    debrief = pilot.scene
    pilot.click("debrief.submit")
    assert type(pilot.scene).__name__ == "ConfirmScene"
    assert pilot.scene.message.startswith("Игру не удалось добавить в рейтинг здесь")
    pilot.press(pygame.K_RETURN)
    rep = Replay.load(debrief.saved_path)
    assert rep.player == "Анна" and len(rep.plans) == TUTORIAL.turns
    assert db.read_bytes() == before


def _game_with_markup(share: float):
    """The balanced bot's tutorial game on seed 0, with every free markup at ``share`` of its band."""
    import dataclasses

    from simulator.engine import Game
    game = Game(TUTORIAL, 0)
    cat = game.catalog
    while not game.finished:
        plan = STRATEGIES["balanced"].make_plan(game)
        markups = {p: round(float(cat.markup_min[i] + share * (cat.markup_max[i] - cat.markup_min[i])), 4)
                   for i, p in enumerate(cat.product_ids) if not cat.fixed[i]}
        game.play_month(dataclasses.replace(plan, markups=markups))
    return game


def test_a_workshop_sized_board_shows_three_digit_ranks_whole(start, data_dir):
    fill_leaderboard(data_dir / "leaderboard.sqlite3",  # 120 different games of one group on one seed
                     {(f"Игрок {k}", "G"): _game_with_markup(k / 119) for k in range(120)})
    pilot = start(lang="ru", scenario_dirs=[SCENARIOS_DIR])
    board = open_board(pilot)
    pilot.press(pygame.K_END)
    theme = pilot.app.ctx.theme
    rank_column = board.list._col_rects()[0]
    widest = theme.font(board.list.text_size).size("120")[0]
    assert widest <= rank_column.width - 2 * theme.m("padding")  # "120", not "1…"
    assert board.list.rows().size == 120


@pytest.mark.parametrize("lang, bot, apart, copy", [
    ("ru", "Играл бот «greedy»", "а группа играет партию 3: показано отдельно", "уже есть в рейтинге под другим именем"),
    ("en", "Played by the bot “greedy”", "but the group plays seed 3: ranked apart", "already on the leaderboard under"),
])
def test_a_bots_game_another_seed_and_a_renamed_copy_are_marked_on_screen(start, data_dir, tmp_path, lang, bot,
                                                                         apart, copy):
    pilot = start(lang=lang)
    board = open_board(pilot)
    pilot.drop_file(replay_file(tmp_path, "a.json", "Анна", "G", seed=3))
    pilot.drop_file(replay_file(tmp_path, "b.json", "Борис", "G", seed=3, strategy="greedy",
                                edit=lambda d: d.__setitem__("strategy", "greedy")))
    assert bot in notice(board)
    pilot.drop_file(replay_file(tmp_path, "c.json", "Вера", "G", seed=5))
    assert apart in notice(board)
    pilot.drop_file(replay_file(tmp_path, "d.json", "Копия", "G", seed=3))
    assert copy in notice(board)
    assert stored(data_dir) == [("Анна", "G"), ("Борис", "G"), ("Вера", "G")]


def test_a_head_game_on_the_board_is_reviewed_month_by_month_in_the_heads_report(start, data_dir):
    from simulator.head import HEADS, play_head
    from simulator.scenario import load_file
    from simulator.ui.app import SCENARIOS_DIR

    scenario = load_file(SCENARIOS_DIR / "head-free-markup.yaml")
    games = {(name, "G1"): play_head(scenario, 5, HEADS[head]) for name, head in (("Анна", "opaque"),
                                                                                 ("Борис", "misaligned"))}
    fill_leaderboard(data_dir / "leaderboard.sqlite3", games)
    pilot = start(lang="en")
    board = open_board(pilot)
    pilot.choose("board.scenario", [k for k, (sid, _, _) in enumerate(board.boards) if sid == "head-free-markup"][0])
    assert [e.player for e in board.entries] == ["Анна", "Борис"]             # opaque ranks above misaligned
    focus_first_row(pilot, board)
    pilot.click("board.review")
    report = pilot.scene
    assert type(report).__name__ == "HeadReportScene" and report.reviewing
    assert report.report.month == scenario.turns
    assert report.alternatives == games[("Анна", "G1")].pay_alternatives(games[("Анна", "G1")].reports[-1])
    pilot.press(pygame.K_LEFT)
    assert report.report.month == scenario.turns - 1
    pilot.press(pygame.K_ESCAPE)
    assert pilot.scene is board
    focus_first_row(pilot, board)
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_DOWN)
    pilot.click("board.mark")
    pilot.click("board.compare")
    assert pilot.scene is board and "desk games" in board.error
