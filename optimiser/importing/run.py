"""`allocate import`: workbooks in, a dataset folder out, and a report of every sheet.

    import_workbooks(paths, into, base=..., sheets={...}) -> Imported

Each sheet is scanned for tables (optimiser.importing.layout), each table recognised
(optimiser.importing.which) and read into rows (optimiser.importing.rows). Sources, counties and
categories are read first, so the other sheets can name them. Any question (a total that does
not add up, a header or county not known, a sheet that is no table) stops the import: only the
report is written. Otherwise the dataset is written into a staging folder, checked as `allocate
validate` checks a dataset, and renamed into place; a dataset that fails its check is not
written either, and its problems are said at the workbook cells they came from."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from optimiser.importing.counties import CountyBook, CountyRow
from optimiser.importing.findings import SheetReport
from optimiser.importing.grid import Grid, WorkbookRefused, read_grids
from optimiser.importing.headers import Dictionary, fold, load_dictionary
from optimiser.importing.layout import scan
from optimiser.importing.names import Entity, NameBook
from optimiser.importing.rows import LongRow, Reader
from optimiser.importing.which import choose
from optimiser.importing.words import TABLE_NAMES
from optimiser.problems import InputError, Problem
from optimiser.schemas.rows import TABLES

REPORT_FILES = ("import-report.txt", "import-report.html")
ENTITIES = ("sources", "counties", "categories")  # read first: the other tables name them
SKIP = "skip"


@dataclass
class CheckProblem:
    """A problem of the dataset's check, at the workbook cell it came from where there is one."""

    problem: Problem
    cell: str | None  # book[sheet] C7


@dataclass
class Imported:
    books: list[str]
    sheets: list[SheetReport]
    tables: dict[str, list[LongRow]] = field(default_factory=dict)
    kept: dict[str, bool] = field(default_factory=dict)  # tables whose rows are the base's
    from_base: list[str] = field(default_factory=list)
    base: Path | None = None
    check: list[CheckProblem] = field(default_factory=list)
    folder: Path | None = None
    written: bool = False
    years: list[int] = field(default_factory=list)  # the plan years of the dataset written

    @property
    def questions(self) -> list[tuple[SheetReport, object]]:
        return [(s, f) for s in self.sheets for f in s.errors]

    @property
    def check_errors(self) -> list[CheckProblem]:
        return [c for c in self.check if c.problem.severity == "error"]


def parse_sheet_options(options: list[str], dictionary: Dictionary) -> dict[str, str]:
    """--sheet NAME=TABLE, each TABLE a table's name (history), its Chinese name (历史分配) or
    skip; a bad one is refused (exit 2)."""
    from optimiser.importing.words import WORDS

    chosen: dict[str, str] = {}
    problems = []
    names = {fold(t): t for t in TABLES} | {fold(zh): t for t, (zh, _) in TABLE_NAMES.items()}
    names |= {fold(SKIP): SKIP, fold("跳过"): SKIP}
    for option in options:
        sheet, sep, table = option.rpartition("=")
        if not sep or not sheet.strip():
            problems.append(
                Problem(
                    "--sheet", None, None, option, WORDS.say("refuse.option", "en", option=option)
                )
            )
            continue
        found = names.get(fold(table))
        if found is None:
            problems.append(
                Problem(
                    "--sheet",
                    None,
                    None,
                    option,
                    WORDS.say(
                        "refuse.table", "en", option=option, table=table, tables=", ".join(TABLES)
                    ),
                )
            )
            continue
        chosen[sheet.strip()] = found
    if problems:
        raise InputError(problems)
    return chosen


def check_into(into: Path, replace: bool) -> None:
    """A folder to write the dataset into: new, empty (or holding only an import's report), or
    `replace` given. Anything else is refused before a workbook is read."""
    from optimiser.importing.words import WORDS

    if into.exists() and not into.is_dir():
        raise InputError(
            [Problem(str(into), None, None, None, WORDS.say("refuse.file", "en", folder=into))]
        )
    if into.is_dir() and not replace:
        held = [p.name for p in into.iterdir() if p.name not in REPORT_FILES]
        if held:
            raise InputError(
                [
                    Problem(
                        str(into),
                        None,
                        None,
                        ", ".join(sorted(held)[:5]),
                        WORDS.say("refuse.not_empty", "en", folder=into),
                    )
                ]
            )


def import_workbooks(
    paths: list[Path],
    into: Path,
    base: Path | None = None,
    sheets: list[str] | None = None,
    replace: bool = False,
) -> Imported:
    from optimiser.dataset import load_dataset

    check_into(into, replace)
    base_data = load_dataset(base) if base is not None else None
    dictionary = load_dictionary(base_data.policy.import_names if base_data else None)
    options = parse_sheet_options(list(sheets or []), dictionary)
    result = Imported([p.name for p in paths], [], base=base, folder=into)
    grids: list[Grid] = []
    for path in paths:
        try:
            grids += read_grids(path)
        except WorkbookRefused as refused:
            report = SheetReport(path.name, "")
            report.question(f"question.workbook.{refused.expected.split(':')[0]}")
            result.sheets.append(report)
    _unknown_options(options, grids, result)
    counties, names = _books(base_data, dictionary, {})
    entity_rows: dict[str, list[LongRow]] = {}
    for table in ENTITIES:  # each read with what was read before it
        for grid in grids:
            rows = _read_grid(
                grid, dictionary, counties, names, options, SheetReport("", ""), only=table
            )
            entity_rows.setdefault(table, [])
            entity_rows[table] += rows.get(table, [])
        counties, names = _books(base_data, dictionary, entity_rows)
    for grid in grids:
        report = SheetReport(grid.book, grid.sheet)
        rows = _read_grid(grid, dictionary, counties, names, options, report)
        result.sheets.append(report)
        for table, found in rows.items():
            result.tables.setdefault(table, []).extend(found)
    if base_data is not None:
        result.from_base = [t for t in TABLES if t not in result.tables and getattr(base_data, t)]
        result.years = list(base_data.years.plan)
    if result.questions:
        return result
    _write(result, base_data, base)
    return result


def _unknown_options(options: dict[str, str], grids: list[Grid], result: Imported) -> None:
    titles = {g.sheet for g in grids}
    for name in options:
        if name not in titles and fold(name) not in {fold(t) for t in titles}:
            report = SheetReport(", ".join(sorted({g.book for g in grids})) or "-", "")
            report.question(
                "question.sheet_option",
                option=f"{name}={options[name]}",
                name=name,
                sheets="、".join(sorted(titles)) or "-",
            )
            result.sheets.append(report)


def _option_for(grid: Grid, options: dict[str, str]) -> str | None:
    if grid.sheet in options:
        return options[grid.sheet]
    return next((t for n, t in options.items() if fold(n) == fold(grid.sheet)), None)


def _read_grid(
    grid, dictionary, counties, names, options, report, only: str | None = None
) -> dict[str, list[LongRow]]:
    """The rows of each table on a sheet (with `only`, of that table alone), said in `report`."""
    forced = _option_for(grid, options)
    if forced == SKIP or (forced is None and dictionary.skip_sheet(grid.sheet)):
        report.add("read", "read.skipped_sheet", why="option" if forced == SKIP else "name")
        return {}
    if grid.hidden and forced is None:
        report.add("read", "read.hidden_sheet", severity="warning")
        return {}
    if not grid.values:
        report.add("read", "read.empty_sheet")
        return {}
    if grid.unsaved_formulas:
        from optimiser.importing.grid import span

        report.question(
            "question.unsaved_formulas",
            span(grid.unsaved_formulas[:20]),
            count=len(grid.unsaved_formulas),
        )
        return {}
    blocks = scan(grid, dictionary, names, report)
    if not blocks:
        if not report.errors:
            report.question("question.no_table_at_all", "A1", sheet=grid.sheet)
        return {}
    out: dict[str, list[LongRow]] = {}
    for block in blocks:
        choice = choose(block, dictionary, names, forced)
        if only is not None and choice.table != only:
            continue
        if choice.table is None:
            cells = _header_span(block)
            if choice.how == "tie":
                report.question(
                    "question.tie",
                    cells,
                    sheet=grid.sheet,
                    tables="、".join(TABLE_NAMES[t][0] + f"（{t}）" for t in choice.tied),
                )
            else:
                best = TABLE_NAMES[choice.best][0] + f"（{choice.best}）" if choice.best else "-"
                report.question(
                    "question.no_table",
                    cells,
                    sheet=grid.sheet,
                    best=best,
                    missing=", ".join(choice.missing) or "-",
                )
            continue
        if choice.missing:
            report.question(
                "question.missing_columns",
                _header_span(block),
                table=TABLE_NAMES[choice.table][0] + f"（{choice.table}）",
                missing=", ".join(choice.missing),
            )
            continue
        report.tables.append(choice.table)
        report.add("read", "read.table", _header_span(block), table=choice.table, how=choice.how)
        if not block.body:  # the header alone: the table has no rows
            report.add("taken", "taken.empty_table")
            out.setdefault(choice.table, [])
            continue
        rows = Reader(block, choice, dictionary, counties, names, report).read()
        out.setdefault(choice.table, []).extend(rows)
    return out


def _header_span(block) -> str:
    from optimiser.importing.grid import ref

    cells = [cell for column in block.columns for cell in column.cells]
    if not cells:
        return ""
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    return f"{ref(min(rows), min(cols))}:{ref(max(rows), max(cols))}"


def _books(base, dictionary: Dictionary, read: dict[str, list[LongRow]]):
    if read.get("counties"):
        counties = [
            CountyRow(r.cells.get("code", ""), r.cells.get("name", ""), r.cells.get("city"))
            for r in read["counties"]
            if r.cells.get("code")
        ]
    elif base is not None:
        counties = [CountyRow(c.code, c.name, c.city) for c in base.counties]
    else:
        counties = []

    def entities(table: str) -> list[Entity]:
        if read.get(table):
            return [
                Entity(r.cells["code"], r.cells.get("name", ""), r.cells.get("name_en"))
                for r in read[table]
                if r.cells.get("code")
            ]
        if base is not None:
            return [Entity(e.code, e.name, e.name_en) for e in getattr(base, table)]
        return []

    return (
        CountyBook(counties, dictionary),
        NameBook(entities("sources"), entities("categories"), dictionary),
    )


def _write(result: Imported, base_data, base: Path | None) -> None:
    """The dataset into a staging folder beside `into`, checked, then renamed into place."""
    from optimiser.dataset import load_dataset
    from optimiser.importing.output import write_dataset
    from optimiser.staging import prefix

    into = result.folder
    assert into is not None
    into.parent.mkdir(parents=True, exist_ok=True)
    staging = into.parent / f"{prefix()}{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        result.kept = write_dataset(staging, result.tables, base_data, base, into.name)
        try:
            checked = load_dataset(staging)
            problems = list(checked.warnings)
            result.years = list(checked.years.plan)
        except InputError as exc:
            problems = exc.problems
        result.check = [CheckProblem(p, _cell_of(p, result.tables)) for p in problems]
        if result.check_errors:
            return
        _replace(staging, into)
        result.written = True
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _replace(staging: Path, into: Path) -> None:
    """Puts the staging folder where `into` is: an old `into` is moved aside first and removed
    only once the new one is in place."""
    if not into.exists():
        os.rename(staging, into)
        return
    aside = Path(tempfile.mkdtemp(prefix=".old-", dir=into.parent))
    os.rmdir(aside)
    os.rename(into, aside)
    try:
        os.rename(staging, into)
    except OSError:
        os.rename(aside, into)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _cell_of(problem: Problem, tables: dict[str, list[LongRow]]) -> str | None:
    """The workbook cell a problem of an imported table's row came from."""
    from optimiser.importing.grid import ref

    table = problem.file.removesuffix(".csv")
    if table not in tables or problem.row is None or problem.row < 2:
        return None
    rows = tables[table]
    index = problem.row - 2
    if index >= len(rows):
        return None
    row = rows[index]
    cell = row.origin.get(problem.column or "")
    if cell is None and row.origin:
        cell = min(row.origin.values())
    return f"{row.where} {ref(*cell)}" if cell else row.where


def write_reports(result: Imported, lang: str) -> tuple[Path, Path]:
    """import-report.txt and .html into the dataset folder (or, when it was not written, into
    `into`, which then holds only them), each replaced whole."""
    from optimiser.importing.report import render_html, render_text

    into = result.folder
    assert into is not None
    into.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in (
        (REPORT_FILES[0], render_text(result, lang)),
        (REPORT_FILES[1], render_html(result, lang)),
    ):
        target = into / name
        partial = into / f".{name}.{os.getpid()}.partial"
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
        paths.append(target)
    return paths[0], paths[1]
