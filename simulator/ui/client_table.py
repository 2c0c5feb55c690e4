"""The desk's client list as numpy arrays: filters, search and sort computed once per change, never per frame.

:class:`ClientTable` keeps the index of the rows to show (filtered and
sorted). It is recomputed only when a filter, the sort, the search text, the
month or (for plan-dependent views) the draft changes; drawing a frame reads
only the visible rows.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..store.saves import GameSession

NO_DUE = 10**6
SIGNALS = ("lost", "at_risk", "renewal_due", "forgetting", "need_known")  # most urgent first


@dataclass(frozen=True)
class Filters:
    """What the player narrowed the list to."""

    search: str = ""
    renewal_due: bool = False     # a cycle product is in its renewal window (the engine's rule)
    quiet_months: int = 0         # no contact for at least this many months (0: off)
    need_known: bool = False      # a revealed need
    at_risk: bool = False         # may leave this month (the engine's rule)
    segment: int = -2             # -2 all, -1 without a segment, else segment index
    status: str = "active"        # 'active', 'lost' or 'all'
    unplanned: bool = False       # nothing planned this month yet
    only: int = 0                 # > 0: only the clients of an agenda item (ClientTable.show_only; a version)


class ClientTable:
    """Filtered and sorted rows of the client list, cached."""

    def __init__(self, session: GameSession, lang: str):
        self.session = session
        self.filters = Filters()
        self.sort_by = "silence"
        self.descending = True
        self._lang = ""
        self._month = -1
        self._key: tuple | None = None
        self._index = np.zeros(0, np.int64)
        self._only = np.zeros(0, np.int64)
        self._only_version = 0
        self.set_language(lang)
        self.refresh_month()

    # --- data ---------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Names (and their sort order) in ``lang``."""
        if lang == self._lang:
            return
        self._lang = lang
        d = self.session.game.clients
        names = d.names_in(lang)
        self.names = names
        self._lower = np.array([n.casefold() for n in names]) if names else np.zeros(0, "U1")
        rank = np.empty(len(names), np.int64)
        rank[np.argsort(self._lower, kind="stable")] = np.arange(len(names))
        self._name_rank = rank
        self._key = None

    def refresh_month(self) -> None:
        """Re-read the client state after a month was played."""
        game = self.session.game
        view = game.view
        self._month = game.month
        self.loyalty = np.asarray(view.loyalty)
        self.recall = np.asarray(view.recall)
        self.active = np.asarray(view.active)
        self.segment = np.asarray(view.segment)
        self.silence = np.asarray(view.silence)
        due_in = np.asarray(view.due_in)
        cyc = (view.cycle > 0)[None, :]
        due = np.where(cyc & (due_in < NO_DUE), due_in, NO_DUE)
        self.due = due.min(axis=1) if due.shape[1] else np.full(game.n_clients, NO_DUE)
        # The row signals and the filters on them are the engine's rules (Game.client_signals), never the UI's.
        signals = game.client_signals()
        self.signals = {name: np.asarray(getattr(signals, name)) for name in SIGNALS}
        self.need_known = self.signals["need_known"]
        self.risk = self.signals["at_risk"]
        self.renewal_due = self.signals["renewal_due"]
        # Sorting by the signals column puts the most urgent first: lost, at risk, renewal, forgetting, need.
        self.urgency = sum(self.signals[name].astype(np.int64) << (len(SIGNALS) - 1 - k)
                           for k, name in enumerate(SIGNALS))
        self._key = None

    # --- view ---------------------------------------------------------------
    def set_filters(self, **changes) -> None:
        """Change some filters."""
        self.filters = replace(self.filters, **changes)

    def show_only(self, clients) -> None:
        """Show only ``clients`` (an agenda item's), the other filters still applying; None: every client again."""
        if clients is None:
            self.filters = replace(self.filters, only=0)
            return
        self._only = np.asarray(clients, dtype=np.int64)
        self._only_version += 1
        self.filters = replace(self.filters, only=self._only_version)

    def set_sort(self, column: str) -> None:
        """Sort by ``column``; the same column again flips the direction."""
        if column == self.sort_by:
            self.descending = not self.descending
        else:
            self.sort_by, self.descending = column, column in ("silence", "plan", "signals")

    def mask(self) -> np.ndarray:
        """Rows passing the filters."""
        f = self.filters
        n = self.loyalty.shape[0]
        m = np.ones(n, bool)
        if f.status == "active":
            m &= self.active
        elif f.status == "lost":
            m &= ~self.active
        if f.renewal_due:
            m &= self.renewal_due
        if f.quiet_months > 0:
            m &= self.silence >= f.quiet_months
        if f.need_known:
            m &= self.need_known
        if f.at_risk:
            m &= self.risk
        if f.segment >= -1:
            m &= self.segment == f.segment
        if f.unplanned:
            m &= self.session.draft.planned_count() == 0
        if f.only:
            only = np.zeros(n, bool)
            only[self._only] = True
            m &= only
        query = f.search.strip().casefold()
        if query and n:
            m &= np.char.find(self._lower, query) >= 0
        return m

    def _sort_values(self) -> np.ndarray:
        return {
            "name": self._name_rank, "segment": self.segment, "loyalty": self.loyalty, "recall": self.recall,
            "silence": self.silence, "due": self.due, "signals": self.urgency,
        }.get(self.sort_by) if self.sort_by != "plan" else self.session.draft.planned_count()  # type: ignore[return-value]

    @property
    def index(self) -> np.ndarray:
        """Client numbers to show, in order."""
        plan_dep = self.filters.unplanned or self.sort_by == "plan"
        key = (self.filters, self.sort_by, self.descending, self._month, self._lang,
               self.session.draft.version if plan_dep else -1, id(self.session.draft))
        if key != self._key:
            rows = np.flatnonzero(self.mask())
            values = self._sort_values()[rows]
            # Ties go by name; with the renewal filter on, the renewal due soonest first (then the name).
            ties = (self._name_rank[rows], self.due[rows]) if self.filters.renewal_due else (self._name_rank[rows],)
            order = np.lexsort((*ties, -values if self.descending else values))
            self._index = rows[order]
            self._key = key
        return self._index
