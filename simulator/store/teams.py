"""Teams in a workshop session: two to four people share one desk; each proposes a month's plan, the team chooses one.

Public API (the workshop server's team routes and the game's team client use it)::

    from simulator.store import teams

    team = teams.join_team(lb, code, "Alpha", "Anna")          # creates the team; "Boris" joins it the same way
    teams.propose(lb, code, "Alpha", 1, "Anna", plan_json)       # month 1's proposal, from Anna's own game window
    teams.choose(lb, code, "Alpha", 1, chosen="Anna", by="Boris")  # the team's plan: what the desk plays
    teams.team_month(lb, code, "Alpha", 1)                      # every proposal, which one was chosen, by whom
    teams.record(lb, code, "Alpha")                             # the whole game's record, as the replay carries it

State lives in the leaderboard database (schema version 9: ``workshop_teams``, ``team_proposals``,
``team_choices``), so every server process agrees. A name is in at most one team of a session; a team has at most
:data:`MAX_MEMBERS` members and needs :data:`MIN_MEMBERS` before it may choose; a month's choice, once made, stands
(the first choice wins, in one conditional insert), and proposals for a chosen month are refused. The team's game
is uploaded under the team's name with the record (:class:`~.team_record.TeamRecord`): the server checks it is the
one it holds, and verification checks that every month played is the plan the team chose.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..engine import MonthPlan, PlanError
from .entries import utc_now
from .replay import MAX_NAME, canonical_plans, clean_name
from .team_record import TeamMonth, TeamRecord, TeamRecordError

if TYPE_CHECKING:
    from .deck import Deck
    from .leaderboard import Leaderboard

MIN_MEMBERS = 2
MAX_MEMBERS = 4
MAX_PLAN_BYTES = 512 * 1024


class TeamError(ValueError):
    """A team action refused: ``code`` says which rule (``team_full``, ``name_taken``, ``not_member``,
    ``already_chosen``, ``no_proposal``, ``too_few``, ``bad_plan``, ``bad_name``)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class Team:
    """A team of a session: its name and its members, in the order they joined."""

    code: str
    name: str
    members: tuple[str, ...]

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"team": self.name, "members": list(self.members), "full": len(self.members) >= MAX_MEMBERS,
                "ready": len(self.members) >= MIN_MEMBERS}


def _name(text: object, what: str) -> str:
    if not isinstance(text, str) or not clean_name(text) or len(text) > MAX_NAME:
        raise TeamError(f"`{what}` must be a name of 1 to {MAX_NAME} characters", "bad_name")
    return clean_name(text)


def join_team(lb: Leaderboard, code: str, team: object, member: object) -> Team:
    """Put ``member`` in ``team`` (created by its first member). Joining one's own team again changes nothing; a
    name already in another team of the session, or a full team, is refused."""
    team, member = _name(team, "team"), _name(member, "member")
    with lb.database.write() as conn:
        row = conn.execute("SELECT team FROM workshop_teams WHERE code = ? AND member = ?", (code, member)).fetchone()
        if row is not None and row[0] != team:
            raise TeamError(f"{member} is already in team {row[0]}", "name_taken")
        if row is None:
            count = conn.execute("SELECT COUNT(*) FROM workshop_teams WHERE code = ? AND team = ?",
                                 (code, team)).fetchone()[0]
            if count >= MAX_MEMBERS:
                raise TeamError(f"team {team} already has {MAX_MEMBERS} members", "team_full")
            conn.execute("INSERT INTO workshop_teams (code, team, member, joined_at) VALUES (?, ?, ?, ?)",
                         (code, team, member, utc_now()))
    found = get_team(lb, code, team)
    assert found is not None
    return found


def get_team(lb: Leaderboard, code: str, team: str) -> Team | None:
    """The team, or None."""
    rows = lb.database.read("SELECT member FROM workshop_teams WHERE code = ? AND team = ? ORDER BY joined_at, member",
                            (code, clean_name(team)))
    return Team(code, clean_name(team), tuple(r[0] for r in rows)) if rows else None


def session_teams(lb: Leaderboard, code: str) -> list[Team]:
    """Every team of a session, by name."""
    rows = lb.database.read("SELECT team, member FROM workshop_teams WHERE code = ? ORDER BY team, joined_at, member",
                            (code,))
    found: dict[str, list[str]] = {}
    for team, member in rows:
        found.setdefault(team, []).append(member)
    return [Team(code, name, tuple(members)) for name, members in found.items()]


def _member_of(lb: Leaderboard, code: str, team: str, member: str) -> Team:
    found = get_team(lb, code, team)
    if found is None or member not in found.members:
        raise TeamError(f"{member} is not in team {team}", "not_member")
    return found


def propose(lb: Leaderboard, code: str, team: object, month: int, member: object, plan: object) -> None:
    """``member``'s proposal for ``month`` (1-based): a month plan as a replay holds it; a new one replaces the
    member's earlier one until the team has chosen."""
    team, member = _name(team, "team"), _name(member, "member")
    _member_of(lb, code, team, member)
    try:
        text = json.dumps(MonthPlan.from_json(plan).to_json(), sort_keys=True)
    except (PlanError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise TeamError(f"not a month plan: {exc}", "bad_plan") from None
    if len(text) > MAX_PLAN_BYTES:
        raise TeamError("the plan is too large", "bad_plan")
    with lb.database.write() as conn:
        if conn.execute("SELECT 1 FROM team_choices WHERE code = ? AND team = ? AND month = ?",
                        (code, team, int(month))).fetchone():
            raise TeamError(f"team {team} has chosen its plan for month {month}", "already_chosen")
        conn.execute("DELETE FROM team_proposals WHERE code = ? AND team = ? AND month = ? AND member = ?",
                     (code, team, int(month), member))
        conn.execute("INSERT INTO team_proposals (code, team, month, member, plan, proposed_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (code, team, int(month), member, text, utc_now()))


def choose(lb: Leaderboard, code: str, team: object, month: int, chosen: object, by: object) -> TeamMonth:
    """The team takes ``chosen``'s proposal for ``month`` (``by``: the member who said so). The first choice
    stands: a second one is refused with the month as chosen."""
    team, chosen, by = _name(team, "team"), _name(chosen, "chosen"), _name(by, "by")
    found = _member_of(lb, code, team, by)
    if len(found.members) < MIN_MEMBERS:
        raise TeamError(f"a team needs {MIN_MEMBERS} members before it chooses", "too_few")
    with lb.database.write() as conn:
        if not conn.execute("SELECT 1 FROM team_proposals WHERE code = ? AND team = ? AND month = ? AND member = ?",
                            (code, team, int(month), chosen)).fetchone():
            raise TeamError(f"{chosen} has proposed no plan for month {month}", "no_proposal")
        done = conn.execute("SELECT member FROM team_choices WHERE code = ? AND team = ? AND month = ?",
                            (code, team, int(month))).fetchone()
        if done is not None:
            raise TeamError(f"team {team} has chosen {done[0]}'s plan for month {month}", "already_chosen")
        conn.execute("INSERT INTO team_choices (code, team, month, member, chosen_by, chosen_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (code, team, int(month), chosen, by, utc_now()))
    return team_month(lb, code, team, month)


def team_month(lb: Leaderboard, code: str, team: str, month: int) -> TeamMonth:
    """A month of the team: every proposal (in the order they came), the chosen member and who chose."""
    rows = lb.database.read("SELECT member, plan FROM team_proposals WHERE code = ? AND team = ? AND month = ? "
                            "ORDER BY proposed_at, member", (code, clean_name(team), int(month)))
    choice = lb.database.read("SELECT member, chosen_by FROM team_choices WHERE code = ? AND team = ? AND month = ?",
                              (code, clean_name(team), int(month)))
    return TeamMonth(int(month), tuple((m, MonthPlan.from_json(json.loads(p))) for m, p in rows),
                     choice[0][0] if choice else None, choice[0][1] if choice else None)


def record(lb: Leaderboard, code: str, team: str) -> TeamRecord | None:
    """The team's whole record so far (every month with a choice, in order), as its replay carries it."""
    found = get_team(lb, code, team)
    if found is None:
        return None
    months = [r[0] for r in lb.database.read("SELECT month FROM team_choices WHERE code = ? AND team = ? ORDER BY month",
                                             (code, found.name))]
    return TeamRecord(found.name, found.members, tuple(team_month(lb, code, found.name, m) for m in months))


def team_reviews(lb: Leaderboard, code: str, deck: Deck) -> Deck:
    """``deck`` with a slide's worth per team of the session: each month's proposers, the chosen one marked."""
    out = []
    for team in session_teams(lb, code):
        rec = record(lb, code, team.name)
        if rec is None or not rec.months:
            continue
        out.append({"team": team.name, "members": list(team.members),
                    "months": [{"month": m.month, "proposals": [{"member": who, "chosen": who == m.chosen}
                                                                for who, _ in m.proposals]} for m in rec.months]})
    return replace(deck, teams=out)


def team_upload_mismatch(lb: Leaderboard, code: str, body: bytes) -> str | None:
    """Why an uploaded replay's team record is not the one the server kept for that team in session ``code``: the
    members, and each month's proposers, choice and chosen plan (None when they agree, or the upload names no team;
    a malformed record is left to verification, which refuses it)."""
    try:
        data = json.loads(body)
        sent = TeamRecord.from_json(data["team"]) if isinstance(data, dict) and data.get("team") is not None else None
    except (ValueError, TypeError, KeyError, PlanError, TeamRecordError):
        return None
    if sent is None:
        return None
    kept = record(lb, code, sent.name)
    if kept is None:
        return f"there is no team {sent.name} in this session"
    if sent.members != kept.members:
        return f"team {sent.name} has {', '.join(kept.members)}, not {', '.join(sent.members)}"
    if _months(sent) != _months(kept):
        return f"team {sent.name}'s proposals and choices are not the ones the server kept while it played"
    return None


def _months(rec: TeamRecord) -> list:
    return [(m.month, m.chosen, m.chosen_by, sorted((w, json.dumps(canonical_plans((p,)), sort_keys=True))
                                                    for w, p in m.proposals)) for m in rec.months]
