"""The web pages' texts in every language with a catalogue: the catalogues' ``server.*`` (assets/locale)."""
from __future__ import annotations

from html import escape

from ..locale.catalogue import shipped, text
from ..locale.languages import languages, resolve


def t(key: str, lang: str) -> str:
    """A page text in ``lang`` (by the fallback rule: English, then any, for a text or language it lacks)."""
    return text(lang, "server." + key)


def page_lang(value: str | None) -> str:
    """The page's language from a query parameter: the language asked for when it has a catalogue, the game's
    default (Russian) when none is asked for, else by the fallback rule (English)."""
    return resolve(value)


def language_links(lang: str, path: str = "", query: str = "") -> str:
    """Links to the page ``path`` in each other language, each named in its own language ('English' on a Russian
    page); ``query`` is the rest of the link's query string, already escaped for HTML (``&amp;kpi=…``)."""
    names = shipped()
    return " · ".join(f'<a href="{path}?lang={code}{query}">{escape(names.text(code, "common.language_name"))}</a>'
                      for code in languages() if code != lang)
