"""Warnings about a valid scenario that cannot teach its lesson, each at a line and with what to change.

A warning is not an error: the file loads and plays. ``validate`` prints
warnings as ``file:line:col: warning: ...`` and refuses them only under
``--strict``; a ``note`` is gentler still (never refused). These checks read
the file alone; the check that plays the scenario to compare score targets
with what ``balanced`` reaches lives with the strategies
(:mod:`simulator.strategies.targets`).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from pydantic import BaseModel

from ..locale.languages import english_name
from .errors import Problem
from .loader import locate
from .schema import Scenario
from .yaml_source import Positions

WARNING, NOTE = "warning", "note"
Found = Iterator[tuple[tuple, str, str]]   # (path, message, level)


@dataclass(frozen=True)
class Finding:
    """A warning (or a gentle note) about a scenario, at a 1-based line and column."""

    line: int
    column: int
    message: str
    level: str = WARNING
    path: tuple = ()

    def format(self, filename: str) -> str:
        """``file:line:col: warning: message`` as a compiler would print it."""
        return f"{filename}:{self.line}:{self.column}: {self.level}: {self.message}"


def located(positions: Positions, found: Iterable[tuple], level: str = WARNING) -> list[Finding]:
    """Findings at their positions, in file order; ``found`` holds ``(path, message)`` or ``(path, message, level)``."""
    result = []
    for path, message, *rest in found:
        at = locate(positions, path, message)
        result.append(Finding(at.line, at.column, message, rest[0] if rest else level, path))
    return sorted(result, key=lambda f: (f.line, f.column, f.message))


def no_free_markup(scenario: Scenario) -> bool:
    """True when no product's markup can move: every one is fixed (or its band is a single point)."""
    return all(p.markup.fixed or p.markup.min == p.markup.max for p in scenario.products)


def _up(value: float) -> str:
    """``value`` rounded up to 0.01, so "raise it above/to X" is enough."""
    return f"{math.ceil(value * 100 - 1e-9) / 100:.10g}"


def static_warnings(scenario: Scenario) -> Found:
    """Every warning the file alone shows: ``(path, message, level)``."""
    yield from _ceilings(scenario)
    if scenario.kind == "desk":   # in a head scenario the floor and the pay are the head's decisions, not the file's
        yield from _floors(scenario)
        yield from _pay(scenario)
    else:
        yield from _head(scenario)


def _ceilings(scenario: Scenario) -> Found:
    tolerance = scenario.model.price_tolerance
    for i, p in enumerate(scenario.products):
        if p.markup.fixed or p.markup.min == p.markup.max:
            continue
        limit, ceiling = p.market_price * (1 + tolerance), p.cost * (1 + p.markup.max)
        if ceiling <= limit:
            yield ("products", i, "markup", "max"), (
                f"the ceiling costs next to no trust here: at the ceiling `{p.id}` costs {ceiling:.10g}, "
                f"within the market's price tolerance ({p.market_price:.10g} + {tolerance:.0%} = {limit:.10g}), "
                "so greedy pricing loses only deals (and the best-served clients accept it), hardly any loyalty; "
                f"to teach that a price beyond the tolerance costs trust, raise max above {_up(limit / p.cost - 1)}"
            ), WARNING


def _floors(scenario: Scenario) -> Found:
    for i, p in enumerate(scenario.products):
        fixed = p.markup.fixed
        floor = p.markup.start if fixed else p.markup.min
        if p.cost * floor < p.serve_cost:
            key, what = ("default", "the price-list markup") if fixed else ("min", "the floor")
            yield ("products", i, "markup", key), (
                f"a deal at {what} does not cover its cost to serve: cost x {key} = {p.cost * floor:.10g} is below "
                f"serve_cost {p.serve_cost:.10g}; raise {key} to at least {_up(p.serve_cost / p.cost)} "
                "or lower serve_cost"), WARNING
    free = [p for p in scenario.products if not (p.markup.fixed or p.markup.min == p.markup.max)]
    if free and all(p.serve_cost == 0 for p in free):
        yield ("products",), (
            "no product with a free markup has a `serve_cost`, so the markup floor has no economics (a deal at the "
            "floor still makes money); set `serve_cost` to what a sale costs to serve, and put `min` where a deal "
            "stops covering it"), NOTE


def _head(scenario: Scenario) -> Found:
    """A head scenario's own checks: the head sets the floor from the cost sheet, so the company's `min` should
    leave him room below it; events give flexibility its money; hidden traits give the interview its point."""
    team = scenario.team
    assert team is not None
    share = {c.product: c.overhead_per_sale for c in team.costs}
    free = [(i, p) for i, p in enumerate(scenario.products) if not (p.markup.fixed or p.markup.min == p.markup.max)]
    floors = {p.id: (p.serve_cost + share.get(p.id, 0.0)) / p.cost for _, p in free}
    if free and all(f == 0 for f in floors.values()):
        yield ("products",), (
            "no product with a free markup has a `serve_cost` or a share of fixed costs (`team.costs`), so the head's "
            "floor calculator says 0 and a head who sets no floor loses nothing; set `serve_cost` and "
            "`team.costs[].overhead_per_sale` to what a sale costs the company"), NOTE
    elif free and all(p.markup.min >= floors[p.id] - 1e-9 for _, p in free):
        i, p = free[0]
        yield ("products", i, "markup", "min"), (
            f"every free product's `min` already covers the floor the head would work out from the cost sheet "
            f"(`{p.id}`: {_up(floors[p.id])}), so a head who sets no floor loses nothing and the floor lesson cannot "
            f"happen; in head mode `min` is what the company allows, the floor is the head's: put `min` below it "
            f"(e.g. {_up(floors[p.id] * 0.66)} for `{p.id}`)"), WARNING
    if not scenario.events:
        yield ("team",), (
            "the scenario has no events, so a seller's flexibility (the notes' first quality: noticing the news and "
            "acting on it) never carries money and hiring for it teaches nothing; add an event that moves a price or "
            "a cost, or sharpens a need the clients have"), WARNING
    if not any(c.hidden for c in team.candidates if not c.hired):
        yield ("team", "candidates"), (
            "no candidate hides a trait, so the interview shows nothing a CV does not; list the traits an interview "
            "must reveal in `hidden`"), NOTE


def _pay(scenario: Scenario) -> Found:
    base = scenario.compensation.base
    where = ("compensation", "base")
    if no_free_markup(scenario) and base in ("gross_profit", "net_profit"):
        yield where, (
            f"every markup is fixed (a price list), yet the bonus is paid on `{base}`: the seller has no price to "
            "move; a price list's lever is the average check, so pay on `invoice`"), WARNING
    band = scenario.compensation.bonus_corridor
    for p in scenario.products if band is not None else []:
        assert band is not None  # (for the type checker: the loop runs only with a corridor)
        low, high = (p.markup.start, p.markup.start) if p.markup.fixed else (p.markup.min, p.markup.max)
        if high < band.min or low > band.max:
            what = f"its price-list markup {low:g}" if p.markup.fixed else f"its band {low:g}..{high:g}"
            yield ("compensation", "bonus_corridor"), (
                f"no deal of `{p.id}` can ever pay a bonus: {what} is outside the bonus corridor "
                f"{band.min:g}..{band.max:g}; widen the corridor or move the product's markup into it"), WARNING
    if base == "net_profit":
        yield where, (
            "pay on `net_profit` is opaque to a seller: overheads and bad debt move it from month to month whatever "
            "he does, and the course warns such a scheme is neither clear nor transparent; pay on `gross_profit` when "
            "the seller sets markups, on `invoice` for a price list"), WARNING


def readable(scenario: Scenario, path: tuple) -> str:
    """A place a trainer can read: ``products[certificate].name``, ``title``."""
    out, node = "", cast(Any, scenario)
    for part in path:
        if isinstance(part, int):
            node = node[part]
            ident = getattr(node, "id", None)
            out += f"[{ident}]" if isinstance(ident, str) else f"[#{part + 1}]"
        else:
            field = type(node).model_fields.get(part) if isinstance(node, BaseModel) else None
            name = (field.alias or part) if field is not None else str(part)
            out += f".{name}" if out else name
            node = getattr(node, part) if isinstance(node, BaseModel) else node[part]
    return out or "the file"


def missing_languages(scenario: Scenario, positions: Positions, wanted: Iterable[str], shown_places: int = 8) -> list[Problem]:
    """One problem per language in ``wanted`` some texts lack: at the first such text, with the count and the places."""
    found = []
    texts = list(scenario.texts())
    for lang in wanted:
        lacking = [path for path, text in texts if lang not in text.languages]
        if not lacking:
            continue
        places = []
        for path in lacking:
            places.append(f"{readable(scenario, path)} (line {locate(positions, path, '').line})")
        more = f" and {len(places) - shown_places} more" if len(places) > shown_places else ""
        first = locate(positions, lacking[0], "")
        count = "1 text has" if len(lacking) == 1 else f"{len(lacking)} texts have"
        found.append(Problem(first.line, first.column, (
            f"{count} no {english_name(lang)} (`{lang}`), which --languages asks for: "
            f"{', '.join(places[:shown_places])}{more}; add `{lang}: ...` to each"), lacking[0]))
    return found
