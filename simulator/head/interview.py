"""The structured interview: a candidate's answers as text, drawn from his hidden traits with noise.

Each question on the scenario's menu (``team.interview``) probes one trait. The
answer's *signal* is ``v * z + sqrt(1 - v^2) * e``: ``z`` the candidate's trait on
a standard scale, ``e`` his luck on that question (a counter-based draw per
(seed, candidate, question), so asking one question never moves another's
answer), ``v`` the question's validity (0.42 for structured and behavioural
questions, 0.19 for free chat by default, the meta-analyses' figures). The
signal picks the answer's tier (weak, middling, strong) and one of the tier's
authored texts. A rigid candidate asked a question from another area than the
one before it returns to his story instead of answering: that is a true tell of
low flexibility, whatever the question.

Months after hiring the truth shows (:data:`TRUTH_AFTER`), and
:func:`interview_debrief` lines up each answer with it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..engine import Draws
from ..scenario.schema import Interview, InterviewQuestion, Text

NOISE_A, NOISE_B, PICK, RIGID = 24 << 10, 25 << 10, 26 << 10, 27 << 10   # draw slots (seed, candidate x question)
TIERS = ("weak", "middling", "strong")
CUT = 0.43            # signal cut-offs between tiers: terciles of a standard normal
TRAIT_MEAN, TRAIT_SD = 0.5, 0.2    # the candidate pool's traits on a standard scale
RIGID_BELOW = 0.5     # flexibility under which a candidate may return to his story on an area switch
TRUTH_AFTER = 3       # months on the team after which the head knows a seller's traits from his work
SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Answer:
    """One answer as the head hears it: the words, and the tier they come from (what a careful listener reads)."""

    question: str
    kind: str
    area: str
    probes: str
    tier: str            # weak, middling, strong
    text: Text           # the words, in every language the scenario gives
    rigid: bool          # he returned to his story instead of answering


def _key(candidate: int, question: int) -> np.ndarray:
    return np.array([candidate * 64 + question], np.int64)


def signal(seed: int, candidate: int, question: int, trait: float, validity: float) -> float:
    """The answer's signal: validity times the trait on a standard scale, plus the rest as the candidate's luck on
    this question (a standard normal from two counter-based uniforms)."""
    draws = Draws(seed)
    u1 = float(draws.uniform(0, _key(candidate, question), NOISE_A)[0])
    u2 = float(draws.uniform(0, _key(candidate, question), NOISE_B)[0])
    noise = float(np.sqrt(-2.0 * np.log(max(u1, 1e-12))) * np.cos(2.0 * np.pi * u2))
    z = (trait - TRAIT_MEAN) / TRAIT_SD
    return validity * z + float(np.sqrt(max(1.0 - validity**2, 0.0))) * noise


def tier_of(value: float) -> str:
    """The tier a signal falls in."""
    return TIERS[0] if value < -CUT else TIERS[2] if value > CUT else TIERS[1]


def _story_text(template: Text, story: Text | None) -> Text:
    if story is None:
        return Text({lang: words.replace("{story}", "").strip() for lang, words in template.root.items()})
    return Text({lang: words.replace("{story}", story.get(lang)) for lang, words in template.root.items()})


def answer(menu: Interview, seed: int, candidate: int, traits: dict[str, float], story: Text | None,
           asked_before: Sequence[str], question_id: str) -> Answer:
    """What candidate number ``candidate`` answers to ``question_id`` after ``asked_before`` (in order)."""
    index = {q.id: k for k, q in enumerate(menu.questions)}
    k = index[question_id]
    q: InterviewQuestion = menu.questions[k]
    draws = Draws(seed)
    previous = menu.questions[index[asked_before[-1]]] if asked_before else None
    if previous is not None and previous.area != q.area and traits["flexibility"] < RIGID_BELOW:
        chance = (RIGID_BELOW - traits["flexibility"]) / RIGID_BELOW * 1.5
        if float(draws.uniform(0, _key(candidate, k), RIGID)[0]) < chance:
            pick = int(draws.uniform(0, _key(candidate, k), PICK)[0] * len(menu.rigid))
            return Answer(q.id, q.kind, q.area, q.probes, TIERS[0], _story_text(menu.rigid[pick], story), True)
    tier = tier_of(signal(seed, candidate, k, traits[q.probes], q.signal))
    variants = getattr(q.answers, tier)
    pick = int(draws.uniform(0, _key(candidate, k), PICK)[0] * len(variants))
    return Answer(q.id, q.kind, q.area, q.probes, tier, variants[pick], False)


def tier_guess(tier: str) -> float:
    """A trait value an answer of ``tier`` suggests (what a head who trusts the answer would write down)."""
    return {"weak": 0.3, "middling": 0.5, "strong": 0.7}[tier]


def score_for(tier: str) -> int:
    """The scorecard mark (1..5) an answer of ``tier`` earns on the usual anchored scale."""
    return {"weak": 2, "middling": 3, "strong": 4}[tier]


@dataclass(frozen=True)
class DebriefLine:
    """One answer next to the truth: what the head wrote down, and what the seller turned out to be."""

    candidate: str
    question: str
    kind: str
    probes: str
    tier: str
    score: int | None        # the head's mark on the scorecard (None: left blank)
    truth: float             # the trait as his work showed it
    hit: bool                # the answer's tier matches the truth's


def truth_tier(value: float) -> str:
    """The tier the true trait falls in, on the same scale as the answers."""
    return tier_of((value - TRAIT_MEAN) / TRAIT_SD)


def debrief_lines(asked: dict[str, list[Answer]], scores: dict[str, dict[str, int]],
                  truths: dict[str, dict[str, float]]) -> list[DebriefLine]:
    """Every answer of a candidate whose truth is known, next to it."""
    lines = []
    for cid, answers in asked.items():
        if cid not in truths:
            continue
        for a in answers:
            truth = truths[cid][a.probes]
            lines.append(DebriefLine(cid, a.question, a.kind, a.probes, a.tier, scores.get(cid, {}).get(a.question),
                                     truth, a.tier == truth_tier(truth)))
    return lines


def hit_rates(lines: Sequence[DebriefLine]) -> dict[str, tuple[int, int]]:
    """By kind of question: (answers that matched the truth, answers) — which questions predicted it."""
    out: dict[str, tuple[int, int]] = {}
    for line in lines:
        hits, total = out.get(line.kind, (0, 0))
        out[line.kind] = (hits + line.hit, total + 1)
    return out
