"""policy.yaml: the dataset's name and years, the objective, the factor-method weights and every
rule family's parameters, validated by each family's own parameter model."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from optimiser.io.yaml_files import YamlDoc
from optimiser.problems import Problem
from optimiser.rules import BY_ID, FAMILIES
from optimiser.rules.base import RuleParams
from optimiser.schemas.messages import choices_text, expected_text
from optimiser.schemas.params import read_percent, status_word
from optimiser.schemas.types import Code

FILE = "policy.yaml"
FACTORS = ("poor_population", "poverty_incidence", "rural_income", "fiscal_capacity", "performance")


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class DatasetMeta(Strict):
    name: Code
    title: str = Field(min_length=1)
    synthetic: bool = False
    # the language every output of a run on this dataset speaks unless --lang says otherwise
    lang: Literal["zh", "en"] = "zh"


class Years(Strict):
    actuals: list[int] = Field(default_factory=list)
    plan: list[int] = Field(min_length=1)

    @field_validator("actuals", "plan")
    @classmethod
    def _ascending(cls, years: list[int]) -> list[int]:
        if years != sorted(set(years)):
            raise ValueError("years in ascending order, each once")
        if any(y < 1949 or y > 2100 for y in years):
            raise ValueError("four-digit years such as 2018")
        return years

    @model_validator(mode="after")
    def _actuals_before_plan(self) -> Years:
        if self.plan != list(range(self.plan[0], self.plan[-1] + 1)):
            raise ValueError("consecutive plan years")
        return self


class Segment(Strict):
    up_to: float | None = Field(
        description="share of the county's poor population this segment "
        "reaches up to; null for the last, unbounded segment"
    )
    weight: float = Field(ge=0, le=10, description="value of one person reached in this segment")


DEFAULT_SEGMENTS = (
    Segment(up_to=0.5, weight=1.0),
    Segment(up_to=1.0, weight=0.5),
    Segment(up_to=None, weight=0.1),
)


class Objective(Strict):
    mode: Literal["impact", "formula"] = "impact"
    segments: tuple[Segment, ...] = Field(
        DEFAULT_SEGMENTS,
        min_length=1,
        description="diminishing returns: each county's people "
        "reached, by share of its poor population, and what one more is worth (an assumption)",
    )
    deep_weight: float = Field(
        1.0,
        ge=0,
        le=100,
        description="weight of a poor person reached in a deep county relative to elsewhere",
    )
    stability_weight: float = Field(
        0.0,
        ge=0,
        le=100,
        description="objective units per 万元 by which a county's money (all sources, "
        "commitments included) changes from the year before: from the actuals in history.csv "
        "for the first planned year, from the previous year's plan after that; subtracted in "
        "impact mode, added in formula mode; 0 adds nothing to the model",
    )

    @field_validator("segments")
    @classmethod
    def _diminishing(cls, segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
        bounds = [s.up_to for s in segments[:-1]]
        if any(b is None for b in bounds) or bounds != sorted(bounds):
            raise ValueError("segments with increasing up_to, only the last one open (null)")
        weights = [s.weight for s in segments]
        if weights != sorted(weights, reverse=True):
            raise ValueError("segment weights that do not increase (diminishing returns)")
        return segments


class FactorMethod(Strict):
    weights: dict[Literal[FACTORS], float] = Field(  # type: ignore[valid-type]
        default_factory=lambda: {"poor_population": 1.0}
    )

    @field_validator("weights")
    @classmethod
    def _sum_to_one(cls, weights: dict[str, float]) -> dict[str, float]:
        if any(w < 0 for w in weights.values()):
            raise ValueError("weights ≥ 0")
        if abs(sum(weights.values()) - 1.0) > 1e-6:
            raise ValueError(f"weights that sum to 1; these sum to {sum(weights.values()):g}")
        return weights


class ImportNames(Strict):
    """Names this dataset's workbooks use that the header dictionary of `allocate import` lacks
    (optimiser/importing/headers.yaml): column names by table and column, and names of
    counties, sources and categories by code, and sheet words by table."""

    columns: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    counties: dict[str, list[str]] = Field(default_factory=dict)
    sources: dict[str, list[str]] = Field(default_factory=dict)
    categories: dict[str, list[str]] = Field(default_factory=dict)
    sheets: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("columns")
    @classmethod
    def _known_columns(cls, columns: dict[str, dict[str, list[str]]]) -> dict:
        from optimiser.schemas.rows import TABLES

        for table, named in columns.items():
            if table not in TABLES:
                raise ValueError(f"a table name ({', '.join(TABLES)}), not {table}")
            unknown = sorted(set(named) - set(TABLES[table].model_fields))
            if unknown:
                known = ", ".join(TABLES[table].model_fields)
                raise ValueError(f"columns of {table} ({known}), not {', '.join(unknown)}")
        return columns

    @field_validator("sheets")
    @classmethod
    def _known_tables(cls, sheets: dict[str, list[str]]) -> dict:
        from optimiser.schemas.rows import TABLES

        unknown = sorted(set(sheets) - set(TABLES))
        if unknown:
            raise ValueError(f"table names ({', '.join(TABLES)}), not {', '.join(unknown)}")
        return sheets


class Policy(Strict):
    dataset: DatasetMeta
    years: Years
    objective: Objective = Objective()
    factor_method: FactorMethod = FactorMethod()
    rules: dict[str, RuleParams]
    import_names: ImportNames = ImportNames()

    def rule(self, rule_id: str) -> RuleParams:
        return self.rules[rule_id]


SECTIONS = {
    "dataset": DatasetMeta,
    "years": Years,
    "objective": Objective,
    "factor_method": FactorMethod,
    "import_names": ImportNames,
}


def validate_policy(doc: YamlDoc | None) -> tuple[Policy | None, list[Problem]]:
    if doc is None:
        return None, []
    data = doc.data
    if not isinstance(data, dict):
        return None, [
            Problem(FILE, 1, None, None, "a mapping with keys " + ", ".join([*SECTIONS, "rules"]))
        ]
    problems: list[Problem] = []
    sections: dict[str, object] = {}
    for key in data:
        if key not in SECTIONS and key != "rules":
            problems.append(
                Problem(
                    FILE,
                    doc.line(key),
                    str(key),
                    None,
                    "one of the keys " + ", ".join([*SECTIONS, "rules"]),
                )
            )
    for key, model in SECTIONS.items():
        if key not in data:
            if model.model_fields and any(f.is_required() for f in model.model_fields.values()):
                problems.append(Problem(FILE, None, key, None, f"a section {key}: (required)"))
            continue
        try:
            sections[key] = model.model_validate(data[key] or {})
        except ValidationError as exc:
            problems += _problems(exc, doc, (key,))
    rules, found = validate_rules(data.get("rules") or {}, doc)
    problems += found
    if problems:
        return None, problems
    return Policy(rules=rules, **sections), []


def validate_rules(raw: object, doc: YamlDoc) -> tuple[dict[str, RuleParams], list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        return {}, [
            Problem(
                FILE, doc.line("rules"), "rules", None, "a mapping of rule ids to their parameters"
            )
        ]
    for key in raw:
        if key not in BY_ID:
            problems.append(
                Problem(
                    FILE,
                    doc.line("rules", key),
                    f"rules.{key}",
                    None,
                    "a known rule id: " + choices_text(str(key), list(BY_ID), shown=len(BY_ID)),
                )
            )
    rules: dict[str, RuleParams] = {}
    for family in FAMILIES:
        values, found = _rule_values(family, raw.get(family.id), doc)
        problems += found
        if values is None:
            continue
        try:
            rules[family.id] = family.Params.model_validate(values)
        except ValidationError as exc:
            problems += _problems(exc, doc, ("rules", family.id), family.Params)
    return rules, problems


def _rule_values(family, written: object, doc: YamlDoc) -> tuple[dict | None, list[Problem]]:
    """A rule's entry as its parameter model reads it: a bare status (`R-EARMARK: off`) as
    {status: off}, status words in any case as hard/soft/off, shares written in percent as
    fractions. None, with the problems, when the entry cannot be read."""
    where = ("rules", family.id)
    if written is None:
        return {}, []
    if not isinstance(written, dict):
        status = status_word(written)
        if status is None:
            return None, [
                Problem(
                    FILE,
                    doc.line(*where),
                    f"rules.{family.id}",
                    str(written),
                    "a mapping of parameter names to values, or a status: hard, soft or off "
                    "(also on, yes, true: hard; no, false: off)",
                )
            ]
        return {"status": status}, []
    values = dict(written)
    if "status" in values and status_word(values["status"]) is not None:
        values["status"] = status_word(values["status"])
    problems = []
    for name, value in values.items():
        read, refused = read_percent(family.Params, str(name), value)
        if refused is not None:
            problems.append(
                Problem(FILE, doc.line(*where, name), f"rules.{family.id}.{name}", value, refused)
            )
        values[name] = read
    return (None if problems else values), problems


def _problems(
    exc: ValidationError, doc: YamlDoc, prefix: tuple, model: type[BaseModel] | None = None
) -> list[Problem]:
    found = []
    for error in exc.errors(include_url=False):
        path = prefix + tuple(error["loc"])
        key = ".".join(str(p) for p in path)
        field = (
            model.model_fields.get(str(error["loc"][0]))
            if model is not None and error["loc"]
            else None
        )
        if error["type"] == "extra_forbidden":
            known = (
                ": " + choices_text(str(error["loc"][0]), list(model.model_fields))
                if model is not None and error["loc"]
                else ""
            )
            expected = "a known parameter" + known
        else:
            expected = expected_text(error, field.description if field is not None else None)
        value = error.get("input")
        shown = None if isinstance(value, dict) or error["type"] == "missing" else str(value)
        found.append(Problem(FILE, doc.line(*path), key, shown, expected))
    return found
