"""Tables validated by column agree with the row-by-row reference (`validate_table(...,
by_row=True)`: each row through its pydantic model): the same rows kept, with the same values,
types, defaults and fields given, and the same problems in the same order, whatever the cells
hold and however the raw columns are kept (coded, packed or a plain list). A generated dataset
loads to the same rows by either route; provenance's profile and warning, worked out by
column, are those of its cells one by one."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import tiny
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from optimiser.dataset import load_dataset
from optimiser.io import read_dataset_folder
from optimiser.io.raw import CodedColumn, PackedColumn, RawTable
from optimiser.provenance import (
    PLAN_TABLES,
    WEAK,
    _profile,
    cells,
    chooser,
    chosen,
    plan_warning,
    profile,
)
from optimiser.schemas.rows import TABLES
from optimiser.schemas.tables import _validate_text, read_column, validate_table

ROOT = Path(__file__).resolve().parents[1]

# Texts a cell may hold: good ones of every kind, and the mistakes people make
NUMBERS = ["0", "1", "1.5", "-0", ".5", "5.", "1e3", "2.5E-1", "+7", "1e12", "1000000000001"]
BAD_NUMBERS = ["1,000", "30%", "-1", "1e999", "nan", "inf", "１２", "1_000", "0x10", "3 4", "e5"]
YEARS = ["2017", "2018", "2018.0", "1948", "2101", "2018.5", "30", "1"]
CODES = ["P1", "P2", "a-b_1", "central", "deep1", "甲", "a b", "x.y"]
WORDS = ["true", "FALSE", "是", "否", "0", "yes", "maybe", "national", "provincial", "none"]
WORDS += ["central", "bank", "grant", "revolving", "total", "annual", "Annual", "fund"]
LISTS = ["1", "0.5;0.5", "0.3；0.7", " 0.2 ; 0.8 ", "1;;", ";", "0.5;x", "P1;P2", "P1", "a；b"]
SPACES = ["", " ", "\u3000", " 5 ", "名字", "x" * 3]
POOL = NUMBERS + BAD_NUMBERS + YEARS + CODES + WORDS + LISTS + SPACES


def cell(model=None, column=None) -> st.SearchStrategy[str]:
    """A cell of `column`: most often a text its field takes (so whole rows pass and the rules
    across fields decide), else any text of the pool or any text at all."""
    anything = st.one_of(st.sampled_from(POOL), st.text(max_size=6))
    fitting = _fitting(model, column) if model is not None else []
    if not fitting:
        return anything
    return st.one_of(st.sampled_from(fitting), st.sampled_from(fitting), anything)


@cache
def _fitting(model, column) -> list[str]:
    """The texts of the pool that the field takes, by pydantic's own word."""
    return [text for text in POOL if _validate_text(model, column, text)[1] is None]


@st.composite
def raw_tables(draw, model) -> tuple[list[str], list[int], list[list[str]], list[str]]:
    """A table of `model`: the required columns and some optional ones in any order, rows of
    random cells, and how each column is kept."""
    fields = model.model_fields
    required = [n for n, f in fields.items() if f.is_required()]
    optional = [n for n, f in fields.items() if not f.is_required()]
    header = required + draw(st.lists(st.sampled_from(optional), unique=True)) if optional else []
    header = draw(st.permutations(header or required))
    rows = draw(st.lists(st.tuples(*(cell(model, c) for c in header)).map(list), max_size=25))
    numbers = sorted(draw(st.sets(st.integers(2, 200), min_size=len(rows), max_size=len(rows))))
    kinds = [draw(st.sampled_from(["coded", "packed", "list"])) for _ in header]
    return header, numbers, rows, kinds


def make_raw(name, header, numbers, rows, kinds) -> RawTable:
    columns = {}
    for j, (column, kind) in enumerate(zip(header, kinds, strict=True)):
        cells = [row[j] for row in rows]
        if kind == "coded":
            kept = CodedColumn()
            kept.extend(cells)
        elif kind == "packed" and not any("\0" in c for c in cells):
            kept = PackedColumn(cells)
        else:
            kept = cells
        columns[column] = kept
    return RawTable(name, f"{name}.csv", tuple(header), columns, numbers)


def kept(located) -> list:
    """What validation keeps of each row: its type, values (with their types), fields given,
    and row number."""
    return [
        (
            (type(row).schema if hasattr(row, "_fields") else type(row)).__name__,  # a record
            repr(row.model_dump()),
            sorted(row.model_fields_set),
            number,
        )
        for row, number in zip(located.rows, located.numbers, strict=True)
    ]


def both(name, model, table) -> tuple:
    by_column = validate_table(make_raw(name, *table), model)
    by_row = validate_table(make_raw(name, *table), model, by_row=True)
    return by_column, by_row


@pytest.mark.parametrize("name", list(TABLES))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_column_route_agrees_with_the_row_route(name, data):
    model = TABLES[name]
    table = data.draw(raw_tables(model))
    (rows, problems), (reference, expected) = both(name, model, table)
    assert kept(rows) == kept(reference)
    assert problems == expected
    event("rows kept" if rows.rows else "no row kept")
    event("some problem" if problems else "no problem")


@st.composite
def mostly_valid_projects(draw) -> tuple:
    """Projects whose cells are mostly right, so the rules across fields (a cost above 0, a
    start window in order, no project its own prerequisite) decide."""
    header = ["id", "name", "county_code", "category", "cost_profile_wan", "beneficiaries"]
    header += ["earliest_start", "latest_start", "prerequisites", "units"]
    n = draw(st.integers(0, 30))
    rows = []
    for i in range(n):
        pid = f"P{i}"
        rows.append(
            [
                pid,
                draw(st.sampled_from(["项目", "", " 项目 "])),
                "deep1",
                "housing",
                draw(st.sampled_from(["1;2", "0;0", "0", "5", "1；2", "0.5; 0.5", "x"])),
                draw(st.sampled_from(["10", "0", "-1"])),
                draw(st.sampled_from(["2018", "2019"])),
                draw(st.sampled_from(["2018", "2019", "2017.0"])),
                draw(st.sampled_from(["", pid, "P0", f"P0;{pid}", "P0；P1"])),
                draw(st.sampled_from(["", "3", "x"])),
            ]
        )
    kinds = [draw(st.sampled_from(["coded", "packed", "list"])) for _ in header]
    return header, list(range(2, n + 2)), rows, kinds


@settings(max_examples=200, deadline=None)
@given(table=mostly_valid_projects())
def test_rules_across_fields_give_the_row_routes_words(table):
    (rows, problems), (reference, expected) = both("projects", TABLES["projects"], table)
    assert kept(rows) == kept(reference)
    assert problems == expected


def test_a_refused_cell_is_named_with_the_row_models_words():
    """A bad amount among good ones: the row, column, value and words of the row model."""
    table = (
        ["id", "name", "county_code", "category", "cost_profile_wan", "beneficiaries"]
        + ["earliest_start", "latest_start"],
        [2, 3, 4],
        [
            ["P1", "甲", "deep1", "housing", "1;2", "5", "2018", "2018"],
            ["P2", "乙", "deep1", "housing", "1,000", "5", "2018", "2017"],
            ["P3", "丙", "deep1", "housing", "0;0", "5", "2018", "2018"],
        ],
        ["packed"] * 8,
    )
    (rows, problems), (_, expected) = both("projects", TABLES["projects"], table)
    assert [r.id for r in rows.rows] == ["P1"]
    assert [str(p) for p in problems] == [str(p) for p in expected]
    assert [str(p) for p in problems] == [
        "projects.csv, row 3, column cost_profile_wan: value '1,000': expected a plain number "
        "without thousands separators",
        "projects.csv, row 4, column cost_profile_wan: value '0;0': expected a cost profile "
        "with a total above 0",
    ]


def test_a_list_value_is_each_rows_own():
    """Rows that share a text get a list each (a default list too), as pydantic makes them."""
    header = ["code", "name", "unit", "unit_cost_wan", "payment_profile", "benefit_per_unit"]
    header += ["sources"]
    row = ["k", "类", "亩", "1", "0.5;0.5", "1", "a;b"]
    table = (header, [2, 3], [row, [*row[:1], "k2", *row[2:]]], ["coded"] * 7)
    rows, problems = validate_table(make_raw("categories", *table), TABLES["categories"])
    assert not problems
    first, second = rows.rows
    assert first.sources == second.sources and first.sources is not second.sources
    assert first.payment_profile is not second.payment_profile


def test_every_column_kind_reads_the_same():
    """A column read as coded, packed or listed gives the same values and refusals."""
    cells = ["1.5", "2", "x", "", "1e999", "1.5", " 3 "]
    model = TABLES["history"]
    found = []
    for kind in ("coded", "packed", "list"):
        raw = make_raw("history", ["amount_wan"], list(range(2, 9)), [[c] for c in cells], [kind])
        column = read_column(model, "amount_wan", raw.columns["amount_wan"])
        found.append((list(column.values()), column.bad, column.errors))
    assert found[0] == found[1] == found[2]
    assert found[0][1] == [2, 3, 4]


# ------------------------------------------------------------------------------------------
# A generated dataset: the same rows by either route
# ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    from optimiser.synthetic import generate

    out = tmp_path_factory.mktemp("generated") / "syn-50-2000"
    generate(load_dataset(ROOT / "data" / "shanxi"), 50, 2000, 1, 7, out)
    return out


def test_a_generated_dataset_loads_to_the_same_rows_by_either_route(generated):
    names = list(TABLES)
    first, _ = read_dataset_folder(generated, names)
    second, _ = read_dataset_folder(generated, names)
    assert len(first.tables["projects"].numbers) == 2000
    for name, model in TABLES.items():
        if name not in first.tables:
            continue
        rows, problems = validate_table(first.tables[name], model)
        reference, expected = validate_table(second.tables[name], model, by_row=True)
        assert kept(rows) == kept(reference), name
        assert problems == expected == [], name
    data = load_dataset(generated)
    assert len(data.projects) == 2000 and len(data.counties) == 50


# ------------------------------------------------------------------------------------------
# Provenance by column: the cells' own profile and warning
# ------------------------------------------------------------------------------------------
def warning_of_cells(data) -> tuple:
    """The warning's levels and tables, and the profile, from the cells one by one."""
    every = cells(data)
    weak = [c for c in every if c.table in PLAN_TABLES and c.level in WEAK]
    levels = tuple(lv for lv in WEAK if any(c.level == lv for c in weak))
    tables = tuple(t for t in PLAN_TABLES if any(c.table == t for c in weak))
    return levels, tables, _profile(every)


SHIPPED_WARNINGS = {
    "shanxi": "本方案含估算数据，仅供演示：预算、需求、单位成本、指标、历史拨款、项目、已承诺支付中有"
    "估算值和虚构示例值（占金额的 96%，占数值的 98%）",
    "jincheng": "本方案含估算数据，仅供演示：预算、需求、单位成本、历史拨款中有估算值（占金额的 100%，"
    "占数值的 88%）",
    "hebei": "本方案含估算数据，仅供演示：预算、需求、单位成本、指标、历史拨款、项目中有估算值和虚构"
    "示例值（占金额的 100%，占数值的 97%）；整个数据集为虚构的合成数据",
}


@pytest.mark.parametrize("name", list(SHIPPED_WARNINGS))
def test_the_warning_and_profile_of_a_shipped_dataset_are_its_cells(name):
    data = load_dataset(ROOT / "data" / name)
    warning = plan_warning(data)
    assert warning.zh == SHIPPED_WARNINGS[name]
    levels, tables, whole = warning_of_cells(data)
    synthetic = ("synthetic",) if data.policy.dataset.synthetic else ()
    assert warning.levels == levels + tuple(s for s in synthetic if s not in levels)
    assert warning.tables == tables
    assert profile(data) == whole
    assert (warning.cell_share, warning.money_share) == (
        whole.share(*WEAK),
        whole.share(*WEAK, of="money"),
    )


def test_the_warning_of_a_generated_dataset_is_its_cells(generated):
    data = load_dataset(generated)
    warning = plan_warning(data)
    levels, tables, whole = warning_of_cells(data)
    assert warning.levels == ("synthetic",) == levels
    assert warning.tables == tables and profile(data) == whole
    assert warning.zh.startswith("本方案含虚构数据，仅供演示：")
    assert "（占金额的 100%，占数值的 100%）；整个数据集为虚构的合成数据" in warning.zh


def test_rows_selectors_by_column_are_the_cells_own(tmp_path):
    """Entries narrowed to some rows (by code, by year, by a list of values; a last entry for
    the rest, or none): the profile by column is the cells' one by one."""
    from test_provenance import tiny_provenance

    folder = tiny.write(tmp_path / "data")
    prov = tiny_provenance()
    prov["history.csv"]["amount_wan"] = [
        {
            "rows": {"year": 2017, "county_code": ["deep1", "poor2"]},
            "level": "synthetic",
            "method": "made up",
        },  # fmt: skip
        {"rows": {"source": "forestry"}, "level": "public report", "clauses": ["PUB-SX-CAL-1"]},
        {"level": "estimate", "method": "guess"},
    ]
    prov["needs.csv"]["units"] = [
        {
            "rows": {"basis": "total", "category": "housing"},
            "level": "derived",
            "method": "from 004",
            "clauses": ["004-3"],
        },  # fmt: skip
        {"level": "estimate", "method": "guess"},
    ]
    (folder / "provenance.yaml").write_text(yaml.safe_dump(prov, allow_unicode=True), "utf-8")
    data = load_dataset(folder)
    assert profile(data) == _profile(cells(data))
    for name, located in data.located.items():
        for column, entries in (prov.get(f"{name}.csv") or {}).items():
            listed, which = chosen(entries, located.rows)
            choose = chooser(entries)
            assert [listed[k] if k >= 0 else None for k in which] == [
                choose(row) for row in located.rows
            ], (name, column)


# ------------------------------------------------------------------------------------------
# CSV decoded a block at a time: the same table as decoding it whole, line by line
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("block", [64, 1 << 15])
def test_a_csv_read_a_block_at_a_time_is_read_as_a_whole(
    tmp_path, monkeypatch, encoding, newline, block
):
    import io
    import random

    from optimiser.io import csv_reader

    draw = random.Random(5)
    lines = ["code,name,note"]
    for i in range(3000):
        note = draw.choice(["", "一行", '"两\n行"', '"三\r\n行, 有逗号"', "x" * draw.randrange(90)])
        lines.append(f"c{i},县{i},{note}")
        if i % 500 == 7:
            lines.append("")  # a blank row
    text = newline.join(lines) + newline
    data = text.encode("utf-8") if encoding != "gb18030" else text.encode("gb18030")
    if encoding == "utf-8-sig":
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "counties.csv"
    path.write_bytes(data)
    monkeypatch.setattr(csv_reader, "BLOCK", block)
    table, problems = csv_reader.read_csv(path, "counties")
    whole, expected = csv_reader.parse_csv_lines(
        lambda: io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""),
        path.name,
        "counties",
        encoding,
    )
    assert problems == expected
    assert table.header == whole.header and list(table.numbers) == list(whole.numbers)
    for name in table.header:
        assert list(table.columns[name]) == list(whole.columns[name]), name
    assert len(table.numbers) == 3000 and table.numbers[-1] > 3000  # rows over several lines
