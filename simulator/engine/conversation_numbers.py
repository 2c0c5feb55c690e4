"""A game's discovery conversations in numbers: what the report and the debrief show (the engine counts, the
screens only display)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .conversation import Verdict
from .report import MonthReport
from .world import Catalog

LEADING = (Verdict.AGREED, Verdict.SIGNAL, Verdict.FALSE_SIGNAL)


@dataclass(frozen=True)
class ConversationNumbers:
    """Conversations held and what they brought, over the months given."""

    talks: int                 # conversations held
    good_talks: int            # found a true need (or that there is none) with no early pitch, leading question or overrun
    questions: int             # questions asked
    discovery_questions: int   # of them situation and past-specific questions
    leading_questions: int     # leading and hypothetical questions
    early_pitches: int         # product talk before the job was known
    false_signals: int         # "yes" answers that were no real need
    needs_by_talk: int         # clients whose true need a conversation found (client-months)
    needs_by_touch: int        # clients whose needs a touch revealed by chance (client-months)
    wins: int                  # sales: deals won and offers accepted
    wins_by_talk: int          # sales of a product serving a job a conversation had found for that client

    @property
    def revealed_share(self) -> float:
        """Share of the revealed needs that conversations found (0 when none were revealed)."""
        total = self.needs_by_talk + self.needs_by_touch
        return self.needs_by_talk / total if total else 0.0

    @property
    def wins_share(self) -> float:
        """Share of sales made on a need a conversation found (0 without sales)."""
        return self.wins_by_talk / self.wins if self.wins else 0.0

    def to_json(self) -> dict:
        """Plain JSON data (the shares included)."""
        data = dict(vars(self))
        data.update(revealed_share=self.revealed_share, wins_share=self.wins_share)
        return data


def conversation_numbers(cat: Catalog, reports: Sequence[MonthReport]) -> ConversationNumbers:
    """Count the conversations of ``reports`` (a game's months, in order) and the sales they led to."""
    jidx = {j: i for i, j in enumerate(cat.job_ids)}
    found: dict[int, np.ndarray] = {}   # client -> J bool: jobs a conversation found
    counts = dict(talks=0, good_talks=0, questions=0, discovery_questions=0, leading_questions=0, early_pitches=0,
                  false_signals=0, needs_by_talk=0, needs_by_touch=0, wins=0, wins_by_talk=0)
    for report in reports:
        for out in report.conversations:
            counts["talks"] += 1
            counts["good_talks"] += out.good
            counts["questions"] += len(out.questions)
            counts["leading_questions"] += sum(v in LEADING for v in out.verdicts)
            counts["early_pitches"] += sum(v == Verdict.EARLY_PITCH for v in out.verdicts)
            counts["discovery_questions"] += sum(v in (Verdict.REVEALED, Verdict.FORCE, Verdict.VAGUE, Verdict.NO_NEED)
                                                 for v in out.verdicts)
            counts["false_signals"] += len(out.false_signals)
            if out.needs:
                counts["needs_by_talk"] += 1
                row = found.setdefault(out.client, np.zeros(len(cat.job_ids), bool))
                row[[jidx[j] for j in out.needs]] = True
        counts["needs_by_touch"] += int(report.revealed.size)
        sold = [(report.deal_client[report.deals_won], report.deal_product[report.deals_won]),
                (report.offer_client[report.offers_accepted], report.offer_product[report.offers_accepted])]
        for clients, products in sold:
            counts["wins"] += int(clients.size)
            counts["wins_by_talk"] += sum(bool((found[c] & cat.serves[p]).any())
                                          for c, p in zip(clients.tolist(), products.tolist()) if c in found)
    return ConversationNumbers(**counts)

