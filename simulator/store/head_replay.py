"""Head replays: a finished head-of-sales game as data (scenario, seed, player, each month's decisions).

As with desk replays, the claimed score is never trusted: :func:`verify_head`
recomputes it by playing the head's decisions through :class:`~simulator.head.HeadGame`
(the simulated sellers are deterministic, so the decisions are the whole game).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..head import MAX_DECISIONS, HeadDecision, HeadDecisionError, HeadGame, replay as replay_decisions
from ..head.balance import REFERENCE_HEAD
from ..head.heads import HEAD_PROBES, HEADS, LAB_PROBES, play_head
from ..scenario import Scenario, content_hash
from .code_version import rules_fingerprint
from .files import safe_file_part, write_atomic
from .replay import (
    HEAD_FORMAT,
    MAX_FIELD,
    MAX_MONTHS,
    ReplayError,
    _field,
    _shown,
    checked_header,
    clean_name,
    load_with,
    parsing,
)

FORMAT_VERSION = 1


@dataclass(frozen=True)
class HeadReplay:
    """Everything needed to recompute a head game."""

    scenario_id: str
    scenario_version: int
    scenario_hash: str
    seed: int
    player: str
    group: str
    decisions: tuple[tuple[HeadDecision, ...], ...]
    claimed_score: float | None = None
    head: str | None = None          # set when a reference head played it
    rules: str | None = None
    finished_at: str | None = None   # ISO date-time, informational

    kind = "head"                    # a desk Replay's is "desk"
    branch = None                    # head games have no what-if branches
    bot = None                       # ... nor a player's own bot file (a reference head sets ``head``)

    @property
    def strategy(self) -> str | None:
        """The reference head that played it, as the leaderboard's ``strategy`` column names the player."""
        return self.head

    @classmethod
    def from_game(cls, game: HeadGame, player: str = "", group: str = "", head: str | None = None,
                  finished_at: str | None = None) -> HeadReplay:
        """The replay of a head game played so far."""
        return cls(game.scenario.id, game.scenario.version, game.scenario_hash, game.seed, clean_name(player),
                   clean_name(group), tuple(tuple(month) for month in game.decisions[: game.month]),
                   game.result().score, head, rules_fingerprint(), finished_at)

    def restamped(self, game: HeadGame, finished_at: str | None) -> HeadReplay:
        """This replay as the leaderboard keeps it: rebuilt from ``game`` (its verified replaying), with this
        replay's player, group and head, and ``finished_at``."""
        return HeadReplay.from_game(game, player=self.player, group=self.group, head=self.head, finished_at=finished_at)

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"format": HEAD_FORMAT, "format_version": FORMAT_VERSION,
                "scenario": {"id": self.scenario_id, "version": self.scenario_version, "hash": self.scenario_hash},
                "seed": self.seed, "player": self.player, "group": self.group, "head": self.head,
                "claimed_score": self.claimed_score, "rules": self.rules, "finished_at": self.finished_at,
                "decisions": [[d.to_json() for d in month] for month in self.decisions]}

    def save(self, path: str | Path) -> None:
        """Write the replay file atomically."""
        write_atomic(path, json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n")

    def save_in(self, folder: str | Path) -> Path:
        """Write the replay into ``folder`` as ``scenario-player-seed-head-YYYYmmdd-HHMMSS.json`` (atomically);
        returns the path. OSError if it cannot be written."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = Path(folder) / ("-".join([self.scenario_id, safe_file_part(self.player), str(self.seed), "head",
                                         stamp]) + ".json")
        self.save(path)
        return path

    @classmethod
    def from_json(cls, data: object) -> HeadReplay:
        """Parse head replay data; raises ReplayError with the reason on anything malformed."""
        if not isinstance(data, dict) or data.get("format") != HEAD_FORMAT:
            raise ReplayError(f"not a Sales Desk head replay (no `format: {HEAD_FORMAT}`)")
        if data.get("format_version") != FORMAT_VERSION:
            raise ReplayError(f"head replay format version {_shown(data.get('format_version'))} is not supported")
        with parsing(HeadDecisionError, "a decision"):
            sc, seed, version, claimed = checked_header(data)
            months = data.get("decisions")
            if not isinstance(months, list) or not all(isinstance(m, list) for m in months):
                raise ReplayError("decisions must be a list of months, each a list of decisions")
            if len(months) > MAX_MONTHS:
                raise ReplayError(f"replay has {len(months)} months; no scenario has more than {MAX_MONTHS}", "months")
            if any(len(m) > MAX_DECISIONS for m in months):
                raise ReplayError(f"a month holds more than {MAX_DECISIONS} decisions", "too_large")
            head = data.get("head")
            if head is not None and head not in HEADS and head not in HEAD_PROBES and head not in LAB_PROBES:
                raise ReplayError(f"`head` {_shown(head)} is not a reference head of this game")
            decisions = tuple(tuple(HeadDecision.from_json(d) for d in m) for m in months)
            player, group = data.get("player", ""), data.get("group", "")
            if not isinstance(player, str) or not isinstance(group, str):
                raise ReplayError("player and group must be text")
            rules, finished = data.get("rules"), data.get("finished_at")
            return cls(_field(sc["id"], "scenario id"), version, _field(sc["hash"], "scenario hash"), seed,
                       clean_name(player), clean_name(group), decisions, claimed,
                       head, rules if isinstance(rules, str) and len(rules) <= MAX_FIELD else None,
                       finished if isinstance(finished, str) and len(finished) <= MAX_FIELD else None)

    @classmethod
    def load(cls, path: str | Path) -> HeadReplay:
        """Read a head replay file (a regular file within the size limit); ReplayError on anything wrong."""
        return load_with(Path(path), cls.from_json)


def verify_head(rep: HeadReplay, scenario: Scenario) -> HeadGame:
    """Recompute a head replay against ``scenario``; raises ReplayError with the reason if it does not hold."""
    if rep.scenario_id != scenario.id:
        raise ReplayError(f"replay is for scenario `{rep.scenario_id}`, not `{scenario.id}`", "unknown_scenario")
    if rep.scenario_version != scenario.version:
        raise ReplayError(f"replay is for version {rep.scenario_version} of `{scenario.id}`; this is version "
                          f"{scenario.version}", "scenario_version")
    if scenario.kind != "head":
        raise ReplayError(f"`{scenario.id}` is a desk scenario; this is a head replay", "unknown_scenario")
    actual = content_hash(scenario)
    if rep.scenario_hash != actual:
        raise ReplayError(f"scenario content differs from the one played (hash {rep.scenario_hash} != {actual})",
                          "scenario_hash")
    if len(rep.decisions) != scenario.turns:
        raise ReplayError(f"replay has {len(rep.decisions)} months; the scenario has {scenario.turns}", "months")
    try:
        game = replay_decisions(scenario, rep.seed, [list(m) for m in rep.decisions])
    except HeadDecisionError as exc:
        raise ReplayError(f"a decision breaks a rule: {exc.message}", "plan_rule") from None
    score = game.result().score
    if rep.claimed_score is not None and abs(rep.claimed_score - score) > 1e-6:
        raise ReplayError(f"claimed score {rep.claimed_score:g} does not match the replayed score {score:g}",
                          "score_mismatch")
    if rep.head is None:
        _not_the_reference_heads(rep, scenario)
    return game


def _not_the_reference_heads(rep: HeadReplay, scenario: Scenario) -> None:
    """A game handed in as a person's must not be exactly the reference head's decisions on its seed (the
    ``aligned`` head's game relabelled: the bot's score on the board under a trainee's name)."""
    reference = play_head(scenario, rep.seed, HEADS[REFERENCE_HEAD])
    if canonical_decisions(HeadReplay.from_game(reference)) == canonical_decisions(rep):
        raise ReplayError(f"every decision is exactly what the reference head `{REFERENCE_HEAD}` decides on this "
                          "seed: the bot's game, not the player's (a reference head's replay keeps its `head` mark)",
                          "reference_copy")


def canonical_decisions(rep: HeadReplay) -> list:
    """The head's decisions as plain data in a canonical form (keys sorted), for recognising the same game."""
    return json.loads(json.dumps([[d.to_json() for d in month] for month in rep.decisions], sort_keys=True))


def head_decisions_key(rep: HeadReplay, score: float) -> str:
    """What makes two head replays the same game: scenario hash, seed, the decisions in canonical form and the
    replayed score (not the player, group or file bytes), as :func:`.replay.decisions_key` for desk games."""
    canonical = json.dumps({"kind": "head", "scenario_hash": rep.scenario_hash, "seed": rep.seed,
                            "decisions": canonical_decisions(rep), "score": round(score, 6)},
                           sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
