"""Raw tables of strings -> validated rows, every problem collected with file, row and column.

Two routes, one set of messages. A table whose rows are records (optimiser.schemas.rows.RECORDS:
history, commitments, loans) is validated by column: each distinct cell text of a column once,
through a model of that one field (so the words are the row model's own), and a bad cell is
reported at every row that holds it. The other tables, small and with rules across their
fields, are validated row by row through their pydantic model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cache
from itertools import islice, repeat
from math import isfinite
from typing import Generic, NamedTuple, TypeVar, get_args

from annotated_types import Ge, Gt, Le
from pydantic import BeforeValidator, ValidationError, create_model

from optimiser.io.raw import CodedColumn, RawTable
from optimiser.problems import Problem
from optimiser.schemas.messages import expected_text
from optimiser.schemas.rows import RECORDS, CellError, Row
from optimiser.schemas.types import NUMBER_RE, _number

R = TypeVar("R", bound=Row)


class Located(NamedTuple, Generic[R]):
    """A validated row with the place it came from, so cross-table checks can point at it."""

    row: R
    file: str
    number: int


class LocatedRows(Sequence):
    """A table's validated rows with their file and row numbers; each `Located` is made when it
    is read, so a table of a million rows holds its rows and an array of numbers, nothing
    more. `rows` is the rows alone (what the dataset keeps)."""

    __slots__ = ("file", "numbers", "rows")

    def __init__(self, rows: Sequence, file: str, numbers: Sequence[int]):
        self.rows = tuple(rows)
        self.file = file
        self.numbers = numbers

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return LocatedRows(self.rows[index], self.file, self.numbers[index])
        return Located(self.rows[index], self.file, self.numbers[index])

    def __iter__(self) -> Iterator[Located]:
        return map(Located, self.rows, repeat(self.file), self.numbers)


NO_ROWS = LocatedRows((), "", ())


def columns_of(model: type[Row]) -> tuple[list[str], list[str]]:
    """(all columns, required columns) of a row model."""
    fields = model.model_fields
    required = [name for name, field in fields.items() if field.is_required()]
    return list(fields), required


def validate_table(raw: RawTable, model: type[R]) -> tuple[LocatedRows, list[Problem]]:
    problems: list[Problem] = []
    known, required = columns_of(model)
    unknown = [c for c in raw.header if c not in known]
    for column in unknown:
        problems.append(
            Problem(
                raw.file,
                1,
                column,
                column,
                "one of the columns " + ", ".join(known) + " (unknown column)",
            )
        )
    missing = [c for c in required if c not in raw.header]
    for column in missing:
        problems.append(Problem(raw.file, 1, column, None, f"a column named {column} (required)"))
    if unknown or missing:
        return LocatedRows((), raw.file, ()), problems
    record = RECORDS.get(model)
    if record is not None:
        return _by_column(raw, model, record, problems)
    rows: list[R] = []
    numbers: list[int] = []
    for raw_row in raw.rows:
        # an empty cell means "not given": a default applies, or the value is reported missing
        cells = {k: v for k, v in raw_row.cells.items() if v != ""}
        try:
            rows.append(model.model_validate(cells))
            numbers.append(raw_row.number)
        except ValidationError as exc:
            problems += _problems(exc, raw, raw_row.number, raw_row.cells, model)
    return LocatedRows(rows, raw.file, numbers), problems


def _by_column(
    raw: RawTable, model: type[Row], record: type, problems: list[Problem]
) -> tuple[LocatedRows, list[Problem]]:
    """Validate a record table column by column. The raw table's columns are let go one by one
    as they are read (the caller hands the table over), so a large table is held about once."""
    n = len(raw.numbers)
    columns: list = []
    bad: dict[int, list[tuple[int, Problem]]] = {}  # row index -> its problems, by column
    for position, column in enumerate(model.model_fields):
        cells = raw.columns.pop(column, None)
        if cells is None:  # an optional column left out: every row takes the default (None)
            columns.append(repeat(None, n))
            continue
        values, errors = _column_values(model, column, cells)
        if errors:
            for i, text in enumerate(cells):
                if text in errors:
                    bad.setdefault(i, []).extend(
                        (
                            position,
                            Problem(raw.file, raw.numbers[i], column, text.strip(), expected),
                        )
                        for expected in errors[text]
                    )
        del cells
        columns.append(values)
    for i in sorted(bad):
        problems += [problem for _, problem in sorted(bad[i], key=lambda pair: pair[0])]
    rows = tuple(map(tuple.__new__, repeat(record), zip(*columns, strict=True)))
    del columns
    numbers = raw.numbers
    if bad:
        rows = tuple(row for i, row in enumerate(rows) if i not in bad)
        numbers = [number for i, number in enumerate(raw.numbers) if i not in bad]
    return LocatedRows(rows, raw.file, numbers), problems


MANY = 0.5  # a column whose sample is more than this share distinct texts is read cell by cell


def _column_values(
    model: type[Row], column: str, cells: Sequence[str]
) -> tuple[list, dict[str, list[str]]]:
    """Each row's value of a column (None where the text fails), and the failing texts -> what
    was expected. A column of few distinct texts (codes, years) validates each once; a column of
    mostly distinct numbers (amounts) is read cell by cell with a plain-number test, so no
    table of its distinct texts is built."""
    number = _number_reader(model, column)
    read, within = number if number is not None else (None, None)
    sample = list(islice(cells, 10_000))
    if number is not None and len(set(sample)) > MANY * len(sample):
        errors: dict[str, list[str]] = {}
        if all(map(NUMBER_RE.fullmatch, cells)):  # plain numbers all: read at C speed
            values = list(map(float, cells))
            if all(map(isfinite, values)) and within(min(values)) and within(max(values)):
                return values, errors
        values = list(map(read, cells))
        if None in values:
            for i, (value, text) in enumerate(zip(values, cells, strict=True)):
                if value is None and text not in errors:
                    found, expected = _validate_text(model, column, text)
                    if expected is None:
                        values[i] = found  # valid after all (not a plain number)
                        continue
                    errors[text] = expected
        return values, errors
    distinct = cells.texts if isinstance(cells, CodedColumn) else list(dict.fromkeys(cells))
    found: list = []
    errors = {}
    for text in distinct:
        value = read(text) if read is not None else None
        if value is None:
            value, expected = _validate_text(model, column, text)
            if expected is not None:
                errors[text] = expected
        found.append(value)
    if isinstance(cells, CodedColumn):  # read as the records are made
        return map(found.__getitem__, cells.codes), errors
    return map(dict(zip(distinct, found, strict=True)).__getitem__, cells), errors


def _validate_text(model: type[Row], column: str, text: str) -> tuple[object, list[str] | None]:
    """One cell's text through the row model's own field: (value, None) or (None, expected).
    An empty cell (or one of spaces) is a value not given: the default, or "required"."""
    text = text.strip()
    try:
        one = _one_field(model, column).model_validate({column: text} if text else {})
    except ValidationError as exc:
        return None, [_expected(error, model, column) for error in exc.errors(include_url=False)]
    return getattr(one, column), None


@cache
def _number_reader(model: type[Row], column: str) -> tuple[Callable, Callable] | None:
    """For a required number column (types._number with its bounds): (read, within). `read`
    turns a text into its number when it is a plain number within the bounds, else None (the
    field's validator then says why); `within` tells whether a number is within the bounds.
    None for another kind of column."""
    field = model.model_fields[column]
    before = [m.func for m in field.metadata if isinstance(m, BeforeValidator)]
    if field.annotation is not float or not field.is_required() or before != [_number]:
        return None
    low = next((m.ge for m in field.metadata if isinstance(m, Ge)), None)
    above = next((m.gt for m in field.metadata if isinstance(m, Gt)), None)
    high = next((m.le for m in field.metadata if isinstance(m, Le)), None)
    plain = NUMBER_RE.fullmatch

    def within(value: float) -> bool:
        return (
            isfinite(value)
            and (low is None or value >= low)
            and (above is None or value > above)
            and (high is None or value <= high)
        )

    def read(text: str) -> float | None:
        if not plain(text):
            return None
        value = float(text)
        return value if within(value) else None

    return read, within


@cache
def _one_field(model: type[Row], column: str) -> type[Row]:
    """A model of one field of `model`: the same type, bounds, default and words."""
    field = model.model_fields[column]
    return create_model(
        f"{model.__name__}_{column}", __base__=Row, **{column: (field.annotation, field)}
    )


def _problems(
    exc: ValidationError, raw: RawTable, number: int, cells: dict[str, str], model: type[Row]
) -> list[Problem]:
    found = []
    for error in exc.errors(include_url=False):
        original = (error.get("ctx") or {}).get("error")
        if isinstance(original, CellError):
            column, expected = original.column, original.expected
        else:
            column = str(error["loc"][0]) if error["loc"] else None
            expected = _expected(error, model, column)
        value = cells.get(column) if column else None
        found.append(Problem(raw.file, number, column, value, expected))
    return found


def _expected(error: dict, model: type[Row], column: str | None) -> str:
    field = model.model_fields.get(column or "")
    description = None
    if field is not None:
        description = field.description or _description(field.annotation)
    return expected_text(error, description)


def _description(annotation: object) -> str | None:
    """The first Field description inside a (possibly optional, nested) Annotated type."""
    for meta in getattr(annotation, "__metadata__", ()):
        if getattr(meta, "description", None):
            return meta.description
    for arg in get_args(annotation):
        found = _description(arg)
        if found:
            return found
    return None
