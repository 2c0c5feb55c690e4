"""Small synthetic scenarios for engine tests, built as data (no files)."""
from __future__ import annotations

import copy

from simulator.scenario import Scenario


def text(s: str) -> dict:
    return {"ru": s, "en": s}


BASE = {
    "id": "lab",
    "title": text("Lab"),
    "briefing": text("A test market."),
    "turns": 6,
    "desk": {"hours_per_month": 400, "salary": 1000},
    "compensation": {"base": "gross_profit", "rate": 0.1, "overheads": 500},
    "jobs": [{"id": "sell", "name": text("sell")}, {"id": "train", "name": text("train")}],
    "products": [
        {"id": "cert", "name": text("cert"), "cost": 100, "market_price": 150,
         "markup": {"min": 0.1, "max": 1.5, "default": 0.5}, "cycle_months": 12, "jobs": ["sell"]},
        {"id": "course", "name": text("course"), "cost": 50, "market_price": 80,
         "markup": {"min": 0.2, "max": 1.0, "default": 0.6}, "jobs": ["train"], "core": False},
        {"id": "list", "name": text("list"), "cost": 10, "market_price": 15,
         "markup": {"min": 0.5, "max": 0.5, "fixed": True, "default": 0.5}, "jobs": ["sell"]},
    ],
    "touch_types": [
        {"id": "call", "name": text("call"), "hours": 0.5, "recall": 0.3, "loyalty": 0.04, "reveal": 0.5},
        {"id": "visit", "name": text("visit"), "hours": 2, "cost": 30, "recall": 0.6, "loyalty": 0.08,
         "reveal": 0.9, "win_back": True},
        {"id": "webinar", "name": text("webinar"), "hours": 4, "cost": 100, "capacity": 50, "recall": 0.2,
         "loyalty": 0.03, "useful": True},
    ],
    "segments": [
        {"id": "a", "name": text("A"), "count": 300, "loyalty": [0.3, 0.7], "recall": [0.3, 0.8],
         "price_sensitivity": [1, 3], "budget": [1000, 5000], "needs": {"sell": [0.2, 0.9], "train": [0, 0.8]},
         "hidden": 0.5, "owns": {"cert": [0, 20]}},
    ],
    "clients": [
        {"id": "named", "name": text("Named"), "needs": {"sell": 0.8}, "owns": {"cert": 11}},
    ],
    "events": [
        {"id": "law", "month": 2, "duration": 2, "title": text("law"), "needs": {"train": 0.3},
         "concerns": ["train"], "market_price": {"cert": 0.9}, "cost": {"course": 1.1}},
    ],
    "scoring": {"items": [{"kpi": "gross_profit", "weight": 50, "target": 10000},
                          {"kpi": "loyalty", "weight": 50, "target": 0.6}]},
}


def scenario(**changes) -> Scenario:
    """The lab scenario with top-level keys replaced (deep-copied)."""
    data = copy.deepcopy(BASE)
    data.update(copy.deepcopy(changes))
    return Scenario.model_validate(data)


def uniform_market(count: int = 2000, cycle: int = 1, owns_months: int = 1, **segment) -> Scenario:
    """Many alike clients who all need ``cert`` renewed every month (each month every client demands it)."""
    seg = {"id": "a", "name": text("A"), "count": count, "loyalty": [0.5, 0.5], "recall": [0.6, 0.6],
           "price_sensitivity": [2, 2], "budget": [10000, 10000], "needs": {"sell": [0.6, 0.6], "train": [0.0, 0.0]},
           "hidden": 0.0, "owns": {"cert": [owns_months, owns_months]}}
    seg.update(segment)
    products = copy.deepcopy(BASE["products"])
    products[0]["cycle_months"] = cycle
    return scenario(segments=[seg], clients=[], events=[], products=products)
