"""The conversation scenarios teach the technique (issue 25): over 30 seeds with the probes, good conversations
win by more than the spread between seeds, and pitching first and leading questions lose.

``python main.py balance discovery --seeds 30 --probes`` prints the same comparison for a trainer.
"""
from __future__ import annotations

import numpy as np
import pytest
from balance_runs import run, scenario_params, table

from simulator.scenario import load_file
from simulator.strategies import STRATEGIES, play

pytestmark = pytest.mark.slow  # in `python -m pytest -m slow`, not in `python -m pytest`

TALKING = ("discovery", "discovery-tutorial")
LOSERS = ("pitch_first", "would_you_buy", "pitchy_talk", "ask_everything")


@pytest.mark.parametrize("path", scenario_params(only=TALKING))
def test_good_conversations_win_by_more_than_the_spread(path):
    title, rows = run(path)
    text = table(title, rows)
    best, silent = rows["balanced"], rows["no_questions"]
    gap = float((best.scores - silent.scores).mean())
    spread = max(best.std, silent.std)
    assert gap > spread, f"good conversations must beat none by more than the spread ({spread:.2f}): {gap:.2f}\n{text}"


@pytest.mark.parametrize("path", scenario_params(only=TALKING))
def test_pitching_first_and_leading_questions_lose(path):
    title, rows = run(path)
    best = rows["balanced"]
    winners = []
    for name in LOSERS:
        diff = rows[name].scores - best.scores
        noise = 2 * diff.std(ddof=1) / np.sqrt(diff.size)
        if not diff.mean() < -noise:   # a loss the 30 seeds can tell from luck
            winners.append(f"{name} {diff.mean():+.2f} (noise {noise:.2f})")
    assert not winners, f"these must lose to balanced: {'; '.join(winners)}\n{table(title, rows)}"
    spread = max(best.std, rows["would_you_buy"].std)
    assert (rows["would_you_buy"].scores - best.scores).mean() < -spread, table(title, rows)


@pytest.mark.parametrize("path", scenario_params(only=TALKING))
def test_the_engine_counts_what_conversations_brought(path):
    scenario = load_file(path)
    good = [play(scenario, seed, STRATEGIES["balanced"]).conversation_numbers() for seed in (1, 2, 3)]
    assert all(n.talks > 0 and n.revealed_share > 0.5 and 0 < n.wins_by_talk <= n.wins for n in good)
    assert all(n.false_signals == 0 and n.leading_questions == 0 for n in good)
