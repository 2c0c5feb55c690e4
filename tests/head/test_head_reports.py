"""What the head's month report and final report show comes from the game: KPI changes, the month's lessons
(an unattended book, invoice pay at the floor, pay short of the promise, a team event), each seller's pay over
the game under every base, and the takeaways against the reference heads on the same seed."""
from __future__ import annotations

from pathlib import Path

import pytest

from simulator.head import TILE_KPIS, Band, HeadDecision, HeadGame, Hire, head_takeaways
from simulator.head.heads import HEADS, play_head
from simulator.scenario import load_file

ROOT = Path(__file__).resolve().parents[2]
FREE = load_file(ROOT / "scenarios" / "head-free-markup.yaml")


def test_month_changes_are_the_kpis_against_the_month_before():
    game = HeadGame(FREE, 5)
    first = game.play_month()
    second = game.play_month()
    changes = game.month_changes(second, first)
    assert [c.kpi for c in changes] == list(TILE_KPIS)
    for c in changes:
        assert c.after == pytest.approx(second.kpis[c.kpi]) and c.before == pytest.approx(first.kpis[c.kpi])
        assert c.change == pytest.approx(second.kpis[c.kpi] - first.kpis[c.kpi])
    assert all(c.before is None and c.change is None for c in game.month_changes(first))


def test_a_book_nobody_holds_is_named_with_what_it_still_sold():
    game = HeadGame(FREE, 5)
    report = game.play_month()                        # one segment starts without a seller
    assert game.unattended(report) == ("builders-south",)
    note = next(n for n in game.month_notes(report) if n.code == "unattended")
    book = report.book_reports["builders-south"]
    assert note.books == ("builders-south",) and note.counts == {"books": 1, "deals": int(book.deals_won.sum())}
    assert note.money["revenue"] == pytest.approx(book.books.revenue)


def test_invoice_pay_in_a_narrow_band_shows_sellers_quoting_at_the_floor():
    game = HeadGame(FREE, 5)                          # the team starts on 3% of the invoice
    bands = {p.id: Band(floor=p.markup.min, ceiling=p.markup.min + 0.03) for p in FREE.products if not p.markup.fixed}
    game.decide(HeadDecision(markups=bands))
    report = game.play_month()
    notes = [n for n in game.month_notes(report) if n.code == "invoice_floor"]
    assert {n.seller for n in notes} == {m.seller for m in report.sellers if m.books}
    for n in notes:
        month = next(m for m in report.sellers if m.seller == n.seller)
        assert n.shares["markup"] == game.average_markup(month) and n.shares["markup"] <= n.shares["floor"] + 0.05
    assert not any(n.code == "gross_aligned" for n in game.month_notes(report))


def test_pay_short_of_the_promise_and_a_party_without_purpose_are_noted():
    game = HeadGame(FREE, 5)
    game.decide(HeadDecision(hire=[Hire(candidate="svetlana", promise=400_000)], assign={"builders-south": "svetlana"},
                             team_event="none"))
    report = game.play_month()
    notes = {(n.code, n.seller): n for n in game.month_notes(report)}
    short = notes[("short_of_promise", "svetlana")]
    month = next(m for m in report.sellers if m.seller == "svetlana")
    assert short.money == {"pay": month.books_money.pay, "promise": 400_000}
    wasted = notes[("event_wasted", None)]
    assert not wasted.good and wasted.money["cost"] == FREE.team.team_event.cost
    assert "unattended" not in {c for c, _ in notes}


def test_pay_totals_sum_each_sellers_months_under_every_base():
    game = play_head(FREE, 5, HEADS["aligned"])
    totals = {t.seller: t for t in game.pay_totals()}
    for sid, t in totals.items():
        months = [m for r in game.reports for m in r.sellers if m.seller == sid and m.books]
        assert t.months == len(months)
        assert t.paid == pytest.approx(sum(m.books_money.pay for m in months), abs=0.05)
        for base in ("gross_profit", "invoice", "net_profit"):
            assert t.by_base[base] == pytest.approx(sum(game.pay_alternatives(r)[sid][base] for r in game.reports
                                                        if sid in game.pay_alternatives(r)), abs=0.05)
    assert {t.base for t in totals.values()} == {"gross_profit"}


def test_takeaways_compare_with_the_reference_heads_on_the_same_seed():
    refs = {name: play_head(FREE, 5, head) for name, head in HEADS.items()}
    mine = refs["misaligned"]
    notes = {n.code: n for n in head_takeaways(mine, refs)}
    diff = refs["aligned"].kpis()["net_profit"] - mine.kpis()["net_profit"]
    key = "aligned_same" if abs(diff) < 1 else "aligned_more" if diff > 0 else "aligned_less"
    assert notes[key].money["diff"] == pytest.approx(abs(diff), abs=0.05)
    assert notes[key].bases == {"base": "gross_profit", "your_base": "invoice"}
    mis = notes.get("misaligned") or notes["misaligned_more"]
    assert mis.shares["theirs"] == mine.profile().markup and mis.money["diff"] >= 0
    assert 2 <= len(notes) <= 3
    assert [n.code for n in head_takeaways(mine, {})] in (["kept_team"], ["kept_team_unattended"], ["quits"],
                                                          ["quits_covered"])
    assert head_takeaways(refs["aligned"], refs)[0].code == "aligned_same"   # the aligned head against itself


def test_a_team_that_lost_sellers_is_a_takeaway_with_the_months_books_went_unheld():
    game = play_head(FREE, 1, HEADS["opaque"])            # on this seed two sellers quit
    note = next(n for n in head_takeaways(game, {}) if n.code.startswith("quits"))   # after `underpaid`, if any
    profile = game.profile()
    assert profile.quits == game.kpis()["quits"] > 0
    assert note.code == ("quits" if profile.unattended else "quits_covered") and note.counts["quits"] == profile.quits
    assert profile.unattended == sum(len(game.unattended(r)) for r in game.reports)
