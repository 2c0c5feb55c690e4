"""A game: a scenario, a seed, and the months played so far.

The only way to change a game is :meth:`Game.play_month` with a plan. A plan
that breaks a rule raises :class:`PlanError` and leaves the game as it was.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..scenario.loader import content_hash
from ..scenario.schema import Scenario
from .month import (DEAL_LOST, EROSION, FORGOTTEN_BELOW, POACH_BELOW, SILENCE_FADE, apply_touches,
                    resolve_month)
from .progress import MonthProgress
from .forecast import MonthForecast, PriceOutlook, plan_forecast, price_outlook
from .money import deal_bonus, in_corridor
from .rules import due_soon, market_month, topic_news
from .plan import MonthPlan, PlanError
from .report import MonthReport
from .rng import Draws
from .score import ScorecardLine, ScoreLine, game_kpis, score, scorecard
from .validate import compile_plan, complete_markups
from .view import DeskView
from .world import NEVER, Catalog, ClientState, build_clients

MAX_SEED = 2**63 - 1


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


@dataclass(frozen=True)
class ClientSignals:
    """What the desk flags on each client's row (N booleans each), every one decided by the engine's own rules
    for the month about to be played."""

    forgetting: np.ndarray   # silent past the scenario's silence_months (loyalty fades this month), or recall so
                             # low that a renewal goes to a competitor
    renewal_due: np.ndarray  # a cycle product inside its renewal window: a reminder now is a reason to call
    need_known: np.ndarray   # a need the player has revealed
    at_risk: np.ndarray      # may leave this month: forgotten and distrusting, or trusting us too little to resist
                             # competitors
    lost: np.ndarray         # gone to a competitor (only a win-back touch reaches them)


class Game(MonthProgress):
    """One play of a scenario with a seed."""

    def __init__(self, scenario: Scenario, seed: int):
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) <= MAX_SEED:
            raise ValueError(f"seed must be a whole number 0..{MAX_SEED}")
        self.scenario = scenario
        self.seed = int(seed)
        self.scenario_hash = content_hash(scenario)
        self.catalog = Catalog.build(scenario)
        self._state, self.clients = build_clients(scenario, self.catalog, self.seed)
        self._draws = Draws(self.seed)
        self._markups = self.catalog.markup_start.copy()
        self.plans: list[MonthPlan] = []
        self.reports: list[MonthReport] = []
        self._touch_cache: tuple | None = None
        self._forecast_cache: tuple | None = None
        self._view: DeskView | None = None
        self._points: list[list[float]] = [[line.points for line in score(scenario.scoring, game_kpis([], self._state))[1]]]

    # --- progress (month, turns, finished: MonthProgress) -----------------
    @property
    def n_clients(self) -> int:
        """Number of clients (rows)."""
        return int(self._state.loyalty.shape[0])

    # --- what a player may see ------------------------------------------
    @property
    def state(self) -> ClientState:
        """A read-only view of the client arrays."""
        view = ClientState(**{k: v.view() for k, v in vars(self._state).items()})
        for array in vars(view).values():
            array.flags.writeable = False
        return view

    @property
    def view(self) -> DeskView:
        """What the desk can know this month, by name (see :class:`DeskView`): what bots, screens and the store
        read instead of the engine's own arrays."""
        if self._view is None or self._view.month != self.month:  # a month played: a fresh view
            self._view = DeskView(self)
        return self._view

    @property
    def markups(self) -> dict[str, float]:
        """Current markup per product (the last plan's, or the scenario's start)."""
        return {pid: float(self._markups[i]) for i, pid in enumerate(self.catalog.product_ids)}

    def market_prices(self, month_index: int | None = None) -> np.ndarray:
        """P: the market's price of each product in 0-based month ``month_index`` (default: the month being
        planned), with that month's events applied: the prices deals were (or will be) judged against."""
        t = self.month if month_index is None else month_index
        cat = self.catalog
        return market_month(cat, np.zeros((0, len(cat.job_ids))), np.zeros((0, len(cat.product_ids))), t).market

    def visible_needs(self) -> np.ndarray:
        """Need intensities the player knows (hidden ones are NaN)."""
        return np.where(self._state.revealed, self._state.need, np.nan)

    def due_in(self) -> np.ndarray:
        """N x P months until each cycle product comes due (negative: overdue; large for none)."""
        cyc = self.catalog.cycle
        bought = self._state.last_buy
        result = np.where(bought > NEVER, bought + (cyc - self.month), 10**6).astype(np.int64, copy=False)
        result[:, cyc <= 0] = 10**6
        return result

    def client_signals(self) -> ClientSignals:
        """Each client's warning signs for the month about to be played (see :class:`ClientSignals`), judged on
        where a client left alone ends the month: recall faded, loyalty worn by silence and competitors."""
        st, m, t = self._state, self.scenario.model, min(self.month, self.turns - 1)
        active = st.active.copy()
        silent = (t - st.last_contact) > m.silence_months
        recall = st.recall * np.exp(-1.0 / m.memory_months)
        loyalty = st.loyalty - np.where(silent, SILENCE_FADE, 0.0)
        loyalty = loyalty - EROSION * loyalty + DEAL_LOST  # and a deal lost this month costs a little more
        fading = (loyalty < m.churn_threshold) & (recall < m.churn_threshold)
        return ClientSignals(
            forgetting=active & (silent | (recall < FORGOTTEN_BELOW)),
            renewal_due=active & due_soon(st.last_buy, self.catalog.cycle, t).any(axis=1),
            need_known=active & (st.revealed & (st.need > 0)).any(axis=1),
            at_risk=active & (fading | (loyalty < POACH_BELOW)),
            lost=~active,
        )

    def quote(self, product: str, markup: float) -> dict:
        """Price, margin and the bonus one deal at ``markup`` pays this month, for a live slider.

        Prices and costs are this month's, with the running events applied. ``serve_cost`` is what
        the deal costs to serve (its margin must cover it: the floor); on net-profit pay
        ``bonus_note`` says the month's overheads and bad debt will still move the bonus.
        """
        p = self.catalog.product_ids.index(product)
        mk = market_month(self.catalog, self._state.need, self._state.intensity, min(self.month, self.turns - 1))
        cost, market = float(mk.cost[p]), float(mk.market[p])
        serve = float(self.catalog.serve_cost[p])
        price = cost * (1.0 + markup)
        comp = self.scenario.compensation
        return {
            "price": round(price, 2), "margin": round(price - cost, 2), "market_price": round(market, 2),
            "cost": round(cost, 2), "serve_cost": serve, "margin_after_serve": round(price - cost - serve, 2),
            "gap": (price - market) / market if market else 0.0,
            "bonus": deal_bonus(comp, price, cost, serve),
            "outside_corridor": not in_corridor(comp, markup),   # no bonus on this deal: the pay rule's thresholds
            "bonus_uncertain": comp.base == "net_profit" and (comp.overheads * comp.overhead_swing > 0 or comp.bad_debt > 0),
            # Markups at which the price meets the market, and where it passes the market's tolerance.
            "market_markup": market / cost - 1.0,
            "tolerance_markup": market * (1.0 + self.scenario.model.price_tolerance) / cost - 1.0,
        }

    def news(self, markups: dict[str, float] | None = None) -> np.ndarray:
        """N x (P + E): whether a touch about each product (columns 0..P-1) or event (P..) would be news to
        each client this month: a renewal reminder in its window not yet given, a fitting product not yet
        pitched at this price and need, an event's news not yet told. Uses the client's true needs, as the
        month will; ``markups`` (default: the current ones) set the prices a pitch quotes.
        """
        cat, st = self.catalog, self._state
        P, E, N = len(cat.product_ids), len(cat.event_ids), self.n_clients
        t = min(self.month, self.turns - 1)
        mk = market_month(cat, st.need, st.intensity, t)
        values = self._markups.copy()
        for pid, v in (markups or {}).items():
            values[cat.product_ids.index(pid)] = v
        price = mk.cost * (1.0 + values)
        clients = np.repeat(np.arange(N, dtype=np.int64), P + E)
        topics = np.tile(np.arange(P + E, dtype=np.int64), N)
        news = topic_news(cat, st, mk, clients, topics, price, t)
        return (news.renewal | news.pitch | news.event).reshape(N, P + E)

    def price_outlook(self, product: str, markups: ArrayLike, offer_clients: ArrayLike | None = None,
                      plan: MonthPlan | None = None) -> PriceOutlook:
        """Expected sales of ``product`` this month at each of ``markups``; nothing changes.

        ``offer_clients``: clients the product would also be offered to. ``plan``: the month's touches
        as planned so far, counted as the month will count them (recall, reminders, trust) before
        clients choose. See :mod:`.forecast`.
        """
        p = self.catalog.product_ids.index(product)
        t = min(self.month, self.turns - 1)
        state = self._state if plan is None else self._after_touches(plan)
        return price_outlook(self.scenario, self.catalog, state, t, p, np.asarray(markups, dtype=float),
                             None if offer_clients is None else np.asarray(offer_clients))

    def forecast(self, plan: MonthPlan) -> MonthForecast | None:
        """This month with ``plan`` (its touches, markups and offers) in expected values: deals, revenue, gross
        profit and bonus, what the plan costs in loyalty and annoyance, and a look ahead at the next months'
        bonus (see :func:`~.forecast.plan_forecast`); None if the plan breaks a rule. The same plan in the same
        month gets the same forecast (the last one is kept); asking changes nothing."""
        cached = self._forecast_cache
        if cached is not None and cached[0] == self.month and cached[1] == plan:
            return cached[2]
        try:
            compiled = compile_plan(self.scenario, self.catalog, self._state, plan, self._markups)
        except PlanError:
            return None
        t = min(self.month, self.turns - 1)
        forecast = plan_forecast(self.scenario, self.catalog, self._state, self.seed, t, self.turns, compiled)
        self._forecast_cache = (self.month, plan, forecast)
        return forecast

    def _after_touches(self, plan: MonthPlan) -> ClientState:
        """A copy of the state after ``plan``'s touches (its markups and offers aside); the last one is kept
        for the same plan object in the same month (a strategy asks about every product in turn)."""
        cached = self._touch_cache
        if cached is not None and cached[0] is plan and cached[1] == self.month:
            return cached[2]
        t = min(self.month, self.turns - 1)
        touches_only = MonthPlan(touches=plan.touches)
        compiled = compile_plan(self.scenario, self.catalog, self._state, touches_only, self._markups)
        state = _next_state(self._state)
        mk = market_month(self.catalog, state.need, state.intensity, t)
        apply_touches(self.scenario, self.catalog, state, self._draws, t, compiled, mk, mk.cost * (1.0 + self._markups))
        self._touch_cache = (plan, self.month, state)
        return state

    def hours_needed(self, plan: MonthPlan) -> float:
        """Hours ``plan`` takes (raises PlanError if it breaks any other rule)."""
        return compile_plan(self.scenario, self.catalog, self._state, plan, self._markups).hours

    def check(self, plan: MonthPlan) -> PlanError | None:
        """The first rule ``plan`` breaks, or None; nothing changes."""
        try:
            compile_plan(self.scenario, self.catalog, self._state, plan, self._markups)
        except PlanError as exc:
            return exc
        return None

    # --- playing --------------------------------------------------------
    def play_month(self, plan: MonthPlan) -> MonthReport:
        """Resolve the next month with ``plan``; raises PlanError (state unchanged) on a broken rule."""
        if self.finished:
            raise PlanError("game_over", f"the game has ended after {self.turns} months")
        compiled = compile_plan(self.scenario, self.catalog, self._state, plan, self._markups)
        state = _next_state(self._state)
        report = resolve_month(self.scenario, self.catalog, state, self._draws, self.month, compiled)
        normalised = self.as_recorded(plan)
        self._state, self._markups = state, compiled.markups
        self.plans.append(normalised)
        self.reports.append(report)
        self._points.append([line.points for line in score(self.scenario.scoring, game_kpis(self.reports, state))[1]])
        return report

    def as_recorded(self, plan: MonthPlan) -> MonthPlan:
        """``plan`` as the game records it if played now: every product's markup filled in (unchanged ones keep
        the current markup); what ``plans`` and replays hold."""
        return MonthPlan(markups=complete_markups(self.catalog, plan, self._markups), touches=plan.touches,
                         offers=plan.offers)

    def scorecard(self) -> list[ScorecardLine]:
        """Each score item so far (from month 1 on: before any month, shares are where the game starts),
        with its change in points since the previous month."""
        kpis = game_kpis(self.reports, self._state)
        previous = self._points[-2] if len(self._points) >= 2 else None
        return scorecard(self.scenario.scoring, kpis, previous)

    def result(self) -> GameResult:
        """KPIs, score with breakdown, and per-month KPIs of the months played."""
        kpis = game_kpis(self.reports, self._state)
        total, lines = score(self.scenario.scoring, kpis)
        return GameResult(kpis=kpis, score=total, breakdown=lines, months=[dict(r.kpis, month=r.month) for r in self.reports])


# Client traits a month never changes: the next state shares them instead of copying.
_FIXED_TRAITS = frozenset({"price_sensitivity", "budget", "need", "segment", "intensity"})


def _next_state(state: ClientState) -> ClientState:
    """A copy of ``state`` for the month to change (the arrays a month never writes are shared)."""
    return ClientState(**{k: v if k in _FIXED_TRAITS else v.copy() for k, v in vars(state).items()})


def replay(scenario: Scenario, seed: int, plans: list[MonthPlan]) -> Game:
    """Play ``plans`` from the start; raises PlanError naming the month of a broken plan."""
    game = Game(scenario, seed)
    for k, plan in enumerate(plans):
        try:
            game.play_month(plan)
        except PlanError as exc:
            raise PlanError(exc.rule, f"month {k + 1}: {exc.message}") from None
    return game
