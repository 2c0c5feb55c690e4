"""The seller's desk: everything a seller may read and ask of a game this month, and nothing more.

A :class:`SellerDesk` is what a bot's ``make_plan`` receives (reference strategies, probes, your own bot
loaded with ``--strategy FILE.py:Name``, the head-mode sellers) and what the desk's screens ask: the
:class:`~.view.DeskView` of the clients plus the queries a seller makes while planning (prices, news,
whether an offer fits, forecasts, the rules a plan must keep).

It is a snapshot of what the desk knows as the month starts, taken by the game (``game.desk``) and never
linked back to it:

* no hidden truth: a need the desk has not revealed is not in it (it reads 0), so ``news``, the statuses and
  every forecast and outlook tell what the desk knows, not what the clients really need; the game's seed and
  luck are not in it either;
* nothing writes through: arrays are sealed (writing, or setting ``flags.writeable``, raises ``ValueError``),
  mappings refuse changes (``TypeError``), ``plans`` and ``reports`` are tuples of frozen records, and the
  scenario is a frozen copy without the named clients' hidden needs.

Asking never changes the game, and a plan is played only by whoever runs the game (``game.play_month``).
"""
from __future__ import annotations

import dataclasses
import pickle
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike
from pydantic import BaseModel

from ..scenario.schema import NamedClient, Scenario
from .conversation import FORCES, Conversation
from .conversation_rules import Talker, check_menus
from .forecast import MonthForecast, PriceOutlook, plan_forecast, price_outlook
from .frozen import FrozenDict, sealed
from .knowledge import OfferStatuses, TopicStatuses, last_refusals, offer_statuses, touch_statuses
from .money import deal_quote
from .month import DEAL_LOST, apply_touches
from .plan import ConversationRecord, MonthPlan, OfferBatch, PlanError, TouchBatch
from .report import MonthReport
from .rules import (
    MarketMonth,
    courted,
    due_soon,
    erosion,
    fading,
    forgets_us,
    market_month,
    met_in_person,
    recall_kept,
    silence_cost,
    silent,
    topic_news,
    welcome_touches,
)
from .score import ScorecardLine
from .validate import compile_plan
from .view import DeskKnowledge, DeskView
from .world import NEED_THRESHOLD, Catalog, ClientDirectory, ClientState, job_intensity

if TYPE_CHECKING:
    from .game import GameResult


@dataclass(frozen=True)
class ClientSignals:
    """What the desk flags on each client's row (N booleans each), every one decided by the engine's own rules
    for the month about to be played."""

    forgetting: np.ndarray   # silent past the scenario's silence_months (loyalty fades this month), or recall so
                             # low that a renewal goes to a competitor
    renewal_due: np.ndarray  # a cycle product inside its renewal window: a reminder now is a reason to call
    need_known: np.ndarray   # a need the player has revealed, strong enough for an offer to fit (NEED_THRESHOLD)
    at_risk: np.ndarray      # may leave this month: forgotten and distrusting, or trusting us too little to resist
                             # competitors
    lost: np.ndarray         # gone to a competitor (only a win-back touch reaches them)


FORECASTS_KEPT = 4   # forecasts a desk remembers (the latest first)


class _NoLuck:
    """Draws for looking ahead without luck: nothing random comes true (no need revealed, nobody won back)."""

    def uniform(self, month: int, clients: np.ndarray, slot: Any) -> np.ndarray:
        return np.ones(np.asarray(clients).shape[0])


class SellerDesk:
    """One month's desk: what a seller knows and may ask (see the module's docstring and docs/bot-api.md).

    Taken afresh by ``game.desk`` after each month; a desk kept from an earlier month still answers for
    that month. Its attributes cannot be set.
    """

    _scenario: Scenario
    _knowledge: DeskKnowledge
    _cat: Catalog
    _state: ClientState
    _markups: np.ndarray
    _plans: tuple[MonthPlan, ...]
    _reports: tuple[MonthReport, ...]
    _clients: ClientDirectory
    _game_key: object
    _result: bytes
    _scorecard: bytes
    _view: DeskView
    _touch_cache: tuple[weakref.ref[MonthPlan], ClientState] | None
    _forecasts: tuple[tuple[MonthPlan, MonthForecast], ...]
    _talker: Talker | None
    _talked_cache: tuple[tuple[ConversationRecord, ...], SellerDesk] | None

    def __init__(self, *, scenario: Scenario, knowledge: DeskKnowledge, markups: np.ndarray,
                 plans: tuple[MonthPlan, ...], reports: tuple[MonthReport, ...], clients: ClientDirectory,
                 game_key: object, result: GameResult, scorecard: tuple[ScorecardLine, ...],
                 talker: Talker | None = None):
        for name, value in (
            ("_scenario", scenario), ("_knowledge", knowledge), ("_cat", knowledge.catalog),
            ("_state", knowledge.state), ("_markups", sealed(markups)), ("_plans", plans), ("_reports", reports),
            ("_clients", clients), ("_game_key", game_key),
            ("_result", pickle.dumps(result)), ("_scorecard", pickle.dumps(list(scorecard))),  # fresh copies on request
            ("_view", DeskView(knowledge)), ("_touch_cache", None), ("_forecasts", ()), ("_talker", talker),
            ("_talked_cache", None),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"the desk is read-only: cannot set `{name}`")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"the desk is read-only: cannot delete `{name}`")

    # --- progress and the scenario --------------------------------------------------
    @property
    def month(self) -> int:
        """Months played so far (the month being planned is ``month + 1``)."""
        return self._knowledge.month

    @property
    def turns(self) -> int:
        """Months in the game."""
        return self._scenario.turns

    @property
    def finished(self) -> bool:
        """True once every month has been played."""
        return self.month >= self.turns

    @property
    def n_clients(self) -> int:
        """Number of clients (rows)."""
        return int(self._state.loyalty.shape[0])

    @property
    def scenario(self) -> Scenario:
        """The scenario as the desk knows it: a frozen copy (lists as tuples, mappings read-only) in which the
        named clients list only the needs the desk knows from the start."""
        return self._scenario

    @property
    def clients(self) -> ClientDirectory:
        """Who the clients are: ids, names and stories (row order)."""
        return self._clients

    @property
    def game_key(self) -> object:
        """The same object for every month's desk of one game, and another for another game (a bot that keeps
        things between months can tell a new game by it)."""
        return self._game_key

    @property
    def view(self) -> DeskView:
        """The clients and the catalogue as the desk knows them (see :class:`DeskView`)."""
        return self._view

    @property
    def markups(self) -> Mapping[str, float]:
        """Current markup per product (the last plan's, or the scenario's start); read-only."""
        return MappingProxyType({pid: float(self._markups[i]) for i, pid in enumerate(self._cat.product_ids)})

    # --- history ------------------------------------------------------------------------
    @property
    def plans(self) -> tuple[MonthPlan, ...]:
        """The plans played so far, one a month, as recorded (every markup filled in)."""
        return self._plans

    @property
    def reports(self) -> tuple[MonthReport, ...]:
        """What each month played produced (sealed arrays, read-only KPIs)."""
        return self._reports

    def result(self) -> GameResult:
        """KPIs and the score so far, with its breakdown (a copy)."""
        result: GameResult = pickle.loads(self._result)
        return result

    def scorecard(self) -> list[ScorecardLine]:
        """Each score item so far, with its change in points since the previous month."""
        lines: list[ScorecardLine] = pickle.loads(self._scorecard)
        return lines

    # --- clients ------------------------------------------------------------------------
    @property
    def _t(self) -> int:
        return min(self.month, self.turns - 1)

    def visible_needs(self) -> np.ndarray:
        """N x J: need intensities the desk knows (hidden ones are NaN)."""
        return sealed(np.where(self._state.revealed, self._state.need, np.nan))

    def due_in(self) -> np.ndarray:
        """N x P months until each cycle product comes due (negative: overdue; 10**6 for none)."""
        return self._view.due_in

    def client_signals(self) -> ClientSignals:
        """Each client's warning signs for the month about to be played (see :class:`ClientSignals`), judged on
        where a client left alone ends the month: recall faded, loyalty worn by silence and competitors."""
        st, m, t = self._state, self._scenario.model, self._t
        active = st.active
        quiet = silent(st.last_contact, t, m.silence_months)
        recall = st.recall * recall_kept(m.memory_months)
        loyalty = st.loyalty - silence_cost(quiet)
        loyalty = loyalty - erosion(loyalty) + DEAL_LOST  # and a deal lost this month costs a little more
        return ClientSignals(
            forgetting=sealed(active & (quiet | forgets_us(recall))),
            renewal_due=sealed(active & due_soon(st.last_buy, self._cat.cycle, t).any(axis=1)),
            need_known=sealed(active & (st.revealed & (st.need >= NEED_THRESHOLD)).any(axis=1)),
            at_risk=sealed(active & (fading(loyalty, recall, m.churn_threshold) | courted(loyalty))),
            lost=sealed(~active),
        )

    # --- prices -------------------------------------------------------------------------
    def market_prices(self, month_index: int | None = None) -> np.ndarray:
        """P: the market's price of each product in 0-based month ``month_index`` (default: the month being
        planned), with that month's events applied: the prices deals were (or will be) judged against."""
        t = self.month if month_index is None else month_index
        cat = self._cat
        return sealed(market_month(cat, np.zeros((0, len(cat.job_ids))), np.zeros((0, len(cat.product_ids))), t).market)

    def _market(self) -> MarketMonth:
        return market_month(self._cat, self._state.need, self._state.intensity, self._t)

    def _prices(self, markups: Mapping[str, float] | None) -> np.ndarray:
        """P: this month's price of each product at ``markups`` (missing products keep the current markup)."""
        values = np.array(self._markups, float)
        for pid, v in (markups or {}).items():
            values[self._cat.product_ids.index(pid)] = v
        return self._market().cost * (1.0 + values)

    def quote(self, product: str, markup: float) -> dict:
        """Price, margin and the bonus one deal at ``markup`` pays this month, for a live slider.

        Prices and costs are this month's, with the running events applied. ``serve_cost`` is what
        the deal costs to serve (its margin must cover it: the floor); on net-profit pay
        ``bonus_note`` says the month's overheads and bad debt will still move the bonus.
        """
        p = self._cat.product_ids.index(product)
        mk = self._market()
        return deal_quote(self._scenario.compensation, float(mk.cost[p]), float(mk.market[p]),
                          float(self._cat.serve_cost[p]), markup, self._scenario.model.price_tolerance).to_json()

    # --- what the desk knows before it acts ----------------------------------------------
    def news(self, markups: Mapping[str, float] | None = None) -> np.ndarray:
        """N x (P + E): whether a touch about each product (columns 0..P-1) or event (P..) would be news to
        each client this month by what the desk knows: a renewal reminder in its window not yet given, a product
        that fits a known need not yet pitched at this price and need, an event's news that concerns a known need
        not yet told. ``markups`` (default: the current ones) set the prices a pitch quotes."""
        cat, st = self._cat, self._state
        P, E, N = len(cat.product_ids), len(cat.event_ids), self.n_clients
        clients = np.repeat(np.arange(N, dtype=np.int64), P + E)
        topics = np.tile(np.arange(P + E, dtype=np.int64), N)
        news = topic_news(cat, st, self._market(), clients, topics, self._prices(markups), self._t)
        return sealed((news.renewal | news.pitch | news.event).reshape(N, P + E))

    def touch_status(self, markups: Mapping[str, float] | None = None) -> TopicStatuses:
        """N x (P + E): per client and topic, whether a touch would be news and, if not, why (a
        :class:`~.knowledge.TouchStatus` code and the month it refers to: "reminder already given in month 5").
        Codes below 10 are news; ``OVER_LIMIT`` is news the client has no room for this month."""
        room = self.touch_room() >= 1
        found = touch_statuses(self._cat, self._state, self._market(), self._prices(markups), self._t, room)
        return TopicStatuses(sealed(found.code), sealed(found.month))

    def touch_room(self) -> np.ndarray:
        """N: how many touches each client still welcomes this month (past them even a touch with a reason annoys
        and carries none): the scenario's ``touch_limit`` less the desk's log of recent contact."""
        return sealed(welcome_touches(self._view.recent_contacts, self._scenario.model.touch_limit))

    def offer_status(self, markups: Mapping[str, float] | None = None) -> OfferStatuses:
        """N x P: per client and product, how an offer would land by what the desk knows (an
        :class:`~.knowledge.OfferStatus` code: fits a known need, held, over budget, no known need, refused at this
        price in month M, pitched at this price in month M, ...) and the month it was last pitched or offered (0:
        never)."""
        refused = last_refusals(self._reports, self.n_clients, len(self._cat.product_ids))
        found = offer_statuses(self._cat, self._state, self._market(), self._prices(markups), self._t, refused)
        return OfferStatuses(sealed(found.code), sealed(found.month))

    # --- forecasts ------------------------------------------------------------------------
    def price_outlook(self, product: str, markups: ArrayLike, offer_clients: ArrayLike | None = None,
                      plan: MonthPlan | None = None) -> PriceOutlook:
        """Expected sales of ``product`` this month at each of ``markups`` by what the desk knows (a need it has
        not revealed brings no expected demand); nothing changes.

        ``offer_clients``: clients the product would also be offered to. ``plan``: the month's touches
        as planned so far, counted as the month will count them (recall, reminders, trust) before
        clients choose, without luck. See :mod:`.forecast`.
        """
        p = self._cat.product_ids.index(product)
        state = self._state if plan is None else self._talked(plan)._after_touches(plan)
        personal = None if plan is None else self._met_in_person(plan)  # an offer at a group event only converts less
        return _sealed_record(price_outlook(self._scenario, self._cat, state, self._t, p, np.asarray(markups, dtype=float),
                                            None if offer_clients is None else np.asarray(offer_clients), personal))

    def forecast(self, plan: MonthPlan) -> MonthForecast | None:
        """This month with ``plan`` (its touches, markups and offers) in expected values by what the desk knows:
        deals, revenue, gross profit and bonus, what the plan costs in loyalty and annoyance, and a look ahead at
        the next months' bonus (see :func:`~.forecast.plan_forecast`); None if the plan breaks a rule. Asking
        changes nothing; the same plan asked again gets the same forecast (the last few are kept)."""
        for asked, answer in self._forecasts:
            if asked == plan:
                return answer
        try:
            known = self._talked(plan)  # the month's conversations come first: what they reveal, its offers sell on
            compiled = compile_plan(self._scenario, self._cat, known._state, plan, self._markups)
        except PlanError:
            return None
        forecast = _sealed_record(plan_forecast(self._scenario, self._cat, known._state, known._knowledge.hidden,
                                                self._t, self.turns, compiled, self._talker))
        # The plan kept as a frozen copy: nothing writes through. A bot weighing drafts asks about each in turn.
        object.__setattr__(self, "_forecasts", ((desk_plan(plan), forecast),) + self._forecasts[:FORECASTS_KEPT - 1])
        return forecast

    def _talked(self, plan: MonthPlan) -> SellerDesk:
        """The desk after ``plan``'s conversations (itself when it holds none): the month counts what they reveal
        before clients choose, so the forecast does too."""
        if not plan.conversations or self._talker is None:
            return self
        talks = tuple(plan.conversations)
        cached = self._talked_cache
        if cached is not None and cached[0] == talks:   # a strategy asks about every product with the same talks
            return cached[1]
        desk = self.with_conversations(talks)
        object.__setattr__(self, "_talked_cache", (talks, desk))
        return desk

    def _met_in_person(self, plan: MonthPlan) -> np.ndarray:
        """N bool: the clients ``plan``'s touches meet one-to-one (an offer to the others is made at a group event)."""
        compiled = compile_plan(self._scenario, self._cat, self._state, MonthPlan(touches=plan.touches, conversations=plan.conversations), self._markups)
        return met_in_person(self._state.loyalty.shape[0], compiled.touch_client, compiled.touch_kind,
                             self._cat.touch_capacity)

    def _after_touches(self, plan: MonthPlan) -> ClientState:
        """A copy of the desk's state after ``plan``'s touches (its markups and offers aside), without luck; the
        last one is kept for the same plan object (a strategy asks about every product in turn)."""
        cached = self._touch_cache
        if cached is not None and cached[0]() is plan:
            return cached[1]
        compiled = compile_plan(self._scenario, self._cat, self._state, MonthPlan(touches=plan.touches, conversations=plan.conversations), self._markups)
        state = self._state.copy()
        mk = market_month(self._cat, state.need, state.intensity, self._t)
        apply_touches(self._scenario, self._cat, state, _NoLuck(), self._t, compiled, mk,  # type: ignore[arg-type]
                      mk.cost * (1.0 + self._markups))
        state = ClientState(**{k: sealed(v) for k, v in vars(state).items()})
        object.__setattr__(self, "_touch_cache", (weakref.ref(plan), state))
        return state

    # --- conversations (see :mod:`.conversation`) -------------------------------------------
    def conversation_touches(self) -> tuple[str, ...]:
        """The touch types that can carry a discovery conversation (one-to-one, not win-back); () when the scenario
        has no conversations."""
        if self._talker is None:
            return ()
        return tuple(t for t, ok in zip(self._cat.touch_ids, self._talker.book.touch_ok) if ok)

    def talkative(self) -> np.ndarray:
        """N bool: clients a conversation can be held with (an archetype, not gone)."""
        if self._talker is None:
            return sealed(np.zeros(self.n_clients, bool))
        return sealed((self._state.archetype >= 0) & self._state.active)

    def can_converse(self, client: int, touch: str) -> bool:
        """Whether a conversation with ``client`` can ride on a ``touch`` this month."""
        return touch in self.conversation_touches() and self._talker is not None and self._talker.can_talk(int(client))

    def open_conversation(self, client: int, touch: str) -> Conversation:
        """A conversation with ``client`` on a ``touch`` (a call or a visit), no question asked yet; PlanError
        (``conversation``) when there can be none. Asking changes nothing; the plan records it."""
        if self.finished:
            raise PlanError("game_over", "the game has ended")
        if not self.can_converse(client, touch):
            raise PlanError("conversation", f"no conversation with client #{client} on `{touch}`")
        assert self._talker is not None
        return self._talker.conversation(int(client), touch, ())

    def with_conversations(self, records: Sequence[ConversationRecord]) -> SellerDesk:
        """This desk as it knows the clients after ``records`` (this month's conversations): true needs revealed
        with their intensity, a "yes" noted as a need, forces named. The card, the fit line, the offers' marks and
        the forecast read it, so a need found on a call makes the fitting offer the same month."""
        if not records or self._talker is None:
            return self
        st = self._state
        revealed, need, forces, hidden = st.revealed.copy(), st.need.copy(), st.forces_known.copy(), self._knowledge.hidden.copy()
        jidx = {j: i for i, j in enumerate(self._cat.job_ids)}
        for record in records:
            conv = self.open_conversation(record.client, record.touch)
            for question in record.questions:
                conv = conv.ask(question)
            for finding in conv.findings:
                c = record.client
                if finding.kind == "force" and finding.force:
                    forces[c, FORCES.index(finding.force)] = True
                elif finding.job is not None and not revealed[c, jidx[finding.job]]:
                    revealed[c, jidx[finding.job]] = True
                    need[c, jidx[finding.job]] = finding.value
                    hidden[c] -= finding.kind == "need"
        state = dataclasses.replace(st, revealed=sealed(revealed), need=sealed(need), forces_known=sealed(forces),
                                    intensity=sealed(job_intensity(need, self._cat.serves)))
        knowledge = DeskKnowledge(self._cat, state, self.month, sealed(hidden))
        return SellerDesk(scenario=self._scenario, knowledge=knowledge, markups=self._markups, plans=self._plans,
                          reports=self._reports, clients=self._clients, game_key=self._game_key,
                          result=self.result(), scorecard=tuple(self.scorecard()), talker=self._talker)

    # --- the rules a plan must keep ------------------------------------------------------
    def hours_needed(self, plan: MonthPlan) -> float:
        """Hours ``plan`` takes (raises PlanError if it breaks any other rule)."""
        hours = compile_plan(self._scenario, self._cat, self._state, plan, self._markups).hours
        self._check_talks(plan)
        return hours

    def check(self, plan: MonthPlan) -> PlanError | None:
        """The first rule ``plan`` breaks, or None; nothing changes."""
        try:
            compile_plan(self._scenario, self._cat, self._state, plan, self._markups)
            self._check_talks(plan)
        except PlanError as exc:
            return exc
        return None

    def _check_talks(self, plan: MonthPlan) -> None:
        if plan.conversations and self._talker is not None:
            check_menus(self._talker, plan)


# --- taking the snapshot (the game does, with its own truth) ------------------------------------------------
# The desk gets its own copies of whatever the game keeps (records, the catalogue), so that not even a bot that
# bypasses the read-only guards (``object.__setattr__``, ``dict.__setitem__``) can reach the game's own.

def _sealed_record(record: Any) -> Any:
    """A frozen dataclass with every array in it sealed."""
    arrays = {f.name: sealed(v) for f in dataclasses.fields(record) if isinstance(v := getattr(record, f.name), np.ndarray)}
    return dataclasses.replace(record, **arrays)


def desk_plan(plan: MonthPlan) -> MonthPlan:
    """A copy of a recorded plan for the desk (its own markups mapping and batches)."""
    return MonthPlan(markups=FrozenDict(plan.markups),
                     touches=tuple(TouchBatch(b.kind, b.clients, b.topic) for b in plan.touches),
                     offers=tuple(OfferBatch(b.product, b.clients) for b in plan.offers),
                     conversations=tuple(plan.conversations))


def desk_report(report: MonthReport) -> MonthReport:
    """A copy of a (frozen) month report for the desk: its own KPIs mapping and books."""
    books = dataclasses.replace(report.books, bonus_by_base=FrozenDict(report.books.bonus_by_base))
    return dataclasses.replace(report, kpis=FrozenDict(report.kpis), books=books)


def desk_catalog(catalog: Catalog) -> Catalog:
    """A copy of the (sealed) catalogue for the desk."""
    return dataclasses.replace(catalog)


def desk_clients(clients: ClientDirectory) -> ClientDirectory:
    """A copy of the client directory for the desk."""
    return dataclasses.replace(clients)


def known_state(state: ClientState, catalog: Catalog, t: int) -> ClientState:
    """The clients as the desk knows them in 0-based month ``t``: needs it has not revealed as 0, every array
    sealed. The need recorded with a past pitch (the engine books the client's true need) is capped at the need the
    desk knows now: every "is it news again?" answer stays the same (a need must grow past the recorded one, and
    a known need cannot grow past itself), and no hidden need shows through."""
    need = np.where(state.revealed, state.need, state.believed)   # a "yes" to a leading question reads as a need
    intensity = job_intensity(need, catalog.serves)
    known_now = market_month(catalog, need, intensity, t).intensity
    rest = {k: sealed(v) for k, v in vars(state).items() if k not in ("need", "intensity", "pitched_need", "revealed")}
    return ClientState(**rest, need=sealed(need), intensity=sealed(intensity),
                       pitched_need=sealed(np.minimum(state.pitched_need, known_now)),
                       revealed=sealed(state.revealed | (state.believed > 0)))


def hidden_counts(state: ClientState) -> np.ndarray:
    """N: how many of each client's needs the desk has not learned yet."""
    return sealed(((state.need > 0) & ~state.revealed).sum(axis=1))


def public_scenario(scenario: Scenario) -> Scenario:
    """A frozen copy of ``scenario`` for the desk: lists as tuples, mappings read-only, and the named clients'
    needs the desk does not know from the start left out."""
    clients = tuple(_without_hidden(c) for c in scenario.clients)
    return _frozen_model(scenario.model_copy(update={"clients": clients}))


def _without_hidden(client: NamedClient) -> NamedClient:
    return client.model_copy(update={"needs": {j: v for j, v in client.needs.items() if j not in client.hidden},
                                     "hidden": []})


def _frozen_model(model: BaseModel) -> Any:
    return model.model_copy(update={name: _frozen_value(getattr(model, name)) for name in type(model).model_fields})


def _frozen_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _frozen_model(value)
    if isinstance(value, (list, tuple)):
        return tuple(_frozen_value(v) for v in value)
    if isinstance(value, dict):
        return FrozenDict({k: _frozen_value(v) for k, v in value.items()})
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    return value
