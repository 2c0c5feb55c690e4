"""The catalogues: one JSON file of texts per language (``assets/locale/<code>.json``), read once.

Every layer takes its words from here: the engine names things by code (a reason, a cause, a KPI) and the
screens, the store's printouts and the server's pages look the code up as a key (``reason.price``,
``kpi.loyalty``). Texts are filled by :class:`~simulator.locale.plural.PluralFormatter`.

A key missing in the language asked for is looked up by the one fallback rule of
:mod:`simulator.locale.languages` (English, then any language that has it); its plural forms are picked by the
rules of the language it is written in, its numbers are written the reader's way (as every other number on the
screen is).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .languages import LOCALE_DIR, catalogue_dirs, catalogue_files, fallback_order, languages
from .plural import PluralFormatter

__all__ = ["LOCALE_DIR", "Catalogues", "fill", "languages", "load_catalogue", "section", "text"]


def load_catalogue(lang: str, folder: Path | None = None) -> dict[str, str]:
    """The flat key -> text mapping of one language (from ``folder``, or from wherever its catalogue is found)."""
    path = Path(folder) / f"{lang}.json" if folder is not None else catalogue_files()[lang]
    return json.loads(path.read_text(encoding="utf-8"))


def fill(template: str, formatter: PluralFormatter, values: dict) -> str:
    """``template`` with its fields filled (the template itself if a value does not fit it)."""
    if not values:
        return template
    try:
        return formatter.format(template, **values)
    except (KeyError, IndexError, ValueError, TypeError):
        return template


class Catalogues:
    """Every language's catalogue from a set of folders (read once), looked up by the fallback rule."""

    def __init__(self, folders: Iterable[Path] | None = None):
        self._files = catalogue_files(folders)
        self.languages = languages(folders)
        self._texts: dict[str, dict[str, str]] = {}
        self._formatters: dict[tuple[str, str], PluralFormatter] = {}

    def catalogue(self, lang: str) -> dict[str, str]:
        """The texts of ``lang`` as its own catalogue has them (empty for a language without one)."""
        if lang not in self._texts:
            path = self._files.get(lang)
            self._texts[lang] = json.loads(path.read_text(encoding="utf-8")) if path else {}
        return self._texts[lang]

    def formatter(self, lang: str, words: str | None = None) -> PluralFormatter:
        """The formatter writing numbers the way ``lang`` does, picking the plural forms of a text written in
        ``words`` (``lang`` itself unless the text fell back to another language)."""
        key = (lang, words or lang)
        if key not in self._formatters:
            self._formatters[key] = PluralFormatter(*key)
        return self._formatters[key]

    def find(self, lang: str, key: str) -> tuple[str, str] | None:
        """``(language, template)`` of ``key`` for a reader of ``lang``, by the fallback rule; None when no
        catalogue has the key."""
        for code in fallback_order(lang, self.languages):
            template = self.catalogue(code).get(key)
            if template is not None:
                return code, template
        return None

    def has(self, lang: str, key: str) -> bool:
        """True when a reader of ``lang`` gets a text for ``key`` (in ``lang`` or by the fallback rule)."""
        return self.find(lang, key) is not None

    def text(self, lang: str, key: str, **values: object) -> str:
        """The text of ``key`` for ``lang`` filled with ``values``; ``<key>`` when no catalogue has the key, so a
        gap shows instead of hiding."""
        found = self.find(lang, key)
        if found is None:
            return f"<{key}>"
        code, template = found
        return fill(template, self.formatter(lang, code), values)

    def section(self, lang: str, prefix: str) -> dict[str, str]:
        """Every text whose key starts with ``prefix``, keyed without it, each by the fallback rule (a web page
        hands its section to its script whole)."""
        keys = dict.fromkeys(key for code in self.languages for key in self.catalogue(code) if key.startswith(prefix))
        found = {key: self.find(lang, key) for key in keys}
        return {key[len(prefix):]: hit[1] for key, hit in found.items() if hit is not None}


@lru_cache(maxsize=4)
def _shipped(folders: tuple[Path, ...] | None = None) -> Catalogues:
    return Catalogues(folders)


def shipped() -> Catalogues:
    """The catalogues the game runs with (the shipped folder and ``SALESDESK_LOCALE_DIR``'s), read once."""
    return _shipped(catalogue_dirs())


def text(lang: str, key: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` filled with ``values``, by the fallback rule (requested, English, any);
    ``<key>`` when no catalogue has the key, so a gap shows instead of hiding."""
    return shipped().text(lang, key, **values)


def section(lang: str, prefix: str) -> dict[str, str]:
    """Every text whose key starts with ``prefix``, keyed without it (see :meth:`Catalogues.section`)."""
    return shipped().section(lang, prefix)
