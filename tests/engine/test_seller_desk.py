"""The desk a bot plans from (``game.desk``) can neither be written to nor tell a hidden truth.

Done when (issue 22): a bot that writes to any array it can reach, or reads a hidden need, raises or gets
nothing, and its score equals the same bot's without the attempt.
"""
from __future__ import annotations

import dataclasses
from enum import Enum
from functools import cache, cached_property
from pathlib import Path
from types import FunctionType, MappingProxyType, ModuleType

import numpy as np
import pytest
from pydantic import BaseModel, ValidationError

from simulator.engine import Game, MonthPlan, SellerDesk, TouchBatch
from simulator.engine.rng import Draws
from simulator.scenario import load_file
from simulator.strategies import Strategy, play
from simulator.strategies.reasoned import balanced

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SECRETS = ("state", "catalog", "seed", "play_month", "_game", "_draws", "need", "true_needs")


@cache
def shipped(name: str):
    return load_file(SCENARIOS / f"{name}.yaml")


def _asked(desk: SellerDesk, fresh: bool = True) -> list:
    """What a curious bot gets by asking every question the desk answers (``fresh``: with the answers that are
    new plain values on every call, the quote's dict and the result's and scorecard's copies)."""
    product = desk.view.product_ids[0]
    plan = MonthPlan(touches=(TouchBatch(desk.view.touch_ids[0], np.flatnonzero(desk.view.active)[:3]),))
    answers = [desk, desk.view, desk.scenario, desk.clients, desk.markups, desk.plans, desk.reports, desk.news(),
               desk.touch_status(), desk.offer_status(), desk.visible_needs(), desk.due_in(), desk.client_signals(),
               desk.market_prices(), desk.price_outlook(product, [0.2, 0.4], np.arange(3), plan),
               desk.forecast(plan)]
    if fresh:
        answers += [desk.quote(product, 0.3), desk.result(), desk.scorecard()]
    view = type(desk.view)
    answers += [getattr(desk.view, name) for name in dir(view)
                if not name.startswith("_") and isinstance(getattr(view, name), (property, cached_property))]
    answers += [desk.view.concerned(e) for e in range(len(desk.view.event_ids))]
    return answers


_LEAVES = (str, bytes, int, float, bool, complex, type(None), type, FunctionType, ModuleType, Enum)


def _reachable(roots: list, skip: set[int] = frozenset()) -> list:  # type: ignore[assignment]
    """Every object reachable from ``roots`` through attributes (private ones too), items and values."""
    seen: dict[int, object] = {}
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or id(obj) in skip or isinstance(obj, (_LEAVES, np.generic)):
            continue
        seen[id(obj)] = obj
        if isinstance(obj, np.ndarray):
            continue
        if isinstance(obj, (dict, MappingProxyType)):
            stack += list(obj.keys()) + list(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack += list(obj)
        if hasattr(obj, "__dict__"):
            stack += list(vars(obj).values())
        if dataclasses.is_dataclass(obj):
            stack += [getattr(obj, f.name) for f in dataclasses.fields(obj)]
    return list(seen.values())


def _arrays(objects: list) -> list[np.ndarray]:
    return [o for o in objects if isinstance(o, np.ndarray)]


# --- nothing a bot can reach is writable ------------------------------------------------------------------

def scribble(desk: SellerDesk) -> tuple[int, int]:
    """Try to change everything reachable from the desk the ordinary way: every array (the desk's private ones
    too), every mapping, every attribute of what the desk shows; and look for the game's secrets. Returns
    (attempts, refused)."""
    attempts = refused = 0

    def attempt(action) -> None:
        nonlocal attempts, refused
        attempts += 1
        try:
            action()
        except (ValueError, TypeError, AttributeError, ValidationError):
            refused += 1

    answers = _asked(desk, fresh=False)
    for obj in _reachable(answers):
        if isinstance(obj, np.ndarray):
            if obj.size:
                attempt(lambda a=obj: a.__setitem__((0,) * a.ndim, a.flat[0]))
                attempt(lambda a=obj: a.fill(0))
            attempt(lambda a=obj: setattr(a.flags, "writeable", True))
        elif isinstance(obj, (dict, MappingProxyType)):
            attempt(lambda m=obj: m.__setitem__("scribbled", 1))
            if len(obj):
                attempt(lambda m=obj: m.clear())
    shown = [desk, desk.view, *desk.plans, *desk.reports, *(b for p in desk.plans for b in p.touches + p.offers),
             desk.touch_status(), desk.offer_status(), desk.client_signals(), desk.forecast(MonthPlan()),
             *(o for o in _reachable([desk.scenario]) if isinstance(o, BaseModel))]
    for obj in shown:
        names = [f.name for f in dataclasses.fields(obj)] if dataclasses.is_dataclass(obj) else \
            list(type(obj).model_fields) if isinstance(obj, BaseModel) else ["month", "view", "loyalty", "_state"]
        for name in names:
            attempt(lambda o=obj, n=name: setattr(o, n, None))
    for name in SECRETS:
        attempt(lambda n=name: getattr(desk, n))
    return attempts, refused


def scribbling_balanced(desk: SellerDesk) -> MonthPlan:
    attempts, refused = scribble(desk)
    assert attempts > 200 and refused == attempts, f"{attempts - refused} of {attempts} writes went through"
    return balanced(desk)


@pytest.mark.parametrize("name,seed", [("certification", 3), ("tax-law", 1)])
def test_a_bot_that_writes_to_everything_it_can_reach_is_refused_and_scores_as_if_it_had_not(name, seed):
    honest = play(shipped(name), seed, Strategy("balanced", balanced)).result()
    vandal = play(shipped(name), seed, Strategy("vandal", scribbling_balanced)).result()
    assert vandal.score == honest.score and vandal.kpis == honest.kpis


def subvert(desk: SellerDesk) -> None:
    """Past the guards: ``object.__setattr__`` and ``dict.__setitem__`` on every record and array holder (the
    scenario's copy aside: it serves every month of the game, so breaking it would fool the bot's next months)."""
    scenario = {id(o) for o in _reachable([desk.scenario])}
    for obj in _reachable([desk, desk.view, desk.plans, desk.reports], skip=scenario):
        if isinstance(obj, dict):
            for key in list(obj):
                dict.__setitem__(obj, key, 0)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for f in dataclasses.fields(obj):
                if isinstance(getattr(obj, f.name), np.ndarray):
                    object.__setattr__(obj, f.name, np.zeros(0))


def test_a_bot_that_bypasses_the_guards_only_fools_its_own_copy_of_the_desk():
    sc = shipped("certification")
    honest = play(sc, 2, Strategy("balanced", balanced))

    def subverting(desk: SellerDesk) -> MonthPlan:
        plan = balanced(desk)
        subvert(desk)   # after planning: what it broke is its own month's copy
        return plan

    game = play(sc, 2, Strategy("subverting", subverting))
    assert game.result().score == honest.result().score
    assert [r.kpis for r in game.reports] == [r.kpis for r in honest.reports]
    assert all(np.array_equal(a.touches[0].clients, b.touches[0].clients) for a, b in zip(game.plans, honest.plans))
    assert game.catalog.cost.size and np.array_equal(game.catalog.cost, honest.catalog.cost)


# --- nothing a bot can reach tells a hidden need ------------------------------------------------------------

@pytest.mark.parametrize("name", ["certification", "tax-law", "tutorial"])
def test_nothing_reachable_from_the_desk_holds_a_hidden_need_the_game_or_its_luck(name):
    game = Game(shipped(name), 4)
    for month in range(3):
        truth = game.state
        hidden = (truth.need > 0) & ~truth.revealed
        assert hidden.any() or month, "the scenario keeps some needs hidden"
        reached = _reachable(_asked(game.desk))
        assert not any(isinstance(o, (Game, Draws)) for o in reached)
        N, J = truth.need.shape
        desk = game.desk
        for known in (desk.view.known_needs, desk.visible_needs(), desk._state.need):
            assert np.all((known[hidden] == 0) | np.isnan(known[hidden]))
        assert np.all(desk._state.pitched_need <= desk.view.known_intensity)  # a pitch's record tells no more
        P = len(desk.view.product_ids)
        for array in _arrays(reached):
            assert not any(np.shares_memory(array, v) for v in vars(game._state).values())
            if array.shape == (N, J) and J != P and array.dtype.kind == "f":
                assert np.all((array[hidden] == 0) | np.isnan(array[hidden])), "a hidden need is readable"
            if array.shape == truth.intensity.shape and not np.array_equal(truth.intensity, game.view.known_intensity):
                assert not np.array_equal(array, truth.intensity)
        named = [c for c in reached if type(c).__name__ == "NamedClient"]
        assert named and all(not c.hidden for c in named)
        secret = {(c.id, j) for c in game.scenario.clients for j in c.hidden}
        assert not any((c.id, j) in secret for c in named for j in c.needs)
        game.play_month(balanced(game.desk))


def test_the_desk_offers_no_way_to_the_game():
    desk = Game(shipped("certification"), 1).desk
    for name in SECRETS:
        assert not hasattr(desk, name)
    with pytest.raises(AttributeError):
        desk.month = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        desk.markups["certificate"] = 0.0  # type: ignore[index]


def test_every_strategy_plans_from_the_desk_not_the_game():
    from simulator.strategies import PROBES, STRATEGIES

    seen: list[type] = []
    for strategy in [*STRATEGIES.values(), *PROBES.values()]:
        game = Game(shipped("tutorial"), 1)
        spy = Strategy(strategy.name, lambda desk, s=strategy: seen.append(type(desk)) or s.plan(desk))
        game.play_month(spy.make_plan(game))
    assert set(seen) == {SellerDesk}


def test_the_games_own_records_and_catalogue_cannot_be_rewound_or_repriced():
    """Issue 22's findings: clearing ``game.reports`` rewound ``game.month``; halving ``catalog.cost`` moved a score."""
    game = Game(shipped("tutorial"), 5)
    game.play_month(balanced(game.desk))
    with pytest.raises(AttributeError):
        game.reports.clear()  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        game.plans.append(MonthPlan())  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        game.catalog.cost[:] = game.catalog.cost / 2
    with pytest.raises(ValueError):
        game.catalog.cost.flags.writeable = True
    with pytest.raises(ValueError):
        game.reports[0].deal_client[:] = 0
    with pytest.raises(TypeError):
        game.reports[0].kpis["bonus"] = 1e9
    with pytest.raises(TypeError):
        game.plans[0].markups[next(iter(game.plans[0].markups))] = 0.0
    with pytest.raises(ValueError):
        game.plans[0].touches[0].clients[:] = 0
    assert game.month == 1
