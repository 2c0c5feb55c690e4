"""Who proposed what, as HTML for an entry's review page: each month of a team's game, every member's proposal in a
line (touches, offers, markups) and the one the team chose, marked, with who chose it. Names are escaped."""
from __future__ import annotations

from html import escape

from ..locale.catalogue import text
from ..scenario import Scenario
from .team_record import TeamRecord


def team_html(record: TeamRecord, scenario: Scenario | None, lang: str) -> str:
    """The team's section of a review page."""
    names = {p.id: p.name.get(lang) for p in scenario.products} if scenario is not None else {}
    rows = []
    for month in record.months:
        for member, plan in month.proposals:
            chosen = member == month.chosen
            markups = ", ".join(f"{names.get(pid, pid)} {value:.0%}" for pid, value in sorted(plan.markups.items()))
            line = text(lang, "team.review_line", touches=sum(len(b.clients) for b in plan.touches),
                        offers=sum(len(b.clients) for b in plan.offers), markups=markups)
            mark = text(lang, "team.review_chosen", by=month.chosen_by or "") if chosen else ""
            rows.append(f'<tr{" class=chosen" if chosen else ""}><td class="n">{month.month}</td>'
                        f"<td>{escape(member)}</td><td>{escape(line)}</td><td>{escape(mark)}</td></tr>")
    head = "".join(f"<th>{escape(text(lang, 'team.review_' + c))}</th>" for c in ("month", "member", "plan", "choice"))
    title = text(lang, "team.review_title", team=record.name, members=", ".join(record.members))
    return (f'<section class="team"><h3>{escape(title)}</h3><style>tr.chosen td{{font-weight:700;background:#e6f4ea}}'
            f'</style><table><tr>{head}</tr>{"".join(rows)}</table></section>')
