"""The desk and the screens around it as a player uses them: keyboard, filters, saves, help, window size."""
from __future__ import annotations

import numpy as np
import pygame
import pytest

from simulator.engine import NEED_THRESHOLD
from simulator.scenario import load_file
from simulator.store.saves import GameSession
from simulator.ui.app import SCENARIOS_DIR
from simulator.ui.client_table import ClientTable
from simulator.ui.scenes.desk import DeskScene
from simulator.ui.scenes.help import HelpScene
from simulator.ui.scenes.menu import MenuScene

from .conftest import DATA_DIR
from .flows import end_month, record_drawn, to_desk


def big_scenario(factor: int = 36):
    """The certification scenario with every segment ``factor`` times larger (about 6,500 clients)."""
    sc = load_file(DATA_DIR / "desk-demo.yaml")
    return sc.model_copy(update={"segments": [s.model_copy(update={"count": s.count * factor}) for s in sc.segments]})


def open_desk(pilot, scenario, seed: int = 1) -> DeskScene:
    pilot.app.ctx.session = GameSession(scenario, None, seed, "Bench")
    pilot.app.push(DeskScene(pilot.app))
    pilot.advance(1)
    return pilot.scene


def test_language_switch_in_the_menu_changes_every_text(start):
    pilot = start(lang="en")
    assert pilot.find("menu.start").text() == "Start"
    pilot.click("menu.lang_ru")
    assert pilot.find("menu.start").text() == "Начать"
    assert pilot.app.ctx.settings.lang == "ru"


def test_start_without_a_name_asks_for_it(start):
    pilot = start(lang="en")
    pilot.click("menu.start")
    assert isinstance(pilot.scene, MenuScene) and "name" in pilot.scene.status
    assert pilot.scene.form.focus is pilot.find("menu.player")


def test_keyboard_tab_moves_focus_and_arrows_move_in_the_list(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    assert desk.form.focus is desk.list
    first = desk.list.selected
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_DOWN)
    assert desk.list.selected == int(desk.table.index[2]) != first
    pilot.press(pygame.K_END)
    assert desk.list.selected == int(desk.table.index[-1])
    pilot.press(pygame.K_TAB)
    after_tab = desk.form.focus
    assert after_tab is not desk.list
    pilot.press(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert desk.form.focus is desk.list
    pilot.press(pygame.K_ESCAPE)  # Esc: leave? (asks)
    assert type(pilot.scene).__name__ == "ConfirmScene"
    pilot.press(pygame.K_ESCAPE)  # no
    assert pilot.scene is desk


def test_typing_in_search_does_not_trigger_hotkeys_and_filters_by_name(start):
    pilot = start(lang="ru")
    desk = to_desk(pilot, "desk-demo")
    pilot.type_into("desk.search", "сладк")
    names = [desk.table.names[c] for c in desk.table.index]
    assert names == ["Кондитерская «Сладкий дом»"]
    assert desk.list.selected == desk.table.index[0]
    assert "Сладкий дом" in desk.card.lines[0][0] or any("34" in text for text, _ in desk.card.lines)


def test_sorting_by_a_column_title_and_flipping_it(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    header_y = desk.list.rect.y + 5
    column_x = {c.key: r.centerx for c, r in zip(desk.list.columns, desk.list._col_rects())}
    pilot.click_at((column_x["loyalty"], header_y))
    values = desk.table.loyalty[desk.table.index]
    assert np.all(np.diff(values) >= 0)
    pilot.click_at((column_x["loyalty"], header_y))
    values = desk.table.loyalty[desk.table.index]
    assert np.all(np.diff(values) <= 0)


@pytest.mark.parametrize("filters", [
    {"renewal_due": True}, {"quiet_months": 3}, {"need_known": True}, {"at_risk": True}, {"segment": 1},
    {"status": "all", "search": "агро"}, {"renewal_due": True, "quiet_months": 2, "segment": 0},
])
def test_filters_on_6500_clients_match_a_plain_python_scan(filters):
    session = GameSession(big_scenario(), None, 3, "X")
    table = ClientTable(session, "ru")
    table.set_filters(**filters)
    table.set_sort("recall")
    game = session.game
    st, month = game.state, game.month
    signals = game.client_signals()  # the engine decides who is due for renewal, at risk, with a known need
    expected = []
    for c in range(game.n_clients):
        f = table.filters
        ok = (f.status == "all") or (f.status == "active") == bool(st.active[c])
        ok &= not f.renewal_due or bool(signals.renewal_due[c])
        ok &= month - st.last_contact[c] >= f.quiet_months
        ok &= not f.need_known or bool((st.revealed[c] & (st.need[c] >= NEED_THRESHOLD)).any())
        ok &= not f.at_risk or bool(signals.at_risk[c])
        ok &= f.segment < -1 or st.segment[c] == f.segment
        ok &= f.search.casefold() in game.clients.names_in("ru")[c].casefold()
        if ok:
            expected.append(c)
    got = table.index
    assert sorted(got.tolist()) == expected and len(expected) > 0
    assert np.all(np.diff(st.recall[got]) >= 0)  # sorted by recall, ascending


def test_the_6500_client_desk_draws_only_visible_rows_and_reuses_its_index(start):
    pilot = start(lang="en")
    desk = open_desk(pilot, big_scenario())
    assert desk.session.game.n_clients > 6000
    index = desk.table.index
    pilot.advance(3)
    assert desk.table.index is index                   # nothing recomputed while nothing changed
    assert desk.list.rows_drawn == desk.list.visible_count(pilot.app.ctx.theme) < 40
    pilot.wheel("desk.clients", -10)
    assert desk.list.offset == 30
    pilot.click("desk.filter.risk")
    assert desk.table.index is not index and desk.list.offset == 0


def test_bulk_touch_fills_the_hours_and_end_month_needs_no_confirmation_then(start):
    pilot = start(lang="en")
    desk = open_desk(pilot, big_scenario())
    pilot.click("desk.touch_all")
    assert desk.session.draft.hours_left() == pytest.approx(0.0)
    assert "did not fit" in desk.message
    pilot.press(pygame.K_F9)
    assert type(pilot.scene).__name__ == "MonthReportScene"


def test_autosave_after_a_month_and_continue_resumes_there(start, data_dir):
    pilot = start(lang="en", seed=11)
    to_desk(pilot, "desk-demo")
    pilot.click("desk.touch_all")
    end_month(pilot)
    pilot.press(pygame.K_RETURN)
    played = pilot.scene.session.game
    assert (data_dir / "saves" / "autosave.json").exists()
    pilot.app.quit()

    again = start(lang="ru")
    assert again.find("menu.continue").is_enabled()
    again.click("menu.continue")
    assert isinstance(again.scene, DeskScene)
    game = again.scene.session.game
    assert game.month == 1 and game.seed == 11 and again.app.ctx.lang == "en"
    assert game.result().to_json() == played.result().to_json()


def test_a_corrupt_save_is_reported_in_the_menu_not_a_crash(start, data_dir):
    (data_dir / "saves").mkdir(parents=True)
    (data_dir / "saves" / "autosave.json").write_text("{ not json", encoding="utf-8")
    pilot = start(lang="en")
    pilot.click("menu.continue")
    assert isinstance(pilot.scene, MenuScene)
    assert pilot.scene.status_bad and "cannot be continued" in pilot.scene.status
    assert (data_dir / "saves" / "autosave.json").read_text(encoding="utf-8") == "{ not json"  # nothing lost


def test_f1_help_explains_the_current_pay_scheme_and_closes(start):
    pilot = start(lang="en")
    to_desk(pilot, "desk-demo")
    pilot.press(pygame.K_F1)
    assert isinstance(pilot.scene, HelpScene)
    text = " ".join(line for line, _ in pilot.scene.page.lines)
    assert "10% of the month's gross profit" in text and "Retention" in text
    pilot.press(pygame.K_F1)
    assert isinstance(pilot.scene, DeskScene)


def test_kpi_tooltip_explains_the_kpi_when_the_pointer_rests_on_it(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    chip = pilot.find("desk.kpi.loyalty")
    pilot.hover("desk.kpi.loyalty", ms=100)
    assert desk.form.tooltip.rect is None                      # not at once
    pilot.hover("desk.kpi.loyalty", ms=1000)
    box = desk.form.tooltip.rect
    assert box is not None and pilot.app.screen.get_rect().contains(box) and not box.collidepoint(chip.rect.center)
    assert tuple(pilot.app.screen.get_at((box.x + 4, box.centery)))[:3] == pilot.app.ctx.theme.c("tooltip")
    text = desk.form.tooltip.element.text_block.html_text
    assert text.startswith("<b>Loyalty</b>") and "Mean client loyalty" in text
    pilot.move((5, pilot.app.screen.get_height() - 5))
    assert desk.form.tooltip.rect is None


def test_markup_slider_shows_the_live_quote_and_fixed_prices_are_locked(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "price-list")
    pilot.click("desk.tab.prices")
    slider = next(s for s in desk.sliders if s.locked)  # the price list's products have fixed markups
    fixed = slider.id.split(".")[-1]
    before_fixed = desk.session.draft.markups[fixed]
    while not slider.visible:
        pilot.click("desk.prices_next")
    pilot.click(slider.id, offset=(slider.rect.width // 3, 0))
    pilot.press(pygame.K_RIGHT)
    assert desk.session.draft.markups[fixed] == before_fixed
    while pilot.find("desk.prices_prev").visible and desk.prices.page:
        pilot.click("desk.prices_prev")
    free = next(s for s in desk.sliders if not s.locked)
    product = free.id.split(".")[-1]
    while not free.visible:  # more products than fit: the prices tab has pages
        pilot.click("desk.prices_next")
    pilot.click(free.id)
    before = desk.session.draft.markups[product]
    pilot.press(pygame.K_PAGEUP)
    after = desk.session.draft.markups[product]
    assert after > before
    assert desk.session.game.quote(product, after)["bonus"] >= desk.session.game.quote(product, before)["bonus"]


def test_resizing_the_window_lays_everything_out_again(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    rows_at_720 = desk.list.visible_count(pilot.app.ctx.theme)
    width_at_720 = desk.list.rect.width
    pygame.display.set_mode((1920, 1080), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1920, 1080), w=1920, h=1080))
    pilot.advance(1)
    theme = pilot.app.ctx.theme
    assert 1.0 < theme.scale < 1.5                        # bigger text, but not as much bigger as the window
    assert desk.end_btn.rect.right <= 1920 and desk.list.rect.bottom <= 1080
    assert desk.list.rect.width > 1000
    assert desk.list.visible_count(theme) > rows_at_720   # ...so the bigger window shows more clients
    assert desk.list.rect.width > width_at_720 * theme.scale  # and the list grew more than its text
    pygame.display.set_mode((1280, 720), pygame.RESIZABLE)


def test_a_window_dragged_smaller_than_the_minimum_grows_back(start):
    from simulator.ui.app import MIN_SIZE
    pilot = start(lang="en")
    to_desk(pilot, "desk-demo")
    pygame.display.set_mode((700, 450), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(700, 450), w=700, h=450))
    pilot.advance(1)
    assert pilot.app.screen.get_size() == MIN_SIZE
    pygame.display.set_mode((1280, 720), pygame.RESIZABLE)


def test_play_with_a_scenario_opens_straight_at_its_briefing(start):
    from simulator.ui.scenes.briefing import BriefingScene
    pilot = start(lang="ru", scenario=DATA_DIR / "desk-demo.yaml", player="Пётр", seed=5)
    assert isinstance(pilot.scene, BriefingScene)
    text = " ".join(line for line, _ in pilot.scene.page.lines)
    assert "партия 5" in text and "валовая прибыль" in text.lower()
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, DeskScene) and pilot.scene.session.player == "Пётр"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_largest_text_keeps_renewals_and_the_end_month_button_readable(start, lang):
    pilot = start(lang=lang)
    pilot.app.ctx.settings.text_scale = 1.3
    desk = to_desk(pilot, "desk-demo")
    pilot.app.relayout()
    pilot.advance(1)
    theme = pilot.app.ctx.theme
    pad = theme.m("padding")
    columns = dict(zip((c.key for c in desk.list.columns), desk.list._col_rects()))
    font = theme.font(desk.list.text_size)
    widest_due = font.size(desk.t("desk.in_months", n=24))[0]
    assert widest_due <= columns["due"].width - 12   # the list's cell padding
    widest_name = max(font.size(name)[0] for name in desk.table.names)
    assert widest_name <= columns["name"].width - 12  # names before the segment, which gives way if need be
    label = theme.font("body", bold=True).size(desk.t("desk.end_month"))[0]
    assert label <= desk.end_btn.rect.width - 2 * pad


def test_the_scorecard_shows_each_score_item_from_month_one_as_the_engine_counts_it(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    game = desk.session.game
    items = [item.kpi for item in game.scenario.scoring.items]
    assert [chip.kpi for chip in desk.chips] == items
    assert desk.scorecard == game.scorecard()
    loyalty = next(line for line in desk.scorecard if line.kpi == "loyalty")
    assert loyalty.value == pytest.approx(float(game.state.loyalty.mean()), abs=1e-6) and loyalty.points > 0
    pilot.hover("desk.kpi.loyalty", ms=1000)
    assert "60%" in desk.form.tooltip.element.text_block.html_text        # the target, in the tooltip


def test_the_prices_tab_forecasts_the_month_from_the_engine_and_follows_the_slider(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    pilot.click("desk.tab.prices")
    game = desk.session.game
    first, engine = desk.prices.forecast(), game.forecast(desk.session.draft.to_plan())
    assert np.array_equal(first.deals, engine.deals) and first.bonus == engine.bonus
    desk.session.draft.set_markup("certificate", 1.0)          # the ceiling: fewer certificates sold
    pilot.advance(1)
    dearer = desk.prices.forecast()
    p = game.catalog.product_ids.index("certificate")
    assert dearer.deals[p] < first.deals[p]


def test_the_forecast_shows_what_the_plan_costs_in_trust_and_what_it_leaves_for_the_months_ahead(start):
    """Offering everything to everyone: the forecast names the offers the engine books as misfits (a Russian plural
    of the engine's count), the loyalty it costs and the look ahead's bonus, each the engine's number."""
    from simulator.ui.texts import decimal, money_short
    pilot = start(lang="ru")
    desk = to_desk(pilot, "desk-demo")
    draft, game = desk.session.draft, desk.session.game
    everyone = np.flatnonzero(game.view.active)
    draft.add_touch(game.view.touch_ids[0], None, everyone[:5])
    for product in game.view.product_ids:
        draft.add_offer(product, everyone)
    pilot.click("desk.tab.prices")
    pilot.advance(1)
    forecast = game.forecast(draft.to_plan())
    assert round(forecast.misfit_offers) >= 5                       # the case this checks
    money, trust, ahead = desk.prices.forecast_parts()
    n = round(forecast.misfit_offers)
    word = "предложение" if n % 10 == 1 and n % 100 != 11 else \
        "предложения" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "предложений"
    assert f"{n} {word} без известной задачи" in trust[0] and trust[1] == "bad"
    assert decimal(forecast.loyalty_change * 100, 1, "ru", sign=True) in trust[0]
    assert f"Вперёд на {forecast.months_ahead} месяцев" in ahead[0]
    assert money_short(forecast.future_bonus, "RUB", "ru") in ahead[0] and money_short(forecast.total, "RUB", "ru") in ahead[0]
    assert money_short(forecast.bonus, "RUB", "ru") in money[0]


def test_renewals_kept_shows_no_share_before_any_renewal_came_due(start):
    """Month 1 of certification: no renewal has come due yet, so the chip shows "—", not a misleading 0%; after a
    month in which renewals came due it shows the share the engine counts."""
    from simulator.ui.texts import kpi_value
    pilot = start(lang="en", scenario_dirs=[SCENARIOS_DIR])
    desk = to_desk(pilot, "certification")
    chip = next(c for c in desk.chips if c.kpi == "renewal_rate")
    line = chip._line()
    assert not line.measured and line.value == 0
    drawn = record_drawn(pilot)
    pilot.advance(1)
    target = kpi_value("renewal_rate", line.target, "RUB", "en")
    assert f"— / {target}" in drawn and f"0% / {target}" not in drawn
    end_month(pilot)
    pilot.press(pygame.K_RETURN)
    line = chip._line()
    assert desk.session.game.reports[0].kpis["renewals_due"] > 0 and line.measured


def test_offering_to_everyone_shown_offers_only_where_the_desk_says_it_fits(start):
    """Shift+O on the whole list, every client touched: only the clients the product fits (a known job, not refused
    at this price, not renewing now) get the offer; the message counts the others as left out, and the button said
    how many it would reach."""
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    draft, game = desk.session.draft, desk.session.game
    shown = desk.table.index
    draft.add_touch(game.view.touch_ids[0], None, shown)
    product = desk.client.offer_product.value
    fits = desk.knowledge().fits(game.view.product_index(product))[shown]
    assert fits.any() and not fits.all()                            # the case this checks
    touched = draft.contacted()[shown]
    assert (touched & ~fits).any()                                 # the old button offered to these
    assert f"({int(fits.sum())} of {len(shown)} shown)" in desk.client._offer_all_label()
    pilot.press(pygame.K_o, pygame.KMOD_SHIFT)
    offered = draft.offers_planned()[shown, game.view.product_index(product)]
    assert offered.any() and not (offered & ~fits).any()
    assert (offered == (fits & touched)).all()
    assert f"{int((~fits).sum())} left out" in desk.message


def test_the_markup_slider_marks_the_market_and_its_tolerance_from_the_engine(start):
    pilot = start(lang="en")
    desk = to_desk(pilot, "desk-demo")
    pilot.click("desk.tab.prices")
    game = desk.session.game
    slider = pilot.find("desk.markup.certificate")
    quote = game.quote("certificate", desk.session.draft.markups["certificate"])
    market, edge = (value for value, _ in slider.marks())
    assert market == pytest.approx(quote["market_markup"]) and edge > market
    assert game.quote("certificate", edge)["gap"] == pytest.approx(game.scenario.model.price_tolerance)
    track = slider.rect.inflate(-16, 0)
    x = track.x + round((edge - slider.low) / (slider.high - slider.low) * track.width)
    assert tuple(pilot.app.screen.get_at((x, slider.rect.centery - 10)))[:3] == pilot.app.ctx.theme.c("bad")


def test_a_cut_cell_shows_its_full_text_in_a_tooltip(start):
    from dataclasses import replace
    pilot = start(lang="ru")
    desk = to_desk(pilot, "desk-demo")
    name_col = desk.list.columns[0]
    desk.list.columns = [replace(name_col, share=60.0)] + [replace(c, share=100.0) for c in desk.list.columns[1:]]
    pilot.advance(1)
    theme = pilot.app.ctx.theme
    client = int(desk.table.index[0])
    full = desk.table.names[client]
    assert desk.list.cut[(client, "name")] == full        # drawn shortened...
    row = desk.list.row_rect(theme, 0)
    pilot.move((desk.list.rect.x + 20, row.centery))
    pilot.advance(60)
    assert full in desk.form.tooltip.element.text_block.html_text   # ...and whole in its tooltip
    pilot.move((desk.list._col_rects()[-1].centerx, row.centery))   # a cell shown whole: no tooltip
    pilot.advance(60)
    assert desk.form.tooltip.rect is None


def test_each_row_shows_the_engines_signals_with_a_legend_and_the_overlay_washes_one_of_them(start):
    from simulator.ui.client_table import SIGNALS
    from simulator.ui.scenes.desk_list import SIGNAL_LOOK
    pilot = start(lang="en")
    desk = open_desk(pilot, big_scenario(4))
    engine = desk.session.game.client_signals()
    column = next(c for c in desk.list.columns if c.key == "signals")
    for client in desk.table.index[:200]:
        client = int(client)
        expected = [SIGNAL_LOOK[name] for name in SIGNALS if getattr(engine, name)[client]]
        assert column.icons(client) == expected
    # Sorting by the column puts the most urgent first: every client at risk before any who is not.
    pilot.click_at((desk.list._col_rects()[1].centerx, desk.list.rect.y + 5))
    assert desk.table.sort_by == "signals"
    risk = engine.at_risk[desk.table.index]
    assert risk.any() and not np.any(np.diff(risk.astype(int)) > 0)
    # The cell's tooltip names the signals in words.
    row = desk.list.row_rect(pilot.app.ctx.theme, 0)
    pilot.move((desk.list._col_rects()[1].x + 8, row.centery))
    pilot.advance(60)
    assert "May leave this month" in desk.form.tooltip.element.text_block.html_text
    # The overlay: rows with the chosen signal are washed in its colour, the others are not.
    while desk.clients.overlay.value != "renewal_due":
        pilot.press(pygame.K_v)
    pilot.move((5, 5))  # no tooltip over the list
    theme = pilot.app.ctx.theme
    washed = {True: set(), False: set()}
    shown = desk.table.index[desk.list.offset:desk.list.offset + desk.list.visible_count(theme)]
    for k, client in enumerate(shown):
        if int(client) == desk.list.selected:
            continue
        rr = desk.list.row_rect(theme, k)
        washed[bool(engine.renewal_due[int(client)])].add(tuple(pilot.app.screen.get_at((rr.right - 12, rr.centery)))[:3])
    assert washed[True] and washed[False] and not washed[True] & washed[False]
    # The legend under the list says what each glyph means.
    legend = []
    theme.cuts = None
    real = theme.draw_text
    theme.draw_text = lambda surface, text, *a, **k: legend.append(text) or real(surface, text, *a, **k)
    desk.clients.draw_legend(pilot.app.screen, 0, 0, 1200)
    theme.draw_text = real
    assert " may leave" in legend and "⚠" in legend and " renewal" in legend


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_tutorial_guide_waits_for_each_step_to_be_done_and_ends_with_the_first_month(start, lang):
    from simulator.ui.app import SCENARIOS_DIR
    from simulator.ui.scenes.hints import STEPS
    from simulator.ui.scenes.month_report import MonthReportScene

    from .flows import follow_guide, start_scenario
    pilot = start(lang=lang, seed=3, hints=True, scenario_dirs=[SCENARIOS_DIR])
    start_scenario(pilot, "tutorial", "Anna")
    pilot.press(pygame.K_RETURN)
    desk = pilot.scene
    game = desk.session.game
    assert desk.guide.active and desk.guide.current.text == "hint.agenda"
    pilot.press(pygame.K_RETURN)  # Next
    assert desk.guide.current.text == "hint.do_select" and not pilot.find("hint.next").visible
    pilot.press(pygame.K_RETURN)  # nothing done yet: Enter does not skip a step to do
    pilot.advance(5)
    assert desk.guide.current.text == "hint.do_select"
    shown = ["hint.agenda"] + follow_guide(pilot)
    assert shown == [step.text for step in STEPS]        # every step, in order, none skipped by the checks
    assert isinstance(pilot.scene, MonthReportScene) and game.month == 1
    plan = game.plans[0]
    assert any(batch.topic is not None and len(batch.clients) for batch in plan.touches)  # a touch with a reason
    assert plan.offers                                                                # an offer that fit a need
    defaults = {p.id: p.markup.default for p in game.scenario.products}
    assert plan.markups == defaults              # nothing asked the player to move a price off the market
    pilot.press(pygame.K_RETURN)
    assert desk.guide.current.text == "hint.recap"                           # month 2 opens with the recap


def test_the_tutorial_guide_can_be_skipped_at_any_step(start):
    from simulator.ui.app import SCENARIOS_DIR

    from .flows import start_scenario
    pilot = start(lang="ru", seed=3, hints=True, scenario_dirs=[SCENARIOS_DIR])
    start_scenario(pilot, "tutorial", "Анна")
    pilot.press(pygame.K_RETURN)
    desk = pilot.scene
    pilot.press(pygame.K_RETURN)
    assert desk.guide.waiting
    pilot.click("hint.skip")
    assert not desk.guide.active and desk.form.focus is desk.list
    assert type(pilot.scene).__name__ == "DeskScene"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_renewals_of_several_products_are_told_apart_on_the_agenda(start, lang):
    """The whole company's month 1: renewals of three products to remind, each its own agenda item; each button
    names its product (three "↻ N renewals to remind" read as one thing), and so does what it says when opened."""
    from simulator.shipped import SCENARIOS_DIR
    pilot = start(lang=lang)
    desk = open_desk(pilot, load_file(SCENARIOS_DIR / "whole-company.yaml"), seed=3)
    items = desk.agenda.current()
    renewals = [k for k, item in enumerate(items) if item.code == "renewal"]
    assert len(renewals) >= 2                          # the case this checks
    names = {p.id: p.name.get(lang) for p in desk.session.game.scenario.products}
    labels = [desk.agenda.label(k) for k in renewals]
    assert len(set(labels)) == len(labels)
    for k, label in zip(renewals, labels):
        assert names[items[k].topic] in label and str(items[k].n) in label.replace("\u00a0", "").replace(",", "")
    assert all(desk.agenda.buttons[k].visible for k in renewals)   # short enough for all of them on one row
    pilot.press(pygame.K_F2)
    assert names[items[0].topic] in desk.message and desk.client.topic.value == items[0].topic
