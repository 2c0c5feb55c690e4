"""A head game in progress is kept in the autosave slot and comes back exactly, the month under way included;
a damaged head save is a one-line SaveError; pay under the other bases is booked on the same sales."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.head import HeadDecision, Hire
from simulator.head.heads import HEADS
from simulator.scenario import load_file
from simulator.store.head_session import HeadSession
from simulator.store.saves import SaveError, SaveStore

ROOT = Path(__file__).resolve().parents[2]
FREE = ROOT / "scenarios" / "head-free-markup.yaml"


def _played(months: int, head: str = "aligned") -> HeadSession:
    scenario = load_file(FREE)
    session = HeadSession(scenario, FREE, 4, "Анна", "G1")
    for _ in range(months):
        if session.game.decision_month:
            HEADS[head].decide(session.game)
        session.end_month()
    return session


def test_a_saved_head_game_comes_back_with_the_pending_interview(tmp_path):
    session = _played(3, "misaligned")   # hires without interviews: the candidates left have not been asked
    assert session.game.decision_month
    cand = session.game.candidates()[0]
    shown = session.decide(HeadDecision(interviews={cand.id: ["career_path", "hard_client"]}))
    store = SaveStore(tmp_path)
    store.write(session, "ru")
    back, lang = store.read([ROOT / "scenarios"])
    assert lang == "ru" and back.player == "Анна" and back.game.month == 3
    assert back.game.sellers[cand.id].visible_traits() == session.game.sellers[cand.id].visible_traits()
    assert dict(shown[cand.id]) == {k: v for k, v in back.game.sellers[cand.id].visible_traits().items() if v is not None}
    assert store.summary() == {"scenario": "head-free-markup", "months": 3, "player": "Анна"}
    back.end_month()
    session.end_month()
    assert back.game.result().to_json() == session.game.result().to_json()


def test_a_damaged_head_save_is_one_line_and_the_file_stays(tmp_path):
    session = _played(1)
    store = SaveStore(tmp_path)
    store.write(session, "en")
    data = json.loads(store.path.read_text("utf-8"))
    data["decisions"][0].append({"hire": [{"candidate": "nobody", "promise": 1}]})
    store.path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(SaveError, match="month 1 of the save breaks a rule"):
        store.read([ROOT / "scenarios"])
    data["decisions"] = "many"
    store.path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(SaveError, match="damaged"):
        store.read([ROOT / "scenarios"])
    assert store.exists()


def test_a_promise_below_the_expectation_is_refused_by_the_candidate():
    session = _played(0)
    cand = max(session.game.candidates(), key=lambda c: c.expectation)
    session.decide(HeadDecision(hire=[Hire(candidate=cand.id, promise=cand.expectation - 1)]))
    assert session.game.sellers[cand.id].status == "candidate"


def test_pay_alternatives_keep_his_pay_under_his_own_base_and_reward_what_each_base_pays_for():
    session = _played(4)
    report = session.game.reports[-1]
    alts = session.game.pay_alternatives(report)
    assert alts
    for m in report.sellers:
        if m.books:
            assert alts[m.seller][m.scheme.base] == m.books_money.pay
            assert set(alts[m.seller]) == {"gross_profit", "invoice", "net_profit"}
    # The seller with the thinnest margin on his revenue gains most, relatively, from invoice pay.
    working = [m for m in report.sellers if m.books and m.revenue > 0]
    thin = min(working, key=lambda m: m.gross_profit / m.revenue)
    fat = max(working, key=lambda m: m.gross_profit / m.revenue)
    gain = lambda m: alts[m.seller]["invoice"] - alts[m.seller]["gross_profit"]  # noqa: E731
    assert gain(thin) >= gain(fat)
