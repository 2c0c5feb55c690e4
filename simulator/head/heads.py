"""Reference heads and probes: bots that play the head's game through its public API.

Every head pays for the same monthly budget: salary and bonus rate are set so
that a seller on an average book is expected to earn what the team expects
(:meth:`HeadGame.pay_outlook`). They differ in what they pay on and in the
rules and team they build, which is the lesson: the sellers respond.

* ``aligned``: the notes' head. Floor from the cost structure, ceiling where the
  market's tolerance ends; gross-profit pay with the floor as the bonus
  threshold when sellers set markups, invoice pay when prices come from a price
  list; interviews with questions from different areas, hires for flexibility
  and empathy, promises honestly what the scheme pays; a team event with a
  purpose when morale sags; looks at every seller's pay each month and sets his
  rate to keep what he promised on the books he holds (over the last three
  months, and at once when his books change).
* ``misaligned``: pays for volume where sellers set the markup (invoice), and on
  gross profit where they cannot (a price list); leaves the band as the company
  allows; hires the cheapest candidate without an interview.
* ``opaque``: pays on net profit; otherwise as ``aligned``.

``nothing`` decides nothing at all (skill's zero): the row every head must beat.

Probes (what a clever, lazy head might try): ``no_floor``, ``no_ceiling``,
``max_salary`` (no bonus, a salary at the top of the expectations) and
``no_hiring``; and the practices the notes call bad, each of which must lose
to ``aligned`` by more than the seed spread: ``short_pay`` (pays 60% of every
promise), ``max_salary`` (a salary without a bonus where the seller controls
the result), ``no_interview`` (hires by the CV), ``cheapest_hire`` (hires on
price alone), ``scheme_churn`` (changes what the team is paid on every month),
``aimless_party`` (a team event without a purpose every other month).
``monthly_review`` follows the course another way (re-checks every seller's
rate each month on the month before alone): it may not lose to ``aligned`` by
more than the spread.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..locale.catalogue import text
from ..scenario.schema import Accelerator, PayScheme, Scenario
from . import interview as iv
from .decisions import Band, HeadDecision, Hire
from .game import HeadGame

SALARY_SHARE = 0.5         # share of the expected pay a scheme pays as salary
RETUNE_EVERY = 3           # months between the heads' reviews of the bonus rate against what sellers earned
REVIEW_EVERY = 1           # the aligned head looks at every seller's pay each month (rates over RETUNE_EVERY months)
SHORT_PAY = 0.6            # share of the promises the short_pay probe pays
PARTY_EVERY = 2            # months between the aimless_party probe's team events
MORALE_EVENT = 0.7         # team morale under which the aligned head calls a team event
ASK = ("career_path", "hard_client", "pay_expectations")   # questions from three areas


@dataclass(frozen=True)
class Head:
    """A bot that makes the head's decisions from what the head can see of a game."""

    name: str
    decide: Callable[[HeadGame], None]   # makes the month's decisions through ``game.decide``

    def summary(self, lang: str = "en") -> str:
        """One-line description in a language: the catalogues' ``head_bot_summary.<name>``."""
        return text(lang, f"head_bot_summary.{self.name}")


def play_head(scenario: Scenario, seed: int, head: Head) -> HeadGame:
    """Play every month of a head scenario with ``head``; returns the finished game."""
    game = HeadGame(scenario, seed)
    while not game.finished:
        if game.decision_month:
            head.decide(game)
        game.play_month()
    return game


def free_markups(game: HeadGame) -> bool:
    """Whether sellers set any markup themselves (else they sell from a price list)."""
    return any(not p.markup.fixed for p in game.scenario.products)


def _expected_pay(game: HeadGame) -> float:
    people = game.team_members() or game.candidates()
    return float(np.mean([s.expectation for s in people]))


def scheme_for(game: HeadGame, base: str, threshold: float | None = None, salary_share: float = SALARY_SHARE
               ) -> PayScheme:
    """A scheme on ``base`` whose pay on an average book meets the team's expected pay."""
    target = _expected_pay(game)
    salary = round(target * salary_share, -3)
    outlook = game.base_outlook(base)
    rate = float(np.clip((target - salary) / outlook, 0.0, 1.0)) if outlook > 0 else 0.0
    return PayScheme(salary=salary, base=base, rate=round(rate, 4), threshold=threshold)


def each_seller(game: HeadGame, scheme: PayScheme, share: float = SALARY_SHARE) -> dict[str, PayScheme]:
    """The scheme for every seller on the team, with a salary that is ``share`` of what he was promised."""
    return {s.id: scheme.model_copy(update={"salary": round(s.promise * share, -3)}) for s in game.team_members()}


def retuned(game: HeadGame, every: int = RETUNE_EVERY, share: float = 1.0, window: int = RETUNE_EVERY
            ) -> dict[str, PayScheme]:
    """Every ``every`` months, and for a seller whose books changed since his last month: the rate that would have
    paid him ``share`` of what he was promised on the bonus base he actually made in the last ``window`` months
    (on his books now, scaled by their size: a head keeps the pay he promised, not the rate); empty otherwise."""
    if game.month == 0 or not game.team.levers.pay:
        return {}
    out = {}
    for s in game.team_members():
        months = [m for r in game.reports[-window:] for m in r.sellers if m.seller == s.id and m.books]
        now = tuple(game.books_of(s.id))
        moved = bool(months) and months[-1].books != now
        if not months or not now or (game.month % every and not moved):
            continue
        size = sum(game.books[b].n_clients for b in now)
        base = float(np.mean([m.books_money.bonus_base * size / max(sum(game.books[b].n_clients for b in m.books), 1)
                              for m in months]))
        if base > 0 and s.pay.rate > 0:
            rate = float(np.clip((share * s.promise - s.pay.salary) / base, 0.0, 1.0))
            out[s.id] = s.pay.model_copy(update={"rate": round(rate, 4)})
    return out


def _bands(game: HeadGame, floor: bool = True, ceiling: bool = True) -> dict[str, Band]:
    bands: dict[str, Band] = {}
    if not game.team.levers.markups:
        return bands
    for p in game.scenario.products:
        if p.markup.fixed:
            continue
        low = max(p.markup.min, game.floor_markup(p.id)) if floor else p.markup.min
        high = min(p.markup.max, max(game.tolerance_markup(p.id), low)) if ceiling else p.markup.max
        bands[p.id] = Band(floor=round(min(low, p.markup.max), 4), ceiling=round(max(high, min(low, p.markup.max)), 4))
    return bands


def _open_books(game: HeadGame) -> list[str]:
    return [seg for seg in game.segment_ids if game.holder[seg] is None]


def _fill(game: HeadGame, newcomers: list[str]) -> dict[str, str | None]:
    """Open books to the newcomers first, then to whoever holds the fewest clients."""
    assign: dict[str, str | None] = {}
    load = {s.id: sum(game.books[b].n_clients for b in game.books_of(s.id)) for s in game.team_members()}
    load.update(dict.fromkeys(newcomers, 0))
    for seg in _open_books(game):
        if not load:
            break
        who = newcomers.pop(0) if newcomers else min(load, key=lambda k: (load[k], k))
        assign[seg] = who
        load[who] = load.get(who, 0) + game.books[seg].n_clients
    return assign


def structured_interview(game: HeadGame, chat: bool = False) -> dict[str, dict[str, float | None]]:
    """Interview every candidate from the scenario's menu: job-related and past-behaviour questions on flexibility,
    empathy and diligence (``chat``: the free-chat questions instead), fill the scorecard from the answers, and
    return each candidate's traits as his answers suggest them (unknown: None)."""
    menu = game.team.interview
    assert menu is not None
    order = {"flexibility": 0, "empathy": 1, "diligence": 2, "greed": 3}
    picked = [q for q in menu.questions if (q.kind == "unstructured") == chat]
    picked.sort(key=lambda q: (order[q.probes], q.kind != "behavioural", q.id))
    out: dict[str, dict[str, float | None]] = {}
    for c in game.candidates():
        room = game.team.interview_questions - len(c.asked)
        covered: set[str] = set()
        ask: list[str] = []
        for q in picked:   # one question a trait first, then whatever is left
            if q.id not in c.asked and q.probes not in covered and len(ask) < room:
                ask.append(q.id)
                covered.add(q.probes)
        if ask:
            game.decide(HeadDecision(interviews={c.id: ask}))
        answers = game.answers_of(c.id)
        if answers:
            game.decide(HeadDecision(scorecard={c.id: {a.question: iv.score_for(a.tier) for a in answers}}))
        seen: dict[str, float | None] = dict(c.visible_traits())
        for a in answers:
            seen[a.probes] = iv.tier_guess(a.tier)
        out[c.id] = seen
    return out


def _careful_hiring(game: HeadGame, scheme: PayScheme, chat: bool = False, interview: bool = True,
                    cheapest: bool = False) -> list[str]:
    """Interview every candidate with questions from different areas; hire, for each open book, the most
    flexible and empathetic candidate (as the interview showed him) whose expectation the scheme's outlook
    covers, promising him what he expects (no more than the scheme pays). ``interview=False``: by the CV alone;
    ``cheapest``: the cheapest, whatever he is."""
    room = min(len(_open_books(game)), game.team.max_sellers - len(game.team_members()))
    if room <= 0 or not game.team.levers.hiring:
        return []
    seen = {c.id: c.visible_traits() for c in game.candidates()}
    if not interview or cheapest:
        pass   # by the CV alone, or on price alone
    elif game.team.interview is not None:
        seen.update(structured_interview(game, chat=chat))
    else:
        interviews = {c.id: [q for q in ASK if q not in c.asked][: game.team.interview_questions - len(c.asked)]
                      for c in game.candidates()}
        interviews = {k: v for k, v in interviews.items() if v}
        if interviews:
            seen.update(game.decide(HeadDecision(interviews=interviews)))
    promise = game.pay_outlook(scheme)

    def merit(cid: str) -> float:
        if cheapest:
            return -game.sellers[cid].expectation
        t = {k: (0.5 if v is None else v) for k, v in seen[cid].items()}   # unknown: an average guess
        return t["flexibility"] + t["empathy"] + 0.5 * t["diligence"] - 0.5 * t["greed"]

    fits = sorted((c.id for c in game.candidates() if c.expectation <= promise), key=lambda c: (-merit(c), c))
    hires = [Hire(candidate=c, promise=game.sellers[c].expectation) for c in fits[:room]]   # no more than the scheme pays
    if hires:
        game.decide(HeadDecision(hire=hires))
    return [h.candidate for h in hires]


def _aligned_like(base_for: Callable[[HeadGame], str], floor: bool = True, ceiling: bool = True,
                  hiring: bool = True, salary_only: bool = False, share: float = 1.0, interview: bool = True,
                  cheapest: bool = False, review_every: int = REVIEW_EVERY, window: int = RETUNE_EVERY,
                  party_every: int = 0, churn: bool = False, chat: bool = False,
                  plan: Callable[[HeadGame, PayScheme], PayScheme] | None = None) -> Callable[[HeadGame], None]:
    """The aligned head, or one of its probes: ``share`` of the promises paid, hiring without an ``interview`` or
    the ``cheapest`` or from small talk (``chat``), rates reviewed every ``review_every`` months, a team event
    without a purpose every ``party_every`` months, the base switched every month (``churn``), a pay ``plan``'s
    lever added to the scheme."""
    def decide(game: HeadGame) -> None:
        lev = game.team.levers
        if churn and game.month > 0 and lev.pay and game.team_members():
            now = game.team_members()[0].pay.base
            base = "invoice" if now != "invoice" else "gross_profit"
            scheme = scheme_for(game, base)
            game.decide(HeadDecision(pay=each_seller(game, scheme)))
        if game.month == 0:
            base = base_for(game)
            threshold = None
            if base == "gross_profit" and free_markups(game):
                floors = [game.floor_markup(p.id) for p in game.scenario.products if not p.markup.fixed]
                threshold = round(min(floors), 4) if floors else None
            if salary_only:
                top = max(s.expectation for s in list(game.team_members()) + game.candidates())
                scheme = PayScheme(salary=top, base="gross_profit", rate=0.0)
            else:
                scheme = scheme_for(game, base, threshold)
                scheme = scheme.model_copy(update={"salary": round(scheme.salary * share, -3),
                                                   "rate": round(scheme.rate * share, 4)})
            if plan is not None:
                scheme = plan(game, scheme)
            game.decide(HeadDecision(markups=_bands(game, floor, ceiling), team_pay=scheme if lev.pay else None))
            if lev.pay and not salary_only:
                game.decide(HeadDecision(pay=each_seller(game, scheme, SALARY_SHARE * share)))
        scheme = game.team_members()[0].pay if game.team_members() else game.team.pay
        if not churn and (better := retuned(game, review_every, share, window)):
            game.decide(HeadDecision(pay=better))
        newcomers = _careful_hiring(game, scheme, chat, interview, cheapest) if hiring else []
        if newcomers and lev.pay and not salary_only:
            game.decide(HeadDecision(pay={k: v for k, v in each_seller(game, scheme, SALARY_SHARE * share).items()
                                          if k in newcomers}))
        members = game.team_members()
        event: str | None = "unite" if members and lev.team_event and \
            np.mean([s.motivation for s in members]) < MORALE_EVENT else None
        if party_every and lev.team_event and game.month % party_every == party_every - 1:
            event = "none"
        assign = _fill(game, newcomers) if lev.segments else {}
        if assign or event:
            game.decide(HeadDecision(assign=assign, team_event=event))
    return decide


def _misaligned(game: HeadGame) -> None:
    lev = game.team.levers
    if game.month == 0 and lev.pay:
        game.decide(HeadDecision(team_pay=scheme_for(game, "invoice" if free_markups(game) else "gross_profit")))
    elif better := retuned(game):
        game.decide(HeadDecision(pay=better))
    hires: list[Hire] = []
    room = min(len(_open_books(game)), game.team.max_sellers - len(game.team_members()))
    if room > 0 and lev.hiring:
        cheapest = sorted(game.candidates(), key=lambda c: (c.expectation, c.id))[:room]
        hires = [Hire(candidate=c.id, promise=c.expectation) for c in cheapest]
        if hires:
            game.decide(HeadDecision(hire=hires))
    assign = _fill(game, [h.candidate for h in hires]) if lev.segments else {}
    if assign:
        game.decide(HeadDecision(assign=assign))


def _aligned_base(game: HeadGame) -> str:
    return "gross_profit" if free_markups(game) else "invoice"


HEADS: dict[str, Head] = {
    h.name: h
    for h in (
        Head("aligned", _aligned_like(_aligned_base)),
        Head("misaligned", _misaligned),
        Head("opaque", _aligned_like(lambda g: "net_profit")),
    )
}

NOTHING = Head("nothing", lambda game: None)   # decides nothing: skill's zero, a row of every balance

HEAD_PROBES: dict[str, Head] = {
    h.name: h
    for h in (
        Head("no_floor", _aligned_like(_aligned_base, floor=False)),
        Head("no_ceiling", _aligned_like(_aligned_base, ceiling=False)),
        Head("max_salary", _aligned_like(_aligned_base, salary_only=True)),
        Head("no_hiring", _aligned_like(_aligned_base, hiring=False)),
        Head("short_pay", _aligned_like(_aligned_base, share=SHORT_PAY)),
        Head("no_interview", _aligned_like(_aligned_base, interview=False)),
        Head("cheapest_hire", _aligned_like(_aligned_base, cheapest=True)),
        Head("scheme_churn", _aligned_like(_aligned_base, churn=True)),
        Head("aimless_party", _aligned_like(_aligned_base, party_every=PARTY_EVERY)),
        Head("monthly_review", _aligned_like(_aligned_base, review_every=1, window=1)),
    )
}
BAD_PRACTICES = ("short_pay", "max_salary", "no_interview", "cheapest_hire", "scheme_churn", "aimless_party",
                 "nothing")   # each must lose to aligned by more than the seed spread (with opaque: net-profit pay)
COURSE_HEADS = ("monthly_review",)   # follow the course another way: must not lose by more than the spread


# The pay-plan lab's probes (scenarios with `levers.pay_plan`): the aligned head with one lever field studies warn
# about, or hiring from small talk. Each must lose to ``aligned``, or at least not beat it by more than the spread.
ACCELERATE_ABOVE = 1.0   # the accelerator's line: the base an average book brings (the target)
ACCELERATE_BY = 2.0      # the accelerated rate above the target, times the scheme's
CAP_AT = 0.8             # the cap: below the bonus an average book earns (a cap that binds for most)


def _accelerated(game: HeadGame, scheme: PayScheme) -> PayScheme:
    line = round(game.base_outlook(scheme.base) * ACCELERATE_ABOVE, -3)
    return scheme.model_copy(update={"accelerator": Accelerator(above=line, rate=min(scheme.rate * ACCELERATE_BY, 1.0))})


def _capped(game: HeadGame, scheme: PayScheme) -> PayScheme:
    bonus = game.pay_outlook(scheme) - scheme.salary
    return scheme.model_copy(update={"cap": round(max(bonus, 0.0) * CAP_AT, -3)})


def _quarterly(game: HeadGame, scheme: PayScheme) -> PayScheme:
    return scheme.model_copy(update={"period": "quarter"})


def _inherited(game: HeadGame, scheme: PayScheme) -> PayScheme:
    return game.team.pay


LAB_PROBES: dict[str, Head] = {
    h.name: h
    for h in (
        Head("accelerated", _aligned_like(_aligned_base, plan=_accelerated)),
        Head("capped", _aligned_like(_aligned_base, plan=_capped)),
        Head("quarterly", _aligned_like(_aligned_base, plan=_quarterly)),
        Head("inherited_plan", _aligned_like(_aligned_base, plan=_inherited)),
        Head("chat_interview", _aligned_like(_aligned_base, chat=True)),
    )
}
