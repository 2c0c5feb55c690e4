"""Money and pay: the month's books and the manager's bonus under each base."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ..scenario.schema import Compensation

BASES = ("gross_profit", "invoice", "net_profit")


@dataclass(frozen=True)
class Books:
    """One month's money. Every identity holds exactly (see :meth:`check`)."""

    revenue: float
    cost_of_goods: float
    gross_profit: float
    touch_costs: float
    overheads: float
    net_profit: float
    bonus_base: float          # the scenario's base this month, never below zero
    bonus: float
    plan_bonus: float          # part of ``bonus`` from reaching the monthly plan
    salary: float
    pay: float
    bonus_by_base: dict        # what the same month would have paid under each base

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


def deal_bonus(comp: Compensation, price: float, cost: float) -> float:
    """Bonus one deal at ``price`` adds, at the scheme's first rate: what a seller works out while quoting."""
    rate = sorted(comp.tiers, key=lambda t: t.from_)[0].rate if comp.tiers else comp.rate
    per_base = {"gross_profit": price - cost, "invoice": price, "net_profit": price - cost}[comp.base]
    return round(max(0.0, per_base) * rate, 2)


def close_books(comp: Compensation, salary: float, revenue: float, cogs: float, touch_costs: float) -> Books:
    """Book a month: profit lines, bonus under the scheme, and the bonus under the other bases."""
    revenue, cogs, touch_costs = round(revenue, 2), round(cogs, 2), round(touch_costs, 2)
    overheads = round(comp.overheads, 2)
    gross = round(revenue - cogs, 2)
    net = round(gross - touch_costs - overheads, 2)
    by_base = {b: bonus_for(comp, base_value(b, revenue, gross, net))[0] for b in BASES}
    base = base_value(comp.base, revenue, gross, net)
    bonus, plan = bonus_for(comp, base)
    return Books(
        revenue=revenue, cost_of_goods=cogs, gross_profit=gross, touch_costs=touch_costs, overheads=overheads,
        net_profit=net, bonus_base=round(base, 2), bonus=bonus, plan_bonus=plan, salary=round(salary, 2),
        pay=round(salary + bonus, 2), bonus_by_base=by_base,
    )
