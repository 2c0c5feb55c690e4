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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ..engine import (
    Books,
    Draws,
    FrozenDict,
    Game,
    GameResult,
    MonthPlan,
    MonthProgress,
    MonthReport,
    checked_seed,
    close_books,
    kpi_totals,
    month_overheads,
    score,
)
from ..scenario.loader import content_hash
from ..scenario.schema import TRAITS, Compensation, Desk, PayScheme, Scenario, ScoreItem, Scoring, Segment, Team
from . import interview as iv, payplan as pp, seller as sm
from .decisions import MAX_DECISIONS, PURPOSES, QUESTIONS, HeadDecision, HeadDecisionError
from .lab import HeadLab
from .notes import HeadNotes
from .records import HeadMonthReport, SellerMonth
from .view import HeadView, SellerView, held_by, with_status

BOOK_SEED = 12 << 10       # slot of the draw that derives a book's seed
COMPANY_OVERHEADS = 13 << 10
WELCOME_MONTHS = 3         # a welcome party has a purpose while someone joined this recently
LEAVER_LOYALTY = 0.15      # share of their loyalty a leaver's clients lose (the relationship was partly his)
LEAVER_RECALL = 0.7        # share of their recall they keep (nobody they know calls now)
ASK_MORE = 0.1             # candidates ask this much more after each quit (word gets round)
LEAVER_MEMORY = 6          # months a leaver counts (at mood 0) in the team's morale
SEVERANCE_MONTHS = 1.0     # a seller let go is paid this many months of his promise
FIRE_MORALE = 0.05         # motivation the rest of the team loses when the head lets someone go


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
    quoted: dict | None = None         # the markups he quoted this month (his markups after his stance's discount)
    answers: list = field(default_factory=list)     # iv.Answer, in the order asked (structured interview)
    scores: dict = field(default_factory=dict)      # question id -> the head's mark on the scorecard
    ledger: pp.Ledger = field(default_factory=pp.Ledger)   # his pay plan's period and clawback
    last_base: float | None = None     # last month's bonus base (what he expects a month to bring)

    @property
    def pay(self) -> PayScheme:
        """His pay scheme (every seller on the team has one; a candidate has none until hired)."""
        assert self.scheme is not None, f"`{self.id}` has no pay scheme"
        return self.scheme
    priced_at: int = -10**6
    controlled: float | None = None    # last month's margin after the cost to serve (net pay's line of sight)
    uncontrolled: float = 0.0
    aware: bool = False                # he goes by the events running (he noticed them)
    aware_of: tuple = ()               # ... the events running when he last looked
    changes: list = field(default_factory=list)   # months his pay rules changed (sm.rules_changed)
    left: int = -1                     # the month he quit or was let go

    def visible_traits(self, month: int | None = None) -> dict[str, float | None]:
        """Traits as the head sees them: hidden ones are None until an interview reveals them, or (given the
        ``month``) until the seller's work has shown them, iv.TRUTH_AFTER months after he joined."""
        if month is not None and self.status != "candidate" and month - max(self.joined, 0) >= iv.TRUTH_AFTER:
            return {t: getattr(self.traits, t) for t in TRAITS}
        return {t: (getattr(self.traits, t) if t not in self.hidden or t in self.revealed else None) for t in TRAITS}


def _book_scenario(scenario: Scenario, segment: Segment) -> Scenario:
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


class HeadGame(HeadNotes, HeadLab, MonthProgress):
    """One play of a head scenario with a seed."""

    kind = "head"   # the game kind (``simulator.store.kinds``); a desk game's is "desk"

    def __init__(self, scenario: Scenario, seed: int):
        if scenario.team is None:
            raise ValueError(f"scenario `{scenario.id}` is a desk scenario; a head game needs a `team:` section")
        self.seed = checked_seed(seed)
        self.scenario = scenario
        self.team: Team = scenario.team
        self.scenario_hash = content_hash(scenario)
        self._draws = Draws(self.seed)
        self.segment_ids = tuple(s.id for s in scenario.segments)
        seeds = [book_seed(self.seed, k) for k in range(len(scenario.segments))]
        self.books = {s.id: Game(_book_scenario(scenario, s), seeds[k]) for k, s in enumerate(scenario.segments)}
        self._book_draws = {s.id: Draws(seeds[k]) for k, s in enumerate(scenario.segments)}
        self.product_ids = tuple(p.id for p in scenario.products)
        self._products = {p.id: p for p in scenario.products}
        self._bands = {p.id: (p.markup.min, p.markup.max) for p in scenario.products}
        self._free_share = float(np.mean([not p.markup.fixed for p in scenario.products]))
        self._holder: dict[str, str | None] = dict.fromkeys(self.segment_ids)
        self._sellers: dict[str, SellerState] = {}
        for k, c in enumerate(self.team.candidates):
            st = SellerState(k, c.id, sm.Traits(c.flexibility, c.empathy, c.diligence, c.greed),
                             c.salary_expectation, set(c.hidden))
            if c.hired:
                st.status, st.scheme, st.promise, st.joined = "hired", self.team.pay, c.salary_expectation, -1
                for seg in c.segments:
                    self._holder[seg] = c.id
            self._sellers[c.id] = st
        self.decisions: list[list[HeadDecision]] = [[]]
        self.reports: list[HeadMonthReport] = []
        self._event: str | None = None
        self._reprice: set[str] = set()   # sellers whose rules changed since they last priced
        self._severance = 0.0              # severance of the sellers let go this month
        self._view: HeadView | None = None

    # --- progress (month, turns, finished: MonthProgress) -----------------
    @property
    def decision_month(self) -> bool:
        """Whether the head may decide before the next month (the scenario's cadence)."""
        return not self.finished and self.month % self.team.decide_every == 0

    # --- what the head may see (a frozen snapshot: screens and reference heads read it) -------------
    @property
    def view(self) -> HeadView:
        """The department now (see :class:`~.view.HeadView`), taken afresh after each decision and month."""
        if self._view is None:
            self._view = HeadView(
                self.month,
                FrozenDict({k: SellerView(s.index, s.id, s.status, s.scheme, s.promise, s.motivation, s.expectation,
                                          s.joined, tuple(s.asked), FrozenDict(s.visible_traits(self.month)),
                                          None if s.markups is None else FrozenDict(s.markups))
                            for k, s in self._sellers.items()}),
                FrozenDict(self._holder), FrozenDict(self._bands),
                FrozenDict({k: g.n_clients for k, g in self.books.items()}), self.segment_ids)
        return self._view

    @property
    def sellers(self) -> FrozenDict:
        """Candidates and sellers as the head sees them: id -> :class:`~.view.SellerView` (of :attr:`view`)."""
        return self.view.sellers

    @property
    def holder(self) -> FrozenDict:
        """Segment id -> the seller who holds it, or None (of :attr:`view`)."""
        return self.view.holder

    @property
    def bands(self) -> FrozenDict:
        """Product id -> (floor, ceiling) of the markups sellers may quote (of :attr:`view`)."""
        return self.view.bands

    def team_members(self) -> list[SellerView]:
        """Sellers on the team now (of :attr:`view`)."""
        return self.view.team_members()

    def candidates(self) -> list[SellerView]:
        """Candidates the head may still hire (of :attr:`view`)."""
        return self.view.candidates()

    def books_of(self, seller: str) -> list[str]:
        """Segments ``seller`` holds."""
        return self.view.books_of(seller)

    # --- the game's own state (changed only by decide and play_month) ----------------------------
    def _members(self) -> list[SellerState]:
        return with_status(self._sellers.values(), "hired")

    def _candidates(self) -> list[SellerState]:
        return with_status(self._sellers.values(), "candidate")

    def _books_of(self, seller: str) -> list[str]:
        return held_by(self._holder, self.segment_ids, seller)

    # --- deciding -------------------------------------------------------
    def decide(self, decision: HeadDecision) -> dict:
        """Apply a decision now (checked whole first: a broken rule raises HeadDecisionError and changes nothing).

        Returns what the interviews revealed: candidate id -> {trait: value} for the traits they showed.
        """
        self._check(decision)
        for pid, band in decision.markups.items():
            self._bands[pid] = (band.floor, band.ceiling)
            self._reprice |= {s.id for s in self._members()}
        revealed = {cid: self._interview(cid, qs) for cid, qs in decision.interviews.items()}
        for sid in decision.fire:
            self._let_go(self._sellers[sid])
        for cid, marks in decision.scorecard.items():
            self._sellers[cid].scores.update(marks)
        current = self._team_scheme()
        for hire in decision.hire:
            s = self._sellers[hire.candidate]
            if hire.promise >= s.expectation:   # promised less than he expects, he says no
                s.status, s.promise, s.joined, s.motivation, s.scheme = "hired", hire.promise, self.month, 1.0, current
        for s in self._members():
            if decision.team_pay is not None:
                self._pay(s, decision.team_pay)
        for sid, scheme in decision.pay.items():
            if self._sellers[sid].status == "hired":
                self._pay(self._sellers[sid], scheme)
        for seg, holder in decision.assign.items():
            self._holder[seg] = holder if holder is None or self._sellers[holder].status == "hired" else None
        if decision.team_event is not None:
            self._event = decision.team_event
        self.decisions[-1].append(decision)
        self._view = None
        return revealed

    def _pay(self, s: SellerState, scheme: PayScheme) -> None:
        if sm.rules_changed(s.scheme, scheme):
            self._reprice.add(s.id)   # new rules, a new look at his prices: his alone (a new rate changes none)
            if s.joined != self.month:
                s.changes.append(self.month)
        s.scheme = scheme

    def severance_of(self, seller: str) -> float:
        """What letting ``seller`` go would cost in severance now (SEVERANCE_MONTHS of his promise)."""
        return round(SEVERANCE_MONTHS * self._sellers[seller].promise, 2)

    def _let_go(self, s: SellerState) -> None:
        """The head lets ``s`` go: his severance is booked with the month, his clients lose what they had with him,
        and the rest of the team takes it in."""
        self._severance += self.severance_of(s.id)
        s.status, s.left = "fired", self.month
        for b in self._books_of(s.id):
            self._holder[b] = None
            self.books[b].handover(LEAVER_LOYALTY, LEAVER_RECALL)
        for other in self._members():
            other.motivation = max(0.0, other.motivation - FIRE_MORALE)

    def _team_scheme(self) -> PayScheme:
        members = self._members()
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
        schemes = list(d.pay.values()) + ([d.team_pay] if d.team_pay is not None else [])
        if not lev.pay_plan and any(not pp.plain(x) for x in schemes):
            raise HeadDecisionError("locked", "caps, clawbacks and quarterly periods are the pay-plan lab's; this "
                                              "scenario pays month by month, uncapped")
        hired = {h.candidate for h in d.hire}
        for sid in d.fire:
            if sid not in self._sellers or self._sellers[sid].status != "hired":
                raise HeadDecisionError("unknown_seller", f"`{sid}` is not on the team")
            if not lev.hiring:
                raise HeadDecisionError("locked", "the team is not the head's to change in this scenario")
        if set(d.fire) & (set(d.pay) | {h for h in d.assign.values() if h is not None}):
            raise HeadDecisionError("fire", "a seller let go cannot be paid or given a book in the same decision")
        for sid in d.pay:
            if sid not in self._sellers or (self._sellers[sid].status != "hired" and sid not in hired):
                raise HeadDecisionError("unknown_seller", f"`{sid}` is not on the team")
        if (d.interviews or d.hire) and not lev.hiring:
            raise HeadDecisionError("locked", "hiring is not the head's to do in this scenario")
        for cid, qs in d.interviews.items():
            if cid not in self._sellers or self._sellers[cid].status != "candidate":
                raise HeadDecisionError("unknown_candidate", f"`{cid}` is not a candidate")
            if len(self._sellers[cid].asked) + len(qs) > self.team.interview_questions:
                raise HeadDecisionError("interview", f"at most {self.team.interview_questions} questions to a candidate")
            menu = self._menu()
            for q in qs:
                if q not in menu:
                    raise HeadDecisionError("unknown_question", f"no question `{q}` on this interview's menu")
            if len(set(qs) | set(self._sellers[cid].asked)) != len(qs) + len(self._sellers[cid].asked):
                raise HeadDecisionError("interview", f"a question is asked of `{cid}` twice")
        for cid, marks in d.scorecard.items():
            if cid not in self._sellers:
                raise HeadDecisionError("unknown_candidate", f"`{cid}` is not a candidate")
            asked = set(self._sellers[cid].asked) | set(d.interviews.get(cid, []))
            for q in marks:
                if q not in asked:
                    raise HeadDecisionError("scorecard", f"`{cid}` was not asked `{q}`; mark only answers you heard")
        if len(hired) != len(d.hire):
            raise HeadDecisionError("hire", "a candidate is hired twice")
        for cid in hired:
            if cid not in self._sellers or self._sellers[cid].status != "candidate":
                raise HeadDecisionError("unknown_candidate", f"`{cid}` is not a candidate")
        if len(self._members()) + len(hired) > self.team.max_sellers:
            raise HeadDecisionError("team_size", f"the team holds at most {self.team.max_sellers} sellers")
        if d.assign and not lev.segments:
            raise HeadDecisionError("locked", "segments are not the head's to assign in this scenario")
        for seg, holder in d.assign.items():
            if seg not in self._holder:
                raise HeadDecisionError("unknown_segment", f"no segment `{seg}` in this scenario")
            if holder is not None and (holder not in self._sellers or (self._sellers[holder].status != "hired" and holder not in hired)):
                raise HeadDecisionError("unknown_seller", f"`{holder}` is not on the team")
        if d.team_event is not None and not lev.team_event:
            raise HeadDecisionError("locked", "a team event is not the head's to call in this scenario")

    def _menu(self) -> tuple[str, ...]:
        """The question ids the head may ask: the scenario's interview menu, or the short interview's."""
        menu = self.team.interview
        return tuple(q.id for q in menu.questions) if menu is not None else tuple(QUESTIONS)

    def answers_of(self, cid: str) -> tuple[iv.Answer, ...]:
        """What ``cid`` answered, in the order asked (the structured interview; empty without a menu)."""
        return tuple(self._sellers[cid].answers)

    def scorecard_of(self, cid: str) -> dict[str, int]:
        """The head's marks for ``cid``'s answers: question id -> 1..5."""
        return dict(self._sellers[cid].scores)

    def interview_debrief(self) -> list[iv.DebriefLine]:
        """Each answer of a seller whose work has shown his traits (iv.TRUTH_AFTER months on the team), next to
        the truth: which questions predicted it."""
        asked = {s.id: list(s.answers) for s in self._sellers.values() if s.answers}
        truths = {s.id: {t: getattr(s.traits, t) for t in TRAITS} for s in self._sellers.values()
                  if s.status != "candidate" and self.month - max(s.joined, 0) >= iv.TRUTH_AFTER}
        return iv.debrief_lines(asked, {s.id: s.scores for s in self._sellers.values()}, truths)

    def _interview(self, cid: str, questions: Sequence[str]) -> dict:
        s = self._sellers[cid]
        menu = self.team.interview
        if menu is not None:   # the structured interview: answers as text, the traits stay hidden
            story = self.team.candidates[s.index].story
            traits = {t: getattr(s.traits, t) for t in TRAITS}
            for q in questions:
                s.answers.append(iv.answer(menu, self.seed, s.index, traits, story, s.asked, q))
                s.asked.append(q)
            return {t: v for t, v in s.visible_traits().items() if v is not None}
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
                for s in self._members():
                    s.motivation = min(1.0, s.motivation + self.team.team_event.boost)
        plans: dict[str, MonthPlan] = {}
        hours: dict[str, tuple[float, float, bool, str]] = {}
        for s in self._members():
            own, hours[s.id] = self._plan_seller(s, self.books, self._book_draws, t, s.id in self._reprice)
            plans.update(own)
        reports: dict[str, MonthReport] = {}
        for seg, game in self.books.items():
            reports[seg] = game.play_month(plans.get(seg, MonthPlan()))
        self._reprice, self._event = set(), None
        return self._close(t, reports, hours, event, worked)

    def _expected_base(self, s: SellerState) -> float:
        """What the seller expects a month to bring to his bonus base: last month's, or before his first month the
        base that would pay what he was promised under his scheme (what he was told to expect)."""
        if s.last_base is not None:
            return s.last_base
        return pp.base_for_bonus(sm.compensation(s.pay), max(s.promise - s.pay.salary, 0.0))

    def _plan_seller(self, s: SellerState, books: Mapping[str, Game], draws: Mapping[str, Draws], t: int, reprice: bool
                     ) -> tuple[dict[str, MonthPlan], tuple[float, float, bool, str]]:
        """The seller's plans for his books this month (``books``: the department's, or forks of them for a
        forecast; ``s.markups`` and ``s.priced_at`` are updated), with (hours, effort, noticed events, stance)."""
        held = self._books_of(s.id)
        s.quoted = None
        running = tuple(int(e) for e in np.flatnonzero(next(iter(books.values())).view.events_running_in(t)))
        noticed = sm.notices_events(self._draws, t, s.index, s.traits)
        aware = sm.aware_of_events(s.aware, running == s.aware_of, noticed)
        news = aware and (running != s.aware_of or not s.aware)   # he sees the events change now
        s.aware, s.aware_of = aware, running
        notices = aware or not running
        sight = sm.line_of_sight(s.pay, s.controlled, s.uncontrolled, self._free_share)
        if sm.churned(s.changes, t):   # the rules moved again: he cannot work his pay out, nor trust it
            sight *= sm.CHURN_SIGHT
            s.motivation = max(0.0, s.motivation - sm.CHURN_HURT)
        work = sm.effort(s.traits, s.motivation, sight, t - s.joined if s.joined >= 0 else -1,
                         sm.stake(s.pay, s.promise))
        if not held:
            return {}, (self.team.hours_per_seller * work, work, notices, sm.STEADY.code)
        sizes = np.array([books[b].n_clients for b in held], float)
        biggest = books[held[int(np.argmax(sizes))]]
        routine = t - s.priced_at >= sm.REPRICE_EVERY and notices   # unaware of an event: his old prices stand
        if s.markups is None or reprice or news or routine:
            s.markups = sm.searched_markups(biggest.desk, self._bands, s.pay, s.traits)
            s.priced_at = t
        s.markups = {pid: float(np.clip(v, *self._bands[pid])) for pid, v in s.markups.items()}
        share = sizes / sizes.sum() if sizes.sum() > 0 else np.full(len(held), 1.0 / len(held))

        def plans_for(st: sm.Stance, work: float) -> dict[str, MonthPlan]:
            quoted = s.quoted = sm.with_stance(s.markups or {}, self._bands, st)
            total = self.team.hours_per_seller * work
            return {b: sm.seller_plan(books[b].desk, draws[b], t, s.traits, s.pay, quoted, total * h, notices,
                                      st.extra_push, st.code == "hold") for b, h in zip(held, share)}
        plans = plans_for(sm.STEADY, work)
        st = sm.STEADY
        if not pp.plain(s.pay) or s.pay.accelerator is not None:   # the plan's lines: he games them
            comp = sm.compensation(s.pay)
            st = sm.stance(s.pay, s.traits, s.ledger.period_base, pp.month_in_period(s.pay, t),
                           pp.period_months(s.pay), self._expected_base(s), pp.cap_base(s.pay, comp))
            if st != sm.STEADY:
                work = float(np.clip(work * st.effort, 0.0, 1.0))
                plans = plans_for(st, work)
        return plans, (self.team.hours_per_seller * work, work, notices, st.code)

    def _event_works(self, purpose: str) -> bool:
        if purpose not in PURPOSES:
            return False
        if purpose == "welcome":
            return any(s.joined >= 0 and self.month - s.joined < WELCOME_MONTHS for s in self._members())
        if purpose == "thanks":
            last = self.reports[-1].sellers if self.reports else ()
            promise = {s.id: s.promise for s in self._members()}
            return any(m.books_money.pay >= promise.get(m.seller, np.inf) for m in last)
        return True

    def _close(self, t: int, reports: dict, hours: dict, event: str | None, worked: bool) -> HeadMonthReport:
        comp = self.scenario.compensation
        luck = float(self._draws.uniform(t, np.zeros(1, np.int64), COMPANY_OVERHEADS)[0])
        overheads = round(month_overheads(Compensation(overheads=self.team.overheads,
                                                       overhead_swing=comp.overhead_swing), luck), 2)
        n_all = sum(g.n_clients for g in self.books.values()) or 1
        lines = []
        for s in self._members():
            books = self._books_of(s.id)
            rs = [reports[b] for b in books]
            revenue = sum(r.books.revenue for r in rs)
            cogs = sum(r.books.cost_of_goods for r in rs)
            touch = sum(r.books.touch_costs for r in rs)
            serve = sum(r.books.serve_costs for r in rs)
            bad = sum(r.books.bad_debt for r in rs)
            allocated = overheads * sum(self.books[b].n_clients for b in books) / n_all
            outside = self._outside(s, books, reports)
            comp_s = sm.compensation(s.pay, overheads=allocated + bad)
            money = close_books(comp_s, s.pay.salary, revenue, cogs, touch, serve, (0.5, 0.0), outside)
            money, felt, settled = self._pay_plan(s, comp_s, money, books, reports, t)
            s.controlled, s.uncontrolled = revenue - cogs - touch - serve, allocated + bad
            underpaid = round(s.promise - money.pay, 2) if money.pay < sm.SHORTFALL_OK * s.promise else 0.0
            s.motivation = sm.motivation_after(s.motivation, felt, s.promise, s.traits)
            left = sm.quits(self._draws, t, s.index, s.motivation)
            total, work, notices, stance = hours[s.id]
            lines.append(SellerMonth(
                s.id, tuple(books), round(total, 2), round(work, 4), notices, dict(s.quoted or s.markups or {}),
                int(sum(int(r.deals_won.sum()) for r in rs)), int(sum(r.offer_client.size for r in rs)),
                round(revenue, 2), round(revenue - cogs, 2), money, round(s.motivation, 4), left, s.pay,
                sum(r.touches for r in rs), sum(r.useful_touches for r in rs),
                int(sum(int(r.offers_accepted.sum()) for r in rs)), underpaid, stance,
                settled.clawback if settled else 0.0, settled.capped if settled else 0.0))
            if left:
                s.status, s.left = "quit", t
                for b in books:
                    self._holder[b] = None
                    self.books[b].handover(LEAVER_LOYALTY, LEAVER_RECALL)
                for c in self._candidates():   # word gets round: the next ones ask for more
                    c.expectation = round(c.expectation * (1.0 + ASK_MORE), -3)
        kpis = self._month_kpis(reports, lines, overheads, worked or event is not None)
        report = HeadMonthReport(t + 1, tuple(lines), reports, event, worked, kpis)
        self.reports.append(report)
        self._view = None
        self.decisions.append([])
        return report

    def _pay_plan(self, s: SellerState, comp: Compensation, money: Books, books: list[str], reports: dict, t: int
                  ) -> tuple[Books, float, pp.Settled | None]:
        """The month's pay under the scheme's period, cap and clawback (a plain scheme: the engine's books as they
        are): (books with the pay the plan pays, the pay the seller counts against his promise, what was settled)."""
        s.last_base = money.bonus_base
        if pp.plain(s.pay):
            return money, money.pay, None
        shares = {b: pp.client_shares(reports[b], s.markups or {}, self.product_ids, s.pay.base) for b in books}
        settled = pp.settle(s.pay, comp, s.ledger, t, money.bonus_base, shares, {b: reports[b].churned for b in books})
        bonus = round(settled.bonus - settled.clawback, 2)
        paid = replace(money, bonus=bonus, pay=round(money.salary + bonus, 2))
        return paid, pp.felt_pay(s.pay, comp, money.salary, settled, t), settled

    def _outside(self, s: SellerState, books: list[str], reports: dict) -> tuple[float, float, float]:
        """(revenue, cost of goods, cost to serve) of his sales below his bonus threshold (the engine's books of
        the sales outside his scheme's bonus corridor)."""
        return self._outside_of(s, books, reports, self.books)

    def _outside_of(self, s: SellerState, books: list[str], reports: dict, games: Mapping[str, Game]
                    ) -> tuple[float, float, float]:
        """:meth:`_outside` on ``games`` (the department's books, or a forecast's copies of them)."""
        if s.pay.threshold is None:
            return 0.0, 0.0, 0.0
        comp = sm.compensation(s.pay)
        out = np.zeros(3)
        for b in books:
            out += games[b].sales_outside(reports[b], comp)
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
        severance, self._severance = self._severance, 0.0
        members = self._members()
        leavers = [s for s in self._sellers.values() if s.left >= 0 and self.month - s.left < LEAVER_MEMORY]
        mood = [s.motivation for s in members] + [0.0] * len(leavers)

        def weight(key: str) -> float:
            return float((np.array([r.kpis[key] for r in rs]) * n).sum() / n.sum()) if n.sum() else 0.0
        return {
            "revenue": round(revenue, 2), "gross_profit": round(gross, 2),
            "net_profit": round(gross - costs - overheads - pay - event_cost - severance, 2),
            "bonus": round(bonus, 2), "pay": round(pay, 2), "event_cost": event_cost, "overheads": overheads,
            "severance": round(severance, 2), "underpaid": round(sum(m.underpaid for m in lines), 2),
            "loyalty": weight("loyalty"), "retention": weight("retention"),
            "active_clients": int(sum(r.kpis["active_clients"] for r in rs)),
            "offers_made": int(sum(r.kpis["offers_made"] for r in rs)),
            "offers_accepted": int(sum(r.kpis["offers_accepted"] for r in rs)),
            "renewals_due": int(sum(r.kpis["renewals_due"] for r in rs)),
            "renewals_kept": int(sum(r.kpis["renewals_kept"] for r in rs)),
            "morale": float(np.mean(mood)) if mood else 0.0,
            "team_size": len(members), "quits": sum(m.quit for m in lines),
        }

    # --- the result -----------------------------------------------------
    def kpis(self) -> dict:
        """The game's KPIs so far (the engine's totals over the department's months and every book's clients), and
        the team's: morale averaged over the months, quits summed."""
        ks = [r.kpis for r in self.reports]
        books = list(self.books.values())
        clients = books[0].client_counts()
        for g in books[1:]:
            clients = clients + g.client_counts()
        kpis = kpi_totals(ks, clients)
        kpis["morale"] = round(float(np.mean([k["morale"] for k in ks])), 6) if ks else 0.0
        kpis["quits"] = int(sum(k["quits"] for k in ks))
        return kpis

    def result(self) -> GameResult:
        """KPIs, the score with its breakdown, and per-month KPIs."""
        kpis = self.kpis()
        total, lines = score(self.scenario.scoring, kpis)
        return GameResult(kpis=kpis, score=total, breakdown=lines,
                          months=[dict(r.kpis, month=r.month) for r in self.reports])

    def replay_json(self) -> dict:
        """The head's decisions month by month (what a replay of this game holds)."""
        return {"kind": "head", "scenario_id": self.scenario.id, "scenario_version": self.scenario.version,
                "scenario_hash": self.scenario_hash, "seed": self.seed,
                "decisions": [[d.to_json() for d in month] for month in self.decisions[: self.month]]}


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
