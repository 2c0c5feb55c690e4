"""What a head game's month leaves behind: each seller's month and the department's, as plain records with
their JSON (the reports' screens, the store and the command line read them; nothing writes them after the month)."""
from __future__ import annotations

from dataclasses import dataclass

from ..engine import Books
from ..scenario.schema import PayScheme


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
    underpaid: float = 0.0            # what he was paid short of his promise, in a month well short of it
    stance: str = "steady"            # how he stood toward his pay plan's lines (seller.stance): steady, rush, ...
    clawback: float = 0.0             # bonus taken back this month for clients lost soon after buying
    capped: float = 0.0               # bonus the cap withheld this month

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"seller": self.seller, "books": list(self.books), "hours": self.hours, "effort": self.effort,
                "noticed_events": self.noticed_events, "markups": self.markups, "deals": self.deals,
                "offers": self.offers, "revenue": self.revenue, "gross_profit": self.gross_profit,
                "pay": self.books_money.pay, "bonus": self.books_money.bonus,
                "bonus_by_base": self.books_money.bonus_by_base, "motivation": self.motivation, "quit": self.quit,
                "touches": self.touches, "useful_touches": self.useful_touches,
                "offers_accepted": self.offers_accepted, "underpaid": self.underpaid, "stance": self.stance,
                "clawback": self.clawback, "capped": self.capped}


@dataclass(frozen=True)
class HeadMonthReport:
    """A month of the department: each seller's month, the books and the company's money."""

    month: int
    sellers: tuple[SellerMonth, ...]
    book_reports: dict            # segment id -> MonthReport
    event: str | None             # the team event's purpose this month, if one was held
    event_worked: bool
    kpis: dict
