"""Game kinds: what differs between a desk game and a head-of-sales game, said once.

A *kind* is a way to play a scenario: ``desk`` (the player is the seller: each month a plan of touches, offers
and markups) and ``head`` (the player runs the department: rules, pay, hiring; simulated sellers run the
desks). Scenarios, games, replays, sessions and leaderboard entries each carry their kind's name (``.kind``);
callers ask the registry what that kind does (:func:`kind_of`) instead of testing for one kind by name or
class::

    kind = kind_of(replay)                 # or of a scenario, a game, a session, an entry; kind_named("head")
    game = kind.verify(replay, scenario)   # ReplayError if it does not hold
    kind.kpi_columns, kind.board_kpis      # what an entry stores, what a board shows

A new kind (the discovery conversation, say) is one more :class:`GameKind` in :data:`KINDS`: its replay codec,
its verification, its KPIs, its boards' columns, its scenes and its balance; nothing else switches on it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from ..engine import KPI_NAMES, Game, PlanError, replay as replay_plans
from ..head import HeadDecisionError, HeadGame, replay as replay_decisions
from ..head.balance import HEAD_KPIS, REFERENCE_HEAD, run_head_balance
from ..head.heads import HEADS, play_head
from ..scenario import Scenario
from ..strategies import STRATEGIES, play
from ..strategies.balance import Balance, run_balance
from ..strategies.probes import probes_for
from .code_version import head_reference_key, reference_key
from .head_replay import HeadReplay, head_decisions_key, verify_head
from .head_session import HeadSession
from .learning import check_answers
from .replay import FORMAT, HEAD_FORMAT, Replay, ReplayError, compact_plans, decisions_key, load_with, verify
from .review import month_summaries
from .saves import GameSession
from .schema import HEAD_KPI_COLUMNS, KPI_COLUMNS
from .similarity import similarity

REFERENCE_STRATEGY = "balanced"
PASSIVE_STRATEGY = "passive"
HEAD_IDLE = "idle"   # a head who decides nothing: a head game's zero on the skill scale

OnGame = Callable[[str, int], None]


class Kinded(Protocol):
    """Anything that says which kind of game it is: a scenario, game, replay, session or entry."""

    @property
    def kind(self) -> str: ...


@dataclass(frozen=True)
class GameKind:
    """One way to play a scenario, with everything the store, the command line and the screens need of it.

    Replays: ``replay_format`` (their files' ``format``), ``replay_type`` (``from_json``, ``from_game``,
    ``to_json``, ``save``), ``verify`` (replay, scenario -> the game, ReplayError if it does not hold),
    ``resimulate`` (scenario, replay -> the game, the kind's ``move_error`` if a move breaks a rule) and
    ``decisions_key`` (replay, score -> what makes two replays the same game). The leaderboard: the KPIs an
    entry stores (``kpi_columns``), the ones a board shows (``board_kpis``; ``table_kpis``, ``praise_kpis`` and
    ``group_kpis`` in the workshop report), the ``reference`` bot (skill 100) and the ``zero`` (skill 0), played
    by ``play_reference`` and cached under ``reference_key``. ``balance`` plays every reference (and probe) over
    seeds; ``kpis`` are the KPIs it reports. The screens: ``session`` starts a game in progress, ``play_scene``
    and ``debrief_scene`` open it, ``rule_keys`` are the help page's rules (catalogue keys), ``month_summaries``
    the review's months (None: the kind's ``report_scene`` shows a reviewed game).
    """

    name: str
    replay_format: str
    replay_type: Any             # the replay class: from_json, from_game, load (a Replay, a HeadReplay)
    verify: Callable[[Any, Scenario], Any]
    resimulate: Callable[[Scenario, Any], Any]
    move_error: type[Exception]
    decisions_key: Callable[[Any, float], str]
    kpis: tuple[str, ...]
    kpi_columns: tuple[str, ...]
    board_kpis: tuple[str, ...]
    table_kpis: tuple[str, ...]
    praise_kpis: tuple[str, ...]
    group_kpis: tuple[str, ...]
    reference: str
    zero: str
    play_reference: Callable[[Scenario, int, str], Any]
    reference_key: Callable[[str], str]
    balance: Callable[[Scenario, Iterable[int], bool, OnGame | None, int], Balance]
    session: Callable[..., Any]
    mode_key: str | None         # the catalogue key of the kind's name where scenarios of kinds are listed
    text_prefix: str             # the prefix of the kind's own catalogue keys ("head.brief.start")
    play_scene: str
    debrief_scene: str
    report_scene: str | None
    rule_keys: tuple[str, ...]
    month_summaries: Callable[[Any, str], list] | None
    compacted: Callable[[Any], Any]               # a verified replay as the leaderboard stores it
    bot_similarity: Callable[[Scenario, int, Any], dict] | None   # how like each bot a person's game decides
    bot_word: str                # ... and in the command line's "played by" column
    bot_label: str               # what a reference bot of the kind is called in an entry's ``played_by``
    stored_as: str | None        # the entries table's ``kind`` column (desk games were stored before kinds: NULL)
    common_mistakes: bool        # the engine's desk mistakes apply (the group view counts them)
    branches: bool               # a game may be played on from any month (what-if branches)
    team: bool                   # sellers work under the player's pay schemes (the help shows the team's)
    compares: bool               # two entries can be compared side by side


def _verify_desk(rep: Replay, scenario: Scenario) -> Game:
    """A desk replay verified (:func:`~.replay.verify`) with what the player answered around it held to the game
    (:func:`~.learning.check_answers`: a prediction no month asked, or a check the scenario lacks, is refused)."""
    game = verify(rep, scenario)
    check_answers(scenario, rep.seed, rep.plans, rep.learning, rep.injected)
    return game


def _play_strategy(scenario: Scenario, seed: int, name: str) -> Game:
    return play(scenario, seed, STRATEGIES[name])


def _play_head(scenario: Scenario, seed: int, name: str) -> HeadGame:
    if name == HEAD_IDLE:
        game = HeadGame(scenario, seed)
        while not game.finished:
            game.play_month()
        return game
    return play_head(scenario, seed, HEADS[name])


def _desk_balance(scenario: Scenario, seeds: Iterable[int], probes: bool = False, on_game: OnGame | None = None,
                  jobs: int = 1) -> Balance:
    return run_balance(scenario, STRATEGIES, seeds, probes_for(scenario) if probes else {}, on_game=on_game, jobs=jobs)


def _head_balance(scenario: Scenario, seeds: Iterable[int], probes: bool = False, on_game: OnGame | None = None,
                  jobs: int = 1) -> Balance:
    return run_head_balance(scenario, seeds, probes, on_game=on_game, jobs=jobs)


DESK = GameKind(
    name="desk", replay_format=FORMAT, replay_type=Replay, verify=_verify_desk,
    resimulate=lambda scenario, rep: replay_plans(scenario, rep.seed, list(rep.plans), rep.injected), move_error=PlanError,
    decisions_key=decisions_key, kpis=KPI_NAMES, kpi_columns=KPI_COLUMNS,
    board_kpis=("score", "skill", "loyalty", "bonus", "average_check"),
    table_kpis=("gross_profit", "bonus", "loyalty", "retention", "average_check", "revenue"),
    praise_kpis=("loyalty", "bonus", "average_check"),
    group_kpis=("score", "skill", "revenue", "gross_profit", "bonus", "loyalty", "retention", "average_check"),
    reference=REFERENCE_STRATEGY, zero=PASSIVE_STRATEGY, play_reference=_play_strategy,
    reference_key=lambda name: reference_key(name),   # looked up when called (a test stands in for an upgrade)
    balance=_desk_balance, session=GameSession, mode_key=None, text_prefix="", play_scene="desk", debrief_scene="debrief", report_scene=None,
    rule_keys=("help.rule.month", "help.rule.recall", "help.rule.reason", "help.rule.group", "help.rule.jobs",
               "help.rule.offers", "help.rule.markup", "help.rule.trust", "help.rule.hours", "help.rule.churn",
               "help.rule.pay"),
    month_summaries=month_summaries, compacted=lambda rep: replace(rep, plans=compact_plans(rep.plans)),
    bot_similarity=lambda scenario, seed, game: similarity(game.scenario, seed, game.plans), bot_word="bot", bot_label="strategy", stored_as=None, common_mistakes=True, branches=True, team=False, compares=True,
)

HEAD = GameKind(
    name="head", replay_format=HEAD_FORMAT, replay_type=HeadReplay, verify=verify_head,
    resimulate=lambda scenario, rep: replay_decisions(scenario, rep.seed, [list(m) for m in rep.decisions]),
    move_error=HeadDecisionError, decisions_key=head_decisions_key, kpis=HEAD_KPIS,
    kpi_columns=KPI_COLUMNS + HEAD_KPI_COLUMNS,
    board_kpis=("score", "skill", "net_profit", "loyalty", "retention", "morale", "quits"),
    table_kpis=("net_profit", "gross_profit", "revenue", "loyalty", "retention", "morale", "quits"),
    praise_kpis=("net_profit", "loyalty", "morale"),
    group_kpis=("score", "skill", "net_profit", "gross_profit", "revenue", "loyalty", "retention", "morale"),
    reference=REFERENCE_HEAD, zero=HEAD_IDLE, play_reference=_play_head, reference_key=head_reference_key,
    balance=_head_balance, session=HeadSession, mode_key="menu.head_mode", text_prefix="head.", play_scene="head_room", debrief_scene="head_debrief",
    report_scene="head_report",
    rule_keys=tuple(f"help.head_rule.{k}" for k in ("sellers", "pay", "promise", "interview", "event")),
    month_summaries=None, compacted=lambda rep: rep, bot_similarity=None, bot_word="head", bot_label="head", stored_as="head", common_mistakes=False, branches=False, team=True, compares=False,
)

KINDS: dict[str, GameKind] = {k.name: k for k in (DESK, HEAD)}


def kind_named(name: str | None) -> GameKind:
    """The kind called ``name`` (None, as a desk entry stored before kinds has it: the desk); KeyError if none."""
    return DESK if name is None else KINDS[name]


def kind_of(thing: Kinded | object) -> GameKind:
    """The kind of a scenario, game, replay, session or entry (what its ``kind`` says; the desk's when it says
    nothing, as a session or entry from before head mode)."""
    return kind_named(getattr(thing, "kind", None) or DESK.name)


def board_kind(entries: Iterable[Kinded]) -> GameKind:
    """The kind of a board's games (a board is one scenario's, so one kind's; an empty board is the desk's)."""
    return next((kind_of(e) for e in entries), DESK)


def parse_replay(data: object) -> Any:
    """Replay data of any kind, parsed by the kind its ``format`` names; ReplayError with the reason if none
    (data of no kind is read as a desk replay's, whose parser says what is wrong with it)."""
    declared = data.get("format") if isinstance(data, dict) else None
    kind = next((k for k in KINDS.values() if k.replay_format == declared), DESK)
    return kind.replay_type.from_json(data)


def load_replay(path: str | Path) -> Any:
    """Read a replay file of any kind (a regular file within the size limit); ReplayError on anything wrong."""
    return load_with(Path(path), parse_replay)


def checked_kind(rep: Kinded, scenario: Scenario) -> GameKind:
    """The replay's kind, when ``scenario`` is played that way; ReplayError (``unknown_scenario``) otherwise."""
    kind = kind_of(rep)
    if scenario.kind != kind.name:
        raise ReplayError(f"`{scenario.id}` is a {scenario.kind} scenario; this is a {kind.name} game's replay",
                          "unknown_scenario")
    return kind
