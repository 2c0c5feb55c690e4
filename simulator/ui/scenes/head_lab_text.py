"""Words for what the interview and the pay-plan lab leave in the final report: each answer next to what the work
showed (``HeadGame.interview_debrief``), and the lab's plans played on the player's seed. Every number is the
head game's; this only says it."""
from __future__ import annotations

from ...head import interview as iv
from ...head.heads import LAB_PROBES
from ..texts import decimal, money_short, number
from .head_text import seller_name


def interview_lines(t, lang: str, game) -> list[tuple[str, str]]:
    """The interview against the work: which answers matched, and by kind of question how many."""
    if game.team.interview is None:
        return []
    lines: list[tuple[str, str]] = [(t("head_debrief.interview"), "h")]
    debrief = game.interview_debrief()
    if not debrief:
        return lines + [(t("head_debrief.interview_none"), "muted")]
    labels = {q.id: (q.label or q.text).get(lang) for q in game.team.interview.questions}
    for line in debrief:
        lines.append((("✓ " if line.hit else "✗ ") + t(
            "head_debrief.interview_line", name=seller_name(game, line.candidate, lang), question=labels[line.question],
            tier=t(f"head_debrief.tier.{line.tier}"), truth=t(f"head_debrief.tier.{iv.truth_tier(line.truth)}")),
            "good" if line.hit else "warn"))
    for kind, (hits, total) in sorted(iv.hit_rates(debrief).items()):
        lines.append((t("head_debrief.interview_rate", kind=t(f"head_interview.kind.{kind}"), hits=number(hits, lang),
                        total=number(total, lang)), "body"))
    lines.append((t("head_debrief.interview_research"), "muted"))
    return lines


def lab_lines(t, lang: str, game, references: dict) -> list[tuple[str, str]]:
    """The lab's plans, each the aligned head with one change, played on the player's seed, beside the player."""
    if not game.team.levers.pay_plan:
        return []
    mine = game.result()
    lines: list[tuple[str, str]] = [(t("head_debrief.lab"), "h")]
    lines.append((t("head_debrief.lab_line", plan=t("head_debrief.you"), score=decimal(mine.score, 1, lang),
                    net=money_short(mine.kpis["net_profit"], "", lang), quits=number(mine.kpis["quits"], lang)), "body"))
    for name in LAB_PROBES:
        other = references.get(name)
        if other is None:
            lines.append((t(f"head_debrief.lab.{name}") + ": …", "muted"))
            continue
        r = other.result()
        lines.append((t("head_debrief.lab_line", plan=t(f"head_debrief.lab.{name}"), score=decimal(r.score, 1, lang),
                        net=money_short(r.kpis["net_profit"], "", lang), quits=number(r.kpis["quits"], lang)), "body"))
    return lines
