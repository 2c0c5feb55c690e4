"""Money and pay: the month's books and the manager's bonus under each base."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from ..scenario.schema import Compensation

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
