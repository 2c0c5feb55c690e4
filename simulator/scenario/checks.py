"""Cross-checks beyond types: references resolve, bands are ordered, months fit.

They run on the raw YAML data, defensively, so they report their problems
together with the type errors instead of waiting for those to be fixed.
Each check yields ``(path, message)``; the loader turns paths into positions:
a path to a single value points at that value, a path ending in ``"[key]"``
at the key itself (a mapping key naming an unknown id), any other path at its key.
"""
from __future__ import annotations

import math
from collections.abc import Iterator

from .errors import did_you_mean, shown

Found = Iterator[tuple[tuple, str]]


def _items(data: dict, key: str) -> list[tuple[int, dict]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _ids(data: dict, key: str) -> list[str] | None:
    """Ids defined in section ``key``; None when the section itself is broken (already reported)."""
    if (key in data or key == "products") and not isinstance(data.get(key), list):
        return None
    return [item["id"] for _, item in _items(data, key) if isinstance(item.get("id"), str)]


def _num(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer with hundreds of digits
        return None
    return number if math.isfinite(number) else None


def check(data: object) -> Found:
    """Every cross-field problem of a scenario's raw data."""
    if not isinstance(data, dict):
        return
    yield from _duplicate_ids(data)
    yield from _markups(data)
    yield from _references(data)
    yield from _events(data)
    yield from _stacked_events(data)
    yield from _has_clients(data)
    yield from _ranges(data)
    yield from _tiers(data)
    yield from _corridor(data)
    yield from _team(data)
    yield from conversation_checks(data)
    yield from _lesson_checks(data)


def _duplicate_ids(data: dict) -> Found:
    for section in ("products", "jobs", "touch_types", "segments", "clients", "events", "lesson_checks"):
        seen: dict[str, int] = {}
        for i, item in _items(data, section):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                yield (section, i, "id"), (f"duplicate id `{shown(ident)}` in {section} (first used at item {seen[ident] + 1}); "
                                           "ids must be unique")
            else:
                seen[ident] = i


def _markups(data: dict) -> Found:
    for i, product in _items(data, "products"):
        band = product.get("markup")
        if not isinstance(band, dict):
            continue
        low, high, default = _num(band.get("min")), _num(band.get("max")), _num(band.get("default"))
        where = ("products", i, "markup")
        if low is not None and high is not None and low > high:
            yield where + ("min",), f"markup min {low:g} is above max {high:g}; swap them"
        if default is not None and low is not None and default < low:
            yield where + ("default",), f"markup default {default:g} is below min {low:g}; use a value between min and max"
        if default is not None and high is not None and default > high:
            yield where + ("default",), f"markup default {default:g} is above max {high:g}; use a value between min and max"
        if band.get("fixed") is True and band.get("default") is None:
            yield where + ("fixed",), "a fixed markup needs `default`: the price-list markup"


def _ref(value: object, known: list[str] | None, path: tuple, what: str) -> Found:
    if known is not None and isinstance(value, str) and value not in known:
        yield path, f"unknown {what} `{shown(value)}`; {did_you_mean(value, known)}"


def _references(data: dict) -> Found:
    products, jobs, segments = _ids(data, "products"), _ids(data, "jobs"), _ids(data, "segments")
    for i, product in _items(data, "products"):
        served = product.get("jobs")
        for k, job in enumerate(served if isinstance(served, list) else []):
            yield from _ref(job, jobs, ("products", i, "jobs", k), "job")
        requires = product.get("requires")
        for k, other in enumerate(requires if isinstance(requires, list) else []):
            yield from _ref(other, products, ("products", i, "requires", k), "product")
            if other == product.get("id"):
                yield ("products", i, "requires", k), f"product `{shown(other)}` cannot require itself"
    for section in ("segments", "clients"):
        for i, item in _items(data, section):
            for key in ("needs", "owns"):
                mapping = item.get(key)
                if isinstance(mapping, dict):
                    known, what = (jobs, "job") if key == "needs" else (products, "product")
                    for ref in mapping:
                        yield from _ref(ref, known, (section, i, key, ref, "[key]"), what)
    for i, client in _items(data, "clients"):
        yield from _ref(client.get("segment"), segments, ("clients", i, "segment"), "segment")
        given, hidden = client.get("needs"), client.get("hidden")
        needs = given if isinstance(given, dict) else {}
        for k, job in enumerate(hidden if isinstance(hidden, list) else []):
            if isinstance(job, str) and job not in needs:
                yield ("clients", i, "hidden", k), (f"hidden need `{shown(job)}` is not among this client's `needs`; "
                                                    f"{did_you_mean(job, needs)}")
    for i, event in _items(data, "events"):
        for key, known, what in (("market_price", products, "product"), ("cost", products, "product"), ("needs", jobs, "job")):
            mapping = event.get(key)
            if isinstance(mapping, dict):
                for ref in mapping:
                    yield from _ref(ref, known, ("events", i, key, ref, "[key]"), what)
        concerns = event.get("concerns")
        for k, job in enumerate(concerns if isinstance(concerns, list) else []):
            yield from _ref(job, jobs, ("events", i, "concerns", k), "job")


def _events(data: dict) -> Found:
    turns = data.get("turns", 12)
    if isinstance(turns, bool) or not isinstance(turns, int):
        return
    for i, event in _items(data, "events"):
        month = event.get("month")
        if isinstance(month, int) and not isinstance(month, bool) and month > turns:
            yield ("events", i, "month"), f"event month {month} is after the last month ({turns}); use 1..{turns}"


def _stacked_events(data: dict) -> Found:
    """Events active in the same month multiply their factors: the product must stay within one factor's limits.

    Hundreds of stacked events would otherwise push a price to infinity (and reports to "nan%").
    """
    from .schema import FACTOR_MAX, FACTOR_MIN

    turns = data.get("turns", 12)
    if isinstance(turns, bool) or not isinstance(turns, int) or not 1 <= turns <= 120:
        return
    spans = []
    for i, event in _items(data, "events"):
        month, duration = event.get("month"), event.get("duration", 1)
        if not isinstance(month, int) or not isinstance(duration, int) or isinstance(month, bool) \
                or isinstance(duration, bool):
            continue
        spans.append((i, event, month, month + max(duration, 1) - 1))
    for key, what in (("market_price", "market price"), ("cost", "cost")):
        reported: set[str] = set()
        for month in range(1, turns + 1):
            logs: dict[str, float] = {}
            for i, event, first, last in spans:
                factors = event.get(key)
                if not first <= month <= last or not isinstance(factors, dict):
                    continue
                for product, factor in factors.items():
                    value = _num(factor)
                    if value is None or not FACTOR_MIN <= value <= FACTOR_MAX or not isinstance(product, str) \
                            or product in reported:  # a factor out of range alone is reported by the schema
                        continue
                    logs[product] = logs.get(product, 0.0) + math.log(value)
                    if not math.log(FACTOR_MIN) - 1e-9 <= logs[product] <= math.log(FACTOR_MAX) + 1e-9:
                        reported.add(product)
                        total = math.exp(max(min(logs[product], 700.0), -700.0))
                        yield (("events", i, key, product), f"in month {month} the events running together multiply "
                               f"the {what} of `{shown(product)}` by {total:.3g}; stacked factors must stay within "
                               f"{FACTOR_MIN:g}..{FACTOR_MAX:g} as one factor does: soften a factor or move this "
                               "event to another month")


def _has_clients(data: dict) -> Found:
    named = len(_items(data, "clients"))
    generated = sum(
        item["count"] for _, item in _items(data, "segments")
        if isinstance(item.get("count"), int) and not isinstance(item.get("count"), bool)
    )
    if "clients" in data or "segments" in data:
        if named + generated == 0:
            where = ("clients",) if "clients" in data else ("segments",)
            yield where, "the scenario has no clients; add named `clients` or a segment with `count` above 0"
    else:
        yield (), "the scenario has no clients; add `clients:` (named clients) or `segments:` (generated ones)"
    if named + generated > 100_000:
        yield ("segments",), f"{named + generated:,} clients is more than the 100,000 a game can hold"


def _ranges(data: dict) -> Found:
    bounded = {"loyalty": (0, 1), "recall": (0, 1), "price_sensitivity": (0, 10), "budget": (0, 1e12)}
    for i, segment in _items(data, "segments"):
        fields: list[tuple[object, object, tuple[float, float]]] = [
            (name, segment.get(name), bounded[name]) for name in bounded]
        for mapping_key, limits in (("needs", (0, 1)), ("owns", (0, 240))):
            mapping = segment.get(mapping_key)
            if isinstance(mapping, dict):
                fields += [((mapping_key, ref), value, limits) for ref, value in mapping.items()]
        for name, value, (low_ok, high_ok) in fields:
            if not isinstance(value, list) or len(value) != 2:
                continue
            low, high = _num(value[0]), _num(value[1])
            path = ("segments", i) + (name if isinstance(name, tuple) else (name,))
            if low is not None and high is not None:
                if low > high:
                    yield path, f"range [{low:g}, {high:g}] goes down; write it as [low, high]"
                if low < low_ok or high > high_ok:
                    yield path, f"range [{low:g}, {high:g}] is outside {low_ok:g}..{high_ok:g}"


def _tiers(data: dict) -> Found:
    comp = data.get("compensation")
    if not isinstance(comp, dict) or not isinstance(comp.get("tiers"), list):
        return
    previous = None
    for k, tier in enumerate(comp["tiers"]):
        start = _num(tier.get("from")) if isinstance(tier, dict) else None
        if start is None:
            continue
        if previous is not None and start <= previous:
            yield ("compensation", "tiers", k, "from"), f"tier starts at {start:g}, not above the previous tier ({previous:g}); order tiers by `from`"
        previous = start


def _corridor(data: dict) -> Found:
    comp = data.get("compensation")
    band = comp.get("bonus_corridor") if isinstance(comp, dict) else None
    if not isinstance(band, dict):
        return
    low, high = _num(band.get("min")), _num(band.get("max"))
    if low is not None and high is not None and low > high:
        yield ("compensation", "bonus_corridor", "min"), f"bonus corridor min {low:g} is above max {high:g}; swap them"


def _lesson_checks(data: dict) -> Found:
    """Each lesson check's `right` names one of its choices."""
    for i, item in _items(data, "lesson_checks"):
        choices, right = item.get("choices"), item.get("right")
        if isinstance(choices, list) and choices and isinstance(right, int) and not isinstance(right, bool) \
                and len(choices) <= right <= 4:
            yield ("lesson_checks", i, "right"), (f"`right` is {right}, but there are only {len(choices)} choices "
                                                  f"(counted from 0: the last is {len(choices) - 1})")

def _interview(team: dict) -> Found:
    """The interview menu: question ids are unique, and it offers both kinds a lesson compares (job-related
    questions and free chat) in at least two areas."""
    menu = team.get("interview")
    if not isinstance(menu, dict):
        return
    seen: dict[str, int] = {}
    areas, kinds = set(), set()
    for i, q in _items(menu, "questions"):
        ident = q.get("id")
        if isinstance(ident, str):
            if ident in seen:
                yield ("team", "interview", "questions", i, "id"), (
                    f"duplicate id `{shown(ident)}` in team.interview.questions (first used at item {seen[ident] + 1}); "
                    "ids must be unique")
            seen.setdefault(ident, i)
        if isinstance(q.get("area"), str):
            areas.add(q["area"])
        if isinstance(q.get("kind"), str):
            kinds.add(q["kind"])
    if seen and len(areas) < 2:
        yield ("team", "interview", "questions"), ("every question comes from one area; add a question from another "
                                                   "area (switching areas is where a rigid candidate shows)")
    if seen and kinds and ("unstructured" not in kinds or kinds == {"unstructured"}):
        yield ("team", "interview", "questions"), ("the menu needs both job-related questions (`structured` or "
                                                   "`behavioural`) and `unstructured` chat, so the head can compare "
                                                   "what each predicts")


def _team(data: dict) -> Found:
    """A head scenario (with `team:`) is whole: its sellers hold existing segments, one seller a segment, every
    named client sits in a segment (a book), someone can sell; `morale` is scored only in head scenarios."""
    team = data.get("team")
    if not isinstance(team, dict):
        for k, item in _items(data.get("scoring") or {}, "items") if isinstance(data.get("scoring"), dict) else []:
            if item.get("kpi") == "morale":
                yield ("scoring", "items", k, "kpi"), ("`morale` is scored only in a head scenario (one with `team:`); "
                                                      "pick another KPI or add a `team:` section")
        return
    products, segments = _ids(data, "products"), _ids(data, "segments")
    seen: dict[str, int] = {}
    holder: dict[str, str] = {}
    hired = 0
    for i, cand in _items(team, "candidates"):
        ident = cand.get("id")
        if isinstance(ident, str):
            if ident in seen:
                yield ("team", "candidates", i, "id"), (f"duplicate id `{shown(ident)}` in team.candidates (first used "
                                                        f"at item {seen[ident] + 1}); ids must be unique")
            seen.setdefault(ident, i)
        hired += cand.get("hired") is True
        segments_given = cand.get("segments")
        held: list = segments_given if isinstance(segments_given, list) else []
        if held and cand.get("hired") is not True:
            yield ("team", "candidates", i, "segments"), ("only a seller already on the team (`hired: true`) holds "
                                                          "segments at the start; remove `segments` or hire him")
        for k, seg in enumerate(held):
            yield from _ref(seg, segments, ("team", "candidates", i, "segments", k), "segment")
            if isinstance(seg, str) and seg in holder:
                yield ("team", "candidates", i, "segments", k), (f"segment `{shown(seg)}` is already held by "
                                                                 f"`{shown(holder[seg])}`; one seller holds a segment")
            elif isinstance(seg, str) and isinstance(ident, str):
                holder[seg] = ident
    levers_given = team.get("levers")
    levers: dict = levers_given if isinstance(levers_given, dict) else {}
    if "candidates" in team and hired == 0 and levers.get("hiring") is False:
        yield ("team", "levers", "hiring"), "nobody is on the team and hiring is off: no one could sell; hire a " \
                                            "candidate at the start (`hired: true`) or allow hiring"
    top = team.get("max_sellers", 8)
    if isinstance(top, int) and not isinstance(top, bool) and hired > top:
        yield ("team", "max_sellers"), f"{hired} sellers are hired at the start, more than `max_sellers` ({top})"
    for i, item in _items(team, "costs"):
        yield from _ref(item.get("product"), products, ("team", "costs", i, "product"), "product")
    yield from _interview(team)
    if segments is not None and not segments:
        yield ("team",), "a head scenario needs `segments`: each segment is a book of clients one seller holds"
    for i, client in _items(data, "clients"):
        if client.get("segment") is None:
            yield ("clients", i), ("in a head scenario every named client belongs to a `segment` (the book of the "
                                   "seller who holds it); add `segment: ...`")


def conversation_checks(data: dict) -> Found:
    """The `conversations:` section: ids unique, every job, product, segment and client it names exists, a leading
    or hypothetical question names the job it suggests, each client has one archetype, and a conversation has a
    one-to-one touch to ride on."""
    conv = data.get("conversations")
    if not isinstance(conv, dict):
        return
    products, jobs, segments, clients = (_ids(data, k) for k in ("products", "jobs", "segments", "clients"))
    for section in ("questions", "archetypes"):
        seen: dict[str, int] = {}
        for i, item in _items(conv, section):
            ident = item.get("id")
            if isinstance(ident, str) and ident in seen:
                yield ("conversations", section, i, "id"), (f"duplicate id `{shown(ident)}` in conversations.{section} "
                                                            f"(first used at item {seen[ident] + 1}); ids must be unique")
            elif isinstance(ident, str):
                seen[ident] = i
    for i, q in _items(conv, "questions"):
        where = ("conversations", "questions", i)
        yield from _ref(q.get("job"), jobs, where + ("job",), "job")
        yield from _ref(q.get("product"), products, where + ("product",), "product")
        kind = q.get("kind")
        if kind in ("leading", "hypothetical") and q.get("job") is None:
            yield where + ("kind",), (f"a {kind} question names the job it suggests: add `job:` (one of "
                                      f"{', '.join(f'`{j}`' for j in (jobs or [])[:6]) or 'the jobs'})")
        if kind not in ("leading", "hypothetical") and q.get("job") is not None and isinstance(kind, str):
            yield where + ("job",), (f"`job` is for leading and hypothetical questions; a {shown(kind)} question "
                                     "uncovers the archetype's own job: leave it out")
        if kind != "product" and q.get("product") is not None and isinstance(kind, str):
            yield where + ("product",), f"`product` is for product talk; leave it out of a {shown(kind)} question"
    owner: dict[str, str] = {}
    for i, arch in _items(conv, "archetypes"):
        where = ("conversations", "archetypes", i)
        yield from _ref(arch.get("job"), jobs, where + ("job",), "job")
        for key, known, what in (("segments", segments, "segment"), ("clients", clients, "client")):
            listed = arch.get(key)
            for k, ref in enumerate(listed if isinstance(listed, list) else []):
                yield from _ref(ref, known, where + (key, k), what)
                if isinstance(ref, str) and ref in owner and (known is None or ref in known):
                    yield where + (key, k), (f"{what} `{shown(ref)}` already belongs to archetype `{owner[ref]}`; "
                                             f"a {what} has one archetype")
                elif isinstance(ref, str):
                    owner[ref] = shown(str(arch.get("id")))
        if not arch.get("segments") and not arch.get("clients") and "id" in arch:
            yield where + ("id",), ("archetype `" + shown(str(arch["id"])) + "` has no clients: list `segments:` "
                                    "or `clients:` that are of this kind")
    touches = [t for _, t in _items(data, "touch_types")]
    if touches and not any(t.get("capacity", 1) == 1 and not t.get("win_back", False) for t in touches):
        yield ("conversations",), ("a conversation rides on a one-to-one call or visit, and no touch type is one: "
                                   "add a touch type with `capacity: 1` (and no `win_back`)")
