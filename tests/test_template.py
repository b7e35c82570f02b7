"""`allocate template`: the workbook a bureau fills in (instructions in Chinese, one sheet per
table with Chinese headers, drop-down lists, number formats, a protected header row, the dataset's
rows), and `allocate import` reading it back with nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_import import rows_of, same_plan

from optimiser.api import load
from optimiser.cli import cli
from optimiser.importing.headers import load_dictionary
from optimiser.importing.template import LISTS, header
from optimiser.importing.words import TABLE_NAMES
from optimiser.schemas.rows import TABLES

ROOT = Path(__file__).resolve().parents[1]
SHANXI = ROOT / "data/shanxi"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def shanxi_template(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("template") / "模板.xlsx"
    result = run("template", "--data", SHANXI, "--out", out)
    assert result.exit_code == 0, result.output
    # what was written and the next step, in the dataset's language
    assert result.output.startswith(f"已写入填报模板 {out}。填好后导入：allocate import {out}")
    return out


def test_the_template_has_instructions_and_a_sheet_per_table_with_chinese_headers(
    shanxi_template,
):
    book = load_workbook(shanxi_template)
    assert book.sheetnames == ["填表说明", LISTS, *(TABLE_NAMES[t][0] for t in TABLES)]
    assert book[LISTS].sheet_state == "hidden"
    instructions = "\n".join(
        str(c.value) for row in book["填表说明"].iter_rows() for c in row if c.value
    )
    assert "allocate import" in instructions and "--base" in instructions
    assert "金额单位为万元" in instructions and "下拉列表" in instructions
    dictionary = load_dictionary()
    data = load(SHANXI)
    for table, model in TABLES.items():
        sheet = book[TABLE_NAMES[table][0]]
        headers = [c.value for c in sheet[1]]
        assert headers == [header(dictionary, table, column) for column in model.model_fields]
        assert sheet.max_row == len(getattr(data, table)) + 1 + 300 or not getattr(data, table)
        assert sheet.freeze_panes == "A2"
    assert [c.value for c in book["历史分配"][1]] == [
        "年度",
        "县（市、区）",
        "资金来源",
        "项目类别",
        "分配金额（万元）",
    ]
    first = [c.value for c in book["县名单"][2]]
    assert first[:5] == ["loufan", "娄烦县", "太原市", "国定", "否"]  # names and words, not codes
    assert [c.value for c in book["历史分配"][2]][:4] == [
        2016,
        "娄烦县",
        "中央财政专项扶贫资金",
        "易地扶贫搬迁奖补",
    ]


def test_drop_down_lists_number_formats_and_a_protected_header(shanxi_template):
    book = load_workbook(shanxi_template)
    lists = book[LISTS]
    column = {lists.cell(1, c).value: c for c in range(1, lists.max_column + 1)}
    counties = [lists.cell(r, column["县（市、区）"]).value for r in range(2, 60)]
    assert "陵川县" in counties and len(counties) == 58
    history = book["历史分配"]
    rules = {str(v.sqref): v for v in history.data_validations.dataValidation}
    county_rule = next(v for ref, v in rules.items() if ref.startswith("B2"))
    assert county_rule.type == "list" and LISTS in county_rule.formula1
    source_rule = next(v for ref, v in rules.items() if ref.startswith("C2"))
    assert source_rule.type == "list"
    amount_rule = next(v for ref, v in rules.items() if ref.startswith("E2"))
    assert amount_rule.type == "decimal" and amount_rule.formula1 == "0"
    assert history["E2"].number_format == "#,##0.00"
    assert book["县指标"]["D2"].number_format == "0.00%"
    assert history.protection.sheet is True
    assert history["A1"].protection.locked is True
    assert history["A2"].protection.locked is False
    assert history.cell(history.max_row, 5).protection.locked is False  # rows to add
    assert history.protection.insertRows is False and history.protection.sort is False


def test_the_template_round_trips_to_the_same_tables_and_the_same_plan(shanxi_template, tmp_path):
    into = tmp_path / "imported"
    result = run("import", shanxi_template, "--into", into, "--base", SHANXI)
    assert result.exit_code == 0, result.output
    original, imported = load(SHANXI), load(into)
    for table in TABLES:
        before = sorted(repr(r.model_dump()) for r in getattr(original, table))
        after = sorted(repr(r.model_dump()) for r in getattr(imported, table))
        assert after == before, table
    said = (into / "import-report.txt").read_text(encoding="utf-8")
    assert said.count("与 --base 相同，沿用其来源说明") == len(TABLES)
    assert imported.provenance == original.provenance
    same_plan(into, SHANXI)


def test_an_edited_template_imports_the_edit_and_says_where_it_came_from(shanxi_template, tmp_path):
    book = load_workbook(shanxi_template)
    sheet = book["预算"]
    assert sheet["A2"].value == "中央财政专项扶贫资金" and sheet["B2"].value == 2017
    sheet["C2"] = "200,000"  # typed as text, with a thousands separator
    edited = tmp_path / "改过的模板.xlsx"
    book.save(edited)
    into = tmp_path / "imported"
    result = run("import", edited, "--into", into, "--base", SHANXI)
    assert result.exit_code == 0, result.output
    budgets = rows_of(into, "budgets")
    assert budgets[0] == {"source": "central_special", "year": "2017", "amount_wan": "200000"}
    assert budgets[1:] == rows_of(SHANXI, "budgets")[1:]
    provenance = load(into).provenance["budgets.csv"]
    assert provenance["amount_wan"]["level"] == "estimate"
    assert "改过的模板.xlsx[预算] C2:C313" in provenance["amount_wan"]["method"]
    assert load(into).provenance["history.csv"] == load(SHANXI).provenance["history.csv"]
