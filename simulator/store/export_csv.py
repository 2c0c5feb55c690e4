"""Leaderboard rows as a CSV file a spreadsheet opens correctly.

UTF-8 with a byte-order mark, so Excel shows Cyrillic names right; written
atomically. Text a spreadsheet would run as a formula (a name starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading apostrophe.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from .entries import Entry
from .files import check_export_target, write_atomic
from .schema import HEAD_KPI_COLUMNS, KPI_COLUMNS

if TYPE_CHECKING:
    from .leaderboard import Board

# A head-of-sales game's own KPIs (morale, quits) come last, empty for a desk game.
HEADER = ("rank", "player", "group", "scenario_id", "scenario_version", "seed", "score", "skill",
          *KPI_COLUMNS, "finished_at", "entry_id", "played_by", "board", *HEAD_KPI_COLUMNS, "bot_like", "bot_share")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(boards: list, delimiter: str = ",") -> str:
    """The CSV text (without the byte-order mark) of every entry of ``boards``, board by board."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    for board in boards:
        where = _board_mark(board)
        for entry in board.entries:
            writer.writerow(_row(entry) + [entry.played_by, where]
                            + [_number(entry.kpis.get(k)) for k in HEAD_KPI_COLUMNS]
                            + [entry.bot_like or "", _number(entry.bot_share)])
    return out.getvalue()


def write_csv(path: str | Path, boards: list, delimiter: str = ",") -> None:
    """Write :func:`csv_text` to ``path`` atomically, UTF-8 with BOM; never over a replay or a file an export did not
    write (one that starts with the BOM and this header)."""
    check_export_target(path, lambda head: head.startswith("\ufeff".encode("utf-8") + HEADER[0].encode("ascii")))
    write_atomic(path, "\ufeff" + csv_text(boards, delimiter))


def _row(entry: Entry) -> list:
    return [
        entry.rank, _safe(entry.player), _safe(entry.group), _safe(entry.scenario_id), entry.scenario_version,
        entry.seed, _number(entry.score), _number(entry.skill), *(_number(entry.kpis.get(k)) for k in KPI_COLUMNS),
        entry.finished_at, entry.id,
    ]


def _board_mark(board: Board) -> str:
    """``official``, or why the board stands apart (``unofficial:HASH``, ``seed-apart:SEED``)."""
    marks = [] if board.official else [f"unofficial:{board.scenario_hash}"]
    if board.seed_apart is not None:
        marks.append(f"seed-apart:{board.seed_apart}")
    return _safe(" ".join(marks)) if marks else "official"


def _safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return repr(float(value)) if not float(value).is_integer() else str(int(value))
