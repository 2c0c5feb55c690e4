"""Words for what the engine asks and answers about learning: a prediction question, its outcome beside the
player's answer, and a learning record lesson by lesson. Shared by the prediction, report and "What I learned"
screens; every number comes from the engine's :mod:`~simulator.engine.predictions` and the store's record."""
from __future__ import annotations

from ...engine import FIRST_OFFER, FREE_HOURS, MARKUP, PredictionQuestion
from ..texts import decimal, general, number, percent
from .desk_card import product_name


def question_values(game, question: PredictionQuestion, lang: str) -> dict:
    """The question's numbers as its text shows them (products by name, markups as percentages)."""
    values = dict(question.numbers)
    if "product" in values:
        values["product"] = product_name(game, values["product"], lang)
    if question.code == MARKUP:
        values["old"], values["new"] = percent(values["old"]), percent(values["new"])
    if question.code == FREE_HOURS:
        values["hours"] = float(values["hours"])
    return values


def question_text(t, game, question: PredictionQuestion, lang: str) -> str:
    """The question in words."""
    return t(f"predict.{question.code}.question", **question_values(game, question, lang))


def choice_text(t, question: PredictionQuestion, index: int) -> str:
    """One of the question's answers in words."""
    return t(f"predict.{question.code}.choice.{question.choices[index]}")


def prediction_lines(t, game, checked, lang: str) -> list[tuple[str, str]]:
    """A checked prediction for the month report: the question, the answer, what happened, why, the lesson."""
    question, outcome, answer = checked.question, checked.outcome, checked.answer
    lines = [(t("predict.report.title"), "h"), (question_text(t, game, question, lang), "body"),
             (t("predict.report.you", choice=choice_text(t, question, answer.choice), p=percent(answer.confidence)),
              "body")]
    if checked.right:
        lines.append((t("predict.report.right"), "good"))
    else:
        lines.append((t("predict.report.wrong", choice=choice_text(t, question, outcome.right)), "bad"))
    values = {**question_values(game, question, lang), **outcome.numbers}
    if question.code == FREE_HOURS:
        values["loyalty"] = decimal(float(outcome.numbers["loyalty"]), 2, lang, sign=True)
        values["loyalty_if"] = decimal(float(outcome.numbers["loyalty_if"]), 2, lang, sign=True)
    if question.code == FIRST_OFFER and "product" not in values:
        values["product"] = ""
    lines.append((t(f"predict.{question.code}.happened", **values), "body"))
    if outcome.why:
        lines.append((t("predict.why"), "muted"))
        for key, n in outcome.why:
            lines.append((f"· {t(key)}: {general(n, lang)}", "small"))
    lines.append((t("predict.lesson", lesson=t(f"learning.lesson.{question.lesson}")), "muted"))
    return lines


def record_lines(t, record, lang: str) -> list[tuple[str, str]]:
    """A learning record lesson by lesson (the weakest first): level, predictions, checks, behaviour in play."""
    lessons = sorted(record.measured(), key=lambda r: (r.level if r.level is not None else 2.0, r.lesson))
    if not lessons:
        return [(t("learned.none"), "muted")]
    lines: list[tuple[str, str]] = []
    for r in lessons:
        lines.append((f"{t(f'learning.lesson.{r.lesson}')} · {t('learned.level', level=percent(r.level or 0.0))}", "h"))
        if r.predictions:
            lines.append((t("learned.predictions", right=r.right, n=r.predictions,
                            conf=percent(r.mean_confidence or 0.0)), "good" if r.right * 2 >= r.predictions else "warn"))
        else:
            lines.append((t("learned.no_predictions"), "muted"))
        if r.pre_total and r.post_total:
            lines.append((t("learned.checks", pre=percent(r.pre_share or 0.0), post=percent(r.post_share or 0.0)),
                          "good" if (r.change or 0.0) >= 0 else "warn"))
        elif r.pre_total:
            lines.append((t("learned.checks_pre", pre=percent(r.pre_share or 0.0)), "body"))
        for code, e in sorted(r.evidence.items()):
            if e.count:
                lines.append((t("learned.behaviour", share=percent(e.share or 0.0), count=number(e.count, lang),
                                what=t(f"learning.behaviour.{code}")), "body"))
    return lines
