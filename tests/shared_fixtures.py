"""The tests' small scenarios in one place, the fixtures that keep tests out of the real data folder, and a time
limit for a test that could block.

- ``TINY_YAML`` (fixtures ``tiny_path``, ``tiny``, registered for every folder in tests/conftest.py): three
  months, a dozen clients, so a game replays in milliseconds; the store, server and engine tests store and
  replay it.
- ``SMALL`` (tests/cli/small.py edits it): six months, 25 clients, a product that requires another; the
  balance and validate commands' tests change one thing at a time in it.

Two more stay where their tests need their exact shape: tests/scenario/base.py (the broken-file tests point at
its lines and columns) and tests/engine/factory.py (scenarios as data, large enough for the engine's statistics).
"""
from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from simulator.scenario import load_file

TINY_YAML = """\
id: tiny-test
version: 1
title: {ru: "Крошка", en: "Tiny"}
briefing: {ru: "Тестовый сценарий.", en: "A test scenario."}
turns: 3
desk: {hours_per_month: 10, salary: 1000}
compensation: {base: gross_profit, rate: 0.1}
jobs:
  - id: fix
    name: {ru: "Починить", en: "Fix things"}
products:
  - id: kit
    name: {ru: "Набор", en: "Kit"}
    cost: 100
    markup: {min: 0.1, max: 1.0, default: 0.4}
    market_price: 140
    cycle_months: 2
    jobs: [fix]
  - id: care
    name: {ru: "Уход", en: "Care"}
    cost: 50
    markup: {min: 0.1, max: 1.0, default: 0.4}
    market_price: 70
    jobs: [fix]
    core: false
touch_types:
  - id: call
    name: {ru: "Звонок", en: "Call"}
    hours: 0.5
segments:
  - id: all
    name: {ru: "Все", en: "All"}
    count: 12
    needs: {fix: [0.3, 0.9]}
    owns: {kit: [0, 3]}
scoring:
  items:
    - {kpi: gross_profit, weight: 50, target: 2000}
    - {kpi: loyalty, weight: 50, target: 0.6}
"""


# The balance and validate tests' market (tests/cli/small.py).
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


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    """Never touch the real user data folder: SALESDESK_HOME and SALESDESK_DB point into tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("SALESDESK_HOME", str(home))
    monkeypatch.setenv("SALESDESK_DB", str(home / "leaderboard.sqlite3"))
    return home


@pytest.fixture(scope="session")
def tiny_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scenarios") / "tiny.yaml"
    path.write_text(TINY_YAML, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny(tiny_path):
    return load_file(tiny_path)


@contextmanager
def deadline(seconds: int = 20):
    """Fail instead of hanging when something blocks (opening a FIFO for reading waits for a writer forever)."""
    def fail(*_):
        raise TimeoutError(f"still blocked after {seconds} s")
    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
