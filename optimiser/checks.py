"""Checks across tables: codes that must exist, keys that must be unique, and the dataset-wide
conditions of the format (data/README.md). Each problem points at the row that holds the fault."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from operator import attrgetter, is_not
from typing import TYPE_CHECKING

from optimiser.problems import Problem
from optimiser.provenance import ALL_LEVELS, chooser, plan_warning
from optimiser.register import load_register
from optimiser.rules import FAMILIES
from optimiser.schemas.rows import TABLES
from optimiser.schemas.tables import NO_ROWS, LocatedRows

if TYPE_CHECKING:
    from optimiser.dataset import Dataset
    from optimiser.schemas.tables import Located


def check_dataset(data: Dataset, has_provenance: bool) -> list[Problem]:
    return check_tables(data) + _provenance(data, has_provenance)


def check_tables(data: Dataset) -> list[Problem]:
    """Every check but provenance.yaml's (which a variant's overrides do not change, and which
    walks every cell: 0.18 s of each what-if on Shanxi)."""
    problems: list[Problem] = []
    problems += _references(data)
    problems += _counties(data)
    problems += _sources_used(data)
    problems += _budgets(data)
    problems += _years(data)
    problems += _projects(data)
    problems += _rules(data)
    return problems


def _rows(data: Dataset, table: str) -> LocatedRows:
    return data.located.get(table) or NO_ROWS


def _values(located: LocatedRows, column: str) -> set:
    """Every value of a column (each code of a list column), read straight off the rows: a
    table of a million rows is checked in a few hundredths of a second."""
    values = list(map(attrgetter(column), located.rows))
    if values and isinstance(values[0], list):  # a list column: every row holds a list
        return {code for v in values for code in (v if isinstance(v, list) else [v])}
    return set(values)


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
        located = _rows(data, table)
        unknown = _values(located, column) - known - {None}
        if not unknown:  # the common case: read the column once, no row looked at
            continue
        target = table_file.get(
            {
                "county": "counties",
                "source": "sources",
                "category": "categories",
                "project": "projects",
            }[what],
            "",
        )
        for item in located:
            value = getattr(item.row, column)
            for code in value if isinstance(value, list) else [value]:
                if code in unknown:
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
    history = _rows(data, "history")
    for item in history if _values(history, "year") - set(data.years.actuals) else ():
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


# ------------------------------------------------------------------------------------------
# Provenance (provenance.yaml; the levels and how `rows` applies: optimiser/provenance.py)
# ------------------------------------------------------------------------------------------
PROVENANCE = "provenance.yaml"
OLD_BASES = {  # the words provenance.yaml used before levels, and what replaced them
    "cited": "seed clause (printed in a source at hand) or public report (a PUB-... figure)",
    "derived": "derived (from seed clauses) or public report (from PUB-... figures)",
    "estimate": "estimate or synthetic",
}


def _provenance(data: Dataset, has_provenance: bool) -> list[Problem]:
    """provenance.yaml: an entry for every column of every table, each entry a known level with
    the clauses and method that level needs, every cell covered by an entry, and the `dataset`
    block saying whether the dataset rests on estimates (and saying it truly)."""
    if not has_provenance:
        return [
            Problem(
                PROVENANCE,
                None,
                None,
                None,
                "a provenance file saying where each figure comes from",
                severity="warning",
            )
        ]
    prov = data.provenance
    if not isinstance(prov, dict):
        return [Problem(PROVENANCE, None, None, None, "a mapping of table files to columns")]
    problems: list[Problem] = []
    register = load_register()
    for name, rows in data.located.items():
        if not rows:
            continue
        file = f"{name}.csv"
        columns = prov.get(file)
        if not isinstance(columns, dict):
            problems.append(
                Problem(
                    PROVENANCE,
                    None,
                    file,
                    None,
                    f"an entry for {file} covering each of its columns",
                )
            )
            continue
        present = _present(rows)
        for column in sorted(present - set(columns)):
            problems.append(
                Problem(
                    PROVENANCE,
                    None,
                    f"{file}.{column}",
                    None,
                    "where the figures of this column come from",
                )
            )
        for column in sorted(present & set(columns)):
            problems += _coverage(file, column, columns[column], rows)
    for file, columns in prov.items():
        if file == "dataset":
            continue
        if not isinstance(columns, dict):
            problems.append(
                Problem(PROVENANCE, None, str(file), None, "a mapping of columns to entries")
            )
            continue
        table = str(file).removesuffix(".csv")
        known = set(TABLES[table].model_fields) if table in TABLES else None
        for column, entries in columns.items():
            for entry in entries if isinstance(entries, list) else [entries]:
                problems += _provenance_entry(f"{file}.{column}", entry, register, known)
    problems += _dataset_block(data, prov.get("dataset"))
    return problems


def _provenance_entry(key: str, entry: object, register, columns: set[str] | None) -> list[Problem]:
    """One entry: its level, the clauses and method the level needs, a well-formed `rows`."""
    expected_level = "a `level`, one of " + ", ".join(ALL_LEVELS)
    if not isinstance(entry, dict):
        return [Problem(PROVENANCE, None, key, None, f"an entry with {expected_level}")]
    if "level" not in entry and "basis" in entry:
        old = str(entry["basis"])
        hint = OLD_BASES.get(old, "the level that says how the figure is known")
        return [
            Problem(
                PROVENANCE,
                None,
                key,
                f"basis: {old}",
                f"{expected_level} (`basis` is the old vocabulary; for '{old}' write {hint})",
            )
        ]
    level = entry.get("level")
    if level not in ALL_LEVELS:
        return [
            Problem(PROVENANCE, None, key, None if level is None else str(level), expected_level)
        ]
    problems = []
    clauses = [str(c) for c in entry.get("clauses") or []]
    found = []
    for clause_id in clauses:
        clause = register.resolve(clause_id)
        if clause is None:
            problems.append(
                Problem(PROVENANCE, None, key, clause_id, "a clause id in seeds/register.yaml")
            )
        else:
            found.append(clause)
    public = [c for c in found if not c.document.held]
    if level == "seed clause":
        if not clauses:
            problems.append(
                Problem(PROVENANCE, None, key, level, "the clauses the figure is printed in")
            )
        elif public:
            problems.append(
                Problem(
                    PROVENANCE,
                    None,
                    key,
                    ", ".join(c.id for c in public),
                    "clauses of documents at hand for a `seed clause` figure; a figure from a "
                    "public report not at hand is `public report`",
                )
            )
    if level == "public report" and not public:
        problems.append(
            Problem(
                PROVENANCE,
                None,
                key,
                ", ".join(clauses) or None,
                "the public report's entry (a clause of a document not at hand, PUB-...) for a "
                "`public report` figure",
            )
        )
    if level == "derived" and public:
        problems.append(
            Problem(
                PROVENANCE,
                None,
                key,
                ", ".join(c.id for c in public),
                "seed clauses only for a `derived` figure; a figure computed from a public "
                "report is `public report` (or `estimate` when assumptions enter)",
            )
        )
    if level in ("derived", "estimate", "synthetic") and not entry.get("method"):
        problems.append(
            Problem(
                PROVENANCE,
                None,
                key,
                level,
                "a method saying how the figures were derived, estimated or made up",
            )
        )
    selector = entry.get("rows")
    if selector is not None:
        if not isinstance(selector, dict) or not selector:
            problems.append(
                Problem(
                    PROVENANCE,
                    None,
                    key,
                    str(selector),
                    "`rows` as a mapping of columns to a value or a list of values",
                )
            )
        elif columns is not None:
            for column in selector:
                if column not in columns:
                    problems.append(
                        Problem(
                            PROVENANCE,
                            None,
                            key,
                            str(column),
                            "`rows` naming columns of the same table: "
                            + ", ".join(sorted(columns)),
                        )
                    )
    return problems


def _present(rows: LocatedRows) -> set[str]:
    """The columns that hold a value in some row (given, not a default)."""
    first = rows.rows[0]
    if hasattr(first, "_fields"):  # records: a field is given exactly when it holds a value
        given = partial(is_not, None)
        return {c for c in first._fields if any(map(given, map(attrgetter(c), rows.rows)))}
    present: set[str] = set()
    for row in rows.rows:
        present |= {k for k in row.model_fields_set if getattr(row, k) is not None}
    return present


def _coverage(file: str, column: str, entries: object, rows) -> list[Problem]:
    """Every non-empty cell of the column is covered by one of its entries."""
    choose = chooser(entries)
    listed = entries if isinstance(entries, list) else [entries]
    narrowed = any(isinstance(e, dict) and e.get("rows") is not None for e in listed)
    if rows and not narrowed and choose(rows.rows[0]) is not None:
        return []  # no entry narrows itself to some rows: the first covers every row
    missed = [
        item.number
        for item in rows
        if column in item.row.model_fields_set
        and getattr(item.row, column) is not None
        and choose(item.row) is None
    ]
    if not missed:
        return []
    return [
        Problem(
            PROVENANCE,
            None,
            f"{file}.{column}",
            f"row {missed[0]}" + (f" and {len(missed) - 1} more" if len(missed) > 1 else ""),
            "an entry covering every row (a last entry without `rows` covers the rest)",
        )
    ]


def _dataset_block(data: Dataset, block: object) -> list[Problem]:
    """`dataset: {rests_on_estimates: true|false}`: whether figures that shape the plan are
    estimates or synthetic, as the profile finds them."""
    warning = plan_warning(data)
    if block is None:
        return [
            Problem(
                PROVENANCE,
                None,
                "dataset.rests_on_estimates",
                None,
                "a `dataset` block saying whether the dataset rests on estimates",
                severity="warning",
            )
        ]
    flag = block.get("rests_on_estimates") if isinstance(block, dict) else None
    if not isinstance(flag, bool):
        return [
            Problem(
                PROVENANCE,
                None,
                "dataset.rests_on_estimates",
                None if flag is None else str(flag),
                "true or false: whether figures that shape the plan are estimates or synthetic",
            )
        ]
    if flag != (warning is not None):
        found = (
            f"{', '.join(warning.levels)} figures in {', '.join(warning.tables) or 'the data'}"
            if warning
            else "no estimated or synthetic figure among those that shape the plan"
        )
        return [
            Problem(
                PROVENANCE,
                None,
                "dataset.rests_on_estimates",
                str(flag).lower(),
                f"{str(not flag).lower()}: the entries give {found}",
            )
        ]
    return []
