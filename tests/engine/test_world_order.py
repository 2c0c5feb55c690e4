"""The world a scenario makes does not depend on how its file is written."""
from __future__ import annotations

import numpy as np

from simulator.engine import Game
from simulator.scenario import load_file
from simulator.shipped import SCENARIOS_DIR
from simulator.strategies import STRATEGIES


def test_the_order_keys_are_written_in_does_not_change_the_clients():
    """A scenario's hash ignores key order (the leaderboard stores its content sorted), so the world must too:
    a replay verified against the stored copy must give the score it had against the trainer's file."""
    from simulator.scenario import content_hash
    scenario = load_file(SCENARIOS_DIR / "certification.yaml")
    flipped = scenario.model_copy(update={"segments": [
        s.model_copy(update={"needs": dict(reversed(list(s.needs.items()))),
                             "owns": dict(reversed(list(s.owns.items())))}) for s in scenario.segments]})
    assert content_hash(flipped) == content_hash(scenario)
    plan_source = STRATEGIES["balanced"]
    a, b = Game(scenario, 3), Game(flipped, 3)
    for k, v in vars(a.state).items():
        assert np.array_equal(v, getattr(b.state, k)), k
    for _ in range(3):
        plan = plan_source.make_plan(a)
        assert a.play_month(plan).kpis == b.play_month(plan).kpis
