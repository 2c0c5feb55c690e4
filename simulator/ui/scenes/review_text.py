"""Texts of the review screens: an entry's card, one month of a reviewed game, an import's outcome, two games'
play side by side (the debrief's reference, the what-if's branch)."""
from __future__ import annotations

from pathlib import Path

from ...engine import play_profile
from ..texts import decimal, kpi_name, kpi_value, money, percent

Lines = list[tuple[str, str]]

# The KPIs a leaderboard card and a comparison show, in this order.
CARD_KPIS = ("revenue", "gross_profit", "bonus", "loyalty", "retention", "average_check", "upsell_rate",
             "active_clients")
# Import refusal codes of the store (ReplayError.code) that have their own words.
REFUSAL_CODES = ("unreadable", "format", "unknown_scenario", "scenario_version", "scenario_hash", "months",
                 "plan_rule", "score_mismatch", "duplicate", "too_large", "reference_copy", "branch")


def skill_text(skill: float | None) -> str:
    """A skill score as shown ("—" when there is no reference to compare with)."""
    return "—" if skill is None else f"{skill:.0f}"


def standing_lines(t, entry) -> Lines:
    """Why an entry is marked: played by a bot, on unofficial scenario content, on another seed than its group's."""
    lines: Lines = []
    if getattr(entry, "strategy", None):
        lines.append((t("board.by_bot", name=entry.strategy), "warn"))
    if not getattr(entry, "official", True):
        lines.append((t("board.unofficial"), "bad"))
    if getattr(entry, "apart", None) is not None:
        lines.append((t("board.seed_apart", seed=entry.seed, group_seed=entry.apart), "warn"))
    return lines


def entry_lines(t, lang: str, entry, currency: str, marked: bool = False, title: str | None = None,
                name: str | None = None) -> Lines:
    """A leaderboard entry's card: who (``name`` in place of the player's, when names are hidden), score and
    skill, the game (``title``: the scenario's), the KPIs."""
    group = entry.group or t("board.no_group")
    lines: Lines = [(t("board.entry_title", player=entry.player if name is None else name, group=group), "title"),
                    (t("board.entry_score", score=decimal(entry.score, 1, lang), skill=skill_text(entry.skill)), "h"),
                    (t("board.entry_seed", scenario=title or entry.scenario_id, version=entry.scenario_version,
                       seed=entry.seed, finished=entry.finished_at.replace("T", " ")[:16]), "muted"),
                    *standing_lines(t, entry),
                    (t("board.kpis"), "h")]
    for kpi in CARD_KPIS:
        value = entry.kpis.get(kpi)
        shown = "—" if value is None else kpi_value(kpi, value, currency, lang)
        lines.append((f"{kpi_name(kpi, lang)}: {shown}", "body"))
    if marked:
        lines.append((t("board.marked"), "good"))
    return lines


def month_lines(t, lang: str, currency: str, m, turns: int, player: str | None = None) -> Lines:
    """One month of a game (a ``store.review.MonthSummary``): events, decisions, money, deals and offers."""
    title = t("compare.month", month=m.month, turns=turns) if player is None else \
        t("board.month_title", month=m.month, turns=turns, player=player)
    lines: Lines = [(title, "h")]
    lines += [("★ " + e, "warn") for e in m.events]
    lines.append((t("board.markups") + ", ".join(f"{k} {percent(v)}" for k, v in m.markups.items()), "body"))
    lines.append((t("board.touches") + (", ".join(f"{k}: {v}" for k, v in m.touches.items()) or "—"), "body"))
    lines.append((t("board.offers") + (", ".join(f"{k}: {v}" for k, v in m.offers.items()) or "—"), "body"))
    lines.append((t("board.money", revenue=money(m.revenue, currency, lang), gross=money(m.gross_profit, currency, lang),
                    bonus=money(m.bonus, currency, lang)), "body"))
    lines.append((t("report.deals", won=m.deals_won, lost=m.deals_lost), "h"))
    lines += [(f"{n} × {text}", "bad") for n, text in m.lost]
    lines.append((t("report.offers", accepted=m.offers_accepted, refused=m.offers_refused), "h"))
    lines += [(f"{n} × {text}", "warn") for n, text in m.refused]
    lines.append((t("board.after", loyalty=percent(m.loyalty), active=m.active_clients, churned=m.churned), "muted"))
    return lines


def import_lines(t, result, title=None, lang: str = "en") -> Lines:
    """What happened to a dropped replay file (a store ``ImportResult``), in the player's language.

    ``title(scenario_id, version)`` names the scenario (default: its id).
    """
    name = Path(result.path).name
    lines: Lines = [(t("import.title", file=name), "h")]
    if result.ok:
        e = result.entry
        key = "import.added" if result.created else "import.already"
        scenario = title(e.scenario_id, e.scenario_version) if title else e.scenario_id
        lines.append((t(key, player=e.player, group=e.group or t("board.no_group"), scenario=scenario,
                        version=e.scenario_version, score=decimal(e.score, 1, lang),
                        skill=skill_text(e.skill)),
                      "good" if result.created else "warn"))
        return lines + standing_lines(t, e)
    code = result.code if result.code in REFUSAL_CODES else "other"
    lines.append((t("import.refused", reason=t(f"import.reason.{code}")), "bad"))
    detail = (result.error or "").replace(str(result.path), name)
    if detail.startswith(name + ": "):
        detail = detail[len(name) + 2:]
    if detail:
        lines.append((t("import.detail", detail=detail), "muted"))
    return lines


def profile_lines(t, lang: str, first, second, prefix: str) -> list[tuple[str, str]]:
    """How two finished games of one scenario played, side by side (``{prefix}_markup``, ``_touches``, ``_offers``,
    ``_renewals`` texts with ``a`` for ``first`` and ``b`` for ``second``): markups, touches, offers, renewals."""
    a, b = play_profile(first), play_profile(second)
    lines = [(t(f"{prefix}_markup", product=p.name.get(lang), a=percent(a.markups[p.id]), b=percent(b.markups[p.id])),
              "body") for p in first.scenario.products if not p.markup.fixed]
    lines.append((t(f"{prefix}_touches", a=a.touches, a_share=percent(a.useful_share), b=b.touches,
                    b_share=percent(b.useful_share)), "body"))
    lines.append((t(f"{prefix}_offers", a=a.offers, a_share=percent(a.misfit_share), b=b.offers,
                    b_share=percent(b.misfit_share)), "body"))
    lines.append((t(f"{prefix}_renewals", a=percent(a.renewals_kept), b=percent(b.renewals_kept)), "body"))
    return lines
