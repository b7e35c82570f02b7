"""A worksheet as a grid of values, the way a person sees it: merged cells hold their text in
every cell they cover, hidden rows and columns are known, and a formula whose value the file
does not hold is found (a workbook written by a program and never opened in Excel or WPS).

Workbooks are read with openpyxl (`data_only=True`: the values Excel or WPS saved). `.xlsx` in
any case of its name is read; `.xls`, `.et` and the other formats are refused with what to do."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from optimiser.io.folder import UNREAD_WORKBOOKS

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary format (.xls, .et) under any name


def ref(row: int, column: int) -> str:
    """A cell as a spreadsheet names it: C5."""
    return f"{get_column_letter(column)}{row}"


def span(cells: list[tuple[int, int]]) -> str:
    """Cells as ranges a person reads: C5:C19, or C5:C9, C12:C19 (a column or a row at a time)."""
    if not cells:
        return ""
    cells = sorted(set(cells))
    runs: list[list[tuple[int, int]]] = []
    for cell in cells:
        if runs:
            last = runs[-1][-1]
            same_column = cell[1] == last[1] and cell[0] == last[0] + 1
            same_row = cell[0] == last[0] and cell[1] == last[1] + 1
            first = runs[-1][0]
            if (same_column and first[1] == cell[1]) or (same_row and first[0] == cell[0]):
                runs[-1].append(cell)
                continue
        runs.append([cell])
    parts = []
    for run in runs:
        start, end = run[0], run[-1]
        parts.append(ref(*start) if start == end else f"{ref(*start)}:{ref(*end)}")
    return ", ".join(parts)


@dataclass
class Grid:
    """One sheet: values by (row, column), both from 1."""

    book: str  # the workbook's file name
    sheet: str
    values: dict[tuple[int, int], object]
    origin: dict[tuple[int, int], tuple[int, int]]  # a merged cell -> its top-left cell
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    unsaved_formulas: list[tuple[int, int]] = field(default_factory=list)
    max_row: int = 0
    max_column: int = 0
    hidden: bool = False  # the sheet itself is hidden

    @property
    def where(self) -> str:
        return f"{self.book}[{self.sheet}]"

    def get(self, row: int, column: int) -> object:
        return self.values.get((row, column))

    def top_left(self, row: int, column: int) -> tuple[int, int]:
        return self.origin.get((row, column), (row, column))

    def row_text(self, row: int, limit: int = 40) -> str:
        """A row's cells as one line of text (a merged cell once), cut at `limit`: how the
        report shows a row it dropped."""
        from optimiser.importing.values import text

        seen, parts = set(), []
        for c in range(1, self.max_column + 1):
            value = self.get(row, c)
            origin = self.top_left(row, c)
            if value is None or origin in seen:
                continue
            seen.add(origin)
            parts.append(text(value))
        said = " ".join(parts)
        return said if len(said) <= limit else said[: limit - 1] + "…"

    def row_values(self, row: int) -> list[object]:
        return [self.get(row, c) for c in range(1, self.max_column + 1)]

    def blank(self, row: int) -> bool:
        return all(_empty(self.get(row, c)) for c in range(1, self.max_column + 1))


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class WorkbookRefused(Exception):
    """A file that is not an .xlsx workbook openpyxl can read; `expected` says what to do."""

    def __init__(self, path: Path, expected: str):
        super().__init__(expected)
        self.path = path
        self.expected = expected


def refusal(path: Path) -> str | None:
    """Why a file is not read as a workbook, or None when it is an .xlsx to try."""
    suffix = path.suffix.lower()
    if not path.exists():
        return "missing"
    if path.is_dir():
        return "folder"
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        return f"unreadable:{exc.strerror}"
    if head == OLE2 or suffix in UNREAD_WORKBOOKS:
        return "old_format"
    if suffix != ".xlsx":
        return "not_workbook"
    return None


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of a workbook as a Grid; raises WorkbookRefused for a file it cannot read."""
    from openpyxl import load_workbook

    why = refusal(path)
    if why is not None:
        raise WorkbookRefused(path, why)
    try:
        values_book = load_workbook(path, data_only=True)
        formula_book = load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise WorkbookRefused(path, f"broken:{type(exc).__name__}") from None
    grids = []
    for sheet in values_book.worksheets:
        formulas = formula_book[sheet.title]
        grids.append(_grid(path.name, sheet, formulas))
    return grids


def _grid(book: str, sheet, formulas) -> Grid:
    values: dict[tuple[int, int], object] = {}
    unsaved = []
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if value is None:
                written = formulas.cell(cell.row, cell.column).value
                if isinstance(written, str) and written.startswith("="):
                    unsaved.append((cell.row, cell.column))
                continue
            if isinstance(value, str) and not value.strip():
                continue
            values[(cell.row, cell.column)] = value
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        top = (merged.min_row, merged.min_col)
        value = values.get(top)
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if (r, c) == top:
                    continue
                origin[(r, c)] = top
                if isinstance(value, str):  # text fills its merged cells; a number stays put
                    values[(r, c)] = value
    hidden_rows = {r for r, dim in sheet.row_dimensions.items() if dim.hidden}
    hidden_columns = set()
    for key, dim in sheet.column_dimensions.items():
        if dim.hidden:
            first = dim.min or _column_index(key)
            last = dim.max or first
            hidden_columns |= set(range(first, last + 1))
    used = list(values) + unsaved
    return Grid(
        book=book,
        sheet=sheet.title,
        values=values,
        origin=origin,
        hidden_rows=hidden_rows,
        hidden_columns=hidden_columns,
        unsaved_formulas=unsaved,
        max_row=max((r for r, _ in used), default=0),
        max_column=max((c for _, c in used), default=0),
        hidden=sheet.sheet_state != "visible",
    )


def _column_index(letters: str) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letters)


def rows_text(rows: list[int]) -> str:
    """Row numbers as a reader writes them: runs joined, "3-7, 9"."""
    runs: list[list[int]] = []
    for r in sorted(rows):
        if runs and r == runs[-1][-1] + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)
