"""A game: a scenario, a seed, and the months played so far.

The only way to change a game is :meth:`Game.play_month` with a plan. A plan
that breaks a rule raises :class:`PlanError` and leaves the game as it was.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.loader import content_hash
from ..scenario.schema import Scenario
from .month import resolve_month
from .money import deal_bonus
from .plan import MonthPlan, PlanError
from .report import MonthReport
from .rng import Draws
from .score import ScoreLine, game_kpis, score
from .validate import compile_plan, complete_markups
from .world import NEVER, Catalog, ClientDirectory, ClientState, build_clients

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


class Game:
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

    # --- progress -------------------------------------------------------
    @property
    def month(self) -> int:
        """Months played so far (the next month to play is ``month + 1``)."""
        return len(self.reports)

    @property
    def turns(self) -> int:
        """Months in the game."""
        return self.scenario.turns

    @property
    def finished(self) -> bool:
        """True once every month has been played."""
        return self.month >= self.turns

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
    def markups(self) -> dict[str, float]:
        """Current markup per product (the last plan's, or the scenario's start)."""
        return {pid: float(self._markups[i]) for i, pid in enumerate(self.catalog.product_ids)}

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

    def quote(self, product: str, markup: float) -> dict:
        """Price, margin and the bonus one deal at ``markup`` pays, for a live slider."""
        p = self.catalog.product_ids.index(product)
        cost = float(self.catalog.cost[p])
        price = cost * (1.0 + markup)
        market = float(self.catalog.market_price[p])
        return {
            "price": round(price, 2), "margin": round(price - cost, 2), "market_price": market,
            "gap": (price - market) / market if market else 0.0,
            "bonus": deal_bonus(self.scenario.compensation, price, cost),
        }

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
        normalised = MonthPlan(
            markups=complete_markups(self.catalog, plan, self._markups), touches=plan.touches, offers=plan.offers
        )
        self._state, self._markups = state, compiled.markups
        self.plans.append(normalised)
        self.reports.append(report)
        return report

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
