"""A small valid scenario (as YAML text) that the broken-file tests edit one mistake at a time."""
from __future__ import annotations

BASE = """\
# A small market used by the scenario tests.
id: lab
version: 1
title: {ru: "Лаборатория", en: "Lab"}
briefing:
  ru: "Проверочный рынок."
  en: "A test market."
turns: 12
desk:
  hours_per_month: 100
  salary: 50000
compensation:
  base: gross_profit
  rate: 0.1
  tiers:
    - {from: 0, rate: 0.05}
    - {from: 100000, rate: 0.1}
jobs:
  - id: sell_retail
    name: {ru: "Продавать в сетях", en: "Sell in chains"}
  - id: labelling
    name: {ru: "Маркировка", en: "Labelling"}
products:
  - id: certificate
    name: {ru: "Сертификат", en: "Certificate"}
    cost: 30000
    markup: {min: 0.2, max: 1.0, default: 0.5}
    market_price: 45000
    cycle_months: 36
    jobs: [sell_retail]
  - id: labelling_setup
    name: {ru: "Подключение к маркировке", en: "Labelling set-up"}
    cost: 10000
    markup: {min: 0.3, max: 0.3, default: 0.3, fixed: true}
    market_price: 15000
    jobs: [labelling]
    requires: [certificate]
    core: false
touch_types:
  - id: call
    name: {ru: "Звонок", en: "Call"}
    hours: 0.5
  - id: webinar
    name: {ru: "Вебинар", en: "Webinar"}
    hours: 6
    cost: 5000
    capacity: 50
    useful: true
segments:
  - id: manufacturers
    name: {ru: "Производители", en: "Manufacturers"}
    count: 20
    loyalty: [0.3, 0.7]
    needs: {sell_retail: [0.4, 0.9]}
    owns: {certificate: [0, 35]}
clients:
  - id: sweet-home
    name: {ru: "Кондитерская «Сладкий дом»", en: "Sweet Home bakery"}
    segment: manufacturers
    needs: {sell_retail: 0.9, labelling: 0.6}
    hidden: [labelling]
    owns: {certificate: 34}
events:
  - id: labelling-law
    month: 7
    duration: 4
    title: {ru: "Маркировка расширена", en: "Labelling widened"}
    market_price: {certificate: 0.9}
    needs: {labelling: 0.3}
    concerns: [labelling]
scoring:
  items:
    - {kpi: gross_profit, weight: 60, target: 1000000}
    - {kpi: retention, weight: 40, target: 0.9}
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    """``text`` with the single occurrence of ``old`` replaced by ``new`` (fails loudly if ambiguous)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the base scenario"
    return text.replace(old, new)


def without(start: str, end: str | None, text: str = BASE) -> str:
    """``text`` with the lines from ``start`` up to (not including) ``end`` removed."""
    i = text.index(start)
    j = text.index(end, i) if end is not None else len(text)
    return text[:i] + text[j:]
