"""Checks across tables: codes that must exist, keys that must be unique, and the dataset-wide
conditions of the format (data/README.md). Each problem points at the row that holds the fault."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import partial
from itertools import chain, compress, count, repeat
from operator import attrgetter, contains, gt, is_not, lt, not_, or_
from typing import TYPE_CHECKING

from optimiser.notes import Note
from optimiser.problems import Problem
from optimiser.provenance import ALL_LEVELS, chosen
from optimiser.register import load_register
from optimiser.rules import FAMILIES
from optimiser.schemas.rows import TABLES
from optimiser.schemas.tables import FIELDS_SET, NO_ROWS, LocatedRows

if TYPE_CHECKING:
    from optimiser.dataset import Dataset
    from optimiser.schemas.tables import Located


def check_dataset(data: Dataset, has_provenance: bool) -> list[Problem]:
    return check_tables(data) + coverage(data) + _provenance(data, has_provenance)


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
    values = located.column(column)
    if values and isinstance(values[0], list):  # a list column: every row holds a list
        if all(map(isinstance, values, repeat(list))):
            return set(chain.from_iterable(values))
        return {code for v in values for code in (v if isinstance(v, list) else [v])}
    return set(values)


def unique_keys(located: dict[str, tuple[Located, ...]]) -> list[Problem]:
    """Duplicate keys, table by table: checked even when other rows failed, since it needs
    nothing from other tables."""

    def rows(table: str) -> tuple[Located, ...]:
        return located.get(table, ())

    return (
        _duplicates(rows("counties"), ("code",), "code", "county code")
        + _duplicates(rows("sources"), ("code",), "code", "source code")
        + _duplicates(rows("categories"), ("code",), "code", "category code")
        + _duplicates(rows("projects"), ("id",), "id", "project id")
        + _duplicates(rows("indicators"), ("county_code", "year"), "county_code", "county and year")
        + _duplicates(
            rows("budgets"),
            ("source", "year", "city", "county_code"),
            "source",
            "source, year, city and county",
        )
        + _duplicates(
            rows("needs"),
            ("county_code", "category"),
            "county_code",
            "county and category",
        )
    )


def _duplicates(
    items: Iterable[Located], fields: tuple[str, ...], column: str, what: str
) -> list[Problem]:
    """Rows whose key (the values of `fields`) an earlier row holds."""
    key = attrgetter(*fields)
    if isinstance(items, LocatedRows):
        values = [items.column(name) for name in fields]
        keys = values[0] if len(fields) == 1 else list(zip(*values, strict=True))
    else:
        items = list(items)
        keys = [key(item.row) for item in items]
    if len(set(keys)) == len(keys):  # the usual case: every key once
        return []
    counts = Counter(keys)
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
    projects = set(map(attrgetter("id"), data.projects))
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
    return problems


def _projects(data: Dataset) -> list[Problem]:
    """Prerequisite cycles: a project cannot (indirectly) require itself."""
    if not any(map(attrgetter("prerequisites"), data.projects)):
        return []
    # only a project with prerequisites can be part of a cycle
    requires = {p.id: list(p.prerequisites) for p in data.projects if p.prerequisites}
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
    if not cyclic:
        return []
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
    sets = list(map(FIELDS_SET, rows.rows))
    return {  # a column some row was given, holding a value in some row given it
        column
        for column in set().union(*sets)
        if any(
            value is not None and column in given
            for value, given in zip(map(attrgetter(column), rows.rows), sets, strict=True)
        )
    }


def _coverage(file: str, column: str, entries: object, rows) -> list[Problem]:
    """Every non-empty cell of the column is covered by one of its entries."""
    _, which = chosen(entries, rows.rows)
    if -1 not in which:  # an entry for every row
        return []
    missed = [
        number
        for row, number, entry in zip(rows.rows, rows.numbers, which, strict=True)
        if entry < 0 and column in row.model_fields_set and getattr(row, column) is not None
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
    warning = data.estimate_warning
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


# ------------------------------------------------------------------------------------------
# Coverage: every row is used by some run, or reported (data/README.md, "Rows no run uses")
# ------------------------------------------------------------------------------------------
class Unused(Problem):
    """A row no run can use: an error where it must be a mistake (a year the dataset does not
    have), a warning where it may be meant (a past year's budget kept for the record)."""


def _unused(item: Located, column: str, value: str, expected: str) -> Unused:
    """A warning of `coverage` on the row `item` holds."""
    return Unused(item.file, item.number, column, value, expected, severity="warning")


def coverage(data: Dataset) -> list[Problem]:
    """Rows that no run of the dataset's plan years reads, table by table. Checked on the dataset
    as loaded (`allocate validate` and every run), not on a what-if's variant: a variant
    changes numbers, not which rows there are."""
    problems: list[Problem] = []
    problems += _unused_years(data)
    problems += _unread_history(data)
    problems += _unread_indicators(data)
    problems += _unread_loans(data)
    problems += _unreachable(data)
    return problems


def _years_text(years: Iterable[int]) -> str:
    years = sorted(years)
    if not years:
        return "none"
    if years == list(range(years[0], years[-1] + 1)) and len(years) > 2:
        return f"{years[0]}-{years[-1]}"
    return ", ".join(map(str, years))


def _unused_years(data: Dataset) -> list[Problem]:
    """Budgets and commitments of a year no run plans; projects that start in none."""
    plan, actuals = set(data.years.plan), set(data.years.actuals)
    years = f"years.plan ({_years_text(plan)})"
    problems: list[Problem] = []
    for table, what, column in (
        ("budgets", "a budget", "year"),
        ("commitments", "a payment", "year"),
    ):
        located = _rows(data, table)
        if not _values(located, column) - plan:
            continue
        for item in located:
            year = item.row.year
            if year in plan:
                continue
            if year not in actuals and min(abs(year - y) for y in plan | actuals) > 1:
                expected = (
                    f"a year of policy.yaml {years} or years.actuals "
                    f"({_years_text(actuals)}): no run reads {what} of {year} "
                    f"({item.row.amount_wan:,.2f} 万元); correct the year, or add {year} to "
                    "years.plan"
                )
                severity = "error"
            elif year not in actuals:  # next to the dataset's years: may be data ahead
                expected = (
                    f"a year of policy.yaml {years}: {year} is not a year of the dataset, so no "
                    f"run reads {what} of it; add {year} to years.plan to plan it, or correct the "
                    "year"
                )
                severity = "warning"
            else:
                expected = (
                    f"a year of policy.yaml {years}: {year} is an actual year only, and a run "
                    f"reads {what} only of the years it plans, so no run reads this one; add "
                    f"{year} to years.plan to plan it, or delete the row"
                )
                severity = "warning"
            problems.append(
                Unused(item.file, item.number, "year", str(year), expected, severity=severity)
            )
    first, last = min(plan), max(plan)
    projects = _rows(data, "projects")
    ends = map(lt, projects.column("latest_start"), repeat(first))
    starts = map(gt, projects.column("earliest_start"), repeat(last))
    outside = list(compress(count(), map(or_, ends, starts)))
    for item in map(projects.__getitem__, outside):
        project = item.row
        if project.latest_start < first or project.earliest_start > last:
            problems.append(
                _unused(
                    item,
                    "earliest_start",
                    f"{project.earliest_start}-{project.latest_start}",
                    f"a start window overlapping the plan years {_years_text(plan)}: no run can "
                    "start this project; correct its years or delete the row",
                )
            )
    return problems


def _unread_history(data: Dataset) -> list[Problem]:
    """Actuals of a year no run compares with: a run reads the year before its first (growth
    floors, increases, stability) and two years before (R-INCREASE's double growth); a relief
    fund set up once adds up every year before the run."""
    plan = set(data.years.plan)
    located = _rows(data, "history")
    relief = data.policy.rules["R-RELIEF-FUND"]
    once = relief.on and getattr(relief, "once", False)
    unread = {
        y
        for y in _values(located, "year")
        if y + 1 not in plan and y + 2 not in plan and not (once and y < max(plan))
    }
    if not unread:
        return []
    return [
        _unused(
            item,
            "year",
            str(item.row.year),
            "actuals some run reads: a run compares its first year with the actuals of the year "
            f"before (and two years before); with the plan years {_years_text(plan)} no run reads "
            f"those of {item.row.year}; delete the rows, or add {item.row.year + 1} to years.plan",
        )
        for item in located
        if item.row.year in unread
    ]


def _unread_indicators(data: Dataset) -> list[Problem]:
    """Indicator rows no run reads: a run starting in year Y reads each county's latest row up
    to Y-1, or its earliest when it has none so early (optimiser.factor.latest_indicators)."""
    by_county: dict[str, set[int]] = defaultdict(set)
    for row in data.indicators:
        by_county[row.county_code].add(row.year)
    read: set[tuple[str, int]] = set()
    for county, years in by_county.items():
        for first in data.years.plan:
            earlier = [y for y in years if y <= first - 1]
            read.add((county, max(earlier) if earlier else min(years)))
    return [
        _unused(
            item,
            "year",
            str(item.row.year),
            "indicators some run reads: a run reads each county's latest indicators up to the "
            f"year before its first year; with the plan years {_years_text(data.years.plan)} no "
            f"run reads those of {item.row.year}; delete the row, or keep it as a record",
        )
        for item in _rows(data, "indicators")
        if (item.row.county_code, item.row.year) not in read
    ]


def _read_loans(data: Dataset) -> set[int]:
    """The loans a run reads (their indices): R-REVOLVING, when on, counts a revolving fund's
    loans returned by a plan year as the fund's money."""
    if not data.policy.rules["R-REVOLVING"].on:
        return set()
    last = max(data.years.plan)
    kinds = {s.code: s.kind for s in data.sources}
    return {
        i
        for i, loan in enumerate(data.loans)
        if kinds.get(loan.source) == "revolving" and loan.year_lent + loan.term_years <= last
    }


def _unread_loans(data: Dataset) -> list[Problem]:
    read = _read_loans(data)
    kinds = {s.code: s.kind for s in data.sources}
    last = max(data.years.plan)
    problems = []
    for i, item in enumerate(_rows(data, "loans")):
        if i in read:
            continue
        loan = item.row
        if not data.policy.rules["R-REVOLVING"].on:
            column, value, why = "source", loan.source, "R-REVOLVING is off in policy.yaml"
        elif kinds.get(loan.source) != "revolving":
            column, value = "source", loan.source
            why = "only a revolving fund's loans come back as its money (a relending quota is its budget)"
        else:
            column, value = "term_years", str(loan.term_years)
            why = (
                f"it comes back to the fund in {loan.year_lent + loan.term_years}, after the last "
                f"plan year {last}"
            )
        problems.append(
            _unused(
                item,
                column,
                value,
                f"a loan some run reads: {why}, so no run reads this one; correct it or delete "
                "the row",
            )
        )
    return problems


def _unreachable(data: Dataset) -> list[Problem]:
    """Needs, projects, categories, counties, sources and budget rows that no money can reach:
    money flows from a source's budget (in a plan year, to the counties of its scope) or loans
    to a county's need or project of a category the source may pay for."""
    plan = set(data.years.plan)
    counties = [c.code for c in data.counties]
    city_counties: dict[str, list[str]] = defaultdict(list)
    for county in data.counties:
        if county.city:
            city_counties[county.city].append(county.code)

    def scope(budget) -> list[str]:
        if budget.county_code is not None:
            return [budget.county_code]
        if budget.city is not None:
            return city_counties.get(budget.city, [])
        return counties

    if data.policy.rules["R-ELIGIBILITY"].on:
        payers = {k.code: set(k.sources) for k in data.categories}
    else:
        payers = {k.code: {s.code for s in data.sources} for k in data.categories}
    pays_for: dict[str, set[str]] = defaultdict(set)
    for category, sources in payers.items():
        for source in sources:
            pays_for[source].add(category)
    reach: dict[str, set[str]] = defaultdict(set)  # source -> counties its money reaches
    funded = set()  # sources with money in a plan year
    scopes = set()  # (source, county, city) of the budgets: each scope added once
    for budget in data.budgets:
        if budget.year in plan and budget.amount_wan > 0:
            key = (budget.source, budget.county_code, budget.city)
            if key not in scopes:
                scopes.add(key)
                reach[budget.source].update(scope(budget))
            funded.add(budget.source)
    for i in _read_loans(data):  # repaid money returns to the fund, for any county
        funded.add(data.loans[i].source)
        reach[data.loans[i].source].update(counties)
    pair = attrgetter("county_code", "category")
    needs, projects = _rows(data, "needs"), _rows(data, "projects")
    wanted = {pair(n) for n in data.needs if n.units > 0}
    if data.projects is projects.rows:
        wanted.update(zip(projects.column("county_code"), projects.column("category"), strict=True))
    else:
        wanted.update(map(pair, data.projects))
    # the counties money can reach for each category: a need or project is fundable when its
    # county is among those of its category
    reachable = {
        category: set().union(*(reach[s] for s in payers.get(category, ())))
        for category in {*needs.column("category"), *projects.column("category")}
    }

    def unfundable(located: LocatedRows) -> list[int]:
        within = map(
            contains,
            map(reachable.__getitem__, located.column("category")),
            located.column("county_code"),
        )
        return list(compress(count(), map(not_, within)))

    problems: list[Problem] = []
    unfunded = unfundable(needs)
    for item in map(needs.__getitem__, unfunded):
        need = item.row
        if need.units > 0:
            problems.append(
                _unused(
                    item,
                    "category",
                    need.category,
                    f"a need some source can pay for: no source that may pay for {need.category} "
                    f"(categories.csv `sources`) has a budget reaching {need.county_code} in a "
                    "plan year, so no run can fund it; add a budget, or a source to the category",
                )
            )
    unfunded = unfundable(projects)
    for item in map(projects.__getitem__, unfunded):
        project = item.row
        problems.append(
            _unused(
                item,
                "category",
                project.category,
                f"a project some source can pay for: no source that may pay for "
                f"{project.category} has a budget reaching {project.county_code} in a plan "
                "year, so no run can fund it; add a budget, or a source to the category",
            )
        )
    wanted_categories = {category for _, category in wanted}
    for item in _rows(data, "categories"):
        if item.row.code not in wanted_categories:
            problems.append(
                _unused(
                    item,
                    "code",
                    item.row.code,
                    "a category some county needs or some project is of: no need (needs.csv) and "
                    f"no project (projects.csv) is of {item.row.code}, so no money can go to it; "
                    "add its needs, or delete the row",
                )
            )
    wanted_counties = {county for county, _ in wanted}
    for item in _rows(data, "counties"):
        if item.row.code not in wanted_counties:
            problems.append(
                _unused(
                    item,
                    "code",
                    item.row.code,
                    f"a county with a need or a project: {item.row.code} has none (needs.csv, "
                    "projects.csv), so no run can give it money; add its needs if it should "
                    "receive some",
                )
            )
    for item in _rows(data, "sources"):
        if item.row.code not in funded:
            problems.append(
                _unused(
                    item,
                    "code",
                    item.row.code,
                    f"a source with money: {item.row.code} has no budget above 0 in a plan year "
                    "and no loans, so it pays for nothing; add its budgets, or delete the row",
                )
            )
    spent: dict[tuple, bool] = {}  # (source, county, city) -> whether its money can be spent
    for item in _rows(data, "budgets"):
        budget = item.row
        if budget.year not in plan or budget.amount_wan <= 0:
            continue
        key = (budget.source, budget.county_code, budget.city)
        if key not in spent:
            categories = pays_for.get(budget.source, set())
            spent[key] = any((c, k) in wanted for c in scope(budget) for k in categories)
        if not spent[key]:
            where = budget.county_code or budget.city or "every county"
            problems.append(
                _unused(
                    item,
                    "source",
                    budget.source,
                    f"a budget that can pay for something: no county it reaches ({where}) needs "
                    f"a category {budget.source} may pay for, so its money cannot be spent; "
                    "check the categories' `sources` and the needs",
                )
            )
    return problems


def run_notes(data: Dataset, years: Iterable[int]) -> list[Note]:
    """The note a run records of the rows it does not use (optimiser.notes), counted by file:
    the rows no run uses (`coverage`; `allocate validate` says why, row by row) and the budgets
    and payments of the dataset's plan years this run does not plan."""
    years = sorted(set(years))
    others = set(data.years.plan) - set(years)
    unused = Counter(p.file for p in data.warnings if isinstance(p, Unused))
    elsewhere: Counter = Counter()
    for table in ("budgets", "commitments"):
        count = sum(1 for row in getattr(data, table) if row.year in others)
        if count:
            elsewhere[f"{table}.csv"] += count
    notes = []
    if elsewhere:
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        notes.append(Note("other_years_rows", years=span, rows=_counted(elsewhere)))
    if unused:
        notes.append(Note("unused_rows", rows=_counted(unused)))
    return notes


def _counted(by_file: Counter) -> str:
    return ", ".join(f"{file} {count}" for file, count in sorted(by_file.items()))
