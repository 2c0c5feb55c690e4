"""Player-facing text: the window's current language over the catalogues of :mod:`simulator.locale.catalogue`.

Every string the window shows comes from :class:`I18n` (``t("menu.start")``), from the catalogue keys the
engine's codes name (reasons, causes, KPIs) or from the scenario's texts, which carry their languages themselves.
A key the current language's catalogue lacks reads by the one fallback rule (English, then any language).

A number in a text chooses the word that follows it: ``{n} {n:p:игра|игры|игр}`` (or ``{n:plural:…}``), by
the language's plural rules (see :mod:`simulator.locale.plural`).
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ...locale.catalogue import LOCALE_DIR, Catalogues, load_catalogue, shipped
from ...locale.languages import fallback_order, languages

__all__ = ["LOCALE_DIR", "I18n", "languages", "load_catalogue"]


class I18n:
    """The current language and its catalogue; switching language takes effect on the next frame."""

    def __init__(self, lang: str = "ru", folders: Iterable[Path] | None = None):
        self._catalogues = shipped() if folders is None else Catalogues(folders)
        self.languages = self._catalogues.languages
        self.lang = fallback_order(lang, self.languages)[0]   # a language without a catalogue: English, then any

    def set_language(self, lang: str) -> None:
        """Switch to ``lang`` (a language with a catalogue; any other code is ignored)."""
        if lang in self.languages:
            self.lang = lang

    def language_name(self, lang: str) -> str:
        """A language's own name for itself, from its catalogue ('Русский', 'English')."""
        return self._catalogues.catalogue(lang).get("common.language_name", lang)

    def t(self, key: str, **values: object) -> str:
        """The text of ``key`` in the current language, with ``{name}`` fields filled from ``values`` (numbers written
        the language's way, ``{n:plural:…}`` forms picked by its plural rules; see :mod:`simulator.locale`)."""
        return self._catalogues.text(self.lang, key, **values)

    def has(self, key: str) -> bool:
        """True when the current language reads a text for ``key`` (its own or by the fallback rule)."""
        return self._catalogues.has(self.lang, key)
