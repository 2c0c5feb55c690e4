"""A simulated seller: how he plans his own desk within the head's rules, as his pay and his traits lead him.

Pure and deterministic. A seller's month is built from the reference planning
machinery (:mod:`simulator.strategies.reasoned`: contacts with a reason, the
desk's forecast of deals at a price), bent by four traits and his pay:

* **Pay base and greed.** Each free markup is searched between the head's floor
  and ceiling with the desk's forecast; the value of a markup mixes what the
  company gains (gross profit less the loyalty that quotes beyond the market's
  tolerance cost) with what the seller is paid (his bonus base at that price,
  counting only deals inside the bonus threshold), weighted by his greed. Greed
  also bends his picture of the market (:func:`bent_pay`): paid on a margin he
  overrates the deals a high price keeps, so he presses toward the ceiling; paid
  on the invoice he overrates the deals a discount wins, so he discounts toward
  the floor (or the bonus threshold, where one binds).
* **Pushing offers.** A sale pays him ``bonus per sale / company margin per
  sale`` times what it earns the company: far above 1 on invoice pay, 1 on
  gross profit, below 1 on net profit. The more above 1, the more a greedy
  seller offers products the client has no known need for.
* **Line of sight.** A seller works as hard as his pay answers to what he
  does: the share of his bonus base he can work out while quoting. The
  invoice he always sees; a margin only where he sets the markup (on a price
  list he sees the price, not the cost); on net profit, overheads he does not
  control swing it too, and his effort flattens.
* **Empathy** is how well he reads a client's needs: a seller with little of it
  offers by a blurred picture (missing fits, pitching misfits) and does not
  hear a no (he offers the same again, which annoys and costs trust).
* **Flexibility** is the chance, each month, that he notices the events running
  (news to tell, a price to revisit, needs they sharpen). Until he does he plays
  on as before: keeps his pre-event prices, tells nobody and offers by the needs
  as they were (:func:`aware_of_events`).
* **Diligence** and **motivation** scale the hours he spends, and so does his
  stake: how much of his pay answers to his work (a bare salary, none).

Randomness is counter-based: each draw is a pure function of (seed, month,
seller or client, purpose), so changing one seller's pay or book never moves
another seller's luck.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import NEED_THRESHOLD, Draws, MonthPlan, OfferBatch, SellerDesk, in_corridor
from ..scenario.schema import BonusCorridor, Compensation, PayScheme, Tier
from ..strategies.reasoned import LOYALTY_WORTH, known_intensity, reasoned_contacts

SEARCH_GRID = 9          # markups a seller tries between the floor and the ceiling
REPRICE_EVERY = 3        # months between a seller's routine price reviews (news or new rules trigger one sooner)
QUIT_BELOW = 0.35        # motivation under which a seller starts to look for another job
SHORTFALL_OK = 0.9       # pay at this share of the promise or above does not hurt
SHORTFALL_HURT = 1.2     # motivation lost per unit of shortfall below that (times 0.5 + greed)
RECOVERY = 0.1           # share of the lost motivation a month of fair pay gives back
RAMP = (0.5, 0.7, 0.85)  # effort in a newcomer's first months (learning the books), then full
GREED_BIAS = 0.8         # how far greed bends a seller's picture of how deals answer to his price
PUSH_BAR = 1.5           # a push of 1/PUSH_BAR or more: he offers every product to every client he meets with a need
MIN_BAR = 0.01           # ... of any strength he has heard of (none he has not)
CHURN_MONTHS = 3         # a change of the pay rules within this many months of the last one is churn
CHURN_HURT = 0.12        # motivation a churned scheme costs (he cannot trust a plan that keeps moving)
CHURN_SIGHT = 0.5        # line of sight left in a month his scheme churned
NO_HISTORY_SIGHT = 0.5   # line of sight on net pay before there is a month's books to judge it by
LIST_MARGIN_SIGHT = 0.5  # how much of a price-list deal's margin a seller can work out (he sees the price, not the cost)

# Slots of the seller-level draws (client-level draws use the seller's book's own Draws).
NOTICE, QUIT, EMPATHY, DEAF = 9 << 10, 10 << 10, 11 << 10, 14 << 10


@dataclass(frozen=True)
class Traits:
    """What a seller is: each 0..1."""

    flexibility: float
    empathy: float
    diligence: float
    greed: float


def compensation(scheme: PayScheme, overheads: float = 0.0, bad_debt: float = 0.0) -> Compensation:
    """The engine's compensation for a head's pay scheme: the threshold becomes the bonus corridor, the
    accelerator a second tier, so the engine's money functions book and quote it."""
    tiers = []
    if scheme.accelerator is not None:
        tiers = [Tier(**{"from": 0.0, "rate": scheme.rate}),
                 Tier(**{"from": max(scheme.accelerator.above, 0.01), "rate": scheme.accelerator.rate})]
    corridor = None if scheme.threshold is None else BonusCorridor(min=scheme.threshold, max=100.0)
    return Compensation(base=scheme.base, rate=scheme.rate, tiers=tiers, bonus_corridor=corridor,
                        overheads=overheads, overhead_swing=0.0, bad_debt=bad_debt)


def pay_leverage(scheme: PayScheme, markup: float) -> float:
    """What one sale pays the seller per unit of what it earns the company, relative to gross profit pay:
    (1 + markup) / markup on invoice pay (he is paid on the whole price, the company keeps the margin), 1 on
    gross profit and on net profit (where the cost to serve and overheads only take away from it)."""
    if scheme.base == "invoice":
        return (1.0 + markup) / max(markup, 1e-6)
    return 1.0


def ramp(months_on_job: int) -> float:
    """Share of a newcomer's full effort in his ``months_on_job``-th month (0: the month he joins); 1 for a seller
    who was on the team from the start (``months_on_job`` < 0) or past his ramp-up."""
    return RAMP[months_on_job] if 0 <= months_on_job < len(RAMP) else 1.0


def rules_changed(old: PayScheme | None, new: PayScheme) -> bool:
    """Whether a new scheme changes what the seller works for: another base, threshold or accelerator, or a lower
    salary. A new rate alone (a head keeping the pay he promised as the books change) is no change of rules."""
    if old is None:
        return False
    return (old.base != new.base or old.threshold != new.threshold or old.accelerator != new.accelerator
            or new.salary < old.salary - 0.5)


def churned(changes: list[int], month: int) -> bool:
    """Whether the pay rules changed this ``month`` within CHURN_MONTHS of an earlier change (``changes``: the
    months they changed)."""
    return month in changes and any(0 < month - m < CHURN_MONTHS for m in changes)


def bent_pay(base: str, own: np.ndarray, deals: np.ndarray, greed: float) -> np.ndarray:
    """What a seller believes each markup pays him: ``own`` (his bonus base at each markup, by the desk's
    forecast) with the deals behind it bent by greed. Paid on a margin he overrates the deals a high price
    keeps (the buyer, he believes, will pay); paid on the invoice he overrates the deals a discount wins."""
    share = deals / max(float(np.max(deals)), 1e-9)
    share = np.maximum(share, 1e-3)
    power = GREED_BIAS * greed * (1.0 if base == "invoice" else -1.0)
    return own * share ** power


def push(traits: Traits, scheme: PayScheme, markup: float) -> float:
    """How far (0..1) the seller lowers his bar for offering a product: greed times the pull of pay that rewards
    volume over margin."""
    pull = 1.0 - 1.0 / max(pay_leverage(scheme, markup), 1.0)
    return float(np.clip(clawback_push(scheme, traits.greed * pull), 0.0, 1.0))


def line_of_sight(scheme: PayScheme, controlled: float | None, uncontrolled: float, free_share: float = 1.0) -> float:
    """Share of his bonus base a seller can work out while quoting (his effort follows it).

    The invoice he always sees. A margin he sees where he sets the markup (``free_share``: the share of the
    products whose markup is his); on a price-list product he sees the price, not the cost behind it, and can
    only guess the margin (LIST_MARGIN_SIGHT). Net profit is that, times the share of it he controls:
    ``controlled`` is last month's margin after the cost to serve (None before his first month),
    ``uncontrolled`` what comes off it that he does not control (allocated overheads and bad debt).
    """
    if scheme.base == "invoice":
        return 1.0
    seen = free_share + (1.0 - free_share) * LIST_MARGIN_SIGHT
    if scheme.base == "gross_profit":
        return seen
    if controlled is None:
        return seen * NO_HISTORY_SIGHT
    controlled = max(controlled, 0.0)
    return seen * (controlled / (controlled + uncontrolled) if controlled + uncontrolled > 0 else NO_HISTORY_SIGHT)


def stake(scheme: PayScheme, promise: float) -> float:
    """How much of his pay answers to his work: twice the bonus share of the pay he was promised, at most 1. A
    seller whose bonus is half his pay or more works full out; a salary without a bonus pays for nothing he does."""
    if scheme.rate <= 0 and (scheme.accelerator is None or scheme.accelerator.rate <= 0):
        return 0.0
    return float(np.clip(2.0 * (1.0 - scheme.salary / promise), 0.0, 1.0)) if promise > 0 else 1.0


def effort(traits: Traits, motivation: float, sight: float, months_on_job: int, at_stake: float = 1.0) -> float:
    """Share of his hours a seller spends on clients this month: his diligence and motivation, how clearly
    (``sight``) and how much (``at_stake``) his pay answers to what he does, and his ramp-up (:func:`ramp`)."""
    drive = 0.4 + 0.6 * sight * at_stake
    return float(np.clip(traits.diligence * motivation * drive * ramp(months_on_job), 0.0, 1.0))


def notices_events(draws: Draws, month: int, seller: int, traits: Traits) -> bool:
    """Whether the seller notices this month's events (news to tell, a price to revisit): his flexibility."""
    return bool(draws.uniform(month, np.array([seller]), NOTICE)[0] < traits.flexibility)


def aware_of_events(was_aware: bool, same_events: bool, noticed: bool) -> bool:
    """Whether a seller goes by the events running this month: he was already aware of these same events, or he
    notices them now (:func:`notices_events`). A new event is news he has to notice afresh."""
    return (was_aware and same_events) or noticed


def quits(draws: Draws, month: int, seller: int, motivation: float) -> bool:
    """Whether an unmotivated seller leaves this month: the further under QUIT_BELOW, the likelier."""
    if motivation >= QUIT_BELOW:
        return False
    chance = 0.25 + 0.75 * (QUIT_BELOW - motivation) / QUIT_BELOW
    return bool(draws.uniform(month, np.array([seller]), QUIT)[0] < chance)


def motivation_after(motivation: float, pay: float, promise: float, traits: Traits) -> float:
    """Motivation after a month paid ``pay`` against the ``promise`` made at hiring."""
    ratio = pay / promise if promise > 0 else 1.0
    if ratio < SHORTFALL_OK:
        motivation -= SHORTFALL_HURT * (0.5 + traits.greed) * (SHORTFALL_OK - ratio)
    else:
        motivation += RECOVERY * (1.0 - motivation)
    return float(np.clip(motivation, 0.0, 1.0))


def searched_markups(desk: SellerDesk, band: dict[str, tuple[float, float]], scheme: PayScheme, traits: Traits
                     ) -> dict[str, float]:
    """Each free markup searched in the head's band: the company's gain and the seller's pay, mixed by greed."""
    view = desk.view
    intensity = known_intensity(desk)
    held = view.owned
    start = view.markup_band[2]
    comp = compensation(scheme)
    markups = {}
    for p, pid in enumerate(view.product_ids):
        low, high = band[pid]
        if view.fixed[p] or high <= low:
            markups[pid] = float(low if not view.fixed[p] else start[p])
            continue
        grid = np.linspace(low, high, SEARCH_GRID)
        fits = view.active & ~held[:, p] & (intensity[:, p] >= NEED_THRESHOLD)
        o = desk.price_outlook(pid, grid, np.flatnonzero(fits))
        company = o.gross_profit - LOYALTY_WORTH * view.cost[p] * start[p] * o.loyalty_cost
        own = {"invoice": o.revenue, "gross_profit": o.gross_profit, "net_profit": o.margin_after_serve}[scheme.base]
        own = bent_pay(scheme.base, own, o.deals, traits.greed) * in_corridor(comp, grid)
        scale = max(float(np.max(np.abs(company))), 1e-9)
        own_scale = max(float(np.max(np.abs(own))), 1e-9)
        value = (1.0 - traits.greed) * company / scale + traits.greed * own / own_scale
        markups[pid] = float(round(grid[int(np.argmax(value))], 4))
    return markups


def seller_plan(game: SellerDesk, draws: Draws, month: int, traits: Traits, scheme: PayScheme,
                markups: dict[str, float], hours: float, notices: bool, extra_push: float = 0.0,
                offers_held: bool = False) -> MonthPlan:
    """The seller's plan for one book, from what his desk knows: reasoned contacts in his hours (event news only
    if he noticed the events), offers by his reading of the clients' needs and his pay's pull, at ``markups``."""
    desk = reasoned_contacts(game, markups, hours=hours, events=notices)
    view = game.view
    n, P = game.n_clients, len(view.product_ids)
    known = known_intensity(game) if notices else np.asarray(view.known_intensity_before_events)
    if traits.empathy < 1.0 and n:
        blur = draws.grid(month, n, EMPATHY, P)   # the book's own draws: per (month, client, product)
        # He misreads the needs he has heard of (a weak one for a strong one, and back); one he never heard of he
        # does not guess at (the desk has not learned it).
        known = np.where(known > 0, traits.empathy * known + (1.0 - traits.empathy) * blur, 0.0)
    owned = view.owned
    price = view.cost * (1.0 + np.array([markups[p] for p in view.product_ids]))
    ok = view.prerequisites_met & ~owned
    repeat = (game.offer_status(markups).month > 0) & ~desk.news[:, :P]
    if traits.empathy < 1.0 and n:   # he did not hear the no: without empathy he offers the same again
        repeat &= draws.grid(month, n, DEAF, P) < traits.empathy
    ok &= ~repeat | desk.pitched   # he remembers what he pitched, and at what price: no pushing the same again
    ok[~(view.active & desk.touched)] = False
    offers = []
    for p, pid in enumerate(view.product_ids):
        bar = max(NEED_THRESHOLD * (1.0 - PUSH_BAR * max(push(traits, scheme, markups[pid]), extra_push)), MIN_BAR)
        clients = np.flatnonzero(ok[:, p] & (known[:, p] >= bar) & (price[p] <= view.budget))
        if clients.size and not offers_held:   # a seller over his cap holds offers for the next period
            offers.append(OfferBatch(pid, clients))
    return MonthPlan(markups=markups, touches=tuple(desk.batches), offers=tuple(offers))


# --- The pay plan's levers (accelerator, cap, clawback, period): how sellers game them, as field studies found ---
# Sellers time deals around a plan's lines and period ends (Oyer 1998; Larkin 2014: deals pulled into the quarter
# that crosses an accelerator, at a discount), hold deals back once a cap is reached, give up when the target is out
# of reach, and neglect what the plan does not pay for (a clawback makes the client's staying part of the pay).
RUSH_REACH = 1.5     # the accelerator's line is "within reach" up to this many times what he expects to sell
RUSH = 1.3           # effort when pushing to cross the line before the period ends
GIVE_UP_BELOW = 0.5  # projected period base under this share of the line: he gives up on it
GIVE_UP = 0.7        # effort once he has given up
HOLD_FLOOR = 0.3     # least effort of a seller holding deals back for the next period (cap reached)
CLAWBACK_DAMP = 0.3  # what is left of the pull toward pushing offers when the bonus on a lost client is taken back


@dataclass(frozen=True)
class Stance:
    """How a seller stands toward his pay plan's lines this month, and what he does about it."""

    code: str            # steady, rush (the accelerator's line within reach), give_up (out of reach), hold (cap)
    effort: float        # multiplies his effort
    discount: float      # share of the way from his markup down to the floor he gives away to close sooner
    extra_push: float    # lowers his bar for offering (0..1), as pay that rewards volume does


STEADY = Stance("steady", 1.0, 0.0, 0.0)


def stance(scheme: PayScheme, traits: Traits, period_base: float, month_in_period: int, months: int,
           expected_month: float, cap_base: float | None) -> Stance:
    """The seller's stance in month ``month_in_period`` of a ``months``-month period: ``period_base`` earned so far,
    ``expected_month`` what he expects a month to bring, ``cap_base`` the period base at which the cap binds."""
    left = months - month_in_period + 1
    projected = period_base + expected_month * left
    if cap_base is not None and expected_month > 0 and projected > cap_base:
        room = max(cap_base - period_base, 0.0) / (expected_month * left)
        return Stance("hold", float(np.clip(room, HOLD_FLOOR, 1.0)), 0.0, 0.0)
    if scheme.accelerator is not None and scheme.accelerator.rate > scheme.rate:
        line = scheme.accelerator.above
        if period_base < line <= projected * RUSH_REACH and projected < line and left <= max(1, months // 2):
            return Stance("rush", RUSH, 0.3 + 0.4 * traits.greed, 0.5 * traits.greed)
        if projected < line * GIVE_UP_BELOW:
            return Stance("give_up", GIVE_UP, 0.0, 0.0)
    return STEADY


def with_stance(markups: dict[str, float], band: dict[str, tuple[float, float]], st: Stance) -> dict[str, float]:
    """His markups after the stance's discount: part of the way from each markup to the head's floor."""
    if st.discount <= 0:
        return markups
    return {p: round(m - st.discount * max(m - band[p][0], 0.0), 4) for p, m in markups.items()}


def clawback_push(scheme: PayScheme, pushed: float) -> float:
    """The pull toward pushing offers, less what a clawback takes away (a misfit sale may cost the client)."""
    return pushed * CLAWBACK_DAMP if scheme.clawback is not None else pushed
