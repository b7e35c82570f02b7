"""`allocate import`: workbooks made the way finance bureaus make them (merged titles, units rows,
merged headers, 序号, 合计 and 小计, numbers typed as text, 元 and 亿元, one column per fund or per
year, notes, hidden rows, a second table below a blank row) read into the dataset a clerk would
have typed, and the plan from it is the plan from that dataset; bad workbooks stop with exit 2
and a report naming the sheet and the cell."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import tiny
from click.testing import CliRunner
from openpyxl import Workbook
from untranslated import english_left

from optimiser.api import load, solve
from optimiser.cli import cli
from optimiser.importing.counties import CountyBook, CountyRow
from optimiser.importing.headers import load_dictionary, split_unit
from optimiser.report.words import CATALOGUES, LANGS, fields_of
from optimiser.schemas.rows import TABLES

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def rows_of(folder: Path, table: str) -> list[dict[str, str]]:
    text = (folder / f"{table}.csv").read_text(encoding="utf-8-sig")
    return [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(io.StringIO(text))]


def same_plan(folder_a: Path, folder_b: Path, years=(2018,)) -> None:
    """The plans of two datasets: the same status, objective within 1e-6 relative, and the same
    money for each county."""
    a = solve(load(folder_a), list(years)).solution
    b = solve(load(folder_b), list(years)).solution
    assert a.status == b.status == "optimal"
    assert a.objective == pytest.approx(b.objective, rel=1e-6)
    per_a = a.allocation.groupby("county_code")["amount_wan"].sum().sort_index()
    per_b = b.allocation.groupby("county_code")["amount_wan"].sum().sort_index()
    assert list(per_a.index) == list(per_b.index)
    for county in per_a.index:
        assert per_a[county] == pytest.approx(per_b[county], rel=1e-6, abs=1e-6), county


def report(folder: Path) -> str:
    return (folder / "import-report.txt").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------
# A bureau's allocation table: merged title, 元, two header rows, one column per fund, 小计 and
# 合计, city rows, numbers as text, a note row, a hidden row, variant county names
# ------------------------------------------------------------------------------------------
def bureau_history(path: Path, total_row=(4500000, 4000000, 8500000), hide=True) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "2017年分配表"
    ws.append(["甲乙两市2017年专项扶贫资金分配表"])
    ws.merge_cells("A1:F1")
    ws.append(["填报单位：省财政厅", None, None, None, None, "单位：元"])
    ws.append(["序号", "县（市、区）", "资金来源", None, "小计", "备注"])
    ws.append([None, None, "中央专项", "林业切块", None, None])
    for merged in ("C3:D3", "A3:A4", "B3:B4", "E3:E4", "F3:F4"):
        ws.merge_cells(merged)
    ws.append([None, "甲市", "4,000,000", 4000000, 8000000, None])  # row 5: a city row
    ws.append([1, "深一县★", "4,000,000", "1,000,000", 5000000, "深度贫困县"])
    ws.append([None, "旧县", 999, 999, 1998, "已撤并"])  # row 7: hidden
    ws.append([2, "贫二", 0, "3,000,000", "3000000", None])
    ws.append(["小计", None, 4000000, "4000000", 8000000, None])  # row 9
    ws.merge_cells("A9:B9")
    ws.append([None, "乙市", 500000, None, 500000, None])
    ws.append([3, " 其 三 县 ", "500,000", "—", "500,000", None])
    ws.append(["合计", None, *total_row, None])  # row 12
    ws.merge_cells("A12:B12")
    ws.append(["注：本表金额为实际下达数，深度贫困县以★标注。"])
    ws.merge_cells("A13:F13")
    if hide:
        ws.row_dimensions[7].hidden = True
    book.save(path)
    return path


BUREAU_HISTORY = [
    {"year": "2017", "county_code": "deep1", "source": "central", "amount_wan": "400"},
    {"year": "2017", "county_code": "deep1", "source": "forestry", "amount_wan": "100"},
    {"year": "2017", "county_code": "poor2", "source": "central", "amount_wan": "0"},
    {"year": "2017", "county_code": "poor2", "source": "forestry", "amount_wan": "300"},
    {"year": "2017", "county_code": "other3", "source": "central", "amount_wan": "50"},
]


def test_a_bureau_allocation_table_imports_to_the_history_a_clerk_would_type(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = bureau_history(tmp_path / "分配表.xlsx")
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert rows_of(out, "history") == BUREAU_HISTORY
    said = report(out)
    for expected in (
        "A1：标题行：甲乙两市2017年专项扶贫资金分配表",
        "单位行",
        "A3：序号列",
        "E3：合计列「小计」（已核对",
        "F3：备注列",
        "B5:E5：市汇总行「甲市」（已核对",
        "B10:E10：市汇总行「乙市」（已核对",
        "A9:E9：小计行「小计」（已核对）",
        "A12:E12：合计行「合计」（已核对",
        "A13:F13：注释行：注：本表金额为实际下达数",
        "隐藏行 7",
        "年度 2017 取自标题或工作表名称",
        "深一县★ → 深一县（deep1）",
        "贫二 → 贫二县（poor2）",
        "以文字输入的数字读作数字",
        "单位 元 换算为 万元（乘以 0.0001）",
        "“-”等符号读作空",
    ):
        assert expected in said, expected
    # the plan from it is the plan from the same history typed as CSV
    tables = tiny.tables()
    tables["history"] = BUREAU_HISTORY
    same_plan(out, tiny.write(tmp_path / "typed", tables))


def test_a_total_that_does_not_add_up_stops_the_import_naming_both_cells(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = bureau_history(tmp_path / "b.xlsx", total_row=(4500000, 4000100, 8500100))
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 2
    said = report(tmp_path / "out")
    assert (
        "2017年分配表" in said
        and "D12：合计 4,000,100.00 与 D6, D8, D11 之和 4,000,000.00 不符" in said
    )
    assert "b.xlsx[2017年分配表] D12" in result.output
    assert not (tmp_path / "out" / "history.csv").exists()  # only the report is written
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "import-report.html",
        "import-report.txt",
    ]


def test_a_total_that_counts_a_hidden_row_is_asked_about(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = bureau_history(tmp_path / "b.xlsx", total_row=(4500999, 4000999, 8501998))
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 2
    said = report(tmp_path / "out")
    assert "C12：合计 4,500,999.00 含隐藏行 7 的数字" in said


# ------------------------------------------------------------------------------------------
# Budgets in 亿元 with one column per year, and a second table (needs) below a blank row;
# indicators with one column per year under merged headers, incidence in percent
# ------------------------------------------------------------------------------------------
def bureau_plan_book(path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "预算与任务"
    ws.append(["各项资金预算"])
    ws.merge_cells("A1:C1")
    ws.append(["单位：亿元"])
    ws.append(["资金来源", "2017年", "2018年"])
    ws.append(["中央专项", 0.09, "0.1"])
    ws.append(["林业切块", "0.04", 0.05])
    ws.append(["合计", 0.13, 0.15])
    ws.append([])
    ws.append(["各县建设任务"])  # row 8: the second table's title
    ws.append(["县（市、区）", "项目类别", "任务数", "完成时限"])
    ws.append(["深一", "危房改造", 100, "2018年"])
    ws.append(["贫二县", "退耕还林", "2,000", None])
    ws.append(["深一县", "退耕还林", 1000, None])
    ws2 = book.create_sheet("贫困人口")
    ws2.append(["县（市、区）", "建档立卡贫困人口（人）", None, "贫困发生率（%）", None])
    ws2.append([None, "2016年", "2017年", "2016年", "2017年"])
    for merged in ("A1:A2", "B1:C1", "D1:E1"):
        ws2.merge_cells(merged)
    ws2.append(["深一县", 1200, 1000, 25, 20])
    ws2.append(["贫二县", "700", "600", "12.5", 10])
    ws2.append(["其三县", 250, 200, 2.5, "2"])
    ws2.append(["合计", 2150, 1800, None, None])
    book.save(path)
    return path


def test_year_per_column_in_yi_yuan_and_a_second_table_below_a_blank_row(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = bureau_plan_book(tmp_path / "plan.XLSX")  # an upper-case suffix is fine
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    budgets = [
        {"source": "central", "year": "2017", "amount_wan": "900"},
        {"source": "central", "year": "2018", "amount_wan": "1000"},
        {"source": "forestry", "year": "2017", "amount_wan": "400"},
        {"source": "forestry", "year": "2018", "amount_wan": "500"},
    ]
    needs = [
        {"county_code": "deep1", "category": "housing", "units": "100", "deadline": "2018"},
        {"county_code": "poor2", "category": "farmland", "units": "2000"},
        {"county_code": "deep1", "category": "farmland", "units": "1000"},
    ]
    indicators = []
    for code, people, rates in (
        ("deep1", (1200, 1000), ("0.25", "0.2")),
        ("poor2", (700, 600), ("0.125", "0.1")),
        ("other3", (250, 200), ("0.025", "0.02")),
    ):
        for year, person, rate in zip((2016, 2017), people, rates, strict=True):
            indicators.append(
                {
                    "county_code": code,
                    "year": str(year),
                    "poor_population": str(person),
                    "poverty_incidence": rate,
                }
            )
    assert rows_of(out, "budgets") == budgets
    assert rows_of(out, "needs") == needs
    assert rows_of(out, "indicators") == indicators
    said = report(out)
    assert "单位 亿元 换算为 万元（乘以 10000）" in said
    assert "表头注明 %：" in said
    assert "A6:C6：合计行「合计」（已核对" in said
    assert "A8：标题行：各县建设任务" in said
    tables = tiny.tables()
    tables.update(budgets=budgets, needs=needs, indicators=indicators)
    same_plan(out, tiny.write(tmp_path / "typed", tables))


def as_wps(plain: Path, target: Path) -> Path:
    """The workbook as WPS saves it: its name in docProps/app.xml and the text in a shared
    string table (openpyxl writes text inline)."""
    strings: list[str] = []

    def shared(found: re.Match) -> str:
        strings.append(found[3])
        return f'<c r="{found[1]}"{found[2]} t="s"><v>{len(strings) - 1}</v></c>'

    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = re.sub(
                    rb"<Application>.*?</Application>",
                    "<Application>WPS 表格</Application>".encode(),
                    data,
                )
            elif item.filename.startswith("xl/worksheets/sheet"):
                text = re.sub(
                    r'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t>(.*?)</t></is></c>',
                    shared,
                    data.decode(),
                )
                data = text.encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdWps1" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    b"</Relationships>",
                )
            zout.writestr(item, data)
        items = "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in strings)
        zout.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>',
        )
    assert len(strings) > 10
    return target


def test_a_workbook_saved_by_wps_is_read(tmp_path):
    base = tiny.write(tmp_path / "base")
    wps = as_wps(bureau_history(tmp_path / "plain.xlsx"), tmp_path / "wps.xlsx")
    result = run("import", wps, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 0, result.output
    assert rows_of(tmp_path / "out", "history") == BUREAU_HISTORY


# ------------------------------------------------------------------------------------------
# Questions: each stops the import with exit 2 and names the sheet and the cell
# ------------------------------------------------------------------------------------------
def small_book(path: Path, title: str, rows: list[list]) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_an_unknown_header_is_a_question_naming_its_cell(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = small_book(
        tmp_path / "b.xlsx",
        "2017年分配表",
        [["单位：万元"], ["县（市、区）", "中央专项", "其他资金"], ["深一县", 10, 5]],
    )
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 2
    said = report(tmp_path / "out")
    assert "工作表「2017年分配表」" in said
    assert "C2：表头「其他资金」不在表头词典中" in said
    assert "b.xlsx[2017年分配表] C2" in result.output


def test_a_header_added_under_import_names_in_policy_yaml_is_known(tmp_path):
    policy = tiny.policy()
    policy["import_names"] = {"sources": {"forestry": ["其他资金"]}}
    base = tiny.write(tmp_path / "base", pol=policy)
    book = small_book(
        tmp_path / "b.xlsx",
        "2017年分配表",
        [["单位：万元"], ["县（市、区）", "中央专项", "其他资金"], ["深一县", 10, 5]],
    )
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 0, result.output
    assert rows_of(tmp_path / "out", "history")[1] == {
        "year": "2017",
        "county_code": "deep1",
        "source": "forestry",
        "amount_wan": "5",
    }


def test_an_unknown_table_under_import_names_is_refused_by_the_policy_check(tmp_path):
    policy = tiny.policy()
    policy["import_names"] = {"columns": {"budget": {"amount_wan": ["钱"]}}}
    result = run("validate", "--data", tiny.write(tmp_path, pol=policy))
    assert result.exit_code == 2
    assert "import_names.columns 项" in result.output and "而不是 budget" in result.output


def test_an_ambiguous_county_is_asked_not_guessed(tmp_path):
    tables = tiny.tables()
    tables["counties"][2].update(name="城区")  # 乙市城区
    tables["counties"].append(
        {
            "code": "jia_chengqu",
            "name": "城区",
            "city": "甲市",
            "designation": "none",
            "deep": "false",
        }
    )
    tables["indicators"].append(
        {"county_code": "jia_chengqu", "year": "2017", "poor_population": "10"}
    )
    base = tiny.write(tmp_path / "base", tables)
    book = small_book(
        tmp_path / "b.xlsx",
        "2017年分配表",
        [["单位：万元"], ["县（市、区）", "中央专项"], ["深一县", 10], ["市辖区", 5]],
    )
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 2
    said = report(tmp_path / "out")
    assert "A4：县名“市辖区”可以指多个县：城区（乙市）、城区（甲市）" in said
    # with the city written, the same row is read
    book = small_book(
        tmp_path / "c.xlsx",
        "2017年分配表",
        [["单位：万元"], ["县（市、区）", "中央专项"], ["深一县", 10], ["甲市市辖区", 5]],
    )
    result = run("import", book, "--into", tmp_path / "ok", "--base", base)
    assert result.exit_code == 0, result.output
    assert rows_of(tmp_path / "ok", "history")[1]["county_code"] == "jia_chengqu"


def test_a_sheet_with_no_recognisable_table_is_named(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = small_book(
        tmp_path / "b.xlsx", "情况说明", [["今年工作进展顺利"], ["完成投资", 1234], ["覆盖", 99]]
    )
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 2
    said = report(tmp_path / "out")
    assert "工作表「情况说明」" in said and "第 2-3 行有数字，但上方没有能识别的表头" in said
    assert "b.xlsx[情况说明]" in result.output


def test_a_sheet_its_headers_and_name_do_not_decide_is_asked_and_sheet_says_it(tmp_path):
    base = tiny.write(tmp_path / "base")
    rows = [
        ["单位：万元"],
        ["年度", "县（市、区）", "资金来源", "项目类别", "金额"],
        [2019, "深一县", "林业切块", "退耕还林", 10],
    ]
    book = small_book(tmp_path / "b.xlsx", "Sheet1", rows)
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 2
    said = report(tmp_path / "out")
    assert "A2:E2：表头同样适合 历史分配（history）、已承诺支付（commitments）" in said
    assert '--sheet "Sheet1=表名" 指定' in said
    result = run(
        "import", book, "--into", tmp_path / "out", "--base", base, "--sheet", "Sheet1=已承诺支付"
    )
    assert result.exit_code == 0, result.output
    assert rows_of(tmp_path / "out", "commitments") == [
        {
            "year": "2019",
            "county_code": "deep1",
            "source": "forestry",
            "category": "farmland",
            "amount_wan": "10",
        }
    ]
    assert "--sheet 选项" in report(tmp_path / "out")
    result = run("import", book, "--into", tmp_path / "x", "--sheet", "Sheet1=budget")
    assert result.exit_code == 2 and "“budget”不是" in result.output, result.output


def test_money_with_no_unit_anywhere_is_asked(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = small_book(
        tmp_path / "b.xlsx", "2017年分配表", [["县（市、区）", "中央专项"], ["深一县", 10]]
    )
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 2
    assert "B1：列「中央专项」是金额，但没有注明单位" in report(tmp_path / "out")


def test_old_format_workbooks_are_refused_with_what_to_do(tmp_path):
    base = tiny.write(tmp_path / "base")
    old = tmp_path / "分配表.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    disguised = tmp_path / "伪装.xlsx"
    disguised.write_bytes(old.read_bytes())
    result = run("import", old, disguised, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 2
    said = report(tmp_path / "out")
    assert said.count("另存为“Excel 工作簿（.xlsx）”") == 2
    assert "工作簿 分配表.xls" in said and "工作簿 伪装.xlsx" in said


def test_a_folder_that_holds_files_is_not_overwritten_unless_replace(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = bureau_history(tmp_path / "b.xlsx")
    into = tmp_path / "out"
    into.mkdir()
    (into / "mine.txt").write_text("keep me")
    result = run("import", book, "--into", into, "--base", base)
    assert result.exit_code == 2
    assert f"{into} 不是空的" in result.output and (into / "mine.txt").read_text() == "keep me"
    result = run("import", book, "--into", into, "--base", base, "--replace")
    assert result.exit_code == 0, result.output
    assert not (into / "mine.txt").exists() and (into / "history.csv").exists()
    # a failed import over a dataset leaves the dataset as it was
    bad = bureau_history(tmp_path / "bad.xlsx", total_row=(1, 2, 3))
    before = (into / "history.csv").read_bytes()
    result = run("import", bad, "--into", into, "--base", base, "--replace")
    assert result.exit_code == 2
    assert (into / "history.csv").read_bytes() == before


def test_a_dataset_that_fails_its_check_is_not_written_and_the_cell_is_named(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = small_book(
        tmp_path / "b.xlsx",
        "2017年分配表",
        [["单位：万元"], ["县（市、区）", "中央专项"], ["深一县", -10]],
    )
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 2
    said = report(tmp_path / "out")
    assert (
        "b.xlsx[2017年分配表] B3（history.csv 第 2 行，amount_wan 列（分配金额））：值 '-10'："
        "应为不小于 0 的数" in said
    )
    assert not (tmp_path / "out" / "history.csv").exists()
    result = run("import", book, "--into", tmp_path / "en", "--base", base, "--lang", "en")
    assert result.exit_code == 2
    said = report(tmp_path / "en")
    assert (
        "b.xlsx[2017年分配表] B3 (history.csv, row 2, column amount_wan): '-10': expected a "
        "number ≥ 0" in said
    )


def test_without_base_a_complete_workbook_lacks_only_the_policy(tmp_path):
    template = tmp_path / "模板.xlsx"
    assert (
        run("template", "--data", tiny.write(tmp_path / "base"), "--out", template).exit_code == 0
    )
    result = run("import", template, "--into", tmp_path / "out")
    assert result.exit_code == 2
    said = report(tmp_path / "out")
    assert "policy.yaml：应为数据集文件夹中的 policy.yaml；没有找到" in said
    assert "没有 --base" in said
    assert not (tmp_path / "out" / "counties.csv").exists()


def test_the_report_in_english(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = bureau_history(tmp_path / "b.xlsx")
    result = run("import", book, "--into", tmp_path / "out", "--base", base, "--lang", "en")
    assert result.exit_code == 0, result.output
    said = report(tmp_path / "out")
    assert "Sheet '2017年分配表'" in said and "Dropped:" in said
    assert "the total row '合计' (checked" in said
    html = (tmp_path / "out" / "import-report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "2017年分配表" in html


# ------------------------------------------------------------------------------------------
# The client's workbook: Shanxi's 2017 allocations by county and fund, as a bureau keeps them
# ------------------------------------------------------------------------------------------
FUNDS = {  # the names a bureau writes over its columns
    "central_special": "中央专项",
    "provincial_special": "省级专项",
    "forestry_block": "林业切块",
    "housing_block": "住建切块",
    "infrastructure_block": "水利电力通信切块资金",
    "city_special": "市级专项",
    "county_integrated": "整合资金",
    "lottery": "彩票公益金",
    "relending": "再贷款",
    "industry_fund": "产业基金",
}


def client_workbook(path: Path) -> tuple[Path, list[dict[str, str]]]:
    """The workbook of the task: merged title, units row, 序号, 县（市、区）, one column per fund,
    小计, a 合计 row, a note row, numbers as text, county names (several ways)."""
    data = load(ROOT / "data/shanxi")
    totals: dict[tuple[str, str], float] = {}
    for row in data.history:
        if row.year == 2017:
            key = (row.county_code, row.source)
            totals[key] = totals.get(key, 0.0) + row.amount_wan
    funds = [f for f in FUNDS if any(s == f for _, s in totals)]
    book = Workbook()
    ws = book.active
    ws.title = "2017年分配表"
    ws.append(["2017年专项扶贫资金分配表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(funds) + 3)
    ws.append(["单位：万元"])
    ws.append(["序号", "县（市、区）", *(FUNDS[f] for f in funds), "小计"])
    expected = []
    column_totals = [0.0] * len(funds)
    for number, county in enumerate(data.counties, start=1):
        amounts = [round(totals.get((county.code, f), 0.0), 2) for f in funds]
        if not any(amounts):
            continue
        variant = number % 4
        name = county.name
        base = re.sub(r"(县|区|市)$", "", name) if len(name) > 2 else name
        written = {0: base, 1: name, 2: f"{name}（市、区）", 3: f"{name[:1]} {name[1:]}"}[variant]
        if county.deep:
            written += "★"
        ws.append([number, written, *(f"{a:,.2f}" for a in amounts), f"{sum(amounts):,.2f}"])
        for index, (fund, amount) in enumerate(zip(funds, amounts, strict=True)):
            column_totals[index] += amount
            expected.append(  # every cell of the sheet is a row, a 0.00 too
                {
                    "year": "2017",
                    "county_code": county.code,
                    "source": fund,
                    "amount_wan": f"{amount:.2f}",
                }
            )
    ws.append(["合计", None, *(f"{t:,.2f}" for t in column_totals), f"{sum(column_totals):,.2f}"])
    ws.append(["注：深度贫困县以★标注；资金为当年实际下达数。"])
    book.save(path)
    return path, expected


def test_the_client_workbook_imports_and_plans_with_no_hand_edits(tmp_path):
    book, expected = client_workbook(tmp_path / "2017年专项扶贫资金分配表.xlsx")
    into = tmp_path / "imported"
    result = run("import", book, "--into", into, "--base", ROOT / "data/shanxi")
    assert result.exit_code == 0, result.output
    got = rows_of(into, "history")
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert {k: v for k, v in a.items() if k != "amount_wan"} == {
            k: v for k, v in b.items() if k != "amount_wan"
        }
        assert float(a["amount_wan"]) == pytest.approx(float(b["amount_wan"]), abs=1e-9)
    planned = run("--year", "2018", "--data", into, "--out", tmp_path / "runs")
    assert planned.exit_code == 0, planned.output
    assert "状态：最优" in planned.output
    # the plan is the plan from the same figures typed as history.csv
    typed = tmp_path / "typed"
    shutil.copytree(ROOT / "data/shanxi", typed)
    (typed / "history.csv").write_text(tiny.csv_text(expected), encoding="utf-8")
    same_plan(into, typed)


# ------------------------------------------------------------------------------------------
# The dictionary and county names
# ------------------------------------------------------------------------------------------
def test_every_column_of_every_table_has_chinese_names_the_first_unique():
    dictionary = load_dictionary()
    for table, model in TABLES.items():
        firsts = [dictionary.first(table, column) for column in model.model_fields]
        assert len(set(firsts)) == len(firsts), table
        for column in model.model_fields:
            assert dictionary.column(table, dictionary.first(table, column)) == column
            assert dictionary.help[table][column], (table, column)


def test_units_are_taken_off_headers():
    assert split_unit("金额（万元）")[0] == "金额" and split_unit("金额（万元）")[1].money == "万元"
    assert split_unit("单位成本(元/亩)")[1].money == "元"
    assert split_unit("贫困发生率（%）")[1].percent
    assert split_unit("县（市、区）") == ("县(市、区)", split_unit("县（市、区）")[1])
    assert not split_unit("县（市、区）")[1]


def test_county_names_match_with_their_variants_and_ambiguity_is_said():
    book = CountyBook(
        [
            CountyRow("lingchuan", "陵川县", "晋城市"),
            CountyRow("gaoping", "高平市", "晋城市"),
            CountyRow("jc_chengqu", "城区", "晋城市"),
            CountyRow("cz_chengqu", "城区", "长治市"),
            CountyRow("qinxian", "沁县", "长治市"),
            CountyRow("qinshui", "沁水县", "晋城市"),
            CountyRow("yunzhou", "云州区", "大同市"),
        ],
        load_dictionary(),
    )
    for text in (
        "陵川",
        "陵川县",
        "陵川县（市、区）",
        "陵 川 县",
        "陵川县★",
        "晋城市陵川县",
        "lingchuan",
        "晋城陵川",
    ):
        assert book.match(text).code == "lingchuan", text
    assert book.match("高平").code == "gaoping"
    assert book.match("沁县").code == "qinxian" and book.match("沁水").code == "qinshui"
    assert book.match("大同县").code == "yunzhou"  # the former name
    assert book.match("城区").ambiguous and book.match("市辖区").ambiguous
    assert book.match("市辖区", city="长治市").code == "cz_chengqu"
    assert book.match("晋城市城区").code == "jc_chengqu"
    assert book.match("泽州县").code is None and not book.match("泽州县").ambiguous
    assert book.city_of("晋城市") == "晋城市" and book.city_of("陵川县") is None


def test_the_import_words_are_in_both_languages_with_the_same_fields():
    import optimiser.importing.words  # noqa: F401 - registers the catalogue

    for key, said in CATALOGUES["import"].items():
        assert set(said) == set(LANGS), key
        assert fields_of(said["zh"]) == fields_of(said["en"]), key
        words = said["zh"].format(**dict.fromkeys(fields_of(said["zh"]), ""))
        assert not english_left(words), key


def test_formulas_without_saved_values_and_a_sheet_option_naming_no_sheet_are_asked(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = small_book(
        tmp_path / "b.xlsx",
        "2017年分配表",
        [["单位：万元"], ["县（市、区）", "中央专项"], ["深一县", 10], ["合计", "=SUM(B3:B3)"]],
    )
    result = run("import", book, "--into", tmp_path / "out", "--base", base, "--sheet", "表2=skip")
    assert result.exit_code == 2
    said = report(tmp_path / "out")
    assert "B4：1 个公式没有保存计算结果" in said
    assert '--sheet "表2=skip"：没有名为“表2”的工作表（有：2017年分配表）' in said


def test_a_sheet_said_skip_is_not_read(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = bureau_history(tmp_path / "b.xlsx")
    extra = small_book(tmp_path / "c.xlsx", "情况说明", [["今年工作进展顺利"], ["完成投资", 1234]])
    result = run(
        "import",
        book,
        extra,
        "--into",
        tmp_path / "out",
        "--base",
        base,
        "--sheet",
        "情况说明=skip",
    )
    assert result.exit_code == 0, result.output
    assert "不是数据表（--sheet 选项指定跳过），未读取" in report(tmp_path / "out")
    assert rows_of(tmp_path / "out", "history") == BUREAU_HISTORY


def test_a_unit_written_in_a_header_cell_of_its_own_is_the_tables_unit(tmp_path):
    base = tiny.write(tmp_path / "base")
    book = small_book(
        tmp_path / "b.xlsx",
        "2017年分配表",
        [["县（市、区）", "中央专项", "单位：亿元"], ["深一县", "0.1", None]],
    )
    result = run("import", book, "--into", tmp_path / "out", "--base", base)
    assert result.exit_code == 0, result.output
    assert rows_of(tmp_path / "out", "history") == [
        {"year": "2017", "county_code": "deep1", "source": "central", "amount_wan": "1000"}
    ]
    assert "C1：单位行：单位：亿元（单位 亿元）" in report(tmp_path / "out")


def test_an_imported_dataset_is_named_apart_from_its_base():
    from optimiser.importing.output import _renamed, dataset_name

    assert dataset_name("shanxi-2019", "shanxi") == "shanxi-2019"
    assert dataset_name("晋城2018", "shanxi") == "shanxi-import"
    assert dataset_name("shanxi", "shanxi") == "shanxi-import"
    text = (ROOT / "data" / "shanxi" / "policy.yaml").read_text(encoding="utf-8")
    renamed = _renamed(text, "shanxi-2019")
    assert "  name: shanxi-2019\n" in renamed and "  name: shanxi\n" not in renamed
    assert renamed.count("\n") == text.count("\n")  # comments and layout kept
