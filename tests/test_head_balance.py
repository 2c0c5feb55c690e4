"""Every shipped head scenario teaches its lesson: the aligned head wins, clearly, because the sellers respond.

For each head scenario in ``scenarios/``, every reference head and probe plays the same 30 seeds
(``python main.py balance SCENARIO --seeds 30 --probes`` prints the same table). ``aligned`` must be
first among the reference heads by more than the seed spread, no probe may beat it by more than the
spread, and the wrong heads must lose the way the notes say: the misaligned head's sellers (paid on
volume) keep less margin, the opaque head's (paid on net profit) sell less and lose heart.
"""
from __future__ import annotations

import functools

import pytest
from balance_runs import SEEDS, scenario_params, shipped

from simulator.head.balance import run_head_balance
from simulator.scenario import load_file


@functools.cache
def _run(path):
    return run_head_balance(load_file(path), SEEDS, probes=True)


@pytest.mark.slow  # every reference head and probe over 30 seeds
@pytest.mark.parametrize("path", scenario_params("head"))
def test_the_aligned_head_wins_clearly_and_for_the_right_reasons(path):
    result = _run(path)
    v = result.verdict
    rows = result.rows
    summary = {name: (round(r.mean, 1), round(r.std, 1)) for name, r in rows.items()}
    assert v.teaches, f"{v.reasons}: {summary}"
    aligned, misaligned, opaque = rows["aligned"], rows["misaligned"], rows["opaque"]
    assert aligned.kpi_mean("net_profit") > misaligned.kpi_mean("net_profit"), summary
    assert aligned.kpi_mean("revenue") > opaque.kpi_mean("revenue"), summary
    assert aligned.kpi_mean("morale") > opaque.kpi_mean("morale"), summary


def test_the_shipped_head_scenarios_have_free_markups_a_price_list_and_the_pay_plan_lab():
    scenarios = [load_file(p) for p in shipped("head")]
    kinds = sorted(any(not x.markup.fixed for x in s.products) for s in scenarios)
    assert kinds[0] is False and kinds[-1] is True, kinds
    lab = [s for s in scenarios if s.team is not None and s.team.levers.pay_plan]
    assert [s.id for s in lab] == ["head-pay-lab"]
    start = lab[0].team.pay
    assert start.accelerator is not None and start.cap is not None and start.period == "quarter"
    assert lab[0].team.interview is not None


@pytest.mark.slow  # every reference head and probe over 30 seeds on the pay-plan lab
def test_the_pay_plan_lab_teaches_bad_schemes_lose_by_more_than_the_spread():
    """The lab's scenario: `aligned` first by more than the spread (the verdict), and every scheme field studies
    warn about (the inherited plan, a steep accelerator, a cap, invoice and net-profit pay) loses to it by more
    than the seed spread; a quarterly period and hiring from small talk never beat it by more."""
    path = next(p for p in shipped("head") if p.stem == "head-pay-lab")
    result = _run(path)
    rows = result.rows
    summary = {name: (round(r.mean, 1), round(r.std, 1)) for name, r in rows.items()}
    assert result.verdict.teaches, (result.verdict.reasons, summary)
    aligned = rows["aligned"]
    for bad in ("inherited_plan", "accelerated", "capped", "misaligned", "opaque"):
        gap = aligned.mean - rows[bad].mean
        assert gap > max(aligned.std, rows[bad].std), (bad, summary)
    for neutral in ("quarterly", "chat_interview"):
        assert rows[neutral].mean - aligned.mean <= max(aligned.std, rows[neutral].std), (neutral, summary)


SHIPPED_TWO = ("head-free-markup", "head-price-list")   # the two head scenarios of lesson 6 (issue 24's "Done when")


@pytest.mark.slow  # every reference head and probe over 30 seeds (the same run as above)
@pytest.mark.parametrize("path", scenario_params("head", SHIPPED_TWO))
def test_every_bad_practice_loses_to_aligned_by_more_than_the_spread_and_the_course_does_not_lose(path):
    """Pay short of the promise, a salary without a bonus, net-profit pay (``opaque``), hiring without an interview
    or on price alone, a scheme changed every month, a party without a purpose, deciding nothing: each loses to
    ``aligned`` by more than the seed spread (paired on the same seeds); a head who follows the course another way
    (``monthly_review``) does not lose by more than the spread."""
    from simulator.head.heads import BAD_PRACTICES, COURSE_HEADS
    from simulator.strategies.balance import probe_check

    rows = _run(path).rows
    aligned = rows["aligned"]
    checks = {name: probe_check(aligned, rows[name]) for name in (*BAD_PRACTICES, "opaque", *COURSE_HEADS)}
    summary = {k: (round(c.diff, 1), round(c.spread, 1)) for k, c in checks.items()}
    for name in (*BAD_PRACTICES, "opaque"):
        assert checks[name].diff < -checks[name].spread, (name, summary)
    for name in COURSE_HEADS:
        assert checks[name].diff > -checks[name].spread, (name, summary)


@pytest.mark.slow  # the aligned head over 30 seeds with the whole team at flexibility 0.1 and at 0.9
@pytest.mark.parametrize("path", scenario_params("head", SHIPPED_TWO))
def test_the_teams_flexibility_moves_the_score_by_more_than_the_spread(path):
    """Flexibility carries money: a team that notices the month's events (0.9) follows a competitor's price and
    sells to the buyers an event creates; one that does not (0.1) keeps its old prices and misses them."""
    import numpy as np

    from simulator.head.heads import HEADS, play_head

    scenario = load_file(path)

    def team(flexibility):
        t = scenario.team
        return scenario.model_copy(update={"team": t.model_copy(update={"candidates": [
            c.model_copy(update={"flexibility": flexibility}) for c in t.candidates]})})
    rigid = np.array([play_head(team(0.1), s, HEADS["aligned"]).result().score for s in SEEDS])
    supple = np.array([play_head(team(0.9), s, HEADS["aligned"]).result().score for s in SEEDS])
    spread = max(rigid.std(ddof=1), supple.std(ddof=1))
    assert supple.mean() - rigid.mean() > spread, (supple.mean(), rigid.mean(), spread)


@pytest.mark.slow  # the aligned head and a changed one over 10 seeds
@pytest.mark.parametrize("path", scenario_params("head"))
def test_the_pay_base_alone_makes_the_difference(path):
    """The aligned head with the other base (invoice where sellers set markups, gross profit on a price list),
    the same rules, hiring and budget otherwise: it loses by more than the seed spread."""
    import numpy as np

    from simulator.head.game import HeadGame
    from simulator.head.heads import HEADS, Head, _aligned_like, free_markups, play_head

    scenario = load_file(path)
    wrong = "invoice" if free_markups(HeadGame(scenario, 0)) else "gross_profit"
    other = Head("other_base", _aligned_like(lambda game: wrong))
    seeds = list(SEEDS)[:10]
    right = np.array([play_head(scenario, s, HEADS["aligned"]).result().score for s in seeds])
    moved = np.array([play_head(scenario, s, other).result().score for s in seeds])
    assert right.mean() - moved.mean() > max(right.std(ddof=1), moved.std(ddof=1)), (right.mean(), moved.mean())


def _trainee(scenario, seed: int, rate: float | None) -> float:
    """A trainee at the screens, month 1 only: bands from the cost sheet, gross-profit pay with the floor as
    threshold at ``rate`` (None: changes nothing at all), an interview from two areas, the best-shown candidate
    hired at his expectation onto the open book. Then he only ends months."""
    from simulator.head import Band, HeadDecision, HeadGame, Hire
    from simulator.scenario.schema import PayScheme

    game = HeadGame(scenario, seed)
    if rate is not None:
        bands = {}
        for p in scenario.products:
            if not p.markup.fixed:
                sheet = game.floor_sheet(p.id)
                low = min(max(p.markup.min, sheet["floor"]), p.markup.max)
                bands[p.id] = Band(floor=round(low, 2), ceiling=round(min(p.markup.max, max(sheet["tolerance_markup"], low)), 2))
        game.decide(HeadDecision(markups=bands))
        game.decide(HeadDecision(team_pay=PayScheme(salary=scenario.team.pay.salary, base="gross_profit", rate=rate,
                                                    threshold=min(game.floor_markup(p) for p in bands))))
        shown = {c.id: game.decide(HeadDecision(interviews={c.id: ["career_path", "hard_client"]}))[c.id]
                 for c in game.candidates()}
        best = max(shown, key=lambda c: shown[c].get("flexibility", 0) + shown[c].get("empathy", 0))
        game.decide(HeadDecision(hire=[Hire(candidate=best, promise=game.sellers[best].expectation)]))
        game.decide(HeadDecision(assign={s: best for s in game.segment_ids if game.holder[s] is None}))
    while not game.finished:
        game.play_month()
    return game.result().score


@pytest.mark.slow
def test_a_trainee_who_plays_by_the_course_at_the_screens_scores_with_aligned_and_broken_promises_cost():
    """The free-markup scenario over ten seeds: a rate whose outlook meets the promises scores level with the
    aligned head; the same rules with pay well short of the promises score clearly less; changing nothing, less
    still. (The pay editor shows the outlook against the promises, so the honest rate is findable on screen.)"""
    import numpy as np

    from simulator.head import HEADS, play_head

    scenario = load_file(next(p for p in shipped("head") if p.stem == "head-free-markup"))
    seeds = range(1, 11)
    honest = np.mean([_trainee(scenario, s, 0.12) for s in seeds])
    short = np.mean([_trainee(scenario, s, 0.08) for s in seeds])
    idle = np.mean([_trainee(scenario, s, None) for s in seeds])
    aligned = np.mean([play_head(scenario, s, HEADS["aligned"]).result().score for s in seeds])
    assert abs(honest - aligned) < 3.0, (honest, aligned)
    assert short < honest - 4.0 and idle < short, (honest, short, idle)
