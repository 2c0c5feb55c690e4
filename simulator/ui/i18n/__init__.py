"""Player-facing text: the window's current language over the catalogues of :mod:`simulator.locale.catalogue`.

Every string the window shows comes from :class:`I18n` (``t("menu.start")``), from the catalogue keys the
engine's codes name (reasons, causes, KPIs) or from the scenario's texts, which carry both languages themselves.

A number in a text chooses the word that follows it: ``{n} {n:p:игра|игры|игр}`` (or ``{n:plural:…}``), by
the language's plural rules (see :mod:`simulator.locale.plural`).
"""
from __future__ import annotations

from pathlib import Path

from ...locale import PluralFormatter
from ...locale.catalogue import LANGUAGES, LOCALE_DIR, fill, load_catalogue

__all__ = ["LANGUAGES", "LOCALE_DIR", "I18n", "load_catalogue"]


class I18n:
    """The current language and its catalogue; switching language takes effect on the next frame."""

    def __init__(self, lang: str = "ru", folder: Path = LOCALE_DIR):
        self._folder = folder
        self._catalogues = {code: load_catalogue(code, folder) for code in LANGUAGES}
        self._formatters = {code: PluralFormatter(code) for code in LANGUAGES}
        self.lang = lang if lang in LANGUAGES else "ru"

    def set_language(self, lang: str) -> None:
        """Switch to ``lang`` ('ru' or 'en')."""
        if lang in LANGUAGES:
            self.lang = lang

    def t(self, key: str, **values) -> str:
        """The text of ``key`` in the current language, with ``{name}`` fields filled from ``values`` (numbers written
        the language's way, ``{n:plural:…}`` forms picked by its plural rules; see :mod:`simulator.locale`)."""
        template = self._catalogues[self.lang].get(key)
        if template is None:
            return f"<{key}>"
        return fill(template, self._formatters[self.lang], values)

    def has(self, key: str) -> bool:
        """True when the catalogue of the current language has ``key``."""
        return key in self._catalogues[self.lang]
