"""A leaderboard entry: who played what, and what replaying their plans gave.

The skill score places a player between two bots on the same scenario and
seed: ``skill = 100 * (score - passive) / (balanced - passive)``, where
``passive`` does nothing (0) and ``balanced`` is the reference (100); None when
the reference does not beat doing nothing. It lets groups that played
different seeds be compared fairly.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..engine import Game, skill as engine_skill
from .kinds import HEAD_IDLE, KINDS, PASSIVE_STRATEGY, REFERENCE_STRATEGY, kind_named
from .replay import Branch, Replay, decisions_key
from .schema import HEAD_KPI_COLUMNS, KPI_COLUMNS
from .similarity import BOT_SHARE

__all__ = ["BOARD_KPIS", "ENTRY_COLUMNS", "Entry", "HEAD_IDLE", "PASSIVE_STRATEGY", "REFERENCE_STRATEGY",
           "branch_replay", "content_key", "date_bound", "decisions_key", "normalise_time", "skill_score", "utc_now"]

# Boards besides the overall one: the KPI a board sorts by (higher is better for each; a head game's ``quits``,
# where fewer is better, is stored and shown but no board sorts by it).
BOARD_KPIS = ("score", "skill") + KPI_COLUMNS + ("morale",)

ENTRY_COLUMNS = (
    "id", "content_hash", "player", "grp", "scenario_id", "scenario_version", "scenario_hash", "seed", "score",
    "skill", "reference_score", "strategy", "finished_at", "imported_at", "passive_score", "official",
    "branch_parent", "branch_from", "branch_played_by", "kind", "bot_like", "bot_share",
) + tuple(f"kpi_{k}" for k in KPI_COLUMNS + HEAD_KPI_COLUMNS)


@dataclass(frozen=True)
class Entry:
    """One stored result. ``score`` was recomputed by replaying; ``kpis`` values are None if unknown.

    ``kind`` names its game kind (``store.kinds``: ``desk`` or ``head``); ``kpis`` holds the kind's KPI columns
    (a head-of-sales game's also ``morale`` and ``quits``), and its reference and zero are the kind's bots.
    """

    id: int
    player: str
    group: str
    scenario_id: str
    scenario_version: int
    scenario_hash: str
    seed: int
    score: float
    skill: float | None
    reference_score: float | None
    kpis: dict[str, float | None]
    finished_at: str
    imported_at: str
    strategy: str | None
    content_hash: str
    passive_score: float | None = None
    official: bool = True
    branch: Branch | None = None  # a what-if branch of another game (ranked apart)
    apart: int | None = field(default=None, compare=False)  # the group's seed, when this entry played another
    rank: int | None = field(default=None, compare=False)
    kind: str = "desk"
    bot_like: str | None = None     # the strategy whose decisions this game's are closest to (store.similarity)
    bot_share: float | None = None  # the share of months decided as that strategy would have (None: not computed)

    @classmethod
    def from_row(cls, row: tuple, rank: int | None = None) -> Entry:
        """An entry from a row selected with :data:`ENTRY_COLUMNS`."""
        v = dict(zip(ENTRY_COLUMNS, row))
        kind = kind_named(v["kind"] if v["kind"] in KINDS else None)
        kpis = {k: v[f"kpi_{k}"] for k in kind.kpi_columns}
        return cls(
            id=v["id"], player=v["player"], group=v["grp"], scenario_id=v["scenario_id"],
            scenario_version=v["scenario_version"], scenario_hash=v["scenario_hash"], seed=v["seed"],
            score=v["score"], skill=v["skill"], reference_score=v["reference_score"],
            kpis=kpis, finished_at=v["finished_at"],
            imported_at=v["imported_at"], strategy=v["strategy"], content_hash=v["content_hash"],
            passive_score=v["passive_score"], official=v["official"] != 0, rank=rank,
            branch=None if v["branch_parent"] is None else Branch(v["branch_parent"], v["branch_from"],
                                                                   v["branch_played_by"]),
            kind=kind.name, bot_like=v["bot_like"], bot_share=v["bot_share"],
        )

    @property
    def bot(self) -> str | None:
        """The bot mark: the strategy that wrote the replay (a reference, a head, or ``NAME (own)`` for the player's
        own bot file), else the strategy the game plays like in at least ``BOT_SHARE`` of its months; None for a
        person's game."""
        if self.strategy:
            return self.strategy
        if self.bot_like is not None and self.bot_share is not None and self.bot_share >= BOT_SHARE:
            return self.bot_like
        return None

    @property
    def plays_like(self) -> bool:
        """True when the bot mark comes from the similarity of the decisions, not from the replay's own label."""
        return not self.strategy and self.bot is not None

    @property
    def played_by(self) -> str:
        """Who played: ``person`` (at the desk or at the head's table), ``strategy:NAME`` (a reference bot or the
        player's own bot wrote the replay), ``head:NAME`` (a reference head played the head game) or ``like:NAME``
        (labelled a person's, but decided as the strategy ``NAME`` would in at least half the months)."""
        if self.plays_like:
            return f"like:{self.bot_like}"
        if not self.strategy:
            return "person"
        return f"{kind_named(self.kind).bot_label}:{self.strategy}"

    def value(self, kpi: str) -> float | None:
        """The value a board sorts by: ``score``, ``skill`` or a KPI."""
        if kpi == "score":
            return self.score
        if kpi == "skill":
            return self.skill
        return self.kpis.get(kpi)

    def to_json(self) -> dict:
        """Plain JSON data (without the plans; see ``Leaderboard.replay``)."""
        return {
            "id": self.id, "rank": self.rank, "player": self.player, "group": self.group,
            "scenario": {"id": self.scenario_id, "version": self.scenario_version, "hash": self.scenario_hash},
            "seed": self.seed, "score": self.score, "skill": self.skill, "reference_score": self.reference_score,
            "kpis": self.kpis, "finished_at": self.finished_at, "imported_at": self.imported_at,
            "strategy": self.strategy, "played_by": self.played_by, "content_hash": self.content_hash,
            "passive_score": self.passive_score, "official": self.official, "group_seed": self.apart,
            "branch": None if self.branch is None else self.branch.to_json(), "kind": self.kind,
            "bot": self.bot, "bot_like": self.bot_like, "bot_share": self.bot_share,
        }


def content_key(rep: Replay) -> str:
    """The first schema's key (scenario hash, seed, plans, player and group); kept for migration tests."""
    canonical = json.dumps(
        {"scenario_hash": rep.scenario_hash, "seed": rep.seed, "player": rep.player, "group": rep.group,
         "plans": [p.to_json() for p in rep.plans]},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def branch_replay(parent: Replay, parent_score: float, game: Game, from_month: int, played_by: str | None,
                  finished_at: str | None = None) -> Replay:
    """The replay of ``game``, a what-if that kept the first ``from_month`` months of ``parent`` (whose replayed
    score is ``parent_score``) and was played on by ``played_by`` (a reference strategy, or None for a person)."""
    return Replay.from_game(game, parent.player, parent.group, finished_at=finished_at,
                            branch=Branch(decisions_key(parent, parent_score), from_month, played_by))


def skill_score(score: float, passive: float | None, reference: float | None) -> float | None:
    """``100 * (score - passive) / (reference - passive)``, rounded to 0.01 (see ``engine.skill``)."""
    return engine_skill(score, passive, reference)


def utc_now() -> str:
    """Now, as stored: ISO 8601 in UTC to the second, e.g. ``2024-05-01T09:30:00Z``."""
    return _stamp(datetime.now(UTC))


def _stamp(moment: datetime) -> str:
    # isoformat pads the year to four digits (strftime does not everywhere), so strings sort as times.
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def normalise_time(text: str | None) -> str | None:
    """An ISO date-time as stored (UTC, ``...Z``); None if it does not parse. A naive time counts as UTC."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return _stamp(moment.astimezone(UTC))
    except (ValueError, OverflowError):
        return None


def date_bound(text: str, end: bool) -> str:
    """A filter bound from ``YYYY-MM-DD`` or a full ISO date-time; a bare end date includes that whole day.

    Raises ValueError for anything else.
    """
    if len(text) == 10:
        day = datetime.strptime(text, "%Y-%m-%d")
        return _stamp(day.replace(hour=23, minute=59, second=59) if end else day)
    stored = normalise_time(text)
    if stored is None:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD)")
    return stored
