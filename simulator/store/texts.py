"""Words of the leaderboard's printouts and reports, in Russian and English (the catalogues' ``export.*``)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine import SHARE_KPIS
from ..locale.catalogue import text as catalogue_text

if TYPE_CHECKING:
    from .entries import Entry
    from .leaderboard import Board

# The words themselves are the catalogues' ``export.*`` texts (assets/locale).


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
    """Who played an entry: a person at the desk, the named strategy that wrote the replay, or the strategy whose
    decisions the game repeats in at least half its months (``Entry.bot``)."""
    if entry.plays_like:
        return text("bot_like", lang).format(name=entry.bot_like, share=f"{round(100 * (entry.bot_share or 0))}%")
    return text("bot", lang).format(name=entry.strategy) if entry.strategy else text("person", lang)


def text(key: str, lang: str = "en") -> str:
    """A label in ``lang`` ('ru' or 'en')."""
    return catalogue_text(lang, f"export.{key}")


def kpi_label(kpi: str, lang: str = "en") -> str:
    """A KPI's (or ``score``/``skill``'s) name in ``lang``."""
    if kpi in ("score", "skill"):
        return text(kpi, lang)
    if kpi == "quits":  # a head game's: sellers who quit
        return text("kpi_quits", lang)
    return catalogue_text(lang, f"kpi.{kpi}")


def format_kpi(kpi: str, value: float | None) -> str:
    """A KPI value as a person reads it: shares as percents, money with thin-space thousands."""
    if value is None:
        return "—"
    if kpi in SHARE_KPIS or kpi == "morale":
        return f"{value:.0%}"
    if kpi in ("score", "skill"):
        return f"{value:.1f}"
    if kpi in ("active_clients", "quits"):
        return f"{value:.0f}"
    return f"{value:,.0f}".replace(",", "\u202f")
