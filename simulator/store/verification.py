"""Results in: a game or a replay of any kind verified by replaying it, then stored on the leaderboard.

The service over :class:`~.leaderboard.Leaderboard`'s storage (which keeps and ranks what this hands it): a
claimed score is only checked, never stored; the score, KPIs and skill stored are what replaying gives. The
reference scores a skill is measured by come from :mod:`.references`.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine import Game
from ..head import HeadGame
from ..scenario import Scenario
from .entries import Entry, normalise_time, skill_score, utc_now
from .head_replay import HeadReplay
from .kinds import GameKind, checked_kind, kind_of, load_replay
from .references import injected_hash, reference_score
from .replay import Branch, Replay, ReplayError, canonical_plans
from .similarity import closest

if TYPE_CHECKING:
    from .leaderboard import Leaderboard


@dataclass(frozen=True)
class Added:
    """The stored entry for a game or replay; ``created`` is False when it was already there.

    ``entry.official`` is False when the scenario's content is not the official one for its id and
    version; ``entry.apart`` is the group's seed when the game was played on another one.
    """

    entry: Entry
    created: bool


@dataclass(frozen=True)
class ImportResult:
    """What happened to one replay file: stored (``entry``) or refused (``error`` and ``code``)."""

    path: str
    entry: Entry | None = None
    created: bool = False
    error: str | None = None
    code: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file's result is in the leaderboard (new or already there)."""
        return self.entry is not None


def own_bot(name: str) -> str:
    """How a game the player's own bot played (``--strategy FILE.py:NAME``) is marked: ``NAME (own)``."""
    return f"{name} (own)"


def _number(value: object) -> float | None:
    """A KPI as stored (a REAL column): None stays None."""
    return None if value is None else float(value)  # type: ignore[arg-type]


def same_player(existing: Entry, rep: Replay | HeadReplay) -> Entry:
    """``existing`` when ``rep`` is the same player's game; ReplayError (``duplicate``) for someone else's copy."""
    if (existing.player, existing.group) != (rep.player, rep.group):
        # Another cohort's players are never named to this one (nor is the cohort): only that the game is stored.
        whose = (f"entry {existing.id} by {existing.player or '?'}" if existing.group == rep.group
                 else "a game already stored for another group")
        raise ReplayError(f"the same decisions as {whose}: a copy of another player's game (renamed, or with its "
                          "batches reordered) is not another result", "duplicate")
    return existing


def compact(rep: Replay) -> str:
    """A replay as stored in the database: compact JSON (a file's indentation would multiply its size)."""
    return json.dumps(rep.to_json(), ensure_ascii=False, separators=(",", ":"))


def add_game(board: Leaderboard, game: Game | HeadGame, player: str = "", group: str = "", finished_at: str | None = None,
             branch: Branch | None = None) -> Added:
    """Store a finished game played in this process (the debrief's "submit"): a desk ``Game`` or a head-of-sales
    ``HeadGame``; a what-if ``branch`` is ranked apart (only a kind with branches has them: the desk's)."""
    kind = kind_of(game)
    if branch is not None and not kind.branches:
        raise ReplayError(f"a {kind.name} game has no what-if branches", "branch")
    rep = kind.replay_type.from_game(game, player=player, group=group, finished_at=finished_at or utc_now(),
                                     **({"branch": branch} if branch is not None else {}))
    return add_replay(board, rep, scenario=game.scenario)

def add_replay(board: Leaderboard, rep: Replay | HeadReplay, scenario: Scenario | None = None, mark_bots: bool = True) -> Added:
    """Verify ``rep`` by replaying it (against ``scenario`` or the library's) and store the result.

    ``rep`` is a replay of any kind (a desk game's :class:`Replay`, a head game's :class:`HeadReplay`), verified
    by its kind (``kinds``) and ranked on its scenario's own board. Raises ReplayError (with ``code``) if it
    is refused; the same decisions stored before (by anyone, under any name) return the existing entry
    with ``created=False``. A game on other content than the official one for its scenario id and
    version is stored as unofficial (its own board). ``mark_bots=False`` leaves a desk game's similarity to the
    bots (``store.similarity``, up to half a second a game) for :meth:`mark_bots` to fill in later (the
    workshop server's workers do it when no upload waits).
    """
    scenario = scenario if scenario is not None else board.scenarios.find(rep)
    kind = checked_kind(rep, scenario)
    game = kind.verify(rep, scenario)
    verified = rep.restamped(game, normalise_time(rep.finished_at) or utc_now())
    if rep.branch is not None:
        check_parent(board, verified)
    result = game.result()
    key = kind.decisions_key(verified, result.score)
    existing = board.entry_where("decisions_hash = ?", (key,))
    if existing is not None:
        return Added(board.placed(same_player(existing, verified)), False)
    # The bots play the market the player had: with a trainer's injected events, the game's own scenario (the file's
    # plus those events), cached under a hash of both.
    injected = getattr(verified, "injected", ())  # a head game has none
    market, market_hash = (game.scenario, injected_hash(verified.scenario_hash, injected)) if injected \
        else (scenario, verified.scenario_hash)
    reference = reference_score(board, market, market_hash, verified.seed, kind=kind)
    zero = reference_score(board, market, market_hash, verified.seed, kind.zero, kind)
    shares = kind.bot_similarity(scenario, verified.seed, game) \
        if kind.bot_similarity is not None and rep.branch is None and mark_bots else {}
    like, share = closest(shares)
    row = {
        "content_hash": key, "decisions_hash": key, "player": verified.player, "grp": verified.group,
        "scenario_id": verified.scenario_id, "scenario_version": verified.scenario_version,
        "scenario_hash": verified.scenario_hash, "seed": verified.seed, "score": result.score,
        "finished_at": verified.finished_at, "imported_at": utc_now(), "replay": compact(kind.compacted(verified)),
        "strategy": verified.strategy or (own_bot(verified.bot) if verified.bot else None),
        "reference_score": reference, "passive_score": zero, "skill": skill_score(result.score, zero, reference),
        "bot_like": like if shares else None, "bot_share": share if shares else None,
        "similarity": json.dumps(shares, sort_keys=True) if shares else None,
        "branch_parent": None if rep.branch is None else rep.branch.parent,
        "branch_from": None if rep.branch is None else rep.branch.from_month,
        "branch_played_by": None if rep.branch is None else rep.branch.played_by,
        "kind": kind.stored_as,
        **{f"kpi_{k}": _number(result.kpis.get(k)) for k in kind.kpi_columns},
    }
    return board.insert(row, scenario, verified, key, ranked=rep.branch is None)

def check_parent(board: Leaderboard, rep: Any) -> None:
    """A branch whose parent is stored must start with the parent's decisions (same scenario content, seed
    and first months); one whose parent is not here is kept, ranked apart like every branch."""
    branch = rep.branch
    assert branch is not None
    parent = board.entry_where("decisions_hash = ?", (branch.parent,))
    if parent is None:
        return
    kept = board.replay(parent.id)
    if (kept.scenario_hash, kept.seed) != (rep.scenario_hash, rep.seed) or \
            canonical_plans(kept.plans[:branch.from_month]) != canonical_plans(rep.plans[:branch.from_month]):
        raise ReplayError(f"the branch does not keep its parent's decisions (entry #{parent.id}) up to month "
                          f"{branch.from_month}", "branch")

def import_file(board: Leaderboard, path: str | Path) -> ImportResult:
    """Read, verify and store one replay file (a desk or a head game's). A bad file gives ``ok=False`` with
    the reason.

    Never raises for anything in the file, however malformed. StoreError (the database itself
    cannot be used) is raised, not folded into the result.
    """
    try:
        rep = load_replay(path)
        added = add_replay(board, rep)
    except ReplayError as exc:
        message = str(exc)
        if not message.startswith(str(path)):
            message = f"{path}: {message}"
        return ImportResult(str(path), error=message, code=exc.code)
    except (ValueError, TypeError, OverflowError, RecursionError, MemoryError, IndexError) as exc:
        # A replay must never stop a batch; what slipped past the checks is refused with its kind.
        return ImportResult(str(path), error=f"{path}: the replay cannot be used ({type(exc).__name__}: "
                            f"{str(exc)[:200]})", code="format")
    return ImportResult(str(path), entry=added.entry, created=added.created)

def import_files(board: Leaderboard, files: Iterable[str | Path]) -> list[ImportResult]:
    """:meth:`import_file` for each file; one bad file does not stop the others."""
    return [import_file(board, f) for f in files]


def review(board: Leaderboard, entry_id: int, kind: GameKind | None = None) -> Any:
    """An entry's game re-simulated month by month, by its kind: a desk ``Game`` (``game.plans[k]``,
    ``game.reports[k]``), a ``HeadGame`` (``game.decisions[k]``, ``game.reports[k]``).

    Raises ReplayError if the scenario it was played on is not available any more, or (``kind`` given) the
    entry is of another kind (see :meth:`stored_replay`).
    """
    rep = board.stored_replay(entry_id, kind)
    scenario = board.scenario_for(rep)
    own = kind_of(rep)
    try:
        return own.resimulate(scenario, rep)
    except own.move_error as exc:
        raise ReplayError(f"entry #{entry_id} no longer replays: {getattr(exc, 'message', exc)}",
                          "plan_rule") from None
    except (ValueError, OverflowError, IndexError) as exc:
        raise ReplayError(f"entry #{entry_id} no longer replays: {exc}", "damaged_entry") from None
