"""A small, fast scenario (YAML text) that the balance and validate tests edit one thing at a time."""
from __future__ import annotations

from pathlib import Path

SMALL = """\
id: small
version: 1
title: {ru: "Малый рынок", en: "Small market"}
briefing: {ru: "Проверочный рынок.", en: "A test market."}
turns: 6
desk: {hours_per_month: 20, salary: 40000}
compensation:
  base: gross_profit
  rate: 0.1
jobs:
  - id: books
    name: {ru: "Учёт", en: "Books"}
  - id: staff
    name: {ru: "Кадры", en: "Staff"}
products:
  - id: software
    name: {ru: "Программа", en: "Software"}
    cost: 20000
    markup: {min: 0.2, max: 0.9, default: 0.4}
    market_price: 28000
    cycle_months: 4
    jobs: [books]
    serve_cost: 2000
  - id: training
    name: {ru: "Обучение", en: "Training"}
    cost: 5000
    markup: {min: 0.3, max: 1.0, default: 0.6}
    market_price: 8000
    jobs: [staff]
    requires: [software]
    core: false
    serve_cost: 500
touch_types:
  - id: call
    name: {ru: "Звонок", en: "Call"}
    hours: 0.5
segments:
  - id: firms
    name: {ru: "Фирмы", en: "Firms"}
    count: 25
    needs: {books: [0.5, 0.9], staff: [0.3, 0.8]}
    owns: {software: [0, 3]}
scoring:
  items:
    - {kpi: gross_profit, weight: 60, target: 300000}
    - {kpi: loyalty, weight: 40, target: 0.5}
"""


def edit(old: str, new: str, text: str = SMALL) -> str:
    """``text`` with the single occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def write(tmp_path: Path, text: str, name: str = "small.yaml") -> Path:
    """Write a scenario file into ``tmp_path``; returns its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
