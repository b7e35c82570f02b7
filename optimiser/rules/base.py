"""What every rule family has: an id, titles, the clauses it cites, its parameters with their
documented defaults, and the checks it needs of a dataset.

A family is one class in one module of this package; a policy change touches that module only.
The model-building and explaining parts of a family are added to the same class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from optimiser.problems import Problem

if TYPE_CHECKING:
    from optimiser.dataset import Dataset
    from optimiser.model.build import ModelBuilder

Status = Literal["hard", "soft", "off"]


class RuleParams(BaseModel):
    """Parameters every family takes. Subclasses add the family's own, with defaults from the
    clause they cite."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    status: Status = Field(
        "hard",
        description="hard: must hold; soft: may be violated at "
        "`penalty` per unit of shortfall; off: not applied",
    )
    penalty: float = Field(
        1000.0, ge=0, description="objective units per unit of shortfall when soft"
    )
    borrowed: str | None = Field(
        None,
        description="the clause of another jurisdiction's document this dataset applies the "
        "rule from (借用), e.g. 003-p26 for a Hebei rule in a Shanxi plan; every output that "
        "lists the rule says so",
    )

    @field_validator("status", mode="before")
    @classmethod
    def _yaml_booleans(cls, value: object) -> object:
        """YAML reads an unquoted `off` as false and `on` as true."""
        if value is False:
            return "off"
        if value is True:
            return "hard"
        return value

    @property
    def on(self) -> bool:
        return self.status != "off"


DEFAULT_SENTENCES = {
    "binding": {
        "en": "{title} [{instance}] is at its limit: {lhs} against {rhs} {unit}.",
        "zh": "{title}【{instance}】已达到限值：{lhs} 对 {rhs} {unit}。",
    },
    # the value of relaxing the limit by one unit (a <= limit raised, a >= limit lowered):
    # positive when the plan improves, as a rule's price; {range}: where it holds, or n/a
    "value": {
        "en": "Relaxing this limit by one {unit} would improve the plan by {gain} {objunit} "
        "{range}.",
        "zh": "该限值每放宽1{unit}，方案可改善 {gain} {objunit}{range}。",
    },
    "conflict": {
        "en": "{title} [{instance}]: requires {rhs} {unit}.",
        "zh": "{title}【{instance}】：要求 {rhs} {unit}。",
    },
    "shortfall": {
        "en": "{title} [{instance}] falls short by {short} {unit} (reached {lhs} of {rhs}).",
        "zh": "{title}【{instance}】差 {short} {unit}（达到 {lhs}，要求 {rhs}）。",
    },
    "relax": {
        "en": "{title} [{instance}]: relax by {short} {unit}.",
        "zh": "{title}【{instance}】：放宽 {short} {unit}。",
    },
}


class StructuralParams(RuleParams):
    """Families that state what the data mean (budgets, payments) can be on or off, not soft."""

    status: Literal["hard", "off"] = Field("hard", description="hard: applied; off: not applied")


class RuleFamily:
    """Base of the rule families. Class attributes are the family's metadata."""

    id: ClassVar[str]
    title_zh: ClassVar[str]
    title_en: ClassVar[str]
    citations: ClassVar[tuple[str, ...]] = ()
    # for a cited clause of several sentences, a phrase of the one the family rests on
    quotes: ClassVar[dict[str, str]] = {}
    # For a family no clause sets (an accounting identity, a table of the dataset): why it holds.
    basis: ClassVar[str | None] = None
    dual_unit: ClassVar[str] = "objective units per unit of right-hand side"
    # True for the families that state what the data mean (budgets, needs, payments, projects,
    # eligibility) rather than a policy clause; reports list policy rules first.
    structural: ClassVar[bool] = False
    # what one unit of the rule's limit is, for "relaxing it by one unit is worth ..."
    limit_unit_en: ClassVar[str] = "万元"
    limit_unit_zh: ClassVar[str] = "万元"
    Params: ClassVar[type[RuleParams]] = RuleParams
    # What `define` reads besides the family's own parameters, where that is known: the
    # Dataset's tables ("needs", "projects", ...), the budgets of sources of one kind
    # ("budgets:revolving") and other rules ("rule:R-PREPAY") whose change can change its rows. A what-if that changes none of them keeps the family's rows as the
    # held model has them (optimiser.model.update.rederive); None: re-derived on every what-if.
    # Only for families that add rows and nothing else (no priorities, notes or advances).
    # tests/test_rederive_reuse.py re-derives every family both ways to keep this true.
    reads: ClassVar[frozenset[str] | None] = None

    # Sentences for reports, by kind and language; fields: title, instance, lhs, rhs, unit,
    # gain (the value of relaxing the limit by one unit, positive: the plan improves), objunit,
    # low, high, range (where the value holds, or n/a), short. A family overrides the kinds it
    # can say better.
    sentences: ClassVar[dict[str, dict[str, str]]] = {}

    def sentence(self, kind: str, lang: str, **fields: object) -> str:
        """The family's sentence of `kind` in `lang`; a field the caller has no value for (a
        conflict has no marginal value, say) is left blank."""
        template = self.sentences.get(kind, {}).get(lang) or DEFAULT_SENTENCES[kind][lang]
        title = self.title_en if lang == "en" else self.title_zh
        return template.format_map(_BlankMissing(fields, title=title))

    def defaults(self) -> RuleParams:
        return self.Params()

    def adjust(self, b: ModelBuilder, params: RuleParams) -> None:
        """Before the variables exist: narrow `b.inputs.arcs` or adjust `b.inputs` where the rule
        acts on the data rather than as a row (e.g. forbidden uses, capped prepayments)."""

    def define(self, b: ModelBuilder, params: RuleParams) -> None:
        """Add this family's rows to the model (named by `b.add`); return early if none apply."""

    def check(self, data: Dataset, params: RuleParams) -> list[Problem]:
        """Problems that make this rule impossible to apply to `data` (missing tables, sources)."""
        return []

    def parameter_text(self, params: RuleParams) -> str:
        """The family's own parameters as `name=value`, for summaries."""
        own = {k: v for k, v in params.model_dump().items() if k not in RuleParams.model_fields}
        if params.status == "soft":
            own["penalty"] = params.penalty
        return ", ".join(f"{k}={_fmt(v)}" for k, v in own.items())

    def __repr__(self) -> str:
        return f"<rule family {self.id}>"


def _fmt(value: object) -> str:
    if value is None:  # as the policy file writes it
        return "null"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return str(value)


def present(data: Dataset, codes) -> list[str]:
    """The codes of `codes` that are categories of `data`, in the order given: a family whose
    clause names several programmes applies to those a dataset has."""
    known = {k.code for k in data.categories}
    return [code for code in codes if code in known]


def missing(file: str, expected: str, rule_id: str) -> Problem:
    """A dataset problem raised on behalf of a rule that is switched on."""
    return Problem(file, None, None, None, f"{expected} ({rule_id} is on)")


class _BlankMissing(dict):
    """Fields for str.format_map: a field not given reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""
