"""The head's calculators: what a floor, a quote or a pay scheme comes to, by the engine's money functions.

Mixed into :class:`~simulator.head.game.HeadGame` (they read its scenario, rules and months played, and change
nothing); a screen asks ``game.floor_sheet(product)``, ``game.quote(...)``, ``game.pay_outlook(scheme)``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..engine import BASES, DealQuote, Game, MonthPlan, base_value, bonus_for, deal_quote, tolerance_markup
from ..scenario.schema import PayScheme, Product, Scenario, Team
from . import seller as sm
from .records import HeadMonthReport


class HeadCalculators:
    """Floors, quotes and pay outlooks of a head game (see the module's docstring)."""

    scenario: Scenario
    team: Team
    books: Mapping[str, Game]
    reports: Sequence[HeadMonthReport]
    _products: Mapping[str, Product]

    def floor_markup(self, product: str) -> float:
        """The lowest markup at which a sale of ``product`` covers its cost to serve and its share of fixed
        costs (the notes' Excel sheet): (serve cost + overhead per sale) / cost."""
        return self.floor_sheet(product)["floor"]

    def floor_sheet(self, product: str) -> dict:
        """The floor calculator's lines for ``product``: its cost, cost to serve a sale, share of fixed costs per
        sale, the floor markup they give, the price at the floor, and where the market's tolerance ends."""
        p = self._products[product]
        share = sum(c.overhead_per_sale for c in self.team.costs if c.product == product)
        floor = round((p.serve_cost + share) / p.cost, 4)
        return {"cost": p.cost, "serve_cost": p.serve_cost, "overhead_per_sale": share, "floor": floor,
                "floor_price": round(p.cost * (1.0 + floor), 2), "market_price": p.market_price,
                "tolerance_markup": self.tolerance_markup(product),
                "limit_price": round(p.cost * (1.0 + self.tolerance_markup(product)), 2)}

    def tolerance_markup(self, product: str) -> float:
        """The markup at which the price passes the market's tolerance (above it clients walk away)."""
        p = self._products[product]
        return round(float(tolerance_markup(p.market_price, p.cost, self.scenario.model.price_tolerance)), 4)

    def _quote(self, scheme: PayScheme, product: str, markup: float) -> DealQuote:
        """The engine's quote of one deal (the desk's own), at the catalogue's prices."""
        p = self._products[product]
        return deal_quote(sm.compensation(scheme), p.cost, p.market_price, p.serve_cost, markup,
                          self.scenario.model.price_tolerance)

    def quote(self, scheme: PayScheme, product: str, markup: float) -> dict:
        """On one sale at ``markup``: the price, what the seller earns under ``scheme`` and what the company keeps
        (margin less the cost to serve, the fixed-cost share and the bonus)."""
        q = self._quote(scheme, product, markup)
        share = sum(c.overhead_per_sale for c in self.team.costs if c.product == product)
        return {"price": round(q.price, 2), "margin": round(q.margin, 2), "bonus": q.bonus,
                "company_keeps": round(q.margin_after_serve - share - q.bonus, 2),
                "below_floor": markup < self.floor_markup(product) - 1e-9}

    def base_outlook(self, base: str) -> float:
        """A seller's monthly bonus base on an average book: last month's, or before the first month the desk's
        forecast without touches (net of the book's share of the overheads)."""
        if self.reports:
            last = self.reports[-1].book_reports
            rev = np.mean([r.books.revenue for r in last.values()])
            gross = np.mean([r.books.gross_profit for r in last.values()])
            serve = np.mean([r.books.serve_costs + r.books.touch_costs for r in last.values()])
        else:
            outs = [g.forecast(MonthPlan()) for g in self.books.values()]
            rev = np.mean([o.total_revenue for o in outs if o])
            gross = np.mean([o.total_gross_profit for o in outs if o])
            serve = 0.0
        net = gross - serve - self.team.overheads / max(len(self.books), 1)
        return base_value(base, float(rev), float(gross), float(net))

    def pay_outlook(self, scheme: PayScheme) -> float:
        """Monthly pay a seller holding an average book would earn under ``scheme`` (see :meth:`base_outlook`)."""
        base = self.base_outlook(scheme.base)
        return round(scheme.salary + bonus_for(sm.compensation(scheme), base)[0], 2)

    def pay_alternatives(self, report: HeadMonthReport) -> dict[str, dict[str, float]]:
        """Each seller's pay for ``report``'s month under his scheme and under the other bonus bases, on the
        same sales: seller id -> {base: pay}. An alternative keeps his salary and pays a rate that would have
        cost the company the same bonus on that month's average seller, so the bases differ only by what each
        rewards (a volume seller earns more on invoice pay, a careful one on gross profit). What sellers would
        have *done* under another scheme is the reference heads' game, not this sum."""
        working = [m for m in report.sellers if m.books and m.scheme is not None]
        if not working:
            return {}
        money = [m.books_money for m in working]
        average = {b: base_value(b, float(np.mean([x.revenue for x in money])),
                                 float(np.mean([x.gross_profit for x in money])),
                                 float(np.mean([x.net_profit for x in money]))) for b in BASES}
        out = {}
        for m in working:
            scheme = m.scheme
            assert scheme is not None
            bonus_avg = bonus_for(sm.compensation(scheme), average[scheme.base])[0]
            own = {b: base_value(b, m.books_money.revenue, m.books_money.gross_profit, m.books_money.net_profit)
                   for b in BASES}
            out[m.seller] = {b: m.books_money.pay if b == scheme.base else
                             round(scheme.salary + (bonus_avg / average[b] * own[b] if average[b] > 0 else 0.0), 2)
                             for b in BASES}
        return out
