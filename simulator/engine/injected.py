"""Events injected into a game from outside the scenario file (a trainer's live lever in a workshop).

An injected event is an input to the game, like a plan: a :class:`~simulator.scenario.schema.Event` the game
plays as if the scenario had it from the start, recorded in the replay so that verification and what-if replay it
too. The engine never asks where it came from (no clock, no server): :func:`with_injected` is a pure function of the
scenario and the events. An event may only start in a month not played yet (:func:`inject`), so the months already
played are the same with it as without it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..scenario import checks
from ..scenario.schema import Event, Scenario

MAX_INJECTED = 60  # far more than a workshop injects; a replay carrying more is damage or an attack


class InjectedEventError(ValueError):
    """An injected event that does not fit the scenario (an unknown product or job, a month past the end, an id
    taken, factors stacked past their limits); the message says which."""


def with_injected(scenario: Scenario, events: Iterable[Event]) -> Scenario:
    """``scenario`` with ``events`` added after its own (the order the game indexes them in); raises
    :class:`InjectedEventError` when one does not fit. No events: the scenario itself."""
    extra = list(events)
    if not extra:
        return scenario
    if len(extra) > MAX_INJECTED:
        raise InjectedEventError(f"{len(extra)} injected events; at most {MAX_INJECTED}")
    for event in extra:
        if not isinstance(event, Event):
            raise InjectedEventError("an injected event must be a scenario Event")
    data = {"turns": scenario.turns,
            "products": [{"id": p.id} for p in scenario.products], "jobs": [{"id": j.id} for j in scenario.jobs],
            "events": [e.model_dump(mode="json") for e in [*scenario.events, *extra]]}
    own = len(scenario.events)
    problems = [(path, message) for path, message in _event_problems(data) if path[1] >= own]
    if problems:
        path, message = problems[0]
        raise InjectedEventError(f"injected event `{extra[path[1] - own].id}`: {message}")
    return scenario.model_copy(update={"events": [*scenario.events, *extra]})


def _event_problems(data: dict) -> list[tuple[tuple, str]]:
    """The scenario checks that concern events (duplicate ids, references, months, stacking), for ``data``."""
    return [(path, message) for path, message in checks.check(data)
            if len(path) > 1 and path[0] == "events" and isinstance(path[1], int)]


def check_injectable(months_played: int, events: Sequence[Event]) -> None:
    """Raise :class:`InjectedEventError` when one of ``events`` starts in a month already played (1-based months:
    an event may start at ``months_played + 1`` at the earliest)."""
    for event in events:
        if event.month <= months_played:
            raise InjectedEventError(f"injected event `{event.id}` starts in month {event.month}, which is already "
                                     f"played ({months_played} months played); it may start in month "
                                     f"{months_played + 1} at the earliest")
