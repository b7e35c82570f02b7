"""What each column of each table holds, as the import reads a cell and the template writes one:
a code, a county, a source, a category, a year, money (万元 or 元), a share, a count, a list,
true/false, or one word of a list (designation, level, kind, basis, unit)."""

from __future__ import annotations

KINDS: dict[str, dict[str, str]] = {
    "counties": {
        "code": "code",
        "name": "text",
        "city": "text",
        "designation": "word:designation",
        "deep": "bool",
        "identified": "bool",
        "exit_year": "year",
        "note": "text",
    },
    "indicators": {
        "county_code": "county",
        "year": "year",
        "poor_population": "count",
        "poverty_incidence": "share",
        "rural_population": "count",
        "rural_income_yuan": "yuan",
        "fiscal_revenue_per_head_yuan": "yuan",
        "performance_score": "share",
    },
    "sources": {
        "code": "code",
        "name": "text",
        "name_en": "text",
        "level": "word:level",
        "kind": "word:kind",
        "earmark": "bool",
        "block": "bool",
        "note": "text",
    },
    "budgets": {
        "source": "source",
        "year": "year",
        "amount_wan": "wan",
        "city": "text",
        "county_code": "county",
    },
    "categories": {
        "code": "code",
        "name": "text",
        "name_en": "text",
        "unit": "word:unit",
        "unit_cost_wan": "rate_wan",
        "payment_profile": "shares",
        "benefit_per_unit": "number",
        "sources": "sources",
        "note": "text",
    },
    "needs": {
        "county_code": "county",
        "category": "category",
        "units": "count",
        "basis": "word:basis",
        "deadline": "year",
        "note": "text",
    },
    "projects": {
        "id": "code",
        "name": "text",
        "county_code": "county",
        "category": "category",
        "cost_profile_wan": "wan_list",
        "units": "count",
        "beneficiaries": "count",
        "earliest_start": "year",
        "latest_start": "year",
        "prerequisites": "codes",
        "divisible": "bool",
        "min_fraction": "share",
        "illustrative": "bool",
    },
    "history": {
        "year": "year",
        "county_code": "county",
        "source": "source",
        "category": "category",
        "amount_wan": "wan",
    },
    "commitments": {
        "year": "year",
        "county_code": "county",
        "source": "source",
        "category": "category",
        "amount_wan": "wan",
        "started": "year",
    },
    "loans": {
        "source": "source",
        "county_code": "county",
        "year_lent": "year",
        "amount_wan": "wan",
        "term_years": "number",
    },
}

# the column a table's numbers go to when one column per fund, category or year holds them
VALUE_COLUMN = {
    "history": "amount_wan",
    "budgets": "amount_wan",
    "commitments": "amount_wan",
    "loans": "amount_wan",
    "needs": "units",
}
NUMERIC = {"wan", "rate_wan", "yuan", "share", "count", "number"}
ADDITIVE = {"wan", "count"}  # columns a 合计 row adds up (not rates, shares or years)
MONEY = {"wan", "rate_wan", "wan_list", "yuan"}


def kind(table: str, column: str) -> str:
    return KINDS[table][column]


def year_column(table: str) -> str | None:
    """The column a year dimension fills: year, or loans' year_lent; None if the table has none."""
    if table == "loans":
        return "year_lent"
    return "year" if "year" in KINDS[table] else None


def dimension_column(table: str, dimension: str) -> str | None:
    if dimension == "year":
        return year_column(table)
    return dimension if dimension in KINDS[table] else None
