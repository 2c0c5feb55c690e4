"""The web pages' texts in Russian and English: the catalogues' ``server.*`` (assets/locale)."""
from __future__ import annotations

from starlette.requests import Request

from ..locale.catalogue import LANGUAGES, section

TEXTS = {lang: section(lang, "server.") for lang in LANGUAGES}  # the catalogues' ``server.*`` texts
DEFAULT_LANG = "ru"  # when neither the address nor the browser says (the game's default)


def t(key: str, lang: str, **values: object) -> str:
    """A page text in ``lang`` (English when the language is unknown), its ``{name}`` places filled from ``values``."""
    text = TEXTS.get(lang, TEXTS["en"])[key]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def page_lang(value: str | None, accept_language: str | None = None) -> str:
    """The page's language: ``?lang=`` when it names one we have, else the first of ours the browser's
    ``Accept-Language`` asks for (its system language), else Russian. Every page has a visible switch."""
    if value in TEXTS:
        return value
    for lang in browser_languages(accept_language or ""):
        if lang in TEXTS:
            return lang
    return DEFAULT_LANG


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
