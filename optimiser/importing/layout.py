"""Where the tables are on a sheet: title rows, a units row, header rows (merged headers read as
one label per column, top to bottom), the rows below, note rows, and a second table below a
blank row. Nothing here knows which table a sheet is: that is optimiser.importing.which."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from optimiser.importing.findings import SheetReport
from optimiser.importing.grid import Grid, ref, rows_text, span
from optimiser.importing.headers import Dictionary, Unit, fold, read_unit, split_unit, year_of
from optimiser.importing.names import NameBook
from optimiser.importing.values import text as cell_text

UNITS_ROW = re.compile(r"单位:?(亿元|千元|万元|元)")
MAX_HEADER_ROWS = 4


@dataclass
class Column:
    index: int  # the sheet's column, from 1
    labels: list[str]  # header texts, top to bottom (a merged header once)
    cells: list[tuple[int, int]]  # the header cell of each label
    unit: Unit = field(default_factory=Unit)

    @property
    def letter_cell(self) -> str:
        return ref(*self.cells[-1]) if self.cells else ""


@dataclass
class Block:
    """One table on a sheet."""

    grid: Grid
    titles: list[str]  # title texts above it (and the sheet's first title)
    unit: Unit  # from a units row or a title
    unit_cell: str
    header_rows: list[int]
    columns: list[Column]
    body: list[int] = field(default_factory=list)  # visible rows below the header
    hidden: list[int] = field(default_factory=list)  # hidden rows among them
    notes: list[int] = field(default_factory=list)

    @property
    def first_body(self) -> int:
        return self.body[0] if self.body else self.header_rows[-1] + 1


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Scanner:
    """Finds the blocks of one sheet, saying in its report what each row around them is."""

    def __init__(self, grid: Grid, dictionary: Dictionary, names: NameBook, report: SheetReport):
        self.grid, self.dictionary, self.names, self.report = grid, dictionary, names, report
        self.sheet_titles: list[str] = []  # the title rows above the first table

    # -- what a cell or row is ----------------------------------------------------------------
    def header_word(self, value: object) -> str | None:
        """What kind of header word a cell holds: column, dimension, mark, or None."""
        if is_number(value):
            return (
                "year"
                if isinstance(value, int | float) and year_of(cell_text(value), self.dictionary)
                else None
            )
        text, _ = split_unit(str(value))
        if not text:
            return None
        d = self.dictionary
        if d.is_one_of("index_columns", text) or d.is_one_of("totals", text):
            return "mark"
        if d.is_one_of("subtotals", text) or d.is_one_of("note_columns", text):
            return "mark"
        if any(d.column(table, text) for table in d.columns):
            return "column"
        if year_of(text, d) is not None:
            return "year"
        if self.names.source(text).code or self.names.category(text).code:
            return "dimension"
        if _year_prefixed(text, self):
            return "dimension"
        if d.is_one_of("group_words", text):
            return "group"
        return None

    def is_header(self, row: int) -> bool:
        cells = [v for v in self.grid.row_values(row) if v is not None]
        if len(cells) < 2:
            return False
        kinds = [self.header_word(v) for v in cells]
        numbers = [v for v, k in zip(cells, kinds, strict=True) if is_number(v) and k != "year"]
        if numbers:
            return False
        found = [k for k in kinds if k]
        return len(found) >= 2 and any(k in ("column", "mark") for k in found)

    def continues_header(self, row: int, above: int) -> bool:
        values = self.grid.row_values(row)
        if any(is_number(v) and self.header_word(v) != "year" for v in values):
            return False
        merged_down = any(
            self.grid.origin.get((row, c), (row, c))[0] <= above
            for c in range(1, self.grid.max_column + 1)
            if (row, c) in self.grid.origin
        )
        own = [
            v
            for c, v in enumerate(values, start=1)
            if v is not None and (row, c) not in self.grid.origin
        ]
        if not own:
            return merged_down
        return all(self.header_word(v) for v in own)

    def is_units_row(self, row: int) -> Unit | None:
        for value in self.grid.row_values(row):
            if isinstance(value, str):
                found = UNITS_ROW.search(fold(value))
                if found:
                    return read_unit(found.group(1))
        return None

    def is_note(self, row: int) -> bool:
        values = [v for v in self.grid.row_values(row) if v is not None]
        if not values or not isinstance(values[0], str):
            return False
        first = fold(values[0])
        for word in self.dictionary.note_rows:
            w = fold(word)
            if first == w or first.startswith(w + ":") or (w.endswith(":") and first.startswith(w)):
                return True
        distinct = {
            self.grid.top_left(row, c)
            for c in range(1, self.grid.max_column + 1)
            if self.grid.get(row, c) is not None
        }
        return len(distinct) == 1 and len(first) >= 16 and not any(is_number(v) for v in values)

    def is_title(self, row: int) -> bool:
        values = self.grid.row_values(row)
        distinct = {
            self.grid.top_left(row, c) for c, v in enumerate(values, start=1) if v is not None
        }
        return len(distinct) == 1 and all(isinstance(v, str) for v in values if v is not None)

    # -- the blocks --------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        grid, report = self.grid, self.report
        blocks: list[Block] = []
        current: Block | None = None
        titles: list[str] = []
        unit, unit_cell = Unit(), ""
        sheet_unit, sheet_unit_cell = Unit(), ""
        orphans: list[int] = []
        row = 1
        while row <= grid.max_row:
            if row in grid.hidden_rows:
                if current is not None:
                    current.hidden.append(row)
                elif not grid.blank(row):
                    report.add(
                        "dropped",
                        "dropped.hidden_row",
                        f"{row}",
                        row=row,
                        text=self.grid.row_text(row),
                    )
                row += 1
                continue
            if grid.blank(row):
                if current is not None and current.body:
                    blocks.append(current)
                    current = None
                    titles, unit, unit_cell = [], Unit(), ""
                row += 1
                continue
            if current is not None:
                if self.is_note(row):
                    current.notes.append(row)
                elif self.is_header(row) and current.body:
                    blocks.append(current)
                    current = None
                    titles, unit, unit_cell = [], Unit(), ""
                    continue
                else:
                    current.body.append(row)
                row += 1
                continue
            if self.is_header(row):
                header_rows = [row]
                while (
                    len(header_rows) < MAX_HEADER_ROWS
                    and row + 1 <= grid.max_row
                    and row + 1 not in grid.hidden_rows
                    and not grid.blank(row + 1)
                    and self.continues_header(row + 1, header_rows[0])
                ):
                    row += 1
                    header_rows.append(row)
                used_unit = unit if unit else sheet_unit
                used_cell = unit_cell if unit else sheet_unit_cell
                current = Block(
                    grid,
                    titles or list(self.sheet_titles),
                    used_unit,
                    used_cell,
                    header_rows,
                    self.columns(header_rows),
                )
                report.add("taken", "taken.header", rows=rows_text(header_rows))
                self._units_in_header(current)
                row += 1
                continue
            found_unit = self.is_units_row(row)
            if found_unit is not None:
                unit, unit_cell = found_unit, self.first_cell(row)
                if not blocks:
                    sheet_unit, sheet_unit_cell = unit, unit_cell
                text = self.grid.row_text(row)
                titles.append(text)  # 填报单位, a year: hints for the table below
                if not blocks:
                    self.sheet_titles.append(text)
                report.add(
                    "dropped",
                    "dropped.units",
                    self.first_cell(row),
                    text=text,
                    unit=found_unit.money or "",
                )
            elif self.is_note(row) and not self.is_title(row):
                report.add(
                    "dropped", "dropped.note", self.first_cell(row), text=self.grid.row_text(row)
                )
            elif self.is_title(row) or not any(is_number(v) for v in grid.row_values(row)):
                text = self.grid.row_text(row)
                titles.append(text)
                if not blocks:
                    self.sheet_titles.append(text)
                    in_title = UNITS_ROW.search(fold(text))
                    if in_title and not sheet_unit:
                        sheet_unit = read_unit(in_title.group(1))
                        sheet_unit_cell = self.first_cell(row)
                        unit, unit_cell = sheet_unit, sheet_unit_cell
                report.add("dropped", "dropped.title", self.first_cell(row), text=text)
            elif blocks:  # rows below a blank row under a table, with no header: the same table
                last = blocks.pop()
                last.body.append(row)
                report.add(
                    "taken",
                    "taken.continued",
                    str(row),
                    row=row,
                    header=rows_text(last.header_rows),
                )
                current = last
            else:
                orphans.append(row)
            row += 1
        if current is not None:  # a header with no rows below it is an empty table
            blocks.append(current)
        if orphans:
            report.question(
                "question.no_header", span([(r, 1) for r in orphans]), rows=rows_text(orphans)
            )
        return blocks

    def _units_in_header(self, block: Block) -> None:
        """单位：万元 written in a header cell of its own: the block's unit, not a column."""
        for column in block.columns:
            for label, cell in list(zip(column.labels, column.cells, strict=True)):
                found = UNITS_ROW.fullmatch(fold(label))
                if found:
                    column.labels.remove(label)
                    column.cells.remove(cell)
                    if not block.unit:
                        block.unit, block.unit_cell = read_unit(found.group(1)), ref(*cell)
                    self.report.add(
                        "dropped", "dropped.units", ref(*cell), text=label, unit=found.group(1)
                    )

    def columns(self, header_rows: list[int]) -> list[Column]:
        grid = self.grid
        columns = []
        for c in range(1, grid.max_column + 1):
            labels: list[str] = []
            cells: list[tuple[int, int]] = []
            seen: set[tuple[int, int]] = set()
            unit = Unit()
            for r in header_rows:
                value = grid.get(r, c)
                if value is None:
                    continue
                origin = grid.top_left(r, c)
                if origin in seen:
                    continue
                seen.add(origin)
                text = cell_text(value)
                _, found = split_unit(text)
                unit = found or unit
                labels.append(text)
                cells.append((r, c))
            columns.append(Column(c, labels, cells, unit))
        return columns

    # -- words for the report ---------------------------------------------------------------

    def first_cell(self, row: int) -> str:
        for c in range(1, self.grid.max_column + 1):
            if self.grid.get(row, c) is not None:
                return ref(*self.grid.top_left(row, c))
        return ref(row, 1)


def _year_prefixed(text: str, scanner: Scanner) -> bool:
    """A header such as 2018年中央专项: a year, then a source or category."""
    found = re.match(r"(\d{4})年度?(.+)", fold(text))
    if not found or year_of(found.group(1), scanner.dictionary) is None:
        return False
    rest = found.group(2)
    return bool(scanner.names.source(rest).code or scanner.names.category(rest).code)


def scan(grid: Grid, dictionary: Dictionary, names: NameBook, report: SheetReport) -> list[Block]:
    return Scanner(grid, dictionary, names, report).blocks()
