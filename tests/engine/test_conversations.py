"""Discovery conversations in the engine: what a question reveals, what it costs, how it is recorded and replayed."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from simulator.engine import (
    ConversationRecord,
    Game,
    MonthPlan,
    OfferBatch,
    PlanError,
    QuestionKind,
    TouchBatch,
    Verdict,
    replay,
)
from simulator.scenario import load_file

SCENARIO = load_file("scenarios/discovery-tutorial.yaml")
GOOD_ORDER = ("today", "week", "last-time", "urgent", "tried", "held-back")


def talk(game: Game, client: int, prefer: tuple[str, ...] | QuestionKind | str, n: int = 4):
    """Ask ``n`` questions: the first of ``prefer`` on the menu (a tuple of ids), or of a kind / family."""
    conv = game.open_conversation(client, "call")
    for _ in range(n):
        if not conv.menu:
            break
        if isinstance(prefer, tuple):
            ids = [q.id for q in conv.menu if q.id in prefer] or [conv.menu[0].id]
            pick = ids[0]
        else:
            ids = [q.id for q in conv.menu if q.kind == prefer or q.kind.family == prefer]
            if not ids:
                break
            pick = ids[0]
        conv = conv.ask(pick)
    return conv


def plan_with(conv, offers=()) -> MonthPlan:
    return MonthPlan(touches=(TouchBatch("call", [conv.client]),), offers=tuple(offers),
                     conversations=(conv.record(),))


def test_same_questions_same_answers_and_menus():
    a, b = Game(SCENARIO, 3), Game(SCENARIO, 3)
    ca, cb = talk(a, 0, "discovery"), talk(b, 0, "discovery")
    assert ca.asked == cb.asked and ca.answers == cb.answers and ca.menu == cb.menu
    assert len(ca.menu) <= 4 and len({q.kind.family for q in a.open_conversation(0, "call").menu}) == 3


def test_menu_changes_after_each_answer_and_never_repeats_a_question():
    conv = Game(SCENARIO, 1).open_conversation(0, "call")
    seen = [tuple(q.id for q in conv.menu)]
    for _ in range(6):
        conv = conv.ask(conv.menu[0].id)
        assert not set(conv.asked) & {q.id for q in conv.menu}
        seen.append(tuple(q.id for q in conv.menu))
    assert len(set(seen)) > 1


def test_a_question_off_the_menu_is_refused():
    conv = Game(SCENARIO, 1).open_conversation(0, "call")
    off = next(q.id for q in SCENARIO.conversations.questions if q.id not in {m.id for m in conv.menu})
    with pytest.raises(PlanError):
        conv.ask(off)


def test_discovery_reveals_the_true_job_and_the_desk_knows_it_the_same_month():
    game = Game(SCENARIO, 5)
    conv = talk(game, 0, GOOD_ORDER)   # StroyMir: a growing company, new_staff hidden
    found = [f for f in conv.findings if f.kind == "need"]
    assert found and found[0].job == "new_staff" and found[0].value == pytest.approx(0.9)
    assert game.desk.view.known_intensity[0, game.view.product_ids.index("training")] == 0.0
    after = game.desk.with_conversations([conv.record()])
    assert after.view.known_intensity[0, game.view.product_ids.index("training")] == pytest.approx(0.9)
    report = game.play_month(plan_with(conv, [OfferBatch("training", [0])]))
    assert game.view.known_intensity[0, game.view.product_ids.index("training")] == pytest.approx(0.9)
    assert report.conversations[0].needs == ("new_staff",) and report.conversations[0].good


def test_the_forecast_counts_what_the_months_talk_reveals_before_the_offer():
    game = Game(SCENARIO, 5)
    conv = talk(game, 0, GOOD_ORDER)   # StroyMir's hidden job (new staff) found on the call
    offer = OfferBatch("training", [0])
    talked = game.desk.forecast(plan_with(conv, [offer]))
    silent = game.desk.forecast(MonthPlan(touches=(TouchBatch("call", [0]),), offers=(offer,)))
    training = game.view.product_ids.index("training")
    assert talked.deals[training] > silent.deals[training] + 0.2   # the fitting offer sells on the job the talk found
    assert talked.loyalty_change > silent.loyalty_change           # and the good talk's trust is counted
    again = game.desk.with_conversations([conv.record()]).forecast(plan_with(conv, [offer]))
    assert np.array_equal(again.deals, talked.deals) and again.total == talked.total   # the desk after the talk


def test_leading_questions_reveal_nothing_true_and_false_signals_make_misfits():
    false_seen = 0
    for seed in range(12):
        game = Game(SCENARIO, seed)
        conv = talk(game, 11, "leading")    # Apteka: settled, no need for reports
        assert not [f for f in conv.findings if f.kind == "need"]
        if any(f.kind == "signal" and f.job == "reports" for f in conv.findings):
            desk = game.desk.with_conversations([conv.record()])
            assert desk.view.known_intensity[11, game.view.product_ids.index("reports")] > 0.3
            before = game.state.loyalty[11]
            report = game.play_month(plan_with(conv, [OfferBatch("reports", [11])]))
            assert Verdict.FALSE_SIGNAL in report.conversations[0].verdicts
            assert "reports" in report.conversations[0].false_signals
            assert report.kpis["offers_accepted"] == 0 and game.state.loyalty[11] < before + 0.03
            false_seen += 1
    assert false_seen >= 3


def test_product_talk_before_the_job_costs_goodwill_and_a_good_talk_raises_trust():
    pitchy_trust, good_trust = [], []
    for seed in range(8):
        game = Game(SCENARIO, seed)
        conv = talk(game, 4, "pitch", n=1)
        out = game.play_month(plan_with(conv)).conversations[0]
        assert out.verdicts == (Verdict.EARLY_PITCH,) and out.trust < 0
        pitchy_trust.append(out.trust)
        game = Game(SCENARIO, seed)
        out = game.play_month(plan_with(talk(game, 4, GOOD_ORDER))).conversations[0]
        good_trust.append(out.trust)
    assert min(good_trust) >= 0 > max(pitchy_trust) and np.mean(good_trust) > 0


def test_too_long_annoys():
    game = Game(SCENARIO, 2)
    conv = talk(game, 0, GOOD_ORDER, n=8)
    out = game.play_month(plan_with(conv)).conversations[0]
    assert sum(out.over_length) == 4 and not out.good


def test_one_clients_conversation_changes_no_other_clients_luck():
    base = Game(SCENARIO, 9)
    plan = MonthPlan(touches=(TouchBatch("call", [0, 5]),))
    talked = Game(SCENARIO, 9)
    conv = talk(talked, 0, GOOD_ORDER)
    base.play_month(plan)
    talked.play_month(MonthPlan(touches=plan.touches, conversations=(conv.record(),)))
    others = np.arange(SCENARIO.client_count()) != 0
    for name in ("loyalty", "recall", "revealed", "annoyance"):
        assert np.array_equal(getattr(base.state, name)[others], getattr(talked.state, name)[others])


def test_rules_a_conversation_must_keep():
    game = Game(SCENARIO, 1)
    conv = talk(game, 0, GOOD_ORDER)
    no_touch = MonthPlan(conversations=(conv.record(),))
    assert game.desk.check(no_touch).rule == "conversation"
    twice = MonthPlan(touches=(TouchBatch("call", [0]),), conversations=(conv.record(), conv.record()))
    assert game.desk.check(twice).rule == "conversation"
    forged = ConversationRecord(0, "call", ("would-buy-reports",) * 1 + ("pitch-payroll",))
    conv0 = game.open_conversation(0, "call")
    if forged.questions[0] not in {q.id for q in conv0.menu}:
        with pytest.raises(PlanError):
            game.play_month(MonthPlan(touches=(TouchBatch("call", [0]),), conversations=(forged,)))
    with pytest.raises(PlanError):
        game.open_conversation(0, "visit")   # a win-back visit carries no conversation


def test_replay_round_trip_and_old_plans_unchanged():
    game = Game(SCENARIO, 4)
    conv = talk(game, 0, GOOD_ORDER)
    game.play_month(plan_with(conv, [OfferBatch("training", [0])]))
    data = json.loads(json.dumps([p.to_json() for p in game.plans]))
    again = replay(SCENARIO, 4, [MonthPlan.from_json(p) for p in data])
    assert again.result().score == game.result().score
    assert again.reports[0].conversations == game.reports[0].conversations
    assert "conversations" not in MonthPlan(touches=(TouchBatch("call", [0]),)).to_json()


def test_conversation_numbers_count_needs_and_wins_from_talks():
    game = Game(SCENARIO, 5)
    conv = talk(game, 0, GOOD_ORDER)
    game.play_month(plan_with(conv, [OfferBatch("training", [0])]))
    numbers = game.conversation_numbers()
    assert numbers.talks == 1 and numbers.needs_by_talk == 1
    assert numbers.revealed_share == pytest.approx(numbers.needs_by_talk / (numbers.needs_by_talk + numbers.needs_by_touch))
    assert numbers.wins_by_talk <= numbers.wins


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**40), picks=st.lists(st.integers(0, 3), min_size=0, max_size=10))
def test_any_conversation_is_deterministic_and_replays(seed, picks):
    game = Game(SCENARIO, seed)
    conv = game.open_conversation(2, "call")
    for k in picks:
        if not conv.menu:
            break
        conv = conv.ask(conv.menu[k % len(conv.menu)].id)
    again = Game(SCENARIO, seed).open_conversation(2, "call")
    for q in conv.asked:
        again = again.ask(q)
    assert again.answers == conv.answers
    game.play_month(plan_with(conv))
    assert replay(SCENARIO, seed, list(game.plans)).result().score == game.result().score
