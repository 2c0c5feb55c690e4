"""The workshop report: one self-contained HTML file a trainer can mail to the group.

It holds the ranking of each board, who to praise for which KPI, the group as
a whole (each KPI's mean, spread and distribution, the common mistakes), every
player's KPIs, and each player's game month by month (decisions and outcomes,
re-simulated from the stored plans). No scripts, no external files: styles
inline, charts as inline SVG. Every piece of user text goes through
``html.escape``; the report's own texts (shared with the command line) have their inline Markdown
rendered (`code`, **bold**) rather than shown as backticks.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine import Game
from ..head import HeadGame
from ..locale.catalogue import text as catalogue_text
from .entries import Entry, utc_now
from .files import check_export_target, write_atomic
from .group import common_mistakes, people, spreads
from .kinds import DESK, HEAD, GameKind, board_kind, kind_of
from .replay import ReplayError
from .review import MonthSummary
from .svg import bar_chart, month_chart, strip_chart
from .texts import board_note, format_kpi, kpi_label, played_by, text

if TYPE_CHECKING:
    from .leaderboard import Board

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem;color:#24292f;font-size:17px}
h1{font-size:2rem}h2{margin-top:2.5rem;border-bottom:2px solid #3b6ea8}
table{border-collapse:collapse;margin:.8rem 0;display:block;overflow-x:auto;max-width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;vertical-align:top}
th{background:#f0f3f6;text-align:left}td.n{text-align:right;white-space:nowrap}
details{margin:.6rem 0;border:1px solid #d0d7de;padding:.4rem .8rem;border-radius:6px}
.apart{color:#9a3412;border-left:4px solid #c2410c;padding-left:.6rem}
summary{font-weight:600;font-size:1.1rem;cursor:pointer}.note{color:#57606a;font-size:.9rem}
table.months{font-size:.85rem}ul{margin:0;padding-left:1.1rem}
"""

ReviewFn = Callable[[Entry], Any]   # an entry's game re-simulated, of its kind (a Game, a HeadGame: store.kinds)


# Marks a report as ours, so a later export may replace it (files.check_export_target) and nothing else.
GENERATOR = '<meta name="generator" content="Sales Desk leaderboard export">'

def html_report(boards: list, review: ReviewFn, lang: str = "en", filters: dict[str, str] | None = None,
                scenario_titles: dict[tuple[str, int], str] | None = None) -> str:
    """The report's HTML. ``review(entry)`` re-simulates an entry (it may raise ReplayError)."""
    def t(key: str) -> str:
        return _md(text(key, lang))
    titles = scenario_titles or {}
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{GENERATOR}',
           f"<title>{t('report_title')}</title><style>{STYLE}</style></head><body>",
           f"<h1>{t('report_title')}</h1>",
           f'<p class="note">{t("generated")}: {escape(utc_now())}']
    if filters:
        shown = "; ".join(f"{escape(k)}: {escape(v)}" for k, v in filters.items())
        out.append(f" · {t('filters')}: {shown}")
    out.append(f'</p><p class="note">{t("skill_help")}</p>')
    if not any(b.entries for b in boards):
        out.append(f"<p>{t('no_entries')}</p>")
    for board in boards:
        title = titles.get((board.scenario_id, board.scenario_version), board.scenario_id)
        out.append(_board(board, title, review, lang))
    out.append("</body></html>")
    return "\n".join(out)


def write_html(path: str | Path, boards: list, review: ReviewFn, lang: str = "en",
               filters: dict[str, str] | None = None, scenario_titles: dict | None = None) -> None:
    """Write :func:`html_report` to ``path`` atomically; never over a replay or a file an export did not write."""
    check_export_target(path, lambda head: GENERATOR.encode("utf-8") in head)
    write_atomic(path, html_report(boards, review, lang, filters, scenario_titles))


def _board(board: Board, title: str, review: ReviewFn, lang: str) -> str:
    def t(key: str) -> str:
        return _md(text(key, lang))
    entries: list[Entry] = board.entries
    review = _once(review)  # the group view and each player's months replay the same games
    out = [f"<section><h2>{_md(title)} · {t('version')} {board.scenario_version} · "
           f"{t('board_by')}: {escape(kpi_label(board.kpi, lang))}</h2>"]
    note = board_note(board, lang)
    if note:
        out.append(f'<p class="apart"><b>{_md(note)}</b></p>')
    out.append(_praise(entries, lang, board_kind(entries).praise_kpis))
    out.append(bar_chart([_plain_who(e, lang) for e in entries], [e.value(board.kpi) for e in entries],
                         f"{text('scores_chart', lang)}: {kpi_label(board.kpi, lang)}"))
    out.append(_ranking(entries, board.kpi, lang))
    out.append(_group(entries, review, lang))
    out.append(f"<h3>{t('players')}</h3>")
    for entry in entries:
        out.append(_player(entry, review, lang))
    out.append("</section>")
    return "\n".join(out)


def _plain_who(entry: Entry, lang: str = "en") -> str:
    """Who played, as plain text for a chart label (which escapes it): Markdown stripped."""
    who = f"{entry.player} ({entry.group})" if entry.group else entry.player
    return f"{who} [{played_by(entry, lang).replace('`', '')}]" if entry.bot else who


def _who(entry: Entry, lang: str = "en") -> str:
    """Who played, as HTML: the player's own name escaped, the game's label with its Markdown rendered."""
    who = escape(f"{entry.player} ({entry.group})" if entry.group else entry.player)
    return f"{who} [{_md(played_by(entry, lang))}]" if entry.bot else who


def _praise(entries: list[Entry], lang: str, kpis: tuple[str, ...] = DESK.praise_kpis) -> str:
    items = []
    for kpi in kpis:
        valued = [e for e in entries if e.kpis.get(kpi) is not None]
        if not valued:
            continue
        best = max(valued, key=lambda e: float(e.kpis[kpi] or 0.0))  # the first of equals: the board's order
        label = catalogue_text(lang, "export.best_of", kpi=kpi_label(kpi, lang))
        items.append(f"<li>{escape(label)}: <b>{_who(best, lang)}</b> — {escape(format_kpi(kpi, best.kpis[kpi]))}</li>")
    if not items:
        return ""
    return f"<h3>{escape(text('highlights', lang))}</h3><ul>{''.join(items)}</ul>"


def _ranking(entries: list[Entry], kpi: str, lang: str) -> str:
    def t(key: str) -> str:
        return _md(text(key, lang))
    table = board_kind(entries).table_kpis
    columns = ["score", "skill"] + list(table) + ([kpi] if kpi not in ("score", "skill", *table) else [])
    head = "".join(f"<th>{escape(kpi_label(k, lang))}</th>" for k in columns)
    rows = [f"<table><tr><th>{t('rank')}</th><th>{t('player')}</th><th>{t('group')}</th><th>{t('seed')}</th>"
            f"{head}<th>{t('played_by')}</th><th>{t('finished')}</th></tr>"]
    for e in entries:
        cells = "".join(f'<td class="n">{escape(format_kpi(k, e.value(k)))}</td>' for k in columns)
        rows.append(f'<tr><td class="n">{e.rank}</td><td>{escape(e.player)}</td><td>{escape(e.group)}</td>'
                    f'<td class="n">{e.seed}</td>{cells}<td>{_md(played_by(e, lang))}</td>'
                    f'<td>{escape(e.finished_at)}</td></tr>')
    rows.append("</table>")
    return "".join(rows)


def _once(review: ReviewFn) -> ReviewFn:
    """``review`` that replays each entry once (a refusal is remembered too)."""
    done: dict[int, object] = {}

    def cached(entry: Entry) -> Any:
        if entry.id not in done:
            try:
                done[entry.id] = review(entry)
            except (ReplayError, ValueError, TypeError, KeyError) as exc:
                done[entry.id] = exc
        found = done[entry.id]
        if isinstance(found, Exception):
            raise found
        return found
    return cached


def _group(entries: list[Entry], review: ReviewFn, lang: str) -> str:
    """The group as a whole: each KPI's mean, spread and every value; the mistakes many games made."""
    def t(key: str) -> str:
        return _md(text(key, lang))

    group = people(entries)
    if len(group) < 2:
        return ""
    rows = []
    kind = board_kind(group)
    for s in spreads(group, kind.group_kpis):
        label = kpi_label(s.kpi, lang)
        rows.append(f"<tr><th>{escape(label)}</th><td class=\"n\">{escape(format_kpi(s.kpi, s.mean))}</td>"
                    f"<td class=\"n\">±{escape(format_kpi(s.kpi, s.sd))}</td>"
                    f"<td class=\"n\">{escape(format_kpi(s.kpi, s.low))}</td>"
                    f"<td class=\"n\">{escape(format_kpi(s.kpi, s.high))}</td>"
                    f"<td>{strip_chart(list(s.values), s.mean, label)}</td></tr>")
    games = []
    for entry in group if kind.common_mistakes else []:  # a head game's mistakes are its sellers'
        try:
            games.append(review(entry))
        except (ReplayError, ValueError, TypeError, KeyError):
            continue
    products = {p.id: p.name.get(lang) for game in games[:1] for p in game.scenario.products}
    items = [escape(text("group_line", lang).format(
        count=m.count, games=len(games), text=text(f"mistake_{m.code}", lang).format(
            product=products.get(m.product or "", m.product or "")))) for m in common_mistakes(games)]
    mistakes = "".join(f"<li>{item}</li>" for item in items) or f"<li>{t('group_none')}</li>"
    head = "".join(f"<th>{t(k)}</th>" for k in ("group_kpi", "group_mean", "group_sd", "group_low", "group_high",
                                                 "group_strip"))
    return (f"<h3>{t('group_view')}</h3><p class=\"note\">{escape(text('group_games', lang).format(n=len(group)))}"
            f"</p><table><tr>{head}</tr>{''.join(rows)}</table>"
            f"<h4>{t('group_mistakes')}</h4><ul>{mistakes}</ul>")


def _player(entry: Entry, review: ReviewFn, lang: str) -> str:
    def t(key: str) -> str:
        return _md(text(key, lang))
    out = [f"<details><summary>{entry.rank}. {_who(entry, lang)} — {t('score')} "
           f"{escape(format_kpi('score', entry.score))}, {t('skill')} {escape(format_kpi('skill', entry.skill))}"
           f"</summary>"]
    kind = kind_of(entry)
    kpis = kind.kpi_columns
    kpi_rows = "".join(f"<tr><th>{escape(kpi_label(k, lang))}</th><td class=\"n\">"
                       f"{escape(format_kpi(k, entry.kpis.get(k)))}</td></tr>" for k in kpis)
    out.append(f"<h4>{t('kpis')}</h4><table>{kpi_rows}<tr><th>{t('reference')}</th><td class=\"n\">"
               f"{escape(format_kpi('score', entry.reference_score))}</td></tr></table>")
    try:
        months = _KIND_MONTHS[kind.name](kind, review(entry), lang)
    except (ReplayError, ValueError, TypeError, KeyError):  # one damaged stored row must not sink the report
        months = f'<p class="note">{t("unavailable")}</p>'
    out.append(months)
    out.append("</details>")
    return "\n".join(out)


def _desk_months(kind: GameKind, game: Game, lang: str) -> str:
    """A desk game month by month: a chart of revenue and loyalty, then each month's decisions and outcomes."""
    assert kind.month_summaries is not None
    summaries = kind.month_summaries(game, lang)
    return "\n".join([month_chart([m.revenue for m in summaries], [m.loyalty for m in summaries],
                                  text("months_chart", lang)),
                      f'<p class="note">{_md(text("months_chart", lang))}</p>', _months(summaries, lang)])


def _months(months: list[MonthSummary], lang: str) -> str:
    def t(key: str) -> str:
        return _md(text(key, lang))
    heads = ("month", "events", "markups", "touches", "offers", "deals", "lost_why", "offers_result", "refused_why",
             "churned", "revenue", "bonus", "loyalty")
    rows = ['<table class="months"><tr>' + "".join(f"<th>{t(h)}</th>" for h in heads) + "</tr>"]
    for m in months:
        rows.append(
            "<tr>"
            f'<td class="n">{m.month}</td>'
            f"<td>{_list(list(m.events), lang)}</td>"
            f"<td>{_list([f'{name}: {value:.0%}' for name, value in m.markups.items()], lang)}</td>"
            f"<td>{_list([f'{name}: {n}' for name, n in m.touches.items()], lang)}</td>"
            f"<td>{_list([f'{name}: {n}' for name, n in m.offers.items()], lang)}</td>"
            f'<td class="n">{m.deals_won} / {m.deals_lost}</td>'
            f"<td>{_list([f'{n} × {why}' for n, why in m.lost], lang)}</td>"
            f'<td class="n">{m.offers_accepted} / {m.offers_refused}</td>'
            f"<td>{_list([f'{n} × {why}' for n, why in m.refused], lang)}</td>"
            f'<td class="n">{m.churned}</td>'
            f'<td class="n">{escape(format_kpi("revenue", m.revenue))}</td>'
            f'<td class="n">{escape(format_kpi("bonus", m.bonus))}</td>'
            f'<td class="n">{escape(format_kpi("loyalty", m.loyalty))}</td>'
            "</tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _head_months(kind: GameKind, game: HeadGame, lang: str) -> str:
    """A head game month by month: the department's money, the team's morale, its size and who quit."""
    def t(key: str) -> str:
        return _md(text(key, lang))
    kpis = ("revenue", "gross_profit", "net_profit", "loyalty", "morale")
    rows = ['<table class="months"><tr><th>' + t("month") + "</th>"
            + "".join(f"<th>{escape(kpi_label(k, lang))}</th>" for k in kpis)
            + f"<th>{t('team_size')}</th><th>{escape(kpi_label('quits', lang))}</th></tr>"]
    for report in game.reports:
        k = report.kpis
        rows.append(f'<tr><td class="n">{report.month}</td>'
                    + "".join(f'<td class="n">{escape(format_kpi(kpi, k.get(kpi)))}</td>' for kpi in kpis)
                    + f'<td class="n">{int(k.get("team_size", 0))}</td><td class="n">{int(k.get("quits", 0))}</td></tr>')
    rows.append("</table>")
    return f'<p class="note">{t("head_game")}</p>\n' + "".join(rows)


# Each kind's games month by month in a player's section (the report's own rendering of the kind's months).
_KIND_MONTHS: dict[str, Callable[[GameKind, Any, str], str]] = {DESK.name: _desk_months, HEAD.name: _head_months}


def _list(items: list[str], lang: str) -> str:
    if not items:
        return f'<span class="note">{_md(text("none", lang))}</span>'
    return "<ul>" + "".join(f"<li>{_md(item)}</li>" for item in items) + "</ul>"


_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")


def _md(raw: str) -> str:
    """``raw`` escaped for HTML with its inline Markdown rendered: `code` and **bold** (texts are shared
    with the command line, where the backticks read as quotes)."""
    return _BOLD.sub(r"<b>\1</b>", _CODE.sub(r"<code>\1</code>", escape(raw)))
