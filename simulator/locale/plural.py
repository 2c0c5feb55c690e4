"""Plural forms by the language's own rules (CLDR, through Babel), usable right inside a catalogue's text.

A catalogue text writes the forms after the number they follow: ``"{n} {n:plural:клиент|клиента|клиентов}"``
(or, shorter, ``{n:p:клиент|клиента|клиентов}``).
Russian lists one|few|many (and optionally other, the form for fractions: "1,5 пункта"; few when left out);
English lists one|other. Numbers given raw to a text are written the language's way ("1 234", "0,5").
"""
from __future__ import annotations

import string
from functools import cache

from babel import Locale

from .numbers import number

CATEGORIES = {"ru": ("one", "few", "many", "other"), "en": ("one", "other")}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def plural_category(value: float, lang: str) -> str:
    """CLDR's plural category of ``value`` in ``lang``: 'one', 'few', 'many' or 'other'."""
    return _locale(lang).plural_form(abs(value))


def pick(value: float, forms: list[str], lang: str) -> str:
    """The form of ``forms`` (in :data:`CATEGORIES` order) that goes with ``value``."""
    names = CATEGORIES[lang]
    chosen = dict(zip(names, forms))
    if lang == "ru" and "other" not in chosen:
        chosen["other"] = chosen.get("few", forms[-1])
    return chosen.get(plural_category(value, lang), forms[-1])


class PluralFormatter(string.Formatter):
    """``str.format`` for catalogue texts in one language: ``{n:plural:…}`` picks a form; raw numbers are
    written the language's way (an int grouped, a float with its format spec and a decimal comma in Russian)."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith(("plural:", "p:")):  # "p:" is the short spelling
            return pick(_as_number(value), format_spec.split(":", 1)[1].split("|"), self.lang)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return super().format_field(value, format_spec)
        if isinstance(value, int) and not format_spec:
            return number(value, self.lang)
        text = super().format_field(value, format_spec or "g")
        return text.replace(".", ",").replace("-", "\u2212") if self.lang == "ru" else text.replace("-", "\u2212")


def _as_number(value: object) -> float:
    """A count given as a number or as text already written ('6 496', '1,5', '−3')."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    return float(text)
