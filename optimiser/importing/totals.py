"""合计 and 小计, checked against what they total before they are dropped: a 合计 or 小计 column
against the value columns of its row (a 小计 under a fund's group header against that fund's
columns), a 合计 row against every data row of its table, a 小计 row against the data rows above
it since the last 小计, a city's row against that city's counties. A mismatch is a question naming
the total's cell and the cells it should add up."""

from __future__ import annotations

from dataclasses import dataclass

from optimiser.importing.findings import SheetReport
from optimiser.importing.grid import ref, span
from optimiser.importing.meaning import Meaning
from optimiser.importing.values import decimals


@dataclass
class RowKind:
    row: int
    kind: str  # data, total, subtotal, city, of_which, label
    city: str | None = None  # a city row's city; a data row's county's city
    label: str = ""


def _close(total: float, parts: list[float]) -> bool:
    places = max([decimals(total), *(decimals(p) for p in parts)])
    summed = sum(parts)
    return abs(total - summed) <= 0.5 * 10 ** (-places) + 1e-9 * max(1.0, abs(summed))


def _fmt(value: float) -> str:
    return f"{value:,.{min(6, max(2, decimals(value)))}f}"


def check_columns(
    numbers: dict[tuple[int, int], float],
    rows: list[RowKind],
    found: list[Meaning],
    report: SheetReport,
) -> None:
    """Each 合计/小计 column against the value columns it totals, row by row."""
    values = [m for m in found if m.kind == "value"]
    for t in (m for m in found if m.kind in ("total", "subtotal")):
        covered = _covered_columns(t, values, found)
        checked = bool(covered)
        for row in rows:
            total = numbers.get((row.row, t.index))
            if total is None or not covered:
                continue
            cells = [(row.row, m.index) for m in covered]
            parts = [numbers.get(c, 0.0) for c in cells]
            if not _close(total, parts):
                report.question(
                    "question.total_mismatch",
                    ref(row.row, t.index),
                    total=_fmt(total),
                    range=span(cells),
                    sum=_fmt(sum(parts)),
                    difference=_fmt(total - sum(parts)),
                )
        header = t.column.letter_cell
        key = "dropped.total_column" if checked else "dropped.total_column_unchecked"
        report.add("dropped", key, header, label=t.column.labels[-1])


def _covered_columns(t: Meaning, values: list[Meaning], found: list[Meaning]) -> list[Meaning]:
    if t.group:
        return [m for m in values if all(m.dims.get(k) == v for k, v in t.group.items())]
    if t.kind == "total":
        return values
    marks = [m.index for m in found if m.kind in ("total", "subtotal")]
    before = [i for i in marks if i < t.index]
    start = max(before) if before else 0
    left = [m for m in values if start < m.index < t.index]
    if left:
        return left
    after = [i for i in marks if i > t.index]
    end = min(after) if after else 10**9
    return [m for m in values if t.index < m.index < end]


def check_rows(
    numbers: dict[tuple[int, int], float],
    hidden_numbers: dict[tuple[int, int], float],
    hidden_rows: list[int],
    rows: list[RowKind],
    columns: list[int],
    report: SheetReport,
    cells_of_row,
) -> None:
    """Each 合计, 小计 and city row against the data rows it totals, column by column."""
    data = [r for r in rows if r.kind == "data"]
    for position, row in enumerate(rows):
        if row.kind not in ("total", "subtotal", "city"):
            continue
        if row.kind == "total":
            covered = data
        elif row.kind == "city":
            covered = [r for r in data if r.city == row.city]
        else:
            covered = _since_boundary(rows, position)
        checked = False
        for column in columns:
            total = numbers.get((row.row, column))
            if total is None or not covered:
                continue
            checked = True
            cells = [(r.row, column) for r in covered]
            parts = [numbers.get(c, 0.0) for c in cells]
            if _close(total, parts):
                continue
            hidden = [hidden_numbers.get((h, column), 0.0) for h in hidden_rows]
            if row.kind == "total" and any(hidden) and _close(total, parts + hidden):
                report.question(
                    "question.total_counts_hidden",
                    ref(row.row, column),
                    total=_fmt(total),
                    range=span(cells),
                    sum=_fmt(sum(parts)),
                    hidden=", ".join(str(h) for h in hidden_rows),
                )
                continue
            report.question(
                "question.total_mismatch",
                ref(row.row, column),
                total=_fmt(total),
                range=span(cells),
                sum=_fmt(sum(parts)),
                difference=_fmt(total - sum(parts)),
            )
        key = {
            "total": "dropped.total_row",
            "subtotal": "dropped.subtotal_row",
            "city": "dropped.city_row",
        }[row.kind]
        if not checked:
            key += "_unchecked"
        report.add("dropped", key, cells_of_row(row.row), label=row.label)


def _since_boundary(rows: list[RowKind], position: int) -> list[RowKind]:
    """The data rows a 小计 row totals: those above it since the last total, 小计 or city row;
    none above (a 小计 written first), those below it until the next."""
    above = []
    for row in reversed(rows[:position]):
        if row.kind in ("total", "subtotal", "city"):
            break
        if row.kind == "data":
            above.append(row)
    if above:
        return list(reversed(above))
    below = []
    for row in rows[position + 1 :]:
        if row.kind in ("total", "subtotal", "city"):
            break
        if row.kind == "data":
            below.append(row)
    return below
