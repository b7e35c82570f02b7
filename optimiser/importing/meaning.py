"""What each column of a block means for a given table: a column of the table, a value with the
fund, category or year its header names (one column per fund or per year), a 合计 or 小计 of
other columns, a 序号 or 备注 column, or a header the dictionary does not know."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from optimiser.importing.columns import KINDS, NUMERIC, VALUE_COLUMN, dimension_column
from optimiser.importing.headers import Dictionary, Unit, fold, split_unit, year_of
from optimiser.importing.layout import Block, Column
from optimiser.importing.names import NameBook


@dataclass
class Meaning:
    column: Column
    kind: str  # key, value, total, subtotal, index, note, empty, unknown
    target: str | None = None  # the table's column (key or value)
    dims: dict[str, object] = field(default_factory=dict)  # source, category, year
    group: dict[str, object] = field(default_factory=dict)  # a 小计's parent: the dims it adds
    unknown: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    ambiguous: list[tuple[str, tuple[int, int], tuple[str, ...]]] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (header, what it was read as)

    @property
    def unit(self) -> Unit:
        return self.column.unit

    @property
    def index(self) -> int:
        return self.column.index


def meanings(block: Block, table: str, dictionary: Dictionary, names: NameBook) -> list[Meaning]:
    return [_meaning(column, table, dictionary, names) for column in block.columns]


def _meaning(column: Column, table: str, d: Dictionary, names: NameBook) -> Meaning:
    found = Meaning(column, "empty")
    if not column.labels:
        return found
    columns: list[str] = []
    marks: list[str] = []
    for label, cell in zip(column.labels, column.cells, strict=True):
        text, _ = split_unit(label)
        if not text:
            continue
        if d.is_one_of("index_columns", text):
            marks.append("index")
        elif d.is_one_of("totals", text) or text.endswith("合计") or text.endswith("总计"):
            marks.append("total")
        elif d.is_one_of("subtotals", text) or text.endswith("小计"):
            marks.append("subtotal")
        elif d.is_one_of("note_columns", text) and "note" not in KINDS[table]:
            marks.append("note")
        elif (target := d.column(table, text)) is not None:
            columns.append(target)
        elif not _dimension(text, table, d, names, found, cell) and not d.is_one_of(
            "group_words", text
        ):
            found.unknown.append((label, cell))
    if "index" in marks:
        found.kind = "index"
        return found
    last = marks[-1] if marks else None
    if last in ("total", "subtotal"):
        found.kind = last
        found.group = dict(found.dims)
        found.dims = {}
        found.unknown = []
        return found
    if "note" in marks:
        found.kind = "note"
        return found
    if found.unknown or found.ambiguous:
        found.kind = "unknown"
        return found
    dims_as_columns = {dimension_column(table, dim) for dim in found.dims}
    keys = [c for c in columns if c not in dims_as_columns]
    if found.dims:
        numeric = [c for c in keys if KINDS[table][c].split(":")[0] in NUMERIC]
        target = numeric[-1] if numeric else VALUE_COLUMN.get(table)
        if target is None or (keys and not numeric):
            found.kind = "unknown"
            found.unknown.append((column.labels[-1], column.cells[-1]))
            return found
        found.kind, found.target = "value", target
        return found
    if columns:
        found.kind, found.target = "key", columns[-1]
        return found
    found.kind = "unknown"  # only group words: 资金来源 over nothing
    found.unknown.append((column.labels[-1], column.cells[-1]))
    return found


def _dimension(text: str, table: str, d: Dictionary, names: NameBook, found: Meaning, cell) -> bool:
    """Reads a fund, category or year header into `found.dims`; True when it was one."""
    year = year_of(text, d)
    if year is not None and dimension_column(table, "year"):
        found.dims["year"] = year
        return True
    prefixed = re.match(r"(\d{4})年度?(.+)", fold(text))
    if prefixed and dimension_column(table, "year") and year_of(prefixed.group(1), d):
        rest = prefixed.group(2)
        before = dict(found.dims)
        if _named(rest, table, names, found, cell, text):
            found.dims["year"] = int(prefixed.group(1))
            return True
        found.dims = before
    return _named(text, table, names, found, cell, text)


def _named(text: str, table: str, names: NameBook, found: Meaning, cell, label: str) -> bool:
    for dim, look in (("source", names.source), ("category", names.category)):
        if dimension_column(table, dim) is None:
            continue
        named = look(text)
        if named.code:
            found.dims[dim] = named.code
            found.aliases.append((label, named.code))
            return True
        if named.candidates:
            found.ambiguous.append((label, cell, named.candidates))
            return True
    return False


def covered(table: str, found: list[Meaning], context_year: int | None) -> tuple[int, list[str]]:
    """How well a table fits a block's columns: (columns it reads, required columns missing)."""
    from optimiser.schemas.rows import TABLES
    from optimiser.schemas.tables import columns_of

    have = {m.target for m in found if m.kind in ("key", "value")}
    for m in found:
        for dim in m.dims:
            have.add(dimension_column(table, dim))
    if context_year is not None and dimension_column(table, "year"):
        have.add(dimension_column(table, "year"))
    _, required = columns_of(TABLES[table])
    missing = [c for c in required if c not in have]
    score = sum(1 for m in found if m.kind in ("key", "value"))
    score -= sum(1 for m in found if m.kind == "unknown")
    return score, missing
