"""The catalogues: one JSON file of texts per language (``assets/locale/ru.json``, ``en.json``), read once.

Every layer takes its words from here: the engine names things by code (a reason, a cause, a KPI) and the
screens, the store's printouts and the server's pages look the code up as a key (``reason.price``,
``kpi.loyalty``). Texts are filled by :class:`~simulator.locale.plural.PluralFormatter`.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ..shipped import ASSETS_DIR
from .plural import PluralFormatter

LANGUAGES = ("ru", "en")
LOCALE_DIR = ASSETS_DIR / "locale"


def load_catalogue(lang: str, folder: Path = LOCALE_DIR) -> dict[str, str]:
    """The flat key -> text mapping of one language."""
    return json.loads((Path(folder) / f"{lang}.json").read_text(encoding="utf-8"))


@cache
def _shipped(lang: str) -> tuple[dict[str, str], PluralFormatter]:
    return load_catalogue(lang), PluralFormatter(lang)


def fill(template: str, formatter: PluralFormatter, values: dict) -> str:
    """``template`` with its fields filled (the template itself if a value does not fit it)."""
    if not values:
        return template
    try:
        return formatter.format(template, **values)
    except (KeyError, IndexError, ValueError, TypeError):
        return template


def text(lang: str, key: str, **values: object) -> str:
    """The shipped catalogue's text of ``key`` in ``lang`` ('ru' or 'en'; anything else reads as 'ru'), filled
    with ``values``; ``<key>`` when the catalogue has no such key, so a gap shows instead of hiding."""
    catalogue, formatter = _shipped(lang if lang in LANGUAGES else "ru")
    template = catalogue.get(key)
    return f"<{key}>" if template is None else fill(template, formatter, values)


def section(lang: str, prefix: str) -> dict[str, str]:
    """Every text of the shipped catalogue whose key starts with ``prefix``, keyed without it (a web page hands
    its section to its script whole)."""
    catalogue, _ = _shipped(lang if lang in LANGUAGES else "ru")
    return {k[len(prefix):]: v for k, v in catalogue.items() if k.startswith(prefix)}
