"""Checks across tables: codes that must exist, keys that must be unique, and the dataset-wide
conditions of the format (data/README.md). Each problem points at the row that holds the fault."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from optimiser.problems import Problem
from optimiser.register import load_register
from optimiser.rules import FAMILIES

if TYPE_CHECKING:
    from optimiser.dataset import Dataset
    from optimiser.schemas.tables import Located


def check_dataset(data: Dataset, has_provenance: bool) -> list[Problem]:
    problems: list[Problem] = []
    problems += _references(data)
    problems += _counties(data)
    problems += _sources_used(data)
    problems += _budgets(data)
    problems += _years(data)
    problems += _projects(data)
    problems += _rules(data)
    problems += _provenance(data, has_provenance)
    return problems


def _rows(data: Dataset, table: str) -> tuple[Located, ...]:
    return data.located.get(table, ())


def unique_keys(located: dict[str, tuple[Located, ...]]) -> list[Problem]:
    """Duplicate keys, table by table: checked even when other rows failed, since it needs
    nothing from other tables."""

    def rows(table: str) -> tuple[Located, ...]:
        return located.get(table, ())

    return (
        _duplicates(rows("counties"), lambda r: r.code, "code", "county code")
        + _duplicates(rows("sources"), lambda r: r.code, "code", "source code")
        + _duplicates(rows("categories"), lambda r: r.code, "code", "category code")
        + _duplicates(rows("projects"), lambda r: r.id, "id", "project id")
        + _duplicates(
            rows("indicators"), lambda r: (r.county_code, r.year), "county_code", "county and year"
        )
        + _duplicates(
            rows("budgets"),
            lambda r: (r.source, r.year, r.city, r.county_code),
            "source",
            "source, year, city and county",
        )
        + _duplicates(
            rows("needs"),
            lambda r: (r.county_code, r.category),
            "county_code",
            "county and category",
        )
    )


def _duplicates(items: Iterable[Located], key: Callable, column: str, what: str) -> list[Problem]:
    items = list(items)
    counts = Counter(key(item.row) for item in items)
    seen: set = set()
    problems = []
    for item in items:
        k = key(item.row)
        if counts[k] > 1 and k in seen:
            shown = "/".join(str(p) for p in k) if isinstance(k, tuple) else str(k)
            problems.append(
                Problem(
                    item.file,
                    item.number,
                    column,
                    shown,
                    f"each {what} once; it appears {counts[k]} times",
                )
            )
        seen.add(k)
    return problems


def _references(data: Dataset) -> list[Problem]:
    counties = set(data.county_by_code)
    sources = set(data.source_by_code)
    categories = set(data.category_by_code)
    projects = {p.id for p in data.projects}
    checks = [
        ("indicators", "county_code", counties, "county"),
        ("budgets", "county_code", counties, "county"),
        ("budgets", "source", sources, "source"),
        ("needs", "county_code", counties, "county"),
        ("needs", "category", categories, "category"),
        ("projects", "county_code", counties, "county"),
        ("projects", "category", categories, "category"),
        ("projects", "prerequisites", projects, "project"),
        ("history", "county_code", counties, "county"),
        ("history", "source", sources, "source"),
        ("history", "category", categories, "category"),
        ("commitments", "county_code", counties, "county"),
        ("commitments", "source", sources, "source"),
        ("commitments", "category", categories, "category"),
        ("loans", "county_code", counties, "county"),
        ("loans", "source", sources, "source"),
        ("categories", "sources", sources, "source"),
    ]
    table_file = {
        "counties": "counties.csv",
        "sources": "sources.csv",
        "categories": "categories.csv",
        "projects": "projects.csv",
    }
    problems = []
    for table, column, known, what in checks:
        for item in _rows(data, table):
            value = getattr(item.row, column)
            for code in value if isinstance(value, list) else [value]:
                if code is not None and code not in known:
                    target = table_file.get(
                        {
                            "county": "counties",
                            "source": "sources",
                            "category": "categories",
                            "project": "projects",
                        }[what],
                        "",
                    )
                    problems.append(
                        Problem(
                            item.file,
                            item.number,
                            column,
                            code,
                            f"a {what} code defined in {target}",
                        )
                    )
    cities = {c.city for c in data.counties if c.city}
    for item in _rows(data, "budgets"):
        if item.row.city is not None and item.row.city not in cities:
            problems.append(
                Problem(
                    item.file, item.number, "city", item.row.city, "a city named in counties.csv"
                )
            )
    for item in _rows(data, "loans"):
        source = data.source_by_code.get(item.row.source)
        if source is not None and source.kind not in ("revolving", "relending"):
            problems.append(
                Problem(
                    item.file,
                    item.number,
                    "source",
                    item.row.source,
                    "a source of kind revolving or relending",
                )
            )
    return problems


def _counties(data: Dataset) -> list[Problem]:
    problems = []
    for item in _rows(data, "counties"):
        county = item.row
        if county.deep and not county.is_poverty_county:
            problems.append(
                Problem(
                    item.file,
                    item.number,
                    "deep",
                    "true",
                    "deep only for a poverty county (designation national or "
                    "provincial); this one is 'none'",
                )
            )
    with_indicators = {i.county_code for i in data.indicators}
    for item in _rows(data, "counties"):
        if item.row.code not in with_indicators:
            problems.append(
                Problem(
                    "indicators.csv",
                    None,
                    "county_code",
                    item.row.code,
                    "at least one row of indicators for every county",
                    severity="warning",
                )
            )
    return problems


def _sources_used(data: Dataset) -> list[Problem]:
    used = {code for c in data.categories for code in c.sources}
    return [
        Problem(
            item.file,
            item.number,
            "code",
            item.row.code,
            "a source that some category lists in its `sources`; this one is eligible for nothing",
        )
        for item in _rows(data, "sources")
        if item.row.code not in used
    ]


def _budgets(data: Dataset) -> list[Problem]:
    problems = []
    for item in _rows(data, "budgets"):
        budget = item.row
        source = data.source_by_code.get(budget.source)
        if source is None:
            continue
        if source.level == "city" and budget.city is None:
            problems.append(
                Problem(
                    item.file,
                    item.number,
                    "city",
                    None,
                    f"the city that provides the city-level source {source.code}",
                )
            )
        if source.level == "county" and budget.county_code is None:
            problems.append(
                Problem(
                    item.file,
                    item.number,
                    "county_code",
                    None,
                    f"the county that provides the county-level source {source.code}",
                )
            )
    return problems


def _years(data: Dataset) -> list[Problem]:
    problems = []
    plan = data.years.plan
    funded: dict[int, float] = defaultdict(float)
    for budget in data.budgets:
        funded[budget.year] += budget.amount_wan
    for year in plan:
        if year not in funded:
            problems.append(
                Problem(
                    "budgets.csv",
                    None,
                    "year",
                    str(year),
                    f"budget rows for plan year {year} (policy.yaml years.plan); there are none",
                )
            )
        elif funded[year] <= 0:
            problems.append(
                Problem(
                    "budgets.csv",
                    None,
                    "amount_wan",
                    str(year),
                    f"some money in plan year {year}; every budget of the year is 0",
                    severity="warning",
                )
            )
    for item in _rows(data, "history"):
        if item.row.year not in data.years.actuals:
            problems.append(
                Problem(
                    item.file,
                    item.number,
                    "year",
                    str(item.row.year),
                    "a year listed in policy.yaml years.actuals",
                )
            )
    for item in _rows(data, "commitments"):
        if item.row.year not in plan:
            problems.append(
                Problem(
                    item.file,
                    item.number,
                    "year",
                    str(item.row.year),
                    "a plan year (policy.yaml years.plan)",
                    severity="warning",
                )
            )
    for item in _rows(data, "projects"):
        project = item.row
        if project.latest_start < plan[0] or project.earliest_start > plan[-1]:
            problems.append(
                Problem(
                    item.file,
                    item.number,
                    "earliest_start",
                    f"{project.earliest_start}-{project.latest_start}",
                    f"a start window overlapping the plan years {plan[0]}-{plan[-1]}",
                    severity="warning",
                )
            )
    return problems


def _projects(data: Dataset) -> list[Problem]:
    """Prerequisite cycles: a project cannot (indirectly) require itself."""
    requires = {p.id: list(p.prerequisites) for p in data.projects}
    state: dict[str, int] = {}
    cyclic: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in requires.get(node, []):
            if state.get(nxt) == 1:
                cyclic.update(trail[trail.index(nxt) :] if nxt in trail else [nxt])
            elif state.get(nxt) is None and nxt in requires:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for pid in requires:
        if pid not in state:
            visit(pid, [pid])
    return [
        Problem(
            item.file,
            item.number,
            "prerequisites",
            ";".join(item.row.prerequisites),
            "prerequisites without a cycle; this project is part of one",
        )
        for item in _rows(data, "projects")
        if item.row.id in cyclic
    ]


def _rules(data: Dataset) -> list[Problem]:
    problems = []
    register = load_register()
    for family in FAMILIES:
        params = data.policy.rules[family.id]
        if params.on:
            problems += family.check(data, params)
        if params.borrowed is not None and register.resolve(params.borrowed) is None:
            problems.append(
                Problem(
                    "policy.yaml",
                    None,
                    f"rules.{family.id}.borrowed",
                    params.borrowed,
                    "a clause id in seeds/register.yaml (the clause the rule is borrowed from)",
                )
            )
    return problems


def _provenance(data: Dataset, has_provenance: bool) -> list[Problem]:
    if not has_provenance:
        return [
            Problem(
                "provenance.yaml",
                None,
                None,
                None,
                "a provenance file saying where each figure comes from",
                severity="warning",
            )
        ]
    prov = data.provenance
    if not isinstance(prov, dict):
        return [Problem("provenance.yaml", None, None, None, "a mapping of table files to columns")]
    problems = []
    register = load_register()
    for name, rows in data.located.items():
        if not rows:
            continue
        file = f"{name}.csv"
        columns = prov.get(file)
        if not isinstance(columns, dict):
            problems.append(
                Problem(
                    "provenance.yaml",
                    None,
                    file,
                    None,
                    f"an entry for {file} covering each of its columns",
                )
            )
            continue
        present = set()
        for item in rows:
            present |= {
                k for k, v in item.row.model_dump(exclude_defaults=True).items() if v is not None
            }
        for column in sorted(present - set(columns)):
            problems.append(
                Problem(
                    "provenance.yaml",
                    None,
                    f"{file}.{column}",
                    None,
                    "where the figures of this column come from",
                )
            )
    for file, columns in prov.items():
        for column, entries in (columns or {}).items():
            for entry in entries if isinstance(entries, list) else [entries]:
                problems += _provenance_entry(f"{file}.{column}", entry, register)
    return problems


BASES = ("cited", "derived", "estimate", "identifier")


def _provenance_entry(key: str, entry: object, register) -> list[Problem]:
    if not isinstance(entry, dict) or entry.get("basis") not in BASES:
        return [
            Problem(
                "provenance.yaml", None, key, None, "an entry with basis one of " + ", ".join(BASES)
            )
        ]
    problems = []
    for clause in entry.get("clauses") or []:
        if register.resolve(str(clause)) is None:
            problems.append(
                Problem(
                    "provenance.yaml", None, key, str(clause), "a clause id in seeds/register.yaml"
                )
            )
    if entry["basis"] == "cited" and not entry.get("clauses"):
        problems.append(Problem("provenance.yaml", None, key, None, "the clauses it is cited from"))
    if entry["basis"] in ("derived", "estimate") and not entry.get("method"):
        problems.append(
            Problem(
                "provenance.yaml",
                None,
                key,
                None,
                "a method saying how the figures were derived or estimated",
            )
        )
    return problems
