"""Predict, then see: questions the engine asks at moments of a player's own game, and what then happened.

Before a month resolves, :func:`month_questions` looks at the plan the player hands in and flags the moments a
lesson is at stake: a markup changed (lesson 5), a product offered for the first time in the game (lesson 3),
hours left free (lesson 2), renewals coming due (lesson 1). Each is a :class:`PredictionQuestion` of 3 choices, with the
numbers of the player's own plan (the product, the markups, how many clients, how many hours); the words come from
the catalogues (``predict.<code>.*``). The desk asks one of them (:func:`pick_question`: at most
:data:`PER_GAME` a game, the kinds taken in turn); the player may skip it.

:func:`check_question` answers it from the engine itself: the month with the plan, played on a copy of the clients
with the game's own draws (:meth:`~.game.Game.rehearse`, the very month :meth:`~.game.Game.play_month` then plays,
bit for bit), and for a question about a choice (the markup, the free hours), the month again with the other choice
on the same luck. What the player saw is never changed: the questions read the plan, and nothing here writes to the
game. The right choice is what happened; the :class:`Outcome` keeps the numbers and the reasons behind it.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .forecast import keep_working
from .plan import MonthPlan, TouchBatch
from .reasons import SOLD_OFFER, Reason, reason_short_key
from .report import MonthReport
from .rules import due

if TYPE_CHECKING:
    from .game import Game

MARKUP, FIRST_OFFER, RENEWALS, FREE_HOURS = "markup", "first_offer", "renewals", "free_hours"
CODES = (MARKUP, FIRST_OFFER, RENEWALS, FREE_HOURS)
LESSONS = {MARKUP: 5, FIRST_OFFER: 3, RENEWALS: 1, FREE_HOURS: 2}
CHOICES = {
    MARKUP: ("fewer", "same", "more"),            # this product's sales this month, against the markup kept
    FIRST_OFFER: ("none", "some", "half"),        # of the clients offered it: none buy, fewer than half, half or more
    RENEWALS: ("all", "most", "half"),            # renewals kept: all, more than half, half or fewer
    FREE_HOURS: ("lower", "same", "higher"),      # clients' loyalty with the hours spent on calls with a reason
}
PER_GAME = 4                # questions a game asks at most
MARKUP_STEP = 0.02          # a markup moved by less is no question
MIN_RENEWALS = 3            # fewer renewals due make "most" meaningless
LOYALTY_SAME = 0.001        # mean loyalty within 0.1 points (0-100 scale): about the same
CONFIDENCE_RANGE = (0.0, 1.0)


@dataclass(frozen=True)
class PredictionQuestion:
    """One question of a month: ``key`` names it within the month (``markup:cert``), ``code`` its kind (one of
    :data:`CODES`), ``lesson`` the course's lesson it checks, ``numbers`` fill its text, ``choices`` the codes of
    its answers (words: ``predict.<code>.choice.<choice>``)."""

    key: str
    code: str
    lesson: int
    choices: tuple[str, ...]
    numbers: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What the engine did about a question: ``right`` is the index of the choice that happened, ``numbers``
    what happened (and, for a choice, what the other choice would have given on the same luck), ``why`` the
    reasons behind it (reason catalogue keys with counts, biggest first)."""

    question: PredictionQuestion
    right: int
    numbers: Mapping = field(default_factory=dict)
    why: tuple[tuple[str, int], ...] = ()


def month_questions(game: Game, plan: MonthPlan) -> list[PredictionQuestion]:
    """Every moment of the coming month a question fits, in the order of :data:`CODES` (several markups, each
    product once). Reads only what the desk shows and the plan: nothing of the luck or the hidden needs."""
    if game.finished:
        return []
    cat = game.catalog
    out: list[PredictionQuestion] = []
    current = game.markups
    for p, pid in enumerate(cat.product_ids):
        if cat.fixed[p] or pid not in plan.markups:
            continue
        old, new = current[pid], float(plan.markups[pid])
        if abs(new - old) >= MARKUP_STEP - 1e-9:
            out.append(_question(MARKUP, pid, product=pid, old=old, new=new))
    offered_before = {b.product for past in game.plans for b in past.offers if b.clients.size}
    for pid, clients in _offered(plan).items():
        if pid not in offered_before:
            out.append(_question(FIRST_OFFER, pid, product=pid, n=len(clients)))
    due_now = _renewals_due(game)
    if due_now.size >= MIN_RENEWALS:
        personal = _met_personally(game, plan)
        out.append(_question(RENEWALS, "", n=int(due_now.size), reminded=int(personal[due_now].sum())))
    free = game.scenario.desk.hours_per_month - game.hours_needed(plan)
    single = _call_kind(game)
    if single is not None and free >= cat.touch_hours[single] - 1e-9:
        out.append(_question(FREE_HOURS, "", hours=round(float(free), 2)))
    return out


def pick_question(candidates: Sequence[PredictionQuestion], asked: Sequence[str]) -> PredictionQuestion | None:
    """The one question to ask this month, given the codes asked earlier in the game (``asked``): none past
    :data:`PER_GAME`; otherwise the kind asked least so far, the earlier in :data:`CODES` on a tie."""
    if len(asked) >= PER_GAME or not candidates:
        return None
    return min(candidates, key=lambda q: (asked.count(q.code), CODES.index(q.code)))


def check_question(game: Game, plan: MonthPlan, question: PredictionQuestion) -> Outcome:
    """What the coming month does about ``question`` when played with ``plan`` (call it before
    :meth:`~.game.Game.play_month`: the game is not changed). PlanError if the plan breaks a rule."""
    report = game.rehearse(plan)
    pid = str(question.numbers.get("product", ""))
    if question.code == MARKUP:
        p = game.catalog.product_ids.index(pid)
        other = rekeyed(plan, pid, float(question.numbers["old"]))
        before = game.rehearse(other)
        sold, sold_if = _sold(report, p), _sold(before, p)
        right = 0 if sold < sold_if else 1 if sold == sold_if else 2
        return Outcome(question, right, {"sold": sold, "sold_if": sold_if}, _deal_reasons(report, p))
    if question.code == FIRST_OFFER:
        p = game.catalog.product_ids.index(pid)
        rows = report.offer_product == p
        took = int(np.isin(report.offer_reason[rows], SOLD_OFFER).sum())
        n = int(rows.sum())
        right = 0 if took == 0 else 1 if 2 * took < n else 2
        return Outcome(question, right, {"bought": took, "n": n}, _counts(report.offer_reason[rows]))
    if question.code == RENEWALS:
        rows = report.deal_renewal
        kept = int(report.deals_won[rows].sum())
        n = int(rows.sum())
        right = 0 if kept == n else 1 if 2 * kept > n else 2
        return Outcome(question, right, {"kept": kept, "n": n}, _counts(report.deal_reason[rows]))
    if question.code == FREE_HOURS:
        busier = with_free_calls(game, plan)
        spent = game.rehearse(busier)
        calls = sum(int(b.clients.size) for b in busier.touches) - sum(int(b.clients.size) for b in plan.touches)
        mean, mean_if = _mean_change(report), _mean_change(spent)
        gap = mean - mean_if
        right = 1 if abs(gap) < LOYALTY_SAME else 0 if gap < 0 else 2
        useful = spent.useful_touches - report.useful_touches
        return Outcome(question, right, {"loyalty": round(100 * mean, 2), "loyalty_if": round(100 * mean_if, 2),
                                         "calls": calls, "useful": int(useful)},
                       (("predict.why.useful_calls", int(useful)),) if useful else ())
    raise ValueError(f"no question of kind {question.code!r}")


def rekeyed(plan: MonthPlan, product: str, markup: float) -> MonthPlan:
    """``plan`` with ``product`` at ``markup`` (the markup question's other choice)."""
    return dataclasses.replace(plan, markups={**plan.markups, product: markup})


def with_free_calls(game: Game, plan: MonthPlan) -> MonthPlan:
    """``plan`` with its free hours spent as the course says: one-to-one calls, each about the client's news (a
    renewal coming due, an event, a product that fits a known need), to the clients the plan leaves out, the most
    valuable first (the forecast's :func:`~.forecast.keep_working`), as many as the hours left allow."""
    kind = _call_kind(game)
    if kind is None:
        return plan
    cat = game.catalog
    free = game.scenario.desk.hours_per_month - game.hours_needed(plan)
    hours = float(cat.touch_hours[kind])
    room = int(free // hours + 1e-9) if hours > 0 else game.n_clients
    markups = np.array([float(plan.markups.get(pid, game.markups[pid])) for pid in cat.product_ids])
    work = keep_working(game.scenario, cat, game.state, game.month, markups)
    taken = {int(c) for b in plan.touches for c in b.clients}
    picked = [(int(c), int(topic)) for c, topic in zip(work.touch_client, work.touch_topic) if int(c) not in taken][:room]
    by_topic: dict[str | None, list[int]] = {}
    P = len(cat.product_ids)
    for c, topic in picked:
        name = None if topic < 0 else cat.product_ids[topic] if topic < P else cat.event_ids[topic - P]
        by_topic.setdefault(name, []).append(c)
    extra = tuple(TouchBatch(cat.touch_ids[kind], np.array(clients, np.int64), topic)
                  for topic, clients in by_topic.items())
    return dataclasses.replace(plan, touches=tuple(plan.touches) + extra)


# --- helpers -------------------------------------------------------------------------------------------------
def _question(code: str, subject: str, **numbers: object) -> PredictionQuestion:
    return PredictionQuestion(f"{code}:{subject}" if subject else code, code, LESSONS[code], CHOICES[code], dict(numbers))


def _offered(plan: MonthPlan) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for batch in plan.offers:
        if batch.clients.size:
            out.setdefault(batch.product, set()).update(int(c) for c in batch.clients)
    return out


def _renewals_due(game: Game) -> np.ndarray:
    """Active clients with a cycle product coming due this month (the due dates the desk shows)."""
    st = game.state
    return (due(st.last_buy, game.catalog.cycle, game.month).any(axis=1) & st.active).nonzero()[0]


def _call_kind(game: Game) -> int | None:
    """The one-to-one touch type the free-hours question counts in (the cheapest in hours, then money)."""
    cat = game.catalog
    singles = ((cat.touch_capacity == 1) & ~cat.touch_win_back).nonzero()[0]
    if not singles.size:
        return None
    return int(singles[np.lexsort((cat.touch_cost[singles], cat.touch_hours[singles]))[0]])


def _met_personally(game: Game, plan: MonthPlan) -> np.ndarray:
    cat = game.catalog
    met = np.zeros(game.n_clients, bool)
    for batch in plan.touches:
        if batch.kind in cat.touch_ids and cat.touch_capacity[cat.touch_ids.index(batch.kind)] == 1:
            met[batch.clients[(batch.clients >= 0) & (batch.clients < game.n_clients)]] = True
    return met


def _sold(report: MonthReport, p: int) -> int:
    return int((report.deals_won & (report.deal_product == p)).sum()
               + (report.offers_accepted & (report.offer_product == p)).sum())


def _deal_reasons(report: MonthReport, p: int) -> tuple[tuple[str, int], ...]:
    return _counts(np.concatenate([report.deal_reason[report.deal_product == p],
                                   report.offer_reason[report.offer_product == p]]))


def _counts(codes: np.ndarray) -> tuple[tuple[str, int], ...]:
    values, counts = np.unique(codes.astype(np.int64), return_counts=True)
    known = {int(r) for r in Reason}
    pairs = [(reason_short_key(int(v)), int(n)) for v, n in zip(values, counts) if int(v) in known]
    return tuple(sorted(pairs, key=lambda kv: (-kv[1], kv[0])))


def _mean_change(report: MonthReport) -> float:
    return float(report.loyalty_change.mean()) if report.loyalty_change.size else 0.0
