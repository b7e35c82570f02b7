"""The raw table: strings by column, with the row number a spreadsheet user would see, and the one
header check every reader (CSV file, workbook sheet) applies.

A table is kept by column, each cell a string as written. A column of few distinct texts (codes,
years) holds each once and a number a row (coded a chunk of rows at a time by pandas' factorize);
a column of mostly distinct texts (amounts, names) holds them packed, one string a few thousand
rows: a million-row history costs about 40 MB as read, not 300 MB of separate strings
(optimiser.schemas.tables validates each distinct text of a coded column once).

The header rules (data/README.md, "Conventions"): names are compared trimmed and in lower case;
a name given twice is an error naming both columns (the reader never picks one); a column with
no name is an error when it holds a value (naming the first), and ignored when it is empty
through and through (an empty column a spreadsheet keeps between or after the named ones).
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterator, Sequence
from contextlib import ContextDecorator
from dataclasses import dataclass, field
from itertools import zip_longest

import numpy as np
import pandas as pd

from optimiser.problems import Problem

CHUNK = 20_000  # rows gathered before they are split into columns
SHARED_UNTIL = 0.5  # a column is packed, not coded, once this share of its texts differ


class paused_gc(ContextDecorator):  # noqa: N801 - used as a decorator, named like one
    """Python's cycle collector paused while tables are read: a million rows are millions of new
    lists and tuples, none in a cycle, and each pass of the collector over them costs as much
    as reading them (2.6 s of 3.5 s for a million-row history). Left as it was found."""

    def _recreate_cm(self):  # a fresh one for each call of a decorated function
        return type(self)()

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc):
        if self.was_enabled:
            gc.enable()
        return False


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column index: 1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def header_name(text: str) -> str:
    """A column name as every reader compares it: trimmed, in lower case."""
    return text.strip().lower()


@dataclass(frozen=True)
class RawRow:
    number: int  # 1 is the header, so the first data row is 2
    cells: dict[str, str]


@dataclass(frozen=True)
class RawTable:
    name: str  # table name, e.g. "counties"
    file: str  # what a user calls the file: "counties.csv" or "dataset.xlsx[counties]"
    header: tuple[str, ...]  # the named columns, each once, in order
    columns: dict[str, Sequence[str]]  # each named column's cells as written, one per row
    numbers: Sequence[int]  # the row number of each row
    encoding: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rows(self) -> Iterator[RawRow]:
        """The rows one at a time (a row's cells as a dict), for validators that read by row."""
        names = self.header
        columns = [self.columns[name] for name in names]
        for number, *cells in zip(self.numbers, *columns, strict=True):
            yield RawRow(number, {n: cell.strip() for n, cell in zip(names, cells, strict=True)})


class CodedColumn(Sequence):
    """A column of few distinct texts (codes, years): each distinct text once, and a row's cell
    as its number among them (4 bytes a row; a million rows of 58 county codes: 4 MB)."""

    __slots__ = ("codes", "index", "texts")

    def __init__(self):
        self.codes = array("I")
        self.texts: list[str] = []  # the distinct texts, in the order first met
        self.index: dict[str, int] = {}

    def extend(self, cells: Sequence[str]) -> None:
        if not cells:
            return
        first = cells[0]
        if first == cells[-1] and cells.count(first) == len(cells):  # one text (a flag, a year)
            self.codes.extend(array("I", [self._code(first)]) * len(cells))
            return
        # each cell's number among this chunk's texts (pandas hashes them at C speed), then
        # each of those texts' number in the column
        local, texts = pd.factorize(np.array(cells, dtype=object), sort=False)
        codes = np.fromiter(map(self._code, texts), dtype=np.uint32, count=len(texts))
        self.codes.frombytes(codes[local].tobytes())

    def _code(self, text: str) -> int:
        code = self.index.get(text)
        if code is None:
            code = self.index[text] = len(self.texts)
            self.texts.append(text)
        return code

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[str]:
        return map(self.texts.__getitem__, self.codes)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.texts[code] for code in self.codes[index]]
        return self.texts[self.codes[index]]


class PackedColumn(Sequence):
    """A column of mostly distinct texts (amounts), kept as one string a chunk, the cells joined
    by NUL (which neither a CSV file, the csv module refuses it, nor a workbook cell holds): a
    million amounts cost 8 MB, not 60 MB of separate strings. Read in order; a cell by index
    only for a message."""

    __slots__ = ("counts", "parts")

    def __init__(self, cells: Sequence[str] = ()):
        self.parts: list[str] = []
        self.counts: list[int] = []
        if cells:
            self.extend(cells)

    def extend(self, cells: Sequence[str]) -> None:
        self.parts.append("\0".join(cells))
        self.counts.append(len(cells))

    def __len__(self) -> int:
        return sum(self.counts)

    def __iter__(self) -> Iterator[str]:
        for part in self.parts:
            yield from part.split("\0")

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(self)[index]
        index = range(len(self))[index]
        for part, count in zip(self.parts, self.counts, strict=True):
            if index < count:
                return part.split("\0")[index]
            index -= count
        raise IndexError(index)


def _distinct(cells: Sequence[str]) -> bool:
    """Whether a first chunk of cells is mostly distinct texts that can be packed (no NUL)."""
    if len(cells) <= 1000:
        return False
    return len(set(cells)) > max(1000, SHARED_UNTIL * len(cells)) and "\0" not in "".join(cells)


class TableBuilder:
    """Gathers one table's rows into columns, checking its header the same way for every reader.

    `header` is the header row's cells as text. Rows are given with `add(number, cells)`;
    `finish()` returns the table and every problem of the header (duplicate names, values under a
    column without a name)."""

    def __init__(self, name: str, file: str, header: Sequence[str], encoding: str | None = None):
        self.name, self.file, self.encoding = name, file, encoding
        self.problems: list[Problem] = []
        names = [header_name(cell) for cell in header]
        self.width = len(names)
        first: dict[str, int] = {}
        self.keep: list[tuple[int, str]] = []  # (index, name) of the columns read
        self.unnamed: list[int] = []  # indices of columns without a name
        for index, name in enumerate(names):
            if not name:
                self.unnamed.append(index)
            elif name in first:
                self.problems.append(
                    Problem(
                        file,
                        1,
                        name,
                        name,
                        f"each column name once: columns {column_letter(first[name] + 1)} and "
                        f"{column_letter(index + 1)} are both named {name!r}; delete or rename "
                        "one (neither is read in place of the other)",
                    )
                )
            else:
                first[name] = index
                self.keep.append((index, name))
        self.header = tuple(name for _, name in self.keep)
        # each column coded (few distinct texts) until it proves mostly distinct, then packed
        self.columns: list[CodedColumn | PackedColumn] = [CodedColumn() for _ in self.keep]
        self.numbers = array("i")
        self.pending: list[Sequence[str]] = []
        self.pending_numbers: list[int] = []
        self.first_value: dict[int, tuple[int, str]] = {}  # unnamed column -> (row, value)
        self.values_in: dict[int, int] = {}  # unnamed column -> how many values it holds

    def add(self, number: int, cells: Sequence[str]) -> None:
        """One data row (its cells as text, in the header's order)."""
        self.pending_numbers.append(number)
        self.pending.append(cells)
        if len(self.pending) >= CHUNK:
            self._flush()

    def add_rows(self, numbers: Sequence[int], rows: Sequence[Sequence[str]]) -> None:
        """Rows at once, with their row numbers."""
        self._flush()
        self.pending_numbers, self.pending = list(numbers), list(rows)
        self._flush()

    def _flush(self) -> None:
        chunk, self.pending = self.pending, []
        numbers, self.pending_numbers = self.pending_numbers, []
        if not chunk:
            return
        self.numbers.extend(numbers)
        by_column = list(zip_longest(*chunk, fillvalue=""))
        for j, (index, _) in enumerate(self.keep):
            cells = by_column[index] if index < len(by_column) else ("",) * len(chunk)
            column = self.columns[j]
            if isinstance(column, CodedColumn) and not column.codes and _distinct(cells):
                column = self.columns[j] = PackedColumn()  # distinct from the first chunk on
            column.extend(cells)
            if isinstance(column, PackedColumn):
                continue
            texts = column.texts
            distinct = len(texts) > 1000 and len(texts) > SHARED_UNTIL * len(self.numbers)
            if distinct and not any("\0" in text for text in texts):
                # mostly distinct texts (amounts): coding saves nothing, packing saves most
                self.columns[j] = PackedColumn(list(column))
        for index in [*self.unnamed, *range(self.width, len(by_column))]:
            if index >= len(by_column) or not any(map(str.strip, by_column[index])):
                continue
            texts = [text.strip() for text in by_column[index]]
            if index not in self.first_value:
                first = next(i for i, text in enumerate(texts) if text)
                self.first_value[index] = (numbers[first], texts[first])
            self.values_in[index] = self.values_in.get(index, 0) + sum(map(bool, texts))

    def finish(self) -> tuple[RawTable, list[Problem]]:
        self._flush()
        for index in sorted(self.first_value):
            row, value = self.first_value[index]
            count = self.values_in[index]
            more = f" (and {count - 1} more rows)" if count > 1 else ""
            letter = column_letter(index + 1)
            self.problems.append(
                Problem(
                    self.file,
                    row,
                    letter,
                    value.strip()[:80],
                    f"a column name in row 1 above every column that holds values: column "
                    f"{letter} has values{more} but no name; name it (one of the table's "
                    "columns) or delete its values",
                )
            )
        columns = dict(zip(self.header, self.columns, strict=True))
        table = RawTable(self.name, self.file, self.header, columns, self.numbers, self.encoding)
        return table, self.problems
