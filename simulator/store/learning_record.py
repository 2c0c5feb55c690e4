"""A learning record per participant and lesson, over every game a person played: what they predicted and how
sure they were, how their answers to the lesson checks changed from before the game to after it, and what their
play shows of each lesson (the engine's :func:`~simulator.engine.learning.play_evidence`). A group's lessons,
weakest first, with the evidence behind each. And exports for those who certify (CSV and JSON; columns in
docs/learning.md).

The numbers are counts that add up across games (right of asked, hits of cases), so a record over three scenarios
is the same shares over all their cases. A lesson's ``level`` (0-1) is the mean of what there is of: the share of
predictions right, the share of checks right after the game, the mean share of the behaviours; a lesson with none
of them has no level (it is listed last).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine import EVIDENCE_CODES, EVIDENCE_LESSON, Evidence, Game, play_evidence
from ..scenario import Scenario
from .files import check_export_target, write_atomic
from .learning import CheckedAnswers, check_answers
from .replay import Replay, ReplayError

if TYPE_CHECKING:
    from .entries import Entry
    from .leaderboard import Leaderboard

LESSONS = (1, 2, 3, 4, 5, 6, 7)
CONFIDENT = 0.7        # a prediction made this sure or surer is "confident"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class LessonRecord:
    """One person's (or a group's) evidence about one lesson, as counts that add up across games."""

    lesson: int
    games: int = 0
    predictions: int = 0
    right: int = 0
    confident: int = 0            # predictions made at CONFIDENT or surer
    confident_right: int = 0
    confidence_sum: float = 0.0
    brier_sum: float = 0.0        # sum of (confidence - right)^2
    pre_right: int = 0
    pre_total: int = 0
    post_right: int = 0
    post_total: int = 0
    evidence: dict[str, Evidence] = field(default_factory=dict)

    # --- shares ---------------------------------------------------------------------------------
    @property
    def prediction_share(self) -> float | None:
        """Share of predictions right."""
        return self.right / self.predictions if self.predictions else None

    @property
    def mean_confidence(self) -> float | None:
        """How sure the predictions were, on average (0-1)."""
        return self.confidence_sum / self.predictions if self.predictions else None

    @property
    def calibration(self) -> float | None:
        """1 - the Brier score of the predictions: 1 is right and sure every time, 0.75 a coin's honest 50 %."""
        return 1.0 - self.brier_sum / self.predictions if self.predictions else None

    @property
    def pre_share(self) -> float | None:
        """Share of lesson checks right before the game."""
        return self.pre_right / self.pre_total if self.pre_total else None

    @property
    def post_share(self) -> float | None:
        """Share of lesson checks right after the game."""
        return self.post_right / self.post_total if self.post_total else None

    @property
    def change(self) -> float | None:
        """post_share - pre_share: what the checks say was learned (None without both)."""
        pre, post = self.pre_share, self.post_share
        return None if pre is None or post is None else post - pre

    @property
    def behaviour(self) -> float | None:
        """The mean share of the lesson's behaviours in play that had cases."""
        shares = [e.share for e in self.evidence.values() if e.share is not None]
        return sum(shares) / len(shares) if shares else None

    @property
    def level(self) -> float | None:
        """The mean of what there is of: predictions right, checks right after the game (before, without them),
        behaviour; None when there is nothing."""
        checks = self.post_share if self.post_share is not None else self.pre_share
        parts = [x for x in (self.prediction_share, checks, self.behaviour) if x is not None]
        return sum(parts) / len(parts) if parts else None

    def merged(self, other: LessonRecord) -> LessonRecord:
        """This record and ``other`` together (counts added)."""
        evidence = dict(self.evidence)
        for code, e in other.evidence.items():
            evidence[code] = evidence[code] + e if code in evidence else e
        return LessonRecord(self.lesson, self.games + other.games, self.predictions + other.predictions,
                            self.right + other.right, self.confident + other.confident,
                            self.confident_right + other.confident_right, self.confidence_sum + other.confidence_sum,
                            self.brier_sum + other.brier_sum, self.pre_right + other.pre_right,
                            self.pre_total + other.pre_total, self.post_right + other.post_right,
                            self.post_total + other.post_total, evidence)

    @property
    def measured(self) -> bool:
        """True when anything speaks to the lesson."""
        return self.level is not None

    def to_json(self) -> dict:
        """Plain JSON data: the counts and the shares (None where there were no cases)."""
        return {
            "lesson": self.lesson, "games": self.games, "level": _round(self.level),
            "predictions": self.predictions, "predictions_right": self.right,
            "prediction_share": _round(self.prediction_share), "mean_confidence": _round(self.mean_confidence),
            "calibration": _round(self.calibration), "confident": self.confident,
            "confident_right": self.confident_right,
            "pre_right": self.pre_right, "pre_total": self.pre_total, "post_right": self.post_right,
            "post_total": self.post_total, "pre_share": _round(self.pre_share), "post_share": _round(self.post_share),
            "change": _round(self.change),
            "behaviour": {code: {"hits": e.hits, "count": e.count, "share": _round(e.share)}
                          for code, e in sorted(self.evidence.items())},
        }


@dataclass(frozen=True)
class GameLearning:
    """One game's part of a record: its scenario, its checked answers, its behaviours and its reflection."""

    scenario_id: str
    seed: int
    finished_at: str | None
    answers: CheckedAnswers
    evidence: tuple[Evidence, ...]
    reflection: tuple[str, str] | None       # (miss code, text)


@dataclass
class LearningRecord:
    """A participant's learning record over every game they played."""

    player: str
    group: str
    games: list[GameLearning] = field(default_factory=list)
    lessons: dict[int, LessonRecord] = field(default_factory=dict)

    @property
    def scenarios(self) -> list[str]:
        """The scenarios played, in order of first play."""
        return list(dict.fromkeys(g.scenario_id for g in self.games))

    def measured(self) -> list[LessonRecord]:
        """The lessons anything speaks to, in the course's order."""
        return [self.lessons[k] for k in sorted(self.lessons) if self.lessons[k].measured]

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {
            "player": self.player, "group": self.group, "games": len(self.games), "scenarios": self.scenarios,
            "lessons": [r.to_json() for r in self.measured()],
            "reflections": [{"scenario": g.scenario_id, "miss": g.reflection[0], "text": g.reflection[1]}
                            for g in self.games if g.reflection is not None],
        }


def game_learning(rep: Replay, game: Game, scenario: Scenario) -> GameLearning:
    """One verified game's learning (ReplayError if its answers do not hold to it)."""
    answers = check_answers(scenario, rep.seed, rep.plans, rep.learning, rep.injected)
    reflection = None if rep.learning is None or rep.learning.reflection is None else \
        (rep.learning.reflection.miss, rep.learning.reflection.text)
    return GameLearning(scenario.id, rep.seed, rep.finished_at, answers, tuple(play_evidence(game)), reflection)


def learning_record(player: str, group: str, games: Iterable[GameLearning]) -> LearningRecord:
    """The record of one participant from their games' learning."""
    record = LearningRecord(player, group)
    for g in games:
        record.games.append(g)
        touched: dict[int, LessonRecord] = {}
        for p in g.answers.predictions:
            r = touched.setdefault(p.question.lesson, LessonRecord(p.question.lesson))
            right = p.right
            c = p.answer.confidence
            r.predictions += 1
            r.right += int(right)
            r.confidence_sum += c
            r.brier_sum += (c - float(right)) ** 2
            if c >= CONFIDENT - 1e-9:
                r.confident += 1
                r.confident_right += int(right)
        for answer, lesson, right in g.answers.checks:
            r = touched.setdefault(lesson, LessonRecord(lesson))
            if answer.phase == "pre":
                r.pre_total += 1
                r.pre_right += int(right)
            else:
                r.post_total += 1
                r.post_right += int(right)
        for e in g.evidence:
            if e.count:
                r = touched.setdefault(e.lesson, LessonRecord(e.lesson))
                r.evidence[e.code] = r.evidence[e.code] + e if e.code in r.evidence else e
        for lesson, part in touched.items():
            part.games = 1
            record.lessons[lesson] = record.lessons[lesson].merged(part) if lesson in record.lessons else part
    return record


# --- a group -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GroupLesson:
    """One lesson across a group: the mean level of the people it was measured for, how many, and the group's
    evidence summed (``total``)."""

    lesson: int
    level: float | None
    people: int
    total: LessonRecord
    lowest: tuple[str, ...]      # the people with the lowest level on it (up to 3)

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"lesson": self.lesson, "level": _round(self.level), "people": self.people,
                "evidence": self.total.to_json(), "lowest": list(self.lowest)}


def group_lessons(records: Sequence[LearningRecord]) -> list[GroupLesson]:
    """The group's lessons that anything speaks to, the weakest (lowest mean level) first."""
    out = []
    for lesson in LESSONS:
        mine = [(r.player, r.lessons[lesson]) for r in records if lesson in r.lessons and r.lessons[lesson].measured]
        if not mine:
            continue
        levels = [rec.level for _, rec in mine if rec.level is not None]
        total = LessonRecord(lesson)
        for _, rec in mine:
            total = total.merged(rec)
        lowest = tuple(name for name, _ in sorted(mine, key=lambda pr: (pr[1].level or 0.0, pr[0]))[:3])
        out.append(GroupLesson(lesson, sum(levels) / len(levels) if levels else None, len(mine), total, lowest))
    return sorted(out, key=lambda g: (g.level if g.level is not None else 2.0, g.lesson))


def board_records(board: Leaderboard, entries: Iterable[Entry]) -> list[LearningRecord]:
    """The learning records of the people behind ``entries`` (desk games by people, branches left out), one per
    player and group, each over every desk game of theirs in ``entries``. A game that no longer replays is skipped."""
    by_person: dict[tuple[str, str], list[GameLearning]] = {}
    for entry in entries:
        if entry.kind != "desk" or entry.strategy or entry.branch is not None:
            continue
        try:
            rep = board.replay(entry.id)
            game = board.review(entry.id)
            learned = game_learning(rep, game, board.scenario_for(rep))
        except ReplayError:
            continue
        by_person.setdefault((entry.player, entry.group), []).append(learned)
    return [learning_record(player, group, games) for (player, group), games in sorted(by_person.items())]


# --- exports -------------------------------------------------------------------------------------------------
CSV_COLUMNS = ("player", "group", "lesson", "level", "games", "scenarios", "predictions", "predictions_right",
               "prediction_share", "mean_confidence", "calibration", "confident", "confident_right", "pre_right",
               "pre_total", "post_right", "post_total", "change", *(f"{code}_share" for code in EVIDENCE_CODES),
               *(f"{code}_cases" for code in EVIDENCE_CODES))


def csv_text(records: Sequence[LearningRecord]) -> str:
    """One row per participant and lesson measured (columns :data:`CSV_COLUMNS`, docs/learning.md)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        for r in record.measured():
            writer.writerow([
                _safe(record.player), _safe(record.group), r.lesson, _num(r.level), r.games,
                _safe(" ".join(record.scenarios)), r.predictions, r.right, _num(r.prediction_share),
                _num(r.mean_confidence), _num(r.calibration), r.confident, r.confident_right, r.pre_right,
                r.pre_total, r.post_right, r.post_total, _num(r.change),
                *(_num(r.evidence[c].share) if c in r.evidence else "" for c in EVIDENCE_CODES),
                *(r.evidence[c].count if c in r.evidence else "" for c in EVIDENCE_CODES),
            ])
    return out.getvalue()


def json_data(records: Sequence[LearningRecord]) -> dict:
    """Every record and the group's lessons weakest first, as JSON data."""
    return {"format": "sales-desk-learning", "format_version": 1,
            "participants": [r.to_json() for r in records],
            "group_lessons": [g.to_json() for g in group_lessons(records)]}


def write_export(path: str | Path, records: Sequence[LearningRecord]) -> None:
    """Write the records to ``path`` atomically: JSON for a ``.json`` name, else CSV (UTF-8 with a byte-order mark,
    so a spreadsheet shows Cyrillic names). Never over a file an export did not write."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        check_export_target(path, lambda head: b'"format": "sales-desk-learning"' in head[:200])
        write_atomic(path, json.dumps(json_data(records), ensure_ascii=False, indent=1) + "\n")
    else:
        check_export_target(path, lambda head: head.startswith("\ufeffplayer,group,lesson".encode()))
        write_atomic(path, "\ufeff" + csv_text(records))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def _safe(text: str) -> str:
    """A name a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def lesson_evidence_codes(lesson: int) -> tuple[str, ...]:
    """The behaviours in play that speak to ``lesson``."""
    return tuple(code for code in EVIDENCE_CODES if EVIDENCE_LESSON[code] == lesson)


def people_json(records: Sequence[LearningRecord]) -> list[dict[str, Any]]:
    """The records as ``leaderboard --json`` carries them."""
    return [r.to_json() for r in records]
