"""The raw table: strings by column, with the row number a spreadsheet user would see."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawRow:
    number: int  # 1 is the header, so the first data row is 2
    cells: dict[str, str]


@dataclass(frozen=True)
class RawTable:
    name: str  # table name, e.g. "counties"
    file: str  # what a user calls the file: "counties.csv" or "dataset.xlsx[counties]"
    header: tuple[str, ...]
    rows: tuple[RawRow, ...]
    encoding: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
