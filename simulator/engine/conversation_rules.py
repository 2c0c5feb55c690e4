"""The rules of a discovery conversation: what each question reveals, what it costs, what it changes.

Grounded in the practice literature the source notes lean on (jobs to be done, the "switch" interview):

* situation and past-specific questions (what happened, what they tried, what made it urgent, what held them
  back) uncover the client's real job with a chance per kind; once the job is known, each past question names
  one force of the switch (push, habit, pull, anxiety);
* leading and hypothetical questions ("would you buy...?") earn polite agreement: nothing learned, or a "yes"
  the desk notes as a need: a signal that is false when the client has no such need, and then the offer that
  follows is a misfit with its usual cost;
* product talk before the job is known costs goodwill; after it, it is fine;
* a conversation has a natural length: each question past it annoys and reveals half as often;
* a good conversation (a true need found, no early pitch, no leading question, within the length) raises trust.

Forces then move offers: an anxiety nobody surfaced makes every offer to the client convert less; what the desk
learned of the other forces makes offers on the job convert more. Every draw is counter-based, per (seed,
month, client, slot ``rng.TALK`` / ``rng.TALK_MENU`` + step): a conversation with one client never changes
another's luck, and the same questions give the same answers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.schema import Scenario, Text
from . import rng
from .conversation import (
    FORCES,
    MENU_SIZE,
    Answer,
    Conversation,
    ConversationOutcome,
    Finding,
    Question,
    QuestionKind,
    Verdict,
)
from .frozen import FrozenDict
from .plan import MAX_QUESTIONS, MonthPlan, PlanError
from .world import NEED_THRESHOLD, Catalog, ClientState

K = QuestionKind
REVEAL_CHANCE = {K.SITUATION: 0.6, K.HAPPENED: 0.8, K.TRIED: 0.5, K.PUSH: 0.7, K.HELD_BACK: 0.4}
FORCE_OF = {K.HAPPENED: "push", K.TRIED: "habit", K.PUSH: "pull", K.HELD_BACK: "anxiety"}
SIGNAL_CHANCE = {K.LEADING: 0.5, K.HYPOTHETICAL: 0.7}
SIGNAL_VALUE = 0.6          # the intensity the desk notes for a "yes" (it cannot tell a true one from a false one)
TIRED_SHARE = 0.5           # past the natural length a good question reveals this share as often
GUARDED_SHARE = 0.3         # after product talk too early the client is on guard: good questions reveal this share
GOOD_TALK = 0.05            # loyalty a good conversation adds (half when the client turned out to have no such job)
EARLY_PITCH_COST = 0.05     # loyalty product talk before the job is known costs ...
EARLY_PITCH_ANNOY = 1.0     # ... and the annoyance it leaves
TOO_LONG_COST = 0.01        # loyalty each question past the natural length costs ...
TOO_LONG_ANNOY = 0.5        # ... and its annoyance
ANXIETY_DRAG = 0.6          # an anxiety nobody surfaced: offers convert 1 - ANXIETY_DRAG x anxiety as well
INSIGHT_LIFT = 0.6          # offers on the job convert up to 1 + INSIGHT_LIFT as well with push, pull and habit known
FORCE_ROW = {f: i for i, f in enumerate(FORCES)}


@dataclass(frozen=True)
class ArchetypeCard:
    """One archetype as the rules use it."""

    id: str
    name: Text
    job: int                               # column of the job situation and past questions uncover
    forces: np.ndarray                     # 4: push, pull, anxiety, habit
    answers: dict[str, Text | None]        # answer key -> the archetype's words (None: the catalogue's)


@dataclass(frozen=True)
class TalkBook:
    """The scenario's conversations as the rules use them: the question bank and the archetypes."""

    length: int
    questions: tuple[Question, ...]
    index: dict[str, int]                 # question id -> position in ``questions``
    archetypes: tuple[ArchetypeCard, ...]
    job_ids: tuple[str, ...]
    touch_ok: np.ndarray                   # per touch type: it can carry a conversation (one-to-one, not win-back)

    def forces_of(self, archetype: np.ndarray) -> np.ndarray:
        """len(archetype) x 4: the forces on each client (0 for a client without an archetype)."""
        table = np.vstack([np.zeros(4)] + [a.forces for a in self.archetypes])
        return table[np.asarray(archetype) + 1]


def build_book(s: Scenario, cat: Catalog) -> TalkBook | None:
    """The scenario's conversations (None when it has none)."""
    conv = s.conversations
    if conv is None:
        return None
    jidx = {j: i for i, j in enumerate(cat.job_ids)}
    questions = tuple(Question(q.id, QuestionKind(q.kind), q.text, q.job, q.product) for q in conv.questions)
    archetypes = tuple(
        ArchetypeCard(a.id, a.name, jidx[a.job], np.array([getattr(a.forces, f) for f in FORCES], float),
                      {key: getattr(a.answers, key) for key in type(a.answers).model_fields})
        for a in conv.archetypes)
    return TalkBook(conv.length, questions, {q.id: i for i, q in enumerate(questions)}, archetypes, cat.job_ids,
                    (cat.touch_capacity == 1) & ~cat.touch_win_back)


@dataclass
class _Progress:
    """Where a conversation stands after some questions."""

    found: bool              # the job is known (before the talk, or found in it)
    found_here: bool
    guarded: bool            # product talk came before the job: the client answers as to a salesman
    forces: set[str]
    signals: set[int]        # jobs a "yes" was noted for
    answers: list[Answer]


class Talker:
    """Answers one month's conversations from the clients' truth (the desk holds one; nothing in it writes).

    ``need``: N x J true needs this month (events applied); ``known``: N x J what the desk knew as the month
    began (revealed or believed); ``archetype``: N; ``forces_known``: N x 4."""

    def __init__(self, book: TalkBook, need: np.ndarray, known: np.ndarray, archetype: np.ndarray,
                 forces_known: np.ndarray, active: np.ndarray, draws: rng.Draws, t: int):
        self._book, self._need, self._known, self._archetype = book, need, known, archetype
        self._forces_known, self._active, self._draws, self._t = forces_known, active, draws, t
        self._families = tuple(q.kind.family for q in book.questions)
        self._luck: dict[int, tuple[np.ndarray, np.ndarray]] = {}   # client -> (answer luck by step, menu keys)
        self._played: dict[tuple[int, tuple[str, ...]], _Progress] = {}
        self._talks: dict[tuple[int, str, tuple[str, ...]], Conversation] = {}

    def _draws_of(self, client: int) -> tuple[np.ndarray, np.ndarray]:
        """The client's draws for the month's conversation, drawn once: the luck of each step's answer
        (``rng.TALK`` + step) and each step's menu keys per question (``rng.TALK_MENU`` + 64 step + question)."""
        found = self._luck.get(client)
        if found is None:
            n_q = len(self._book.questions)
            steps = np.arange(MAX_QUESTIONS, dtype=np.int64)
            luck = self._draws.uniform(self._t, np.full(MAX_QUESTIONS, client, np.int64), rng.TALK + steps)
            slots = (rng.TALK_MENU + 64 * steps[:, None] + np.arange(n_q, dtype=np.int64)[None, :]).ravel()
            keys = self._draws.uniform(self._t, np.full(slots.size, client, np.int64), slots).reshape(MAX_QUESTIONS, n_q)
            found = self._luck[client] = (luck, keys)
        return found

    @property
    def book(self) -> TalkBook:
        """The scenario's conversations."""
        return self._book

    def archetype_name(self, archetype: str, lang: str) -> str:
        """An archetype's name in ``lang``."""
        return next(a.name.get(lang) for a in self._book.archetypes if a.id == archetype)

    def can_talk(self, client: int) -> bool:
        """The client has an archetype and has not left."""
        return 0 <= client < self._archetype.shape[0] and self._archetype[client] >= 0 and bool(self._active[client])

    def conversation(self, client: int, touch: str, asked: tuple[str, ...]) -> Conversation:
        """The conversation with ``client`` after ``asked`` (each a known question, none twice)."""
        key = (client, touch, asked)
        found = self._talks.get(key)
        if found is None:
            progress = self._play(client, asked)
            card = self._book.archetypes[int(self._archetype[client])]
            found = self._talks[key] = Conversation(
                client=client, touch=touch, archetype=card.id, asked=asked, answers=tuple(progress.answers),
                menu=self.menu(client, asked), length=self._book.length, _talker=self)
        return found

    def menu(self, client: int, asked: tuple[str, ...]) -> tuple[Question, ...]:
        """The next menu: one question of each family not asked yet (discovery, leading, pitch), filled up to
        MENU_SIZE, in an order drawn for this client, month and step (so its place never tells the family)."""
        if len(asked) >= MAX_QUESTIONS:
            return ()
        qs, families = self._book.questions, self._families
        left = np.array([i for i, q in enumerate(qs) if q.id not in asked], np.int64)
        if not left.size:
            return ()
        keys = self._draws_of(client)[1][len(asked), left]
        order = left[np.argsort(keys, kind="stable")].tolist()
        chosen: list[int] = []
        for family in ("discovery", "leading", "pitch"):
            first = next((i for i in order if families[i] == family), None)
            if first is not None:
                chosen.append(first)
        chosen += [i for i in order if i not in chosen][: max(0, MENU_SIZE - len(chosen))]
        rank = {i: r for r, i in enumerate(order)}
        return tuple(qs[i] for i in sorted(chosen[:MENU_SIZE], key=rank.__getitem__))

    def outcome(self, client: int, touch: str, asked: tuple[str, ...]) -> ConversationOutcome:
        """What the conversation did, with the truth told: signals that were no real need are FALSE_SIGNAL."""
        progress = self._play(client, asked)
        card = self._book.archetypes[int(self._archetype[client])]
        need = self._need[client]
        verdicts: list[Verdict] = []
        findings: list[Finding] = []
        for a in progress.answers:
            false = a.verdict == Verdict.SIGNAL and any(
                f.kind == "signal" and need[self._book.job_ids.index(f.job or "")] < NEED_THRESHOLD for f in a.findings)
            verdicts.append(Verdict.FALSE_SIGNAL if false else a.verdict)
            findings.extend(a.findings)
        needs = tuple(f.job for f in findings if f.kind == "need" and f.job)
        signals = [f.job for f in findings if f.kind == "signal" and f.job]
        false_signals = tuple(j for j in signals if need[self._book.job_ids.index(j)] < NEED_THRESHOLD)
        intensity = {f.job: f.value for f in findings if f.kind in ("need", "signal") and f.job}
        forces = {f.force: f.value for f in findings if f.kind == "force" and f.force}
        trust, good = talk_trust(progress)
        return ConversationOutcome(
            client=client, touch=touch, archetype=card.id, questions=asked, verdicts=tuple(verdicts),
            over_length=tuple(a.over_length for a in progress.answers), needs=needs,
            intensity=FrozenDict(intensity), false_signals=false_signals, forces=FrozenDict(forces), trust=trust,
            good=good)

    def _play(self, client: int, asked: tuple[str, ...]) -> _Progress:
        """The conversation after ``asked``, step by step (kept: asking on from here replays nothing)."""
        key = (client, asked)
        done = self._played.get(key)
        if done is not None:
            return done
        if asked:
            before = self._played.get((client, asked[:-1]))
            if before is not None:
                progress = _Progress(before.found, before.found_here, before.guarded, set(before.forces),
                                     set(before.signals), list(before.answers))
                step = len(asked) - 1
                question = self._book.questions[self._book.index[asked[-1]]]
                card = self._book.archetypes[int(self._archetype[client])]
                progress.answers.append(self._answer(card, client, question, step,
                                                     float(self._draws_of(client)[0][step]), progress))
                self._played[key] = progress
                return progress
        progress = self._replay(client, asked)
        self._played[key] = progress
        return progress

    def _replay(self, client: int, asked: tuple[str, ...]) -> _Progress:
        book = self._book
        card = book.archetypes[int(self._archetype[client])]
        job = card.job
        known_forces = {f for f, i in FORCE_ROW.items() if self._forces_known[client, i]}
        progress = _Progress(found=bool(self._known[client, job]), found_here=False, guarded=False, forces=known_forces,
                             signals=set(), answers=[])
        if not asked:
            return progress
        luck = self._draws_of(client)[0]
        for step, qid in enumerate(asked):
            question = book.questions[book.index[qid]]
            progress.answers.append(self._answer(card, client, question, step, float(luck[step]), progress))
        return progress

    def _answer(self, card: ArchetypeCard, client: int, q: Question, step: int, luck: float,
                progress: _Progress) -> Answer:
        over = step >= self._book.length
        need = float(self._need[client, card.job])
        kind = q.kind
        if kind.family == "discovery":
            if need <= 0.0:
                return self._said(card, q, "no_need", Verdict.NO_NEED, over, ())
            findings: list[Finding] = []
            if not progress.found:
                chance = REVEAL_CHANCE[kind] * (TIRED_SHARE if over else 1.0) * (GUARDED_SHARE if progress.guarded else 1.0)
                if luck < chance:
                    progress.found = progress.found_here = True
                    findings.append(Finding("need", self._book.job_ids[card.job], None, round(need, 4)))
                else:
                    return self._said(card, q, "vague", Verdict.VAGUE, over, ())
            force = FORCE_OF.get(kind)
            if force is not None and force not in progress.forces:
                progress.forces.add(force)
                findings.append(Finding("force", None, force, float(card.forces[FORCE_ROW[force]])))
            if not findings:
                return self._said(card, q, "vague", Verdict.VAGUE, over, ())
            verdict = Verdict.REVEALED if findings[0].kind == "need" else Verdict.FORCE
            return self._said(card, q, kind.value, verdict, over, tuple(findings))
        if kind.family == "leading":
            suggested = self._book.job_ids.index(q.job) if q.job else card.job
            already = bool(self._known[client, suggested]) or (suggested == card.job and progress.found) \
                or suggested in progress.signals
            if not already and luck < SIGNAL_CHANCE[kind]:
                progress.signals.add(suggested)
                found = Finding("signal", self._book.job_ids[suggested], None, SIGNAL_VALUE)
                return self._said(card, q, "agree", Verdict.SIGNAL, over, (found,))
            return self._said(card, q, "agree", Verdict.AGREED, over, ())
        if progress.found:
            return self._said(card, q, "pitch", Verdict.PITCH, over, ())
        progress.guarded = True
        return self._said(card, q, "early_pitch", Verdict.EARLY_PITCH, over, ())

    @staticmethod
    def _said(card: ArchetypeCard, q: Question, key: str, verdict: Verdict, over: bool,
              findings: tuple[Finding, ...]) -> Answer:
        return Answer(question=q, text=card.answers.get(key), key=key, verdict=verdict, over_length=over,
                      findings=findings)


def talk_trust(progress: _Progress) -> tuple[float, bool]:
    """(the loyalty the talk itself moves, whether it was a good one)."""
    answers = progress.answers
    early = sum(a.verdict == Verdict.EARLY_PITCH for a in answers)
    leading = any(a.question.kind.family == "leading" for a in answers)
    too_long = sum(a.over_length for a in answers)
    discovered = any(a.question.kind.family == "discovery" for a in answers)
    no_job = any(a.verdict == Verdict.NO_NEED for a in answers)
    good = discovered and (progress.found_here or no_job) and not early and not leading and not too_long
    gain = (GOOD_TALK if progress.found_here else GOOD_TALK / 2) if good else 0.0
    return round(gain - EARLY_PITCH_COST * early - TOO_LONG_COST * too_long, 6), good


def talk_annoyance(outcome: ConversationOutcome) -> float:
    """The annoyance a conversation leaves (early pitches, questions past the natural length)."""
    early = sum(v == Verdict.EARLY_PITCH for v in outcome.verdicts)
    return EARLY_PITCH_ANNOY * early + TOO_LONG_ANNOY * sum(outcome.over_length)


def offer_factor(book: TalkBook, st: ClientState, clients: np.ndarray, products: np.ndarray,
                 serves: np.ndarray) -> np.ndarray:
    """Per offer: how the switch's forces move its chance. An anxiety the desk never surfaced holds the client
    back; push, pull and habit known make an offer on the archetype's job land (1.0 for a client without one)."""
    arch = st.archetype[clients]
    forces = book.forces_of(arch)
    known = st.forces_known[clients]
    drag = 1.0 - ANXIETY_DRAG * forces[:, FORCE_ROW["anxiety"]] * ~known[:, FORCE_ROW["anxiety"]]
    insight = known[:, [FORCE_ROW["push"], FORCE_ROW["pull"], FORCE_ROW["habit"]]].mean(axis=1)
    jobs = np.array([a.job for a in book.archetypes] or [0], np.int64)[np.maximum(arch, 0)]
    on_job = serves[products, jobs] & (arch >= 0)
    return np.where(arch >= 0, drag * (1.0 + INSIGHT_LIFT * insight * on_job), 1.0)


def catalogue_key(answer: Answer) -> str:
    """The catalogue key of an answer the archetype did not write (``talk.answer.<key>``)."""
    return f"talk.answer.{answer.key}"



def check_menus(talker: Talker, plan: MonthPlan) -> None:
    """Each of ``plan``'s conversations asked only questions that were on its menu at each step; PlanError if not
    (a replay cannot ask what the desk was never offered)."""
    for record in plan.conversations:
        if not talker.can_talk(int(record.client)):
            raise PlanError("conversation", f"client #{record.client} has no conversation in this scenario")
        conv = talker.conversation(int(record.client), record.touch, ())
        for question in record.questions:
            conv = conv.ask(question)
