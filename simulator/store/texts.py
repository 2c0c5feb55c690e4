"""Words of the leaderboard's printouts and reports, in Russian and English."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine import KPI_TEXT, SHARE_KPIS

if TYPE_CHECKING:
    from .entries import Entry
    from .leaderboard import Board

_TEXT: dict[str, tuple[str, str]] = {
    "report_title": ("Таблица результатов", "Leaderboard"),
    "generated": ("Сформировано", "Generated"),
    "filters": ("Отбор", "Filters"),
    "all": ("все", "all"),
    "scenario": ("Сценарий", "Scenario"),
    "version": ("версия", "version"),
    "group": ("Группа", "Group"),
    "period": ("Период", "Period"),
    "board_by": ("Рейтинг по", "Ranked by"),
    "rank": ("Место", "Rank"),
    "player": ("Участник", "Player"),
    "score": ("Баллы", "Score"),
    "skill": ("Мастерство", "Skill"),
    "skill_help": ("Мастерство = 100 × (баллы участника − баллы «passive») / (баллы «balanced» − баллы «passive») "
                   "на том же сценарии и той же партии (seed). 0 — как если ничего не делать (стратегия «passive»), "
                   "100 — как эталонная стратегия «balanced»; выше — лучше эталона.",
                   "Skill = 100 × (the player's score − `passive`'s score) / (`balanced`'s score − `passive`'s score) "
                   "on the same scenario and seed. 0 is doing nothing (the `passive` strategy), 100 plays as well "
                   "as the reference strategy `balanced`; more is better."),
    "unofficial": ("НЕОФИЦИАЛЬНО: содержимое сценария ({hash}) отличается от официального {scenario} v{version}; "
                   "эти результаты нельзя сравнивать с официальной таблицей",
                   "UNOFFICIAL: the scenario's content ({hash}) differs from the official {scenario} v{version}; "
                   "these results are not comparable with the official board"),
    "seed_apart": ("Партия (seed) {seed}, а группа играет партию {group_seed}: эти результаты показаны отдельно",
                   "Seed {seed}, but the group plays seed {group_seed}: these results are shown apart"),
    "played_by": ("Кто играл", "Played by"),
    "person": ("человек", "person"),
    "bot": ("бот «{name}»", "bot `{name}`"),
    "seed": ("Партия (seed)", "Seed"),
    "finished": ("Завершено", "Finished"),
    "entry": ("Запись", "Entry"),
    "highlights": ("Кого похвалить на разборе", "Praise in the debrief"),
    "best_of": ("Лучший результат: {kpi}", "Best {kpi}"),
    "scores_chart": ("Баллы участников", "Players' scores"),
    "players": ("Игры участников", "Players' games"),
    "kpis": ("Показатели", "KPIs"),
    "months_chart": ("Выручка (столбцы) и лояльность (линия) по месяцам",
                     "Revenue (bars) and loyalty (line) by month"),
    "month": ("Месяц", "Month"),
    "events": ("События", "Events"),
    "markups": ("Наценки", "Markups"),
    "touches": ("Касания", "Touches"),
    "offers": ("Предложения", "Offers"),
    "deals": ("Сделки: выиграно / проиграно", "Deals won / lost"),
    "lost_why": ("Почему проиграны", "Why deals were lost"),
    "offers_result": ("Предложения: принято / отказ", "Offers accepted / refused"),
    "refused_why": ("Почему отказались", "Why offers were refused"),
    "churned": ("Ушли", "Left"),
    "revenue": ("Выручка", "Revenue"),
    "bonus": ("Бонус", "Bonus"),
    "loyalty": ("Лояльность", "Loyalty"),
    "none": ("нет", "none"),
    "no_entries": ("Пока нет результатов.", "No results yet."),
    "unavailable": ("Сценарий этой игры недоступен: помесячный разбор не показан.",
                    "The scenario of this game is not available: no month-by-month review."),
    "reference": ("Эталон «balanced»", "Reference `balanced`"),
}


def board_note(board: Board, lang: str = "en") -> str:
    """Why a board stands apart from the official one (unofficial content, another seed); empty if it does not."""
    notes = []
    if not board.official:
        notes.append(text("unofficial", lang).format(hash=board.scenario_hash, scenario=board.scenario_id,
                                                      version=board.scenario_version))
    if board.seed_apart is not None:
        notes.append(text("seed_apart", lang).format(seed=board.seed_apart, group_seed=board.group_seed))
    return "; ".join(notes)


def played_by(entry: Entry, lang: str = "en") -> str:
    """Who played an entry: a person at the desk, or the named reference strategy that wrote the replay."""
    return text("bot", lang).format(name=entry.strategy) if entry.strategy else text("person", lang)


def text(key: str, lang: str = "en") -> str:
    """A label in ``lang`` ('ru' or 'en')."""
    ru, en = _TEXT[key]
    return ru if lang == "ru" else en


def kpi_label(kpi: str, lang: str = "en") -> str:
    """A KPI's (or ``score``/``skill``'s) name in ``lang``."""
    if kpi in ("score", "skill"):
        return text(kpi, lang)
    ru, en = KPI_TEXT[kpi][:2]
    return ru if lang == "ru" else en


def format_kpi(kpi: str, value: float | None) -> str:
    """A KPI value as a person reads it: shares as percents, money with thin-space thousands."""
    if value is None:
        return "—"
    if kpi in SHARE_KPIS:
        return f"{value:.0%}"
    if kpi in ("score", "skill"):
        return f"{value:.1f}"
    if kpi == "active_clients":
        return f"{value:.0f}"
    return f"{value:,.0f}".replace(",", "\u202f")
