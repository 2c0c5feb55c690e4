"""Formatting shared by the screens: money, percentages, KPI values, the pay scheme in words."""
from __future__ import annotations

from ..engine import KPI_TEXT, SHARE_KPIS
from ..scenario import Scenario

MONEY_KPIS = {"revenue", "gross_profit", "net_profit", "bonus", "pay", "average_check"}


def money(value: float, currency: str = "", lang: str = "en") -> str:
    """12345.6 -> '12 346 RUB' (ru) or '12,346 RUB' (en); no-break spaces, so a wrapped line keeps it whole."""
    text = f"{value:,.0f}"
    if lang == "ru":
        text = text.replace(",", "\u00a0")
    return f"{text}\u00a0{currency}" if currency else text


def money_short(value: float, currency: str = "", lang: str = "en") -> str:
    """Money in few characters for narrow places: 4100000 -> '4.1 M RUB' ('4,1 млн RUB'), 90000 -> '90 k RUB'."""
    big = abs(value)
    if big >= 1e6:
        text = f"{value / 1e6:.1f}".rstrip("0").rstrip(".") + ("\u00a0млн" if lang == "ru" else "\u00a0M")
    elif big >= 1e4:
        text = f"{value / 1e3:.0f}" + ("\u00a0тыс." if lang == "ru" else "\u00a0k")
    else:
        return money(value, currency, lang)
    if lang == "ru":
        text = text.replace(".", ",", 1) if "млн" in text else text
    return f"{text}\u00a0{currency}" if currency else text


def percent(value: float) -> str:
    """0.423 -> '42%'."""
    return f"{value * 100:.0f}%"


def kpi_value(kpi: str, value: float, currency: str, lang: str) -> str:
    """A KPI value formatted for its kind."""
    if kpi in MONEY_KPIS:
        return money(value, currency, lang)
    if kpi in SHARE_KPIS:
        return percent(value)
    return number(value, lang)


def decimal(value: float, places: int, lang: str, sign: bool = False) -> str:
    """1.25 -> '1.3' (en) or '1,3' (ru); ``sign``: '+1,3' and '−1,3' (a true minus)."""
    value = value if round(value, places) != 0 else 0.0  # no "-0,0"
    text = f"{value:+.{places}f}" if sign else f"{value:.{places}f}"
    if lang == "ru":
        text = text.replace(".", ",")
    return text.replace("-", "\u2212")


def kpi_change(kpi: str, change: float, currency: str, lang: str) -> str:
    """A KPI's change in its own terms: money short with a sign, shares in points, counts with a sign."""
    if kpi in MONEY_KPIS:
        text = money_short(abs(change), currency, lang)
        return ("+" if change >= 0 else "\u2212") + text
    if kpi in SHARE_KPIS:
        return decimal(change * 100, 1, lang, sign=True) + ("\u00a0п." if lang == "ru" else "\u00a0pt")
    return decimal(change, 0, lang, sign=True)


def number(value: float, lang: str) -> str:
    """A whole number with grouped thousands: 6496 -> '6 496' (ru, no-break space) or '6,496' (en)."""
    return f"{value:,.0f}".replace(",", "\u00a0" if lang == "ru" else ",")


def kpi_name(kpi: str, lang: str) -> str:
    """A KPI's name in a language."""
    ru, en, _, _ = KPI_TEXT.get(kpi, (kpi, kpi, "", ""))
    return ru if lang == "ru" else en


def kpi_help(kpi: str, lang: str) -> str:
    """What a KPI means, in a language."""
    _, _, ru, en = KPI_TEXT.get(kpi, ("", "", "", ""))
    return ru if lang == "ru" else en


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
        lines.append(t("pay.rate", base=base, rate=f"{comp.rate * 100:g}%"))
    if comp.plan is not None:
        lines.append(t("pay.plan", target=money(comp.plan.target, cur, lang), bonus=money(comp.plan.bonus, cur, lang)))
    if comp.bonus_corridor is not None:
        lines.append(t("pay.corridor", low=percent(comp.bonus_corridor.min), high=percent(comp.bonus_corridor.max)))
    if comp.overheads:
        lines.append(t("pay.overheads", overheads=money(comp.overheads, cur, lang)))
    lines.append(t(f"pay.why.{comp.base}"))
    return lines
