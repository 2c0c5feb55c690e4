"""Plural forms by the language's own rules (CLDR, through Babel), usable right inside a catalogue's text.

A catalogue text writes the forms after the number they follow: ``"{n} {n:plural:клиент|клиента|клиентов}"``
(or, shorter, ``{n:p:клиент|клиента|клиентов}``); ``{name:lower}`` writes a text field in small letters.
Russian lists one|few|many (and optionally other, the form for fractions: "1,5 пункта"; few when left out);
English lists one|other. Numbers given raw to a text are written the language's way ("1 234", "0,5").
"""
from __future__ import annotations

import string

from .numbers import number
from .symbols import locale, localized, plural_categories


def plural_category(value: float, lang: str) -> str:
    """CLDR's plural category of ``value`` in ``lang``: 'one', 'few', 'many' or 'other'."""
    return locale(lang).plural_form(abs(value))


def pick(value: float, forms: list[str], lang: str) -> str:
    """The form of ``forms`` (in CLDR's order of the language's categories, see
    :func:`~simulator.locale.symbols.plural_categories`) that goes with ``value``. The 'other' form may be left
    out: the 'few' form stands in for it (Russian's fractions: "1,5 пункта"), or the last form given."""
    chosen = dict(zip(plural_categories(lang), forms))
    if "other" not in chosen:
        chosen["other"] = chosen.get("few", forms[-1])
    return chosen.get(plural_category(value, lang), forms[-1])


class PluralFormatter(string.Formatter):
    """``str.format`` for catalogue texts in one language: ``{n:plural:…}`` picks a form; raw numbers are
    written the language's way (an int grouped, a float with its format spec and a decimal comma in Russian)."""

    def __init__(self, lang: str, words: str | None = None):
        super().__init__()
        self.lang = lang                 # numbers are written this language's way
        self.words = words or lang       # the language of the plural forms listed (a fallen-back text's own)

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith(("plural:", "p:")):  # "p:" is the short spelling
            return pick(_as_number(value), format_spec.split(":", 1)[1].split("|"), self.words)
        if format_spec == "lower":  # a name inside a sentence, where the language writes it small: "Best score"
            return str(value).lower()
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return super().format_field(value, format_spec)
        if isinstance(value, int) and not format_spec:
            return number(value, self.lang)
        text = super().format_field(value, format_spec or "g")
        return localized(text, self.lang).replace("-", "\u2212")


def _as_number(value: object) -> float:
    """A count given as a number or as text already written ('6 496', '1,5', '−3')."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    return float(text)
