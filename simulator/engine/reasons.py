"""Why a deal was won or lost, why an offer was taken or refused.

While a month resolves, reasons are small integer codes in arrays; they become
words (Russian or English) only when a screen or a report shows them.
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


_CAUSE_TEXT: dict[Cause, tuple[str, str]] = {
    Cause.USEFUL_TOUCH: ("касания с поводом", "touches with a reason"),
    Cause.EMPTY_TOUCH: ("касания без повода", "touches without a reason"),
    Cause.OVER_CONTACT: ("слишком частые контакты", "too much contact"),
    Cause.FITTING_OFFER: ("подходящие предложения", "offers that fit"),
    Cause.MISFIT_OFFER: ("неподходящие или навязчивые предложения", "offers that miss or push"),
    Cause.PRICE: ("цена выше терпимой рынком", "prices beyond the market's tolerance"),
    Cause.DEAL_WON: ("выигранные сделки", "deals won"),
    Cause.DEAL_LOST: ("проигранные сделки и продления", "deals and renewals lost"),
    Cause.SILENCE: ("долгое молчание", "long silence"),
    Cause.COMPETITORS: ("конкуренты переманивают", "competitors courting them"),
    Cause.WIN_BACK: ("возвращение клиента", "a client won back"),
}

_DEPARTURE_TEXT: dict[Departure, tuple[str, str]] = {
    Departure.FORGOT: ("забыл нас и перестал доверять", "forgot us and stopped trusting us"),
    Departure.RENEWED_ELSEWHERE: ("продлил у конкурента: почти не помнил нас", "renewed with a competitor: barely remembered us"),
    Departure.LURED: ("переманил конкурент: доверия почти не осталось", "lured by a competitor: little trust was left"),
    Departure.LURED_ANNOYED: ("переманил конкурент: мы его раздражали", "lured by a competitor: we had annoyed them"),
}


def cause_text(code: int, lang: str = "en") -> str:
    """A loyalty cause in words."""
    ru, en = _CAUSE_TEXT[Cause(code)]
    return ru if lang == "ru" else en


def departure_text(code: int, lang: str = "en") -> str:
    """Why a client left, in words."""
    ru, en = _DEPARTURE_TEXT[Departure(code)]
    return ru if lang == "ru" else en


_TEXT: dict[Reason, tuple[str, str]] = {
    Reason.WON: ("выиграна: клиент выбрал нас", "won: the client chose us"),
    Reason.WON_RENEWAL: ("продление у нас: клиент помнит и доверяет", "renewed with us: the client remembers and trusts us"),
    Reason.PRICE: ("проиграна: цена на {gap:.0%} выше рынка", "lost: price {gap:.0%} above market"),
    Reason.FORGOT: (
        "проиграна: нет контакта {silence} мес., клиент выбрал другого поставщика",
        "lost: no contact for {silence} months, chose another supplier",
    ),
    Reason.LOW_LOYALTY: ("проиграна: низкая лояльность, клиент нам не доверяет", "lost: low loyalty, the client does not trust us"),
    Reason.BUDGET: ("проиграна: цена выше бюджета клиента", "lost: price above the client's budget"),
    Reason.COMPETITOR: ("проиграна: конкурент предложил условия лучше", "lost: a competitor made a better offer"),
    Reason.ACCEPTED: ("принято: продукт закрывает задачу клиента", "accepted: the product does a job the client has"),
    Reason.NO_NEED: ("отказ: нет потребности", "refused: no need for it"),
    Reason.OWNED: ("отказ: уже есть", "refused: already has it"),
    Reason.REQUIRES: ("отказ: сначала нужен «{requires}»", "refused: needs \u201c{requires}\u201d first"),
    Reason.NOT_NOW: ("отказ: не сейчас", "refused: not now"),
    Reason.OFFER_PRICE: ("отказ: дорого, цена на {gap:.0%} выше рынка", "refused: too dear, {gap:.0%} above market"),
    Reason.OFFER_BUDGET: ("отказ: не по бюджету", "refused: over the client's budget"),
    Reason.IN_DEAL: ("уже покупает в этом месяце", "already buying it this month"),
    Reason.ACCEPTED_ANYWAY: ("принято, хотя задачи для этого продукта у клиента нет: такая продажа — редкая удача",
                             "accepted though the client has no job for it: a rare stroke of luck"),
    Reason.PUSHED: ("отказ: клиент уже отказался от этого по той же цене — настойчивость раздражает",
                    "refused: the client already turned this down at this price; pushing annoys"),
    Reason.UNKNOWN_JOB: ("отказ: вы не знаете, какую задачу клиента закрывает продукт — сначала выясните её",
                         "refused: you have not learned which of the client's jobs it does; find that out first"),
}


_SHORT: dict[Reason, tuple[str, str]] = {
    Reason.WON: ("выиграно", "won"), Reason.WON_RENEWAL: ("продлено у нас", "renewed with us"),
    Reason.PRICE: ("цена", "price"), Reason.FORGOT: ("забыли нас", "forgot us"),
    Reason.LOW_LOYALTY: ("мало доверия", "low trust"), Reason.BUDGET: ("выше бюджета", "over budget"),
    Reason.COMPETITOR: ("конкурент", "a competitor"), Reason.ACCEPTED: ("принято", "accepted"),
    Reason.NO_NEED: ("нет потребности", "no need"), Reason.OWNED: ("уже есть", "already has it"),
    Reason.REQUIRES: ("нужен другой продукт", "needs another product"), Reason.NOT_NOW: ("не сейчас", "not now"),
    Reason.OFFER_PRICE: ("дорого", "too dear"), Reason.OFFER_BUDGET: ("не по бюджету", "over budget"),
    Reason.IN_DEAL: ("покупает и так", "buying it anyway"), Reason.ACCEPTED_ANYWAY: ("принято без потребности", "accepted without a need"),
    Reason.PUSHED: ("навязчиво", "pushed again"), Reason.UNKNOWN_JOB: ("задача не выяснена", "job not learned"),
}


def short_text(code: int, lang: str = "en") -> str:
    """A reason in two or three words, for counts by reason."""
    ru, en = _SHORT[Reason(code)]
    return ru if lang == "ru" else en


def describe(code: int, lang: str = "en", **context: object) -> str:
    """The reason in words; ``context`` fills in numbers such as ``gap`` or ``silence``."""
    ru, en = _TEXT[Reason(code)]
    template = ru if lang == "ru" else en
    defaults: dict[str, object] = {"gap": 0.0, "silence": 0, "requires": "?"}
    defaults.update(context)
    try:
        return template.format(**defaults)
    except (ValueError, KeyError):
        return template
