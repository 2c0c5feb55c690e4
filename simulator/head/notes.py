"""What a head game's months and the whole game teach, as codes with numbers (the words are the screens').

:class:`HeadNotes` is mixed into :class:`~simulator.head.game.HeadGame`: the month's KPI changes, the books
nobody held, the month's notes, each seller's pay under every bonus base, the game's profile; and
:func:`head_takeaways` compares a finished game with the reference heads on its seed.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..engine import BASES
from .calculators import HeadCalculators
from .records import HeadMonthReport, SellerMonth

if TYPE_CHECKING:
    from .game import HeadGame
    from .view import SellerView

TILE_KPIS = ("revenue", "gross_profit", "net_profit", "pay", "loyalty", "morale", "team_size", "quits")
NEAR_FLOOR = 0.05          # an average markup this close to the head's floor is "quoting at the floor"
MORALE_DROP = 0.05         # a month's fall in team morale that prompts a review of pay and promises
MORALE_REVIEW = 0.7        # ... or team morale under this
# The codes of HeadGame.month_notes and of head_takeaways (a screen has words for each).
MONTH_NOTES = ("quit", "unattended", "invoice_floor", "invoice_volume", "net_opaque", "short_of_promise",
               "event_worked", "event_wasted", "gross_aligned")
TAKEAWAYS = ("aligned_same", "aligned_more", "aligned_less", "misaligned", "misaligned_more", "quits", "quits_covered",
             "kept_team", "kept_team_unattended", "underpaid")
UNDERPAID_NOTE = 0.05      # savings from underpaying above this share of what was promised are named in the debrief


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
class ReviewPrompt:
    """Team morale fell (or stands low): the team room prompts a review of pay against the promises."""

    morale: float
    change: float | None     # against the month before (None after the first month)
    short: int               # sellers paid well short of their promise last month


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


class HeadNotes(HeadCalculators):
    """What a head game's months show (see the module's docstring)."""

    segment_ids: tuple[str, ...]
    product_ids: tuple[str, ...]

    @property
    def sellers(self) -> Mapping[str, SellerView]:
        raise NotImplementedError

    @property
    def bands(self) -> Mapping[str, tuple[float, float]]:
        raise NotImplementedError

    def kpis(self) -> dict:
        raise NotImplementedError

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

    def review_prompt(self) -> ReviewPrompt | None:
        """A prompt to review pay and promises when the team's morale fell last month (by MORALE_DROP or more) or
        stands under MORALE_REVIEW: the morale, its change, and how many were paid short of their promise."""
        if not self.reports:
            return None
        now = float(self.reports[-1].kpis["morale"])
        before = float(self.reports[-2].kpis["morale"]) if len(self.reports) >= 2 else None
        fell = before is not None and now <= before - MORALE_DROP
        if not fell and now >= MORALE_REVIEW:
            return None
        short = sum(1 for m in self.reports[-1].sellers if m.underpaid > 0)
        return ReviewPrompt(now, None if before is None else now - before, short)

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


def head_takeaways(game: HeadGame, references: dict[str, HeadGame]) -> list[HeadNote]:
    """Two or three lessons of a finished head game, with numbers, against the reference heads played on its
    seed (``references``: name -> finished game; those not given are left out): the net profit the aligned head
    kept, what paying for volume did to markups, and what the team's promises came to; first of all, when it
    applies, the savings that came from paying less than was promised (``underpaid``: never praised as profit)."""
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
    saved = round(sum(m.underpaid for r in game.reports for m in r.sellers), 2)
    promised = sum(game.sellers[m.seller].promise for r in game.reports for m in r.sellers if m.seller in game.sellers)
    if saved > UNDERPAID_NOTE * promised:   # part of "your" net profit is pay that was promised and not paid
        notes.insert(0, HeadNote("underpaid", False, money={"saved": saved}, counts={"quits": me.quits},
                                 shares={"morale": me.morale}))
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
