"""The web pages' texts in Russian and English: the catalogues' ``server.*`` (assets/locale)."""
from __future__ import annotations

from ..locale.catalogue import LANGUAGES, section

TEXTS = {lang: section(lang, "server.") for lang in LANGUAGES}  # the catalogues' ``server.*`` texts


def t(key: str, lang: str) -> str:
    """A page text in ``lang`` (English when the language is unknown)."""
    return TEXTS.get(lang, TEXTS["en"])[key]


def page_lang(value: str | None) -> str:
    """``ru`` or ``en`` from a query parameter (default Russian, the game's default)."""
    return value if value in TEXTS else "ru"
