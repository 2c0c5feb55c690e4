"""The desk's row signals come from the engine: each flag says what the engine's own rules will do this month."""
from __future__ import annotations

import numpy as np

from simulator.engine import NEED_THRESHOLD, Game, MonthPlan, TouchBatch

from .factory import scenario


def idle(game: Game) -> MonthPlan:
    return MonthPlan(markups=game.markups)


def test_only_flagged_clients_leave_and_the_lost_are_flagged_lost():
    game = Game(scenario(turns=12), seed=5)
    left, flagged_before = 0, 0
    for _ in range(10):
        signals = game.client_signals()
        report = game.play_month(idle(game))           # nobody is touched: the market takes its course
        churned = np.asarray(report.churned)
        left += churned.size
        flagged_before += int((signals.at_risk | signals.forgetting)[churned].sum())
        assert np.array_equal(game.client_signals().lost, ~np.asarray(game.state.active))
    assert left > 10 and flagged_before == left        # every client who left had been flagged


def test_a_touch_ends_forgetting_and_silence_brings_it_back():
    sc = scenario(turns=12, model={"silence_months": 2})
    game = Game(sc, seed=2)
    signals = game.client_signals()
    no_renewal_soon = game.due_in().min(axis=1) > 6     # no deal in the months ahead resets the silence
    quiet = int(np.flatnonzero(signals.forgetting & (np.asarray(game.state.recall) >= 0.3) & no_renewal_soon)[0])
    game.play_month(MonthPlan(markups=game.markups, touches=(TouchBatch("visit", (quiet,)),)))
    assert not game.client_signals().forgetting[quiet]  # just touched: remembered
    game.play_month(idle(game))
    assert not game.client_signals().forgetting[quiet]
    game.play_month(idle(game))
    assert game.client_signals().forgetting[quiet]      # silent past silence_months: loyalty fades from now on


def test_renewal_due_and_known_needs_follow_the_engine_queries():
    game = Game(scenario(turns=12), seed=4)
    signals = game.client_signals()
    cert = game.catalog.product_ids.index("cert")
    due = game.due_in()[:, cert]
    active = np.asarray(game.state.active)
    assert signals.renewal_due.any() and not signals.renewal_due.all()
    assert np.all(due[signals.renewal_due] <= 3)        # inside the 12-month cycle's 3-month window
    assert not np.any(signals.renewal_due & (due > 3))
    # ◆ marks a need strong enough for an offer to fit, not any trace of one
    assert np.array_equal(signals.need_known, active & (game.visible_needs() >= NEED_THRESHOLD).any(axis=1))
