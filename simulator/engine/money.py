"""Money and pay: the month's books and the manager's bonus under each base."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from ..scenario.schema import Compensation
from .rules import market_markup, tolerance_markup

BASES = ("gross_profit", "invoice", "net_profit")


@dataclass(frozen=True)
class Books:
    """One month's money. Every identity holds exactly (see :meth:`check`)."""

    revenue: float
    cost_of_goods: float
    gross_profit: float
    touch_costs: float
    serve_costs: float         # cost to serve the month's sales
    overheads: float           # this month's overheads: they swing with things the seller does not control
    bad_debt: float            # revenue lost to returns and unpaid invoices
    net_profit: float
    bonus_base: float          # the scenario's base this month, never below zero
    bonus: float
    plan_bonus: float          # part of ``bonus`` from reaching the monthly plan
    salary: float
    pay: float
    bonus_by_base: dict        # what the same month would have paid under each base
    outside_corridor: float = 0.0              # revenue of deals outside the bonus corridor (no bonus on them)
    bonus_without_corridor: float | None = None  # the bonus had every deal counted; None without a corridor

    def to_json(self) -> dict:
        """Plain JSON data."""
        return asdict(self)


def base_value(base: str, revenue: float, gross: float, net: float) -> float:
    """The bonus base for a month: never negative."""
    value = {"gross_profit": gross, "invoice": revenue, "net_profit": net}[base]
    return max(0.0, value)


def bonus_for(comp: Compensation, base: float) -> tuple[float, float]:
    """(bonus, plan part of it) for a month's base under the scheme's rate or tiers and plan."""
    if comp.tiers:
        bonus = 0.0
        tiers = sorted(comp.tiers, key=lambda t: t.from_)
        for k, tier in enumerate(tiers):
            upper = tiers[k + 1].from_ if k + 1 < len(tiers) else float("inf")
            if base > tier.from_:
                bonus += (min(base, upper) - tier.from_) * tier.rate
    else:
        bonus = base * comp.rate
    plan = comp.plan.bonus if comp.plan is not None and base >= comp.plan.target > 0 else 0.0
    return round(bonus + plan, 2), round(plan, 2)


def in_corridor(comp: Compensation, markup: float | np.ndarray) -> bool | np.ndarray:
    """True (elementwise for an array) where a deal's markup counts for the bonus: inside the scheme's
    `bonus_corridor`, or always when the scheme has none."""
    band = comp.bonus_corridor
    if band is None:
        return np.ones(np.shape(markup), bool) if np.ndim(markup) else True
    eps = 1e-9   # a markup set exactly at a threshold counts, whatever the float rounding of price / cost
    inside = (np.asarray(markup) >= band.min - eps) & (np.asarray(markup) <= band.max + eps)
    return inside if np.ndim(markup) else bool(inside)


def outside_corridor(comp: Compensation, markups: np.ndarray, cost: np.ndarray, serve_cost: np.ndarray,
                     sold: np.ndarray) -> tuple[float, float, float]:
    """(revenue, cost of goods, cost to serve) of a month's sales (``sold``: their products) whose markup is
    outside the bonus corridor. Every sale of a product carries its markup: price = cost x (1 + markup)."""
    if comp.bonus_corridor is None:
        return 0.0, 0.0, 0.0
    out = sold[~in_corridor(comp, markups[sold])]
    return (float((cost[out] * (1.0 + markups[out])).sum()), float(cost[out].sum()), float(serve_cost[out].sum()))


def deal_bonus(comp: Compensation, price: float, cost: float, serve_cost: float = 0.0) -> float:
    """Bonus one deal at ``price`` adds, at the scheme's first rate: what a seller works out while quoting.

    On net profit it is the deal's margin after its cost to serve; overheads and bad debt come on
    top at the month's end, which is why that bonus cannot be worked out while quoting.
    """
    if cost > 0 and not in_corridor(comp, price / cost - 1.0):
        return 0.0   # outside the bonus corridor the deal pays no bonus
    rate = sorted(comp.tiers, key=lambda t: t.from_)[0].rate if comp.tiers else comp.rate
    per_base = {"gross_profit": price - cost, "invoice": price, "net_profit": price - cost - serve_cost}[comp.base]
    return round(max(0.0, per_base) * rate, 2)


@dataclass(frozen=True)
class DealQuote:
    """One deal at a markup, as a seller (or the head) works it out while quoting: exact figures (the desk's
    ``quote`` rounds the money to cents, :meth:`to_json`)."""

    price: float
    cost: float
    market_price: float
    serve_cost: float
    bonus: float               # what the deal adds to the bonus at the scheme's first rate (:func:`deal_bonus`)
    outside_corridor: bool     # outside the bonus corridor: no bonus on this deal
    bonus_uncertain: bool      # on net profit with overheads or bad debt: the month's end still moves the bonus
    market_markup: float       # the markup at which the price meets the market
    tolerance_markup: float    # the markup at which the price passes the market's tolerance

    @property
    def margin(self) -> float:
        """Price less cost."""
        return self.price - self.cost

    @property
    def margin_after_serve(self) -> float:
        """Price less cost and the cost to serve the deal (the floor: it must not be negative)."""
        return self.price - self.cost - self.serve_cost

    @property
    def gap(self) -> float:
        """How far the price is above the market, as a share of it."""
        return (self.price - self.market_price) / self.market_price if self.market_price else 0.0

    def to_json(self) -> dict:
        """The desk's quote (see docs/bot-api.md): money rounded to cents, shares and markups exact."""
        return {
            "price": round(self.price, 2), "margin": round(self.margin, 2), "market_price": round(self.market_price, 2),
            "cost": round(self.cost, 2), "serve_cost": self.serve_cost, "margin_after_serve": round(self.margin_after_serve, 2),
            "gap": self.gap, "bonus": self.bonus, "outside_corridor": self.outside_corridor,
            "bonus_uncertain": self.bonus_uncertain, "market_markup": self.market_markup,
            "tolerance_markup": self.tolerance_markup,
        }


def deal_quote(comp: Compensation, cost: float, market: float, serve_cost: float, markup: float,
               tolerance: float) -> DealQuote:
    """One deal at ``markup`` on a product of this ``cost``, ``market`` price and ``serve_cost``, under the pay
    scheme ``comp`` and the market's price ``tolerance``: the one quote the desk and the head both show."""
    price = cost * (1.0 + markup)
    return DealQuote(
        price=price, cost=cost, market_price=market, serve_cost=serve_cost,
        bonus=deal_bonus(comp, price, cost, serve_cost),
        outside_corridor=not in_corridor(comp, markup),
        bonus_uncertain=comp.base == "net_profit" and (comp.overheads * comp.overhead_swing > 0 or comp.bad_debt > 0),
        market_markup=float(market_markup(market, cost)),
        tolerance_markup=float(tolerance_markup(market, cost, tolerance)),
    )


def month_overheads(comp: Compensation, luck: float) -> float:
    """This month's overheads from a uniform draw ``luck``: the average, swinging by up to ``overhead_swing``."""
    return comp.overheads * (1.0 + comp.overhead_swing * (2.0 * luck - 1.0))


def close_books(comp: Compensation, salary: float, revenue: float, cogs: float, touch_costs: float,
                serve_costs: float = 0.0, company_luck: tuple[float, float] | np.ndarray = (0.5, 0.5),
                outside: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> Books:
    """Book a month: profit lines, bonus under the scheme, and the bonus under the other bases.

    ``company_luck`` is two uniform draws for the parts of net profit the seller does not
    control: how far overheads swing, and the share of revenue lost to bad debt. ``outside`` is
    (revenue, cost of goods, cost to serve) of the month's deals outside the bonus corridor: they
    count in every profit line but not in the bonus base, under any base.
    """
    revenue, cogs, touch_costs, serve_costs = round(revenue, 2), round(cogs, 2), round(touch_costs, 2), round(serve_costs, 2)
    overheads = round(month_overheads(comp, float(company_luck[0])), 2)
    bad_debt = round(revenue * comp.bad_debt * 2.0 * float(company_luck[1]), 2)
    gross = round(revenue - cogs, 2)
    net = round(gross - touch_costs - serve_costs - overheads - bad_debt, 2)
    out_revenue, out_cogs, out_serve = (round(float(x), 2) for x in outside)
    b_revenue = revenue - out_revenue
    b_gross = gross - (out_revenue - out_cogs)
    b_net = net - (out_revenue - out_cogs - out_serve)
    by_base = {b: bonus_for(comp, base_value(b, b_revenue, b_gross, b_net))[0] for b in BASES}
    base = base_value(comp.base, b_revenue, b_gross, b_net)
    bonus, plan = bonus_for(comp, base)
    unclamped = None if comp.bonus_corridor is None else bonus_for(comp, base_value(comp.base, revenue, gross, net))[0]
    return Books(
        revenue=revenue, cost_of_goods=cogs, gross_profit=gross, touch_costs=touch_costs, serve_costs=serve_costs,
        overheads=overheads, bad_debt=bad_debt, net_profit=net, bonus_base=round(base, 2), bonus=bonus, plan_bonus=plan,
        salary=round(salary, 2), pay=round(salary + bonus, 2), bonus_by_base=by_base,
        outside_corridor=out_revenue, bonus_without_corridor=unclamped,
    )
