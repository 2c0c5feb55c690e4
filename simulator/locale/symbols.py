"""Each language's way of writing digits, from CLDR through Babel: the thousands separator, the decimal mark and
the plural categories its texts list forms for. A code Babel does not know is written the English way."""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .languages import FALLBACK

if TYPE_CHECKING:
    from babel import Locale

CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")   # the order a catalogue lists plural forms in


@cache
def locale(lang: str) -> Locale:
    """Babel's locale of ``lang`` (English's for a code Babel does not know). Babel is imported here, on first use,
    so the engine and the scenario checks import without it."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(FALLBACK)


@cache
def separators(lang: str) -> tuple[str, str]:
    """``(thousands separator, decimal mark)``: ('\\u00a0', ',') in Russian, (',', '.') in English."""
    symbols = locale(lang).number_symbols["latn"]
    return symbols["group"], symbols["decimal"]


@cache
def plural_categories(lang: str) -> tuple[str, ...]:
    """The plural categories of ``lang`` in CLDR order: ('one', 'few', 'many', 'other') in Russian,
    ('one', 'other') in English."""
    tags = set(locale(lang).plural_form.tags) | {"other"}
    return tuple(name for name in CLDR_ORDER if name in tags)


def localized(text: str, lang: str) -> str:
    """A number written Python's way ('1,234.5') written ``lang``'s way ('1 234,5' in Russian)."""
    group, mark = separators(lang)
    return text.translate({ord(","): group, ord("."): mark})
