"""The pay-plan lab: what a scheme would pay each seller on his own book and plan, over his own luck.

Mixed into :class:`~simulator.head.game.HeadGame`. A forecast plays the seller's
next period (a month, or the rest of a quarter) on copies of his books
(:meth:`simulator.engine.Game.fork`), each copy with other luck, with the seller
behaving as he would under the scheme (his markups searched under it, his
stance toward its lines, his hours), and pays him by the pay plan's own rules
(:mod:`.payplan`). The game itself is untouched. Percentiles over the copies
give the range; the codes in ``advice`` say what to change.
"""
from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from ..engine import BASES, Draws, Game, base_value, close_books
from ..scenario.schema import Accelerator, Clawback, PayScheme
from . import payplan as pp, seller as sm

if TYPE_CHECKING:
    from .game import HeadGame

FORECAST = 28 << 10        # slot of the draw that seeds a forecast's copies of a book
SAMPLES = 12               # copies of the seller's luck a forecast plays
LOW, HIGH = 10, 90         # the range's percentiles
SHORT = 0.9                # median pay under this share of the promise: the scheme breaks the promise
GENEROUS = 1.25            # median pay above this share of the promise: the scheme pays more than was promised
LAB_VARIANTS = ("draft", "gross_profit", "invoice", "net_profit", "salary_only", "accelerator", "cap", "clawback",
                "quarterly")


@dataclass(frozen=True)
class PayForecast:
    """One seller's month under a scheme, over his own luck: each range is (10th, 50th, 90th percentile)."""

    seller: str
    scheme: PayScheme
    months: int                               # months played per copy (the scheme's period, or what is left)
    pay: tuple[float, float, float]           # his monthly pay
    company: tuple[float, float, float]       # what his books leave the company a month: gross profit less
                                              # contact and serve costs and his pay
    revenue: float                            # median monthly revenue of his books
    markup: float                             # the average markup he would quote
    effort: float                             # share of his hours he would spend
    stances: tuple[str, ...]                  # his stance toward the plan's lines, month by month (first copy)
    promise: float
    bases: dict                               # base -> his median monthly bonus base under it (what a rate is on)
    advice: tuple[str, ...]                   # codes: short_of_promise, above_promise, cap_binds, gives_up, rushes,
                                              # threshold_binds, no_stake


def _range(values: Sequence[float]) -> tuple[float, float, float]:
    a = np.asarray(values, float)
    return tuple(round(float(np.percentile(a, q)), 2) for q in (LOW, 50, HIGH))  # type: ignore[return-value]


class HeadLab:
    """Forecasts of a scheme on each seller's own book (see the module's docstring)."""

    def pay_forecast(self, seller: str, scheme: PayScheme, samples: int = SAMPLES) -> PayForecast:
        """``seller``'s pay and what his books leave the company under ``scheme``, over ``samples`` copies of his
        luck, for the scheme's period from the coming month."""
        game = cast("HeadGame", self)
        s0 = game._sellers[seller]
        held = game._books_of(seller)
        t = game.month
        months = max(1, min(pp.period_months(scheme) - t % pp.period_months(scheme), game.turns - t))
        draws = Draws(game.seed)
        n_all = sum(g.n_clients for g in game.books.values()) or 1
        share = sum(game.books[b].n_clients for b in held) / n_all   # his books' share of the overheads
        pays, company, revenue, efforts, markups = [], [], [], [], []
        stances: list[str] = []
        bases: dict[str, list[float]] = {b: [] for b in BASES}
        first = copy.deepcopy(s0)
        first.scheme = scheme
        for k in range(samples):
            s = copy.deepcopy(first)
            s.ledger = pp.Ledger() if scheme.period != s0.pay.period else copy.deepcopy(s0.ledger)
            seeds = draws.uniform(t, np.array([k * 64 + i for i in range(len(held))], np.int64), FORECAST)
            books: dict[str, Game] = {b: game.books[b].fork(int(seeds[i] * 2**53)) for i, b in enumerate(held)}
            bdraws = {b: Draws(int(seeds[i] * 2**53) + 1) for i, b in enumerate(held)}
            paid = left = rev = 0.0
            own = dict.fromkeys(BASES, 0.0)
            for m in range(months):
                plans, (_, work, _, code) = game._plan_seller(s, books, bdraws, t + m, m == 0)
                rs = {b: books[b].play_month(plans[b]) for b in held}
                r_rev = sum(r.books.revenue for r in rs.values())
                cogs = sum(r.books.cost_of_goods for r in rs.values())
                costs = sum(r.books.touch_costs + r.books.serve_costs for r in rs.values())
                touch = sum(r.books.touch_costs for r in rs.values())
                serve = sum(r.books.serve_costs for r in rs.values())
                comp = sm.compensation(scheme, overheads=share * game.team.overheads)
                outside = game._outside_of(s, held, rs, books)
                money = close_books(comp, scheme.salary, r_rev, cogs, touch, serve, (0.5, 0.0), outside)
                money, _, _ = game._pay_plan(s, comp, money, held, rs, t + m)
                for b in BASES:
                    own[b] += base_value(b, money.revenue, money.gross_profit, money.net_profit) / months
                paid += money.pay
                left += r_rev - cogs - costs - money.pay
                rev += r_rev
                efforts.append(work)
                markups.append(float(np.mean(list((s.markups or {0: 0.0}).values()))))
                if k == 0:
                    stances.append(code)
            pays.append(paid / months)
            company.append(left / months)
            revenue.append(rev / months)
            for b in BASES:
                bases[b].append(own[b])
        pay = _range(pays)
        promise = s0.promise
        return PayForecast(seller, scheme, months, pay, _range(company), round(float(np.median(revenue)), 2),
                           round(float(np.mean(markups)), 4), round(float(np.mean(efforts)), 4), tuple(stances),
                           promise, {b: round(float(np.median(v)), 2) for b, v in bases.items()}, advice(scheme, pay, promise, stances, sm.stake(scheme, promise)))

    def lab_schemes(self, seller: str, draft: PayScheme, samples: int = SAMPLES // 2) -> dict[str, PayScheme]:
        """The lab's alternatives to ``draft`` for ``seller``, each paying him what the draft would on his own book
        (by its forecast): the three bases and a bare salary as plain monthly schemes, then the plain scheme on the
        draft's base with one lever each: an accelerator a tenth above his usual base, a cap below his usual bonus,
        a clawback, a quarterly period. One lever at a time, so each row shows that lever's effect."""
        mine = self.pay_forecast(seller, draft, samples)
        bonus = max(mine.pay[1] - draft.salary, 0.0)
        clean = draft.model_copy(update={"accelerator": None, "cap": None, "clawback": None, "period": "month"})
        out = {"draft": draft}
        for b in BASES:
            other = mine.bases[b]
            rate = float(np.clip(bonus / other, 0.0, 1.0)) if other > 0 else 0.0
            out[b] = clean.model_copy(update={"base": b, "rate": round(rate, 4),
                                              "threshold": draft.threshold if b == draft.base else None})
        plain = out[draft.base]
        base = mine.bases[draft.base]
        out["salary_only"] = PayScheme(salary=round(draft.salary + bonus, -3), base=draft.base, rate=0.0)
        out["accelerator"] = plain.model_copy(update={"accelerator": Accelerator(
            above=round(base * 1.1, -3), rate=min(plain.rate * 2.5, 1.0))})
        out["cap"] = plain.model_copy(update={"cap": round(bonus * 0.8, -3)})
        out["clawback"] = plain.model_copy(update={"clawback": Clawback(months=3)})
        out["quarterly"] = plain.model_copy(update={"period": "quarter"})
        return out

    def lab(self, seller: str, draft: PayScheme, samples: int = SAMPLES // 2) -> dict[str, PayForecast]:
        """Every lab alternative to ``draft`` (:meth:`lab_schemes`) forecast for ``seller``, side by side."""
        schemes = self.lab_schemes(seller, draft, samples)
        return {name: self.pay_forecast(seller, scheme, samples) for name, scheme in schemes.items()}


def advice(scheme: PayScheme, pay: tuple[float, float, float], promise: float, stances: Sequence[str],
           at_stake: float) -> tuple[str, ...]:
    """What to change, as codes the screens word: the promise kept or broken, a cap that binds, a target out of
    reach or within a discount's reach, a salary that pays for nothing the seller does."""
    out = []
    if promise > 0 and pay[1] < SHORT * promise:
        out.append("short_of_promise")
    elif promise > 0 and pay[1] > GENEROUS * promise:
        out.append("above_promise")
    if "hold" in stances:
        out.append("cap_binds")
    if "give_up" in stances:
        out.append("gives_up")
    if "rush" in stances:
        out.append("rushes")
    if at_stake <= 0.0:
        out.append("no_stake")
    return tuple(out)


def lab_table(forecasts: Mapping[str, PayForecast]) -> list[tuple[str, float, float, float, float]]:
    """The lab's rows: (variant, pay P10, pay P50, pay P90, company P50), best for the company first."""
    rows = [(k, f.pay[0], f.pay[1], f.pay[2], f.company[1]) for k, f in forecasts.items()]
    return sorted(rows, key=lambda r: -r[4])
