"""How well founded a dataset's figures are: every table cell's provenance level, the dataset's
profile (the share of its figures and of its money at each level), and the warning a plan built on
estimated or invented figures must carry.

Levels (the `level` of an entry of provenance.yaml; data/README.md, "provenance.yaml"):

    seed clause    printed in a source document at hand (its clause is cited)
    derived        computed from seed clauses by a stated method
    public report  a figure from a public report not at hand: unverified (cites its PUB-... entry)
    estimate       made here by a stated method
    synthetic      invented for illustration

and `identifier` for codes, names, years and other labels, which are not figures and are left out
of the profile. Listed from the best founded to the least: a figure computed from figures of
several levels takes the weakest of them.

Which entry gives a cell its level: a column's entry is one mapping or a list of them. An entry
with `rows:` applies to the rows that match it: `rows` maps columns of the same table to a value
or a list of values, and a row matches when every named column holds one of them (compared as
text; years and codes as written, booleans as true/false). The entries of a column are tried in
order and the first that matches gives the cell its level, so an entry without `rows` (which
matches every row) goes last as the column's default. A cell that no entry covers is `unknown`
(the checks refuse such a dataset when it has a provenance file; a dataset without one is all
`unknown`).

The API, for reports:

    profile(data) -> Profile            shares of cells and money by level
    plan_warning(data) -> DataWarning | None   the warning, in Chinese and English, or None
    cells(data) -> list[Cell]           every numeric cell with its level and clauses
    entry_for(entries, row) -> dict | None   the entry of a column that covers a row
    chooser(entries) -> Chooser (row -> dict | None)   the same, the entries read once
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from optimiser.dataset import Dataset

LEVELS = ("seed clause", "derived", "public report", "estimate", "synthetic")
IDENTIFIER = "identifier"
ALL_LEVELS = (*LEVELS, IDENTIFIER)
UNKNOWN = "unknown"  # a cell no provenance entry covers
NARROWED = object()  # a chooser's `every` when which entry covers a row depends on the row
WEAK = ("estimate", "synthetic")  # the levels the warning is about

# Tables whose figures shape the plan (budgets, needs, unit costs and the rest of a category,
# indicators, history, projects, and the payments and loans carried into the plan)
PLAN_TABLES = (
    "budgets",
    "needs",
    "categories",
    "indicators",
    "history",
    "projects",
    "commitments",
    "loans",
)
TABLE_WORDS = {  # table: (Chinese, English), as the warning names them
    "budgets": ("预算", "budgets"),
    "needs": ("需求", "needs"),
    "categories": ("单位成本", "unit costs"),
    "indicators": ("指标", "indicators"),
    "history": ("历史拨款", "past allocations"),
    "projects": ("项目", "projects"),
    "commitments": ("已承诺支付", "commitments"),
    "loans": ("在贷资金", "loans"),
}
# Rates are not amounts of money: a unit cost (万元 per unit) counts as a cell, not as money
NOT_MONEY = ("unit_cost_wan",)


@dataclass(frozen=True)
class Cell:
    """One numeric cell (a number, or a list of numbers such as a cost profile) with its level."""

    table: str  # table name, e.g. "budgets"
    column: str
    row: int  # as a spreadsheet shows it: the header is row 1
    value: float | list[float]
    level: str  # one of LEVELS, or UNKNOWN
    clauses: tuple[str, ...]
    money_wan: float  # the money the cell holds (万元), 0 for a column that holds no money


@dataclass(frozen=True)
class LevelShare:
    level: str
    cells: int
    cell_share: float  # of the dataset's numeric cells
    money_wan: float
    money_share: float  # of the dataset's money


@dataclass(frozen=True)
class Profile:
    """A dataset's numeric cells and money by provenance level. `levels` lists every level that
    holds at least one cell, in the order of LEVELS (then UNKNOWN); the shares of each kind sum
    to 1 (money shares are 0 when the dataset holds no money)."""

    cells: int
    money_wan: float
    levels: tuple[LevelShare, ...]

    def share(self, *levels: str, of: str = "cells") -> float:
        """The share of the cells (`of="cells"`) or money (`of="money"`) at any of `levels`."""
        attr = "cell_share" if of == "cells" else "money_share"
        return sum(getattr(s, attr) for s in self.levels if s.level in levels)


@dataclass(frozen=True)
class DataWarning:
    """Says that a plan rests on estimated or invented figures, in Chinese and English."""

    zh: str
    en: str
    levels: tuple[str, ...]  # the weak levels found among the plan's figures
    tables: tuple[str, ...]  # the plan tables that hold them
    cell_share: float  # of all numeric cells of the dataset
    money_share: float  # of all money of the dataset

    def __str__(self) -> str:
        return f"{self.zh}\n{self.en}"


def entry_for(entries: Any, row: Any) -> dict | None:
    """The entry of one column (a mapping or a list of them) that covers `row` (a row model or a
    mapping of column to value): the first whose `rows` it matches, or the first without `rows`.
    None when no entry covers it."""
    return chooser(entries)(row)


def chooser(entries: Any) -> Chooser:
    """entry_for with the column's entries read once: a function of the row, for many rows."""
    return Chooser(entries)


class Chooser:
    """The entry of one column that covers a row (called with the row). `every` is the entry
    of every row when no entry narrows itself to some rows before one that covers all (None
    when no entry covers any), NARROWED when the entry depends on the row. Rows that hold the
    same values in the columns the entries name get the same entry, worked out once."""

    __slots__ = ("compiled", "every", "named", "seen")

    def __init__(self, entries: Any):
        self.compiled: list[tuple[dict, dict[str, set[str]] | None]] = []
        for entry in entries if isinstance(entries, list) else [entries]:
            if not isinstance(entry, dict):
                continue
            selector = entry.get("rows")
            if selector is None:
                self.compiled.append((entry, None))
            elif isinstance(selector, dict):
                self.compiled.append(
                    (
                        entry,
                        {
                            str(column): {text_of(w) for w in (v if isinstance(v, list) else [v])}
                            for column, v in selector.items()
                        },
                    )
                )
        first = self.compiled[0] if self.compiled else (None, None)
        self.every = first[0] if first[1] is None else NARROWED
        self.named = tuple(sorted({c for _, wanted in self.compiled for c in wanted or ()}))
        self.seen: dict[tuple, dict | None] = {}

    def __call__(self, row: Any) -> dict | None:
        if self.every is not NARROWED:
            return self.every
        key = tuple((type(v), v) for v in (_value(row, column) for column in self.named))
        try:
            return self.seen[key]
        except KeyError:
            found = self.seen[key] = self._choose(row)
        except TypeError:  # a list among the values: not a key
            found = self._choose(row)
        return found

    def _choose(self, row: Any) -> dict | None:
        for entry, wanted in self.compiled:
            if wanted is None or _matches(wanted, row):
                return entry
        return None


def cells(data: Dataset, tables: Iterable[str] | None = None) -> list[Cell]:
    """Every numeric cell of the dataset's tables (or of `tables`), in table and row order (a
    row's cells in the order of its columns), with the level its provenance entry gives it.
    Cells whose entry is `identifier` (years, counts that are labels) are left out; empty cells
    and non-numeric cells (codes, text, booleans) are not cells here."""
    provenance = data.provenance if isinstance(data.provenance, dict) else {}
    out: list[Cell] = []
    for table, located in data.located.items():
        if (tables is not None and table not in tables) or not located:
            continue
        columns = provenance.get(f"{table}.csv")
        columns = columns if isinstance(columns, dict) else {}
        rows = located.rows
        by_column = [
            _column_cells(table, column, rows, located.numbers, columns.get(column))
            for column in type(rows[0]).model_fields
        ]
        for row_cells in zip(*by_column, strict=True):
            out.extend(cell for cell in row_cells if cell is not None)
    return out


def _column_cells(
    table: str, column: str, rows: tuple, numbers: Sequence[int], entries: Any
) -> list[Cell | None]:
    """One column's cells, row by row: None where a row has none (empty, not a number, or an
    identifier). Each entry's level and clauses are read once, and a column whose entries do
    not narrow themselves to some rows has one entry for every row."""
    choose = Chooser(entries)  # no entries: no entry for any row
    read: dict[int, tuple[str, tuple[str, ...]] | None] = {}  # id of an entry -> level, clauses

    def level_of(entry: dict | None) -> tuple[str, tuple[str, ...]] | None:
        key = id(entry)
        if key not in read:
            level = entry.get("level") if entry else None
            clauses = tuple(str(c) for c in (entry or {}).get("clauses") or ())
            read[key] = (
                None if level == IDENTIFIER else (level if level in LEVELS else UNKNOWN, clauses)
            )
        return read[key]

    every = level_of(choose.every) if choose.every is not NARROWED else NARROWED
    records = hasattr(rows[0], "_fields")  # a record's field is given exactly when not None
    is_money = column.endswith("_wan") and column not in NOT_MONEY
    found: list[Cell | None] = []
    for row, number in zip(rows, numbers, strict=True):
        value = getattr(row, column)
        if not _numeric(value) or not (records or column in row.model_fields_set):
            found.append(None)
            continue
        known = every if every is not NARROWED else level_of(choose(row))
        if known is None:
            found.append(None)
            continue
        money = 0.0
        if is_money:
            money = float(sum(value)) if isinstance(value, list) else float(value)
        found.append(Cell(table, column, number, value, known[0], known[1], money))
    return found


def profile(data: Dataset, tables: Iterable[str] | None = None) -> Profile:
    """The dataset's provenance profile: for each level, its numeric cells and its money (every
    `*_wan` amount: budgets, history, commitments, loans, project cost profiles; unit costs are
    rates and count as cells only), as counts and shares."""
    return _profile(cells(data, tables))


def plan_warning(data: Dataset) -> DataWarning | None:
    """The warning a plan on this dataset must carry, or None: it applies when any figure that
    shapes the plan (PLAN_TABLES) is an estimate or synthetic, or when the policy marks the whole
    dataset synthetic. A dataset without provenance gets None here (`allocate validate` says it
    has no provenance)."""
    every = cells(data)
    weak = [c for c in every if c.table in PLAN_TABLES and c.level in WEAK]
    synthetic_policy = bool(data.policy.dataset.synthetic)
    if not weak and not synthetic_policy:
        return None
    whole = _profile(every)
    levels = tuple(lv for lv in WEAK if any(c.level == lv for c in weak))
    if synthetic_policy and "synthetic" not in levels:
        levels = (*levels, "synthetic")
    tables = tuple(t for t in PLAN_TABLES if any(c.table == t for c in weak))
    money = whole.share(*WEAK, of="money")
    share = whole.share(*WEAK)
    invented = levels == ("synthetic",)
    zh_kind = "虚构示例值" if invented else ("估算值和虚构示例值" if len(levels) > 1 else "估算值")
    en_kind = (
        "invented (synthetic) values"
        if invented
        else ("estimates and invented (synthetic) values" if len(levels) > 1 else "estimates")
    )
    zh_where = "、".join(TABLE_WORDS[t][0] for t in tables) or "数据"
    en_where = _and([TABLE_WORDS[t][1] for t in tables]) or "the data"
    zh_head = "本方案含虚构数据，仅供演示" if invented else "本方案含估算数据，仅供演示"
    en_head = (
        "This plan rests on invented data and is for demonstration"
        if invented
        else "This plan rests on estimated data and is for demonstration"
    )
    zh = f"{zh_head}：{zh_where}中有{zh_kind}（占金额的 {_pct(money)}，占数值的 {_pct(share)}）"
    en = (
        f"{en_head}: {en_where} hold {en_kind} ({_pct(money)} of the money, "
        f"{_pct(share)} of the figures)."
    )
    if synthetic_policy:
        zh += "；整个数据集为虚构的合成数据"
        en = en[:-1] + "; the dataset is marked synthetic."
    return DataWarning(zh, en, levels, tables, share, money)


# ------------------------------------------------------------------------------------------
def _profile(found: list[Cell]) -> Profile:
    total_cells = len(found)
    total_money = sum(c.money_wan for c in found)
    shares = []
    for level in (*LEVELS, UNKNOWN):
        mine = [c for c in found if c.level == level]
        if not mine:
            continue
        money = sum(c.money_wan for c in mine)
        shares.append(
            LevelShare(
                level,
                len(mine),
                len(mine) / total_cells,
                money,
                money / total_money if total_money > 0 else 0.0,
            )
        )
    return Profile(total_cells, total_money, tuple(shares))


def _numeric(value: object) -> bool:
    kind = type(value)  # the common cases first: a number, a text
    if kind is float or kind is int:
        return True
    if kind is str or isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int | float):
        return True
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    )


def text_of(value: object) -> str:
    """A value as a `rows` selector compares it: booleans true/false, whole numbers without a
    decimal point, everything else as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _value(row: Any, column: str) -> object:
    return row.get(column) if isinstance(row, dict) else getattr(row, column, None)


def _matches(wanted: dict[str, set[str]], row: Any) -> bool:
    for column, options in wanted.items():
        have = _value(row, column)
        if isinstance(have, list) or text_of(have) not in options:
            return False
    return True


def _pct(share: float) -> str:
    text = f"{share:.0%}"
    if text in ("0%", "100%") and 0 < share < 1:
        text = f"{share:.1%}"
    return text


def _and(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
