"""The web pages' texts in every language with a catalogue: the catalogues' ``server.*`` (assets/locale)."""
from __future__ import annotations

from html import escape

from starlette.requests import Request

from ..locale.catalogue import shipped, text
from ..locale.languages import languages, resolve


def t(key: str, lang: str, **values: object) -> str:
    """A page text in ``lang`` (by the fallback rule: English, then any, for a text or language it lacks), its
    ``{name}`` places filled from ``values``."""
    found = text(lang, "server." + key)
    for name, value in values.items():
        found = found.replace("{" + name + "}", str(value))
    return found


def page_lang(value: str | None, accept_language: str | None = None) -> str:
    """The page's language: ``?lang=`` when it names one with a catalogue, else the first of ours the browser's
    ``Accept-Language`` asks for (its system language), else by the game's rule (Russian when none is asked for,
    English for an unknown code). Every page has a visible switch."""
    ours = languages()
    if value in ours:
        return value
    for lang in browser_languages(accept_language or ""):
        if lang in ours:
            return lang
    return resolve(value)


def browser_languages(header: str) -> list[str]:
    """The primary language codes of an ``Accept-Language`` header, most wanted first (``q=0`` left out)."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, number = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(number)
                except ValueError:
                    quality = 0.0
        code = tag.strip().split("-")[0].lower()
        if code and code != "*" and quality > 0:
            ranked.append((-quality, position, code))
    return [code for _, _, code in sorted(ranked)]


def request_lang(request: Request) -> str:
    """:func:`page_lang` of a Starlette request (its ``?lang=`` and its ``Accept-Language``)."""
    return page_lang(request.query_params.get("lang"), request.headers.get("accept-language"))


def language_links(lang: str, path: str = "", query: str = "") -> str:
    """Links to the page ``path`` in each other language, each named in its own language ('English' on a Russian
    page); ``query`` is the rest of the link's query string, already escaped for HTML (``&amp;kpi=…``)."""
    names = shipped()
    return " · ".join(f'<a href="{path}?lang={code}{query}">{escape(names.text(code, "common.language_name"))}</a>'
                      for code in languages() if code != lang)
