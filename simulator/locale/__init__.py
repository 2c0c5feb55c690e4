"""Numbers and words per language: one place that formats money, numbers, shares and signed changes the way
each language writes them (Russian: "1 234,5" with no-break spaces and a decimal comma; English: "1,234.5"),
and picks plural forms by CLDR's rules (through Babel: "1 клиент", "2 клиента", "5 клиентов", "1,5 пункта").

It sits below everything else and imports nothing of the game's: the engine's texts, the store's printouts,
the server's pages and the window all format through it.
"""
from .numbers import decimal, general, money, money_short, number, percent, points, shows_no_change, signed, unit_text
from .plural import PluralFormatter, plural_category
from .symbols import localized

__all__ = ["PluralFormatter", "decimal", "general", "localized", "money", "money_short", "number", "percent",
           "plural_category", "points", "shows_no_change", "signed", "unit_text"]
