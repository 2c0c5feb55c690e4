"""The game's side of a team on the workshop server, with the standard library only (the game needs no server
extras): join the team, send one's proposal for the month, read the month (everyone's proposals, the choice),
choose a plan, read the team's record for the replay. Every call raises :class:`TeamCallError` with words for the
player (the server's refusal, or that it cannot be reached); nothing here blocks a frame: the game calls it from a
background job."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..engine import MonthPlan
from .team_record import TeamMonth, TeamRecord

TIMEOUT = 10.0


class TeamCallError(Exception):
    """A team call that did not work: ``code`` is the server's refusal code (``team_full``, ``name_taken``,
    ``already_chosen``, ...) or ``unreachable``."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class TeamSeat:
    """Where a player sits: the server, the session's join code, the team and the player's own name in it."""

    server: str
    code: str
    team: str
    member: str

    def _url(self, *parts: str) -> str:
        path = "/".join(urllib.parse.quote(p, safe="") for p in parts)
        return f"{self.server}/api/sessions/{urllib.parse.quote(self.code)}/teams" + (f"/{path}" if path else "")

    def join(self, timeout: float = TIMEOUT) -> list[str]:
        """Join the team (again: nothing changes); the members."""
        data = _call("POST", self._url(), {"team": self.team, "member": self.member}, timeout)
        return [str(m) for m in data.get("members", [])]

    def propose(self, month: int, plan: MonthPlan, timeout: float = TIMEOUT) -> TeamMonth:
        """Send this member's plan for ``month`` (1-based); the month as it stands."""
        return _month(_call("POST", self._url(self.team, "months", str(month), "proposals"),
                            {"member": self.member, "plan": plan.to_json()}, timeout))

    def month(self, month: int, timeout: float = TIMEOUT) -> TeamMonth:
        """The month: every proposal so far and the choice (None while the team has not chosen)."""
        return _month(_call("GET", self._url(self.team, "months", str(month)), None, timeout))

    def choose(self, month: int, chosen: str, timeout: float = TIMEOUT) -> TeamMonth:
        """Take ``chosen``'s proposal as the team's plan for ``month`` (the first choice stands: ``already_chosen``)."""
        return _month(_call("POST", self._url(self.team, "months", str(month), "choice"),
                            {"chosen": chosen, "by": self.member}, timeout))

    def record(self, timeout: float = TIMEOUT) -> TeamRecord:
        """The team's record so far, as its replay carries it."""
        return TeamRecord.from_json(_call("GET", self._url(self.team, "record"), None, timeout))


def _month(data: dict) -> TeamMonth:
    return TeamMonth(int(data["month"]), tuple((str(p["member"]), MonthPlan.from_json(p["plan"]))
                                               for p in data.get("proposals", [])),
                     data.get("chosen"), data.get("chosen_by"))


def _call(method: str, url: str, body: dict | None, timeout: float) -> dict:
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json", "User-Agent": "sales-desk-game"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            answer = json.loads(exc.read() or b"{}")
        except ValueError:
            answer = {}
        raise TeamCallError(str(answer.get("error") or f"HTTP {exc.code}")[:300],
                            str(answer.get("code") or "http")) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError, ValueError) as exc:
        raise TeamCallError(f"the workshop server does not answer ({str(getattr(exc, 'reason', exc))[:120]})",
                            "unreachable") from None
    if not isinstance(answer, dict):
        raise TeamCallError("the workshop server answered something else", "http")
    return answer
