"""Formatting shared by the screens: money, percentages, KPI values, the pay scheme in words."""
from __future__ import annotations

from .. import locale
from ..engine import SHARE_KPIS, cause_key, departure_key, reason_key, reason_short_key
from ..locale import decimal, general, localized, money, money_short, number, points, shows_no_change
from ..locale.catalogue import text

__all__ = ["MONEY_KPIS", "cause_text", "decimal", "departure_text", "describe", "general", "kpi_change", "kpi_help",
           "kpi_name", "kpi_value", "localized", "money", "money_short", "number", "pay_scheme", "percent", "points",
           "short_text", "shows_no_change"]
from ..scenario import Scenario

MONEY_KPIS = {"revenue", "gross_profit", "net_profit", "bonus", "pay", "average_check"}


def percent(value: float) -> str:
    """0.423 -> '42%'."""
    return locale.percent(value)


def kpi_value(kpi: str, value: float, currency: str, lang: str) -> str:
    """A KPI value formatted for its kind."""
    if kpi in MONEY_KPIS:
        return money(value, currency, lang)
    if kpi in SHARE_KPIS:
        return percent(value)
    return number(value, lang)


def kpi_change(kpi: str, change: float, currency: str, lang: str) -> str:
    """A KPI's change in its own terms: money short with a sign, shares in points, counts with a sign."""
    if kpi in MONEY_KPIS:
        text = money_short(abs(change), currency, lang)
        return ("+" if change >= 0 or shows_no_change(text) else "\u2212") + text
    if kpi in SHARE_KPIS:
        return points(change, lang)
    return decimal(change, 0, lang, sign=True)


def kpi_name(kpi: str, lang: str) -> str:
    """A KPI's name in a language."""
    return text(lang, f"kpi.{kpi}")


def kpi_help(kpi: str, lang: str) -> str:
    """What a KPI means, in a language."""
    return text(lang, f"kpi_help.{kpi}")


def describe(code: int, lang: str, gap: float = 0.0, silence: int = 0, requires: str = "?") -> str:
    """A deal's or offer's outcome in words, with the price gap, the months of silence or the product needed first."""
    return text(lang, reason_key(code), gap=gap, silence=silence, requires=requires)


def short_text(code: int, lang: str) -> str:
    """An outcome in two or three words, for counts by reason."""
    return text(lang, reason_short_key(code))


def cause_text(code: int, lang: str) -> str:
    """Why loyalty moved, in words."""
    return text(lang, cause_key(code))


def departure_text(code: int, lang: str) -> str:
    """Why a client left, in words."""
    return text(lang, departure_key(code))


def pay_scheme(scenario: Scenario, t, lang: str) -> list[str]:
    """The scenario's pay scheme as sentences a seller can compute in their head."""
    comp, cur = scenario.compensation, scenario.desk.currency
    base = t(f"pay.base.{comp.base}")
    lines = [t("pay.salary", salary=money(scenario.desk.salary, cur, lang))]
    if comp.tiers:
        steps = ", ".join(t("pay.tier", start=money(tier.from_, cur, lang), rate=percent(tier.rate))
                          for tier in sorted(comp.tiers, key=lambda x: x.from_))
        lines.append(t("pay.tiers", base=base, steps=steps))
    else:
        lines.append(t("pay.rate", base=base, rate=general(comp.rate * 100, lang) + "%"))
    if comp.plan is not None:
        lines.append(t("pay.plan", target=money(comp.plan.target, cur, lang), bonus=money(comp.plan.bonus, cur, lang)))
    if comp.bonus_corridor is not None:
        lines.append(t("pay.corridor", low=percent(comp.bonus_corridor.min), high=percent(comp.bonus_corridor.max)))
    if comp.overheads:
        lines.append(t("pay.overheads", overheads=money(comp.overheads, cur, lang)))
    lines.append(t(f"pay.why.{comp.base}"))
    return lines
