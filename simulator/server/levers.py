"""Live levers: the events a trainer may inject into a rounds session, built from the scenario.

The menu follows what a scenario event can do (the :class:`~simulator.scenario.schema.Event` schema's effects) on
this scenario's own products and jobs, plus the scenario's own events to play again:

* ``price_war``: competitors cut a product's market price (``market_price`` factor below 1);
* ``supplier_cost``: the supplier raises a product's cost (``cost`` factor above 1) — a delay passed on in price;
* ``new_law``: news that gives every client with a job a reason to hear from you (``needs`` up, ``concerns``);
* ``again``: one of the scenario's own events, its effects and words, from next month.

:func:`build_event` turns a choice into an ``Event`` whose title and description are written in every language of
the scenario from the catalogues (``rounds.lever.*``); the engine then plays it like any scenario event.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..locale.catalogue import text
from ..locale.numbers import percent
from ..scenario.schema import Event, Scenario


@dataclass(frozen=True)
class Lever:
    """One kind of event the trainer may inject: what it targets and the range of its strength and duration."""

    name: str
    target: str          # "product", "job" or "event"
    default: float
    low: float
    high: float


LEVERS = (Lever("price_war", "product", 0.85, 0.5, 0.98), Lever("supplier_cost", "product", 1.15, 1.02, 1.5),
          Lever("new_law", "job", 0.3, 0.05, 0.6), Lever("again", "event", 1.0, 1.0, 1.0))
BY_NAME = {lever.name: lever for lever in LEVERS}
MAX_DURATION = 6


def _languages(scenario: Scenario) -> tuple[str, ...]:
    return scenario.languages() or ("ru", "en")


def _targets(scenario: Scenario, lever: Lever, lang: str) -> list[dict]:
    if lever.target == "product":
        return [{"id": p.id, "label": p.name.get(lang)} for p in scenario.products]
    if lever.target == "job":
        return [{"id": j.id, "label": j.name.get(lang)} for j in scenario.jobs]
    return [{"id": e.id, "label": e.title.get(lang)} for e in scenario.events]


def lever_menu(scenario: Scenario, lang: str) -> list[dict]:
    """The levers this scenario offers (those with something to target), in ``lang``, as the API gives them."""
    menu = []
    for lever in LEVERS:
        targets = _targets(scenario, lever, lang)
        if not targets:
            continue
        menu.append({"lever": lever.name, "label": text(lang, f"rounds.lever.{lever.name}"), "targets": targets,
                     "strength": None if lever.name == "again" else
                     {"default": lever.default, "min": lever.low, "max": lever.high},
                     "duration": {"default": 2, "min": 1, "max": MAX_DURATION}})
    return menu


def build_event(scenario: Scenario, lever_name: object, target: object, strength: object, duration: object,
                month: int, ident: str) -> Event:
    """The Event a trainer's choice makes, starting in ``month``; ValueError naming what is wrong otherwise."""
    lever = BY_NAME.get(lever_name) if isinstance(lever_name, str) else None
    if lever is None:
        raise ValueError(f"`lever` is one of {', '.join(BY_NAME)}")
    known = {t["id"] for t in _targets(scenario, lever, "en")}
    if not isinstance(target, str) or target not in known:
        raise ValueError(f"`target` is one of this scenario's {lever.target} ids: {', '.join(sorted(known)) or 'none'}")
    if duration is None:
        duration = 2
    if isinstance(duration, bool) or not isinstance(duration, int) or not 1 <= duration <= MAX_DURATION:
        raise ValueError(f"`duration` is a whole number of months from 1 to {MAX_DURATION}")
    if lever.name == "again":
        own = next(e for e in scenario.events if e.id == target)
        return own.model_copy(update={"id": ident, "month": month, "duration": duration})
    if strength is None:
        strength = lever.default
    if isinstance(strength, bool) or not isinstance(strength, (int, float)) or not lever.low <= strength <= lever.high:
        raise ValueError(f"`strength` for {lever.name} is a number from {lever.low:g} to {lever.high:g}")
    value = round(float(strength), 4)
    names = {lang: _target_name(scenario, lever, target, lang) for lang in _languages(scenario)}
    shown = {lang: percent(abs(value - 1.0) if lever.target == "product" else value, 0, lang)
             for lang in _languages(scenario)}
    words = {"title": {lang: text(lang, f"rounds.event.{lever.name}.title", target=names[lang], change=shown[lang])
                       for lang in names},
             "description": {lang: text(lang, f"rounds.event.{lever.name}.description", target=names[lang],
                                        change=shown[lang]) for lang in names}}
    effects: dict[str, dict] = {"price_war": {"market_price": {target: value}}, "supplier_cost": {"cost": {target: value}},
                    "new_law": {"needs": {target: value}, "concerns": [target]}}
    effect = effects[lever.name]
    return Event.model_validate({"id": ident, "month": month, "duration": duration, **words, **effect})


def _target_name(scenario: Scenario, lever: Lever, target: str, lang: str) -> str:
    return next(t["label"] for t in _targets(scenario, lever, lang) if t["id"] == target)
