"""All tables from one .xlsx workbook, one sheet per table named after it."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from optimiser.io.raw import RawRow, RawTable
from optimiser.problems import Problem


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
    """Read the sheets named in `names` (those present); report merged header cells."""
    from openpyxl import load_workbook  # imported here: only workbook users pay for it

    file = path.name
    try:
        book = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        return {}, [Problem(file, None, None, None, f"an .xlsx workbook Excel can open ({exc})")]
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    sheets = {sheet.title.strip().lower(): sheet for sheet in book.worksheets}
    for name in names:
        sheet = sheets.get(name)
        if sheet is None:
            continue
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
        header = [cell_text(v).lower() for v in header_row]
        while header and header[-1] == "":
            header.pop()
        rows: list[RawRow] = []
        for number, values in enumerate(rows_iter, start=2):
            cells = [cell_text(v) for v in values]
            if not any(cells):
                continue
            extra = [c for c in cells[len(header) :] if c]
            if extra:
                problems.append(
                    Problem(
                        where,
                        number,
                        None,
                        ",".join(extra)[:80],
                        f"values only under the {len(header)} named columns",
                    )
                )
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append(RawRow(number, dict(zip(header, cells[: len(header)], strict=True))))
        tables[name] = RawTable(name, where, tuple(header), tuple(rows), "xlsx")
    return tables, problems
