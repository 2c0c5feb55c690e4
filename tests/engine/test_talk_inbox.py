"""The month report's "talks" card: each conversation grouped by its worst part (a false signal, product talk
before the job, past the natural length, a leading question), the clean ones that found the job as the good group;
read from the report's conversation outcomes only."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import given, strategies as st

from simulator.engine import ConversationOutcome, TalkResult, Verdict, month_inbox, talk_result
from simulator.scenario import load_file
from simulator.strategies import STRATEGIES, play

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "scenarios"
VERDICTS = st.sampled_from(list(Verdict))


def outcome(verdicts, over=None, needs=(), false=(), good=False, client=0) -> ConversationOutcome:
    return ConversationOutcome(client=client, touch="call", archetype="a", questions=tuple(f"q{k}" for k in
                               range(len(verdicts))), verdicts=tuple(verdicts),
                               over_length=tuple(over or [False] * len(verdicts)), needs=tuple(needs),
                               intensity=dict.fromkeys((*needs, *false), 0.5), false_signals=tuple(false), forces={},
                               trust=0.0, good=good)


def test_each_talk_is_grouped_by_its_worst_part():
    assert talk_result(outcome([Verdict.REVEALED], needs=("pay",), good=True)) == TalkResult.FOUND
    assert talk_result(outcome([Verdict.NO_NEED], good=True)) == TalkResult.FOUND
    assert talk_result(outcome([Verdict.VAGUE, Verdict.VAGUE])) == TalkResult.NOTHING
    assert talk_result(outcome([Verdict.REVEALED, Verdict.AGREED], needs=("pay",))) == TalkResult.LEADING
    assert talk_result(outcome([Verdict.REVEALED, Verdict.FORCE], [False, True], needs=("pay",))) == TalkResult.TOO_LONG
    assert talk_result(outcome([Verdict.EARLY_PITCH, Verdict.AGREED], [False, True])) == TalkResult.EARLY_PITCH
    assert talk_result(outcome([Verdict.FALSE_SIGNAL, Verdict.EARLY_PITCH], false=("pay",))) == TalkResult.FALSE_SIGNAL


@given(st.lists(VERDICTS, min_size=1, max_size=10), st.data())
def test_a_talk_in_the_good_group_has_no_fault(verdicts, data):
    over = data.draw(st.lists(st.booleans(), min_size=len(verdicts), max_size=len(verdicts)))
    false = ("pay",) if Verdict.FALSE_SIGNAL in verdicts else ()
    talk = outcome(verdicts, over, needs=("pay",) if Verdict.REVEALED in verdicts else (), false=false)
    result = talk_result(talk)
    if result == TalkResult.FOUND:
        assert not false and not any(over)
        assert not {Verdict.EARLY_PITCH, Verdict.AGREED, Verdict.SIGNAL, Verdict.FALSE_SIGNAL} & set(verdicts)
    if Verdict.FALSE_SIGNAL in verdicts:
        assert result == TalkResult.FALSE_SIGNAL


def test_the_talks_card_counts_the_months_talks_and_their_clients():
    game = play(load_file(SCENARIOS_DIR / "discovery-tutorial.yaml"), 1, STRATEGIES["passive"])
    report = game.reports[0]
    assert not any(card.kind == "talks" for card in month_inbox(report)), "no talk, no card"
    talks = (outcome([Verdict.REVEALED], needs=("pay",), good=True, client=3),
             outcome([Verdict.AGREED], client=5), outcome([Verdict.SIGNAL, Verdict.VAGUE], client=7))
    card = next(c for c in month_inbox(dataclasses.replace(report, conversations=talks)) if c.kind == "talks")
    assert (card.count, card.good, card.tone) == (3, 1, "bad")
    groups = {TalkResult(g.code): g.clients.tolist() for g in card.groups}
    assert groups == {TalkResult.FOUND: [3], TalkResult.LEADING: [5, 7]}
    assert card.groups[-1].code == TalkResult.FOUND and card.groups[-1].good   # the good group last
