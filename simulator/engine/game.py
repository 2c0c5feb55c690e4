"""A game: a scenario, a seed, and the months played so far.

The only way to change a game is :meth:`Game.play_month` with a plan (and, in head mode, :meth:`Game.handover`
when the seller who held the book leaves). A plan that breaks a rule raises :class:`PlanError` and leaves the
game as it was.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ..scenario.loader import content_hash
from ..scenario.schema import Compensation, Event, Scenario
from .conversation import Conversation
from .conversation_numbers import ConversationNumbers, conversation_numbers
from .conversation_rules import Talker, build_book, check_menus
from .forecast import MonthForecast, PriceOutlook
from .frozen import FrozenDict, sealed
from .injected import check_injectable, with_injected
from .knowledge import OfferStatuses, TopicStatuses
from .money import outside_corridor
from .month import resolve_month
from .plan import MonthPlan, PlanError
from .progress import MonthProgress
from .report import MonthReport
from .rng import Draws, checked_seed
from .rules import market_month
from .score import (
    ClientCounts,
    ScorecardLine,
    ScoreLine,
    add_month,
    client_counts,
    column_totals,
    kpi_columns,
    score,
    scorecard,
    unmeasured_kpis,
)
from .seller_desk import (
    ClientSignals,
    SellerDesk,
    desk_catalog,
    desk_clients,
    desk_plan,
    desk_report,
    hidden_counts,
    known_state,
    public_scenario,
)
from .validate import compile_plan, complete_markups
from .view import DeskKnowledge, DeskView
from .world import Catalog, ClientState, build_clients


@dataclass(frozen=True)
class GameResult:
    """A finished (or partly played) game's KPIs, score and month-by-month KPIs."""

    kpis: dict
    score: float
    breakdown: list[ScoreLine]
    months: list[dict]

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {
            "score": self.score,
            "score_breakdown": [line.to_json() for line in self.breakdown],
            "kpis": self.kpis,
            "months": self.months,
        }


class Game(MonthProgress):
    """One play of a scenario with a seed."""

    kind = "desk"   # the game kind (``simulator.store.kinds``) of a desk game; a head game's is "head"

    def __init__(self, scenario: Scenario, seed: int, injected: Sequence[Event] = ()):
        self.seed = checked_seed(seed)
        self.injected: tuple[Event, ...] = tuple(injected)  # events from outside the file (a trainer's lever)
        # The scenario played: the file's, with the injected events after its own. The hash stays the file's, so a
        # replay names the scenario it came from and carries its injected events beside it.
        self.file_scenario = scenario
        self.scenario = with_injected(scenario, self.injected)
        self.scenario_hash = content_hash(scenario)
        scenario = self.scenario
        self.catalog = sealed_catalog(Catalog.build(scenario))
        self._state, self.clients = build_clients(scenario, self.catalog, self.seed)
        self._draws = Draws(self.seed)
        self._markups = self.catalog.markup_start.copy()
        self._plans: list[MonthPlan] = []
        self._reports: list[MonthReport] = []
        self._public_scenario: Scenario | None = None
        self._desk: SellerDesk | None = None
        self._key = object()
        self._book = build_book(scenario, self.catalog)
        # Kept as the months go (the clients change only in play_month): what the game's KPIs are totalled from.
        self._columns = kpi_columns()
        self._counts = client_counts(self._state)
        self._points: list[list[float]] = [[line.points for line in score(scenario.scoring, self._kpis())[1]]]

    # --- progress (month, turns, finished: MonthProgress) -----------------
    @property
    def n_clients(self) -> int:
        """Number of clients (rows)."""
        return int(self._state.loyalty.shape[0])

    @property  # read-only here (MonthProgress only reads it; the head's game keeps a list)
    def reports(self) -> tuple[MonthReport, ...]:  # type: ignore[override]
        """What each month played produced, in order (frozen: sealed arrays, read-only KPIs)."""
        return tuple(self._reports)

    @property
    def plans(self) -> tuple[MonthPlan, ...]:
        """The plans played, one a month, as recorded (see :meth:`as_recorded`)."""
        return tuple(self._plans)

    # --- the engine's own truth (for the engine, replay verification and tests; never for bots) ------
    @property
    def state(self) -> ClientState:
        """A read-only view of the client arrays, hidden needs included (live: the next month changes it; copy what
        you keep)."""
        view = ClientState(**{k: v.view() for k, v in vars(self._state).items()})
        for array in vars(view).values():
            array.flags.writeable = False
        return view

    # --- what a player may see and ask -----------------------------------------------
    @property
    def desk(self) -> SellerDesk:
        """What a seller may read and ask this month (see :class:`SellerDesk`): the snapshot bots plan from and
        screens ask, with no hidden truth and nothing that writes through. Taken afresh after each month."""
        if self._desk is None or self._desk.month != self.month:
            if self._public_scenario is None:
                self._public_scenario = public_scenario(self.scenario)
            knowledge = DeskKnowledge(desk_catalog(self.catalog), known_state(self._state, self.catalog, min(self.month, self.turns - 1)), self.month,
                                      hidden_counts(self._state))
            self._desk = SellerDesk(scenario=self._public_scenario, knowledge=knowledge, markups=self._markups,
                                    plans=tuple(desk_plan(p) for p in self._plans),
                                    reports=tuple(desk_report(r) for r in self._reports),
                                    clients=desk_clients(self.clients), game_key=self._key, result=self.result(),
                                    scorecard=tuple(self.scorecard()), talker=self._talker())
        return self._desk

    def _talker(self) -> Talker | None:
        """This month's conversations, answered from the clients' truth as the month starts (copies: a desk kept
        from this month still answers for it)."""
        if self._book is None or self.finished:
            return None
        key = (self.month, id(self.catalog))
        kept = getattr(self, "_talker_kept", None)
        if kept is not None and kept[0] == key:
            return kept[1]   # the same month's talker: its answers (and what it worked out) stay as they were
        st, t = self._state, self.month
        need = market_month(self.catalog, st.need, st.intensity, t).need
        talker = Talker(self._book, sealed(need.copy()), sealed(st.revealed | (st.believed > 0)),
                        sealed(st.archetype.copy()), sealed(st.forces_known.copy()), sealed(st.active.copy()),
                        self._draws, t)
        self._talker_kept = (key, talker)
        return talker

    @property
    def view(self) -> DeskView:
        """What the desk can know this month, by name (see :class:`DeskView`): what bots, screens and the store
        read instead of the engine's own arrays."""
        return self.desk.view

    @property
    def markups(self) -> dict[str, float]:
        """Current markup per product (the last plan's, or the scenario's start)."""
        return {pid: float(self._markups[i]) for i, pid in enumerate(self.catalog.product_ids)}

    # The desk's queries, for screens and tests that hold the game (bots get the desk itself).
    def market_prices(self, month_index: int | None = None) -> np.ndarray:
        """See :meth:`SellerDesk.market_prices`."""
        return self.desk.market_prices(month_index)

    def visible_needs(self) -> np.ndarray:
        """See :meth:`SellerDesk.visible_needs`."""
        return self.desk.visible_needs()

    def due_in(self) -> np.ndarray:
        """See :meth:`SellerDesk.due_in`."""
        return self.desk.due_in()

    def client_signals(self) -> ClientSignals:
        """See :meth:`SellerDesk.client_signals`."""
        return self.desk.client_signals()

    def quote(self, product: str, markup: float) -> dict:
        """See :meth:`SellerDesk.quote`."""
        return self.desk.quote(product, markup)

    def news(self, markups: Mapping[str, float] | None = None) -> np.ndarray:
        """See :meth:`SellerDesk.news` (what the desk knows, not the clients' true needs)."""
        return self.desk.news(markups)

    def touch_status(self, markups: Mapping[str, float] | None = None) -> TopicStatuses:
        """See :meth:`SellerDesk.touch_status`."""
        return self.desk.touch_status(markups)

    def touch_room(self) -> np.ndarray:
        """See :meth:`SellerDesk.touch_room`."""
        return self.desk.touch_room()

    def offer_status(self, markups: Mapping[str, float] | None = None) -> OfferStatuses:
        """See :meth:`SellerDesk.offer_status`."""
        return self.desk.offer_status(markups)

    def price_outlook(self, product: str, markups: ArrayLike, offer_clients: ArrayLike | None = None,
                      plan: MonthPlan | None = None) -> PriceOutlook:
        """See :meth:`SellerDesk.price_outlook`."""
        return self.desk.price_outlook(product, markups, offer_clients, plan)

    def forecast(self, plan: MonthPlan) -> MonthForecast | None:
        """See :meth:`SellerDesk.forecast`."""
        return self.desk.forecast(plan)

    def hours_needed(self, plan: MonthPlan) -> float:
        """See :meth:`SellerDesk.hours_needed`."""
        return self.desk.hours_needed(plan)

    def check(self, plan: MonthPlan) -> PlanError | None:
        """See :meth:`SellerDesk.check`."""
        return self.desk.check(plan)

    def open_conversation(self, client: int, touch: str) -> Conversation:
        """See :meth:`SellerDesk.open_conversation`."""
        return self.desk.open_conversation(client, touch)

    def can_converse(self, client: int, touch: str) -> bool:
        """See :meth:`SellerDesk.can_converse`."""
        return self.desk.can_converse(client, touch)

    def conversation_numbers(self) -> ConversationNumbers:
        """The game's conversations in numbers (see :func:`~.conversation_numbers.conversation_numbers`)."""
        return conversation_numbers(self.catalog, self._reports)

    # --- playing --------------------------------------------------------
    def play_month(self, plan: MonthPlan) -> MonthReport:
        """Resolve the next month with ``plan``; raises PlanError (state unchanged) on a broken rule."""
        if self.finished:
            raise PlanError("game_over", f"the game has ended after {self.turns} months")
        compiled = compile_plan(self.scenario, self.catalog, self._state, plan, self._markups)
        if plan.conversations:
            talker = self._talker()
            assert talker is not None   # compile_plan refuses conversations in a scenario without them
            check_menus(talker, plan)
        normalised = self.as_recorded(plan)
        # The month changes the clients in place: a plan is checked in full before (compile_plan), and what a
        # desk or a bot was given is a sealed copy, so nobody holds what changes (``state`` is a live view).
        report = frozen_report(resolve_month(self.scenario, self.catalog, self._state, self._draws, self.month, compiled,
                                             self._book, self._talker() if compiled.talks else None))
        self._markups = compiled.markups
        self._plans.append(normalised)
        self._reports.append(report)
        add_month(self._columns, report.kpis)
        self._counts = client_counts(self._state, report.kpis["loyalty"])
        self._points.append([line.points for line in score(self.scenario.scoring, self._kpis())[1]])
        return report

    def handover(self, loyalty_lost: float, recall_kept: float) -> None:
        """The seller who held this book has left (head mode): the relationship was partly his, so every client
        loses ``loyalty_lost`` of its loyalty (a share) and keeps ``recall_kept`` of its recall; the next month
        plays on from there. No luck is drawn, so nothing random changes for anyone."""
        if not (0.0 <= loyalty_lost <= 1.0 and 0.0 <= recall_kept <= 1.0):
            raise ValueError("handover shares are between 0 and 1")
        self._state.loyalty *= 1.0 - loyalty_lost
        self._state.recall *= recall_kept
        self._desk = None

    def _kpis(self) -> dict[str, float]:
        """The game's KPIs so far (see :func:`~.score.kpi_totals`)."""
        return column_totals(self._columns, self._counts)

    def rehearse(self, plan: MonthPlan) -> MonthReport:
        """The next month as :meth:`play_month` would play it with ``plan`` (the same clients, the same luck, bit for
        bit), on a copy: the game is not changed. For the engine's own checks after a plan is handed in (a
        prediction's answer, :mod:`.predictions`) and for tests; never a forecast shown before the player decides
        (that is :meth:`SellerDesk.forecast`, on the desk's knowledge and luck of its own). PlanError on a broken rule."""
        if self.finished:
            raise PlanError("game_over", f"the game has ended after {self.turns} months")
        copy = self._state.copy()
        compiled = compile_plan(self.scenario, self.catalog, copy, plan, self._markups)
        if plan.conversations:
            talker = self._talker()
            assert talker is not None   # compile_plan refuses conversations in a scenario without them
            check_menus(talker, plan)
        return resolve_month(self.scenario, self.catalog, copy, self._draws, self.month, compiled, self._book)

    def fork(self, seed: int) -> Game:
        """A copy of this game as it stands whose months from now on draw their luck from ``seed``: the same clients,
        history and plan under other luck (a forecast's range). The original is untouched by anything the copy plays."""
        twin = object.__new__(Game)
        twin.__dict__.update(self.__dict__)
        twin._state = ClientState(**{k: v.copy() for k, v in vars(self._state).items()})
        twin._draws = Draws(checked_seed(seed))
        twin._markups = self._markups.copy()
        twin._plans, twin._reports = list(self._plans), list(self._reports)
        twin._points = [list(p) for p in self._points]
        twin._columns = {k: list(v) for k, v in self._columns.items()}
        twin._desk, twin._key = None, object()
        return twin

    def as_recorded(self, plan: MonthPlan) -> MonthPlan:
        """``plan`` as the game records it if played now: every product's markup filled in (unchanged ones keep
        the current markup); what ``plans`` and replays hold."""
        return MonthPlan(markups=FrozenDict(complete_markups(self.catalog, plan, self._markups)),
                         touches=tuple(plan.touches), offers=tuple(plan.offers),
                         conversations=tuple(plan.conversations))

    def scorecard(self) -> list[ScorecardLine]:
        """Each score item so far (from month 1 on: before any month, shares are where the game starts),
        with its change in points since the previous month."""
        kpis = self._kpis()
        previous = self._points[-2] if len(self._points) >= 2 else None
        return scorecard(self.scenario.scoring, kpis, previous, unmeasured_kpis(self._reports))

    def client_counts(self) -> ClientCounts:
        """How many clients bought, bought again and are active now (what KPI totals over several games need)."""
        return self._counts

    def sales_outside(self, report: MonthReport, comp: Compensation) -> tuple[float, float, float]:
        """(revenue, cost of goods, cost to serve) of ``report``'s sales (a month of this game) whose markup is outside
        ``comp``'s bonus corridor, at the markups that month was played with (a head's threshold on a book)."""
        t = report.month - 1
        markups = np.array([self._plans[t].markups[pid] for pid in self.catalog.product_ids])
        cost = market_month(self.catalog, self._state.need, self._state.intensity, t).cost   # events move costs
        sold = np.concatenate([report.deal_product[report.deals_won], report.offer_product[report.offers_accepted]])
        return outside_corridor(comp, markups, cost, self.catalog.serve_cost, sold)

    def result(self) -> GameResult:
        """KPIs, score with breakdown, and per-month KPIs of the months played."""
        kpis = self._kpis()
        total, lines = score(self.scenario.scoring, kpis)
        return GameResult(kpis=kpis, score=total, breakdown=lines, months=[dict(r.kpis, month=r.month) for r in self.reports])


def sealed_catalog(catalog: Catalog) -> Catalog:
    """``catalog`` with every array sealed: the catalogue never changes during a game, and nobody may change it."""
    arrays: dict[str, Any] = {f.name: sealed(v) for f in dataclasses.fields(catalog)
                              if isinstance(v := getattr(catalog, f.name), np.ndarray)}
    return dataclasses.replace(catalog, **arrays)


def frozen_report(report: MonthReport) -> MonthReport:
    """``report`` with its arrays sealed and its KPIs read-only: what happened stays as it happened."""
    arrays: dict[str, Any] = {f.name: sealed(v) for f in dataclasses.fields(report)
                              if isinstance(v := getattr(report, f.name), np.ndarray)}
    books = dataclasses.replace(report.books, bonus_by_base=FrozenDict(report.books.bonus_by_base))
    return dataclasses.replace(report, **arrays, kpis=FrozenDict(report.kpis), books=books)


def replay(scenario: Scenario, seed: int, plans: list[MonthPlan], injected: Sequence[Event] = ()) -> Game:
    """Play ``plans`` from the start (with ``injected`` events: see :mod:`.injected`); raises PlanError naming the
    month of a broken plan, InjectedEventError for an injected event that does not fit the scenario."""
    game = Game(scenario, seed, injected)
    for k, plan in enumerate(plans):
        try:
            game.play_month(plan)
        except PlanError as exc:
            raise PlanError(exc.rule, f"month {k + 1}: {exc.message}") from None
    return game


def inject(game: Game, events: Sequence[Event]) -> Game:
    """A new game: ``game`` with ``events`` injected besides those it has, its months replayed (the same plans, so
    the same months: an injected event may only start in a month not played yet, else InjectedEventError)."""
    check_injectable(game.month, events)
    return replay(game.file_scenario, game.seed, list(game.plans), [*game.injected, *events])
