"""Text fields (pygame_gui entry lines in our form) as a player types into them."""
from __future__ import annotations

import pygame

from simulator.ui.scenes.desk import DeskScene
from simulator.ui.scenes.menu import MenuScene

from .flows import to_desk

CTRL = pygame.KMOD_CTRL


def test_typing_cyrillic_moving_the_cursor_and_replacing_a_selection(start):
    pilot = start(lang="ru")
    pilot.type_into("menu.player", "Ана")
    pilot.press(pygame.K_LEFT)
    pilot.type("н")                                   # inserted at the cursor, not at the end
    assert pilot.find("menu.player").value == "Анна"
    pilot.press(pygame.K_END)
    pilot.type(" Ёлкина")
    for _ in range(3):
        pilot.press(pygame.K_LEFT, mod=pygame.KMOD_SHIFT)
    pilot.type("ова")                                  # a selection is replaced by what is typed
    assert pilot.find("menu.player").value == "Анна Ёлкова"
    assert pilot.app.ctx.settings.player == "Анна Ёлкова"


def test_copy_and_paste_between_fields_through_the_clipboard(start):
    pilot = start(lang="en")
    pilot.type_into("menu.group", "Москва-1")
    pilot.press(pygame.K_a, mod=CTRL)
    pilot.press(pygame.K_c, mod=CTRL)
    pilot.type_into("menu.player", "")
    pilot.press(pygame.K_v, mod=CTRL)
    assert pilot.find("menu.player").value == "Москва-1"
    assert pilot.app.ctx.settings.player == "Москва-1"


def test_invisible_characters_typed_or_pasted_are_dropped_not_a_crash(start):
    from pygame_gui.core.utility import clipboard_copy
    pilot = start(lang="ru")
    pilot.type_into("menu.player", "\u200b")          # a zero-width space alone: pygame_gui cannot lay it out
    pilot.type("\u202e")                              # a right-to-left override
    assert pilot.find("menu.player").value == ""
    pilot.type("Ан\u200bна\ufeff")
    assert pilot.find("menu.player").value == "Анна"
    clipboard_copy("\u200b\u2060")
    pilot.type_into("menu.group", "")
    pilot.press(pygame.K_v, mod=CTRL)                 # pasted from a document full of formatting marks
    assert pilot.find("menu.group").value == ""
    pilot.type("Группа 1")
    assert pilot.find("menu.group").value == "Группа 1" and pilot.app.running


def test_the_seed_takes_digits_only_and_names_are_length_limited(start):
    pilot = start(lang="en")
    pilot.type_into("menu.seed", "12ab3")
    assert pilot.find("menu.seed").value == "123" and pilot.app.ctx.settings.seed == 123
    pilot.type_into("menu.player", "Я" * 80)
    assert pilot.find("menu.player").value == "Я" * 64


def test_tab_goes_through_the_fields_in_order_and_typing_follows_the_focus(start):
    pilot = start(lang="en")
    menu = pilot.scene
    assert menu.form.focus is pilot.find("menu.player")
    pilot.type("Anna")
    pilot.press(pygame.K_TAB)
    assert menu.form.focus is pilot.find("menu.group")
    pilot.type("G1")
    pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    pilot.type("-2")
    assert (pilot.find("menu.player").value, pilot.find("menu.group").value) == ("Anna", "G1-2")
    pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_TAB)
    assert menu.form.focus is pilot.find("menu.scenarios")
    pilot.type("x")                                    # nothing takes text now
    assert pilot.find("menu.group").value == "G1-2"


def test_enter_in_a_field_starts_the_game(start):
    pilot = start(lang="en")
    pilot.type_into("menu.player", "Anna")
    pilot.press(pygame.K_RETURN)
    assert type(pilot.scene).__name__ == "BriefingScene"
    assert pilot.app.ctx.session.player == "Anna"


def test_escape_clears_the_search_first_and_only_then_asks_to_leave(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    everyone = len(desk.table.index)
    pilot.type_into("desk.search", "sweet")
    assert len(desk.table.index) == 1
    pilot.press(pygame.K_ESCAPE)
    assert pilot.scene is desk and desk.search.value == "" and len(desk.table.index) == everyone
    pilot.press(pygame.K_ESCAPE)
    assert type(pilot.scene).__name__ == "ConfirmScene"


def test_a_field_under_a_modal_question_takes_no_input_and_comes_back_after(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    pilot.type_into("desk.search", "sw")
    pilot.press(pygame.K_F9)                           # hours are left: the desk asks first
    assert type(pilot.scene).__name__ == "ConfirmScene"
    pilot.type("xyz")
    pilot.press(pygame.K_BACKSPACE)
    assert desk.search.value == "sw"
    pilot.press(pygame.K_ESCAPE)                       # no: back to the desk, the search still focused
    assert isinstance(pilot.scene, DeskScene) and desk.form.focus is desk.search
    pilot.type("eet")
    assert desk.search.value == "sweet" and len(desk.table.index) == 1


def test_fields_of_a_scene_that_left_are_gone_from_pygame_gui(start):
    pilot = start(lang="en")
    manager = pilot.app.ctx.gui.manager
    entries = lambda: [s for s in manager.get_sprite_group().sprites()  # noqa: E731
                       if type(s).__name__ == "UITextEntryLine"]
    assert len(entries()) == 3                          # the menu's name, group and seed
    to_desk(pilot, "desk-demo")
    assert sum(e.visible for e in entries()) == 1       # only the desk's search takes input
    pilot.press(pygame.K_ESCAPE)
    pilot.click("confirm.yes")                          # leave the game: back to the menu
    assert isinstance(pilot.scene, MenuScene)
    assert len(entries()) == 3 and all(e.visible for e in entries())


def test_esc_then_enter_never_throws_work_away(start):
    pilot = start(lang="en")
    pilot.press(pygame.K_ESCAPE)                        # on the menu: a question, not an instant quit
    assert type(pilot.scene).__name__ == "ConfirmScene" and pilot.app.running
    pilot.press(pygame.K_RETURN)                        # Enter takes the safe answer: stay
    assert pilot.app.running and type(pilot.scene).__name__ == "MenuScene"
    desk = to_desk(pilot, "desk-demo")
    pilot.click("desk.touch_all")
    planned = desk.session.draft.hours_used()
    pilot.press(pygame.K_ESCAPE)                        # leave to the menu? ...
    pilot.press(pygame.K_RETURN)                        # ... Enter says no: the plan is still there
    assert pilot.scene is desk and desk.session.draft.hours_used() == planned > 0
