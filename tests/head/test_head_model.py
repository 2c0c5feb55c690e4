"""Head-of-sales mode: the format, the simulated sellers and the head's game behave as the notes say."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.head import HeadDecision, HeadDecisionError, HeadGame, Hire, replay, seller as sm
from simulator.head.decisions import Band
from simulator.head.heads import HEADS, play_head
from simulator.scenario import ScenarioError, load_file, load_text
from simulator.scenario.schema import PayScheme

ROOT = Path(__file__).resolve().parents[2]
FREE = ROOT / "scenarios" / "head-free-markup.yaml"
LIST = ROOT / "scenarios" / "head-price-list.yaml"


@pytest.fixture(scope="module")
def free():
    return load_file(FREE)


def short(scenario, turns=3):
    return scenario.model_copy(update={"turns": turns})


# --- the format -------------------------------------------------------------------------------------------
def test_a_scenario_is_a_head_scenario_exactly_when_it_has_a_team(free):
    assert free.kind == "head" and load_file(LIST).kind == "head"
    assert load_file(ROOT / "scenarios" / "markup-corridor.yaml").kind == "desk"


def _broken(text: str, old: str, new: str) -> str:
    assert old in text
    with pytest.raises(ScenarioError) as err:
        load_text(text.replace(old, new, 1), "x.yaml")
    return str(err.value)


def test_team_mistakes_are_reported_with_what_to_do():
    text = FREE.read_text(encoding="utf-8")
    assert "unknown segment `crews-nort`" in _broken(text, "segments: [crews-north]", "segments: [crews-nort]")
    assert "already held" in _broken(text, "segments: [crews-south]", "segments: [crews-north]")
    assert "unknown key" in _broken(text, "  max_sellers: 5", "  max_seller: 5")
    assert "unknown product" in _broken(text, "{product: pipes,", "{product: pipez,")


def test_morale_is_scored_only_in_a_head_scenario():
    text = (ROOT / "scenarios" / "markup-corridor.yaml").read_text(encoding="utf-8")
    message = _broken(text, "{kpi: loyalty, weight: 30", "{kpi: morale, weight: 30")
    assert "only in a head scenario" in message


# --- the seller model -------------------------------------------------------------------------------------
def _book(free, seed=3):
    game = HeadGame(short(free), seed)
    return game, game.books["crews-north"]


def test_a_greedier_seller_on_invoice_pay_sets_lower_markups(free):
    game, book = _book(free)
    invoice = PayScheme(base="invoice", rate=0.03)
    modest = sm.searched_markups(book.desk, game.bands, invoice, sm.Traits(0.5, 0.5, 0.5, 0.1))
    greedy = sm.searched_markups(book.desk, game.bands, invoice, sm.Traits(0.5, 0.5, 0.5, 0.9))
    assert all(greedy[p] <= modest[p] + 1e-9 for p in modest)
    assert sum(greedy.values()) < sum(modest.values())


def test_on_gross_profit_pay_greed_does_not_drag_prices_to_the_floor(free):
    game, book = _book(free)
    gross = PayScheme(base="gross_profit", rate=0.1)
    greedy = sm.searched_markups(book.desk, game.bands, gross, sm.Traits(0.5, 0.5, 0.5, 0.9))
    on_invoice = sm.searched_markups(book.desk, game.bands, PayScheme(base="invoice", rate=0.03),
                                     sm.Traits(0.5, 0.5, 0.5, 0.9))
    assert sum(greedy.values()) > sum(on_invoice.values())


def test_invoice_pay_pushes_a_greedy_seller_to_offer_more_gross_pay_does_not():
    greedy = sm.Traits(0.5, 0.5, 0.5, 0.9)
    assert sm.push(greedy, PayScheme(base="invoice"), 0.3) > 0.5
    assert sm.push(greedy, PayScheme(base="gross_profit"), 0.3) == 0.0
    assert sm.push(sm.Traits(0.5, 0.5, 0.5, 0.0), PayScheme(base="invoice"), 0.3) == 0.0


def test_net_profit_pay_flattens_effort_and_a_bare_salary_more():
    t = sm.Traits(0.5, 0.5, 0.8, 0.5)
    clear = sm.effort(t, 1.0, sm.line_of_sight(PayScheme(base="gross_profit"), 200_000, 80_000), False)
    noisy = sm.effort(t, 1.0, sm.line_of_sight(PayScheme(base="net_profit"), 200_000, 80_000), False)
    salary = sm.effort(t, 1.0, 1.0, False, sm.stake(PayScheme(salary=90_000, rate=0.0), 90_000))
    assert salary < noisy < clear


def test_a_seller_without_flexibility_never_notices_events_one_with_it_always(free):
    game = HeadGame(short(free), 1)
    draws = game._draws
    assert not any(sm.notices_events(draws, m, 0, sm.Traits(0.0, 0.5, 0.5, 0.5)) for m in range(24))
    assert all(sm.notices_events(draws, m, 0, sm.Traits(1.0, 0.5, 0.5, 0.5)) for m in range(24))


def test_low_empathy_offers_miss_the_clients_needs_more_often(free):
    game, book = _book(free)
    need = book.state.intensity if hasattr(book.state, "intensity") else None
    markups = game.bands and {p: lo for p, (lo, hi) in game.bands.items()}
    scheme = PayScheme(base="gross_profit")

    def misfit_share(empathy):
        plan = sm.seller_plan(book.desk, game._book_draws["crews-north"], 0, sm.Traits(0.5, empathy, 1.0, 0.2), scheme,
                              markups, 25.0, True)
        pairs = [(c, book.catalog.product_ids.index(b.product)) for b in plan.offers for c in b.clients]
        assert pairs
        return np.mean([need[c, p] < 0.3 for c, p in pairs])

    assert misfit_share(0.1) > misfit_share(0.95)


def test_motivation_falls_when_pay_falls_short_of_the_promise_and_recovers_when_it_is_kept():
    t = sm.Traits(0.5, 0.5, 0.5, 0.5)
    assert sm.motivation_after(0.8, 50_000, 100_000, t) < 0.8
    assert sm.motivation_after(0.8, 100_000, 100_000, t) > 0.8
    greedy = sm.Traits(0.5, 0.5, 0.5, 1.0)
    assert sm.motivation_after(0.8, 50_000, 100_000, greedy) < sm.motivation_after(0.8, 50_000, 100_000, t)


# --- the head's game --------------------------------------------------------------------------------------
def test_same_seed_and_decisions_give_the_same_game_to_the_kopeck(free):
    a = play_head(short(free, 4), 7, HEADS["aligned"])
    b = replay(short(free, 4), 7, [[HeadDecision.from_json(d) for d in month]
                                   for month in a.replay_json()["decisions"]])
    assert a.result().to_json() == b.result().to_json()
    assert a.result().kpis != play_head(short(free, 4), 8, HEADS["aligned"]).result().kpis


def test_changing_one_sellers_pay_changes_nothing_in_another_sellers_books(free):
    def month(base):
        game = HeadGame(short(free), 5)
        game.decide(HeadDecision(pay={"oleg": PayScheme(base=base, rate=0.05)}))
        return game.play_month()

    a, b = month("invoice"), month("gross_profit")
    for seg in ("builders-north", "crews-south"):   # Marina's and Pavel's books
        ra, rb = a.book_reports[seg], b.book_reports[seg]
        assert ra.kpis == rb.kpis and np.array_equal(ra.deal_reason, rb.deal_reason)
    assert a.book_reports["crews-north"].kpis != b.book_reports["crews-north"].kpis


def test_an_underpaid_team_quits_and_its_books_are_forgotten(free):
    game = HeadGame(short(free, 8), 2)
    game.decide(HeadDecision(team_pay=PayScheme(salary=0.0, base="gross_profit", rate=0.0)))
    while not game.finished:
        game.play_month()
    quit_ = [s for s in game.sellers.values() if s.status == "quit"]
    assert quit_, "nobody paid nothing stays"
    for s in quit_:
        assert game.books_of(s.id) == []
    assert game.result().kpis["quits"] == len(quit_)


def test_a_team_event_without_a_purpose_costs_money_and_gives_nothing_back(free):
    def after(purpose):
        game = HeadGame(short(free), 4)
        for s in game._members():   # the game's own sellers (what the head sees of them is frozen)
            s.motivation = 0.5
        game.decide(HeadDecision(team_event=purpose))
        report = game.play_month()
        return report, {m.seller: m.motivation for m in report.sellers}

    wasted, w = after("none")
    united, u = after("unite")
    assert not wasted.event_worked and united.event_worked
    assert wasted.kpis["event_cost"] == united.kpis["event_cost"] > 0
    assert all(u[k] > w[k] for k in u)


def test_questions_from_different_areas_show_flexibility_and_empathy(free):
    game = HeadGame(short(free), 1)
    assert game.sellers["svetlana"].visible_traits()["flexibility"] is None
    one_area = game.decide(HeadDecision(interviews={"svetlana": ["hard_client", "price_objection"]}))
    assert "flexibility" not in one_area["svetlana"]
    shown = game.decide(HeadDecision(interviews={"svetlana": ["employer_choice"]}))
    assert shown["svetlana"]["flexibility"] == 0.85 and shown["svetlana"]["empathy"] == 0.75
    with pytest.raises(HeadDecisionError, match="at most 3 questions"):
        game.decide(HeadDecision(interviews={"svetlana": ["career_path"]}))


def test_a_candidate_promised_less_than_he_expects_does_not_join(free):
    game = HeadGame(short(free), 1)
    game.decide(HeadDecision(hire=[Hire(candidate="igor", promise=50_000)]))
    assert game.sellers["igor"].status == "candidate"
    game.decide(HeadDecision(hire=[Hire(candidate="igor", promise=70_000)], assign={"builders-south": "igor"}))
    assert game.sellers["igor"].status == "hired" and game.books_of("igor") == ["builders-south"]


def test_the_engine_refuses_a_band_outside_what_the_company_allows(free):
    game = HeadGame(short(free), 1)
    with pytest.raises(HeadDecisionError, match="outside"):
        game.decide(HeadDecision(markups={"boiler": Band(floor=0.05, ceiling=0.3)}))
    with pytest.raises(HeadDecisionError, match="above ceiling"):
        game.decide(HeadDecision(markups={"boiler": Band(floor=0.3, ceiling=0.2)}))
    price_list = HeadGame(short(load_file(LIST)), 1)
    with pytest.raises(HeadDecisionError, match="not the head's"):
        price_list.decide(HeadDecision(markups={price_list.product_ids[0]: Band(floor=0.4, ceiling=0.4)}))


def test_the_floor_calculator_covers_the_cost_to_serve_and_the_share_of_fixed_costs(free):
    game = HeadGame(short(free), 1)
    assert game.floor_markup("boiler") == pytest.approx((6000 + 3000) / 60000)
    at_floor = game.quote(PayScheme(base="gross_profit", rate=0.1), "boiler", game.floor_markup("boiler"))
    assert at_floor["company_keeps"] == pytest.approx(-at_floor["bonus"])   # the floor leaves just the bonus to pay
    assert game.quote(PayScheme(base="gross_profit", rate=0.1, threshold=0.2), "boiler", 0.18)["bonus"] == 0.0


# --- replays ---------------------------------------------------------------------------------------------
def test_a_head_replay_verifies_and_a_tampered_one_is_refused_with_the_reason(free, tmp_path):
    from simulator.store.head_replay import HeadReplay, verify_head
    from simulator.store.replay import Replay, ReplayError

    scenario = short(free, 4)
    game = play_head(scenario, 11, HEADS["misaligned"])
    path = tmp_path / "head.json"
    HeadReplay.from_game(game, player="Anna", head="misaligned").save(path)
    rep = HeadReplay.load(path)
    assert verify_head(rep, scenario).result().score == game.result().score
    data = rep.to_json()
    data["decisions"][0][0]["team_pay"]["rate"] *= 0.8   # a meaner scheme, same claimed score
    with pytest.raises(ReplayError) as err:
        verify_head(HeadReplay.from_json(data), scenario)
    assert err.value.code == "score_mismatch"
    with pytest.raises(ReplayError) as err:
        Replay.load(path)                               # the desk's loader names what the file is
    assert err.value.code == "head_replay"
    data = rep.to_json()
    data["decisions"][0][0]["team_pay"]["bonus_base"] = "invoice"
    with pytest.raises(ReplayError, match="malformed"):
        HeadReplay.from_json(data)


def test_the_heads_differ_for_the_notes_reasons_volume_pay_cuts_prices_net_pay_cuts_effort(free):
    scenario = short(free, 6)

    def team(name):
        game = play_head(scenario, 3, HEADS[name])
        months = [m for r in game.reports for m in r.sellers if m.markups]
        return np.mean([m.effort for m in months]), np.mean([np.mean(list(m.markups.values())) for m in months])

    (aligned_effort, aligned_markup), (_, misaligned_markup), (opaque_effort, _) = map(
        team, ("aligned", "misaligned", "opaque"))
    assert misaligned_markup < aligned_markup      # paid on the invoice, the greedy discount
    assert opaque_effort < aligned_effort          # paid on net profit, they cannot see their bonus


def test_a_greedy_seller_on_invoice_pay_spams_offers_and_on_gross_profit_pay_does_not(free):
    game, book = _book(free)
    markups = {p: lo for p, (lo, hi) in game.bands.items()}
    greedy = sm.Traits(0.5, 0.9, 1.0, 0.9)

    def offers(base):
        plan = sm.seller_plan(book.desk, game._book_draws["crews-north"], 0, greedy, PayScheme(base=base), markups, 25.0,
                              True)
        return sum(b.clients.size for b in plan.offers)

    assert offers("invoice") > offers("gross_profit") > 0


def test_a_seller_who_does_not_notice_the_events_tells_no_news_about_them():
    scenario = load_file(LIST)
    game = HeadGame(scenario, 6)
    book = game.books["restaurants-centre"]
    month = next(e.month for e in scenario.events if e.id == "winter-menu") - 1   # 0-based: the menu news starts
    while game.month < month:                                   # the aligned head's team plays up to it
        if game.decision_month:
            HEADS["aligned"].decide(game)
        game.play_month()
    events = set(book.catalog.event_ids)
    markups = {p: (lo + hi) / 2 for p, (lo, hi) in game.bands.items()}

    def topics(notices):
        plan = sm.seller_plan(book.desk, game._book_draws["restaurants-centre"], month, sm.Traits(0.5, 0.9, 1.0, 0.2),
                              PayScheme(), markups, 40.0, notices)
        return {b.topic for b in plan.touches} & events

    assert topics(True) and not topics(False)
