"""The world a game starts from: the scenario's catalogue as arrays, and the clients.

Clients are rows of numpy arrays (one row a client), built from the
scenario's named clients followed by its generated segments. Generation uses
one numpy Generator seeded from the game seed, so every player of the same
scenario and seed gets the same clients.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

import numpy as np

from ..locale.languages import fallback_order, ordered
from ..scenario.schema import Scenario
from .frozen import FrozenDict

NEVER = -(10**6)  # "last bought" month of a product never bought
NEED_THRESHOLD = 0.3  # need intensity from which a product or event is relevant to a client


@dataclass(frozen=True)
class Catalog:
    """The scenario's products, jobs, touch types and events as index maps and arrays."""

    product_ids: tuple[str, ...]
    job_ids: tuple[str, ...]
    touch_ids: tuple[str, ...]
    event_ids: tuple[str, ...]
    segment_ids: tuple[str, ...]
    cost: np.ndarray            # P
    serve_cost: np.ndarray      # P cost to serve one sale (net profit only)
    market_price: np.ndarray    # P
    cycle: np.ndarray           # P, 0 = one-off
    core: np.ndarray            # P bool
    markup_min: np.ndarray
    markup_max: np.ndarray
    markup_start: np.ndarray
    fixed: np.ndarray           # P bool
    serves: np.ndarray          # P x J bool
    requires: np.ndarray        # P x P bool (row needs column)
    touch_hours: np.ndarray
    touch_cost: np.ndarray
    touch_capacity: np.ndarray
    touch_recall: np.ndarray
    touch_loyalty: np.ndarray
    touch_reveal: np.ndarray
    touch_useful: np.ndarray
    touch_win_back: np.ndarray
    event_start: np.ndarray     # 0-based month
    event_end: np.ndarray       # exclusive
    event_price: np.ndarray     # E x P factors
    event_cost: np.ndarray      # E x P factors
    event_needs: np.ndarray     # E x J added intensity
    event_concerns: np.ndarray  # E x J bool
    segment_needs: np.ndarray   # G x J x 2: the need range (low, high) each segment's profile declares (0, 0: none)

    @classmethod
    def build(cls, s: Scenario) -> Catalog:
        """Index the scenario."""
        pids = tuple(p.id for p in s.products)
        jids = tuple(j.id for j in s.jobs)
        pidx = {p: i for i, p in enumerate(pids)}
        jidx = {j: i for i, j in enumerate(jids)}
        P, J, E = len(pids), len(jids), len(s.events)
        serves = np.zeros((P, J), bool)
        requires = np.zeros((P, P), bool)
        for i, p in enumerate(s.products):
            for j in p.jobs:
                serves[i, jidx[j]] = True
            for r in p.requires:
                requires[i, pidx[r]] = True
        price, cost = np.ones((E, P)), np.ones((E, P))
        needs, concerns = np.zeros((E, J)), np.zeros((E, J), bool)
        for e, ev in enumerate(s.events):
            for k, v in ev.market_price.items():
                price[e, pidx[k]] = v
            for k, v in ev.cost.items():
                cost[e, pidx[k]] = v
            for k, v in ev.needs.items():
                needs[e, jidx[k]] = v
            for k in ev.concerns:
                concerns[e, jidx[k]] = True
        segment_needs = np.zeros((len(s.segments), J, 2))
        for g, seg in enumerate(s.segments):
            for k, (low, high) in seg.needs.items():
                segment_needs[g, jidx[k]] = (low, high)
        tt = s.touch_types
        return cls(
            product_ids=pids, job_ids=jids, touch_ids=tuple(t.id for t in tt),
            event_ids=tuple(e.id for e in s.events), segment_ids=tuple(g.id for g in s.segments),
            cost=np.array([p.cost for p in s.products], float),
            serve_cost=np.array([p.serve_cost for p in s.products], float),
            market_price=np.array([p.market_price for p in s.products], float),
            cycle=np.array([p.cycle_months or 0 for p in s.products], np.int64),
            core=np.array([p.core for p in s.products], bool),
            markup_min=np.array([p.markup.min for p in s.products], float),
            markup_max=np.array([p.markup.max for p in s.products], float),
            markup_start=np.array([p.markup.start for p in s.products], float),
            fixed=np.array([p.markup.fixed for p in s.products], bool),
            serves=serves, requires=requires,
            touch_hours=np.array([t.hours for t in tt], float),
            touch_cost=np.array([t.cost for t in tt], float),
            touch_capacity=np.array([t.capacity for t in tt], np.int64),
            touch_recall=np.array([t.recall for t in tt], float),
            touch_loyalty=np.array([t.loyalty for t in tt], float),
            touch_reveal=np.array([t.reveal for t in tt], float),
            touch_useful=np.array([t.useful for t in tt], bool),
            touch_win_back=np.array([t.win_back for t in tt], bool),
            event_start=np.array([e.month - 1 for e in s.events], np.int64),
            event_end=np.array([e.month - 1 + e.duration for e in s.events], np.int64),
            event_price=price, event_cost=cost, event_needs=needs, event_concerns=concerns,
            segment_needs=segment_needs,
        )

    def active_events(self, month: int) -> np.ndarray:
        """Boolean mask of events running in 0-based ``month``."""
        return (self.event_start <= month) & (month < self.event_end)


def job_intensity(need: np.ndarray, serves: np.ndarray) -> np.ndarray:
    """N x P: how strongly each client needs each product, by the strongest job it serves."""
    if serves.dtype == bool:
        # A product either serves a job or not: the intensity is the strongest served need (need * True is
        # need, need * False adds nothing). Built product by product over long rows, then laid out N x P.
        rows = np.zeros((serves.shape[0], need.shape[0]))
        for p in range(serves.shape[0]):
            for j in np.flatnonzero(serves[p]):
                np.maximum(rows[p], need[:, j], out=rows[p])
        return np.ascontiguousarray(rows.T)
    intensity = np.zeros((need.shape[0], serves.shape[0]))
    scratch = np.empty_like(intensity)
    for job in range(serves.shape[1]):  # a handful of jobs: a loop over them beats an N x P x J temporary
        np.multiply(need[:, job, None], serves[None, :, job], out=scratch)
        np.maximum(intensity, scratch, out=intensity)
    return intensity



def client_archetypes(s: Scenario, client_ids: Sequence[str], segment: np.ndarray, segment_ids: Sequence[str]) -> np.ndarray:
    """N: each client's archetype (its index in ``conversations.archetypes``; -1 for none). A named client listed
    by an archetype is that one's; the others take their segment's."""
    out = np.full(len(client_ids), -1, np.int64)
    if s.conversations is None:
        return out
    sidx = {g: i for i, g in enumerate(segment_ids)}
    rows = {cid: i for i, cid in enumerate(client_ids)}
    for a, arch in enumerate(s.conversations.archetypes):
        for g in arch.segments:
            out[(segment == sidx[g]) & (out < 0)] = a
    for a, arch in enumerate(s.conversations.archetypes):
        for cid in arch.clients:
            out[rows[cid]] = a
    return out


def prerequisites_met(owned: np.ndarray, requires: np.ndarray) -> np.ndarray:
    """N x P: whether each client owns every product each product requires."""
    ok = np.ones(owned.shape, bool)
    for p in np.flatnonzero(requires.any(axis=1)):
        owns_all = ok[:, p]
        for q in np.flatnonzero(requires[p]):  # a column at a time: .all(axis=1) over rows a few wide is slow
            owns_all &= owned[:, q]
    return ok


def pair_index(grid: np.ndarray, clients: np.ndarray, products: np.ndarray | int) -> np.ndarray:
    """Where the (client, product) pairs lie in an N x P grid read row by row (``grid.reshape(-1)``): with it
    :func:`at_pairs` and :func:`set_pairs` read and write ``grid[clients, products]`` several times quicker than
    numpy's indexing by two arrays, and one index serves every grid of the same shape."""
    return clients * grid.shape[1] + products


def at_pairs(grid: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``grid[clients, products]`` for the pairs at ``index`` (:func:`pair_index`)."""
    return grid.reshape(-1)[index]


def set_pairs(grid: np.ndarray, index: np.ndarray, values: np.ndarray | float | bool) -> None:
    """``grid[clients, products] = values`` for the pairs at ``index`` (:func:`pair_index`), in place."""
    if grid.flags.c_contiguous:
        grid.reshape(-1)[index] = values   # a view: writes go to the grid
    else:
        grid[np.divmod(index, grid.shape[1])] = values


@dataclass
class ClientState:
    """Mutable per-client state, one row a client. Only the engine writes it."""

    loyalty: np.ndarray         # N, 0..1
    recall: np.ndarray          # N, 0..1
    price_sensitivity: np.ndarray
    budget: np.ndarray
    active: np.ndarray          # N bool
    need: np.ndarray            # N x J base intensity
    revealed: np.ndarray        # N x J bool
    last_buy: np.ndarray        # N x P month of the last purchase from anyone (NEVER if none)
    ours: np.ndarray            # N x P bool: that purchase was from us
    last_contact: np.ndarray    # N month of the last contact (touch or deal with us)
    annoyance: np.ndarray       # N decaying count of annoying contacts (no reason, over the limit, misfit offers)
    contact_load: np.ndarray    # N decaying count of every touch: the client's memory of recent contact
    service_memory: np.ndarray  # N decaying count of group events (webinars, seminars) the client attended
    reminded: np.ndarray        # N x P month of the last renewal reminder credited (NEVER if none)
    reminded_personally: np.ndarray  # N x P month of the last one-to-one renewal reminder (NEVER if none)
    pitched_price: np.ndarray   # N x P price at the last credited pitch of the product (0 if never)
    pitched_need: np.ndarray    # N x P need for the product at that pitch
    pitched_at: np.ndarray      # N x P month of that pitch (NEVER if none): a touch's topic or an offer
    misfits: np.ndarray         # N x P offers made without a need for the product
    told: np.ndarray            # N x E bool: the client has heard the news of this event
    purchases: np.ndarray       # N purchases from us during the game
    segment: np.ndarray         # N segment index, -1 for none
    intensity: np.ndarray       # N x P need for each product by the jobs it serves (derived from ``need``)
    archetype: np.ndarray       # N conversation archetype (index in the scenario's archetypes), -1 for none
    believed: np.ndarray        # N x J a need the desk noted from a "yes" to a leading question (0: none)
    forces_known: np.ndarray    # N x 4 bool: push, pull, anxiety, habit a conversation named

    def copy(self) -> ClientState:
        """A deep copy (arrays copied)."""
        return ClientState(**{f.name: getattr(self, f.name).copy() for f in fields(self)})


@dataclass(frozen=True)
class ClientDirectory:
    """Who the clients are: ids, and names and stories keyed by language code (every language the scenario's
    texts or the generated names are written in)."""

    ids: tuple[str, ...]
    names: Mapping[str, tuple[str, ...]] = field(hash=False)    # read-only (a FrozenDict): bots reach it
    stories: Mapping[str, tuple[str, ...]] = field(hash=False)
    named: int  # the first ``named`` rows are the scenario's hand-written clients

    def names_in(self, lang: str) -> tuple[str, ...]:
        """Every client's name for a reader of ``lang`` (by the fallback rule: English, then any)."""
        return self.names[fallback_order(lang, self.names)[0]]

    def stories_in(self, lang: str) -> tuple[str, ...]:
        """Every client's story ('' for none) for a reader of ``lang``."""
        return self.stories[fallback_order(lang, self.stories)[0]]

    def name(self, index: int, lang: str = "en") -> str:
        """Client name in a language."""
        return self.names_in(lang)[index]


@dataclass(frozen=True)
class NameWords:
    """The words generated client names are made of in one language, and how a name is put together."""

    parts: tuple[str, ...]   # 24, one per name in turn
    tails: tuple[str, ...]   # 14
    forms: tuple[str, ...]   # 3 legal forms
    pattern: str             # '{form}', '{part}', '{tail}' and '{suffix}' ('-2' from the second round on)


# Generated names per language code; a language without its own words gets English's (the fallback rule).
NAME_WORDS = {
    "ru": NameWords(
        parts=("Альфа", "Вектор", "Гранит", "Дельта", "Заря", "Исток", "Кедр", "Лидер", "Меридиан", "Нива", "Орион",
               "Полюс", "Радуга", "Сигма", "Темп", "Урал", "Факел", "Север", "Эталон", "Янтарь", "Волга", "Бриз",
               "Сокол", "Ладога"),
        tails=("Строй", "Трейд", "Пром", "Сервис", "Агро", "Тех", "Мебель", "Фуд", "Логистик", "Текстиль", "Маркет",
               "Групп", "Снаб", "Дом"),
        forms=("ООО", "ИП", "АО"), pattern="{form} «{part}-{tail}{suffix}»"),
    "en": NameWords(
        parts=("Alfa", "Vektor", "Granit", "Delta", "Zarya", "Istok", "Kedr", "Lider", "Meridian", "Niva", "Orion",
               "Polyus", "Raduga", "Sigma", "Tempo", "Ural", "Fakel", "Sever", "Etalon", "Yantar", "Volga", "Briz",
               "Sokol", "Ladoga"),
        tails=("Stroy", "Trade", "Prom", "Service", "Agro", "Tech", "Furniture", "Food", "Logistics", "Textile",
               "Market", "Group", "Supply", "Home"),
        forms=("LLC", "Sole trader", "JSC"), pattern="{part}-{tail}{suffix} {form}"),
}


def _generated_name(k: int, words: NameWords) -> str:
    part, tail = words.parts[k % len(words.parts)], words.tails[(k // len(words.parts)) % len(words.tails)]
    form = words.forms[(k // 7) % len(words.forms)]
    n = k // (len(words.parts) * len(words.tails))
    return words.pattern.format(form=form, part=part, tail=tail, suffix=f"-{n + 1}" if n else "")


def build_clients(s: Scenario, catalog: Catalog, seed: int) -> tuple[ClientState, ClientDirectory]:
    """Named clients first, then each segment's generated clients."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed & 0xFFFFFFFF, seed >> 32 & 0xFFFFFFFF, 17])))
    N = s.client_count()
    J, P = len(catalog.job_ids), len(catalog.product_ids)
    jidx = {j: i for i, j in enumerate(catalog.job_ids)}
    pidx = {p: i for i, p in enumerate(catalog.product_ids)}
    sidx = {g: i for i, g in enumerate(catalog.segment_ids)}
    st = ClientState(
        loyalty=np.zeros(N), recall=np.zeros(N), price_sensitivity=np.zeros(N), budget=np.zeros(N),
        active=np.ones(N, bool), need=np.zeros((N, J)), revealed=np.zeros((N, J), bool),
        last_buy=np.full((N, P), NEVER, np.int64), ours=np.zeros((N, P), bool),
        last_contact=np.full(N, -1, np.int64), annoyance=np.zeros(N), contact_load=np.zeros(N),
        service_memory=np.zeros(N),
        reminded=np.full((N, P), NEVER, np.int64), reminded_personally=np.full((N, P), NEVER, np.int64),
        pitched_price=np.zeros((N, P)), pitched_need=np.zeros((N, P)),
        pitched_at=np.full((N, P), NEVER, np.int64), misfits=np.zeros((N, P)),
        told=np.zeros((N, len(catalog.event_ids)), bool), purchases=np.zeros(N, np.int64),
        segment=np.full(N, -1, np.int64), intensity=np.zeros((N, P)),
        archetype=np.full(N, -1, np.int64), believed=np.zeros((N, J)), forces_known=np.zeros((N, 4), bool),
    )
    langs = ordered({*NAME_WORDS, *(code for c in s.clients for t in (c.name, c.story) if t for code in t.languages)})
    ids: list[str] = []
    names: dict[str, list[str]] = {lang: [] for lang in langs}
    stories: dict[str, list[str]] = {lang: [] for lang in langs}
    for i, c in enumerate(s.clients):
        st.loyalty[i], st.recall[i] = c.loyalty, c.recall
        st.price_sensitivity[i], st.budget[i] = c.price_sensitivity, c.budget
        st.segment[i] = sidx.get(c.segment, -1) if c.segment else -1
        for job, value in c.needs.items():
            st.need[i, jidx[job]] = value
            st.revealed[i, jidx[job]] = job not in c.hidden
        for product, months in c.owns.items():
            st.last_buy[i, pidx[product]] = -1 - months
            st.ours[i, pidx[product]] = True
        st.last_contact[i] = -1 - int(rng.integers(0, 4))
        ids.append(c.id)
        for lang in langs:   # a text given in one language shows in that one
            names[lang].append(c.name.get(lang))
            stories[lang].append(c.story.get(lang) if c.story else "")
    row, generated = len(s.clients), 0
    for g in s.segments:
        n = g.count
        if n == 0:
            continue
        rows = slice(row, row + n)
        st.loyalty[rows] = rng.uniform(*g.loyalty, n)
        st.recall[rows] = rng.uniform(*g.recall, n)
        st.price_sensitivity[rows] = rng.uniform(*g.price_sensitivity, n)
        st.budget[rows] = rng.uniform(*g.budget, n).round(-2)
        st.segment[rows] = sidx[g.id]
        # Jobs and products in the catalogue's order, not the file's: a scenario's content (and its hash) does not
        # depend on the order keys are written in, so neither may its clients.
        for job in sorted(g.needs, key=jidx.__getitem__):
            low, high = g.needs[job]
            j = jidx[job]
            st.need[rows, j] = rng.uniform(low, high, n)
            st.revealed[rows, j] = rng.random(n) >= g.hidden
        for product in sorted(g.owns, key=pidx.__getitem__):
            low, high = g.owns[product]
            p = pidx[product]
            held = rng.integers(int(low), int(high) + 1, n)
            st.last_buy[rows, p] = -1 - held
            st.ours[rows, p] = True
        st.last_contact[rows] = -1 - rng.integers(0, 4, n)
        ids.extend(f"{g.id}-{k + 1:04d}" for k in range(n))
        for lang in langs:
            words = NAME_WORDS[fallback_order(lang, NAME_WORDS)[0]]
            names[lang].extend(_generated_name(generated + k, words) for k in range(n))
            stories[lang].extend([""] * n)
        row += n
        generated += n
    st.revealed &= st.need > 0
    st.intensity = job_intensity(st.need, catalog.serves)
    st.archetype = client_archetypes(s, ids, st.segment, catalog.segment_ids)
    directory = ClientDirectory(tuple(ids), FrozenDict({lang: tuple(v) for lang, v in names.items()}),
                                FrozenDict({lang: tuple(v) for lang, v in stories.items()}), len(s.clients))
    return st, directory
