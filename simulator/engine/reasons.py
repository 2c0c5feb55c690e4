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


def describe(code: int, lang: str = "en", **context) -> str:
    """The reason in words; ``context`` fills in numbers such as ``gap`` or ``silence``."""
    ru, en = _TEXT[Reason(code)]
    template = ru if lang == "ru" else en
    defaults = {"gap": 0.0, "silence": 0, "requires": "?"}
    defaults.update(context)
    try:
        return template.format(**defaults)
    except (ValueError, KeyError):
        return template


def is_win(code: int) -> bool:
    """True for codes that mean a sale."""
    return code in (Reason.WON, Reason.WON_RENEWAL, *SOLD_OFFER)
