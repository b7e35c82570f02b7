"""Raw tables of strings -> validated rows, every problem collected with file, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar, get_args

from pydantic import ValidationError

from optimiser.io.raw import RawTable
from optimiser.problems import Problem
from optimiser.schemas.messages import expected_text
from optimiser.schemas.rows import CellError, Row

R = TypeVar("R", bound=Row)


@dataclass(frozen=True)
class Located(Generic[R]):
    """A validated row with the place it came from, so cross-table checks can point at it."""

    row: R
    file: str
    number: int


def columns_of(model: type[Row]) -> tuple[list[str], list[str]]:
    """(all columns, required columns) of a row model."""
    fields = model.model_fields
    required = [name for name, field in fields.items() if field.is_required()]
    return list(fields), required


def validate_table(raw: RawTable, model: type[R]) -> tuple[list[Located[R]], list[Problem]]:
    problems: list[Problem] = []
    known, required = columns_of(model)
    unknown = [c for c in raw.header if c and c not in known]
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
        return [], problems
    rows: list[Located[R]] = []
    for raw_row in raw.rows:
        # an empty cell means "not given": a default applies, or the value is reported missing
        cells = {k: v for k, v in raw_row.cells.items() if k and v != ""}
        try:
            rows.append(Located(model.model_validate(cells), raw.file, raw_row.number))
        except ValidationError as exc:
            problems += _problems(exc, raw, raw_row.number, raw_row.cells, model)
    return rows, problems


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
