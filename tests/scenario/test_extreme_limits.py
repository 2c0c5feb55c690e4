"""Scenario limits that keep every strategy and every report finite.

A sliver of a touch hour (5e-324) or hundreds of stacked event factors are refused with a located
message; anything the limits let through, however extreme, is played by every reference strategy
without a crash, and its score, KPIs and month-by-month review stay finite.
"""
from __future__ import annotations

import math
import warnings

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from simulator.scenario import ScenarioError, load_text
from simulator.store.review import month_summaries
from simulator.strategies import STRATEGIES, play

from .base import BASE, edit


def _events(count: int, factor: float, month: int = 7, key: str = "market_price") -> str:
    lines = ["events:"]
    for k in range(count):
        lines += [f"  - id: e{k}", f"    month: {month}", "    title: {ru: \"Событие\", en: \"Event\"}",
                  f"    {key}: {{certificate: {factor}}}"]
    return "\n".join(lines) + "\n"


def _with_events(block: str) -> str:
    start = BASE.index("events:")
    end = BASE.index("scoring:")
    return BASE[:start] + block + BASE[end:]


def test_a_sliver_of_a_touch_hour_is_refused_with_the_way_out():
    with pytest.raises(ScenarioError) as caught:
        load_text(edit("hours: 0.5", "hours: 5.0e-324"), "lab.yaml")
    (problem,) = caught.value.problems
    assert "touch hours 4.94066e-324 is too small; use 0 (takes no desk time) or at least 0.01" in problem.message
    assert (problem.line, problem.column) == (BASE.splitlines().index("    hours: 0.5") + 1, 12)
    for fine in ("0", "0.0", "0.01", "1000"):
        load_text(edit("hours: 0.5", f"hours: {fine}"))


def test_three_hundred_stacked_events_are_refused_at_the_one_that_crosses_the_limit():
    text = _with_events(_events(300, 1.5))
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "lab.yaml")
    (problem,) = caught.value.problems  # one per product and key, not 300
    assert "in month 7 the events running together multiply the market price of `certificate` by 25.6" \
        in problem.message
    assert "0.05..20" in problem.message and "move this event to another month" in problem.message
    eighth = text.splitlines().index("  - id: e7") + 1  # 1.5^8 = 25.6 is the first product above 20
    assert problem.line == eighth + 3
    load_text(_with_events(_events(7, 1.5)))  # 17.1: within the limit
    load_text(_with_events(_events(300, 1.0)))  # factors of 1 change nothing however many
    with pytest.raises(ScenarioError, match="multiply the cost of `certificate` by 0.0"):
        load_text(_with_events(_events(3, 0.3, key="cost")))


@st.composite
def extreme_texts(draw) -> str:
    data = yaml.safe_load(BASE)
    for touch in data["touch_types"]:
        touch["hours"] = draw(st.sampled_from([0.0, 0.01, 0.013, 999.99]))
        touch["capacity"] = draw(st.sampled_from([1, 7, 100_000]))
        touch["cost"] = draw(st.sampled_from([0.0, 1e12]))
    data["desk"]["hours_per_month"] = draw(st.sampled_from([0.01, 1.0, 100_000.0]))
    data["turns"] = draw(st.sampled_from([1, 12, 120]))
    count = draw(st.integers(1, 60))
    limit = draw(st.sampled_from([20.0, 0.05]))
    factor = limit ** (1 / count) * (1 - 1e-12 if limit > 1 else 1 + 1e-12)  # stacked right up to the limit
    month = draw(st.integers(1, data["turns"]))
    data["events"] = [{"id": f"e{k}", "month": month, "duration": draw(st.sampled_from([1, 240])),
                       "title": {"ru": "Событие", "en": "Event"},
                       "market_price": {"certificate": factor}, "cost": {"labelling_setup": factor},
                       "needs": {"labelling": draw(st.sampled_from([-1.0, 1.0]))}} for k in range(count)]
    data["segments"][0]["count"] = draw(st.sampled_from([0, 40]))
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.slow  # every strategy on 25 extreme scenarios: about a minute
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=extreme_texts(), seed=st.integers(0, 2**63 - 1))
def test_every_strategy_plays_any_scenario_within_the_limits_and_reports_stay_finite(text, seed):
    scenario = load_text(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in numpy is a bug here, not noise
        for name, strategy in STRATEGIES.items():
            game = play(scenario, seed, strategy)
            result = game.result()
            assert math.isfinite(result.score), name
            assert all(math.isfinite(v) for v in result.kpis.values()), name
            shown = " ".join(str(s) for s in month_summaries(game, "en")[-2:]).lower()
            assert "nan" not in shown and "inf" not in shown.replace("info", ""), name
