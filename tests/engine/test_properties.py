"""The properties of GAME_DESIGN section 4, each checked on the engine directly."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from simulator.engine import Game, MonthPlan, OfferBatch, PlanError, Reason, TouchBatch, replay
from simulator.strategies import STRATEGIES, play

from .factory import scenario, uniform_market

LAB = scenario()
N = LAB.client_count()


def state_arrays(game: Game) -> dict[str, np.ndarray]:
    return {f.name: getattr(game.state, f.name).copy() for f in dataclasses.fields(game.state)}


def plans_strategy(n_clients: int, months: int):
    """Hypothesis: random but valid-looking plans for the lab scenario."""
    touch = st.builds(
        TouchBatch,
        kind=st.sampled_from(["call", "visit", "webinar"]),
        clients=st.lists(st.integers(0, n_clients - 1), max_size=12).map(tuple),
        topic=st.sampled_from([None, "cert", "course", "list", "law"]),
    )
    plan = st.builds(
        MonthPlan,
        markups=st.fixed_dictionaries({}, optional={"cert": st.floats(0.1, 1.5), "course": st.floats(0.2, 1.0)}),
        touches=st.lists(touch, max_size=4).map(tuple),
    )
    return st.lists(plan, min_size=1, max_size=months)


def with_offers(plan: MonthPlan, product: str = "course") -> MonthPlan:
    """Offer ``product`` to every client the plan touches."""
    clients = sorted({c for b in plan.touches for c in b.clients})
    return dataclasses.replace(plan, offers=(OfferBatch(product, tuple(clients)),) if clients else ())


def play_all(sc, seed, plans) -> Game:
    game = Game(sc, seed)
    for plan in plans:
        try:
            game.play_month(plan)
        except PlanError:
            game.play_month(MonthPlan())
    return game


# --- determinism ---------------------------------------------------------------------------------

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**63 - 1), plans=plans_strategy(N, 6))
def test_same_scenario_seed_and_plans_give_identical_results(seed, plans):
    plans = [with_offers(p) for p in plans]
    a, b = play_all(LAB, seed, plans), play_all(LAB, seed, plans)
    assert a.result().to_json() == b.result().to_json()
    for name, array in state_arrays(a).items():
        assert np.array_equal(array, state_arrays(b)[name]), name
    for ra, rb in zip(a.reports, b.reports):
        assert ra.books == rb.books
        assert np.array_equal(ra.deal_reason, rb.deal_reason)
        assert np.array_equal(ra.deal_price, rb.deal_price)


def test_a_client_listed_twice_in_one_batch_is_touched_once():
    once, twice = Game(LAB, 4), Game(LAB, 4)
    plan_once = MonthPlan(touches=(TouchBatch("call", (3, 5)),))
    plan_twice = MonthPlan(touches=(TouchBatch("call", (3, 5, 3, 3, 3)),))
    assert once.hours_needed(plan_once) == twice.hours_needed(plan_twice)
    for _ in range(3):
        assert once.play_month(plan_once).books == twice.play_month(plan_twice).books
    assert all(np.array_equal(a, b) for a, b in zip(state_arrays(once).values(), state_arrays(twice).values()))
    calls = MonthPlan(touches=tuple(TouchBatch("call", (3,)) for _ in range(4)))  # four calls: four batches
    assert Game(LAB, 4).hours_needed(calls) == 4 * Game(LAB, 4).hours_needed(MonthPlan(touches=calls.touches[:1]))


def test_an_annoyed_client_is_treated_alike_whether_or_not_anyone_else_is_touched():
    calls = MonthPlan(touches=tuple(TouchBatch("call", (0,)) for _ in range(5)))  # five empty calls annoy client 0
    quiet, busy = Game(LAB, 9), Game(LAB, 9)
    quiet.play_month(calls)
    busy.play_month(calls)
    quiet.play_month(MonthPlan())  # nobody touched
    busy.play_month(MonthPlan(touches=(TouchBatch("call", (1,), "course"),)))  # only client 1 touched
    assert quiet.state.annoyance[0] > LAB.model.contact_tolerance  # still annoyed: the penalty applies
    others = np.arange(N) != 1
    for name, array in state_arrays(quiet).items():
        assert np.array_equal(array[others], state_arrays(busy)[name][others]), name


def test_different_seeds_give_different_markets():
    a = play(LAB, 1, STRATEGIES["balanced"]).result().kpis
    b = play(LAB, 2, STRATEGIES["balanced"]).result().kpis
    assert a != b


# --- common random numbers ----------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**9), target=st.integers(0, N - 1), plans=plans_strategy(N, 6),
       extra=st.sampled_from(["call", "visit"]))
def test_treating_one_client_differently_changes_nothing_for_the_others(seed, target, plans, extra):
    plans = [with_offers(p) for p in plans]
    changed = [
        dataclasses.replace(p, touches=p.touches + (TouchBatch(extra, (target,), "course"),),
                            offers=p.offers + (OfferBatch("course", (target,)),))
        for p in plans
    ]
    a, b = play_all(LAB, seed, plans), play_all(LAB, seed, changed)
    if [len(p.touches) for p in a.plans] != [len(p.touches) for p in plans]:
        return  # a plan was refused (hours) and replaced; the comparison would not be like for like
    others = np.arange(N) != target
    for name, array in state_arrays(a).items():
        assert np.array_equal(array[others], state_arrays(b)[name][others]), name
    for ra, rb in zip(a.reports, b.reports):
        keep_a, keep_b = ra.deal_client != target, rb.deal_client != target
        assert np.array_equal(ra.deal_client[keep_a], rb.deal_client[keep_b])
        assert np.array_equal(ra.deal_reason[keep_a], rb.deal_reason[keep_b])


# --- refusals -----------------------------------------------------------------------------------

BROKEN_PLANS = {  # case: (the rule the engine must name, the plan)
    "above_ceiling": ("markup_band", MonthPlan(markups={"cert": 1.6})),
    "below_floor": ("markup_band", MonthPlan(markups={"cert": 0.05})),
    "fixed_price": ("fixed_price", MonthPlan(markups={"list": 0.7})),
    "hours": ("hours", MonthPlan(touches=(TouchBatch("visit", tuple(range(201))),))),
    "unknown_client": ("unknown_client", MonthPlan(touches=(TouchBatch("call", (N,)),))),
    "negative_client": ("unknown_client", MonthPlan(touches=(TouchBatch("call", (-1,)),))),
    "offer_without_contact": ("offer_without_contact", MonthPlan(offers=(OfferBatch("course", (3,)),))),
    "unknown_touch_type": ("unknown_touch_type", MonthPlan(touches=(TouchBatch("fax", (1,)),))),
    "unknown_topic": ("unknown_topic", MonthPlan(touches=(TouchBatch("call", (1,), "weather"),))),
    "unknown_product": ("unknown_product", MonthPlan(markups={"gold": 0.3})),
    "unknown_offer_product": ("unknown_product",
                              MonthPlan(touches=(TouchBatch("call", (1,)),), offers=(OfferBatch("gold", (1,)),))),
}


@pytest.mark.parametrize("name", sorted(BROKEN_PLANS))
def test_a_plan_breaking_a_rule_is_refused_and_changes_nothing(name):
    game = Game(LAB, 7)
    game.play_month(MonthPlan(touches=(TouchBatch("call", (1, 2)),)))
    before, markups, result = state_arrays(game), game.markups, game.result().to_json()
    rule, plan = BROKEN_PLANS[name]
    with pytest.raises(PlanError) as err:
        game.play_month(plan)
    assert err.value.rule == rule
    assert game.month == 1 and game.markups == markups and game.result().to_json() == result
    for key, array in state_arrays(game).items():
        assert np.array_equal(array, before[key]), key
    # and the game goes on exactly as if the refused plan had never been handed in
    fresh = Game(LAB, 7)
    fresh.play_month(MonthPlan(touches=(TouchBatch("call", (1, 2)),)))
    assert game.play_month(MonthPlan()).books == fresh.play_month(MonthPlan()).books


def test_markup_outside_band_is_refused_by_the_engine_with_the_band_named():
    with pytest.raises(PlanError, match=r"\[0.1, 1.5\]"):
        Game(LAB, 1).play_month(MonthPlan(markups={"cert": 2.0}))


def test_touching_a_lost_client_needs_a_win_back_touch():
    game = Game(LAB, 3)
    game._state.active[5] = False  # the client left us (set directly: reaching it by play takes long)
    with pytest.raises(PlanError, match="win-back"):
        game.play_month(MonthPlan(touches=(TouchBatch("call", (5,)),)))
    game.play_month(MonthPlan(touches=(TouchBatch("visit", (5,)),)))


def test_a_finished_game_refuses_more_months():
    game = play(LAB, 1, STRATEGIES["passive"])
    with pytest.raises(PlanError, match="ended"):
        game.play_month(MonthPlan())


# --- price ------------------------------------------------------------------------------------

def first_month(sc, plan: MonthPlan, seed: int = 11):
    game = Game(sc, seed)
    return game, game.play_month(plan)


def test_win_rate_falls_as_markup_rises():
    market = uniform_market()
    rates = []
    won_sets = []
    for markup in (0.1, 0.3, 0.5, 0.8, 1.1, 1.5):
        _, report = first_month(market, MonthPlan(markups={"cert": markup}))
        renewals = report.deal_product == 0
        won = report.deals_won & renewals
        rates.append(won.sum() / renewals.sum())
        won_sets.append(set(report.deal_client[won].tolist()))
    assert all(a > b for a, b in zip(rates, rates[1:])), rates
    # with common random numbers every client who buys at a higher price also buys at a lower one
    assert all(high <= low for low, high in zip(won_sets, won_sets[1:]))
    assert rates[0] > 0.8 and rates[-1] < 0.3, rates


def test_prices_far_above_market_hurt_loyalty():
    market = uniform_market()
    _, fair = first_month(market, MonthPlan(markups={"cert": 0.5}))  # price at market
    _, dear = first_month(market, MonthPlan(markups={"cert": 1.5}))  # 67% above market
    assert dear.loyalty_change.mean() < fair.loyalty_change.mean() - 0.03
    lost = dear.deal_reason[~dear.deals_won]
    assert (lost == Reason.PRICE).mean() > 0.8  # and the report says why


# --- recall and renewals ---------------------------------------------------------------------------

def renewals_won(game: Game) -> tuple[int, int]:
    won = total = 0
    for r in game.reports:
        renew = r.deal_renewal
        won += int((r.deals_won & renew).sum())
        total += int(renew.sum())
    return won, total


def reminders(game: Game) -> MonthPlan:
    """Remind every client whose certificate comes due within three months."""
    due = game.due_in()[:, 0]
    clients = np.flatnonzero(game.state.active & (due <= 3))
    return MonthPlan(touches=(TouchBatch("call", tuple(int(c) for c in clients[:800]), "cert"),))


def test_without_touches_recall_fades_and_renewals_drift_to_competitors():
    market = uniform_market(count=600, cycle=12, owns_months=0, recall=[0.9, 0.9], loyalty=[0.6, 0.6])
    market = market.model_copy(update={"turns": 14})
    silent = Game(market, 5)
    recalls = [silent.state.recall.mean()]
    for _ in range(14):
        silent.play_month(MonthPlan())
        recalls.append(silent.state.recall.mean())
    assert all(b < a for a, b in zip(recalls[:11], recalls[1:12])), recalls[:12]  # fades while nobody buys
    kept = Game(market, 5)
    for _ in range(14):
        kept.play_month(reminders(kept))
    won_silent, total_silent = renewals_won(silent)
    won_kept, total_kept = renewals_won(kept)
    assert total_silent == total_kept > 500
    assert won_kept / total_kept > won_silent / total_silent + 0.2, (won_kept, won_silent, total_kept)
    forgot = [r.deal_reason[~r.deals_won] for r in silent.reports if r.deal_reason.size]
    assert (np.concatenate(forgot) == Reason.FORGOT).mean() > 0.5  # "no contact for N months"
    assert silent.result().kpis["retention"] < kept.result().kpis["retention"]


# --- touches --------------------------------------------------------------------------------------

def test_reasoned_touches_raise_loyalty_more_than_empty_ones():
    market = uniform_market(count=500, cycle=36, owns_months=34)  # renewal due in about two months
    clients = tuple(range(500))
    _, reasoned = first_month(market, MonthPlan(touches=(TouchBatch("call", clients, "cert"),)))
    _, empty = first_month(market, MonthPlan(touches=(TouchBatch("call", clients, None),)))
    assert reasoned.useful_touches == 500 and empty.useful_touches == 0
    assert reasoned.loyalty_change.mean() > empty.loyalty_change.mean() + 0.02


def test_over_contact_without_reason_lowers_loyalty():
    market = uniform_market(count=300, cycle=36, owns_months=5)
    clients = tuple(range(300))
    quiet, spammed = Game(market, 2), Game(market, 2)
    for _ in range(4):
        quiet.play_month(MonthPlan())
        spammed.play_month(MonthPlan(touches=tuple(TouchBatch("call", clients) for _ in range(2))))
    assert spammed.state.loyalty.mean() < quiet.state.loyalty.mean() - 0.05


def test_a_webinar_reaches_many_clients_for_the_hours_of_one_session():
    game = Game(LAB, 1)
    plan = MonthPlan(touches=(TouchBatch("webinar", tuple(range(120)), "law"),))
    assert game.hours_needed(plan) == 3 * 4  # 120 clients, 50 per session
    report = game.play_month(plan)
    assert report.books.touch_costs == 300


# --- offers ---------------------------------------------------------------------------------------

def test_fitting_offers_convert_far_more_than_misfits_and_misfits_cost_loyalty():
    fit = uniform_market(count=800, cycle=36, owns_months=5, needs={"sell": [0.6, 0.6], "train": [0.9, 0.9]})
    misfit = uniform_market(count=800, cycle=36, owns_months=5, needs={"sell": [0.6, 0.6], "train": [0.0, 0.0]})
    clients = tuple(range(800))
    plan = MonthPlan(touches=(TouchBatch("call", clients, None),), offers=(OfferBatch("course", clients),))
    _, good = first_month(fit, plan)
    _, bad = first_month(misfit, plan)
    good_rate, bad_rate = good.offers_accepted.mean(), bad.offers_accepted.mean()
    assert good_rate > 0.6 and bad_rate < 0.15 and good_rate > 4 * bad_rate
    assert (bad.offer_reason[~bad.offers_accepted] == Reason.NO_NEED).all()
    assert bad.loyalty_change.mean() < good.loyalty_change.mean() - 0.03
    assert bad.loyalty_change.mean() < 0


def test_an_offer_of_a_product_needing_another_first_is_refused_with_that_reason():
    products = scenario().model_dump(by_alias=True)["products"]
    products[1]["requires"] = ["list"]
    products[2]["core"] = False  # nobody buys `list` by themselves, so nobody has it
    sc = scenario(products=products)
    clients = tuple(range(1, 100))
    _, report = first_month(sc, MonthPlan(touches=(TouchBatch("call", clients),), offers=(OfferBatch("course", clients),)))
    assert (report.offer_reason == Reason.REQUIRES).all()


# --- money ----------------------------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), plans=plans_strategy(N, 6),
       base=st.sampled_from(["gross_profit", "invoice", "net_profit"]))
def test_money_adds_up_every_month(seed, plans, base):
    sc = scenario(compensation={"base": base, "rate": 0.07, "overheads": 2500,
                                "tiers": [{"from": 0, "rate": 0.05}, {"from": 3000, "rate": 0.1}],
                                "plan": {"target": 4000, "bonus": 300}})
    game = play_all(sc, seed, [with_offers(p) for p in plans])
    for r in game.reports:
        b = r.books
        assert b.gross_profit == pytest.approx(b.revenue - b.cost_of_goods, abs=0.011)
        assert b.net_profit == pytest.approx(b.gross_profit - b.touch_costs - b.serve_costs - b.overheads - b.bad_debt, abs=0.011)
        assert b.pay == pytest.approx(b.salary + b.bonus, abs=0.011)
        sold = r.deal_price[r.deals_won].sum() + r.offer_price[r.offers_accepted].sum()
        assert b.revenue == pytest.approx(sold, abs=0.011)
        assert b.bonus >= 0 and b.bonus_base >= 0
        assert b.bonus == b.bonus_by_base[base]
        expected_base = max(0.0, {"gross_profit": b.gross_profit, "invoice": b.revenue, "net_profit": b.net_profit}[base])
        assert b.bonus_base == pytest.approx(expected_base, abs=0.011)
        tiered = 0.05 * min(expected_base, 3000) + 0.1 * max(expected_base - 3000, 0)
        assert b.bonus == pytest.approx(tiered + (300 if expected_base >= 4000 else 0), abs=0.011)
    kpis = game.result().kpis
    assert kpis["revenue"] == pytest.approx(sum(r.books.revenue for r in game.reports), abs=0.05)


def test_net_profit_bonus_is_never_negative_in_a_loss_month():
    sc = scenario(compensation={"base": "net_profit", "rate": 0.2, "overheads": 10**7})
    report = Game(sc, 1).play_month(MonthPlan())
    assert report.books.net_profit < 0 and report.books.bonus == 0 and report.books.pay == 1000


# --- plans and replays ----------------------------------------------------------------------------

@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6), plans=plans_strategy(N, 6))
def test_a_game_replayed_from_its_plans_json_gives_the_same_score(seed, plans):
    game = play_all(LAB, seed, [with_offers(p) for p in plans])
    again = replay(LAB, seed, [MonthPlan.from_json(p.to_json()) for p in game.plans])
    assert again.result().to_json() == game.result().to_json()


@pytest.mark.parametrize("bad", [None, [], {"markups": []}, {"touches": [{"kind": 1, "clients": []}]},
                                 {"offers": [{"product": "x", "clients": [True]}]}, {"markups": {"a": float("nan")}},
                                 {"extra": 1}, {"touches": [{"kind": "call", "clients": [2**70]}]},
                                 {"touches": [{"kind": "call", "clients": [[1, 2]]}]}])
def test_malformed_plan_json_is_refused_as_a_format_error(bad):
    with pytest.raises(PlanError) as err:
        MonthPlan.from_json(bad)
    assert err.value.rule == "format"


def test_a_batch_holds_its_clients_as_a_frozen_copy_equal_whatever_sequence_they_came_in():
    mine = np.array([4, 2, 9])
    batch = TouchBatch("call", mine, "cert")
    mine[0] = 7  # the player's array changing later does not change the handed-in plan
    assert batch.clients.tolist() == [4, 2, 9]
    with pytest.raises(ValueError):
        batch.clients[0] = 1
    assert batch == TouchBatch("call", (4, 2, 9), "cert") == TouchBatch("call", [4, 2, 9], "cert")
    assert batch != TouchBatch("call", (4, 2, 9)) and batch != TouchBatch("call", (4, 2))
    assert len({batch, TouchBatch("call", [4, 2, 9], "cert")}) == 1
    assert OfferBatch("course", ()) == OfferBatch("course", np.zeros(0, np.int8))
    assert MonthPlan(touches=(batch,)) == MonthPlan.from_json(MonthPlan(touches=(batch,)).to_json())


@pytest.mark.parametrize("bad", [(1.5, 2.0), (True, False), ("a",), [[1, 2]], np.array([0.0, 1.0])])
def test_client_indices_that_are_not_whole_numbers_are_refused(bad):
    with pytest.raises(PlanError) as err:
        TouchBatch("call", bad)
    assert err.value.rule == "format"


def test_score_is_the_sum_of_its_breakdown():
    result = play(LAB, 4, STRATEGIES["balanced"]).result()
    assert result.score == pytest.approx(sum(line.points for line in result.breakdown))
    for line in result.breakdown:
        assert line.points == pytest.approx(line.weight * min(max(line.value / line.target, 0), 1.5), abs=1e-3)
