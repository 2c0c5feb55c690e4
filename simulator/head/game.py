"""Head-of-sales mode: the player runs the department; simulated sellers run the desks.

Each of the scenario's segments is a *book*: its clients, played by the
engine as a desk :class:`~simulator.engine.Game` of its own, with a seed of its
own derived from the game's seed and the book's place in the scenario. The
seller who holds a book plans its months (:mod:`.seller`); a book nobody holds
is forgotten (no touches, no offers: clients still come by themselves, and
drift away). So a book's luck never depends on who holds it or on any other
seller: common random numbers, as on the desk.

The head decides (:class:`~.decisions.HeadDecision`) at the scenario's cadence:
markup floor and ceiling per product, pay schemes, interviews and hiring,
segments, a team event. :meth:`HeadGame.play_month` resolves a month: every
seller plans and plays his books, is paid under his scheme (the engine's money
functions), gains or loses heart against what he was promised, and may quit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..engine import Game, MonthPlan, MonthProgress
from ..engine.money import BASES, Books, bonus_for, base_value, close_books, deal_bonus, month_overheads
from ..engine.report import MonthReport
from ..engine.rng import Draws
from ..engine.score import ScoreLine, score
from ..scenario.loader import content_hash
from ..scenario.schema import TRAITS, Compensation, Desk, PayScheme, Scenario, ScoreItem, Scoring, Team
from . import seller as sm
from .decisions import MAX_DECISIONS, PURPOSES, QUESTIONS, HeadDecision, HeadDecisionError

MAX_SEED = 2**63 - 1
BOOK_SEED = 12 << 10       # slot of the draw that derives a book's seed
COMPANY_OVERHEADS = 13 << 10
WELCOME_MONTHS = 3         # a welcome party has a purpose while someone joined this recently
TILE_KPIS = ("revenue", "gross_profit", "net_profit", "pay", "loyalty", "morale", "team_size", "quits")
NEAR_FLOOR = 0.05          # an average markup this close to the head's floor is "quoting at the floor"
# The codes of HeadGame.month_notes and of head_takeaways (a screen has words for each).
MONTH_NOTES = ("quit", "unattended", "invoice_floor", "invoice_volume", "net_opaque", "short_of_promise",
               "event_worked", "event_wasted", "gross_aligned")
TAKEAWAYS = ("aligned_same", "aligned_more", "aligned_less", "misaligned", "misaligned_more", "quits", "quits_covered",
             "kept_team", "kept_team_unattended")


def book_seed(seed: int, book: int) -> int:
    """The seed of book ``book``'s market: a pure function of the game's seed and the book's place."""
    return int(Draws(seed).uniform(0, np.array([book]), BOOK_SEED)[0] * 2**53)


@dataclass
class SellerState:
    """A candidate or a seller: his traits, what the head knows of them, his pay, promise and mood."""

    index: int
    id: str
    traits: sm.Traits
    expectation: float
    hidden: set
    status: str = "candidate"          # candidate, hired, quit
    scheme: PayScheme | None = None
    promise: float = 0.0
    motivation: float = 1.0
    revealed: set = field(default_factory=set)
    asked: list = field(default_factory=list)
    joined: int = -1
    markups: dict | None = None

    @property
    def pay(self) -> PayScheme:
        """His pay scheme (every seller on the team has one; a candidate has none until hired)."""
        assert self.scheme is not None, f"`{self.id}` has no pay scheme"
        return self.scheme
    priced_at: int = -10**6
    controlled: float | None = None    # last month's margin after the cost to serve (net pay's line of sight)
    uncontrolled: float = 0.0

    def visible_traits(self) -> dict[str, float | None]:
        """Traits as the head sees them: hidden ones are None until an interview reveals them."""
        return {t: (getattr(self.traits, t) if t not in self.hidden or t in self.revealed else None) for t in TRAITS}


@dataclass(frozen=True)
class SellerMonth:
    """One seller's month, as the team room shows it."""

    seller: str
    books: tuple[str, ...]
    hours: float
    effort: float
    noticed_events: bool
    markups: dict
    deals: int
    offers: int
    revenue: float
    gross_profit: float
    books_money: Books        # his pay under his scheme (the engine's books)
    motivation: float
    quit: bool
    scheme: PayScheme | None = None   # the scheme he was paid under this month
    touches: int = 0                  # contacts made with his clients
    useful_touches: int = 0           # ... of which had a reason the client valued
    offers_accepted: int = 0

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"seller": self.seller, "books": list(self.books), "hours": self.hours, "effort": self.effort,
                "noticed_events": self.noticed_events, "markups": self.markups, "deals": self.deals,
                "offers": self.offers, "revenue": self.revenue, "gross_profit": self.gross_profit,
                "pay": self.books_money.pay, "bonus": self.books_money.bonus,
                "bonus_by_base": self.books_money.bonus_by_base, "motivation": self.motivation, "quit": self.quit,
                "touches": self.touches, "useful_touches": self.useful_touches,
                "offers_accepted": self.offers_accepted}


@dataclass(frozen=True)
class HeadMonthReport:
    """A month of the department: each seller's month, the books and the company's money."""

    month: int
    sellers: tuple[SellerMonth, ...]
    book_reports: dict            # segment id -> MonthReport
    event: str | None             # the team event's purpose this month, if one was held
    event_worked: bool
    kpis: dict


@dataclass(frozen=True)
class HeadResult:
    """A head game's KPIs, score with its breakdown and month-by-month KPIs."""

    kpis: dict
    score: float
    breakdown: list[ScoreLine]
    months: list[dict]

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"score": self.score, "score_breakdown": [line.to_json() for line in self.breakdown],
                "kpis": self.kpis, "months": self.months}


@dataclass(frozen=True)
class KpiChange:
    """A month's KPI against the month before (``before`` and ``change`` are None in the first month)."""

    kpi: str
    after: float
    before: float | None
    change: float | None


@dataclass(frozen=True)
class HeadNote:
    """Something a month or a game shows the head, as a code with its numbers (the words are the screen's):
    ``money`` in the scenario's currency, ``shares`` as 0..1, ``counts`` whole, ``bases`` bonus-base codes;
    ``seller`` and ``books`` are ids."""

    code: str
    good: bool
    seller: str | None = None
    books: tuple[str, ...] = ()
    money: dict = field(default_factory=dict)
    shares: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    bases: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PayTotal:
    """One seller's pay over the game: what he was paid, and the same sales under each bonus base
    (:meth:`HeadGame.pay_alternatives` summed over his months); ``base`` is the one he was paid on most."""

    seller: str
    months: int
    base: str
    paid: float
    by_base: dict


@dataclass(frozen=True)
class HeadProfile:
    """How a head game played, for comparing heads: the base sellers were paid on most, their average quoted
    markup, book-months nobody held, quits, morale and net profit."""

    base: str
    markup: float
    unattended: int
    quits: int
    morale: float
    net_profit: float


def _book_scenario(scenario: Scenario, segment) -> Scenario:
    """The desk scenario of one book: the segment's clients, a seller's hours, the company's bad debt; pay and
    score are the head game's business."""
    team = scenario.team
    assert team is not None
    return scenario.model_copy(update={
        "segments": [segment], "clients": [c for c in scenario.clients if c.segment == segment.id], "team": None,
        "desk": Desk(hours_per_month=team.hours_per_seller, salary=0.0, currency=scenario.desk.currency),
        "compensation": Compensation(rate=0.0, overheads=0.0, overhead_swing=0.0,
                                     bad_debt=scenario.compensation.bad_debt),
        "scoring": Scoring(items=[ScoreItem(kpi="revenue", weight=1.0, target=1.0)]),
    })


class HeadGame(MonthProgress):
    """One play of a head scenario with a seed."""

    def __init__(self, scenario: Scenario, seed: int):
        if scenario.team is None:
            raise ValueError(f"scenario `{scenario.id}` is a desk scenario; a head game needs a `team:` section")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) <= MAX_SEED:
            raise ValueError(f"seed must be a whole number 0..{MAX_SEED}")
        self.scenario = scenario
        assert scenario.team is not None, "a head game needs a scenario with `team:`"
        self.team: Team = scenario.team
        self.seed = int(seed)
        self.scenario_hash = content_hash(scenario)
        self._draws = Draws(self.seed)
        self.segment_ids = tuple(s.id for s in scenario.segments)
        seeds = [book_seed(self.seed, k) for k in range(len(scenario.segments))]
        self.books = {s.id: Game(_book_scenario(scenario, s), seeds[k]) for k, s in enumerate(scenario.segments)}
        self._book_draws = {s.id: Draws(seeds[k]) for k, s in enumerate(scenario.segments)}
        self.product_ids = tuple(p.id for p in scenario.products)
        self._products = {p.id: p for p in scenario.products}
        self.bands = {p.id: (p.markup.min, p.markup.max) for p in scenario.products}
        self._free_share = float(np.mean([not p.markup.fixed for p in scenario.products]))
        self.holder: dict[str, str | None] = dict.fromkeys(self.segment_ids)
        self.sellers: dict[str, SellerState] = {}
        for k, c in enumerate(self.team.candidates):
            st = SellerState(k, c.id, sm.Traits(c.flexibility, c.empathy, c.diligence, c.greed),
                             c.salary_expectation, set(c.hidden))
            if c.hired:
                st.status, st.scheme, st.promise, st.joined = "hired", self.team.pay, c.salary_expectation, -1
                for seg in c.segments:
                    self.holder[seg] = c.id
            self.sellers[c.id] = st
        self.decisions: list[list[HeadDecision]] = [[]]
        self.reports: list[HeadMonthReport] = []
        self._event: str | None = None
        self._reprice: set[str] = set()   # sellers whose rules changed since they last priced

    # --- progress (month, turns, finished: MonthProgress) -----------------
    @property
    def decision_month(self) -> bool:
        """Whether the head may decide before the next month (the scenario's cadence)."""
        return not self.finished and self.month % self.team.decide_every == 0

    def team_members(self) -> list[SellerState]:
        """Sellers on the team now."""
        return [s for s in self.sellers.values() if s.status == "hired"]

    def candidates(self) -> list[SellerState]:
        """Candidates the head may still hire."""
        return [s for s in self.sellers.values() if s.status == "candidate"]

    def books_of(self, seller: str) -> list[str]:
        """Segments ``seller`` holds."""
        return [seg for seg in self.segment_ids if self.holder[seg] == seller]

    # --- the head's calculators (the engine's money functions) -----------
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
                "market_markup": self.market_markup(product),
                "limit_price": round(p.cost * (1.0 + self.market_markup(product)), 2)}

    def market_markup(self, product: str) -> float:
        """The markup at which the price passes the market's tolerance (above it clients walk away)."""
        p = self._products[product]
        return round(p.market_price * (1.0 + self.scenario.model.price_tolerance) / p.cost - 1.0, 4)

    def quote(self, scheme: PayScheme, product: str, markup: float) -> dict:
        """On one sale at ``markup``: the price, what the seller earns under ``scheme`` and what the company keeps
        (margin less the cost to serve, the fixed-cost share and the bonus)."""
        p = self._products[product]
        price = p.cost * (1.0 + markup)
        comp = sm.compensation(scheme)
        bonus = deal_bonus(comp, price, p.cost, p.serve_cost)
        share = sum(c.overhead_per_sale for c in self.team.costs if c.product == product)
        return {"price": round(price, 2), "margin": round(price - p.cost, 2), "bonus": bonus,
                "company_keeps": round(price - p.cost - p.serve_cost - share - bonus, 2),
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

    # --- what a month and a game show (the reports' screens) --------------
    def month_changes(self, report: HeadMonthReport, previous: HeadMonthReport | None = None) -> list[KpiChange]:
        """The month's headline KPIs (:data:`TILE_KPIS`) against ``previous``'s."""
        out = []
        for kpi in TILE_KPIS:
            after = float(report.kpis[kpi])
            before = None if previous is None else float(previous.kpis[kpi])
            out.append(KpiChange(kpi, after, before, None if before is None else after - before))
        return out

    def unattended(self, report: HeadMonthReport) -> tuple[str, ...]:
        """Segments nobody held in ``report``'s month (their clients went without touches or offers)."""
        held = {b for m in report.sellers for b in m.books}
        return tuple(b for b in self.segment_ids if b not in held)

    def average_markup(self, month: SellerMonth) -> float | None:
        """The mean markup a seller quoted over the products whose markup sellers set (None: a price list)."""
        free = [pid for pid in self.product_ids if not self._products[pid].markup.fixed and pid in month.markups]
        return round(float(np.mean([month.markups[p] for p in free])), 4) if free else None

    def average_floor(self) -> float | None:
        """The mean of the head's markup floors over the products whose markup sellers set."""
        free = [pid for pid in self.product_ids if not self._products[pid].markup.fixed]
        return round(float(np.mean([self.bands[p][0] for p in free])), 4) if free else None

    def month_notes(self, report: HeadMonthReport) -> list[HeadNote]:
        """What ``report``'s month teaches, most telling first: quits and books left unattended, sellers on
        invoice pay quoting at the floor, the seller invoice pay favours most over gross-profit pay (on the same
        sales, :meth:`pay_alternatives`), a bonus on net profit that moves with overheads, pay short of the
        promise, the team event, a seller paid for what he controls (floors are the head's current ones)."""
        notes: list[HeadNote] = []
        for m in report.sellers:
            if m.quit:
                notes.append(HeadNote("quit", False, m.seller, m.books, money={"pay": m.books_money.pay,
                                      "promise": self.sellers[m.seller].promise}, shares={"mood": m.motivation}))
        empty = self.unattended(report)
        if empty:
            rs = [report.book_reports[b] for b in empty]
            notes.append(HeadNote("unattended", False, None, empty,
                                  money={"revenue": round(sum(r.books.revenue for r in rs), 2)},
                                  counts={"books": len(empty), "deals": int(sum(int(r.deals_won.sum()) for r in rs))}))
        floor = self.average_floor()
        for m in report.sellers:
            mk = self.average_markup(m)
            if m.scheme is not None and m.scheme.base == "invoice" and m.books and mk is not None and floor is not None \
                    and mk <= floor + NEAR_FLOOR:
                notes.append(HeadNote("invoice_floor", False, m.seller, m.books, shares={"markup": mk, "floor": floor},
                                      counts={"offers": m.offers}))
        alts = self.pay_alternatives(report)
        volume = [(alts[m.seller]["invoice"] - alts[m.seller]["gross_profit"], m) for m in report.sellers
                  if m.seller in alts and m.scheme is not None and m.scheme.base == "invoice"]
        if volume and max(volume, key=lambda x: x[0])[0] > 0:
            _, m = max(volume, key=lambda x: x[0])
            notes.append(HeadNote("invoice_volume", False, m.seller, m.books,
                                  money={"pay": alts[m.seller]["invoice"], "gross": alts[m.seller]["gross_profit"]}))
        for m in report.sellers:
            if m.seller in alts and m.scheme is not None and m.scheme.base == "net_profit":
                notes.append(HeadNote("net_opaque", False, m.seller, m.books,
                                      money={"bonus": m.books_money.bonus, "overheads": float(report.kpis["overheads"])}))
                break
        for m in report.sellers:
            promise = self.sellers[m.seller].promise
            if not m.quit and m.books_money.pay < promise - 0.5:
                notes.append(HeadNote("short_of_promise", False, m.seller, m.books,
                                      money={"pay": m.books_money.pay, "promise": promise}, shares={"mood": m.motivation}))
        if report.event is not None:
            notes.append(HeadNote("event_worked" if report.event_worked else "event_wasted", report.event_worked,
                                  money={"cost": float(report.kpis["event_cost"])},
                                  shares={"morale": float(report.kpis["morale"])}))
        if not any(n.code == "invoice_floor" for n in notes):
            aligned = [(mk, m) for m in report.sellers if m.books and m.scheme is not None
                       and m.scheme.base == "gross_profit" and (mk := self.average_markup(m)) is not None]
            if aligned and floor is not None:
                mk, m = max(aligned, key=lambda x: x[0])
                notes.append(HeadNote("gross_aligned", True, m.seller, m.books, money={"gross": m.gross_profit},
                                      shares={"markup": mk, "floor": floor}))
        return notes

    def pay_totals(self) -> list[PayTotal]:
        """Each seller's pay over the game under his schemes and under each base (sum of :meth:`pay_alternatives`)."""
        totals: dict[str, dict] = {}
        for r in self.reports:
            alts = self.pay_alternatives(r)
            for m in r.sellers:
                if m.seller not in alts or m.scheme is None:
                    continue
                t = totals.setdefault(m.seller, {"months": 0, "paid": 0.0, "bases": {}, "by": dict.fromkeys(BASES, 0.0)})
                t["months"] += 1
                t["paid"] += m.books_money.pay
                t["bases"][m.scheme.base] = t["bases"].get(m.scheme.base, 0) + 1
                for b in BASES:
                    t["by"][b] += alts[m.seller][b]
        return [PayTotal(sid, t["months"], max(t["bases"], key=t["bases"].get), round(t["paid"], 2),
                         {b: round(v, 2) for b, v in t["by"].items()}) for sid, t in totals.items()]

    def profile(self) -> HeadProfile:
        """How this game played (see :class:`HeadProfile`)."""
        bases: dict[str, int] = {}
        markups = []
        for r in self.reports:
            for m in r.sellers:
                if m.books and m.scheme is not None:
                    bases[m.scheme.base] = bases.get(m.scheme.base, 0) + 1
                    mk = self.average_markup(m)
                    if mk is not None:
                        markups.append(mk)
        kpis = self.kpis()
        return HeadProfile(max(bases, key=lambda b: bases[b]) if bases else self.team.pay.base,
                           round(float(np.mean(markups)), 4) if markups else 0.0,
                           sum(len(self.unattended(r)) for r in self.reports), int(kpis["quits"]),
                           float(kpis["morale"]), float(kpis["net_profit"]))

    # --- deciding -------------------------------------------------------
    def decide(self, decision: HeadDecision) -> dict:
        """Apply a decision now (checked whole first: a broken rule raises HeadDecisionError and changes nothing).

        Returns what the interviews revealed: candidate id -> {trait: value} for the traits they showed.
        """
        self._check(decision)
        for pid, band in decision.markups.items():
            self.bands[pid] = (band.floor, band.ceiling)
            self._reprice |= {s.id for s in self.team_members()}
        revealed = {cid: self._interview(cid, qs) for cid, qs in decision.interviews.items()}
        current = self._team_scheme()
        for hire in decision.hire:
            s = self.sellers[hire.candidate]
            if hire.promise >= s.expectation:   # promised less than he expects, he says no
                s.status, s.promise, s.joined, s.motivation, s.scheme = "hired", hire.promise, self.month, 1.0, current
        for s in self.team_members():
            if decision.team_pay is not None:
                s.scheme = decision.team_pay
                self._reprice.add(s.id)
        for sid, scheme in decision.pay.items():
            if self.sellers[sid].status == "hired":
                self.sellers[sid].scheme = scheme
                self._reprice.add(sid)   # new pay, a new look at his prices: his alone
        for seg, holder in decision.assign.items():
            self.holder[seg] = holder if holder is None or self.sellers[holder].status == "hired" else None
        if decision.team_event is not None:
            self._event = decision.team_event
        self.decisions[-1].append(decision)
        return revealed

    def _team_scheme(self) -> PayScheme:
        members = self.team_members()
        return members[0].pay if members else self.team.pay

    def _check(self, d: HeadDecision) -> None:
        lev = self.team.levers
        if self.finished:
            raise HeadDecisionError("game_over", f"the game has ended after {self.turns} months")
        if not self.decision_month:
            raise HeadDecisionError("not_now", f"the head decides every {self.team.decide_every} months; the next "
                                               f"decision is before month {self.month + self.team.decide_every - self.month % self.team.decide_every + 1}")
        if len(self.decisions[-1]) >= MAX_DECISIONS:
            raise HeadDecisionError("too_many", f"at most {MAX_DECISIONS} decisions a month")
        for pid, band in d.markups.items():
            if pid not in self._products:
                raise HeadDecisionError("unknown_product", f"no product `{pid}` in this scenario")
            p = self._products[pid]
            if not lev.markups or p.markup.fixed:
                raise HeadDecisionError("locked", f"the markup of `{pid}` is not the head's to set here")
            if band.floor > band.ceiling:
                raise HeadDecisionError("markup_band", f"floor {band.floor:g} is above ceiling {band.ceiling:g}")
            if band.floor < p.markup.min - 1e-9 or band.ceiling > p.markup.max + 1e-9:
                raise HeadDecisionError("markup_band", f"band [{band.floor:g}, {band.ceiling:g}] for `{pid}` is outside "
                                                       f"[{p.markup.min:g}, {p.markup.max:g}] the company allows")
        if (d.pay or d.team_pay is not None) and not lev.pay:
            raise HeadDecisionError("locked", "pay is not the head's to set in this scenario")
        hired = {h.candidate for h in d.hire}
        for sid in d.pay:
            if sid not in self.sellers or (self.sellers[sid].status != "hired" and sid not in hired):
                raise HeadDecisionError("unknown_seller", f"`{sid}` is not on the team")
        if (d.interviews or d.hire) and not lev.hiring:
            raise HeadDecisionError("locked", "hiring is not the head's to do in this scenario")
        for cid, qs in d.interviews.items():
            if cid not in self.sellers or self.sellers[cid].status != "candidate":
                raise HeadDecisionError("unknown_candidate", f"`{cid}` is not a candidate")
            if len(self.sellers[cid].asked) + len(qs) > self.team.interview_questions:
                raise HeadDecisionError("interview", f"at most {self.team.interview_questions} questions to a candidate")
        if len(hired) != len(d.hire):
            raise HeadDecisionError("hire", "a candidate is hired twice")
        for cid in hired:
            if cid not in self.sellers or self.sellers[cid].status != "candidate":
                raise HeadDecisionError("unknown_candidate", f"`{cid}` is not a candidate")
        if len(self.team_members()) + len(hired) > self.team.max_sellers:
            raise HeadDecisionError("team_size", f"the team holds at most {self.team.max_sellers} sellers")
        if d.assign and not lev.segments:
            raise HeadDecisionError("locked", "segments are not the head's to assign in this scenario")
        for seg, holder in d.assign.items():
            if seg not in self.holder:
                raise HeadDecisionError("unknown_segment", f"no segment `{seg}` in this scenario")
            if holder is not None and (holder not in self.sellers or (self.sellers[holder].status != "hired" and holder not in hired)):
                raise HeadDecisionError("unknown_seller", f"`{holder}` is not on the team")
        if d.team_event is not None and not lev.team_event:
            raise HeadDecisionError("locked", "a team event is not the head's to call in this scenario")

    def _interview(self, cid: str, questions: Sequence[str]) -> dict:
        s = self.sellers[cid]
        s.asked += list(questions)
        areas = {QUESTIONS[q] for q in s.asked}
        if len(areas) >= 2:   # questions from different areas: a rigid candidate keeps to his story
            s.revealed |= {"flexibility", "empathy"}
        if "career" in areas:
            s.revealed.add("diligence")
        if "pay" in areas:
            s.revealed.add("greed")
        return {t: v for t, v in s.visible_traits().items() if v is not None}

    # --- playing --------------------------------------------------------
    def play_month(self) -> HeadMonthReport:
        """Resolve the next month: sellers plan and play their books, are paid, and feel it."""
        if self.finished:
            raise HeadDecisionError("game_over", f"the game has ended after {self.turns} months")
        t = self.month
        event, worked = self._event, False
        if event is not None:
            worked = self._event_works(event)
            if worked:
                for s in self.team_members():
                    s.motivation = min(1.0, s.motivation + self.team.team_event.boost)
        plans: dict[str, MonthPlan] = {}
        hours: dict[str, tuple[float, float, bool]] = {}
        for s in self.team_members():
            books = self.books_of(s.id)
            notices = sm.notices_events(self._draws, t, s.index, s.traits)
            sight = sm.line_of_sight(s.pay, s.controlled, s.uncontrolled, self._free_share)
            work = sm.effort(s.traits, s.motivation, sight, s.joined == t, sm.stake(s.pay, s.promise))
            total = self.team.hours_per_seller * work
            hours[s.id] = (total, work, notices)
            if not books:
                continue
            sizes = np.array([self.books[b].n_clients for b in books], float)
            biggest = self.books[books[int(np.argmax(sizes))]]
            fresh_news = notices and bool((biggest.catalog.event_start == t).any())
            if s.markups is None or s.id in self._reprice or fresh_news or t - s.priced_at >= sm.REPRICE_EVERY:
                s.markups = sm.searched_markups(biggest.desk, self.bands, s.pay, s.traits)
                s.priced_at = t
            s.markups = {pid: float(np.clip(v, *self.bands[pid])) for pid, v in s.markups.items()}
            share = sizes / sizes.sum() if sizes.sum() > 0 else np.full(len(books), 1.0 / len(books))
            for b, h in zip(books, share):
                game = self.books[b]
                plans[b] = sm.seller_plan(game.desk, self._book_draws[b], t, s.traits, s.pay, s.markups, total * h,
                                          notices)
        reports: dict[str, MonthReport] = {}
        for seg, game in self.books.items():
            reports[seg] = game.play_month(plans.get(seg, MonthPlan()))
        self._reprice, self._event = set(), None
        return self._close(t, reports, hours, event, worked)

    def _event_works(self, purpose: str) -> bool:
        if purpose not in PURPOSES:
            return False
        if purpose == "welcome":
            return any(s.joined >= 0 and self.month - s.joined < WELCOME_MONTHS for s in self.team_members())
        if purpose == "thanks":
            last = self.reports[-1].sellers if self.reports else ()
            promise = {s.id: s.promise for s in self.team_members()}
            return any(m.books_money.pay >= promise.get(m.seller, np.inf) for m in last)
        return True

    def _close(self, t: int, reports: dict, hours: dict, event: str | None, worked: bool) -> HeadMonthReport:
        comp = self.scenario.compensation
        luck = float(self._draws.uniform(t, np.zeros(1, np.int64), COMPANY_OVERHEADS)[0])
        overheads = round(month_overheads(Compensation(overheads=self.team.overheads,
                                                       overhead_swing=comp.overhead_swing), luck), 2)
        n_all = sum(g.n_clients for g in self.books.values()) or 1
        lines = []
        for s in self.team_members():
            books = self.books_of(s.id)
            rs = [reports[b] for b in books]
            revenue = sum(r.books.revenue for r in rs)
            cogs = sum(r.books.cost_of_goods for r in rs)
            touch = sum(r.books.touch_costs for r in rs)
            serve = sum(r.books.serve_costs for r in rs)
            bad = sum(r.books.bad_debt for r in rs)
            allocated = overheads * sum(self.books[b].n_clients for b in books) / n_all
            outside = self._outside(s, books, reports)
            money = close_books(sm.compensation(s.pay, overheads=allocated + bad), s.pay.salary, revenue, cogs,
                                touch, serve, (0.5, 0.0), outside)
            s.controlled, s.uncontrolled = revenue - cogs - touch - serve, allocated + bad
            s.motivation = sm.motivation_after(s.motivation, money.pay, s.promise, s.traits)
            left = sm.quits(self._draws, t, s.index, s.motivation)
            total, work, notices = hours[s.id]
            lines.append(SellerMonth(
                s.id, tuple(books), round(total, 2), round(work, 4), notices, dict(s.markups or {}),
                int(sum(int(r.deals_won.sum()) for r in rs)), int(sum(r.offer_client.size for r in rs)),
                round(revenue, 2), round(revenue - cogs, 2), money, round(s.motivation, 4), left, s.pay,
                sum(r.touches for r in rs), sum(r.useful_touches for r in rs),
                int(sum(int(r.offers_accepted.sum()) for r in rs))))
            if left:
                s.status = "quit"
                for b in books:
                    self.holder[b] = None
        kpis = self._month_kpis(reports, lines, overheads, worked or event is not None)
        report = HeadMonthReport(t + 1, tuple(lines), reports, event, worked, kpis)
        self.reports.append(report)
        self.decisions.append([])
        return report

    def _outside(self, s: SellerState, books: list[str], reports: dict) -> tuple[float, float, float]:
        """(revenue, cost of goods, cost to serve) of his sales below his bonus threshold."""
        if s.pay.threshold is None:
            return 0.0, 0.0, 0.0
        out = np.zeros(3)
        for b in books:
            game, r = self.books[b], reports[b]
            mk = np.array([game.markups[pid] for pid in game.catalog.product_ids])
            serve = game.catalog.serve_cost
            prods = np.concatenate([r.deal_product[r.deals_won], r.offer_product[r.offers_accepted]])
            prices = np.concatenate([r.deal_price[r.deals_won], r.offer_price[r.offers_accepted]])
            below = mk[prods] < s.pay.threshold - 1e-9
            out += [prices[below].sum(), (prices[below] / (1.0 + mk[prods][below])).sum(), serve[prods][below].sum()]
        return float(out[0]), float(out[1]), float(out[2])

    def _month_kpis(self, reports: dict, lines: list, overheads: float, event_held: bool) -> dict:
        rs = list(reports.values())
        n = np.array([self.books[b].n_clients for b in reports], float)
        revenue = sum(r.books.revenue for r in rs)
        gross = sum(r.books.gross_profit for r in rs)
        costs = sum(r.books.touch_costs + r.books.serve_costs + r.books.bad_debt for r in rs)
        pay = sum(m.books_money.pay for m in lines)
        bonus = sum(m.books_money.bonus for m in lines)
        event_cost = self.team.team_event.cost if event_held else 0.0
        members = self.team_members()
        weight = lambda key: float((np.array([r.kpis[key] for r in rs]) * n).sum() / n.sum()) if n.sum() else 0.0  # noqa: E731
        return {
            "revenue": round(revenue, 2), "gross_profit": round(gross, 2),
            "net_profit": round(gross - costs - overheads - pay - event_cost, 2),
            "bonus": round(bonus, 2), "pay": round(pay, 2), "event_cost": event_cost, "overheads": overheads,
            "loyalty": weight("loyalty"), "retention": weight("retention"),
            "active_clients": int(sum(r.kpis["active_clients"] for r in rs)),
            "offers_made": int(sum(r.kpis["offers_made"] for r in rs)),
            "offers_accepted": int(sum(r.kpis["offers_accepted"] for r in rs)),
            "renewals_due": int(sum(r.kpis["renewals_due"] for r in rs)),
            "renewals_kept": int(sum(r.kpis["renewals_kept"] for r in rs)),
            "morale": float(np.mean([s.motivation for s in members])) if members else 0.0,
            "team_size": len(members), "quits": sum(m.quit for m in lines),
        }

    # --- the result -----------------------------------------------------
    def kpis(self) -> dict:
        """The game's KPIs so far: money summed; loyalty, retention and morale averaged over the months."""
        ks = [r.kpis for r in self.reports]
        total = lambda key: round(float(sum(k[key] for k in ks)), 2)  # noqa: E731
        mean = lambda key: round(float(np.mean([k[key] for k in ks])), 6) if ks else 0.0  # noqa: E731
        buyers = sum(int(np.count_nonzero(g.state.purchases >= 1)) for g in self.books.values())
        repeat = sum(int(np.count_nonzero(g.state.purchases >= 2)) for g in self.books.values())
        offers = sum(k["offers_made"] for k in ks)
        due = sum(k.get("renewals_due", 0) for k in ks)
        return {
            "revenue": total("revenue"), "gross_profit": total("gross_profit"), "net_profit": total("net_profit"),
            "bonus": total("bonus"), "pay": total("pay"), "loyalty": mean("loyalty"), "retention": mean("retention"),
            "renewal_rate": round(sum(k.get("renewals_kept", 0) for k in ks) / due, 6) if due else 0.0,
            "repeat_rate": round(repeat / buyers, 6) if buyers else 0.0,
            "average_check": round(total("revenue") / buyers / len(ks), 2) if buyers and ks else 0.0,
            "upsell_rate": round(sum(k["offers_accepted"] for k in ks) / offers, 6) if offers else 0.0,
            "active_clients": float(ks[-1]["active_clients"]) if ks else float(sum(g.n_clients for g in self.books.values())),
            "morale": mean("morale"), "quits": int(sum(k["quits"] for k in ks)),
        }

    def result(self) -> HeadResult:
        """KPIs, the score with its breakdown, and per-month KPIs."""
        kpis = self.kpis()
        total, lines = score(self.scenario.scoring, kpis)
        return HeadResult(kpis=kpis, score=total, breakdown=lines,
                          months=[dict(r.kpis, month=r.month) for r in self.reports])

    def replay_json(self) -> dict:
        """The head's decisions month by month (what a replay of this game holds)."""
        return {"kind": "head", "scenario_id": self.scenario.id, "scenario_version": self.scenario.version,
                "scenario_hash": self.scenario_hash, "seed": self.seed,
                "decisions": [[d.to_json() for d in month] for month in self.decisions[: self.month]]}


def head_takeaways(game: HeadGame, references: dict[str, HeadGame]) -> list[HeadNote]:
    """Two or three lessons of a finished head game, with numbers, against the reference heads played on its
    seed (``references``: name -> finished game; those not given are left out): the net profit the aligned head
    kept, what paying for volume did to markups, and what the team's promises came to."""
    me = game.profile()
    notes: list[HeadNote] = []
    aligned = references.get("aligned")
    if aligned is not None:
        a = aligned.profile()
        diff = round(a.net_profit - me.net_profit, 2)
        code = "aligned_same" if abs(diff) < 1.0 else "aligned_more" if diff > 0 else "aligned_less"
        notes.append(HeadNote(code, diff <= 0,
                              money={"diff": abs(diff), "yours": me.net_profit, "theirs": a.net_profit},
                              bases={"base": a.base, "your_base": me.base}))
        mis = references.get("misaligned")
        if mis is not None:
            b = mis.profile()
            gap = round(a.net_profit - b.net_profit, 2)
            notes.append(HeadNote("misaligned" if gap >= 0 else "misaligned_more", False, money={"diff": abs(gap)},
                                  shares={"theirs": b.markup, "aligned": a.markup}, bases={"base": b.base}))
    if me.quits:
        notes.append(HeadNote("quits" if me.unattended else "quits_covered", False,
                              counts={"quits": me.quits, "unattended": me.unattended},
                              shares={"morale": me.morale}))
    else:
        opaque = references.get("opaque")
        notes.append(HeadNote("kept_team_unattended" if me.unattended else "kept_team", True, shares={"morale": me.morale,
                                                         "opaque": opaque.profile().morale if opaque else me.morale},
                              counts={"unattended": me.unattended}))
    return notes


def replay(scenario: Scenario, seed: int, decisions: list[list[HeadDecision]]) -> HeadGame:
    """Play the head's ``decisions`` (one list a month) from the start; raises HeadDecisionError naming the month."""
    game = HeadGame(scenario, seed)
    for k, month in enumerate(decisions):
        for d in month:
            try:
                game.decide(d)
            except HeadDecisionError as exc:
                raise HeadDecisionError(exc.rule, f"month {k + 1}: {exc.message}") from None
        game.play_month()
    return game
