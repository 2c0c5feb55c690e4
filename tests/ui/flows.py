"""Common walks through the window for the UI tests."""
from __future__ import annotations

import json
from pathlib import Path

import pygame

from simulator.scenario import load_file
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay
from simulator.strategies import STRATEGIES, play
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.pilot import Pilot
from simulator.ui.scenes.desk import DeskScene

TUTORIAL = load_file(SCENARIOS_DIR / "tutorial.yaml")


def pick_scenario(pilot: Pilot, scenario_id: str) -> None:
    """Select a scenario in the menu's picker by id."""
    picker = pilot.find("menu.scenarios")
    ids = [i.scenario.id if i.scenario else None for i in picker.scene.scenarios]
    picker._select(ids.index(scenario_id))
    pilot.advance(1)


def to_desk(pilot: Pilot, scenario_id: str, player: str = "Anna") -> DeskScene:
    """From the menu to the desk of a scenario."""
    pilot.type_into("menu.player", player)
    pick_scenario(pilot, scenario_id)
    pilot.click("menu.start")
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, DeskScene), type(pilot.scene).__name__
    if pilot.scene.guide.active:
        pilot.click("hint.skip")
    return pilot.scene


def end_month(pilot: Pilot) -> None:
    """End the month (confirming if asked) and leave the report."""
    pilot.press(pygame.K_F9)
    if type(pilot.scene).__name__ == "ConfirmScene":
        pilot.press(pygame.K_RETURN)
    assert type(pilot.scene).__name__ == "MonthReportScene"


def record_drawn(pilot: Pilot) -> list[str]:
    """Every text the theme draws from now on, in order (the theme's draw_text is wrapped)."""
    drawn: list[str] = []
    theme = pilot.app.ctx.theme
    original = theme.draw_text
    theme.draw_text = lambda surface, text, *a, **k: (drawn.append(text), original(surface, text, *a, **k))[1]
    return drawn


def open_first_client(pilot: Pilot, card: str):
    """On the month report, open ``card`` and its first reason, and select the first client under it."""
    inbox = pilot.find("report.inbox")
    inbox.select_key(card)
    for key in (pygame.K_RIGHT, pygame.K_DOWN, pygame.K_RIGHT, pygame.K_DOWN):
        pilot.press(key)
    return inbox.selected_row()


def replay_file(folder: Path, name: str, player: str, group: str, seed: int = 3, strategy: str = "balanced",
                edit=None, finished_at: str | None = None) -> Path:
    """A replay file of the tutorial played by a reference strategy, optionally edited by hand."""
    game = play(TUTORIAL, seed, STRATEGIES[strategy])
    data = Replay.from_game(game, player, group, finished_at=finished_at).to_json()
    if edit is not None:
        edit(data)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def fill_leaderboard(db_path: Path, games: dict, finished_at: str | None = None) -> None:
    """Store finished games: {(player, group): game}."""
    with Leaderboard.open(db_path) as board:
        for (player, group), game in games.items():
            board.add_game(game, player=player, group=group, finished_at=finished_at)


# --- walks through every screen (the fit and key tests look at each) ------------------------------------------
def desk_tabs(pilot: Pilot, look, name: str) -> None:
    """The desk's three tabs (every page of prices), its help, the end-of-month question and the report."""
    desk = pilot.scene
    look(f"{name}/client")
    pilot.choose("desk.topic", desk.client.topic.options()[1][0])
    pilot.click("desk.touch_one")
    pilot.click("desk.filter.due")
    look(f"{name}/client-due")
    for step in range(len(desk.client.offer_product.options())):
        look(f"{name}/offer-{step}")
        pilot.click("desk.offer_product")
    pilot.click("desk.tab.prices")
    look(f"{name}/prices")
    while pilot.find("desk.prices_next").visible and desk.prices.page < desk.prices.pages - 1:
        pilot.click("desk.prices_next")
        look(f"{name}/prices-{desk.prices.page}")
    pilot.click("desk.tab.rules")
    look(f"{name}/rules")
    pilot.click("desk.tab.client")
    pilot.click("desk.filter.due")
    pilot.press(pygame.K_F1)
    look(f"{name}/help")
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_F9)
    look(f"{name}/confirm-end")
    if type(pilot.scene).__name__ == "ConfirmScene":
        pilot.press(pygame.K_RETURN)
    look(f"{name}/report")
    pilot.press(pygame.K_RETURN)
    look(f"{name}/month-2")


def start_scenario(pilot: Pilot, scenario_id: str, player: str) -> None:
    """From the menu to a scenario's briefing."""
    pilot.type_into("menu.player", player)
    pick_scenario(pilot, scenario_id)
    pilot.click("menu.start")


def walk_menu_desks_debrief(pilot: Pilot, look, player: str) -> None:
    """Menu, settings, the certification and whole-company desks (briefing, every tab, help, questions,
    report), then the tutorial's hints and three months to its debrief; ``look(screen)`` at each screen."""
    look("menu")
    pilot.click("menu.settings")
    look("settings")
    pilot.press(pygame.K_ESCAPE)
    for scenario_id in ("certification", "whole-company"):  # (the demo scenario is a frozen certification)
        start_scenario(pilot, scenario_id, player)
        look(f"{scenario_id}/briefing")
        pilot.press(pygame.K_RETURN)
        desk_tabs(pilot, look, scenario_id)
        pilot.press(pygame.K_ESCAPE)
        look(f"{scenario_id}/leave")
        pilot.click("confirm.yes")
    start_scenario(pilot, "tutorial", player)
    pilot.press(pygame.K_RETURN)
    desk = pilot.scene
    follow_guide(pilot, look)
    look("tutorial/report-0")
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_1)  # the guide left the prices tab open
    for month in range(1, desk.session.game.turns):
        pilot.click("desk.touch_all")
        look(f"tutorial/desk-{month}")
        end_month(pilot)
        look(f"tutorial/report-{month}")
        pilot.press(pygame.K_RETURN)
    pilot.advance(8)
    look("debrief")


def follow_guide(pilot: Pilot, look=None) -> list[str]:
    """Do what the tutorial's hands-on guide asks, step by step, with the keys a player would use; ends on the
    first month's report. Returns the steps in the order they were shown."""
    from simulator.desk.knowledge import FITS

    desk = pilot.scene
    guide = desk.guide
    shown: list[str] = []

    def until_moved(press, tries: int = 12) -> None:
        for _ in range(tries):
            if guide.step != before or not guide.active:
                return
            press()
        raise AssertionError(f"the guide did not move on from {guide.current.text}")

    while guide.active:
        step, before = guide.current, guide.step
        shown.append(step.text)
        if look is not None:
            look(f"tutorial/hint-{guide.step}")
        if not guide.waiting:
            assert pilot.find("hint.next").visible
            pilot.press(pygame.K_RETURN)  # Next has the focus
            continue
        assert not pilot.find("hint.next").visible  # a step to do has no Next: doing it moves on
        if step.text == "hint.do_select":
            pilot.press(pygame.K_d)  # the renewal filter; then down the list to the one due now
            until_moved(lambda: pilot.press(pygame.K_DOWN))
        elif step.text == "hint.do_topic":
            until_moved(lambda: pilot.press(pygame.K_p))
        elif step.text == "hint.do_touch":
            pilot.press(pygame.K_t)
        elif step.text == "hint.do_offer":
            if desk.clients.f_due.value:
                pilot.press(pygame.K_d)  # every client again
            fits = [int(c) for c in desk.table.index if (desk.knowledge().offer[int(c)] == FITS).any()]
            pilot.press(pygame.K_l)  # to the list
            rows = list(desk.table.index)
            for _ in range(len(rows)):  # up or down the list to the first client whom a product fits
                if desk.list.selected == fits[0]:
                    break
                pilot.press(pygame.K_DOWN if rows.index(fits[0]) > rows.index(desk.list.selected) else pygame.K_UP)
            product = desk.client.offer_product
            for _ in range(len(product.options())):  # the product until its line says it fits
                p = desk.session.game.view.product_index(product.value)
                if desk.knowledge().offer[fits[0], p] == FITS:
                    break
                pilot.press(pygame.K_i)
            for _ in range(len(desk.client.topic.options())):  # the call's topic: that product
                if desk.client.topic.value == product.value:
                    break
                pilot.press(pygame.K_p)
            pilot.press(pygame.K_t)
            until_moved(lambda: pilot.press(pygame.K_o))
        elif step.text == "hint.do_end":
            end_month(pilot)
            return shown
        else:
            raise AssertionError(f"no way to do {step.text}")
    return shown


def fill_board(data_dir: Path) -> None:
    """Three finished tutorials on the leaderboard, in two groups."""
    fill_leaderboard(data_dir / "leaderboard.sqlite3", {
        ("Анна Петрова", "Москва-1"): play(TUTORIAL, 3, STRATEGIES["balanced"]),
        ("Борис", "Москва-1"): play(TUTORIAL, 3, STRATEGIES["greedy"]),
        ("Вера", "Казань-2"): play(TUTORIAL, 3, STRATEGIES["spammer"]),
    }, finished_at="2025-03-14T10:00:00Z")


def walk_board(pilot: Pilot, look) -> None:
    """The leaderboard, an entry's month review and a comparison of two entries."""
    pilot.click("menu.leaderboard")
    look("board")
    pilot.click("board.review")
    look("board/review")
    pilot.click("board.next")
    look("board/review-2")
    pilot.press(pygame.K_ESCAPE)
    compare_top_two(pilot)
    look("compare")
    pilot.press(pygame.K_RIGHT)
    look("compare-2")


def compare_top_two(pilot: Pilot) -> None:
    """On the leaderboard: mark the first two rows (Space) and open them side by side."""
    board = pilot.scene
    pilot.click_at(board.list.row_rect(pilot.app.ctx.theme, 0).center)
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_SPACE)
    pilot.click("board.compare")


# --- the head of sales's game -----------------------------------------------------------------------------------
def to_room(pilot, scenario_id: str = "head-free-markup"):
    """From the menu to the team room of a head scenario."""
    pilot.type_into("menu.player", "Anna")
    pick_scenario(pilot, scenario_id)
    pilot.click("menu.start")
    assert type(pilot.scene).__name__ == "BriefingScene"
    pilot.press(pygame.K_RETURN)
    assert type(pilot.scene).__name__ == "HeadRoomScene"
    return pilot.scene.session


def decide_like_the_course(pilot) -> None:
    """Month 1 in the team room: bands from the cost sheet, pay on gross profit with a threshold at the floor,
    an interview from two areas, an honest hire, the open book handed over."""
    game = pilot.scene.session.game
    pilot.click("head.open_rules")
    rules = pilot.scene
    for pid in list(rules.bands):
        rules.product.select(pid)
        rules._product(pid)
        pilot.click("head_rules.from_sheet")
    pilot.click("head_rules.apply")
    pilot.press(pygame.K_ESCAPE)
    pilot.click("head.open_pay")
    while pilot.find("head_pay.target").value is not None:
        pilot.click("head_pay.target")
    while pilot.find("head_pay.base").value != "gross_profit":
        pilot.click("head_pay.base")
    pilot.click("head_pay.threshold_on")
    pilot.find("head_pay.threshold").set_value(min(game.floor_markup(p) for p in rules.bands))
    pilot.find("head_pay.rate").set_value(0.12)   # the outlook near what was promised
    pilot.click("head_pay.apply")
    assert pilot.scene.status_kind == "good"
    pilot.press(pygame.K_ESCAPE)
    pilot.click("head.open_hire")
    pilot.click("head_hire.ask.career_path")
    pilot.click("head_hire.ask.hard_client")
    hired = pilot.find("head_hire.candidate").value
    pilot.click("head_hire.hire")
    assert game.sellers[hired].status == "hired"
    pilot.press(pygame.K_ESCAPE)
    pilot.click("head.open_segments")
    for seg in game.segment_ids:
        if game.holder[seg] is None:
            choice = pilot.find(f"head_segments.{seg}")
            while choice.value != hired:
                pilot.click(f"head_segments.{seg}")
    pilot.click("head_segments.apply")
    pilot.press(pygame.K_ESCAPE)
    assert all(holder is not None for holder in game.holder.values())


def walk_head_game(pilot: Pilot, look) -> None:
    """Every screen of a head game: the room, each decision page, the course's month 1, every month's report
    (and the room after the first), then the final report; ``look(name)`` at each."""
    to_room(pilot)
    look("room, month 1")
    for button, screen in (("head.open_rules", "rules"), ("head.open_pay", "pay"), ("head.open_hire", "hire"),
                           ("head.open_segments", "segments")):
        pilot.click(button)
        look(screen)
        pilot.press(pygame.K_ESCAPE)
    decide_like_the_course(pilot)
    for k in range(pilot.scene.session.game.turns):
        pilot.press(pygame.K_F9)
        look(f"report {k + 1}")
        pilot.click("head_report.continue")
        if k == 0:
            look("room, month 2")
    pilot.advance(len(("aligned", "misaligned", "opaque")) + 2)   # the reference heads play one a frame
    look("final report")


AGENDA_FKEYS = (pygame.K_F2, pygame.K_F3, pygame.K_F4, pygame.K_F5, pygame.K_F6, pygame.K_F7)


def play_agenda(pilot: Pilot, press=None) -> None:
    """Plan a month from the desk's agenda, as its items say: open each item in turn (its F key) and do what
    the line under the list says (Shift+T touches the clients shown about the topic set; a fitting product is
    then offered with Shift+O; refused offers are left alone). ``press`` counts the keys (default: the pilot's)."""
    press = press or pilot.press
    desk = pilot.scene
    done: set = set()
    for _ in range(12):
        items = desk.agenda.current()
        todo = [k for k, item in enumerate(items) if (item.code, item.topic) not in done
                and item.code != "refused" and k < len(AGENDA_FKEYS) and desk.agenda.buttons[k].visible]
        if not todo or desk.session.draft.hours_left() <= 0.01:
            return
        k = todo[0]
        item = items[k]
        done.add((item.code, item.topic))
        if desk.agenda.opened != (item.code, item.topic):  # (pressed again, an item's key shows every client)
            press(AGENDA_FKEYS[k])
        if item.topic is None:
            continue
        press(pygame.K_t, pygame.KMOD_SHIFT)
        if item.code == "fits":
            press(pygame.K_o, pygame.KMOD_SHIFT)
