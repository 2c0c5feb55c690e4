"""The scenario file format: pydantic models a trainer's YAML is validated against.

Every field carries a description (it feeds the JSON Schema, the editor's hover
text and the authoring guide) and a default wherever one makes sense, so a
first scenario stays short. Unknown keys are errors (``extra="forbid"``).
Cross-checks that span several fields (references between ids, markup bands,
event months) live in :mod:`simulator.scenario.checks` so that every problem
in a file is reported at once.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    Strict,
    StrictBool,
    field_validator,
    model_validator,
)

from ..locale.languages import all_language_codes, english_name, is_language_code, languages, ordered, pick
from .errors import closest, invisible

if TYPE_CHECKING:
    from .conversation_schema import Conversations

# Numbers and yes/no values are strict: YAML already types them, so `turns: yes`
# or `cost: "12"` is a mistake to report, not something to coerce quietly.
# This also keeps the loader in line with the JSON Schema editors check against.
Int = Annotated[int, Strict()]
Float = Annotated[float, Strict(), AllowInfNan(False)]
Bool = StrictBool

Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="An identifier: Latin letters, digits, '_', '-' or '.', starting with a letter or digit.",
    ),
]
Share = Annotated[Float, Field(ge=0.0, le=1.0)]
Money = Annotated[Float, Field(ge=0.0, le=1e12)]
MIN_TOUCH_HOURS = 0.01
FACTOR_MIN, FACTOR_MAX = 0.05, 20.0
PositiveMoney = Annotated[Float, Field(gt=0.0, le=1e12)]


class StrictModel(BaseModel):
    """Base of every scenario model: unknown keys are errors, and a model never changes once loaded.

    (Not named ``Strict``: that would hide pydantic's ``Strict`` marker, which ``Int`` and ``Float`` use, and a
    type checker would then see no pydantic model at all. Numbers and yes/no values are strict by their types.)"""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _Unwritten:
    """Marks a language key given without a text, so the value's check can name the key and the text's other
    languages in its message (a value's own check knows neither)."""

    def __init__(self, lang: str, others: list[str]):
        self.lang, self.others = lang, others

    def message(self) -> str:
        others = " and ".join(english_name(code) for code in self.others) or "another language"
        return f"the text is empty; write it, or leave out `{self.lang}` to give this text in {others} only"


def _written(value: object) -> object:
    if isinstance(value, _Unwritten):
        raise ValueError(value.message())
    if isinstance(value, str) and not any(not char.isspace() and not invisible(char) for char in value):
        raise ValueError("the text is blank (only spaces or invisible characters); write something a player can read")
    return value


def _language_key(code: str) -> str:
    if is_language_code(code):
        return code
    near = code.strip().lower().replace("-", "_")
    guess = near if is_language_code(near) else closest(code, languages()) or closest(code, all_language_codes())
    hint = f"did you mean `{guess}`? " if guess else ""
    raise ValueError(f"`{code}` is not a language code; {hint}a text is keyed by language codes such as "
                     f"{', '.join(f'`{c}`' for c in languages())} (any language code CLDR knows)")


LanguageCode = Annotated[str, AfterValidator(_language_key)]
WrittenText = Annotated[str, BeforeValidator(_written), Field(max_length=20_000)]


class Text(RootModel[dict[LanguageCode, WrittenText]]):
    """A player-facing text keyed by language code: `{ru: ..., en: ...}`, `{ru: ...}` or `{de: ...}`. One language
    is enough: the game shows the player's language when the text has it, else English, else the language the text
    has (the one fallback rule of docs/languages.md)."""

    model_config = ConfigDict(frozen=True, json_schema_extra=lambda schema: _text_schema(schema))

    root: dict[LanguageCode, WrittenText] = Field(description="The text by language code, e.g. `{ru: ..., en: ...}`.")

    def get(self, lang: str) -> str:
        """The text in ``lang`` when it is given, else by the fallback rule (English, then any given)."""
        return pick(lang, self.root) or ""

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this text is given in, in the order written, e.g. ``("ru",)``."""
        return tuple(self.root)

    @model_validator(mode="before")
    @classmethod
    def _mark_unwritten(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        given = [str(k) for k, v in data.items() if v is not None and v != ""]
        return {k: _Unwritten(str(k), [c for c in given if c != k]) if v is None or v == "" else v
                for k, v in data.items()}

    @model_validator(mode="after")
    def _some_language(self) -> Text:
        if not self.root:
            codes = languages()
            ways = ", ".join(f"in {english_name(c)} (`{c}: ...`)" for c in codes[:-1])
            raise ValueError(f"the text is missing: give it {ways}, in {english_name(codes[-1])} (`{codes[-1]}: ...`)"
                             f" or in {'both' if len(codes) == 2 else 'several'}")
        return self


def _text_schema(schema: dict) -> None:
    """JSON Schema of a text: any language code as a key (the shipped languages listed, for editors' completion)."""
    body = {"type": "string", "minLength": 1, "maxLength": 20_000}
    schema.pop("patternProperties", None)
    schema.update({
        "minProperties": 1,
        "properties": {c: {**body, "description": f"The text in {english_name(c)}."} for c in languages()},
        "propertyNames": {"pattern": r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$"},
        "additionalProperties": body,
    })


class Desk(StrictModel):
    """The sales desk the player runs: working time and fixed pay."""

    hours_per_month: Float = Field(160.0, gt=0, le=100_000, description="Hours the desk can spend on touches each month.")
    salary: Money = Field(60_000.0, description="The manager's fixed monthly salary, paid whatever the results.")
    currency: str = Field("RUB", min_length=1, max_length=8, description="Currency code shown next to money (e.g. RUB, EUR).")


class Tier(StrictModel):
    """One step of a progressive bonus: from this monthly base on, this rate applies."""

    from_: Money = Field(alias="from", description="Monthly bonus base at which this rate starts (the first tier starts at 0).")
    rate: Share = Field(description="Share of the base above `from` paid as bonus, e.g. 0.08 for 8%.")


class Plan(StrictModel):
    """A monthly plan target: a fixed extra bonus when the month's base reaches it."""

    target: Money = Field(description="Monthly bonus base the manager must reach to earn `bonus`.")
    bonus: Money = Field(description="Extra bonus paid in a month that reaches `target`.")


class BonusCorridor(StrictModel):
    """A pay rule: the bonus counts only deals whose markup lies between these thresholds."""

    min: Float = Field(ge=0.0, le=100.0, description="Lowest markup a deal may carry and still count for the bonus "
                                                     "(0.08 = 8%).")
    max: Float = Field(ge=0.0, le=100.0, description="Highest markup a deal may carry and still count for the bonus.")


class Compensation(StrictModel):
    """How the manager is paid: salary (see desk) plus a bonus from one base."""

    base: Literal["gross_profit", "invoice", "net_profit"] = Field(
        "gross_profit",
        description=(
            "What the bonus is a share of: `gross_profit` (revenue minus cost of goods; fits when the manager sets markups), "
            "`invoice` (revenue; fits a fixed price list), `net_profit` (after touch costs and overheads; opaque to a seller)."
        ),
    )
    rate: Share = Field(0.1, description="Share of the monthly base paid as bonus (ignored when `tiers` are given).")
    tiers: list[Tier] = Field(
        default_factory=list,
        max_length=20,
        description="Optional progressive rates on the monthly base; each tier's rate applies to the part of the base above its `from`.",
    )
    plan: Plan | None = Field(None, description="Optional monthly plan target with a fixed extra bonus.")
    bonus_corridor: BonusCorridor | None = Field(
        None, description="Optional bonus thresholds on the markup: a deal whose markup is outside `min`..`max` pays "
                          "no bonus (it still counts in revenue and profit), while the seller may still quote anywhere "
                          "inside each product's band (`products[].markup`). The notes' \"no bonus outside the "
                          "thresholds\": the band is what management allows, the corridor is what it rewards.")
    overheads: Money = Field(0.0, description="Company costs booked each month on average (rent, accounting, head office); they lower net profit.")
    overhead_swing: Share = Field(
        0.3, description="How far overheads swing from month to month with things the seller does not control "
                         "(0.3 = up to 30% either way): why a bonus from net profit is opaque to a seller.")
    bad_debt: Share = Field(
        0.02, description="Average share of revenue lost to returns and unpaid invoices, drawn anew each month "
                          "(0 to twice this); it lowers net profit only.")


def _markup_schema(schema: dict) -> None:
    # Editors: a fixed markup needs only `default`; a free one needs `min` and `max`.
    schema["required"] = [k for k in schema.get("required", []) if k not in ("min", "max")]
    schema["if"] = {"properties": {"fixed": {"const": True}}, "required": ["fixed"]}
    schema["then"] = {"required": ["default"]}
    schema["else"] = {"required": ["min", "max"]}


class Markup(StrictModel):
    """A markup band management allows: price = cost x (1 + markup). A price-list product needs only
    `fixed: true` and `default`."""

    model_config = ConfigDict(json_schema_extra=_markup_schema)

    min: Float = Field(ge=0.0, le=100.0, description="Floor: below it a deal loses money once costs are counted "
                                                     "(0.2 = 20%). Leave it out with `fixed: true`: it is `default`.")
    max: Float = Field(ge=0.0, le=100.0, description="Ceiling: above it the market walks away. "
                                                     "Leave it out with `fixed: true`: it is `default`.")
    default: Float | None = Field(None, ge=0.0, le=100.0, description="Markup the desk starts with; the middle of the band when omitted.")
    fixed: Bool = Field(False, description="True for a price-list product: the markup is `default` and the player "
                                           "cannot change it; then `default` is the only other key it needs "
                                           "(min and max follow it).")

    @model_validator(mode="before")
    @classmethod
    def _fixed_band(cls, data: object) -> object:
        # `{fixed: true, default: 0.25}` is a whole price-list markup: the band is that one point.
        if isinstance(data, dict) and data.get("fixed") is True and "default" in data:
            data = {"min": data["default"], "max": data["default"], **data}
        return data

    @property
    def start(self) -> float:
        """The markup the desk starts the game with."""
        return self.default if self.default is not None else round((self.min + self.max) / 2, 4)


class Product(StrictModel):
    """Something the desk sells."""

    id: Id
    name: Text = Field(description="Product name shown to the player.")
    cost: PositiveMoney = Field(description="Cost of one unit to the company (what the supplier charges); more than 0, "
                                            "since the price is cost x (1 + markup).")
    markup: Markup = Field(description="The markup band; use `fixed: true` for a price-list product.")
    market_price: PositiveMoney = Field(description="Typical price of the same thing at competitors; price gaps are measured "
                                                    "against it, so it is more than 0.")
    cycle_months: Int | None = Field(
        None, ge=1, le=240, description="Months until a client needs it again (e.g. 36 for a three-year certificate); omit for a one-off product."
    )
    jobs: list[Id] = Field(default_factory=list, max_length=20, description="Ids of the jobs (client needs) this product serves.")
    requires: list[Id] = Field(default_factory=list, max_length=20, description="Ids of products a client must own before buying this one.")
    core: Bool = Field(
        True, description="True for a product clients come asking for by themselves; false for an extra that sells only when offered."
    )
    serve_cost: Money = Field(
        0.0, description="Cost to serve one sale (delivery, paperwork, support time); it comes out of net profit. "
                         "The markup floor is where a deal stops covering it: cost x markup.min >= serve_cost.")


class Job(StrictModel):
    """A job to be done: a need a client hires products for."""

    id: Id
    name: Text = Field(description="What the client is trying to get done, shown to the player once revealed.")


class TouchType(StrictModel):
    """A way to contact clients: a call, a visit, a webinar, a seminar."""

    id: Id
    name: Text = Field(description="Name of the touch shown to the player.")
    hours: Float = Field(0.5, ge=0.0, le=1000.0, description="Desk hours one touch (or one session of a group touch) takes: "
                                                             "0 (no desk time) or at least 0.01.")
    cost: Money = Field(0.0, description="Money spent per touch (or per session of a group touch).")
    capacity: Int = Field(1, ge=1, le=100_000, description="Clients one session reaches: 1 for a call or visit, e.g. 100 for a webinar.")
    recall: Share = Field(0.3, description="How strongly the touch brings us back to the client's mind (0..1).")
    loyalty: Float = Field(0.03, ge=0.0, le=1.0, description="Loyalty gained when the touch carries a reason useful to the client.")
    reveal: Share = Field(0.3, description="Chance the touch reveals the client's hidden needs.")
    useful: Bool = Field(
        False, description="True when the touch carries value by itself (a seminar, a webinar): it counts as reasoned even without a topic."
    )
    win_back: Bool = Field(False, description="True when this touch may be used on a lost client to try to win them back.")

    @field_validator("hours")
    @classmethod
    def _hours_plausible(cls, value: float) -> float:
        # A sliver of an hour lets a plan hold billions of touches: the hours left divided by it overflow.
        if 0 < value < MIN_TOUCH_HOURS:
            raise ValueError(f"touch hours {value:g} is too small; use 0 (takes no desk time) or at least "
                             f"{MIN_TOUCH_HOURS:g} (36 seconds)")
        return value


Range = Annotated[
    tuple[Float, Float],
    Field(description="A range [low, high]; generated clients draw uniformly from it."),
]


class Segment(StrictModel):
    """A group of generated clients with value ranges for their traits."""

    id: Id
    name: Text = Field(description="Segment name shown to the player (e.g. 'A: key accounts').")
    count: Int = Field(ge=0, le=100_000, description="How many clients of this segment the game generates.")
    loyalty: Range = Field((0.3, 0.6), description="Starting loyalty range, each in 0..1.")
    recall: Range = Field((0.3, 0.7), description="Starting recall range (how present we are in their mind), each in 0..1.")
    price_sensitivity: Range = Field((1.0, 3.0), description="How strongly a price gap scares them off (0 = not at all, 5 = very).")
    budget: Range = Field((50_000.0, 500_000.0), description="Most they will pay for one purchase.")
    needs: dict[Id, Range] = Field(
        default_factory=dict, description="Job id -> intensity range 0..1: how much they need that job done."
    )
    hidden: Share = Field(0.5, description="Share of needs hidden from the player until a touch reveals them.")
    owns: dict[Id, Range] = Field(
        default_factory=dict,
        description="Product id -> months since purchase range: products these clients already bought from us before the game.",
    )


class NamedClient(StrictModel):
    """A hand-written client with a story."""

    id: Id
    name: Text = Field(description="Client name shown to the player.")
    story: Text | None = Field(None, description="A few lines about the client shown on their card.")
    segment: Id | None = Field(None, description="Segment this client belongs to (for filters and cadence rules).")
    loyalty: Share = Field(0.5, description="Starting loyalty 0..1.")
    recall: Share = Field(0.5, description="Starting recall 0..1.")
    price_sensitivity: Float = Field(2.0, ge=0.0, le=10.0, description="How strongly a price gap scares them off.")
    budget: Money = Field(200_000.0, description="Most they will pay for one purchase.")
    needs: dict[Id, Share] = Field(default_factory=dict, description="Job id -> need intensity 0..1.")
    hidden: list[Id] = Field(default_factory=list, description="Job ids among `needs` that stay hidden until a touch reveals them.")
    owns: dict[Id, Annotated[Int, Field(ge=0, le=240)]] = Field(
        default_factory=dict, description="Product id -> months since they bought it from us (0 = last month)."
    )


Factor = Annotated[Float, Field(ge=0.05, le=20.0, description="A factor: 1.0 means no change, 0.9 is 10% less.")]


class Event(StrictModel):
    """Something that happens in the market in a given month."""

    id: Id
    month: Int = Field(ge=1, description="Month the event starts (1 = the first month).")
    duration: Int = Field(1, ge=1, le=240, description="How many months it lasts.")
    title: Text = Field(description="Headline shown in the month's brief.")
    description: Text | None = Field(None, description="What happened and what it means for clients.")
    market_price: dict[Id, Factor] = Field(
        default_factory=dict, description="Product id -> factor on the market price while the event lasts (0.9 = competitors cut 10%)."
    )
    cost: dict[Id, Factor] = Field(
        default_factory=dict, description="Product id -> factor on our cost while the event lasts (1.1 = supplier raised 10%)."
    )
    needs: dict[Id, Annotated[Float, Field(ge=-1.0, le=1.0)]] = Field(
        default_factory=dict, description="Job id -> intensity added to every client's need for that job while the event lasts."
    )
    concerns: list[Id] = Field(
        default_factory=list,
        description="Job ids of the clients this event concerns: a touch with the event as topic is useful to them.",
    )


KpiName = Literal[
    "revenue",
    "gross_profit",
    "net_profit",
    "bonus",
    "pay",
    "loyalty",
    "retention",
    "renewal_rate",
    "repeat_rate",
    "average_check",
    "upsell_rate",
    "active_clients",
    "morale",
]


class ScoreItem(StrictModel):
    """One KPI in the score: points = weight x min(value / target, cap)."""

    kpi: KpiName = Field(description="Which KPI this item scores.")
    weight: Float = Field(gt=0, le=1000, description="Points for reaching the target exactly.")
    target: Float = Field(gt=0, description="KPI value that earns the full weight.")


class Scoring(StrictModel):
    """The score: a transparent sum of KPI items the debrief shows line by line."""

    items: list[ScoreItem] = Field(min_length=1, max_length=20, description="The KPIs that make up the score.")
    cap: Float = Field(1.5, ge=1.0, le=10.0, description="Most a KPI can count for, as a multiple of its target.")


class Model(StrictModel):
    """Market behaviour knobs. The defaults suit most scenarios; change them only to tune balance."""

    memory_months: Float = Field(8.0, gt=0, le=240, description="How fast clients forget us: recall shrinks by exp(-1/memory_months) a month.")
    demand_rate: Share = Field(0.15, description="Monthly chance that a fully intense need turns into a purchase of a product serving it.")
    price_tolerance: Float = Field(
        0.15, ge=0.0, le=5.0, description="Price gap above market (0.15 = 15%) clients accept without losing loyalty."
    )
    churn_threshold: Share = Field(0.15, description="A client whose loyalty and recall are both below this may leave.")
    churn_chance: Share = Field(0.25, description="Monthly chance such a client actually leaves.")
    contact_tolerance: Int = Field(
        2, ge=1, le=31, description="Touches without a reason a client bears in two months before they start to annoy."
    )
    silence_months: Int = Field(6, ge=1, le=240, description="Months without any contact after which loyalty starts to fade.")
    touch_limit: Float = Field(
        3.0, ge=1.0, le=100.0, description="Touches of any kind a client welcomes in about two months (each month's count "
                                           "halves the next month); past it even a touch with a reason annoys.")


TRAITS = ("flexibility", "empathy", "diligence", "greed")
Trait = Literal["flexibility", "empathy", "diligence", "greed"]


class Accelerator(StrictModel):
    """A steeper bonus rate on the part of the month's base above `above`."""

    above: Money = Field(description="Monthly bonus base above which the accelerated rate applies.")
    rate: Share = Field(description="Share of the base above `above` paid as bonus (e.g. 0.15 for 15%).")


class Clawback(StrictModel):
    """The bonus earned on a client's purchases is taken back if the client leaves within `months` of them."""

    months: Int = Field(3, ge=1, le=24, description="Months after a sale within which losing the client takes its "
                                                    "bonus back.")


class PayScheme(StrictModel):
    """A seller's pay in head-of-sales mode: salary plus a bonus from one base, with an optional markup
    threshold (deals below it pay no bonus) and an optional accelerator."""

    salary: Money = Field(60_000.0, description="Fixed monthly salary, paid whatever the results.")
    base: Literal["gross_profit", "invoice", "net_profit"] = Field(
        "gross_profit", description="What the bonus is a share of: `gross_profit`, `invoice` (revenue) or `net_profit`.")
    rate: Share = Field(0.1, description="Share of the monthly base paid as bonus.")
    threshold: Float | None = Field(None, ge=0.0, le=100.0, description="Lowest markup a deal may carry and still pay "
                                                                     "a bonus (0.15 = 15%); none when omitted.")
    accelerator: Accelerator | None = Field(None, description="Optional higher rate above a base per period (the "
                                                              "plan's target: `above`).")
    cap: Money | None = Field(None, description="Most bonus one period pays (none when omitted); a seller who reaches "
                                                "it holds his deals for the next period.")
    clawback: Clawback | None = Field(None, description="Take back the bonus on a client lost soon after the sale.")
    period: Literal["month", "quarter"] = Field("month", description="How often the bonus is worked out and paid: "
                                                                     "`month`, or `quarter` (the base, accelerator "
                                                                     "and cap count over three months).")


class Candidate(StrictModel):
    """A seller the head may hire (or one already on the team). Traits are 0..1 and cannot be trained."""

    id: Id
    name: Text = Field(description="The seller's name shown to the player.")
    story: Text | None = Field(None, description="A line or two from the CV, shown before the interview.")
    flexibility: Share = Field(0.5, description="How readily he adapts to the month's news (events); "
                                                "the notes' most important quality, and one that cannot be trained.")
    empathy: Share = Field(0.5, description="How well he reads a client's needs: low empathy means offers that miss.")
    diligence: Share = Field(0.6, description="Share of his hours he actually spends on clients.")
    greed: Share = Field(0.5, description="How far he chases his own pay over the company's interest.")
    salary_expectation: Money = Field(80_000.0, description="Monthly pay (salary plus bonus) he expects; he joins "
                                                            "only when promised at least this.")
    hidden: list[Trait] = Field(default_factory=list, max_length=4,
                                description="Traits the head sees only after the interview reveals them.")
    hired: Bool = Field(False, description="True for a seller already on the team when the game starts.")
    segments: list[Id] = Field(default_factory=list, max_length=50,
                               description="Segments a seller already on the team holds at the start.")


class ProductCosts(StrictModel):
    """The company's costs of one sale of a product beyond its cost of goods, for the head's floor calculation."""

    product: Id = Field(description="Product id.")
    overhead_per_sale: Money = Field(0.0, description="Share of the company's fixed costs one sale must carry "
                                                      "(office, accounting, management), on top of its `serve_cost`.")


class Levers(StrictModel):
    """Which of the head's decisions the scenario unlocks."""

    markups: Bool = Field(True, description="The head sets each product's markup floor and ceiling "
                                            "(meaningless, and off, for price-list products).")
    pay: Bool = Field(True, description="The head sets each seller's pay scheme.")
    hiring: Bool = Field(True, description="The head may interview and hire candidates.")
    segments: Bool = Field(True, description="The head assigns client segments to sellers.")
    team_event: Bool = Field(True, description="The head may hold a team event (the notes' corporate party).")
    pay_plan: Bool = Field(False, description="The pay-plan lab: caps, clawbacks and quarterly periods in the head's "
                                              "schemes, and the lab screen that compares schemes on each seller's "
                                              "own book.")


QuestionKind = Literal["structured", "behavioural", "unstructured"]
VALIDITY = {"structured": 0.42, "behavioural": 0.42, "unstructured": 0.19}   # interviews' validity (meta-analyses)


class InterviewAnswers(StrictModel):
    """What a candidate may say to one question, by how well the answer shows the trait it probes. One variant of
    the tier his answer falls in is shown (chosen by the seed, the candidate and the question)."""

    strong: list[Text] = Field(min_length=1, max_length=10, description="Answers that show a lot of the trait.")
    middling: list[Text] = Field(min_length=1, max_length=10, description="Answers that show some of it.")
    weak: list[Text] = Field(min_length=1, max_length=10, description="Answers that show little of it.")


class InterviewQuestion(StrictModel):
    """One interview question on the head's menu: its kind, the area it comes from, the trait it probes and the
    answers a candidate may give."""

    id: Id
    text: Text = Field(description="The question as the head asks it.")
    label: Text | None = Field(None, description="A short label for the menu's button (the question's text when "
                                                 "omitted).")
    kind: QuestionKind = Field(description="`structured` (the same job-related question to everyone, scored on a "
                                           "scale), `behavioural` (what did you do when...: past behaviour) or "
                                           "`unstructured` (free chat).")
    area: Id = Field(description="The area the question comes from (e.g. clients, pay, career): switching areas is "
                                 "where a rigid candidate returns to his story.")
    probes: Trait = Field(description="The trait the answer shows (with noise).")
    validity: Share | None = Field(None, description="How closely the answers follow the trait (a correlation): by "
                                                     "default 0.42 for structured and behavioural questions, 0.19 "
                                                     "for unstructured ones, as meta-analyses of interviews found.")
    answers: InterviewAnswers = Field(description="What a candidate may answer, by tier.")

    @property
    def signal(self) -> float:
        """The validity the answers carry: the authored one or the kind's default."""
        return VALIDITY[self.kind] if self.validity is None else self.validity


class Interview(StrictModel):
    """The interview menu: the questions the head may pick from, and what a rigid candidate says instead of an
    answer when the question switches area (`{story}` is replaced by his CV line)."""

    questions: list[InterviewQuestion] = Field(min_length=2, max_length=40, description="The questions on the menu.")
    rigid: list[Text] = Field(min_length=1, max_length=10, description="What a rigid candidate says when a question "
                                                                       "switches area: he returns to his story.")


class TeamEvent(StrictModel):
    """The team event: costs money, restores motivation when it has a purpose, and is wasted without one."""

    cost: Money = Field(100_000.0, description="What one event costs the company.")
    boost: Share = Field(0.25, description="Motivation an event with a purpose gives back to each seller (0..1).")


class Team(StrictModel):
    """Head-of-sales mode: the player runs the sales department instead of one desk. Each segment is a book of
    clients one seller holds; sellers plan their own desks within the head's rules."""

    hours_per_seller: Float = Field(60.0, gt=0, le=10_000, description="Hours a seller can spend on touches "
                                                                      "each month.")
    max_sellers: Int = Field(8, ge=1, le=50, description="Most sellers the team may have at once.")
    decide_every: Int = Field(1, ge=1, le=12, description="Months between the head's decisions: 1 monthly, "
                                                         "3 quarterly.")
    interview_questions: Int = Field(3, ge=1, le=10, description="Questions the head may ask one candidate.")
    candidates: list[Candidate] = Field(min_length=1, max_length=100,
                                        description="Sellers on the team at the start (`hired: true`) and "
                                                    "candidates the head may hire.")
    pay: PayScheme = Field(default_factory=PayScheme, description="The pay scheme the team starts with.")
    costs: list[ProductCosts] = Field(default_factory=list, max_length=100,
                                      description="Each product's share of fixed costs, for the floor calculation.")
    levers: Levers = Field(default_factory=Levers, description="The head's decisions the scenario unlocks.")
    team_event: TeamEvent = Field(default_factory=TeamEvent, description="The team event's cost and effect.")
    interview: Interview | None = Field(None, description="The interview menu (questions, answers as text, a "
                                                          "scorecard); without it, the short interview that shows "
                                                          "traits by area.")
    overheads: Money = Field(0.0, description="The company's fixed costs each month, booked once for the whole "
                                              "department (they lower company net profit).")


class LessonCheck(StrictModel):
    """A short question about one lesson, asked before the game and again after it (the change is what the
    player learned; the answers go into the replay and the trainer's learning record)."""

    id: Id
    lesson: Int = Field(ge=1, le=7, description="The course's lesson it checks (1-7, GAME_DESIGN.md §1): 1 memory, "
                                                "2 reasons for contact, 3 jobs, 4 assortment, 5 markup band, 6 pay, "
                                                "7 service.")
    question: Text = Field(description="The question, one or two sentences.")
    choices: list[Text] = Field(min_length=2, max_length=5, description="The answers to choose from (2-5), in the "
                                                                        "order shown.")
    right: Int = Field(ge=0, le=4, description="Which answer is right: its place in `choices`, counting from 0.")
    why: Text | None = Field(None, description="Why the right answer is right, shown after the game's check.")


class Scenario(StrictModel):
    """A Sales Desk scenario: one lesson, its market, its clients and its score."""

    id: Id
    version: Int = Field(1, ge=1, le=1_000_000, description="Bump it whenever the scenario changes; leaderboards are per version.")
    title: Text = Field(description="Scenario title shown in the menu.")
    lesson: Text | None = Field(None, description="The lesson in one line, shown in the scenario picker.")
    briefing: Text = Field(description="What the player reads before month 1, and what to discuss in the debrief.")
    difficulty: Int = Field(2, ge=1, le=3, description="1 = easy, 2 = normal, 3 = hard; shown in the scenario picker.")
    turns: Int = Field(12, ge=1, le=120, description="Number of months the game lasts.")
    desk: Desk = Field(default_factory=Desk, description="Working hours and salary.")
    compensation: Compensation = Field(default_factory=Compensation, description="The pay scheme.")
    model: Model = Field(default_factory=Model, description="Market behaviour knobs (optional).")
    jobs: list[Job] = Field(default_factory=list, max_length=100, description="Jobs to be done clients may have.")
    products: list[Product] = Field(min_length=1, max_length=100, description="What the desk sells (at least one).")
    touch_types: list[TouchType] = Field(
        min_length=1, max_length=50, description="Ways to contact clients (at least one)."
    )
    segments: list[Segment] = Field(default_factory=list, max_length=50, description="Groups of generated clients.")
    clients: list[NamedClient] = Field(default_factory=list, max_length=10_000, description="Hand-written named clients.")
    events: list[Event] = Field(default_factory=list, max_length=500, description="Market events by month.")
    scoring: Scoring = Field(description="How the final score is computed.")
    lesson_checks: list[LessonCheck] = Field(
        default_factory=list, max_length=20,
        description="Short questions per lesson the player answers before the game and again after it (what they "
                    "learned, measured apart from the score). They change nothing in play, so they are not part of "
                    "the content a replay pins.")
    team: Team | None = Field(None, description="Head-of-sales mode: the team, its candidates and the head's levers. "
                                                "With it the scenario is a head scenario (the player runs the "
                                                "department); without it, a desk scenario.")
    conversations: Conversations | None = Field(
        None, description="Discovery conversations on one-to-one touches (calls, visits): the questions the desk "
                          "may ask and the client archetypes who answer them. Without it, touches reveal needs by "
                          "chance, as before.")

    @property
    def kind(self) -> Literal["desk", "head"]:
        """``head`` for a head-of-sales scenario (it has a `team`), ``desk`` otherwise."""
        return "desk" if self.team is None else "head"

    def client_count(self) -> int:
        """Total clients the game will have: named plus generated."""
        return len(self.clients) + sum(s.count for s in self.segments)

    def texts(self) -> Iterator[tuple[tuple, Text]]:
        """Every player-facing text with its path in the file, e.g. ``(("products", 0, "name"), Text)``."""
        return _texts(self, ())

    def languages(self) -> tuple[str, ...]:
        """The languages every text of the scenario is given in: ``("ru", "en")``, ``("ru",)``, ``("en",)``,
        or ``()`` when each language lacks some text (the default language first, then by code)."""
        found: set[str] | None = None
        for _, text in self.texts():
            found = set(text.languages) if found is None else found & set(text.languages)
        return ordered(found or ())


def _texts(node: object, path: tuple) -> Iterator[tuple[tuple, Text]]:
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), path + (name,))
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from _texts(item, path + (i,))
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _texts(item, path + (key,))


# At the end: the conversation models are built from this module's types (Text, StrictModel).
from .conversation_schema import Conversations  # noqa: E402

Scenario.model_rebuild()
