"""One frozen pydantic model per table row: the types, ranges and within-row rules of the dataset
format (data/README.md). Checks that need more than one row live in optimiser.checks.

The tables that grow with counties x sources x categories x years (history, commitments, loans)
are validated by column (optimiser.schemas.tables) and their rows kept as records: named tuples
with the model's fields, a tenth of a pydantic instance's memory (a million history rows: about
100 MB, not 1 GB). A record reads like the model's instance: its fields by name, `model_dump()`
and `model_fields_set` (the fields given a value)."""

from __future__ import annotations

from collections import namedtuple
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from optimiser.schemas.types import (
    Bool,
    Code,
    CodeList,
    NonNeg,
    NumberList,
    OptBool,
    OptCode,
    OptNonNeg,
    OptShare,
    OptText,
    OptYear,
    Positive,
    Term,
    Text,
    Year,
)

PROFILE_TOLERANCE = 1e-6


class CellError(ValueError):
    """A within-row rule that fails, naming the column a user should look at."""

    def __init__(self, column: str, expected: str):
        super().__init__(expected)
        self.column = column
        self.expected = expected


class Row(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )


class County(Row):
    code: Code
    name: Text
    city: OptText = None
    designation: Literal["national", "provincial", "none"] = Field(
        description="national, provincial or none"
    )
    deep: Bool
    identified: OptBool = None
    exit_year: OptYear = None
    note: OptText = None

    @property
    def is_identified(self) -> bool:
        return self.identified is not False

    @property
    def is_poverty_county(self) -> bool:
        return self.designation != "none"

    @model_validator(mode="after")
    def _city_unless_unidentified(self) -> County:
        if self.city is None and self.is_identified:
            raise CellError("city", "a city name (only an unidentified county may leave it empty)")
        return self


class Indicator(Row):
    county_code: Code
    year: Year
    poor_population: NonNeg
    poverty_incidence: OptShare = None
    rural_population: OptNonNeg = None
    rural_income_yuan: OptNonNeg = None
    fiscal_revenue_per_head_yuan: OptNonNeg = None
    performance_score: OptShare = None


class Source(Row):
    code: Code
    name: Text
    name_en: OptText = None
    level: Literal["central", "provincial", "city", "county", "bank"] = Field(
        description="central, provincial, city, county or bank"
    )
    kind: Literal["grant", "revolving", "relending", "credit", "fund"] = Field(
        description="grant, revolving, relending, credit or fund"
    )
    earmark: Bool
    block: Bool
    note: OptText = None


class Budget(Row):
    source: Code
    year: Year
    amount_wan: NonNeg
    city: OptText = None
    county_code: OptCode = None

    @model_validator(mode="after")
    def _one_scope(self) -> Budget:
        if self.city is not None and self.county_code is not None:
            raise CellError("county_code", "at most one of city and county_code")
        return self


class Category(Row):
    code: Code
    name: Text
    name_en: OptText = None
    unit: Text
    unit_cost_wan: Positive
    payment_profile: NumberList
    benefit_per_unit: NonNeg
    sources: CodeList = Field(min_length=1, description="source codes separated by ';'")
    note: OptText = None

    @model_validator(mode="after")
    def _profile_sums_to_one(self) -> Category:
        total = sum(self.payment_profile)
        if abs(total - 1.0) > PROFILE_TOLERANCE:
            raise CellError("payment_profile", f"shares that sum to 1; these sum to {total:.6g}")
        return self


class Need(Row):
    county_code: Code
    category: Code
    units: NonNeg
    basis: Literal["total", "annual"] = Field("total", description="total or annual")
    deadline: OptYear = None
    note: OptText = None


class Project(Row):
    id: Code
    name: Text
    county_code: Code
    category: Code
    cost_profile_wan: NumberList
    units: NonNeg = 0.0
    beneficiaries: NonNeg
    earliest_start: Year
    latest_start: Year
    prerequisites: CodeList = Field(default_factory=list)
    divisible: OptBool = None
    min_fraction: OptShare = None
    illustrative: Bool = Field(
        False, description="true or false: an illustrative (made-up) project, not a real one"
    )

    @property
    def total_cost_wan(self) -> float:
        return sum(self.cost_profile_wan)

    @property
    def is_divisible(self) -> bool:
        return bool(self.divisible)

    @model_validator(mode="after")
    def _consistent(self) -> Project:
        if self.total_cost_wan <= 0:
            raise CellError("cost_profile_wan", "a cost profile with a total above 0")
        if self.latest_start < self.earliest_start:
            raise CellError("latest_start", "a year no earlier than earliest_start")
        if self.id in self.prerequisites:
            raise CellError("prerequisites", "other projects; a project cannot require itself")
        return self


class HistoryRow(Row):
    year: Year
    county_code: Code
    source: Code
    category: OptCode = None
    amount_wan: NonNeg


class Commitment(Row):
    year: Year
    county_code: Code
    source: Code
    category: Code
    amount_wan: NonNeg
    started: OptYear = None


class Loan(Row):
    source: Code
    county_code: Code
    year_lent: Year
    amount_wan: Positive
    term_years: Term


class _RecordMethods:
    """What a record offers besides its fields, as a pydantic row does."""

    __slots__ = ()

    @property
    def model_fields_set(self) -> set[str]:
        return {name for name, value in zip(self._fields, self, strict=True) if value is not None}

    def model_dump(self) -> dict:
        return dict(zip(self._fields, self, strict=True))


def _record(model: type[Row]) -> type:
    """The record type of a row model whose optional fields all default to None (so a field is
    given exactly when it holds a value) and that has no rule across its fields."""
    for name, field in model.model_fields.items():
        assert field.is_required() or field.default is None, (model, name)
    assert not model.__pydantic_decorators__.model_validators, model
    name = model.__name__.removesuffix("Row") + "Record"
    base = namedtuple(f"_{name}", list(model.model_fields), module=__name__)  # noqa: PYI024
    namespace = {"__slots__": (), "__module__": __name__, "__qualname__": name}
    namespace["model_fields"] = model.model_fields
    namespace["schema"] = model
    return type(name, (base, _RecordMethods), namespace)


HistoryRecord = _record(HistoryRow)
CommitmentRecord = _record(Commitment)
LoanRecord = _record(Loan)
RECORDS: dict[type[Row], type] = {
    HistoryRow: HistoryRecord,
    Commitment: CommitmentRecord,
    Loan: LoanRecord,
}

TABLES: dict[str, type[Row]] = {
    "counties": County,
    "indicators": Indicator,
    "sources": Source,
    "budgets": Budget,
    "categories": Category,
    "needs": Need,
    "projects": Project,
    "history": HistoryRow,
    "commitments": Commitment,
    "loans": Loan,
}
REQUIRED_TABLES = ("counties", "indicators", "sources", "budgets", "categories", "needs", "history")
