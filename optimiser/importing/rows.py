"""A block read into the rows of its table: each data row's cells converted (names to codes,
numbers typed as text, units to 万元, percent to shares, words to values), one column per fund,
category or year turned into one row each, 合计 and 小计 checked and dropped, and every step said
in the sheet's report."""

from __future__ import annotations

from dataclasses import dataclass, field

from optimiser.importing import values as cellread
from optimiser.importing.columns import ADDITIVE, KINDS, MONEY, dimension_column
from optimiser.importing.counties import CountyBook
from optimiser.importing.findings import SheetReport
from optimiser.importing.grid import ref, rows_text, span
from optimiser.importing.headers import Dictionary, fold
from optimiser.importing.layout import Block
from optimiser.importing.meaning import Meaning
from optimiser.importing.names import NameBook
from optimiser.importing.totals import RowKind, check_columns, check_rows
from optimiser.importing.which import Choice

NAMED = (
    "county",
    "county_name",
    "source",
    "category",
    "word",
)  # every distinct conversion is listed


@dataclass
class LongRow:
    """One row of a table, as the dataset's CSV holds it, with the sheet cell of each value."""

    table: str
    cells: dict[str, str]
    origin: dict[str, tuple[int, int]]
    where: str  # book[sheet]


@dataclass
class _Conversions:
    """Cells converted, by (column, what was done), for one line each in the report."""

    found: dict[tuple[int, str], list[tuple[int, int]]] = field(default_factory=dict)
    examples: dict[tuple[int, str], list[str]] = field(default_factory=dict)

    def add(self, column: int, what: str, cell: tuple[int, int], example: str = "") -> None:
        if what not in NAMED:  # numbers typed as text, dashes, ...: one line for the table
            column = 0
        self.found.setdefault((column, what), []).append(cell)
        seen = self.examples.setdefault((column, what), [])
        if example not in seen:
            seen.append(example)


class Reader:
    def __init__(
        self,
        block: Block,
        choice: Choice,
        dictionary: Dictionary,
        counties: CountyBook,
        names: NameBook,
        report: SheetReport,
    ):
        self.block, self.choice, self.table = block, choice, choice.table or ""
        self.d, self.counties, self.names, self.report = dictionary, counties, names, report
        self.grid = block.grid
        self.conversions = _Conversions()
        self.county_said: dict[str, str] = {}
        self.asked: set[tuple] = set()

    # -- the columns ------------------------------------------------------------------------
    def usable(self) -> list[Meaning]:
        """The columns read; questions for the headers not understood, said once each."""
        used = []
        seen_targets: dict[str, Meaning] = {}
        for m in self.choice.meanings:
            cells = [(r, m.index) for r in self.block.body]
            filled = [c for c in cells if self.grid.get(*c) is not None]
            if m.index in self.grid.hidden_columns:
                if m.kind != "empty" or filled:
                    self.report.add(
                        "dropped",
                        "dropped.hidden_column",
                        m.column.letter_cell,
                        label="/".join(m.column.labels),
                    )
                continue
            if m.kind == "empty":
                if filled:
                    self.report.question("question.no_header_column", span(filled))
                continue
            if m.kind == "unknown":
                for label, cell in m.unknown:
                    self.report.question(
                        "question.unknown_header", ref(*cell), label=label, table=self.table
                    )
                for label, cell, codes in m.ambiguous:
                    self.report.question(
                        "question.ambiguous_header", ref(*cell), label=label, codes=", ".join(codes)
                    )
                continue
            if m.kind == "index":
                self.report.add(
                    "dropped", "dropped.index", m.column.letter_cell, label=m.column.labels[-1]
                )
                continue
            if m.kind == "note":
                self.report.add(
                    "dropped",
                    "dropped.note_column",
                    m.column.letter_cell,
                    label=m.column.labels[-1],
                )
                continue
            if m.kind == "key":
                if m.target in seen_targets:
                    other = seen_targets[m.target]
                    self.report.question(
                        "question.two_columns",
                        f"{other.column.letter_cell}, {m.column.letter_cell}",
                        column=self._column_words(m.target),
                    )
                    continue
                seen_targets[m.target] = m
            used.append(m)
        return used

    def factor(self, m: Meaning) -> float | None:
        """What one of the sheet's units is in the column's unit (万元, or 元 for a _yuan
        column); None (and a question) when money has no unit stated anywhere."""
        target = m.target or ""
        kind = KINDS[self.table][target]
        if kind not in MONEY:
            return 1.0
        unit = m.unit.money if m.unit.money else None
        if unit is None and kind != "yuan":
            unit = self.block.unit.money
        if unit is None:
            if kind == "yuan":
                return 1.0  # the column is 元 by its name (农民人均可支配收入, 元/人)
            key = ("unit", m.index)
            if key not in self.asked:
                self.asked.add(key)
                self.report.question(
                    "question.no_unit", m.column.letter_cell, label="/".join(m.column.labels)
                )
            return None
        per_wan = self.d.units[unit]
        return per_wan * 10000 if kind == "yuan" else per_wan

    # -- the rows ---------------------------------------------------------------------------
    def read(self) -> list[LongRow]:
        used = self.usable()
        if not used:
            return []
        keys = [m for m in used if m.kind == "key"]
        values = [m for m in used if m.kind == "value"]
        totals = [m for m in used if m.kind in ("total", "subtotal")]
        label_columns = [m.index for m in self.choice.meanings if m.kind == "index"] + [
            m.index
            for m in keys
            if KINDS[self.table][m.target].split(":")[0]
            not in ("wan", "rate_wan", "yuan", "share", "count", "number", "year")
        ]
        county_column = next((m for m in keys if KINDS[self.table][m.target] == "county"), None)
        city_column = next((m for m in keys if m.target == "city"), None)
        numeric = values + [m for m in keys if KINDS[self.table][m.target] in ADDITIVE] + totals
        factors = {m.index: self.factor(m) for m in values + keys}
        title_city = self._title_city()
        kinds: list[RowKind] = []
        numbers: dict[tuple[int, int], float] = {}
        parsed_rows: list[tuple[int, dict, dict]] = []
        current_city = title_city
        for r in self.block.body:
            label = next(
                (
                    cellread.text(self.grid.get(r, c))
                    for c in sorted(label_columns)
                    if self.grid.get(r, c) is not None
                    and not isinstance(self.grid.get(r, c), int | float)
                ),
                "",
            )
            kind = self._row_kind(label, county_column, r)
            for m in numeric:
                read = cellread.number(self.grid.get(r, m.index))
                if read.value is not None:
                    numbers[(r, m.index)] = read.value
            if kind == "city":
                current_city = self.counties.city_of(
                    cellread.text(self.grid.get(r, county_column.index))
                )
                kinds.append(RowKind(r, "city", current_city, label))
                continue
            if kind != "data":
                kinds.append(RowKind(r, kind, None, label))
                continue
            if (
                values
                and not any(
                    (r, m.index) in numbers or self.grid.get(r, m.index) is not None for m in values
                )
                and not any(
                    self.grid.get(r, m.index) is not None for m in keys if m is not county_column
                )
            ):
                kinds.append(RowKind(r, "label", None, label))
                continue
            row_city = None
            if city_column is not None:
                row_city = cellread.text(self.grid.get(r, city_column.index)) or None
            cells, origin = self._key_cells(r, keys, factors, row_city or current_city)
            county = cells.get(county_column.target) if county_column is not None else None
            city = (
                self.counties.by_code.get(county.lower()).city
                if county and county.lower() in self.counties.by_code
                else None
            )
            kinds.append(RowKind(r, "data", city, label))
            parsed_rows.append((r, cells, origin))
        check_columns(numbers, kinds, used, self.report)
        hidden_numbers: dict[tuple[int, int], float] = {}
        for h in self.block.hidden:
            for m in numeric:
                read = cellread.number(self.grid.get(h, m.index))
                if read.value is not None:
                    hidden_numbers[(h, m.index)] = read.value
        check_rows(
            numbers,
            hidden_numbers,
            self.block.hidden,
            kinds,
            [m.index for m in numeric],
            self.report,
            self._row_cells,
        )
        for row in kinds:
            if row.kind == "of_which":
                self.report.add(
                    "dropped", "dropped.of_which", self._row_cells(row.row), label=row.label
                )
            elif row.kind == "label":
                self.report.add(
                    "dropped", "dropped.label_row", self._row_cells(row.row), label=row.label
                )
        for h in self.block.hidden:
            if not self.grid.blank(h):
                self.report.add(
                    "dropped",
                    "dropped.hidden_row",
                    self._row_cells(h),
                    row=h,
                    text=self.grid.row_text(h),
                )
        for n in self.block.notes:
            self.report.add(
                "dropped", "dropped.note", self._row_cells(n), text=self.grid.row_text(n)
            )
        out = self._long(parsed_rows, values, factors)
        self._say_columns(used, out, parsed_rows)
        return out

    def _row_kind(self, label: str, county_column: Meaning | None, r: int) -> str:
        folded = fold(label)
        if not folded:
            return "data"
        if county_column is not None:
            county_text = cellread.text(self.grid.get(r, county_column.index))
            if county_text and self.counties.match(county_text).code:
                return "data"
        if self.d.is_one_of("totals", folded) or folded.endswith(("合计", "总计")):
            return "total"
        if self.d.is_one_of("subtotals", folded) or folded.endswith("小计"):
            return "subtotal"
        if folded.startswith("其中"):
            return "of_which"
        if county_column is not None:
            county_text = cellread.text(self.grid.get(r, county_column.index))
            if county_text and self.counties.city_of(county_text):
                return "city"
        return "data"

    def _title_city(self) -> str | None:
        found = {
            city
            for title in self.block.titles
            for key, city in self.counties.cities.items()
            if len(key) >= 2 and key in fold(title) and key.endswith("市")
        }
        return next(iter(found)) if len(found) == 1 else None

    def _key_cells(self, r: int, keys: list[Meaning], factors: dict, city: str | None):
        cells: dict[str, str] = {}
        origin: dict[str, tuple[int, int]] = {}
        for m in keys:
            value = self.grid.get(r, m.index)
            if value is None:
                continue
            read = self._cell(m.target, value, (r, m.index), factors.get(m.index), m, city)
            if read is not None and read != "":
                cells[m.target] = read
                origin[m.target] = (r, m.index)
        return cells, origin

    # -- one cell ---------------------------------------------------------------------------
    def _cell(self, column: str, value: object, cell, factor, m: Meaning, city=None) -> str | None:
        """A cell as the CSV writes it; None (and a question) when it cannot be read."""
        kind = KINDS[self.table][column]
        base, _, word_kind = kind.partition(":")
        if base in ("wan", "rate_wan", "yuan", "count", "number", "share"):
            read = cellread.number(value)
            if read.error:
                self.report.question(
                    "question.not_a_number", ref(*cell), value=cellread.text(value)
                )
                return None
            if read.value is None:
                if read.conversion:
                    self.conversions.add(m.index, "dash", cell, cellread.text(value))
                return ""
            number = read.value
            if read.conversion:
                self.conversions.add(m.index, read.conversion, cell, cellread.text(value))
            if base == "share" and m.unit.percent and read.conversion != "percent":
                number = number / 100
                self.conversions.add(m.index, "percent_header", cell, cellread.text(value))
            if base in ("wan", "rate_wan", "yuan"):
                if factor is None:
                    return None
                number = cellread.scaled(number, factor)
            return cellread.csv_number(number)
        if base == "year":
            read = cellread.year(value)
            if read.error or (read.value is None and not read.conversion):
                self.report.question("question.not_a_year", ref(*cell), value=cellread.text(value))
                return None
            if read.conversion:
                self.conversions.add(m.index, read.conversion, cell, cellread.text(value))
            return "" if read.value is None else str(int(read.value))
        if base == "county":
            return self._county(value, cell, city, m)
        if base in ("source", "category"):
            return self._named(base, cellread.text(value), cell, m)
        if base == "sources":
            codes = [self._named("source", part, cell, m) for part in cellread.parts(value)]
            return None if None in codes else ";".join(codes)
        if base == "codes":
            return ";".join(cellread.parts(value))
        if base == "shares" or base == "wan_list":
            out = []
            for part in cellread.number_parts(value):
                read = cellread.number(part)
                if read.value is None:
                    self.report.question("question.not_a_number", ref(*cell), value=part)
                    return None
                number = read.value
                if base == "wan_list":
                    if factor is None:
                        return None
                    number = cellread.scaled(number, factor)
                out.append(cellread.csv_number(number))
            if isinstance(value, int | float):
                self.conversions.add(m.index, "one_number_list", cell, cellread.text(value))
            return ";".join(out)
        if base == "bool":
            word = self.d.word("bool", cellread.text(value))
            if word is None:
                self.report.question(
                    "question.not_a_word", ref(*cell), value=cellread.text(value), words="是, 否"
                )
                return None
            if fold(value) not in ("true", "false"):
                self.conversions.add(m.index, "word", cell, f"{cellread.text(value)} → {word}")
            return word
        if base == "word":
            written = cellread.text(value)
            word = self.d.word(word_kind, written)
            if word is None:
                if word_kind == "unit":
                    return written  # the unit column is free text beyond its usual words
                choices = [names[0] for names in self.d.values[word_kind].values()]
                self.report.question(
                    "question.not_a_word", ref(*cell), value=written, words=", ".join(choices)
                )
                return None
            if fold(written) != fold(word):
                self.conversions.add(m.index, "word", cell, f"{written} → {word}")
            return word
        if base == "code":
            return cellread.text(value)
        return cellread.text(value)

    def _county(self, value: object, cell, city: str | None, m: Meaning) -> str | None:
        written = cellread.text(value)
        match = self.counties.match(written, city)
        if match.code:
            name = self.counties.by_code[match.code.lower()].name
            if written == name:
                self.conversions.add(m.index, "county_name", cell, f"{name}（{match.code}）")
            elif written != match.code:
                self.conversions.add(m.index, "county", cell, f"{written} → {name}（{match.code}）")
            return match.code
        if match.ambiguous:
            choices = "、".join(
                f"{c.name}（{c.city}）" if c.city else c.name for c in match.candidates
            )
            self.report.question(
                "question.ambiguous_county", ref(*cell), value=written, choices=choices
            )
        else:
            self.report.question(
                "question.unknown_county",
                ref(*cell),
                value=written,
                near="、".join(match.near) or "-",
            )
        return None

    def _named(self, kind: str, written: str, cell, m: Meaning) -> str | None:
        look = self.names.source if kind == "source" else self.names.category
        named = look(written)
        if named.code:
            if written != named.code:
                self.conversions.add(m.index, kind, cell, f"{written} → {named.code}")
            return named.code
        if named.candidates:
            self.report.question(
                f"question.ambiguous_{kind}",
                ref(*cell),
                value=written,
                choices=", ".join(named.candidates),
            )
        else:
            self.report.question(f"question.unknown_{kind}", ref(*cell), value=written)
        return None

    # -- wide to long -----------------------------------------------------------------------
    def _long(self, parsed_rows, values: list[Meaning], factors) -> list[LongRow]:
        out: list[LongRow] = []
        year_column = dimension_column(self.table, "year")
        context_used: list[tuple[int, int]] = []
        for r, cells, origin in parsed_rows:
            if not values:
                rows = [(dict(cells), dict(origin))]
            else:
                rows = []
                groups: dict[tuple, list[Meaning]] = {}
                for m in values:  # the columns of one fund and year make one row
                    groups.setdefault(tuple(sorted(m.dims.items())), []).append(m)
                for group in groups.values():
                    row, where = dict(cells), dict(origin)
                    filled = False
                    for m in group:
                        value = self.grid.get(r, m.index)
                        if value is None:
                            continue
                        read = self._cell(m.target, value, (r, m.index), factors.get(m.index), m)
                        if read is None or read == "":
                            continue
                        row[m.target] = read
                        where[m.target] = (r, m.index)
                        filled = True
                    if not filled:
                        continue
                    for dim, code in group[0].dims.items():
                        column = dimension_column(self.table, dim)
                        row[column] = str(code)
                        where.setdefault(column, group[0].column.cells[-1])
                    rows.append((row, where))
            for row, where in rows:
                if year_column and year_column not in row and self.choice.year is not None:
                    row[year_column] = str(self.choice.year)
                    context_used.append((r, 1))
                out.append(LongRow(self.table, row, where, self.grid.where))
        if context_used:
            self.report.add("converted", "converted.year_from_title", "", year=self.choice.year)
        if values and out:
            self.report.add(
                "converted",
                "converted.wide",
                span([(r, m.index) for r, _, _ in parsed_rows[:1] for m in values]),
                columns=len(values),
                rows=len(parsed_rows),
                long=len(out),
            )
        return out

    # -- what the report says ---------------------------------------------------------------
    def _say_columns(self, used: list[Meaning], out: list[LongRow], parsed_rows) -> None:
        data_rows = [r for r, _, _ in parsed_rows]
        if data_rows:
            self.report.add("taken", "taken.rows", count=len(data_rows), rows=rows_text(data_rows))
        for m in used:
            if m.kind not in ("key", "value"):
                continue
            dims = "；".join(self._dim_words(dim, code) for dim, code in m.dims.items())
            self.report.add(
                "taken",
                "taken.column_dims" if dims else "taken.column",
                m.column.letter_cell,
                label="/".join(m.column.labels),
                column=self._column_words(m.target),
                dims=dims,
            )
        for (column, what), cells in self.conversions.found.items():
            examples = self.conversions.examples[(column, what)]
            shown = examples if what in NAMED and what != "county_name" else examples[:3]
            more = "" if len(shown) == len(examples) else " …"
            self.report.add(
                "converted",
                f"converted.{what}",
                span(cells),
                count=len(cells),
                example="；".join(shown) + more,
            )
        for m in used:
            target = m.target or ""
            if m.kind in ("key", "value") and KINDS[self.table][target] in MONEY:
                factor = self.factor(m)
                unit = m.unit.money or self.block.unit.money
                if factor not in (None, 1.0) and unit:
                    to = "元" if KINDS[self.table][target] == "yuan" else "万元"
                    self.report.add(
                        "converted",
                        "converted.unit",
                        m.column.letter_cell,
                        label="/".join(m.column.labels),
                        unit=unit,
                        to=to,
                        factor=f"{factor:g}",
                    )

    def _column_words(self, column: str) -> str:
        return f"{self.d.first(self.table, column)}（{column}）"

    def _dim_words(self, dim: str, code: object) -> str:
        if dim == "source":
            return f"{self.names.source_name(str(code))}（{code}）"
        if dim == "category":
            return f"{self.names.category_name(str(code))}（{code}）"
        return f"{code}"

    def _row_cells(self, row: int) -> str:
        filled = [
            c for c in range(1, self.grid.max_column + 1) if self.grid.get(row, c) is not None
        ]
        if not filled:
            return ref(row, 1)
        return (
            f"{ref(row, filled[0])}:{ref(row, filled[-1])}"
            if len(filled) > 1
            else ref(row, filled[0])
        )
