"""Discovery conversations in words: the client's answers, what a talk revealed and how each question worked, the
talks of a month and of a game. Every verdict, finding and number is the engine's
(:mod:`simulator.engine.conversation`); this module only words them (``talk.*`` in the catalogues)."""
from __future__ import annotations

from ...engine import Verdict
from ..texts import decimal, number, percent

# How a verdict reads: good (the question worked), warn (agreement that proves nothing), bad (it cost goodwill),
# muted (nothing this time).
VERDICT_STYLE = {
    Verdict.REVEALED: "good", Verdict.FORCE: "good", Verdict.NO_NEED: "good", Verdict.PITCH: "good",
    Verdict.VAGUE: "muted", Verdict.AGREED: "warn", Verdict.SIGNAL: "warn", Verdict.FALSE_SIGNAL: "bad",
    Verdict.EARLY_PITCH: "bad",
}
VERDICT_MARK = {"good": "✓", "warn": "?", "bad": "✗", "muted": "·"}


def job_name(game, job: str | None, lang: str) -> str:
    """A job's name in ``lang`` (its id if the scenario has no such job)."""
    for j in game.scenario.jobs:
        if j.id == job:
            return j.name.get(lang)
    return job or "—"


def touch_title(game, touch: str, lang: str) -> str:
    """A touch type's name ("Visit")."""
    for k in game.scenario.touch_types:
        if k.id == touch:
            return k.name.get(lang)
    return touch


def touch_hours(game, touch: str) -> float:
    """The hours a touch type takes (the scenario's; the conversation takes no more)."""
    return next((float(k.hours) for k in game.scenario.touch_types if k.id == touch), 0.0)


def question_text(question, lang: str) -> str:
    """A question as the player reads it."""
    return question.text.get(lang)


def answer_text(answer, lang: str, t) -> str:
    """The client's words: the archetype's answer, or the catalogue's for a kind of answer the scenario left out."""
    return answer.text.get(lang) if answer.text is not None else t(f"talk.answer.{answer.key}")


def verdict_text(verdict: Verdict, t) -> str:
    """How a question worked, in words."""
    return t(f"talk.verdict.{Verdict(verdict).name.lower()}")


def finding_line(game, finding, lang: str, t) -> tuple[str, str]:
    """One thing a talk taught the desk, with its colour: a need found, a "yes" heard, a force named."""
    if finding.kind == "force":
        return t("talk.found_force", force=t(f"talk.force.{finding.force}"), value=percent(finding.value)), "body"
    key = "talk.found_need" if finding.kind == "need" else "talk.found_signal"
    return t(key, job=job_name(game, finding.job, lang), value=percent(finding.value)), \
        "good" if finding.kind == "need" else "warn"


def notes_lines(game, conversation, lang: str, t) -> list[tuple[str, str]]:
    """What the player has learned so far in the talk (the engine's findings), newest last."""
    lines = [finding_line(game, f, lang, t) for f in conversation.findings]
    return lines or [(t("talk.nothing_yet"), "muted")]


def question_lines(conversation, lang: str, t) -> list[tuple[str, str]]:
    """Each question asked, with how it worked (and whether it ran past the talk's natural length)."""
    lines = []
    for k, answer in enumerate(conversation.answers, 1):
        style = VERDICT_STYLE[Verdict(answer.verdict)]
        text = t("talk.question_line", n=k, mark=VERDICT_MARK[style], question=question_text(answer.question, lang),
                 verdict=verdict_text(answer.verdict, t))
        lines.append((text, style))
        if answer.over_length:
            lines.append((t("talk.over_length"), "bad"))
    return lines


def summary_lines(game, conversation, lang: str, t, fitting: list[str]) -> list[tuple[str, str]]:
    """After the call: what it revealed, what now fits, how each question worked (``fitting``: the names of the
    products the engine's offer status now says fit this client)."""
    lines: list[tuple[str, str]] = [(t("talk.revealed"), "h")]
    found = list(conversation.findings)
    lines += [finding_line(game, f, lang, t) for f in found] or [(t("talk.nothing_found"), "muted")]
    if any(f.kind == "signal" for f in found):
        lines.append((t("talk.signal_note"), "muted"))
    lines += [("", "body"), (t("talk.now"), "h")]
    if fitting:
        lines.append((t("talk.now_fits", products=", ".join(fitting)), "good"))
    else:
        lines.append((t("talk.now_nothing"), "muted"))
    lines += [("", "body"), (t("talk.how_asked"), "h")]
    return lines + question_lines(conversation, lang, t)


def outcome_lines(game, outcome, lang: str, t) -> list[tuple[str, str]]:
    """A talk as the month's report tells it: what it found (true needs and false signals now told apart), how
    each question worked, the trust it moved."""
    questions = {q.id: q for q in game.scenario.conversations.questions} if game.scenario.conversations else {}
    lines: list[tuple[str, str]] = [(t("talk.report_title", touch=touch_title(game, outcome.touch, lang),
                                       n=len(outcome.questions)), "h")]
    for job in outcome.needs:
        lines.append((t("talk.found_need", job=job_name(game, job, lang),
                        value=percent(outcome.intensity.get(job, 0.0))), "good"))
    for job in outcome.false_signals:
        lines.append((t("talk.false_signal", job=job_name(game, job, lang)), "bad"))
    if not outcome.needs and not outcome.false_signals:
        lines.append((t("talk.nothing_found"), "muted"))
    for k, (qid, verdict, over) in enumerate(zip(outcome.questions, outcome.verdicts, outcome.over_length), 1):
        style = VERDICT_STYLE[Verdict(verdict)]
        q = questions.get(qid)
        lines.append((t("talk.question_line", n=k, mark=VERDICT_MARK[style],
                        question=q.text.get(lang) if q is not None else qid, verdict=verdict_text(verdict, t)), style))
        if over:
            lines.append((t("talk.over_length"), "bad"))
    if abs(outcome.trust) >= 0.0005:
        lines.append((t("talk.trust", points=decimal(outcome.trust * 100, 1, lang, sign=True)),
                      "good" if outcome.trust > 0 else "bad"))
    return lines


def numbers_lines(numbers, lang: str, t) -> list[tuple[str, str]]:
    """A game's (or the months so far') conversations in numbers: held and good, the share of the revealed needs
    they found and of the sales made on them, leading questions and false signals (the engine's counts)."""
    if not numbers.talks:
        return [(t("talk.none_held"), "muted")]
    n = lambda v: number(v, lang)  # noqa: E731
    return [
        (t("talk.held", n=numbers.talks, good=n(numbers.good_talks)), "body"),
        (t("talk.share_revealed", found=n(numbers.needs_by_talk), total=n(numbers.needs_by_talk + numbers.needs_by_touch),
           share=percent(numbers.revealed_share)), "good" if numbers.needs_by_talk else "muted"),
        (t("talk.share_wins", by_talk=n(numbers.wins_by_talk), wins=n(numbers.wins), share=percent(numbers.wins_share)),
         "good" if numbers.wins_by_talk else "muted"),
        (t("talk.mistakes", leading=numbers.leading_questions, false=numbers.false_signals,
           pitches=numbers.early_pitches), "warn" if numbers.leading_questions or numbers.early_pitches else "muted"),
    ]
