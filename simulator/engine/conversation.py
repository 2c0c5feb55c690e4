"""Discovery conversations: the public face (see /work/coord/disco-api.md and docs/bot-api.md).

A conversation happens on a one-to-one touch (a call or a visit) planned for a client whose archetype the
scenario describes. The desk opens it (``desk.open_conversation(client, touch)``), picks questions from a short
menu that changes after each answer, reads the client's answers, and records it in the month's plan
(``MonthPlan(conversations=(conv.record(),))``). Everything is a pure function of (seed, month, client, the
questions asked): the same choices give the same menu and answers, whatever else the plan holds.

Codes inside, words at the edge: the engine says what an answer revealed (:class:`Finding`) and how the
question worked (:class:`Verdict`); the client's words are the scenario's texts, and the catalogues word the
verdicts.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

from ..locale.catalogue import text as catalogue_text
from ..scenario.schema import Text
from .plan import ConversationRecord, PlanError

if TYPE_CHECKING:
    from .conversation_rules import Talker

MENU_SIZE = 4        # questions on the menu at a time
FORCES = ("push", "pull", "anxiety", "habit")


class QuestionKind(StrEnum):
    """What sort of question: situation and the switch timeline's past specifics discover; leading and
    hypothetical questions earn polite agreement; product talk pitches."""

    SITUATION = "situation"
    HAPPENED = "happened"
    TRIED = "tried"
    PUSH = "push"
    HELD_BACK = "held_back"
    LEADING = "leading"
    HYPOTHETICAL = "hypothetical"
    PRODUCT = "product"

    @property
    def family(self) -> str:
        """``discovery``, ``leading`` or ``pitch``."""
        if self in (QuestionKind.LEADING, QuestionKind.HYPOTHETICAL):
            return "leading"
        return "pitch" if self is QuestionKind.PRODUCT else "discovery"


class Verdict(IntEnum):
    """How a question worked (the catalogues word them: ``talk.verdict.<name lower-case>``)."""

    REVEALED = 0       # a situation/past question uncovered the client's job (and its intensity)
    FORCE = 1          # a past question named a force (what pushed, what they tried, what held them back)
    VAGUE = 2          # a good question that drew nothing this time
    NO_NEED = 3        # the client has no such job: "we're fine" (true, and worth knowing)
    AGREED = 4         # leading/hypothetical: polite agreement, nothing learned
    SIGNAL = 5         # leading/hypothetical: a "yes" the desk notes as a need (true or not: the month tells)
    FALSE_SIGNAL = 6   # (in the month's outcome only) that "yes" was no real need
    EARLY_PITCH = 7    # product talk before the job was found: costs goodwill
    PITCH = 8          # product talk after the job was found: fine


@dataclass(frozen=True)
class Question:
    """One question of the scenario's bank."""

    id: str
    kind: QuestionKind
    text: Text                 # what the player reads: ``question.text.get(lang)``
    job: str | None = None     # leading/hypothetical: the job it suggests
    product: str | None = None  # product talk: the product talked about


@dataclass(frozen=True)
class Finding:
    """Something an answer taught the desk: a true ``need`` (with its intensity), a ``signal`` (a "yes" to a
    suggested job, noted as a need with a guessed intensity; whether it was true shows after the month) or a
    ``force`` of the switch (push, pull, anxiety, habit, with its strength)."""

    kind: str                  # "need", "signal" or "force"
    job: str | None
    force: str | None
    value: float


@dataclass(frozen=True)
class Answer:
    """The client's reply to one question."""

    question: Question
    text: Text | None          # the archetype's words; None: the catalogue's ``talk.answer.<key>``
    key: str                   # which answer it is: a question kind, or agree / vague / no_need / pitch / early_pitch
    verdict: Verdict
    over_length: bool          # asked past the natural length: it annoys
    findings: tuple[Finding, ...]

    def said(self, lang: str) -> str:
        """The client's words in ``lang``: the archetype's text, else the catalogue's ``talk.answer.<key>``."""
        if self.text is not None:
            return self.text.get(lang)
        return catalogue_text(lang, f"talk.answer.{self.key}")


@dataclass(frozen=True)
class ConversationOutcome:
    """What a recorded conversation did, as the month's report tells it (the after-call feedback)."""

    client: int
    touch: str
    archetype: str
    questions: tuple[str, ...]
    verdicts: tuple[Verdict, ...]     # per question; FALSE_SIGNAL where a "yes" was no real need
    over_length: tuple[bool, ...]     # per question
    needs: tuple[str, ...]            # true jobs revealed
    intensity: Mapping[str, float]    # job -> the intensity the desk learned (true needs and signals)
    false_signals: tuple[str, ...]    # jobs the client agreed to but does not need
    forces: Mapping[str, float]       # force -> strength learned
    trust: float                      # loyalty the talk itself moved (+ a good talk; - early pitch, too long)
    good: bool                        # found a true need; no early pitch, no leading question, within length


@dataclass(frozen=True)
class Conversation:
    """A conversation in progress; immutable: :meth:`ask` returns the next one. Opened by the desk."""

    client: int
    touch: str
    archetype: str
    asked: tuple[str, ...]
    answers: tuple[Answer, ...]
    menu: tuple[Question, ...]
    length: int
    _talker: Talker

    @property
    def tired(self) -> bool:
        """The next question is past the natural length: it will annoy and reveal less."""
        return len(self.asked) >= self.length

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What the desk learned so far, in the order it heard it."""
        return tuple(f for a in self.answers for f in a.findings)

    def name(self, lang: str) -> str:
        """The client's archetype's name in ``lang``."""
        return self._talker.archetype_name(self.archetype, lang)

    def ask(self, question_id: str) -> Conversation:
        """The conversation after asking ``question_id`` (it must be on the menu); PlanError otherwise."""
        if question_id not in {q.id for q in self.menu}:
            raise PlanError("conversation", f"in the conversation with client #{self.client}, question "
                                            f"`{question_id}` was not on the menu (question {len(self.asked) + 1})")
        return self._talker.conversation(self.client, self.touch, self.asked + (question_id,))

    def record(self) -> ConversationRecord:
        """What the month's plan holds for this conversation (ending it is recording it)."""
        return ConversationRecord(self.client, self.touch, self.asked)
