"""All tables from one .xlsx workbook, one sheet per table named after it."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from optimiser.io.raw import RawTable, TableBuilder, column_letter, header_name
from optimiser.problems import Problem

FORMULA_MARKS = (b"<f>", b"<f ", b":f>", b":f ")  # a formula element, with or without a prefix


def cell_text(value: object) -> str:
    """A cell as the text a CSV export would hold, so both routes validate alike."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def read_workbook(path: Path, names: list[str]) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read the sheets named in `names` (those present): merged header cells, the header rules
    of every reader (optimiser.io.raw) and formulas without a stored value are reported."""
    from openpyxl import load_workbook  # imported here: only workbook users pay for it
    from openpyxl.utils import column_index_from_string

    file = path.name
    try:
        book = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        return {}, [Problem(file, None, None, None, f"an .xlsx workbook Excel can open ({exc})")]
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    sheets = {sheet.title.strip().lower(): sheet for sheet in book.worksheets}
    chosen = {name: sheets[name] for name in names if name in sheets}
    unsaved = _formulas_without_values(path, book, [s.title for s in chosen.values()])
    for name, sheet in chosen.items():
        where = f"{file}[{sheet.title}]"
        for merged in sheet.merged_cells.ranges:
            if merged.min_row == 1:
                problems.append(
                    Problem(
                        where,
                        1,
                        merged.coord,
                        None,
                        "one column name per cell; unmerge the header cells",
                    )
                )
        rows_iter = sheet.iter_rows(values_only=True)
        header_row = next(rows_iter, None)
        if header_row is None or not any(v is not None for v in header_row):
            problems.append(
                Problem(where, None, None, None, "a header row and data; the sheet is empty")
            )
            continue
        header = [cell_text(v) for v in header_row]
        for coordinate, formula in unsaved.get(sheet.title, []):
            letters = coordinate.rstrip("0123456789")
            index = column_index_from_string(letters) - 1
            named = header_name(header[index]) if index < len(header) else ""
            problems.append(
                Problem(
                    where,
                    int(coordinate[len(letters) :]),
                    named or letters,
                    formula[:80],
                    f"a stored value in cell {coordinate}: it holds a formula whose result was "
                    "never saved (the workbook was written by a program, not by Excel); open "
                    "and save the workbook in Excel or WPS so the values are stored",
                )
            )
        builder = TableBuilder(name, where, header, "xlsx")
        for number, values in enumerate(rows_iter, start=2):
            cells = [cell_text(v) for v in values]
            if any(cells):
                builder.add(number, cells)
        tables[name], found = builder.finish()
        problems += found
    return tables, problems


def _formulas_without_values(path: Path, book, titles: list[str]) -> dict[str, list[tuple]]:
    """The cells of the sheets `titles` that hold a formula with no stored result, by sheet:
    [(coordinate, formula)]. openpyxl reads such a cell as empty when asked for values, so the
    workbook is read again for its formulas, but only when a sheet holds a formula at all."""
    if not _has_formulas(path):
        return {}
    from openpyxl import load_workbook

    formulas = load_workbook(path, data_only=False, read_only=True)
    found: dict[str, list[tuple]] = {}
    try:
        for title in titles:
            values = book[title]
            for row in formulas[title].iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) != "f":
                        continue
                    coordinate = f"{column_letter(cell.column)}{cell.row}"
                    if values[coordinate].value is None:
                        found.setdefault(title, []).append((coordinate, str(cell.value)))
    finally:
        formulas.close()
    return found


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the workbook holds a formula (an <f> element), read from the
    file's parts without building the workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with archive.open(info) as part:
                        tail = b""
                        while chunk := part.read(1 << 20):
                            text = tail + chunk
                            if any(mark in text for mark in FORMULA_MARKS):
                                return True
                            tail = chunk[-3:]
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
    return False
