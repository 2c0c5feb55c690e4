"""Player-facing text: one JSON catalogue per language under ``assets/locale``.

Every string the window shows comes from :class:`I18n` (``t("menu.start")``)
or from the scenario and engine texts, which carry both languages themselves.

A whole number in a text chooses the word that follows it: ``{n} {n:p:игра|игры|игр}`` in Russian (one,
few, many: 1 игра, 3 игры, 5 игр, 11 игр, 21 игра) and ``{n} {n:p:game|games}`` in English.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..theme import ASSETS_DIR

LANGUAGES = ("ru", "en")
LOCALE_DIR = ASSETS_DIR / "locale"


def load_catalogue(lang: str, folder: Path = LOCALE_DIR) -> dict[str, str]:
    """The flat key -> text mapping of one language."""
    return json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))


def plural(n: int, forms: list[str]) -> str:
    """The form of a word for ``n``: three forms follow the Russian rule (1, 2-4, 5-20...), two the English one."""
    n = abs(int(n))
    if len(forms) == 3:
        if n % 10 == 1 and n % 100 != 11:
            return forms[0]
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return forms[1]
        return forms[2]
    return forms[0] if n == 1 else forms[-1]


class _Count(int):
    """A whole number whose format ``p:one|few|many`` (or ``p:one|other``) gives the word for it."""

    def __format__(self, spec: str) -> str:
        if spec.startswith("p:"):
            return plural(int(self), spec[2:].split("|"))
        return int.__format__(int(self), spec)


class I18n:
    """The current language and its catalogue; switching language takes effect on the next frame."""

    def __init__(self, lang: str = "ru", folder: Path = LOCALE_DIR):
        self._folder = folder
        self._catalogues = {code: load_catalogue(code, folder) for code in LANGUAGES}
        self.lang = lang if lang in LANGUAGES else "ru"

    def set_language(self, lang: str) -> None:
        """Switch to ``lang`` ('ru' or 'en')."""
        if lang in LANGUAGES:
            self.lang = lang

    def t(self, key: str, **values) -> str:
        """The text of ``key`` in the current language, with ``{name}`` fields filled from ``values``."""
        template = self._catalogues[self.lang].get(key)
        if template is None:
            return f"<{key}>"
        if not values:
            return template
        values = {k: _Count(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return template

    def has(self, key: str) -> bool:
        """True when the catalogue of the current language has ``key``."""
        return key in self._catalogues[self.lang]
