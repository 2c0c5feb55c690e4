"""What the board, the entry pages and the exports read from the store: a session's ranking as JSON, its
statistics, the scenario's columns and title. Every function here blocks on the database: call it in a thread.
"""
from __future__ import annotations

import statistics

from ..scenario import Scenario
from ..store.entries import Entry
from ..store.group import people, spreads
from ..store.kinds import DESK, kind_of
from ..store.leaderboard import Board, Leaderboard
from ..store.rounds import round_state
from ..store.teams import session_teams
from ..store.texts import format_kpi, kpi_label
from ..store.workshop import WorkshopSession, anonymous_groups

HISTOGRAM_BINS = 8


def anonymous_entry(lb: Leaderboard, entry: Entry) -> bool:
    """Whether the entry belongs to a group the trainer runs anonymously (its player is named to the trainer only)."""
    return (entry.group, entry.scenario_id) in anonymous_groups(lb)


def session_scenario(lb: Leaderboard, scenario_id: str) -> Scenario | None:
    """The scenario a session plays (its latest version here), or None when it is not available."""
    found = [sc for sc in lb.scenarios.scenarios() if sc.id == scenario_id]
    return max(found, key=lambda sc: sc.version) if found else None


def columns(lb: Leaderboard, scenario_id: str) -> tuple[str, list[str]]:
    """A session's game kind (``store.kinds``: ``desk``, ``head``) and the KPIs its scenario scores (the board's
    extra columns)."""
    scenario = session_scenario(lb, scenario_id)
    if scenario is None:
        return DESK.name, []
    kpis: list[str] = list(dict.fromkeys(item.kpi for item in scenario.scoring.items))
    return kind_of(scenario).name, kpis


def title(lb: Leaderboard, scenario_id: str, lang: str) -> str:
    """The scenario's title in ``lang`` (its id when the scenario is not here)."""
    for scenario in lb.scenarios.scenarios():
        if scenario.id == scenario_id:
            return scenario.title.get(lang)
    return scenario_id


def visible_entry(lb: Leaderboard, entry_id: int) -> Entry | None:
    """The entry, unless it does not exist or the trainer hid it."""
    try:
        entry = lb.get(entry_id)
    except KeyError:
        return None
    return None if lb.hidden(entry_id) else entry


def with_rank(lb: Leaderboard, entry: Entry) -> Entry:
    """The entry with its place on its board."""
    for b in lb.rankings(scenario_id=entry.scenario_id, scenario_version=entry.scenario_version, group=entry.group,
                         seed=entry.seed):
        for e in b.entries:
            if e.id == entry.id:
                return e
    return entry


def session_boards(lb: Leaderboard, session: WorkshopSession, kpi: str = "score") -> list[Board]:
    """The boards of a session's games: its group's on its scenario and seed.

    Another session of the same group (on another seed) may have fixed the group's seed since; this session's
    games stay its own, so a board is picked by the session's seed, never by the group's latest one."""
    return lb.rankings(scenario_id=session.scenario_id, group=session.group, seed=session.seed, kpi=kpi)


def session_board(lb: Leaderboard, session: WorkshopSession, kpi: str) -> Board | None:
    """The session's official board (the latest version), games of its group on its seed."""
    return next((b for b in session_boards(lb, session, kpi) if b.official), None)


def board_json(lb: Leaderboard, session: WorkshopSession, kpi: str, anonymous: bool, lang: str) -> dict:
    """The session's board as the live board and the game read it: rows, extra columns, statistics."""
    ranked = session_board(lb, session, kpi)
    entries = ranked.entries if ranked is not None else []
    rows: list[dict] = []
    for e in entries:
        value = e.value(kpi)
        rows.append({"id": e.id, "rank": e.rank, "player": None if anonymous else e.player,
                     "value": value, "shown": format_kpi(kpi, value), "score": e.score, "skill": e.skill,
                     "kpis": e.kpis, "strategy": e.bot, "bot_share": e.bot_share, "review": f"/entries/{e.id}?lang={lang}"})
    kind, kpis = columns(lb, session.scenario_id)
    members = {team.name: list(team.members) for team in session_teams(lb, session.code)}
    for e, row in zip(entries, rows):
        row["cells"] = [format_kpi(k, e.value(k)) for k in kpis]
        row["kind"] = e.kind
        row["team"] = None if anonymous else members.get(e.player)  # a team's game: its members
    return {"session": session.to_json(), "round": board_round(lb, session), "kind": kind, "kpi": kpi,
            "kpi_label": kpi_label(kpi, lang),
            "anonymous": anonymous, "columns": [{"kpi": k, "label": kpi_label(k, lang)} for k in kpis],
            "entries": rows, "stats": board_stats(entries, kpi)}


def board_round(lb: Leaderboard, session: WorkshopSession) -> dict | None:
    """Where a rounds session is, for the room's board (None for a free session): the month and the game's length,
    the phase, whether it is the practice, how many have sent a plan, and when the timer closes the month (an
    instant: the page counts down itself, so the answer does not change every second)."""
    found = round_state(lb, session.code)
    if found is None:
        return None
    scenario = session_scenario(lb, session.scenario_id)
    return {"month": found.month, "turns": scenario.turns if scenario is not None else None, "phase": found.phase,
            "practice": found.practice, "revealed": found.revealed, "participants": found.participants,
            "sent": found.sent, "closes_at": found.closes_at}


def board_stats(entries: list[Entry], kpi: str) -> dict:
    """The board's statistics panel over the ranked ``entries``: the group's spread of ``kpi`` as the store works it
    out for every group view (:func:`~simulator.store.group.spreads` over :func:`~simulator.store.group.people`:
    a game a bot wrote is ranked but not counted), with a histogram; ``left_out`` counts the bots' games."""
    group = people(entries)
    found = spreads(group, [kpi])
    shown = stats(list(found[0].values) if found else [], kpi)
    if found:
        spread = found[0]
        shown.update(count=spread.n, mean=spread.mean, stdev=spread.sd, min=spread.low, max=spread.high,
                     mean_shown=format_kpi(kpi, spread.mean), stdev_shown=format_kpi(kpi, spread.sd))
    shown["left_out"] = len(entries) - len(group)
    return shown


def stats(values: list[float], kpi: str) -> dict:
    """Count, average, spread (population standard deviation), range and a histogram of ``values``, with the
    numbers as the board shows them."""
    if not values:
        return {"count": 0, "mean": None, "stdev": None, "min": None, "max": None, "histogram": [],
                "mean_shown": "—", "stdev_shown": "—", "range_shown": "—"}
    mean = statistics.fmean(values)
    stdev = statistics.pstdev(values) if len(values) > 1 else 0.0
    low, high = min(values), max(values)
    bins = 1 if high == low else min(HISTOGRAM_BINS, max(2, len(values)))
    width = (high - low) / bins if bins > 1 else 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - low) / width)) if bins > 1 else 0] += 1
    histogram = [{"from": low + k * width, "to": low + (k + 1) * width if bins > 1 else high, "count": c,
                  "label": format_kpi(kpi, low + (k + 0.5) * width if bins > 1 else low)} for k, c in enumerate(counts)]
    return {"count": len(values), "mean": mean, "stdev": stdev, "min": low, "max": high, "histogram": histogram,
            "mean_shown": format_kpi(kpi, mean), "stdev_shown": format_kpi(kpi, stdev),
            "range_shown": f"{format_kpi(kpi, low)} – {format_kpi(kpi, high)}"}
