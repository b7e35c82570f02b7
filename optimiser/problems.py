"""Problems found in input: each names the file, row, column, value and what was expected.

Readers, schemas and checks all report through this one type, so a user sees every problem of a
dataset at once, in one format, instead of the first traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    `row` is the row as a spreadsheet shows it (the header is row 1, the first data row is
    row 2); None when the problem concerns a whole file or column. For YAML files `column` holds
    the key path (e.g. ``rules.R-EARMARK.share``).
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    severity: Severity = "error"

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        value = "" if self.value is None else f": value {self.value!r}"
        return f"{self.where()}{value}: expected {self.expected}"


class InputError(Exception):
    """Raised when input cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        head = str(errors[0]) if errors else "invalid input"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(head + more)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
