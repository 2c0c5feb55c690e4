"""Conversation policies: how a bot talks on its calls and visits (scenarios with a `conversations:` section).

A policy takes an opened conversation and asks questions from its menu, reading only what a person reads: the
menu, the answers and what they taught (never the client's truth). The reference desks (``balanced``,
``by_the_desk``) use :func:`good_talk`: the client's situation and what happened (the switch timeline) until the
job shows, then the forces (what held them back first), never a leading question, never past the natural
length, no product talk (the offer follows the job). :func:`pitchy_talk` is the salesman's habit: the product
first, then "would you buy?". The probes use the others.

:func:`hold_talks` puts a policy to work on a month's touches: a conversation on every one-to-one touch to a
client who can talk, and, with a discovery policy, calls (with hours to spare) to clients whose needs the desk
has not learned yet. It returns the records and the desk as it knows the clients after them, from which the
month's offers are chosen.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..engine import Conversation, ConversationRecord, QuestionKind, SellerDesk, TouchBatch, Verdict

Policy = Callable[[Conversation], Conversation]
K = QuestionKind

SEEK_JOB = (K.HAPPENED, K.PUSH, K.SITUATION, K.TRIED, K.HELD_BACK)   # before the job shows: the likeliest first
SEEK_FORCES = (K.HELD_BACK, K.TRIED, K.PUSH, K.HAPPENED)             # after: the anxiety first (it blocks offers)
FORCE_OF = {K.HAPPENED: "push", K.TRIED: "habit", K.PUSH: "pull", K.HELD_BACK: "anxiety"}


def _first(conv: Conversation, kinds: Sequence[QuestionKind]) -> str | None:
    """The menu's question of the first of ``kinds`` that is on it."""
    for kind in kinds:
        for q in conv.menu:
            if q.kind == kind:
                return q.id
    return None


def _job_known(conv: Conversation) -> bool:
    """The answers show the job: found here, already known (a force named without it), or none to find."""
    return any(a.verdict in (Verdict.REVEALED, Verdict.FORCE, Verdict.NO_NEED) for a in conv.answers)


def good_talk(conv: Conversation) -> Conversation:
    """Situation and past questions until the job shows, then the forces not named yet; stop at the natural
    length, at "we're fine", or when the menu has nothing useful."""
    while conv.menu and not conv.tired:
        if any(a.verdict == Verdict.NO_NEED for a in conv.answers):
            break
        if not _job_known(conv):
            pick = _first(conv, SEEK_JOB)
        else:
            named = {f.force for f in conv.findings if f.kind == "force"}
            pick = _first(conv, [k for k in SEEK_FORCES if FORCE_OF[k] not in named])
        if pick is None:
            break
        conv = conv.ask(pick)
    return conv


def pitchy_talk(conv: Conversation) -> Conversation:
    """The product first, then "would you buy?" and "surely you need...", a question or two past the length."""
    while conv.menu and len(conv.asked) < conv.length + 2:
        pick = _first(conv, (K.PRODUCT, K.HYPOTHETICAL, K.LEADING)) or conv.menu[0].id
        conv = conv.ask(pick)
    return conv


def would_you_buy(conv: Conversation) -> Conversation:
    """Only leading and hypothetical questions, up to the natural length."""
    while conv.menu and not conv.tired:
        pick = _first(conv, (K.HYPOTHETICAL, K.LEADING))
        if pick is None:
            break
        conv = conv.ask(pick)
    return conv


def pitch_first(conv: Conversation) -> Conversation:
    """Product talk to open, then the good questions."""
    pick = _first(conv, (K.PRODUCT,))
    return good_talk(conv.ask(pick) if pick else conv)


def ask_everything(conv: Conversation) -> Conversation:
    """Every question the menu offers, in its order, until it runs out (far past the natural length)."""
    while conv.menu:
        conv = conv.ask(conv.menu[0].id)
    return conv


def no_questions(conv: Conversation) -> Conversation:
    """No conversation at all: the calls as they were before conversations (a yardstick, not a practice)."""
    return conv


def hold_talks(desk: SellerDesk, batches: Sequence[TouchBatch], policy: Policy
               ) -> tuple[tuple[ConversationRecord, ...], SellerDesk]:
    """A conversation by ``policy`` on the first one-to-one touch of each client who can talk; returns the records
    and the desk after them (``desk`` itself when the scenario has no conversations)."""
    kinds = desk.conversation_touches()
    if not kinds:
        return (), desk
    talkative = desk.talkative()
    records: list[ConversationRecord] = []
    seen: set[int] = set()
    for batch in batches:
        if batch.kind not in kinds:
            continue
        for c in batch.clients.tolist():
            if c in seen or not talkative[c]:
                continue
            seen.add(c)
            conv = policy(desk.open_conversation(c, batch.kind))
            if conv.asked:
                records.append(conv.record())
    return tuple(records), desk.with_conversations(records)


def discovery_targets(desk: SellerDesk, touched: np.ndarray) -> np.ndarray:
    """Clients worth a discovery call: they can talk, the desk has needs of theirs still to learn, and nothing
    reaches them this month yet; the biggest budgets first."""
    if not desk.conversation_touches():
        return np.zeros(0, np.int64)
    view = desk.view
    left = np.array([view.hidden_needs(c) for c in range(desk.n_clients)])
    who = np.flatnonzero(desk.talkative() & (left > 0) & ~touched)
    return who[np.argsort(-np.asarray(view.budget)[who], kind="stable")]
