"""Which languages the game speaks, and the one rule for a text that is missing in the language asked for.

A language is a catalogue: ``assets/locale/<code>.json``, found on disk, never listed in code (``<code>`` is a
CLDR language code Babel knows, such as ``de`` or ``pt_BR``: it picks the plural rules and the digits' separators).
A translator tries a new catalogue without touching the install by pointing ``SALESDESK_LOCALE_DIR`` at a folder
of ``<code>.json`` files (several folders separated by the path separator); a file there replaces a shipped one of
the same code.

The fallback rule, the same for the catalogues' texts and for a scenario's texts (see :func:`fallback_order`):
**the language asked for, then English, then any language the text is given in** (in the order given).
See docs/languages.md.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..shipped import ASSETS_DIR

LOCALE_DIR = ASSETS_DIR / "locale"
FALLBACK = "en"             # the language a missing text is looked for next
DEFAULT_LANGUAGE = "ru"     # the window's and the web pages' language when none is chosen; listed first
EXTRA_DIRS_VARIABLE = "SALESDESK_LOCALE_DIR"


def fallback_order(lang: str, given: Iterable[str]) -> list[str]:
    """The languages of ``given`` to try, best first, for a text wanted in ``lang``: ``lang`` itself, then English,
    then the others in ``given``'s order. ``fallback_order("de", ["ru", "en"]) == ["en", "ru"]``."""
    given = list(given)
    first = [code for code in (lang, FALLBACK) if code in given]
    return list(dict.fromkeys(first + given))


def pick(lang: str, texts: dict[str, str]) -> str | None:
    """The text of ``texts`` (keyed by language) to show a player of ``lang``, by :func:`fallback_order`."""
    for code in fallback_order(lang, texts):
        return texts[code]
    return None


# A code's shape (language, optional script, optional region), for when Babel is not installed: Babel is imported
# on first use only, so the engine and `validate` run on a Python with the core libraries but without it.
CODE_SHAPE = re.compile(r"[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2}|_[0-9]{3})?")


def is_language_code(code: str) -> bool:
    """True for a language code Babel knows ('ru', 'en', 'de', 'pt_BR'); False for 'eng', 'xx', 'EN'. Without
    Babel: True for any code of a language code's shape."""
    if not code or code != code.strip() or "." in code or "/" in code or not code.split("_")[0].islower():
        return False
    try:
        from babel.localedata import exists
    except ImportError:
        return CODE_SHAPE.fullmatch(code) is not None
    return bool(exists(code))


def catalogue_dirs() -> tuple[Path, ...]:
    """The folders catalogues are read from: the shipped one, then any in ``SALESDESK_LOCALE_DIR`` (later wins)."""
    extra = os.environ.get(EXTRA_DIRS_VARIABLE, "")
    return (LOCALE_DIR, *(Path(part) for part in extra.split(os.pathsep) if part))


def catalogue_files(folders: Iterable[Path] | None = None) -> dict[str, Path]:
    """Each language's catalogue file, keyed by code (a later folder's file replaces an earlier one's)."""
    return _catalogue_files(tuple(catalogue_dirs() if folders is None else folders))


@lru_cache(maxsize=16)
def _catalogue_files(folders: tuple[Path, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.json")):
            if is_language_code(path.stem):
                found[path.stem] = path
    return found


def ordered(codes: Iterable[str]) -> tuple[str, ...]:
    """Languages in the order menus list them: the default language first, then by code."""
    return tuple(sorted(set(codes), key=lambda code: (code != DEFAULT_LANGUAGE, code)))


def languages(folders: Iterable[Path] | None = None) -> tuple[str, ...]:
    """The codes of every language with a catalogue, default language first: ``("ru", "en")`` as shipped."""
    return ordered(catalogue_files(folders))


def resolve(lang: str | None, folders: Iterable[Path] | None = None) -> str:
    """A language the game has a catalogue for: ``lang`` itself when it has one, else by the fallback rule
    (English, then any); the default language when ``lang`` is not given at all (None or empty)."""
    known = languages(folders)
    wanted = lang or DEFAULT_LANGUAGE
    return fallback_order(wanted, known)[0]


def english_name(code: str) -> str:
    """A language's name in English, for messages to a scenario's author: 'Russian', 'German' (the code itself
    when CLDR has no name for it, or Babel is not installed)."""
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:
        return code
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (ValueError, TypeError, LookupError, UnknownLocaleError):  # not a code CLDR knows: name it as written
        return code


@lru_cache(maxsize=1)
def all_language_codes() -> tuple[str, ...]:
    """Every bare language code CLDR knows ('ru', 'de', 'kk'), for suggestions when a code is mistyped (none
    without Babel)."""
    try:
        from babel.localedata import locale_identifiers
    except ImportError:
        return ()
    return tuple(code for code in locale_identifiers() if "_" not in code)
