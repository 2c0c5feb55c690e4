"""Replays: a finished game as data (scenario, seed, player, every month's plan, claimed score).

A replay's claimed score is never trusted; :func:`verify` recomputes it by
playing the plans through the engine.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import Game, MonthPlan, PlanError, replay as replay_plans
from ..scenario import Scenario, content_hash
from .code_version import rules_fingerprint
from .files import write_atomic

FORMAT = "sales-desk-replay"
FORMAT_VERSION = 1
MAX_REPLAY_BYTES = 64 * 1024 * 1024
MAX_NAME = 64


class ReplayError(ValueError):
    """A replay file cannot be used; the message says why and ``code`` names the kind of problem.

    Codes: ``unreadable`` (missing, binary, truncated or non-JSON file), ``format`` (JSON that is not
    a replay, or a malformed field), ``unknown_scenario``, ``scenario_version``, ``scenario_hash``
    (the scenario's content differs from the one played), ``months`` (wrong number of months),
    ``plan_rule`` (a plan breaks a rule of the game), ``score_mismatch`` (the claimed score is not
    what replaying gives).
    """

    def __init__(self, message: str, code: str = "format"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Replay:
    """Everything needed to recompute a game."""

    scenario_id: str
    scenario_version: int
    scenario_hash: str
    seed: int
    player: str
    group: str
    plans: tuple[MonthPlan, ...]
    claimed_score: float | None = None
    strategy: str | None = None  # set when a reference strategy played it
    finished_at: str | None = None  # ISO date-time, informational
    rules: str | None = None  # fingerprint of the game build that recorded it, informational (see code_version)
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_game(cls, game: Game, player: str = "", group: str = "", strategy: str | None = None,
                  finished_at: str | None = None) -> "Replay":
        """The replay of a game played so far."""
        return cls(
            scenario_id=game.scenario.id, scenario_version=game.scenario.version, scenario_hash=game.scenario_hash,
            seed=game.seed, player=clean_name(player), group=clean_name(group), plans=tuple(game.plans),
            claimed_score=game.result().score, strategy=strategy, finished_at=finished_at, rules=rules_fingerprint(),
        )

    def to_json(self) -> dict:
        """Plain JSON data."""
        data = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "scenario": {"id": self.scenario_id, "version": self.scenario_version, "hash": self.scenario_hash},
            "seed": self.seed,
            "player": self.player,
            "group": self.group,
            "strategy": self.strategy,
            "finished_at": self.finished_at,
            "claimed_score": self.claimed_score,
            "rules": self.rules,
            "plans": [p.to_json() for p in self.plans],
        }
        return data

    def dumps(self) -> str:
        """The replay as JSON text."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)

    def save(self, path: str | Path) -> None:
        """Write the replay file atomically."""
        write_atomic(path, self.dumps() + "\n")

    @classmethod
    def from_json(cls, data: object) -> "Replay":
        """Parse replay data; raises ReplayError with the reason on anything malformed."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ReplayError("not a Sales Desk replay (no `format: sales-desk-replay`)")
        if data.get("format_version") != FORMAT_VERSION:
            raise ReplayError(f"replay format version {data.get('format_version')!r} is not supported")
        try:
            sc = data["scenario"]
            seed = data["seed"]
            if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
                raise ReplayError("seed must be a whole number")
            claimed = data.get("claimed_score")
            if claimed is not None and (isinstance(claimed, bool) or not isinstance(claimed, (int, float))
                                        or not math.isfinite(claimed)):
                raise ReplayError("claimed_score must be a number")
            if not isinstance(data.get("plans"), list):
                raise ReplayError("plans must be a list")
            plans = tuple(MonthPlan.from_json(p) for p in data["plans"])
            version = sc["version"]
            if isinstance(version, bool) or not isinstance(version, int):
                raise ReplayError("scenario version must be a whole number")
            return cls(
                scenario_id=str(sc["id"]), scenario_version=version, scenario_hash=str(sc["hash"]), seed=seed,
                player=clean_name(_text(data.get("player", ""))), group=clean_name(_text(data.get("group", ""))),
                plans=plans, claimed_score=None if claimed is None else float(claimed),
                strategy=data.get("strategy") if isinstance(data.get("strategy"), str) else None,
                finished_at=data.get("finished_at") if isinstance(data.get("finished_at"), str) else None,
                rules=_fingerprint(data.get("rules")),
            )
        except PlanError as exc:
            raise ReplayError(f"a plan is malformed: {exc.message}") from None
        except (KeyError, TypeError) as exc:
            raise ReplayError(f"replay is missing or mangles a field: {exc}") from None

    @classmethod
    def load(cls, path: str | Path) -> "Replay":
        """Read a replay file; raises ReplayError on a missing, truncated, oversized or non-JSON file."""
        path = Path(path)
        try:
            if path.stat().st_size > MAX_REPLAY_BYTES:
                raise ReplayError(f"{path}: file is larger than {MAX_REPLAY_BYTES // (1024 * 1024)} MiB", "unreadable")
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise ReplayError(f"{path}: no such file", "unreadable") from None
        except UnicodeDecodeError:
            raise ReplayError(f"{path}: not UTF-8 text; a replay is a JSON file", "unreadable") from None
        except OSError as exc:
            raise ReplayError(f"{path}: cannot read: {exc.strerror or exc}", "unreadable") from None
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ReplayError(f"{path}: not valid JSON (truncated or damaged?): {exc}", "unreadable") from None
        try:
            return cls.from_json(data)
        except ReplayError as exc:
            raise ReplayError(f"{path}: {exc}", exc.code) from None


def _fingerprint(value: object) -> str | None:
    """The optional ``rules`` field: kept only when it looks like one (it is echoed in messages)."""
    return value if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{6,64}", value) else None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("player and group must be text")
    return value


def clean_name(name: str) -> str:
    """A player or group name: control characters dropped, whitespace folded, at most 64 characters."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in name)
    return " ".join(cleaned.split())[:MAX_NAME]


def verify(rep: Replay, scenario: Scenario) -> Game:
    """Recompute a replay against ``scenario``; raises ReplayError with the reason if it does not hold."""
    if rep.scenario_id != scenario.id:
        raise ReplayError(f"replay is for scenario `{rep.scenario_id}`, not `{scenario.id}`", "unknown_scenario")
    if rep.scenario_version != scenario.version:
        raise ReplayError(f"replay is for version {rep.scenario_version} of `{scenario.id}`; this is version {scenario.version}",
                          "scenario_version")
    actual = content_hash(scenario)
    if rep.scenario_hash != actual:
        raise ReplayError(f"scenario content differs from the one played (hash {rep.scenario_hash} != {actual})",
                          "scenario_hash")
    if len(rep.plans) != scenario.turns:
        raise ReplayError(f"replay has {len(rep.plans)} months; the scenario has {scenario.turns}", "months")
    try:
        game = replay_plans(scenario, rep.seed, list(rep.plans))
    except PlanError as exc:
        raise ReplayError(f"a plan breaks a rule: {exc.message}{_other_build(rep)}", "plan_rule") from None
    except ValueError as exc:
        raise ReplayError(str(exc), "format") from None
    score = game.result().score
    if rep.claimed_score is not None and abs(rep.claimed_score - score) > 1e-6:
        raise ReplayError(f"claimed score {rep.claimed_score:g} does not match the replayed score {score:g}"
                          f"{_other_build(rep)}", "score_mismatch")
    return game


def _other_build(rep: Replay) -> str:
    """A hint when the replay was recorded by a game whose rules differ from this one's."""
    here = rules_fingerprint()
    if rep.rules is None or rep.rules == here:
        return ""
    return (f"; it was recorded by another version of Sales Desk (rules {rep.rules}, here {here}): "
            "play and import with the same version")
