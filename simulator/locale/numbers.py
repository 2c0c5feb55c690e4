"""Money, whole numbers, decimals, percentages and signed changes, written as each language writes them
(separators from CLDR through :mod:`simulator.locale.symbols`, unit words from the catalogues)."""
from __future__ import annotations

from .symbols import localized

NBSP = "\u00a0"
MINUS = "\u2212"  # a true minus: "−5", not a hyphen


def _grouped(value: float, places: int, lang: str) -> str:
    """|value| with grouped thousands and ``places`` decimals: '1 234,5' (ru) or '1,234.5' (en)."""
    return localized(f"{abs(value):,.{places}f}", lang)


def _zeroed(value: float, places: int) -> float:
    """0.0 for a value that rounds to zero (no "−0")."""
    return 0.0 if round(value, places) == 0 else value


def number(value: float, lang: str, places: int = 0) -> str:
    """6496 -> '6 496' (ru) / '6,496' (en); -3.25 with places=1 -> '−3,2' (ru, a true minus)."""
    value = _zeroed(value, places)
    return (MINUS if value < 0 else "") + _grouped(value, places, lang)


def decimal(value: float, places: int, lang: str, sign: bool = False) -> str:
    """A number with ``places`` decimals; ``sign``: '+1,3' and '−1,3'."""
    value = _zeroed(value, places)
    text = number(value, lang, places)
    return ("+" + text) if sign and value >= 0 else text


def general(value: float, lang: str) -> str:
    """A number as short as it goes ('%g'): 0.5 -> '0,5' (ru) / '0.5' (en), 40.0 -> '40'."""
    text = f"{value:g}".replace("-", MINUS)
    return localized(text, lang)


def signed(value: float, lang: str, places: int = 0) -> str:
    """A change with its sign: '+12', '−3', '0'."""
    value = _zeroed(value, places)
    return number(value, lang, places) if value <= 0 else "+" + number(value, lang, places)


def shows_no_change(text: str) -> bool:
    """True when a written change has no digit but 0 ('+0,0 п.', '+0 RUB'): it reads as no change, so its arrow
    and colour must not say up or down (a change of −0.04 points is written '+0.0 pt')."""
    return not any(ch.isdigit() and ch != "0" for ch in text)


def percent(value: float, places: int = 0, lang: str = "en") -> str:
    """0.423 -> '42%' (a share as a percentage; '42,3%' with places=1 in Russian)."""
    return number(value * 100, lang, places) + "%"


def money(value: float, currency: str = "", lang: str = "en") -> str:
    """12345.6 -> '12 346 RUB' (ru) or '12,346 RUB' (en); no-break spaces keep an amount whole when text wraps."""
    text = number(value, lang)
    return f"{text}{NBSP}{currency}" if currency else text


def money_short(value: float, currency: str = "", lang: str = "en") -> str:
    """Money in few characters for narrow places: 4100000 -> '4,1 млн RUB' / '4.1 M RUB', 90000 -> '90 тыс. RUB'."""
    big = abs(value)
    if big >= 1e6:
        places = 0 if round(big / 1e6, 1) == round(big / 1e6) else 1
        text = unit_text(lang, "common.millions", number(value / 1e6, lang, places))
    elif big >= 1e4:
        text = unit_text(lang, "common.thousands", number(value / 1e3, lang))
    else:
        return money(value, currency, lang)
    return f"{text}{NBSP}{currency}" if currency else text


def points(change: float, lang: str) -> str:
    """A change of a share in percentage points with its sign: '+1,3 п.' (ru), '−0.5 pt' (en)."""
    return unit_text(lang, "common.points", decimal(change * 100, 1, lang, sign=True))


def unit_text(lang: str, key: str, written: str) -> str:
    """``written`` (a number already written) inside the catalogue's unit text ``key``: '4,1 млн', '90 k'."""
    from .catalogue import text  # the catalogues fill their texts with this module's numbers: imported late
    return text(lang, key, n=written)
