"""Replays: a finished game as data (scenario, seed, player, every month's plan, claimed score).

A replay's claimed score is never trusted; :func:`verify` recomputes it by
playing the plans through the engine.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import numpy as np
from pydantic import ValidationError

from ..engine import (
    MAX_INJECTED,
    MAX_SEED as MAX_SEED,  # re-exported: the limit a replay's seed is checked against
    Game,
    InjectedEventError,
    MonthPlan,
    OfferBatch,
    PlanError,
    TouchBatch,
    replay as replay_plans,
)
from ..scenario import Scenario, content_hash
from ..scenario.reading import FileRefused, read_regular
from ..scenario.schema import Event
from ..strategies import STRATEGIES
from .code_version import rules_fingerprint
from .files import safe_file_part, write_atomic
from .learning_answers import AnswerError, LearningAnswers
from .team_record import TeamRecord, TeamRecordError, check_team

R = TypeVar("R")

FORMAT = "sales-desk-replay"
HEAD_FORMAT = "sales-desk-head-replay"   # a head-of-sales game's replay (see head_replay)
FORMAT_VERSION = 1
MAX_REPLAY_BYTES = 64 * 1024 * 1024
MAX_NAME = 64
MAX_MONTHS = 120  # the most a scenario may have (Scenario.turns)
MAX_FIELD = 200  # scenario id, hash, dates: far longer is damage or an attack
TOUCHES_PER_CLIENT = 31  # the engine's own limit of touches per client and month


class ReplayError(ValueError):
    """A replay file cannot be used; the message says why and ``code`` names the kind of problem.

    Codes: ``unreadable`` (missing, binary, truncated or non-JSON file), ``format`` (JSON that is not
    a replay, or a malformed field), ``unknown_scenario``, ``scenario_version``, ``scenario_hash``
    (the scenario's content differs from the one played), ``months`` (wrong number of months),
    ``plan_rule`` (a plan breaks a rule of the game), ``score_mismatch`` (the claimed score is not
    what replaying gives), ``head_replay`` (a head-of-sales replay: see :mod:`.head_replay`).
    """

    def __init__(self, message: str, code: str = "format"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Branch:
    """A what-if: this game keeps the first ``from_month`` months of its parent's (the game whose decisions key
    is ``parent``) and plays on from there, by the reference strategy ``played_by`` or by a person (None)."""

    parent: str
    from_month: int
    played_by: str | None = None

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"parent": self.parent, "from_month": self.from_month, "played_by": self.played_by}

    @classmethod
    def from_json(cls, data: object) -> Branch:
        """Parse a replay's ``branch`` object; ReplayError (``format``) on anything malformed."""
        if not isinstance(data, dict):
            raise ReplayError("`branch` must be an object with parent, from_month and played_by")
        parent, month, by = data.get("parent"), data.get("from_month"), data.get("played_by")
        if not isinstance(parent, str) or not re.fullmatch(r"[0-9a-f]{64}", parent):
            raise ReplayError("`branch.parent` must be the parent game's decisions key (64 hex digits)")
        if isinstance(month, bool) or not isinstance(month, int) or not 0 <= month <= MAX_MONTHS:
            raise ReplayError(f"`branch.from_month` must be a whole number from 0 to {MAX_MONTHS}")
        if by is not None and by not in STRATEGIES:
            raise ReplayError(f"`branch.played_by` {_shown(by)} is not a reference strategy of this game; "
                              f"it is one of {', '.join(STRATEGIES)} or null for a person at the desk")
        return cls(parent, month, by)


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
    branch: Branch | None = None  # a what-if played on from another game (kept off the main ranking)
    bot: str | None = None  # the player's own bot (`simulate --strategy FILE.py:NAME`) that played it: NAME
    team: TeamRecord | None = None  # a team's game: who proposed what each month, which plan was chosen (teams.py)
    learning: LearningAnswers | None = None  # predictions, lesson checks and reflection (store.learning_answers)
    injected: tuple[Event, ...] = ()  # events a trainer injected (engine.injected): played, so verified, like plans

    kind = "desk"  # a HeadReplay's is "head"

    @classmethod
    def from_game(cls, game: Game, player: str = "", group: str = "", strategy: str | None = None,
                  finished_at: str | None = None, branch: Branch | None = None, bot: str | None = None,
                  learning: LearningAnswers | None = None) -> Replay:
        """The replay of a game played so far (``bot``: the name of the player's own bot that played it;
        ``learning``: what the player answered around it)."""
        return cls(
            scenario_id=game.scenario.id, scenario_version=game.scenario.version, scenario_hash=game.scenario_hash,
            seed=game.seed, player=clean_name(player), group=clean_name(group), plans=tuple(game.plans),
            claimed_score=game.result().score, strategy=strategy, finished_at=finished_at, rules=rules_fingerprint(),
            branch=branch, bot=clean_name(bot) or None if bot is not None else None, injected=game.injected,
            learning=None if learning is None or learning.empty else learning,
        )

    def restamped(self, game: Game, finished_at: str | None) -> Replay:
        """This replay as the leaderboard keeps it: rebuilt from ``game`` (its verified replaying), with this
        replay's player, group, labels and branch, and ``finished_at``."""
        return replace(Replay.from_game(game, player=self.player, group=self.group, strategy=self.strategy,
                                        finished_at=finished_at, branch=self.branch, bot=self.bot,
                                        learning=self.learning), team=self.team)

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
        if self.branch is not None:
            data["branch"] = self.branch.to_json()
        if self.bot is not None:
            data["bot"] = self.bot
        if self.team is not None:
            data["team"] = self.team.to_json()
        if self.injected:
            data["injected"] = [e.model_dump(mode="json") for e in self.injected]
        if self.learning is not None and not self.learning.empty:
            data["learning"] = self.learning.to_json()
        return data

    def dumps(self) -> str:
        """The replay as JSON text."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)

    def save(self, path: str | Path) -> None:
        """Write the replay file atomically."""
        write_atomic(path, self.dumps() + "\n")

    def save_in(self, folder: Path, what: str = "") -> Path:
        """Write the replay into ``folder`` under a name that says whose game it is and when it was saved
        (``scenario-player-seed[-what]-YYYYmmdd-HHMMSS.json``); returns the path. OSError if it cannot be written."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        parts = [self.scenario_id, safe_file_part(self.player), str(self.seed), *([what] if what else []), stamp]
        path = Path(folder) / ("-".join(parts) + ".json")
        self.save(path)
        return path

    @classmethod
    def from_json(cls, data: object) -> Replay:
        """Parse replay data; raises ReplayError with the reason on anything malformed."""
        if isinstance(data, dict) and data.get("format") == HEAD_FORMAT:
            raise ReplayError("a head-of-sales replay, not a desk game's (read it with `head_replay.HeadReplay`, "
                              "or `kinds.load_replay` for either kind)", "head_replay")
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ReplayError("not a Sales Desk replay (no `format: sales-desk-replay`)")
        if data.get("format_version") != FORMAT_VERSION:
            raise ReplayError(f"replay format version {_shown(data.get('format_version'))} is not supported")
        with parsing(PlanError, "a plan"):
            sc, seed, version, claimed = checked_header(data)
            plans_data = data.get("plans")
            if not isinstance(plans_data, list):
                raise ReplayError("plans must be a list")
            if len(plans_data) > MAX_MONTHS:
                raise ReplayError(f"replay has {len(plans_data)} months; no scenario has more than {MAX_MONTHS}",
                                  "months")
            strategy = data.get("strategy")
            if strategy is not None and strategy not in STRATEGIES:
                raise ReplayError(f"`strategy` {_shown(strategy)} is not a reference strategy of this game; "
                                  f"it is one of {', '.join(STRATEGIES)} or null for a person at the desk")
            plans = tuple(MonthPlan.from_json(p) for p in plans_data)
            branch = Branch.from_json(data["branch"]) if data.get("branch") is not None else None
            team = _team(data.get("team"))
            try:
                learning = LearningAnswers.from_json(data["learning"]) if data.get("learning") is not None else None
            except AnswerError as exc:
                raise ReplayError(str(exc)) from None
            return cls(
                scenario_id=_field(sc["id"], "scenario id"), scenario_version=version,
                scenario_hash=_field(sc["hash"], "scenario hash"), seed=seed,
                player=clean_name(_text(data.get("player", ""))), group=clean_name(_text(data.get("group", ""))),
                plans=plans, claimed_score=claimed, strategy=strategy,
                finished_at=data.get("finished_at") if isinstance(data.get("finished_at"), str)
                and len(data["finished_at"]) <= MAX_FIELD else None,
                rules=_fingerprint(data.get("rules")),
                branch=branch,
                bot=clean_name(data["bot"]) or None if isinstance(data.get("bot"), str) else None,
                team=team,
                injected=injected_from_json(data.get("injected")),
                learning=learning,
            )

    @classmethod
    def load(cls, path: str | Path) -> Replay:
        """Read a replay file; raises ReplayError on a missing, truncated, oversized or non-JSON file.

        Only a regular file is read (a device or FIFO is refused at once), and its size is checked first.
        """
        return load_with(Path(path), cls.from_json)


def injected_from_json(data: object) -> tuple[Event, ...]:
    """A replay's ``injected`` list (absent: none) as scenario Events; ReplayError (``format``) when malformed.
    Whether they fit the scenario is the engine's to say when the replay is played (:func:`verify`)."""
    if data is None:
        return ()
    if not isinstance(data, list) or len(data) > MAX_INJECTED:
        raise ReplayError(f"`injected` must be a list of at most {MAX_INJECTED} events")
    try:
        return tuple(Event.model_validate(item) for item in data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ReplayError(f"an injected event is malformed: {_shown(where)}: {_shown(first.get('msg', ''))}") from None


@contextmanager
def parsing(malformed: type[Exception], what: str) -> Iterator[None]:
    """Around parsing replay data (a desk game's or a head game's): ``malformed`` (the plan's or decision's own
    error, with a ``message``) and whatever mangled fields raise become a ReplayError with the reason."""
    try:
        yield
    except ReplayError:
        raise
    except malformed as exc:
        raise ReplayError(f"{what} is malformed: {getattr(exc, 'message', exc)}") from None
    except (KeyError, TypeError, AttributeError) as exc:
        raise ReplayError(f"replay is missing or mangles a field: {_shown(str(exc))}") from None
    except (OverflowError, ValueError, RecursionError) as exc:
        raise ReplayError(f"a value is out of range: {_shown(str(exc))}") from None


def load_with(path: Path, parse: Callable[[object], R]) -> R:
    """Read a replay file and parse it with ``parse``; a refusal names the file."""
    data = read_data(path)
    try:
        return parse(data)
    except ReplayError as exc:
        raise ReplayError(f"{path}: {exc}", exc.code) from None


def read_data(path: Path) -> object:
    """A replay file's JSON data; ReplayError (``unreadable``) on a missing, truncated, oversized, non-UTF-8
    or non-JSON file, the path in the message. Only a regular file is read, its size checked first."""
    try:
        text = read_regular(path, MAX_REPLAY_BYTES).decode("utf-8")
    except FileRefused as exc:
        raise ReplayError(f"{path}: {exc}", "unreadable") from None
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file", "unreadable") from None
    except PermissionError:
        raise ReplayError(f"{path}: you have no permission to read this file", "unreadable") from None
    except UnicodeDecodeError:
        raise ReplayError(f"{path}: not UTF-8 text; a replay is a JSON file", "unreadable") from None
    except OSError as exc:
        raise ReplayError(f"{path}: cannot read: {exc.strerror or exc}", "unreadable") from None
    try:
        return loads(text)
    except ReplayError as exc:
        raise ReplayError(f"{path}: {exc}", exc.code) from None


def checked_header(data: dict) -> tuple[dict, int, int, float | None]:
    """(scenario, seed, scenario version, claimed score) of replay data, each checked; ReplayError if not."""
    sc = data["scenario"]
    if not isinstance(sc, dict):
        raise ReplayError("`scenario` must be an object with id, version and hash")
    seed = data["seed"]
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ReplayError("seed must be a whole number from 0 to 2^63-1")
    claimed = data.get("claimed_score")
    if claimed is not None and (isinstance(claimed, bool) or not isinstance(claimed, (int, float))
                                or not math.isfinite(claimed) or abs(claimed) > 1e15):
        raise ReplayError("claimed_score must be a number")
    version = sc["version"]
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 1_000_000:
        raise ReplayError("scenario version must be a whole number from 1 to 1000000")
    return sc, seed, version, None if claimed is None else float(claimed)


def loads(text: str) -> object:
    """JSON text as data, within limits: finite numbers of at most 4,300 digits, nesting Python can parse.

    Raises ReplayError (``unreadable``) for text that is not JSON or breaks a limit. Numbers are
    range-checked where they are used (seed, version, score, markups, clients), so a long one is
    refused with the field it is in.
    """
    try:
        return json.loads(text, parse_constant=_no_constant)
    except ReplayError:
        raise
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ReplayError(f"not valid JSON (truncated or damaged?): {_shown(str(exc))}", "unreadable") from None
    except ValueError as exc:
        if "digits" in str(exc):
            raise ReplayError("a number has more than 4,300 digits; no value in a replay is that long",
                              "unreadable") from None
        raise ReplayError(f"not valid JSON: {_shown(str(exc))}", "unreadable") from None
    except (OverflowError, MemoryError) as exc:
        raise ReplayError(f"not valid JSON: {_shown(str(exc))}", "unreadable") from None


def _no_constant(name: str) -> float:
    raise ReplayError(f"`{name}` is not a number a replay may hold")


def _field(value: object, what: str) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool) or len(str(value)) > MAX_FIELD:
        raise ReplayError(f"{what} must be a short text")
    return str(value)


def _shown(value: object) -> str:
    """A value echoed in a message, cut short (a hostile file may put megabytes in it)."""
    text = repr(value) if not isinstance(value, str) else value
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 80 else text[:77] + "..."


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
    check_size(rep, scenario)
    try:
        game = replay_plans(scenario, rep.seed, list(rep.plans), rep.injected)
    except InjectedEventError as exc:
        raise ReplayError(f"an injected event does not fit the scenario: {exc}", "injected_events") from None
    except PlanError as exc:
        raise ReplayError(f"a plan breaks a rule: {exc.message}{_other_build(rep)}", "plan_rule") from None
    except ValueError as exc:
        raise ReplayError(str(exc), "format") from None
    score = game.result().score
    if rep.claimed_score is not None and abs(rep.claimed_score - score) > 1e-6:
        raise ReplayError(f"claimed score {rep.claimed_score:g} does not match the replayed score {score:g}"
                          f"{_other_build(rep)}", "score_mismatch")
    if rep.branch is not None:
        _check_branch(rep, scenario, game)
    if rep.team is not None:
        try:
            check_team(rep.team, game.plans)
        except TeamRecordError as exc:
            raise ReplayError(f"the team's record does not hold: {exc}", "team_record") from None
    return game


def _team(data: object) -> TeamRecord | None:
    """A replay's ``team`` (None when absent); ReplayError when it is malformed."""
    if data is None:
        return None
    try:
        return TeamRecord.from_json(data)
    except TeamRecordError as exc:
        raise ReplayError(f"the team's record is malformed: {exc}", "team_record") from None


def _check_branch(rep: Replay, scenario: Scenario, game: Game) -> None:
    """A branch's claim holds: its fork month is inside the game, and a reference strategy said to play on
    from there really played the months after it (strategies are deterministic, so it is played again and
    compared with ``game``, the replay's own game)."""
    branch = rep.branch
    assert branch is not None
    if branch.from_month > len(rep.plans):
        raise ReplayError(f"the branch starts after month {branch.from_month}; the game has {len(rep.plans)} months",
                          "branch")
    if branch.played_by is None:
        return
    again = replay_plans(scenario, rep.seed, list(rep.plans[:branch.from_month]), rep.injected)
    strategy = STRATEGIES[branch.played_by]
    while not again.finished:
        month = again.month
        again.play_month(strategy.make_plan(again))
        if canonical_plans(tuple(again.plans[month:month + 1])) != canonical_plans(tuple(game.plans[month:month + 1])):
            raise ReplayError(f"month {month + 1} is not what `{branch.played_by}` plays from month "
                              f"{branch.from_month}, though the branch says it played on", "branch")


def check_size(rep: Replay, scenario: Scenario) -> None:
    """Refuse a replay larger than anything its scenario allows (before the engine spends time on it).

    A month may touch each client at most 31 times (the engine's rule) and offer each product to each
    client; a batch listing a client again and again, or thousands of empty batches, is padding.
    """
    clients = max(scenario.client_count(), 1)
    products = len(scenario.products)
    touch_limit = TOUCHES_PER_CLIENT * clients
    offer_limit = products * clients
    for month, plan in enumerate(rep.plans, 1):
        touches = sum(int(b.clients.size) for b in plan.touches)
        offers = sum(int(b.clients.size) for b in plan.offers)
        if len(plan.touches) > touch_limit or touches > touch_limit:
            raise ReplayError(f"month {month} lists {touches:,} touches in {len(plan.touches):,} batches; "
                              f"this scenario allows at most {touch_limit:,} ({TOUCHES_PER_CLIENT} per client)",
                              "too_large")
        if len(plan.offers) > offer_limit or offers > offer_limit:
            raise ReplayError(f"month {month} lists {offers:,} offers in {len(plan.offers):,} batches; this scenario "
                              f"allows at most {offer_limit:,} (each product to each client)", "too_large")
        if len(plan.conversations) > clients:
            raise ReplayError(f"month {month} holds {len(plan.conversations):,} conversations; this scenario has "
                              f"{clients:,} clients (one conversation a client)", "too_large")
        if len(plan.markups) > products:
            raise ReplayError(f"month {month} sets {len(plan.markups)} markups; the scenario has {products} products",
                              "plan_rule")


def compact_plans(plans: tuple[MonthPlan, ...]) -> tuple[MonthPlan, ...]:
    """The same decisions without repeats: a client listed again in a batch is no extra touch or offer.

    Touch batches keep their clients' first occurrences in order (what the engine plays), so replaying
    the result gives the same game; it is what the leaderboard stores.
    """
    def once(clients: np.ndarray) -> np.ndarray:
        if clients.size < 2:
            return clients
        _, first = np.unique(clients, return_index=True)
        return clients if first.size == clients.size else clients[np.sort(first)]

    return tuple(MonthPlan(markups=dict(plan.markups),
                           touches=tuple(TouchBatch(b.kind, once(b.clients), b.topic) for b in plan.touches),
                           offers=tuple(OfferBatch(b.product, once(b.clients)) for b in plan.offers),
                           conversations=tuple(plan.conversations))
                 for plan in plans)


def canonical_plans(plans: tuple[MonthPlan, ...]) -> list[dict]:
    """The decisions in a canonical order, for recognising the same game in another file.

    Each touch batch's clients as a sorted set (a repeat in a batch is no extra touch), batches
    sorted; offers as sorted sets of clients per product.
    """
    months = []
    for plan in plans:
        touches = sorted((b.kind, b.topic or "", np.unique(b.clients).tolist()) for b in plan.touches if b.clients.size)
        merged: dict[str, list[np.ndarray]] = {}
        for b in plan.offers:
            if b.clients.size:
                merged.setdefault(b.product, []).append(b.clients)
        offers = [[p, np.unique(np.concatenate(c)).tolist()] for p, c in sorted(merged.items())]
        month = {"markups": {k: float(v) for k, v in sorted(plan.markups.items())},
                 "touches": [list(t) for t in touches], "offers": offers}
        if plan.conversations:   # a month without one keys as it did before conversations existed
            month["conversations"] = sorted([c.client, c.touch, list(c.questions)] for c in plan.conversations)
        months.append(month)
    return months


def decisions_key(rep: Replay, score: float) -> str:
    """What makes two replays the same game: scenario hash, seed and the decisions in canonical order.

    Not the player, group or file bytes: a colleague's file under another name, or the same plans
    with batches listed in another order, is the same game. The replayed score is included, so
    decisions the engine would treat differently are never merged.
    """
    game = {"scenario_hash": rep.scenario_hash, "seed": rep.seed, "plans": canonical_plans(rep.plans),
            "score": round(score, 6)}
    if rep.injected:  # only then: the keys of games without injected events stay what they were
        game["injected"] = [e.model_dump(mode="json") for e in rep.injected]
    canonical = json.dumps(game, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _other_build(rep: Replay) -> str:
    """A hint when the replay was recorded by a game whose rules differ from this one's."""
    here = rules_fingerprint()
    if rep.rules is None or rep.rules == here:
        return ""
    return (f"; it was recorded by another version of Sales Desk (rules {rep.rules}, here {here}): "
            "play and import with the same version")
