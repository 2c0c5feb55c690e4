"""The trainer's view of what a group learned: the group's lessons weakest first with the evidence behind each, each
participant's record, and their reflections (``GET /api/sessions/{code}/learning``, the trainer's page shows it).

Over every desk game of the session's group on the server (all its scenarios), so a person's record spans what
they played. Numbers are written here, the page's language's way (:mod:`simulator.locale`); the page puts every
text in with ``textContent``.
"""
from __future__ import annotations

from html import escape

from ..locale import number, percent
from ..locale.catalogue import text
from ..store.entries import Entry
from ..store.leaderboard import Leaderboard
from ..store.learning_record import LearningRecord, LessonRecord, board_records, group_lessons
from ..store.replay import ReplayError
from ..store.workshop import WorkshopSession


def group_records(lb: Leaderboard, session: WorkshopSession) -> list[LearningRecord]:
    """The learning records of the session's group: every desk game of theirs on this server."""
    entries = [e for board in lb.rankings(group=session.group) for e in board.entries]
    return board_records(lb, entries)


def _share(value: float | None, lang: str) -> str:
    return "—" if value is None else percent(value, 0, lang)


def evidence_json(r: LessonRecord, lang: str) -> dict:
    """One lesson's evidence, as the page shows it: predictions, checks before and after, behaviour in play."""
    return {
        "predictions": "—" if not r.predictions else
        f"{number(r.right, lang)} / {number(r.predictions, lang)} ({_share(r.prediction_share, lang)}, "
        f"{text(lang, 'trainer.confidence')} {_share(r.mean_confidence, lang)})",
        "checks": "—" if not r.pre_total and not r.post_total else
        f"{_share(r.pre_share, lang)} → {_share(r.post_share, lang)}",
        "behaviour": [{"code": code, "share": _share(e.share, lang), "cases": number(e.count, lang)}
                      for code, e in sorted(r.evidence.items()) if e.count],
    }


def learning_json(records: list[LearningRecord], lang: str) -> dict:
    """The group's lessons weakest first (with evidence and the people lowest on each), each participant's lessons,
    and the reflections."""
    lessons = [{"lesson": g.lesson, "level": _share(g.level, lang), "people": g.people, "lowest": list(g.lowest),
                **evidence_json(g.total, lang)} for g in group_lessons(records)]
    people = [{"player": r.player, "games": len(r.games), "scenarios": r.scenarios,
               "lessons": [{"lesson": x.lesson, "level": _share(x.level, lang), **evidence_json(x, lang)}
                           for x in r.measured()]} for r in records]
    reflections = [{"player": r.player, "scenario": g.scenario_id, "miss": g.reflection[0], "text": g.reflection[1]}
                   for r in records for g in r.games if g.reflection is not None]
    return {"lessons": lessons, "participants": people, "reflections": reflections}


def reflection_html(lb: Leaderboard, entry: Entry, lang: str) -> str:
    """The trainer's part of an entry's review: the reflection the player wrote after the debrief and their
    predictions right of asked (empty when the game carries none)."""
    if entry.kind != "desk":
        return ""
    try:
        rep = lb.replay(entry.id)
    except ReplayError:
        return ""
    if rep.learning is None or rep.learning.empty:
        return ""
    parts = [f'<section id="learning"><h2>{escape(text(lang, "trainer.learning"))}</h2>']
    if rep.learning.reflection is not None:
        parts.append(f'<p><b>{escape(text(lang, "trainer.reflections"))}:</b> '
                     f'{escape(rep.learning.reflection.text)}</p>')
    for record in board_records(lb, [entry]):
        for lesson in record.measured():
            shown = evidence_json(lesson, lang)
            parts.append(f'<p>{escape(text(lang, f"trainer.lesson_{lesson.lesson}"))}: '
                         f'{escape(text(lang, "trainer.predictions"))} {escape(shown["predictions"])}; '
                         f'{escape(text(lang, "trainer.checks"))} {escape(shown["checks"])}</p>')
    parts.append("</section>")
    return "".join(parts)
