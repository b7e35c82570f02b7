"""Raw tables of strings -> validated rows, every problem collected with file, row and column.

Every table is validated column by column, and every rule comes from its row model (one source
of truth: optimiser.schemas.rows and types): a column's cells are read at once through a reader
made from the model's own field (`_reader`: its type, its validator functions and its bounds, read
off the field), or, where no such reader is made (codes, years, booleans, allowed words: columns
of few distinct texts), each distinct text of the column once through a model of that one field.
A cell a reader cannot take goes through the one-field model, which takes it or says why, so a
reader may be cautious but never lenient. Then every message is the model's own:

- a table of records (optimiser.schemas.rows.RECORDS: history, commitments, loans: no rule across
  fields) reports a bad cell at every row that holds it, in the words of the one-field model,
  the problems of a row in the order of the model's fields;
- any other table is validated again row by row through its pydantic model (`_by_row`, the
  reference, what every table went through before) for the rows that hold a bad cell. Its other
  rows become model instances as `model_validate` makes them (the same values, defaults and
  fields given), and the model's rules across fields (its "after" `model_validator`s, which
  need the whole row) are run on each row: 0.05 s for 100,000 projects. A row one of them
  refuses is validated again row by row too, for the message.

A model the column route cannot follow exactly (a field validator, a validator before or around
the model, private attributes, aliases) is validated row by row. tests/test_column_validation.py
holds the two routes to the same rows and the same problems, in the same order.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from inspect import signature
from itertools import chain, islice, repeat
from operator import attrgetter, is_
from types import NoneType, UnionType
from typing import Generic, NamedTuple, TypeVar, Union, get_args, get_origin

import numpy as np
from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from pydantic import AfterValidator, BeforeValidator, ValidationError, create_model
from pydantic._internal._utils import smart_deepcopy
from pydantic.fields import FieldInfo

from optimiser.io.raw import CodedColumn, PackedColumn, RawTable
from optimiser.problems import Problem
from optimiser.schemas.messages import expected_text
from optimiser.schemas.rows import RECORDS, CellError, Row
from optimiser.schemas.types import NUMBER_RE, _empty_to_none, _number, _split

R = TypeVar("R", bound=Row)


class Located(NamedTuple, Generic[R]):
    """A validated row with the place it came from, so cross-table checks can point at it."""

    row: R
    file: str
    number: int


class LocatedRows(Sequence):
    """A table's validated rows with their file and row numbers; each `Located` is made when it
    is read, so a table of a million rows holds its rows and an array of numbers, nothing
    more. `rows` is the rows alone (what the dataset keeps). `column(name)` is every row's
    value of a field: the lists validation made them from (a table of pydantic rows keeps
    them), or read off the rows."""

    __slots__ = ("columns", "file", "numbers", "rows")

    def __init__(
        self, rows: Sequence, file: str, numbers: Sequence[int], columns: dict | None = None
    ):
        self.rows = tuple(rows)
        self.file = file
        self.numbers = numbers
        self.columns = columns or {}

    def column(self, name: str) -> Sequence:
        found = self.columns.get(name)
        return found if found is not None else list(map(attrgetter(name), self.rows))

    def __reduce__(self):  # sent to another process without the columns (read off the rows)
        return LocatedRows, (self.rows, self.file, self.numbers)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return LocatedRows(self.rows[index], self.file, self.numbers[index])
        return Located(self.rows[index], self.file, self.numbers[index])

    def __iter__(self) -> Iterator[Located]:
        return map(Located, self.rows, repeat(self.file), self.numbers)


NO_ROWS = LocatedRows((), "", ())
# a pydantic row's fields given (what `model_fields_set` returns), read without a call
FIELDS_SET = attrgetter("__pydantic_fields_set__")


def columns_of(model: type[Row]) -> tuple[list[str], list[str]]:
    """(all columns, required columns) of a row model."""
    fields = model.model_fields
    required = [name for name, field in fields.items() if field.is_required()]
    return list(fields), required


def validate_table(
    raw: RawTable, model: type[R], by_row: bool = False
) -> tuple[LocatedRows, list[Problem]]:
    """A raw table's rows validated through `model`: the rows that pass with their row
    numbers, and every problem. The raw table's columns are let go as they are read (the caller
    hands the table over). `by_row`: every row through the pydantic model, one at a time (the
    reference the column route agrees with)."""
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
    if by_row or not _columnar(model):
        return _by_row(raw, model, problems)
    record = RECORDS.get(model)
    if record is not None:
        return _records(raw, model, record, problems)
    return _by_column(raw, model, problems)


def _by_row(
    raw: RawTable, model: type[R], problems: list[Problem]
) -> tuple[LocatedRows, list[Problem]]:
    """Each row through the pydantic model: an empty cell is a value not given (its default
    applies, or it is reported missing)."""
    rows: list[R] = []
    numbers: list[int] = []
    for raw_row in raw.rows:
        cells = {k: v for k, v in raw_row.cells.items() if v != ""}
        try:
            rows.append(model.model_validate(cells))
            numbers.append(raw_row.number)
        except ValidationError as exc:
            problems += _problems(exc, raw, raw_row.number, raw_row.cells, model)
    return LocatedRows(rows, raw.file, numbers), problems


# ------------------------------------------------------------------------------------------
# One column at a time
# ------------------------------------------------------------------------------------------
class _Mark:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


EMPTY = _Mark("EMPTY")  # an empty cell of a field that has a default: a value not given
FAIL = _Mark("FAIL")  # a cell the field refuses


class Column(NamedTuple):
    """A column read through its field. `found` holds a value per distinct text (`codes` gives
    each row's) or, with `codes` None, per row; EMPTY where a cell is empty and the field has a
    default, FAIL where the field refuses it. `bad`: the rows whose cell the field refuses, in
    order; `errors`: each refused text (trimmed) with what was expected; `cells`: the cells as
    written, by row."""

    found: list
    codes: Sequence[int] | None
    bad: list[int]
    errors: dict[str, list[str]]
    cells: Sequence[str]

    def values(self) -> Iterator:
        if self.codes is None:
            return iter(self.found)
        return map(self.found.__getitem__, self.codes)


def read_column(model: type[Row], column: str, cells: Sequence[str]) -> Column:
    """A column's cells through the field `column` of `model`. A column of few distinct texts
    (optimiser.io.raw.CodedColumn) is read a distinct text at a time; a packed one
    (optimiser.io.raw.PackedColumn) a part at a time, and only its refused cells kept as text."""
    if isinstance(cells, CodedColumn):
        found, errors = _read_texts(model, column, cells.texts)
        codes = cells.codes
        bad: list[int] = []
        if errors:
            refused = [k for k, value in enumerate(found) if value is FAIL]
            bad = np.flatnonzero(np.isin(np.asarray(codes, dtype=np.int64), refused)).tolist()
        return Column(found, codes, bad, errors, cells)
    if _reader(model, column) is None:  # each distinct text once
        texts = list(dict.fromkeys(cells))
        index = {text: k for k, text in enumerate(texts)}
        codes = array("I", map(index.__getitem__, cells))
        found, errors = _read_texts(model, column, texts)
        bad = []
        if errors:
            refused = [k for k, value in enumerate(found) if value is FAIL]
            bad = np.flatnonzero(np.isin(np.asarray(codes, dtype=np.int64), refused)).tolist()
        keep = cells if isinstance(cells, list) else {i: texts[codes[i]] for i in bad}
        return Column(found, codes, bad, errors, keep)
    if isinstance(cells, PackedColumn):  # a part at a time: the texts are not all held at once
        found, bad, errors, kept = [], [], {}, {}
        for part in cells.parts:
            texts = part.split("\0")
            more, wrong = _read_texts(model, column, texts)
            if wrong:
                errors.update(wrong)
                for k, value in enumerate(more):
                    if value is FAIL:
                        bad.append(len(found) + k)
                        kept[len(found) + k] = texts[k]
            found += more
        return Column(found, None, bad, errors, kept)
    cells = cells if isinstance(cells, list) else list(cells)
    found, errors = _read_texts(model, column, cells)
    bad = [i for i, value in enumerate(found) if value is FAIL] if errors else []
    return Column(found, None, bad, errors, cells)


def _read_texts(
    model: type[Row], column: str, texts: Sequence[str]
) -> tuple[list, dict[str, list[str]]]:
    """Each text's value through the field (EMPTY for an empty text of a field with a default,
    FAIL where the field refuses it), and each refused text (trimmed) with what was expected.
    The field's reader reads what it can at once; the rest goes through the one-field model."""
    trimmed = list(map(str.strip, texts))
    reader = _reader(model, column)
    if reader is None:
        found = [FAIL] * len(trimmed)
        todo: Sequence[int] = range(len(trimmed))
    elif "" in trimmed:
        given = [i for i, text in enumerate(trimmed) if text]
        read, _ = reader([trimmed[i] for i in given])
        found = [FAIL] * len(trimmed)
        for i, value in zip(given, read, strict=True):
            found[i] = value
        todo = [i for i, value in enumerate(found) if value is FAIL]
    else:
        found, complete = reader(trimmed)
        todo = () if complete else [i for i, value in enumerate(found) if value is FAIL]
    errors: dict[str, list[str]] = {}
    if not todo:
        return found, errors
    default = not model.model_fields[column].is_required()
    seen: dict[str, tuple[object, list[str] | None]] = {}
    for i in todo:
        text = trimmed[i]
        if not text and default:
            found[i] = EMPTY
            continue
        if text not in seen:
            seen[text] = _validate_text(model, column, text)
        value, expected = seen[text]
        if expected is None:  # the field takes what the reader left
            found[i] = value.copy() if type(value) is list else value
        else:
            errors[text] = expected
    return found, errors


def _validate_text(model: type[Row], column: str, text: str) -> tuple[object, list[str] | None]:
    """One cell's text through the row model's own field: (value, None) or (FAIL, expected).
    An empty cell (or one of spaces) is a value not given: the default, or "required"."""
    text = text.strip()
    try:
        one = _one_field(model, column).model_validate({column: text} if text else {})
    except ValidationError as exc:
        return FAIL, [_expected(error, model, column) for error in exc.errors(include_url=False)]
    return getattr(one, column), None


@cache
def _one_field(model: type[Row], column: str) -> type[Row]:
    """A model of one field of `model`: the same type, bounds, default and words."""
    field = model.model_fields[column]
    return create_model(
        f"{model.__name__}_{column}", __base__=Row, **{column: (field.annotation, field)}
    )


# ------------------------------------------------------------------------------------------
# Readers: a field's rules applied to many texts at once, made from the field itself
# ------------------------------------------------------------------------------------------
Reader = Callable[[list[str]], tuple[list, bool]]
LIMITS = {Ge: ("ge", operator.ge), Gt: ("gt", operator.gt), Le: ("le", operator.le)}
LIMITS[Lt] = ("lt", operator.lt)
STRING_SETTINGS = ("str_to_lower", "str_to_upper", "str_min_length", "str_max_length")


@cache
def _reader(model: type[Row], column: str) -> Reader | None:
    """A reader of the field `column`: given trimmed, non-empty texts, each one's value as the
    field makes it, or FAIL where the reader cannot tell (the one-field model then says), and
    whether none failed. Made for the fields it can follow exactly: numbers (types._number with
    bounds), lists of them (types._split), and text (its length and validator functions); None
    for the others (codes, years, booleans and allowed words are read a distinct text at a
    time). Optional fields (types._empty_to_none) take the reader of their type, since an
    empty cell is a value not given."""
    if any(model.model_config.get(key) is not None for key in STRING_SETTINGS):
        return None
    field = model.model_fields[column]
    return _reader_of(field.annotation, field.metadata)


def _reader_of(annotation: object, metadata: list) -> Reader | None:
    befores = [m.func for m in metadata if isinstance(m, BeforeValidator)]
    afters = [m.func for m in metadata if isinstance(m, AfterValidator)]
    limits = [m for m in metadata if type(m) in LIMITS]
    lengths = [m for m in metadata if isinstance(m, MinLen | MaxLen)]
    if len(befores) + len(afters) + len(limits) + len(lengths) != len(metadata):
        return None  # a rule the readers do not know
    if get_origin(annotation) in (Union, UnionType):
        others = [arg for arg in get_args(annotation) if arg is not NoneType]
        if befores != [_empty_to_none] or afters or limits or lengths or len(others) != 1:
            return None
        inner = FieldInfo.from_annotation(others[0])
        return _reader_of(inner.annotation, inner.metadata)
    if annotation is float and befores == [_number] and not afters and not lengths:
        return _numbers(limits)
    if annotation is str and not befores and not limits:
        return _texts(afters, lengths)
    if get_origin(annotation) is list and befores == [_split] and not afters and not limits:
        item = FieldInfo.from_annotation(get_args(annotation)[0])
        inner = _reader_of(item.annotation, item.metadata)
        return _lists(inner, lengths) if inner is not None else None
    return None


def _within(limits: list) -> Callable[[np.ndarray], np.ndarray]:
    """The bounds of a number field, over an array of numbers: finite and within each bound."""
    bounds = [(LIMITS[type(m)][1], getattr(m, LIMITS[type(m)][0])) for m in limits]

    def within(values: np.ndarray) -> np.ndarray:
        ok = np.isfinite(values)
        for compare, bound in bounds:
            ok &= compare(values, bound)
        return ok

    return within


def _numbers(limits: list) -> Reader:
    """types._number with the field's bounds: a plain decimal number (NUMBER_RE, the test
    _number makes) is float(text) when finite and within the bounds. Any other text (a comma,
    a percent sign, letters) is left to the field, which says why."""
    plain = NUMBER_RE.fullmatch
    within = _within(limits)

    def read(texts: list[str]) -> tuple[list, bool]:
        if all(map(plain, texts)):
            values = list(map(float, texts))
            ok = within(np.array(values, dtype=float))
            if ok.all():
                return values, True
            return [v if good else FAIL for v, good in zip(values, ok.tolist(), strict=True)], False
        values = [float(text) if plain(text) else FAIL for text in texts]
        numbers = np.array([v if v is not FAIL else np.nan for v in values], dtype=float)
        ok = within(numbers).tolist()
        return [v if good else FAIL for v, good in zip(values, ok, strict=True)], False

    return read


def _texts(afters: list[Callable], lengths: list) -> Reader:
    """Text: the (trimmed) text itself through the field's validator functions, within its
    lengths."""
    shortest = max((m.min_length for m in lengths if isinstance(m, MinLen)), default=0)
    longest = min((m.max_length for m in lengths if isinstance(m, MaxLen)), default=None)

    def read(texts: list[str]) -> tuple[list, bool]:
        values: list = texts
        complete = True
        if shortest > 0 or longest is not None:
            sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
            ok = sizes >= shortest
            if longest is not None:
                ok &= sizes <= longest
            if not ok.all():
                values = [v if good else FAIL for v, good in zip(values, ok.tolist(), strict=True)]
                complete = False
        for func in afters:
            if complete:
                try:
                    values = list(map(func, values))
                    continue
                except Exception:  # noqa: BLE001 - the cell that fails is found below
                    pass
            values = [FAIL if v is FAIL else _call(func, v) for v in values]
            complete = not any(v is FAIL for v in values)
        return values, complete

    return read


def _call(func: Callable, value: object) -> object:
    try:
        return func(value)
    except Exception:  # noqa: BLE001 - whatever the field makes of it, it says (one-field model)
        return FAIL


def _lists(inner: Reader, lengths: list) -> Reader:
    """A list in one cell (types._split: parts separated by ';' or '；', each trimmed, empty
    parts left out), each part through the item's reader. Read at once when every part is
    clean already (no '；', no space around a part, no empty part): the parts are then the
    cell split at ';'. A cell with anything else is left to the field."""
    shortest = max((m.min_length for m in lengths if isinstance(m, MinLen)), default=0)
    longest = min((m.max_length for m in lengths if isinstance(m, MaxLen)), default=None)

    def read(texts: list[str]) -> tuple[list, bool]:
        joined = "\0".join(texts)
        if joined.count("\0") != len(texts) - 1:  # a cell holding a NUL: cut cell by cell
            parts = list(map(str.split, texts, repeat(";")))
            sizes = list(map(len, parts))
            flat = list(chain.from_iterable(parts))
        else:
            flat = joined.replace(";", "\0").split("\0") if texts else []
            sizes = list(map(operator.add, map(str.count, texts, repeat(";")), repeat(1)))
        values, complete = inner(flat)
        clean = complete and "" not in flat and all(map(operator.eq, flat, map(str.strip, flat)))
        clean = clean and not any(map(operator.contains, texts, repeat("；")))
        fits = min(sizes, default=shortest) >= shortest and (
            longest is None or max(sizes, default=0) <= longest
        )
        found = list(map(list, map(islice, repeat(iter(values)), sizes)))  # the parts by cell
        if clean and fits:
            return found, True
        for i, (text, value) in enumerate(zip(texts, found, strict=True)):
            ok = (
                "；" not in text
                and all(p and p == p.strip() for p in text.split(";"))
                and FAIL not in value
                and shortest <= len(value)
                and (longest is None or len(value) <= longest)
            )
            if not ok:
                found[i] = FAIL
        return found, False

    return read


# ------------------------------------------------------------------------------------------
# Tables of records: bad cells reported where they are, in the one-field model's words
# ------------------------------------------------------------------------------------------
def _records(
    raw: RawTable, model: type[Row], record: type, problems: list[Problem]
) -> tuple[LocatedRows, list[Problem]]:
    """A record table column by column. The raw table's columns are let go one by one as they
    are read, so a large table is held about once."""
    n = len(raw.numbers)
    columns: list = []
    bad: dict[int, list[tuple[int, Problem]]] = {}  # row index -> its problems, by column
    for position, column in enumerate(model.model_fields):
        cells = raw.columns.pop(column, None)
        if cells is None:  # an optional column left out: every row takes the default (None)
            columns.append(repeat(None, n))
            continue
        read = read_column(model, column, cells)
        for i in read.bad:
            text = read.cells[i].strip()
            bad.setdefault(i, []).extend(
                (position, Problem(raw.file, raw.numbers[i], column, text, expected))
                for expected in read.errors[text]
            )
        if _holds_empty(read):  # a value not given: the record's None
            read = read._replace(found=[None if v is EMPTY else v for v in read.found])
        del cells
        columns.append(read._replace(cells=()).values())
        del read
    for i in sorted(bad):
        problems += [problem for _, problem in sorted(bad[i], key=lambda pair: pair[0])]
    rows = tuple(map(tuple.__new__, repeat(record), zip(*columns, strict=True)))
    del columns
    numbers = raw.numbers
    if bad:
        rows = tuple(row for i, row in enumerate(rows) if i not in bad)
        numbers = [number for i, number in enumerate(raw.numbers) if i not in bad]
    return LocatedRows(rows, raw.file, numbers), problems


# ------------------------------------------------------------------------------------------
# Tables of pydantic rows: bad rows validated again row by row, the others made directly
# ------------------------------------------------------------------------------------------
def _by_column(
    raw: RawTable, model: type[R], problems: list[Problem]
) -> tuple[LocatedRows, list[Problem]]:
    n = len(raw.numbers)
    read = {  # each column's cells kept by row, for the rows validated again
        column: read_column(model, column, _listed(raw.columns[column])) for column in raw.header
    }
    redo = sorted(set().union(*(column.bad for column in read.values())))
    keep = _others(n, redo)
    made, columns = _instances(model, read, keep)
    refused = _refused(model, made)  # rows a rule across fields refuses: by row, for its words
    if refused:
        redo = sorted({*redo, *(keep[k] for k in refused)})
    if not redo:
        return LocatedRows(made, raw.file, raw.numbers, columns), problems
    again: dict[int, R] = {}  # by row, what the model makes of the rows redone
    for i in redo:
        cells = {name: column.cells[i].strip() for name, column in read.items()}
        try:
            again[i] = model.model_validate({k: v for k, v in cells.items() if v != ""})
        except ValidationError as exc:
            problems += _problems(exc, raw, raw.numbers[i], cells, model)
    dropped = set(refused)
    rows = [row for k, row in enumerate(made) if k not in dropped]
    order = [keep[k] for k in range(len(keep)) if k not in dropped]
    if again:  # a row the column route refused that the model takes (not expected): kept
        pairs = sorted([*zip(order, rows, strict=True), *again.items()], key=lambda p: p[0])
        order, rows = [i for i, _ in pairs], [row for _, row in pairs]
    return LocatedRows(rows, raw.file, [raw.numbers[i] for i in order]), problems


def _listed(cells: Sequence[str]) -> Sequence[str]:
    """A packed column's cells as a list (a cell by index, for the rows validated again)."""
    if isinstance(cells, PackedColumn):
        return list(chain.from_iterable(part.split("\0") for part in cells.parts))
    return cells


def _others(n: int, redo: list[int]) -> list[int] | range:
    if not redo:
        return range(n)
    skip = set(redo)
    return [i for i in range(n) if i not in skip]


def _instances(
    model: type[R], read: dict[str, Column], keep: Sequence[int]
) -> tuple[list[R], dict[str, list]]:
    """The model's instances of the rows `keep`, as `model_validate` makes them from the
    values read: every field in order (a default where not given), the fields given, no extra
    and no private values (optimiser.schemas.rows.Row forbids extra fields). The rows of a
    frozen model given the same fields share one set of their names (pydantic changes a row's
    set only when the row changes, and copies it with the row): 700 bytes a row saved."""
    m = len(keep)
    every = isinstance(keep, range)
    names = list(model.model_fields)
    columns: list[list] = []
    optional: list[tuple[str, list[bool]]] = []
    for name, field in model.model_fields.items():
        column = read.get(name)
        if column is None:
            constant, factory = _default(field)
            columns.append([constant] * m if factory is None else [factory() for _ in range(m)])
            continue
        if not every:
            values = list(map(list(column.values()).__getitem__, keep))
        elif column.codes is None:
            values = column.found  # a list of its own, one value a row
        else:
            values = list(column.values())
        if not field.is_required():
            if not _holds_empty(column):  # given in every row
                optional.append((name, None))
                columns.append(values)
                continue
            given = [value is not EMPTY for value in values]
            optional.append((name, given))
            if not all(given):
                constant, factory = _default(field)
                if factory is None:
                    values = [constant if value is EMPTY else value for value in values]
                else:
                    values = [factory() if value is EMPTY else value for value in values]
        if column.codes is not None and any(type(v) is list for v in column.found):
            values = [v.copy() if type(v) is list else v for v in values]  # one list per row
        columns.append(values)
    always = {n for n, f in model.model_fields.items() if f.is_required()}
    always.update(name for name, given in optional if given is None)
    varying = [(name, given) for name, given in optional if given is not None]
    if varying:
        keys = list(zip(*(given for _, given in varying), strict=True))
        sets = {
            key: always | {name for (name, _), g in zip(varying, key, strict=True) if g}
            for key in set(keys)
        }
        fields_set = list(map(sets.__getitem__, keys))
    else:
        fields_set = [always] * m
    if not model.model_config.get("frozen"):  # a row that may change keeps a set of its own
        fields_set = list(map(set, fields_set))
    dicts = list(map(_dict_of(tuple(names)), *columns))
    made = list(map(object.__new__, repeat(model, m)))
    put = object.__setattr__
    for attribute, values in (
        ("__dict__", dicts),
        ("__pydantic_fields_set__", fields_set),
        ("__pydantic_extra__", repeat(None, m)),
        ("__pydantic_private__", repeat(None, m)),
    ):
        for _ in map(put, made, repeat(attribute), values):
            pass
    return made, dict(zip(names, columns, strict=True))


def _holds_empty(column: Column) -> bool:
    """Whether some cell of the column is empty (a value not given)."""
    if column.codes is not None:
        return any(value is EMPTY for value in column.found)
    return any(map(is_, column.found, repeat(EMPTY)))


@cache
def _dict_of(names: tuple[str, ...]) -> Callable[..., dict]:
    """A function of a row's values, one argument a field in the model's order, returning the
    row's `__dict__`: a dict display, which Python builds at once, about twice as fast as
    dict(zip(names, values)) (the names are the model's field names, identifiers)."""
    assert all(name.isidentifier() for name in names), names
    arguments = ", ".join(f"_{k}" for k in range(len(names)))
    display = ", ".join(f"{name!r}: _{k}" for k, name in enumerate(names))
    return eval(f"lambda {arguments}: {{{display}}}")  # noqa: S307 - built from field names


def _default(field: FieldInfo) -> tuple[object, Callable[[], object] | None]:
    """(the field's default, None) when one value serves every row (pydantic copies a default
    only when it can change), or (None, a function making it afresh for each row)."""
    if field.default_factory is not None:
        return None, field.default_factory
    if smart_deepcopy(field.default) is field.default:
        return field.default, None
    return None, lambda: smart_deepcopy(field.default)


def _refused(model: type[R], made: list[R]) -> list[int]:
    """The instances a rule across fields of the model refuses: its "after" model validators,
    run on each row as pydantic runs them (they need the whole row; Project's three rules take
    about 0.45 µs a row, 0.05 s for 100,000 projects)."""
    rules = [d.func for d in model.__pydantic_decorators__.model_validators.values()]
    if not rules:
        return []
    try:  # the usual case, every row kept: each rule over the rows at once
        if all(all(map(is_, map(rule, made), made)) for rule in rules):
            return []
    except Exception:  # noqa: BLE001 - some row refused: found below, row by row
        pass
    refused = []
    for k, row in enumerate(made):
        for rule in rules:
            try:
                if rule(row) is not row:
                    refused.append(k)
                    break
            except Exception:  # noqa: BLE001 - validated again row by row, which says what
                refused.append(k)
                break
    return refused


@cache
def _columnar(model: type[Row]) -> bool:
    """Whether the column route makes exactly what `model_validate` makes: no field validators,
    no model validators but "after" ones taking the row alone, no post-init, no private
    attributes, no aliases, extra fields forbidden."""
    decorators = model.__pydantic_decorators__
    if decorators.field_validators or decorators.validators or decorators.root_validators:
        return False
    for decorator in decorators.model_validators.values():
        if decorator.info.mode != "after" or len(signature(decorator.func).parameters) != 1:
            return False
    if model.__pydantic_post_init__ or model.__private_attributes__:
        return False
    if model.model_config.get("extra") != "forbid":
        return False
    return all(
        field.alias is None
        and field.validation_alias is None
        and not field.default_factory_takes_validated_data
        for field in model.model_fields.values()
    )


# ------------------------------------------------------------------------------------------
# Messages
# ------------------------------------------------------------------------------------------
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
