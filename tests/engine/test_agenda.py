"""The month agenda: what it lists is what the engine's rules say, it follows the plan as it is drafted, and it
never points at an offer the desk would not mark as fitting."""
from __future__ import annotations

import numpy as np
import pytest

from simulator.desk import PlanDraft
from simulator.desk.knowledge import FITS, REFUSED, REPEAT, desk_agenda, desk_knowledge
from simulator.engine import AGENDA_CODES, Game, OfferStatus
from simulator.scenario import load_file
from simulator.strategies import STRATEGIES
from tests.balance_runs import shipped


@pytest.mark.parametrize("path", shipped("desk"), ids=lambda p: p.stem)
@pytest.mark.parametrize("month", [0, 5])
def test_every_item_names_clients_its_rule_holds_for(path, month):
    scenario = load_file(path)
    game = Game(scenario, 4)
    for _ in range(min(month, game.turns - 1)):
        game.play_month(STRATEGIES["balanced"].make_plan(game))
    draft = PlanDraft(game)
    known = desk_knowledge(game)
    items = desk_agenda(draft, known)
    view, signals = game.view, game.client_signals()
    topics = list(view.product_ids) + list(view.event_ids)
    assert 1 <= len(items) <= 6 and all(item.code in AGENDA_CODES for item in items)
    assert all(np.asarray(view.active)[item.clients].all() for item in items if item.code != "free_hours")
    for item in items:
        c = item.clients
        assert item.n == item.numbers["n"] == len(np.unique(c))
        if item.code in ("news", "renewal"):
            assert known.news[c, topics.index(item.topic)].all()
        if item.code == "renewal":
            p = view.product_index(item.topic)
            assert (np.asarray(view.due_in)[c, p] <= 3).all()
            assert item.numbers["now"] == int((np.asarray(view.due_in)[c, p] <= 0).sum())
        if item.code == "fits":
            assert (known.offer[c, view.product_index(item.topic)] == FITS).all()
        if item.code == "refused":
            assert np.isin(known.offer[c], (REPEAT, REFUSED)).any(axis=1).all()
        if item.code == "at_risk":
            assert np.asarray(signals.at_risk)[c].all()
    assert items[-1].code == "free_hours"   # the hours are all free at the start of a month
    assert [i.code for i in items[:-1]] == sorted((i.code for i in items[:-1]),
                                                  key=list(AGENDA_CODES).index)


def test_planning_an_item_takes_it_off_the_agenda_and_using_the_hours_takes_off_the_free_hours():
    game = Game(load_file(shipped("desk")[0].parent / "certification.yaml"), 2)
    draft = PlanDraft(game)
    items = desk_agenda(draft)
    renewal = next(item for item in items if item.code == "renewal")
    result = draft.add_touch("call", renewal.topic, renewal.clients)
    assert result.added == renewal.n
    after = desk_agenda(draft)
    assert not any(item.code == "renewal" and item.topic == renewal.topic for item in after)
    free = next(item for item in after if item.code == "free_hours")
    assert free.numbers["hours"] == pytest.approx(draft.hours_left())
    draft.add_touch("call", free.topic, free.clients)
    draft.add_touch("call", None, np.flatnonzero(np.asarray(game.view.active)))
    assert draft.hours_left() < 0.5
    assert not any(item.code == "free_hours" for item in desk_agenda(draft)) or draft.hours_left() > 0


def test_offers_from_the_agenda_are_never_booked_as_misfits_or_pushing():
    for seed in range(3):
        game = Game(load_file(shipped("desk")[0].parent / "certification.yaml"), seed)
        for _ in range(4):
            draft = PlanDraft(game)
            for item in desk_agenda(draft):
                if item.code == "fits":
                    draft.add_touch("call", item.topic, item.clients)
                    draft.add_offer(item.topic, item.clients)
            offered = draft.offers_planned()
            assert (desk_knowledge(game, draft.markups).offer[offered] == OfferStatus.FITS).all()
            report = game.play_month(draft.to_plan())
            from simulator.engine import Reason
            bad = np.isin(report.offer_reason, (Reason.NO_NEED, Reason.PUSHED, Reason.UNKNOWN_JOB))
            assert not bad.any(), f"seed {seed} month {report.month}: {np.asarray(report.offer_reason)[bad]}"


@pytest.mark.parametrize("path", [p for p in shipped("desk") if load_file(p).events], ids=lambda p: p.stem)
def test_news_leads_the_agenda_the_month_an_event_begins(path):
    scenario = load_file(path)
    start = min(e.month for e in scenario.events) - 1   # 0-based month the first event begins
    game = Game(scenario, 1)
    for _ in range(start):
        game.play_month(STRATEGIES["balanced"].make_plan(game))
    items = desk_agenda(PlanDraft(game))
    news = [item for item in items if item.code in ("news", "market")]   # news to tell, or the market moved
    assert news and items[0] is news[0] and news[0].numbers["new"], [(i.code, i.numbers) for i in items]
    assert news[0].topic in {e.id for e in scenario.events if e.month - 1 == start}
