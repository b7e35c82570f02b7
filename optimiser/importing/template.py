"""`allocate template`: a workbook a bureau fills in, which `allocate import` reads back with
nothing lost.

An instructions sheet (填表说明) in Chinese, then one sheet per table named as the header
dictionary names it (县名单, 县指标, 资金来源, 预算, ...), its header the dictionary's first name of
each column with the unit (金额（万元）), filled with the dataset's rows: counties, sources and
categories by name, words in Chinese (国定, 是, 每年), so a bureau edits rather than retypes. County,
source, category and word columns have drop-down lists (a hidden sheet 下拉列表 holds them),
numbers their formats, and the header row is protected (no password: 审阅 > 撤销工作表保护 lifts
it); rows may be added, deleted and sorted."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from optimiser.importing.columns import KINDS
from optimiser.importing.headers import Dictionary, load_dictionary
from optimiser.importing.values import csv_number
from optimiser.importing.words import TABLE_NAMES
from optimiser.schemas.rows import TABLES
from optimiser.schemas.tables import columns_of

LISTS = "下拉列表"
INSTRUCTIONS = "填表说明"
EXTRA_ROWS = 300  # empty rows below the data left unlocked for new rows
FORMATS = {"wan": "#,##0.00", "rate_wan": "0.00####", "share": "0.00%", "year": "0"}
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


def header(dictionary: Dictionary, table: str, column: str) -> str:
    """A column's header in the template: the dictionary's first name, with its unit."""
    name = dictionary.first(table, column)
    kind = KINDS[table][column]
    if kind in ("wan", "rate_wan", "wan_list"):
        return f"{name}（万元）"
    if kind == "yuan":
        return f"{name}（元）"
    return name


class _Names:
    """What the template writes for a code: a county's, source's or category's name (with the
    city for a county whose name another county shares), a word in Chinese."""

    def __init__(self, data, dictionary: Dictionary):
        self.d = dictionary
        counts: dict[str, int] = {}
        for county in data.counties:
            counts[county.name] = counts.get(county.name, 0) + 1
        self.county = {
            c.code: (c.name if counts[c.name] == 1 or not c.city else f"{c.city}{c.name}")
            for c in data.counties
        }
        self.source = _unique({s.code: s.name for s in data.sources})
        self.category = _unique({k.code: k.name for k in data.categories})

    def cell(self, table: str, column: str, value: object) -> object:
        if value is None:
            return None
        kind, _, words = KINDS[table][column].partition(":")
        if kind == "county":
            return self.county.get(value, value)
        if kind == "source":
            return self.source.get(value, value)
        if kind == "category":
            return self.category.get(value, value)
        if kind == "sources":
            return "；".join(self.source.get(v, v) for v in value)
        if kind == "codes":
            return ";".join(value) if value else None
        if kind in ("shares", "wan_list"):
            return ";".join(csv_number(v) for v in value)
        if kind == "bool":
            return self.d.words_of("bool", "true" if value else "false")
        if kind == "word":
            return self.d.words_of(words, str(value))
        if kind == "year":
            return int(value)
        return value


def _unique(names: dict[str, str]) -> dict[str, str]:
    """Names by code, a name two codes share replaced by the code (a drop-down must be exact)."""
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    return {code: (name if seen[name] == 1 else code) for code, name in names.items()}


def write_template(data, out: Path) -> Path:
    """Writes the template for `data` to `out` (written aside, then renamed into place)."""
    dictionary = load_dictionary(data.policy.import_names)
    names = _Names(data, dictionary)
    book = Workbook()
    book.remove(book.active)
    _instructions(book.create_sheet(INSTRUCTIONS), data, dictionary)
    lists = book.create_sheet(LISTS)
    ranges = _lists(lists, names, dictionary)
    lists.sheet_state = "hidden"
    for table in TABLES:
        _table_sheet(
            book.create_sheet(TABLE_NAMES[table][0]), table, data, names, dictionary, ranges
        )
    book.active = 0
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        book.save(partial)
        os.replace(partial, out)
    finally:
        if partial.exists():
            partial.unlink()
    return out


def _lists(sheet, names: _Names, dictionary: Dictionary) -> dict[str, str]:
    """The drop-down lists, one column each; returns each list's range."""
    columns = {
        "county": ["县（市、区）", *names.county.values()],
        "source": ["资金来源", *names.source.values()],
        "category": ["项目类别", *names.category.values()],
    }
    for kind, values in dictionary.values.items():
        columns[f"word:{kind}"] = [kind, *(words[0] for words in values.values())]
    columns["bool"] = columns.pop("word:bool")
    ranges = {}
    for index, (kind, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=1):
            sheet.cell(row, index, value)
        ranges[kind] = f"'{LISTS}'!${letter}$2:${letter}${max(2, len(values))}"
    return ranges


def _table_sheet(sheet, table, data, names: _Names, dictionary: Dictionary, ranges) -> None:
    columns, _ = columns_of(TABLES[table])
    rows = getattr(data, table)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(1, index, header(dictionary, table, column))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.protection = Protection(locked=True)
    unlocked = Protection(locked=False)
    for r, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            value = names.cell(table, column, getattr(row, column))
            cell = sheet.cell(r, index, value)
            cell.protection = unlocked
            number_format = FORMATS.get(KINDS[table][column])
            if number_format:
                cell.number_format = number_format
    last = len(rows) + 1 + EXTRA_ROWS
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].protection = unlocked
        sheet.column_dimensions[letter].width = max(
            12, 2 * len(header(dictionary, table, column)) + 2
        )
        for r in range(len(rows) + 2, last + 1):
            cell = sheet.cell(r, index)
            cell.protection = unlocked
            number_format = FORMATS.get(KINDS[table][column])
            if number_format:
                cell.number_format = number_format
        _validation(sheet, table, column, f"{letter}2:{letter}{last}", ranges)
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    for allowed in (
        "insertRows",
        "deleteRows",
        "formatColumns",
        "formatRows",
        "sort",
        "autoFilter",
    ):
        setattr(sheet.protection, allowed, False)


def _validation(sheet, table: str, column: str, cells: str, ranges: dict[str, str]) -> None:
    kind = KINDS[table][column]
    base = kind.split(":")[0]
    if table == "counties" and column == "code":
        return
    if kind in ranges or base in ranges:
        check = DataValidation(
            type="list",
            formula1=ranges.get(kind) or ranges[base],
            allow_blank=True,
            errorStyle="warning",
            error="请从下拉列表中选择（也可以输入名称或代码）",
            errorTitle="不在列表中",
        )
    elif base in ("wan", "rate_wan", "count", "number", "yuan"):
        check = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            error="请填写不小于 0 的数字",
            errorTitle="需要数字",
        )
    elif base == "share":
        check = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="1",
            allow_blank=True,
            error="请填写 0 到 1 之间的比例（如 0.3 或 30%）",
            errorTitle="需要比例",
        )
    elif base == "year":
        check = DataValidation(
            type="whole",
            operator="between",
            formula1="1949",
            formula2="2100",
            allow_blank=True,
            error="请填写四位年份，如 2018",
            errorTitle="需要年份",
        )
    else:
        return
    check.add(cells)
    sheet.add_data_validation(check)


def _instructions(sheet, data, dictionary: Dictionary) -> None:
    lines = [
        f"{data.policy.dataset.title} · 数据填报模板",
        "",
        "本工作簿由 allocate template 生成，已填入现有数据：请在此基础上修改，不必重新录入。",
        "1. 每张表一个工作表，工作表名称和第一行表头不要修改（表头已保护）；可以增加、删除、排序行。",
        "2. 县、资金来源、项目类别和“是/否”等列可从下拉列表中选择，也可以直接输入名称或代码。",
        "3. 金额单位为万元（表头注明“元”的除外）；比例填小数或百分数（0.3 或 30%）。",
        "4. 一个单元格中的多项（分年支付比例、分年投资、可用资金来源、前置项目）用分号隔开。",
        "5. 某张表没有数据时只留表头；整张工作表删除则沿用 --base 数据集中的这张表。",
        f"6. 填好后导入：allocate import 本文件.xlsx --into 新文件夹 --base {data.folder}",
        "   导入报告 import-report.html 逐表说明读取了哪些行和列、做了哪些换算，以及需要决定的问题。",
        "",
        "各表的列：",
    ]
    for text in lines:
        sheet.append([text])
    sheet["A1"].font = Font(bold=True, size=14)
    head = ["工作表", "列", "必填", "说明"]
    sheet.append(head)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for table, model in TABLES.items():
        columns, required = columns_of(model)
        for column in columns:
            sheet.append(
                [
                    TABLE_NAMES[table][0],
                    header(dictionary, table, column),
                    "是" if column in required else "",
                    dictionary.help[table].get(column, ""),
                ]
            )
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 6
    sheet.column_dimensions["D"].width = 70
