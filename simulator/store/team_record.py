"""What a team's replay carries besides its plans: who was in the team, who proposed which plan each month and
which one the team chose (:mod:`.teams` keeps the same on the server while the team plays).

In a replay file: ``"team": {"name", "members": [...], "months": [{"month", "proposals": [{"member", "plan"}],
"chosen", "chosen_by"}]}``. :func:`check_team` is part of verification: every month played must be the plan the
team chose, every proposer and chooser a member, two to four members.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..engine import MonthPlan

MIN_MEMBERS, MAX_MEMBERS = 2, 4
MAX_TEXT = 80


class TeamRecordError(ValueError):
    """A team record that does not hold (the replay is refused with code ``team_record``)."""


@dataclass(frozen=True)
class TeamMonth:
    """One month of a team: each member's proposal (in the order they came), the member whose plan was chosen and
    who chose it (None while the team has not chosen)."""

    month: int
    proposals: tuple[tuple[str, MonthPlan], ...]
    chosen: str | None
    chosen_by: str | None

    def plan_of(self, member: str) -> MonthPlan | None:
        """``member``'s proposal, or None."""
        return next((plan for who, plan in self.proposals if who == member), None)

    def to_json(self) -> dict:
        """Plain JSON data (also the server's answer for a team's month)."""
        return {"month": self.month, "proposals": [{"member": who, "plan": plan.to_json()}
                                                   for who, plan in self.proposals],
                "chosen": self.chosen, "chosen_by": self.chosen_by}


@dataclass(frozen=True)
class TeamRecord:
    """A team's game: its name, its members and every month's proposals and choice."""

    name: str
    members: tuple[str, ...]
    months: tuple[TeamMonth, ...]

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"name": self.name, "members": list(self.members), "months": [m.to_json() for m in self.months]}

    @classmethod
    def from_json(cls, data: object) -> TeamRecord:
        """Parse a replay's ``team``; TeamRecordError (or the plan's own error) on anything malformed."""
        if not isinstance(data, dict):
            raise TeamRecordError("`team` must be an object")
        name, members, months = data.get("name"), data.get("members"), data.get("months")
        if not _text(name) or not isinstance(members, list) or not all(_text(m) for m in members):
            raise TeamRecordError("`team` needs a name and a list of member names")
        if not isinstance(months, list) or len(months) > 240:
            raise TeamRecordError("`team.months` must be a list")
        parsed = []
        for m in months:
            if not isinstance(m, dict) or not isinstance(m.get("month"), int) or not isinstance(m.get("proposals"), list):
                raise TeamRecordError("each of `team.months` needs a month number and its proposals")
            proposals = []
            for p in m["proposals"]:
                if not isinstance(p, dict) or not _text(p.get("member")):
                    raise TeamRecordError("each proposal needs a member and a plan")
                proposals.append((p["member"], MonthPlan.from_json(p.get("plan"))))
            chosen, by = m.get("chosen"), m.get("chosen_by")
            if not (chosen is None or _text(chosen)) or not (by is None or _text(by)):
                raise TeamRecordError("`chosen` and `chosen_by` must be member names")
            parsed.append(TeamMonth(m["month"], tuple(proposals), chosen, by))
        return cls(str(name), tuple(str(m) for m in members), tuple(parsed))


def _text(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= MAX_TEXT


def _same(a: MonthPlan, b: MonthPlan) -> bool:
    """The same decisions (as :func:`.replay.canonical_plans` compares games: a repeat in a batch, or batches in
    another order, are the same plan); a proposal names every markup, as the game records a plan."""
    from .replay import canonical_plans  # replay.py reads team records: imported when first compared
    return canonical_plans((a,)) == canonical_plans((b,))


def check_team(team: TeamRecord, plans: tuple[MonthPlan, ...]) -> None:
    """Raise TeamRecordError unless the record holds for ``plans`` (the months played, each as recorded)."""
    if not MIN_MEMBERS <= len(team.members) <= MAX_MEMBERS or len(set(team.members)) != len(team.members):
        raise TeamRecordError(f"a team has {MIN_MEMBERS} to {MAX_MEMBERS} different members, not {len(team.members)}")
    if [m.month for m in team.months] != list(range(1, len(plans) + 1)):
        raise TeamRecordError(f"the team's record must have months 1..{len(plans)}, each once, in order")
    for month, played in zip(team.months, plans):
        who = {w for w, _ in month.proposals}
        if len(who) != len(month.proposals) or not who <= set(team.members):
            raise TeamRecordError(f"month {month.month}: a proposal by someone not in the team, or two by one member")
        if month.chosen is None or month.chosen_by not in team.members:
            raise TeamRecordError(f"month {month.month}: the team chose no plan (or a non-member chose)")
        chosen = month.plan_of(month.chosen)
        if chosen is None or not _same(chosen, played):
            raise TeamRecordError(f"month {month.month}: the plan played is not the one the team chose "
                                  f"({month.chosen}'s)")
