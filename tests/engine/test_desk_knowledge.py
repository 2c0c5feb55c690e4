"""What the desk says before the player acts is what the engine then books.

``touch_status`` and ``offer_status`` apply the month's rules to what the desk knows; a need the desk has not
learned can only make the engine kinder than the desk (a hidden need may still make a pitch news), never
harsher. So: a touch the desk calls news is credited with a reason, a reminder it calls given is not, and an
offer it calls fitting is never booked as pushing, a misfit, held, over budget or missing a prerequisite.
"""
from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from simulator.engine import Game, MonthPlan, OfferBatch, OfferStatus, Reason, TouchBatch, TouchStatus, replay
from simulator.engine.rules import PITCH_COOLDOWN, PITCH_PRICE_DROP
from simulator.scenario import load_file
from simulator.strategies.reasoned import balanced

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
DESK_SCENARIOS = ["certification", "greenhouse-partners", "markup-corridor", "price-list", "tax-law", "tutorial",
                  "whole-company"]
NEVER_FOR_A_FIT = {Reason.PUSHED, Reason.NO_NEED, Reason.UNKNOWN_JOB, Reason.OWNED, Reason.REQUIRES,
                   Reason.OFFER_BUDGET, Reason.ACCEPTED_ANYWAY}


@cache
def shipped(name: str):
    return load_file(SCENARIOS / f"{name}.yaml")


def _call(game: Game) -> str:
    view = game.view
    calls = [k for k in range(len(view.touch_ids)) if view.touch_capacity[k] == 1 and not view.touch_useful[k]
             and not view.touch_win_back[k]]  # a call: no service of its own, only the reason it carries
    return view.touch_ids[min(calls, key=lambda k: view.touch_hours[k])]


def _one_touch_each(game: Game, wanted: np.ndarray, topics: tuple[str, ...]) -> tuple[TouchBatch, ...]:
    """One call per client (the first wanted topic of each), as many as the hours allow."""
    clients = np.flatnonzero(wanted.any(axis=1))
    first = wanted[clients].argmax(axis=1)
    hours = game.scenario.desk.hours_per_month
    call = _call(game)
    clients = clients[: int(hours // game.view.touch_hours[game.view.touch_index(call)])]
    first = first[: clients.size]
    return tuple(TouchBatch(call, clients[first == k], topics[k]) for k in range(len(topics)) if (first == k).any())


@pytest.mark.parametrize("name", DESK_SCENARIOS)
def test_a_touch_the_desk_calls_news_is_credited_and_one_it_calls_repeated_is_not(name):
    for seed in (1, 2):
        game = Game(shipped(name), seed)
        for _ in range(3):
            desk = game.desk
            topics = desk.view.product_ids + desk.view.event_ids
            status = desk.touch_status()
            news = status.news
            assert np.array_equal(news, desk.news() & ~np.isin(status.code, [TouchStatus.OVER_LIMIT, TouchStatus.LOST]))
            assert np.all(status.month[news] == 0)
            said = _one_touch_each(game, news, topics)
            if said:
                report = _replayed(game).play_month(MonthPlan(touches=said))
                assert report.useful_touches == sum(b.clients.size for b in said)
            # Reasons no hidden need can revive (a reminder given may still leave room for a pitch of a need the
            # desk has not learned: the engine is kinder there, never harsher).
            repeated = np.isin(status.code, [TouchStatus.HELD, TouchStatus.TOLD, TouchStatus.NOT_RUNNING])
            stale = _one_touch_each(game, repeated, topics)
            if stale:
                report = _replayed(game).play_month(MonthPlan(touches=stale))
                assert report.useful_touches == 0
            reminded = status.code == TouchStatus.REMINDED
            assert np.all((status.month[reminded] >= 1) & (status.month[reminded] <= game.month))
            game.play_month(balanced(desk))


def _replayed(game: Game) -> Game:
    """The same game up to now (same seed and plans), to try a plan on without touching ``game``."""
    return replay(game.scenario, game.seed, list(game.plans))


@pytest.mark.parametrize("name", DESK_SCENARIOS)
def test_an_offer_the_desk_calls_fitting_is_never_booked_as_pushing_a_misfit_or_unwanted(name):
    booked = 0
    for seed in (1, 2, 3):
        game = Game(shipped(name), seed)
        for month in range(min(4, game.turns)):
            desk = game.desk
            plan = balanced(desk)
            touched = np.zeros(desk.n_clients, bool)
            for batch in plan.touches:
                touched[batch.clients] = True
            fits = desk.offer_status(plan.markups).fits & touched[:, None]
            offers = tuple(OfferBatch(pid, np.flatnonzero(fits[:, p])) for p, pid in enumerate(desk.view.product_ids)
                           if fits[:, p].any())
            report = game.play_month(MonthPlan(markups=plan.markups, touches=plan.touches, offers=offers))
            reasons = {Reason(int(r)) for r in report.offer_reason}
            assert not reasons & NEVER_FOR_A_FIT, f"{name} seed {seed} month {month + 1}: {reasons & NEVER_FOR_A_FIT}"
            booked += report.offer_reason.size
    assert booked > 0


def test_a_refused_offer_is_a_repeat_until_the_price_falls_and_a_few_months_pass():
    game = Game(shipped("certification"), 3)
    desk = game.desk
    plan = balanced(desk)
    report = game.play_month(plan)
    refused = report.offer_reason == Reason.NOT_NOW
    assert refused.any()
    c, p = int(report.offer_client[refused][0]), int(report.offer_product[refused][0])
    pid = game.view.product_ids[p]
    status = game.desk.offer_status(game.plans[0].markups)
    assert status.code[c, p] == OfferStatus.REFUSED and status.month[c, p] == 1   # "refused at this price in month 1"
    floor = float(game.view.markup_band[0][p])
    assert floor < game.plans[0].markups[pid] * (1 - 2 * PITCH_PRICE_DROP)
    # A cut the client would notice, right after the no, is still too soon ...
    assert game.desk.offer_status({pid: floor}).code[c, p] in (OfferStatus.REPEAT, OfferStatus.REFUSED)
    # Offered again unchanged: the engine books it as pushing, as the desk said.
    later = copy.deepcopy(game)
    again = MonthPlan(markups=game.plans[0].markups, touches=(TouchBatch(_call(game), [c]),), offers=(OfferBatch(pid, [c]),))
    assert game.play_month(again).offer_reason.tolist() == [Reason.PUSHED]
    # ... a few months later the cut is news; the same price still is not.
    for _ in range(PITCH_COOLDOWN - 1):
        later.play_month(MonthPlan(markups=game.plans[0].markups))
    assert later.desk.offer_status({pid: floor}).code[c, p] not in (OfferStatus.REPEAT, OfferStatus.REFUSED)
    assert later.desk.offer_status(game.plans[0].markups).code[c, p] in (OfferStatus.REPEAT, OfferStatus.REFUSED)


def test_the_touches_a_client_welcomes_are_the_ones_the_engine_credits():
    """A client with more news than room: calls on every topic that is news, and only ``touch_room`` of them count."""
    tried = 0
    for seed in (1, 2, 3):
        game = Game(shipped("tax-law"), seed)
        for _ in range(3):
            desk = game.desk
            room, status = desk.touch_room(), desk.touch_status()
            news = (status.news | (status.code == TouchStatus.OVER_LIMIT)).sum(axis=1)
            crowded = np.flatnonzero(desk.view.active & (news > room))
            topics = desk.view.product_ids + desk.view.event_ids
            for client in crowded[:3]:
                said = [t for t in range(len(topics)) if status.news[client, t] or status.code[client, t] == TouchStatus.OVER_LIMIT]
                calls = tuple(TouchBatch(_call(game), [int(client)], topics[t]) for t in said)
                report = _replayed(game).play_month(MonthPlan(touches=calls))
                assert report.useful_touches == room[client], (seed, client, said, room[client])
                tried += 1
            game.play_month(balanced(desk))
    assert tried > 0
