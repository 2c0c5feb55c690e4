"""The month report as an inbox: headline cards, each grouping the clients behind it by reason.

A card says what happened (``kind``) and how much; its groups say why, each with the clients behind
it, worst first. Codes only: the UI's catalogues put them into words. Nothing here is a rule of its
own: every number is read from the :class:`MonthReport` the engine resolved.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from .conversation import ConversationOutcome, Verdict
from .reasons import SOLD_OFFER, Reason
from .report import MonthReport

CARD_KINDS = ("bonus", "deals", "offers", "departures", "loyalty", "revealed", "won_back", "talks")
DELTA_KPIS = ("bonus", "gross_profit", "deals_won", "loyalty", "retention", "active_clients")
_WON = (Reason.WON, Reason.WON_RENEWAL)


@dataclass(frozen=True)
class InboxGroup:
    """Clients behind one reason. ``rows`` index the report's deal or offer arrays (cards ``deals`` and
    ``offers``) or are client indices (the other cards); ``clients`` holds the client of each row.
    ``value``: how many rows, or for the loyalty card the points (0-100) the cause moved the average client."""

    code: int
    good: bool
    rows: np.ndarray
    clients: np.ndarray
    value: float


@dataclass(frozen=True)
class InboxCard:
    """One headline: ``kind`` (one of :data:`CARD_KINDS`), ``count`` (its headline number) and ``good`` for the
    part of it that went well (deals won, offers taken), ``tone`` good / bad / neutral, the groups behind it."""

    kind: str
    count: int
    good: int
    tone: str
    groups: tuple[InboxGroup, ...]
    points: float = 0.0  # the loyalty card: the average client's change in points (0-100)


@dataclass(frozen=True)
class KpiDelta:
    """A month-end KPI and where it was a month earlier (``before`` None in month 1)."""

    kpi: str
    before: float | None
    after: float

    @property
    def change(self) -> float | None:
        """After minus before (None in month 1)."""
        return None if self.before is None else self.after - self.before


def _by_code(codes: np.ndarray, clients: np.ndarray, good_codes: tuple[int, ...]) -> tuple[InboxGroup, ...]:
    """Rows grouped by code: bad codes first, then the biggest groups."""
    groups = []
    for code in np.unique(codes):
        rows = np.flatnonzero(codes == code)
        good = int(code) in {int(c) for c in good_codes}
        groups.append(InboxGroup(int(code), good, rows, clients[rows], float(rows.size)))
    groups.sort(key=lambda g: (g.good, -g.rows.size, g.code))
    return tuple(groups)


def _loyalty_groups(report: MonthReport) -> tuple[InboxGroup, ...]:
    """Causes that moved loyalty, the biggest first; each with the clients it moved most (by their own change)."""
    groups = []
    for cause, mean in enumerate(report.loyalty_by_cause):
        points = float(mean) * 100
        if abs(points) < 0.05:
            continue
        clients = np.flatnonzero(report.loyalty_cause == cause)
        clients = clients[np.argsort(-np.abs(report.loyalty_change[clients]), kind="stable")]
        groups.append(InboxGroup(cause, points > 0, clients, clients, round(points, 2)))
    groups.sort(key=lambda g: -abs(g.value))
    return tuple(groups)


class TalkResult(IntEnum):
    """How a discovery conversation went, as the report's "talks" card groups them (its worst part first)."""

    FALSE_SIGNAL = 0   # a "yes" to a leading question was no real need
    EARLY_PITCH = 1    # product talk before the job was known
    TOO_LONG = 2       # questions past the natural length
    LEADING = 3        # a leading or hypothetical question (polite agreement)
    NOTHING = 4        # good questions that found nothing this time
    FOUND = 5          # found the client's job (or that there is none), cleanly


_LEADING = {int(Verdict.AGREED), int(Verdict.SIGNAL), int(Verdict.FALSE_SIGNAL)}


def talk_result(outcome: ConversationOutcome) -> TalkResult:
    """A conversation's outcome (:class:`~.conversation.ConversationOutcome`) by its worst part."""
    verdicts = {int(v) for v in outcome.verdicts}
    if outcome.false_signals:
        return TalkResult.FALSE_SIGNAL
    if int(Verdict.EARLY_PITCH) in verdicts:
        return TalkResult.EARLY_PITCH
    if any(outcome.over_length):
        return TalkResult.TOO_LONG
    if verdicts & _LEADING:
        return TalkResult.LEADING
    return TalkResult.FOUND if outcome.good or outcome.needs else TalkResult.NOTHING


def _talk_card(report: MonthReport) -> InboxCard | None:
    """The month's conversations grouped by how they went; rows index ``report.conversations``."""
    talks = report.conversations
    if not talks:
        return None
    codes = np.array([int(talk_result(t)) for t in talks], np.int64)
    clients = np.array([int(t.client) for t in talks], np.int64)
    groups = _by_code(codes, clients, (int(TalkResult.FOUND),))
    good = sum(bool(t.good) for t in talks)
    return InboxCard("talks", len(talks), good, "good" if good * 2 >= len(talks) else "bad", groups)


def month_inbox(report: MonthReport) -> list[InboxCard]:
    """The month's headline cards in reading order: pay, deals, offers, departures, loyalty, needs revealed,
    clients won back (cards with nothing in them are left out, except pay)."""
    won = report.deals_won
    accepted = report.offers_accepted
    cards = [InboxCard("bonus", 0, 0, "good" if report.books.bonus > 0 else "neutral", ())]
    if report.deal_reason.size:
        lost = int((~won).sum())
        cards.append(InboxCard("deals", int(won.size), int(won.sum()), "bad" if lost > won.sum() else "good",
                               _by_code(report.deal_reason, report.deal_client, tuple(int(c) for c in _WON))))
    if report.offer_reason.size:
        cards.append(InboxCard("offers", int(accepted.size), int(accepted.sum()),
                               "good" if accepted.sum() * 2 >= accepted.size else "bad",
                               _by_code(report.offer_reason, report.offer_client, tuple(int(c) for c in SOLD_OFFER))))
    if report.churned.size:
        cards.append(InboxCard("departures", int(report.churned.size), 0, "bad",
                               _by_code(report.churn_reason, report.churned, ())))
    groups = _loyalty_groups(report)
    if groups:
        mean = float(report.loyalty_by_cause.sum()) * 100
        cards.append(InboxCard("loyalty", int(np.count_nonzero(np.abs(report.loyalty_change) >= 0.0005)), 0,
                               "good" if mean >= 0 else "bad", groups, round(mean, 2)))
    talks = _talk_card(report)
    if talks is not None:   # before the needs a touch revealed by chance: the ones a question found
        cards.append(talks)
    for kind, clients in (("revealed", report.revealed), ("won_back", report.won_back)):
        if clients.size:
            clients = np.asarray(clients, np.int64)
            cards.append(InboxCard(kind, int(clients.size), int(clients.size), "good",
                                   (InboxGroup(-1, True, clients, clients, float(clients.size)),)))
    return cards


def kpi_deltas(report: MonthReport, previous: MonthReport | None) -> list[KpiDelta]:
    """The month-end KPIs the report opens with, each against the month before."""
    return [KpiDelta(k, None if previous is None else float(previous.kpis[k]), float(report.kpis[k]))
            for k in DELTA_KPIS]
