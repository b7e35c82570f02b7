"""allocation.xlsx and the CSV files as a finance office opens them in Excel: Chinese sheets with
names, not codes (the codes only in the trailing key columns), the data warning first, money that
adds up to every printed total, frozen headers, number formats and A4 landscape print settings;
English with --lang en; CSV files in UTF-8 with a byte-order mark, or gb18030 on request, that
`allocate explain` still reads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import tiny
from click.testing import CliRunner
from openpyxl import load_workbook
from untranslated import english_left

from optimiser.cli import cli
from optimiser.report.names import Names
from optimiser.report.run_files import write_folder
from optimiser.report.run_view import RunView
from optimiser.report.workbook import Workbook

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"county_code", "source", "category", "project_id", "rule_id", "instance"}
SHEETS_ZH = ["说明", "汇总", "明细", "规则", "未安排项目"]


def allocate(data: Path, out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(
        cli, ["--year", "2018", "--data", str(data), "--out", str(out), "--xlsx", *extra]
    )
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in out.glob("*/*/*") if p.is_dir()]
    return folder


@pytest.fixture(scope="module")
def shanxi(tmp_path_factory) -> Path:
    return allocate(ROOT / "data" / "shanxi", tmp_path_factory.mktemp("shanxi"))


def cents(value: float) -> int:
    return round(value * 100)


def header(ws) -> list:
    return [c.value for c in ws[2]]


def body(ws) -> list[tuple]:
    """The rows under the header up to (not including) the total row."""
    rows = []
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[0] in ("合计", "Total"):
            break
        rows.append(row)
    return rows


def row_labelled(ws, label: str) -> tuple:
    (row,) = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == label]
    return row


def cover_value(ws, label: str):
    (value,) = [r[1] for r in ws.iter_rows(values_only=True) if r[0] == label]
    return value


# -- the workbook ---------------------------------------------------------------------------------


def test_sheets_are_chinese_and_the_cover_says_the_warning_then_the_status(shanxi):
    book = load_workbook(shanxi / "allocation.xlsx")
    summary = json.loads((shanxi / "summary.json").read_text(encoding="utf-8"))
    assert book.sheetnames == SHEETS_ZH
    cover = book["说明"]
    assert cover["A1"].value == summary["data_warning"]["zh"] and cover["A1"].font.b
    assert cover_value(cover, "方案状态") == "最优"
    assert cover_value(cover, "数据集") == summary["dataset_title"]
    assert cover_value(cover, "规划年度") == "2018年"
    assert cover_value(cover, "运行编号（文件夹）") == shanxi.name
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC[+-]\d\d:\d\d\)", cover_value(cover, "运行时间")
    )
    checked = summary["audit"]["checked"]
    assert cover_value(cover, "独立审核") == f"通过：核查规则实例 {checked:,} 条，无违反"
    assert cover_value(cover, "深度贫困县占中央和省级专项资金比例") == round(
        summary["deep_share"], 4
    )
    # each sheet's title repeats the warning's head, and so does its printed page header
    head = summary["data_warning"]["zh"].split("：")[0]
    for name in SHEETS_ZH[1:]:
        assert head in book[name]["A1"].value
        assert book[name].oddHeader.center.text == head


def test_summary_totals_add_up_to_the_detail_the_csv_and_the_budget(shanxi):
    book = load_workbook(shanxi / "allocation.xlsx")
    summary = json.loads((shanxi / "summary.json").read_text(encoding="utf-8"))
    allocation = pd.read_csv(shanxi / "allocation.csv", encoding="utf-8-sig")
    ws = book["汇总"]
    names = header(ws)
    assert names[:3] == ["市", "县", "深度贫困县"] and names[-1] == "合计"
    rows = body(ws)
    assert len(rows) == allocation["county_code"].nunique()
    for row in rows:  # each county's total is its sources' sum
        assert cents(row[-1]) == sum(cents(v) for v in row[3:-1])
    total = row_labelled(ws, "合计")
    for col in range(3, len(names)):  # each column's total is its counties' sum
        assert cents(total[col]) == sum(cents(r[col]) for r in rows)
    grand = cents(total[-1])
    assert grand == sum(cents(v) for v in allocation["amount_wan"])
    assert grand == cents(row_labelled(book["明细"], "合计")[6])
    assert grand == cents(cover_value(book["说明"], "安排资金合计"))
    # every source spends its whole budget in this plan: its column total is the budget printed
    budget = row_labelled(ws, "预算")
    by_name = {v["name"]: v["budget_wan"] for v in summary["sources"].values()}
    for col in range(3, len(names) - 1):
        assert cents(budget[col]) == cents(by_name[names[col]]) == cents(total[col])


def test_counties_by_city_in_the_dataset_order_deep_first_and_marked(shanxi):
    book = load_workbook(shanxi / "allocation.xlsx")
    summary = json.loads((shanxi / "summary.json").read_text(encoding="utf-8"))
    deep = {c["name"]: c["deep"] for c in summary["counties"].values()}
    rows = body(book["汇总"])
    cities = [r[0] for r in rows]
    order = [c or "（未填所属市）" for c in Names.from_summary(summary).cities()]
    seen = list(dict.fromkeys(cities))
    assert seen == [c for c in order if c in seen]  # each city once, in the dataset's order
    for city in seen:
        marks = [r[2] for r in rows if r[0] == city]
        assert marks == sorted(marks, key=lambda m: m != "是")  # deep counties first
    assert {r[1]: r[2] == "是" for r in rows} == {r[1]: deep[r[1]] for r in rows}
    assert any(r[2] == "是" for r in rows) and any(r[2] == "否" for r in rows)


def test_frozen_panes_number_formats_and_print_settings(shanxi):
    book = load_workbook(shanxi / "allocation.xlsx")
    assert book["汇总"].freeze_panes == "D3"
    assert book["明细"].freeze_panes == "C3"
    assert book["规则"].freeze_panes == "B3" and book["未安排项目"].freeze_panes == "B3"
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        if ws.title != "说明":
            assert ws.print_title_rows == "$1:$2"  # title and header on every page
    summary = book["汇总"]
    for row in summary.iter_rows(min_row=3, min_col=4):
        for cell in row:
            assert cell.number_format.startswith("#,##0.00"), cell.coordinate
    detail = book["明细"]
    assert header(detail)[6] == "金额（万元）"
    assert all(
        c.number_format == "#,##0.00" for (c,) in detail.iter_rows(min_row=3, min_col=7, max_col=7)
    )
    assert detail.auto_filter.ref == f"A2:K{detail.max_row - 1}"  # the total row left out
    assert summary.column_dimensions["D"].width >= 13  # wide enough for 1,234,567.89


def test_no_english_or_code_left_outside_the_key_columns(shanxi):
    book = load_workbook(shanxi / "allocation.xlsx")
    left = []
    for ws in book.worksheets:
        keys = {c.column for c in ws[2] if c.value in KEYS} if ws.title != "说明" else set()
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.column not in keys:
                    left += [(ws.title, cell.coordinate, w) for w in english_left(cell.value)]
                money = (
                    cell.number_format.startswith("#,##0.00") and "0000" not in cell.number_format
                )
                if isinstance(cell.value, float) and money:  # to the fen, no float noise
                    assert round(cell.value, 2) == cell.value, (ws.title, cell.coordinate)
    assert left == []
    detail = book["明细"]
    assert header(detail)[:7] == [
        "年度",
        "县",
        "市",
        "资金来源",
        "项目类别",
        "项目",
        "金额（万元）",
    ]
    assert header(detail)[7:] == ["county_code", "source", "category", "project_id"]
    years = {r[0] for r in body(detail)}
    assert years == {2018} and all(type(y) is int for y in years)


def test_detail_names_each_code_of_its_key_columns(shanxi):
    view = RunView.load(shanxi)
    rows = body(load_workbook(shanxi / "allocation.xlsx")["明细"])
    assert len(rows) == len(view.allocation)
    for row in rows:
        _, county, _, source, category, project, _, code, source_code, category_code, pid = row
        assert county == view.names.county(code)
        assert source == view.names.source(source_code)
        assert category == view.names.category(category_code)
        if pid and pid != "(committed)":
            assert project == view.names.project(pid) != pid
    assert any(r[-1] == "(committed)" and r[5] == "以前年度已承诺支付" for r in rows)


def test_rules_sheet_policy_rules_first_with_names(shanxi):
    view = RunView.load(shanxi)
    ws = load_workbook(shanxi / "allocation.xlsx")["规则"]
    names = header(ws)
    rows = body(ws)
    kinds = [r[1] for r in rows]
    assert "政策规则" in kinds and kinds == sorted(kinds, key=lambda k: k != "政策规则")
    binding = view.rules[view.rules["status"].isin(["binding", "violated"])]
    assert len(rows) == len(binding[binding["rule_id"] != "R-PAYMENT"])
    key = names.index("instance")
    for row in rows:
        assert row[2] == view.names.instance(row[key], "zh")
        assert row[3] in ("达到限值", "未达到（软性规则）")
    assert names[7] == "限值放宽一个单位的价值（名贫困人口（加权））"
    # the structural families' basis, said in Chinese
    assert any(r[10] == "会计恒等：支出不超过预算（预算表）" for r in rows)


def test_unfunded_projects_with_reasons_and_a_total(shanxi):
    view = RunView.load(shanxi)
    ws = load_workbook(shanxi / "allocation.xlsx")["未安排项目"]
    rows = body(ws)
    unfunded = view.explanation["unfunded"]
    assert [r[7] for r in rows] == [u["project_id"] for u in unfunded]
    assert all(r[6] for r in rows)  # every reason said
    assert any(r[6].startswith("未达效益成本门槛") for r in rows)
    total = row_labelled(ws, "合计")
    assert cents(total[4]) == sum(cents(r[4]) for r in rows)
    assert all(type(r[5]) is int for r in rows)  # people, whole


def test_english_workbook_with_lang_en(tmp_path):
    folder = allocate(tiny.write(tmp_path / "data"), tmp_path / "out", "--lang", "en")
    book = load_workbook(folder / "allocation.xlsx")
    assert book.sheetnames == ["Cover", "Summary", "Detail", "Rules", "Unfunded projects"]
    assert cover_value(book["Cover"], "Status") == "optimal"
    assert cover_value(book["Cover"], "Language") == "English"
    assert header(book["Detail"])[:7] == [
        "Year",
        "County",
        "City",
        "Source",
        "Category",
        "Project",
        "Amount (万元)",
    ]
    assert header(book["Summary"])[:3] == ["City", "County", "Deep-poverty county"]
    assert row_labelled(book["Summary"], "Total")
    assert not any(c.value == "合计" for row in book["Summary"].iter_rows() for c in row)


def test_a_horizon_has_a_summary_per_year_adding_up_to_the_whole(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["--years", "2018-2019", "--data", str(ROOT / "data" / "hebei"), "--out", str(out)]
        + ["--xlsx"],
    )
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in out.glob("*/*/*") if p.is_dir()]
    book = load_workbook(folder / "allocation.xlsx")
    assert book.sheetnames == ["说明", "汇总", "2018年汇总", "2019年汇总", *SHEETS_ZH[2:]]
    assert cover_value(book["说明"], "规划年度") == "2018—2019年"
    whole = row_labelled(book["汇总"], "合计")
    years = [row_labelled(book[f"{y}年汇总"], "合计") for y in (2018, 2019)]
    assert header(book["汇总"]) == header(book["2018年汇总"]) == header(book["2019年汇总"])
    for col in range(3, len(whole)):
        assert cents(whole[col]) == sum(cents(t[col]) for t in years)
    assert {r[0] for r in body(book["明细"])} == {2018, 2019}


def test_the_cover_names_the_folder_the_run_lands_in(tmp_path):
    folder = allocate(tiny.write(tmp_path / "data"), tmp_path / "out")
    view = RunView.load(folder)
    book = Workbook(view.allocation, view.rules, view.summary, None, view.projects)
    # a second run of the same name takes the next free folder, and its cover says which
    second = write_folder(folder.parent, folder.name, {"allocation.xlsx": book}, dict(view.summary))
    assert second.name == f"{folder.name}-2"
    cover = load_workbook(second / "allocation.xlsx")["说明"]
    assert cover_value(cover, "运行编号（文件夹）") == second.name
    # without the explanation, the unfunded projects are the ones never started, reasons blank
    unfunded = body(load_workbook(second / "allocation.xlsx")["未安排项目"])
    never = view.projects[view.projects["start_year"].isna()]
    assert [r[7] for r in unfunded if r[7]] == list(never["project_id"])


# -- the CSV files --------------------------------------------------------------------------------


def test_csv_files_open_in_excel_with_integer_years_and_money_to_the_fen(shanxi):
    raw = (shanxi / "allocation.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    assert "娄烦县" in raw.decode("utf-8-sig")
    amounts = pd.read_csv(shanxi / "allocation.csv", dtype=str, encoding="utf-8-sig")["amount_wan"]
    assert all(re.fullmatch(r"\d+(\.\d{1,2})?", a) for a in amounts)
    years = pd.read_csv(shanxi / "projects.csv", dtype=str, encoding="utf-8-sig")["start_year"]
    assert years.notna().any() and all(re.fullmatch(r"\d{4}", y) for y in years.dropna())
    # each fully used source's rows add up to its budget as summary.json prints it
    summary = json.loads((shanxi / "summary.json").read_text(encoding="utf-8"))
    allocation = pd.read_csv(shanxi / "allocation.csv", encoding="utf-8-sig")
    rules = pd.read_csv(shanxi / "rules.csv", encoding="utf-8-sig")
    budget = rules[rules["rule_id"] == "R-BUDGET"]
    budget_source = budget["instance"].str.split("|").str[0]
    full = [
        s
        for s in summary["sources"]
        if (budget_source == s).any() and (budget[budget_source == s]["status"] == "binding").all()
    ]
    assert full
    for source, row in summary["sources"].items():
        spent = sum(cents(v) for v in allocation[allocation["source"] == source]["amount_wan"])
        if source in full:
            assert spent == cents(round(row["budget_wan"], 2)), source
        else:
            assert spent <= cents(round(row["budget_wan"], 2)), source


def test_gb18030_files_are_read_back_by_explain(tmp_path):
    data = tiny.write(tmp_path / "data")
    folder = allocate(data, tmp_path / "out", "--encoding", "gb18030")
    raw = (folder / "allocation.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "深一县" in raw.decode("gb18030")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["encoding"] == "gb18030"
    assert "示例" not in raw.decode("gb18030")  # tiny's names, not another dataset's
    result = CliRunner().invoke(cli, ["explain", str(folder), "--detail"])
    assert result.exit_code == 0, result.output
    assert "深一县" in result.output  # the county table, read back from the gb18030 files
    view = RunView.load(folder)
    assert "深一县" in set(view.allocation["county_name"])
    # the workbook does not depend on the CSV encoding
    assert load_workbook(folder / "allocation.xlsx").sheetnames == SHEETS_ZH
