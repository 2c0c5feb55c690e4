"""The month report as an inbox, walked as a trainee would: plan with the forecast in view, end the month,
open a card and a reason, jump to a client on the desk. Every number drawn is the engine's."""
from __future__ import annotations

import numpy as np
import pygame

from simulator.engine.inbox import kpi_deltas
from simulator.ui.scenes.desk import DeskScene
from simulator.ui.scenes.month_report import MonthReportScene
from simulator.ui.texts import kpi_value, money, money_short

from .flows import end_month, open_first_client, record_drawn, to_desk


def test_plan_with_the_forecast_end_the_month_open_a_cause_and_jump_to_the_client(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    game = desk.session.game
    drawn = record_drawn(pilot)
    pilot.click("desk.tab.prices")
    forecast = game.forecast(desk.session.draft.to_plan())
    cur = game.scenario.desk.currency
    assert any(money_short(forecast.bonus, cur, "en") in text for text in drawn), "the forecast's bonus is on screen"
    pilot.click("desk.tab.client")
    pilot.click("desk.filter.due")
    pilot.choose("desk.topic", desk.session.game.scenario.products[0].id)
    pilot.click("desk.touch_all")
    end_month(pilot)
    pilot.press(pygame.K_RETURN)                   # month 2 at the desk, month 1's report left
    end_month(pilot)
    report = pilot.scene
    assert isinstance(report, MonthReportScene)
    engine = game.reports[-1]
    drawn.clear()
    pilot.advance(1)
    for d in kpi_deltas(engine, game.reports[-2]):                       # the tiles: this month against the last
        shown = money_short(d.after, cur, "en") if d.kpi in ("bonus", "gross_profit") else kpi_value(d.kpi, d.after, cur, "en")
        assert shown in drawn, (d.kpi, shown)
    assert money(engine.books.pay, cur, "en") in drawn                  # the pay card's headline

    inbox = pilot.find("report.inbox")
    assert [r.key for r in inbox.rows()][0] == "bonus" and inbox.selected_row().key == "bonus"
    assert any(money(engine.books.bonus_base, cur, "en") in line for line, _ in report.detail.lines)  # its arithmetic
    cards = [r.key for r in inbox.rows()]
    assert "deals" in cards and "loyalty" in cards
    inbox.select_key("deals")
    pilot.press(pygame.K_RIGHT)                                          # open the deals card
    reasons = [r for r in inbox.rows() if r.level == 1]
    won, lost = int(engine.deals_won.sum()), int((~engine.deals_won).sum())
    assert sum(int(r.count) for r in reasons) == won + lost
    pilot.press(pygame.K_DOWN)
    first = inbox.selected_row()
    assert first.level == 1 and first.expandable
    pilot.press(pygame.K_RIGHT)                                          # open the reason
    pilot.press(pygame.K_DOWN)
    row = inbox.selected_row()
    assert row.client is not None
    reason_code = int(first.key.split(".")[1])
    clients = engine.deal_client[engine.deal_reason == reason_code]
    assert row.client == int(clients[0]) and int(first.count) == clients.size
    story = " ".join(line for line, _ in report.detail.lines)
    assert game.clients.names_in("en")[row.client] in story                   # the side panel tells the client's month

    pilot.press(pygame.K_RIGHT)                                          # → on a client: the desk, that client
    assert isinstance(pilot.scene, DeskScene)
    assert pilot.scene.tab == "client" and pilot.scene.list.selected == row.client
    assert game.month == 2 and not game.finished


def test_a_client_hidden_by_the_filters_is_still_found_and_clicks_open_cards(start):
    pilot = start(lang="ru")
    desk = to_desk(pilot, "desk-demo")
    end_month(pilot)
    report = pilot.scene
    inbox = pilot.find("report.inbox")
    loyalty = next(r for r in inbox.rows() if r.key == "loyalty")
    y = inbox.rect.y + 4 + inbox.rows().index(loyalty) * inbox.row_h() + 5
    pilot.click_at((inbox.rect.x + 40, y))                               # a click opens the loyalty card
    causes = [r for r in inbox.rows() if r.level == 1]
    assert causes and all(r.count.endswith("п.") for r in causes)
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_DOWN)
    client = inbox.selected_row().client
    assert client is not None
    desk.search.value = "zzz"                                            # the desk's list hides every client
    desk.table.set_filters(search="zzz")
    assert not np.any(desk.table.index == client)
    pilot.press(pygame.K_SPACE)
    assert pilot.scene is desk and desk.list.selected == client and np.any(desk.table.index == client)
    assert desk.search.value == ""
    assert report is not pilot.scene


def test_after_the_last_month_a_client_row_stays_in_the_report(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    game = desk.session.game
    while game.turns - game.month > 1:
        end_month(pilot)
        pilot.press(pygame.K_RETURN)
    end_month(pilot)
    assert open_first_client(pilot, "loyalty").client is not None
    pilot.press(pygame.K_RIGHT)
    assert isinstance(pilot.scene, MonthReportScene)                     # no desk to go to: the report stays
    assert pilot.scene.detail_note == "report.no_desk"


def test_the_count_up_runs_with_motion_and_any_key_skips_it(start, data_dir):
    from simulator.ui.app import SCENARIOS_DIR
    from simulator.ui.pilot import Pilot

    from .conftest import DATA_DIR
    pilot = Pilot.start(data_dir, lang="en", scenario_dirs=[DATA_DIR, SCENARIOS_DIR], motion=True)
    to_desk(pilot, "desk-demo")
    end_month(pilot)
    pilot.press(pygame.K_RETURN)
    end_month(pilot)
    scene = pilot.scene
    d = next(d for d in scene.deltas if d.kpi == "active_clients")
    assert scene.count_up < 900
    if d.before != d.after:
        assert scene.shown_value(d.before, d.after) != d.after
    pilot.press(pygame.K_DOWN)
    assert scene.count_up >= 900 and scene.shown_value(d.before, d.after) == d.after


def test_the_count_up_can_be_turned_off_in_the_settings_and_stays_off(data_dir):
    import json

    from simulator.ui.app import SCENARIOS_DIR
    from simulator.ui.pilot import Pilot

    from .conftest import DATA_DIR
    pilot = Pilot.start(data_dir, lang="ru", scenario_dirs=[DATA_DIR, SCENARIOS_DIR], motion=True)
    pilot.click("menu.settings")
    assert pilot.find("settings.motion").value is True
    pilot.press(pygame.K_m)                                              # its direct key
    assert pilot.app.ctx.settings.motion is False
    assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["motion"] is False
    pilot.press(pygame.K_ESCAPE)
    to_desk(pilot, "desk-demo")
    end_month(pilot)
    pilot.press(pygame.K_RETURN)
    end_month(pilot)
    scene = pilot.scene
    d = scene.deltas[0]
    assert scene.shown_value(d.before, d.after) == d.after                # no count-up: the numbers at once
