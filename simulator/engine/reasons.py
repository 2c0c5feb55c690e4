"""Why a deal was won or lost, why an offer was taken or refused.

While a month resolves, reasons are small integer codes in arrays; they become
words only when a screen or a report shows them, through the catalogues' keys
(``reason.*``, ``reason_short.*``, ``cause.*``, ``departure.*``).
"""
from __future__ import annotations

from enum import IntEnum


class Reason(IntEnum):
    """Outcome codes of deals and offers."""

    WON = 0
    WON_RENEWAL = 1
    PRICE = 2
    FORGOT = 3
    LOW_LOYALTY = 4
    BUDGET = 5
    COMPETITOR = 6
    ACCEPTED = 10
    NO_NEED = 11
    OWNED = 12
    REQUIRES = 13
    NOT_NOW = 14
    OFFER_PRICE = 15
    OFFER_BUDGET = 16
    IN_DEAL = 17
    ACCEPTED_ANYWAY = 18   # a sale, though the client has no job for the product
    PUSHED = 19            # turned down before at this price: no means no
    UNKNOWN_JOB = 20       # the desk had not learned the job the product serves


SOLD_OFFER = (Reason.ACCEPTED, Reason.ACCEPTED_ANYWAY)  # offer codes that mean a sale


class Cause(IntEnum):
    """Why a client's loyalty moved in a month (each month's change is split among these exactly)."""

    USEFUL_TOUCH = 0
    EMPTY_TOUCH = 1
    OVER_CONTACT = 2
    FITTING_OFFER = 3
    MISFIT_OFFER = 4
    PRICE = 5
    DEAL_WON = 6
    DEAL_LOST = 7
    SILENCE = 8
    COMPETITORS = 9
    WIN_BACK = 10


class Departure(IntEnum):
    """Why a client left us."""

    FORGOT = 0          # forgot us and stopped trusting us
    RENEWED_ELSEWHERE = 1  # renewed with a competitor while barely remembering us
    LURED = 2           # a competitor lured a client with little trust left
    LURED_ANNOYED = 3   # ... more easily because we annoyed them


def reason_key(code: int) -> str:
    """The catalogue key of a deal's or offer's outcome in words (``reason.price``; fields ``gap``, ``silence``,
    ``requires``)."""
    return f"reason.{Reason(code).name.lower()}"


def reason_short_key(code: int) -> str:
    """The catalogue key of an outcome in two or three words, for counts by reason (``reason_short.price``)."""
    return f"reason_short.{Reason(code).name.lower()}"


def cause_key(code: int) -> str:
    """The catalogue key of a loyalty cause in words (``cause.useful_touch``)."""
    return f"cause.{Cause(code).name.lower()}"


def departure_key(code: int) -> str:
    """The catalogue key of why a client left (``departure.forgot``)."""
    return f"departure.{Departure(code).name.lower()}"
