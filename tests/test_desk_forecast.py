"""The desk tells the truth before the player acts, and a person who follows it plays well (issue 23, "Done when").

Over every shipped desk scenario and 10 seeds:

* what the desk marks is what the engine books: an offer marked as fitting a known job is never booked as
  pushing, a misfit or without a need, and a touch marked as news is always credited with its reason;
* the forecast is calibrated: its gross profit, loyalty change and look ahead match what the engine then does,
  on average over the seeds, for a good plan and for offering everything;
* the plan with the best forecast is good practice: among balanced's plan, offering everything, no offers and a
  group session to everyone, the forecast's favourite in month 1 is the one that, followed for the rest of the
  game, earns the most bonus, in at least 9 of 10 seeds;
* ``by_the_desk``, which plays from the desk's screen alone, reaches skill 80 (70 on the tutorial).

Run with ``python -m pytest -m slow -s tests/test_desk_forecast.py`` to see the numbers each scenario was checked against.
"""
from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from balance_runs import shipped

from simulator.engine import Game, MonthPlan, OfferBatch, Reason, SellerDesk, TouchBatch, replay, skill
from simulator.engine.forecast import keep_working
from simulator.strategies import STRATEGIES, play
from simulator.strategies.probes import _flood, offer_everything
from simulator.strategies.reasoned import balanced

pytestmark = pytest.mark.slow  # in `python -m pytest -m slow`, not in `python -m pytest`

SEEDS = range(1, 11)
DESK_SCENARIOS = [pytest.param(p, id=p.stem) for p in shipped("desk")]
NEVER_FOR_A_FIT = {Reason.PUSHED, Reason.NO_NEED, Reason.UNKNOWN_JOB, Reason.ACCEPTED_ANYWAY}
NEWS_BELOW = 10  # TouchStatus codes below this are news


@cache
def _scenario(path):
    from simulator.scenario import load_file
    return load_file(path)


def _fork(game: Game) -> Game:
    """The same game up to now (same seed and plans), to try a plan on without changing ``game``."""
    return replay(game.scenario, game.seed, list(game.plans))


# --- what the desk marks is what the engine books ------------------------------------------------------------

@pytest.mark.parametrize("path", DESK_SCENARIOS)
def test_what_the_desk_marks_is_what_the_engine_books(path):
    scenario = _scenario(path)
    by_the_desk = STRATEGIES["by_the_desk"]
    offers = news_touches = 0
    for seed in SEEDS:
        game = Game(scenario, seed)
        while not game.finished:
            plan = by_the_desk.make_plan(game)
            desk = game.desk.with_conversations(plan.conversations)  # the screen marks offers after the month's talks
            status = desk.touch_status(plan.markups)
            topics = desk.view.product_ids + desk.view.event_ids
            marked = [TouchBatch(b.kind, b.clients[status.code[b.clients, topics.index(b.topic)] < NEWS_BELOW], b.topic)
                      for b in plan.touches if b.topic is not None]
            marked = [b for b in marked if b.clients.size]
            fits = desk.offer_status(plan.markups).fits
            for b in plan.offers:  # the strategy offers only what the desk marks as fitting
                assert fits[b.clients, desk.view.product_index(b.product)].all()
            if marked:
                credited = _fork(game).play_month(MonthPlan(markups=plan.markups, touches=tuple(marked))).useful_touches
                told = sum(b.clients.size for b in marked)
                assert credited == told, f"seed {seed} month {game.month + 1}: {told - credited} news touches booked as no news"
                news_touches += told
            report = game.play_month(plan)
            wrong = {Reason(int(r)) for r in report.offer_reason} & NEVER_FOR_A_FIT
            assert not wrong, f"seed {seed} month {game.month}: offers marked fitting booked as {wrong}"
            offers += report.offer_reason.size
    print(f"\n{path.stem}: {offers} offers marked fitting, {news_touches} touches marked news, all booked so")
    assert offers > 0 and news_touches > 0


# --- the forecast against the engine -------------------------------------------------------------------------

def _as_plan(desk: SellerDesk, compiled) -> MonthPlan:
    """A compiled month (the look ahead's) as a plan the game accepts."""
    view = desk.view
    topics = (None,) + view.product_ids + view.event_ids
    touches = []
    for kind in np.unique(compiled.touch_kind):
        for topic in np.unique(compiled.touch_topic[compiled.touch_kind == kind]):
            who = compiled.touch_client[(compiled.touch_kind == kind) & (compiled.touch_topic == topic)]
            touches.append(TouchBatch(view.touch_ids[kind], who, topics[topic + 1]))
    offers = [OfferBatch(pid, compiled.offer_client[compiled.offer_product == p])
              for p, pid in enumerate(view.product_ids) if (compiled.offer_product == p).any()]
    return MonthPlan(touches=tuple(touches), offers=tuple(offers))


@pytest.mark.parametrize("path", DESK_SCENARIOS)
def test_the_forecast_is_calibrated_against_the_engine(path):
    scenario = _scenario(path)
    lines = []
    for name, make in (("balanced", balanced), ("offer everything", offer_everything)):
        got = []
        for seed in SEEDS:
            game = Game(scenario, seed)
            plan = make(game.desk)
            forecast = game.desk.forecast(plan)
            report = game.play_month(plan)
            later = 0.0
            for _ in range(forecast.months_ahead):  # the look ahead's months, played for real
                month = keep_working(game.scenario, game.catalog, game._state, game.month,
                                     np.array([game.markups[p] for p in game.view.product_ids]))
                later += game.play_month(_as_plan(game.desk, month)).books.bonus
            got.append((forecast.total_gross_profit, report.books.gross_profit, forecast.loyalty_change,
                        float(report.loyalty_change.mean()), forecast.future_bonus, later))
        fc_gp, gp, fc_loyalty, loyalty, fc_later, later = np.mean(got, axis=0)
        # What the engine did varies from seed to seed: on a desk of a few clients, 10 seeds pin the mean down to
        # a few standard errors, not to the tolerance.
        noise = 3 * np.std(got, axis=0, ddof=1) / np.sqrt(len(got))
        ahead = f" ({fc_later / later - 1:+.1%})" if later else ""
        lines.append(f"{path.stem} {name}: gross profit {fc_gp:,.0f} forecast / {gp:,.0f} played ({fc_gp / gp - 1:+.1%}), "
                     f"loyalty {fc_loyalty:+.4f} / {loyalty:+.4f}, months ahead {fc_later:,.0f} / {later:,.0f}{ahead}")
        assert abs(fc_gp - gp) <= max(0.05 * gp, noise[1]), lines[-1]
        assert abs(fc_loyalty - loyalty) <= max(0.01, noise[3]), lines[-1]
        assert abs(fc_later - later) <= max(0.08 * later, noise[5]), lines[-1]
    print("\n" + "\n".join(lines))


def _fixed_plans(desk: SellerDesk) -> dict:
    """Balanced's plan, offering everything, no offers, a group session to everyone (each at balanced's prices)."""
    def no_offers(d: SellerDesk) -> MonthPlan:
        b = balanced(d)
        return MonthPlan(markups=b.markups, touches=b.touches)

    def webinar_to_all(d: SellerDesk) -> MonthPlan:
        return MonthPlan(markups=balanced(d).markups, touches=tuple(_flood(d, 1)))

    return {"balanced": balanced, "offer everything": offer_everything, "no offers": no_offers,
            "webinar to all": webinar_to_all}


@pytest.mark.parametrize("path", DESK_SCENARIOS)
def test_the_plan_with_the_best_forecast_is_the_best_for_the_rest_of_the_game(path):
    scenario = _scenario(path)
    agree, lines = 0, []
    for seed in SEEDS:
        game = Game(scenario, seed)
        plans = _fixed_plans(game.desk)
        forecast = {name: game.desk.forecast(make(game.desk)).total for name, make in plans.items()}
        played = {}
        for name, make in plans.items():  # each followed for the rest of the game
            rest = Game(scenario, seed)
            while not rest.finished:
                rest.play_month(make(rest.desk))
            played[name] = sum(r.books.bonus for r in rest.reports)
        favourite = max(forecast, key=forecast.get)
        best = max(played.values())
        agree += played[favourite] >= best - 0.5   # a tie with the best counts
        lines.append(f"seed {seed}: forecast favours {favourite}; played: "
                     + ", ".join(f"{k} {v:,.0f}" for k, v in played.items()))
    print(f"\n{path.stem}: {agree} of {len(SEEDS)} seeds\n" + "\n".join(lines))
    assert agree >= 9, "\n".join(lines)


# --- a person who follows the desk plays well ---------------------------------------------------------------

@pytest.mark.parametrize("path", DESK_SCENARIOS)
def test_by_the_desk_reaches_most_of_balanceds_skill(path):
    scenario = _scenario(path)
    skills = []
    for seed in SEEDS:
        scores = {name: play(scenario, seed, STRATEGIES[name]).result().score
                  for name in ("balanced", "passive", "by_the_desk")}
        skills.append(skill(scores["by_the_desk"], scores["passive"], scores["balanced"]))
    needed = 70 if path.stem == "tutorial" else 80
    print(f"\n{path.stem}: by_the_desk skill {np.mean(skills):.1f} (per seed {np.round(skills, 0).tolist()})")
    assert np.mean(skills) >= needed
