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
    chooser(entries) -> (row -> dict | None)   the same, the entries read once for many rows
    chosen(entries, rows) -> (entries, [index])   the same for many rows at once, by column

The profile and the warning are worked out a table column at a time (`_tally`): which rows
hold a number, which entry covers each row (each `rows` selector compared over the column it
names), and the column's money; `cells` makes one object a cell, for reports that list them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import contains
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

import numpy as np

from optimiser.schemas.tables import FIELDS_SET

if TYPE_CHECKING:
    from optimiser.dataset import Dataset

LEVELS = ("seed clause", "derived", "public report", "estimate", "synthetic")
IDENTIFIER = "identifier"
ALL_LEVELS = (*LEVELS, IDENTIFIER)
UNKNOWN = "unknown"  # a cell no provenance entry covers
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


def chooser(entries: Any) -> Callable[[Any], dict | None]:
    """entry_for with the column's entries read once: a function of the row, for many rows."""
    compiled = _compiled(entries)

    def choose(row: Any) -> dict | None:
        for entry, wanted in compiled:
            if wanted is None or _matches(wanted, row):
                return entry
        return None

    return choose


def chosen(entries: Any, rows: Sequence) -> tuple[list[dict], list[int]]:
    """What `chooser(entries)` gives each of `rows`, worked out a selector column at a time:
    the entries, and for each row the index of its entry among them (-1: none covers it)."""
    listed, which = _chosen(entries, rows)
    return listed, [which] * len(rows) if isinstance(which, int) else which


def _chosen(entries: Any, rows: Sequence) -> tuple[list[dict], int | list[int]]:
    """`chosen`, with one index for all the rows when the first entry covers them all (or no
    entry covers any)."""
    compiled = _compiled(entries)
    listed = [entry for entry, _ in compiled]
    n = len(rows)
    if not compiled or compiled[0][1] is None:
        return listed, 0 if compiled else -1
    which = np.full(n, -1, dtype=np.int64)
    open_ = np.ones(n, dtype=bool)
    for k, (_, wanted) in enumerate(compiled):
        if wanted is None:
            which[open_] = k
            break
        match = open_.copy()
        for column, options in wanted.items():
            match &= _selected(rows, column, options)
        which[match] = k
        open_ &= ~match
        if not open_.any():
            break
    return listed, which.tolist()


def _selected(rows: Sequence, column: str, options: set[str]) -> np.ndarray:
    """Whether each row's `column` holds one of `options` (as `_matches` compares one row)."""
    values = [
        row.get(column) if isinstance(row, dict) else getattr(row, column, None) for row in rows
    ]
    said: dict = {}
    hits = []
    for value in values:
        try:
            key = (type(value), value)
            hit = said.get(key)
        except TypeError:  # a list (never matches) or another value that cannot be a key
            key, hit = None, None
        if hit is None:
            hit = not isinstance(value, list) and text_of(value) in options
            if key is not None:
                said[key] = hit
        hits.append(hit)
    return np.array(hits, dtype=bool)


def _compiled(entries: Any) -> list[tuple[dict, dict[str, set[str]] | None]]:
    """A column's entries (one mapping or a list), each with its `rows` selector as sets of
    texts (None: no selector, every row)."""
    compiled: list[tuple[dict, dict[str, set[str]] | None]] = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict):
            continue
        selector = entry.get("rows")
        if selector is None:
            compiled.append((entry, None))
        elif isinstance(selector, dict):
            compiled.append(
                (
                    entry,
                    {
                        str(column): {text_of(w) for w in (v if isinstance(v, list) else [v])}
                        for column, v in selector.items()
                    },
                )
            )
    return compiled


def cells(data: Dataset, tables: Iterable[str] | None = None) -> list[Cell]:
    """Every numeric cell of the dataset's tables (or of `tables`), in table and row order, with
    the level its provenance entry gives it. Cells whose entry is `identifier` (years, counts
    that are labels) are left out; empty cells and non-numeric cells (codes, text, booleans) are
    not cells here."""
    provenance = data.provenance if isinstance(data.provenance, dict) else {}
    out: list[Cell] = []
    for table, located in data.located.items():
        if tables is not None and table not in tables:
            continue
        columns = provenance.get(f"{table}.csv")
        columns = columns if isinstance(columns, dict) else {}
        choosers = {column: chooser(entries) for column, entries in columns.items()}
        for item in located:
            row = item.row
            for column in row.model_fields_set:
                value = getattr(row, column)
                if not _numeric(value):
                    continue
                entry = choosers[column](row) if column in choosers else None
                level = entry.get("level") if entry else None
                if level == IDENTIFIER:
                    continue
                if level not in LEVELS:
                    level = UNKNOWN
                money = 0.0
                if column.endswith("_wan") and column not in NOT_MONEY:
                    money = float(sum(value)) if isinstance(value, list) else float(value)
                clauses = tuple(str(c) for c in (entry or {}).get("clauses") or ())
                out.append(Cell(table, column, item.number, value, level, clauses, money))
    return out


def profile(data: Dataset, tables: Iterable[str] | None = None) -> Profile:
    """The dataset's provenance profile: for each level, its numeric cells and its money (every
    `*_wan` amount: budgets, history, commitments, loans, project cost profiles; unit costs are
    rates and count as cells only), as counts and shares. The same as the profile of
    `cells(data, tables)`, worked out by column."""
    return _tally(data, tables).profile()


@dataclass
class _Tally:
    """A dataset's numeric cells counted by table and level, and their money in cell order
    (table, row, column), by level and in all: the sums then add in the order `cells` lists."""

    counts: Counter  # (table, level) -> cells
    money: dict[str, list[float]]  # level -> its cells' money
    every: list[float]  # every cell's money

    def profile(self) -> Profile:
        total_cells = sum(self.counts.values())
        if not total_cells:
            return Profile(0, 0, ())
        total_money = sum(self.every, 0.0)
        shares = []
        for level in (*LEVELS, UNKNOWN):
            count = sum(n for (_, lv), n in self.counts.items() if lv == level)
            if not count:
                continue
            money = sum(self.money.get(level, ()), 0.0)
            shares.append(
                LevelShare(
                    level,
                    count,
                    count / total_cells,
                    money,
                    money / total_money if total_money > 0 else 0.0,
                )
            )
        return Profile(total_cells, total_money, tuple(shares))


def _tally(data: Dataset, tables: Iterable[str] | None = None) -> _Tally:
    """What `cells(data, tables)` finds, counted a table column at a time. A column whose type
    holds no number (codes, text, booleans: pydantic made every row's value of that type) is
    passed over unread."""
    provenance = data.provenance if isinstance(data.provenance, dict) else {}
    counts: Counter = Counter()
    money: dict[str, list[float]] = {}
    every: list[float] = []
    for table, located in data.located.items():
        if tables is not None and table not in tables:
            continue
        rows = located.rows
        if not rows:
            continue
        columns = provenance.get(f"{table}.csv")
        columns = columns if isinstance(columns, dict) else {}
        # a record's field is given exactly when it holds a value (None is no number); a
        # pydantic row's required fields are given in every row pydantic made, others maybe not
        records = hasattr(rows[0], "_fields")
        sets: list[set[str]] = []
        table_money: list[tuple[Sequence[int], list[float], str | list[str]]] = []
        for column, field in type(rows[0]).model_fields.items():
            if not _may_be_number(field.annotation):
                continue
            listed, which = _chosen(columns[column], rows) if column in columns else ([], -1)
            named = [_level(entry) for entry in listed]
            uniform = isinstance(which, int)
            level = named[which] if uniform and which >= 0 else UNKNOWN
            if uniform and level == IDENTIFIER:
                continue
            values = located.column(column)
            numeric = _numbers(values)
            if numeric is False:
                continue
            if not records and not field.is_required():
                sets = sets or list(map(FIELDS_SET, rows))
            if sets and not field.is_required() and not all(map(contains, sets, repeat(column))):
                given = [column in fields for fields in sets]
                numeric = [n and g for n, g in zip(_listed(numeric, values), given, strict=True)]
            if numeric is True:
                held: Sequence[int] = range(len(values))
            else:
                held = list(compress(range(len(values)), _listed(numeric, values)))
            if not held:
                continue
            if uniform:
                levels: str | list[str] = level
                counted = {level: len(held)}
            else:
                levels = [named[which[i]] if which[i] >= 0 else UNKNOWN for i in held]
                counted = Counter(levels)
            for name, n in counted.items():
                if name != IDENTIFIER:
                    counts[(table, name)] += n
            if column.endswith("_wan") and column not in NOT_MONEY:
                chosen_values = values if numeric is True else list(map(values.__getitem__, held))
                table_money.append((held, _money(chosen_values), levels))
        if len(table_money) > 1:  # two money columns: row by row, as the cells come
            merged = sorted(
                (i, k, amount, level)
                for k, (held, amounts, levels) in enumerate(table_money)
                for i, amount, level in zip(
                    held,
                    amounts,
                    [levels] * len(held) if isinstance(levels, str) else levels,
                    strict=True,
                )
            )
            table_money = [([], [m[2] for m in merged], [m[3] for m in merged])]
        for _, amounts, levels in table_money:
            if isinstance(levels, str):
                if levels != IDENTIFIER:
                    money.setdefault(levels, []).extend(amounts)
                    every.extend(amounts)
                continue
            for amount, level in zip(amounts, levels, strict=True):
                if level != IDENTIFIER:
                    money.setdefault(level, []).append(amount)
                    every.append(amount)
    return _Tally(counts, money, every)


def _money(values: list) -> list[float]:
    """Each value's money: the number, or the sum of a list (a cost profile)."""
    kinds = set(map(type, values))
    if kinds <= {int, float}:
        return list(map(float, values))
    if kinds == {list}:
        return list(map(float, map(sum, values)))
    return [float(sum(v)) if isinstance(v, list) else float(v) for v in values]


def _listed(numeric: bool | list[bool], values: list) -> list[bool]:
    return [numeric] * len(values) if isinstance(numeric, bool) else numeric


def _numbers(values: list) -> bool | list[bool]:
    """Which of a column's values are numeric cells (`_numeric`): True or False for all at
    once when the values' types say so (numbers, lists of numbers, text), else value by value."""
    kinds = set(map(type, values))
    if kinds <= {int, float}:
        return True
    if kinds <= {NoneType}:
        return False
    if kinds <= {int, float, NoneType}:
        return [value is not None for value in values]
    if kinds <= {str, bool, NoneType}:
        return False
    if (
        kinds == {list}
        and all(values)
        and {*map(type, chain.from_iterable(values))} <= {int, float}
    ):
        return True
    return list(map(_numeric, values))


def _may_be_number(annotation: object) -> bool:
    """Whether a field of this type can hold a number or a list of numbers: False for text,
    booleans, words and lists of codes, whatever a row holds."""
    if annotation in (str, bool, NoneType):
        return False
    origin = get_origin(annotation)
    if origin is Annotated:
        return _may_be_number(get_args(annotation)[0])
    if origin in (Union, UnionType, list):
        return any(map(_may_be_number, get_args(annotation)))
    if origin is Literal:
        return any(
            isinstance(v, int | float) and not isinstance(v, bool) for v in get_args(annotation)
        )
    return True


def _level(entry: dict | None) -> str:
    level = entry.get("level") if isinstance(entry, dict) else None
    if level == IDENTIFIER:
        return IDENTIFIER
    return level if level in LEVELS else UNKNOWN


def plan_warning(data: Dataset) -> DataWarning | None:
    """The warning a plan on this dataset must carry, or None: it applies when any figure that
    shapes the plan (PLAN_TABLES) is an estimate or synthetic, or when the policy marks the whole
    dataset synthetic. A dataset without provenance gets None here (`allocate validate` says it
    has no provenance)."""
    tally = _tally(data)
    weak = {(t, lv) for (t, lv), n in tally.counts.items() if n and t in PLAN_TABLES and lv in WEAK}
    synthetic_policy = bool(data.policy.dataset.synthetic)
    if not weak and not synthetic_policy:
        return None
    whole = tally.profile()
    levels = tuple(lv for lv in WEAK if any(level == lv for _, level in weak))
    if synthetic_policy and "synthetic" not in levels:
        levels = (*levels, "synthetic")
    tables = tuple(t for t in PLAN_TABLES if any(table == t for table, _ in weak))
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
    if isinstance(value, bool) or value is None:
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


def _matches(wanted: dict[str, set[str]], row: Any) -> bool:
    for column, options in wanted.items():
        have = row.get(column) if isinstance(row, dict) else getattr(row, column, None)
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
