"""Player-facing text: one JSON catalogue per language under ``assets/locale``.

Every string the window shows comes from :class:`I18n` (``t("menu.start")``)
or from the scenario and engine texts, which carry both languages themselves.
"""
from __future__ import annotations

import json
from pathlib import Path

from ...locale import PluralFormatter
from ..theme import ASSETS_DIR

LANGUAGES = ("ru", "en")
LOCALE_DIR = ASSETS_DIR / "locale"


def load_catalogue(lang: str, folder: Path = LOCALE_DIR) -> dict[str, str]:
    """The flat key -> text mapping of one language."""
    return json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))


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
        if not values:
            return template
        try:
            return self._formatters[self.lang].format(template, **values)
        except (KeyError, IndexError, ValueError, TypeError):
            return template

    def has(self, key: str) -> bool:
        """True when the catalogue of the current language has ``key``."""
        return key in self._catalogues[self.lang]
