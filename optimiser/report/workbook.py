"""allocation.xlsx (`allocate --year 2018 --xlsx`): the plan as a finance office opens it in Excel.

Sheets, in the run's language (the dataset's unless `--lang` says otherwise):

    说明 / Cover            the data warning first, then what the plan is: dataset, years, status,
                            money allocated against the budget, people reached, the deep counties'
                            share of central and provincial special funds, the audit, the run's
                            time (local, with its UTC offset), folder and language, the notes
    汇总 / Summary          county x source (names), row and column totals, the budget under them;
                            counties by city in the dataset's order of cities, the deep-poverty
                            counties first within each city (marked 是 and shaded), then the
                            dataset's order; with several plan years, one more such sheet a year
    明细 / Detail           every allocation row with names, an autofilter and a total row; the
                            codes are kept in trailing key columns for joining tables
    规则 / Rules            the rule instances that bind or fall short, policy rules first: title,
                            instance in names, value, limit, what one more unit is worth, citation
    未安排项目 / Unfunded   candidate projects left out, with the reason where the run explains it

Every amount is allocation.csv's, already rounded to 0.01 万元 so that rows add up to every total
(optimiser.report.rounding); totals are written as values summed in whole cents, not formulas, so
they show the same in Excel's protected view, in previews and to any program reading the file.
Each sheet is frozen below its header, prints A4 landscape fitted to the page width with its
title and header rows repeated, and carries the data warning in its page header."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pandas as pd

from optimiser.explain.values import objective_unit
from optimiser.report.names import Names
from optimiser.report.plan_facts import PlanFacts, county_money
from optimiser.report.rule_sentences import WORDS as SENTENCES
from optimiser.report.rule_sentences import cite, rule_sentence, title
from optimiser.report.run_view import RunView
from optimiser.report.text import width
from optimiser.report.unfunded_reasons import reason_text
from optimiser.report.words import COMMON, DEFAULT_LANG, Words, span, status_words

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

WORDS = Words(
    "workbook",
    {
        # sheet names (Excel: at most 31 characters, none of []:*?/\)
        "sheet.cover": {"zh": "说明", "en": "Cover"},
        "sheet.summary": {"zh": "汇总", "en": "Summary"},
        "sheet.summary_year": {"zh": "{year}年汇总", "en": "Summary {year}"},
        "sheet.detail": {"zh": "明细", "en": "Detail"},
        "sheet.rules": {"zh": "规则", "en": "Rules"},
        "sheet.unfunded": {"zh": "未安排项目", "en": "Unfunded projects"},
        # cover
        "cover.title": {
            "zh": "专项扶贫资金分配方案",
            "en": "Allocation of poverty-alleviation funds",
        },
        "cover.dataset": {"zh": "数据集", "en": "Dataset"},
        "cover.years": {"zh": "规划年度", "en": "Plan years"},
        "cover.status": {"zh": "方案状态", "en": "Status"},
        "cover.objective": {"zh": "规划目标", "en": "Objective"},
        "cover.allocated": {"zh": "安排资金合计", "en": "Money allocated"},
        "cover.budget": {"zh": "预算合计", "en": "Budget"},
        "cover.used": {"zh": "预算使用比例", "en": "Share of the budget used"},
        "cover.people": {"zh": "覆盖贫困人口（加权）", "en": "Poor people reached (weighted)"},
        "cover.deep_share": {
            "zh": "深度贫困县占中央和省级专项资金比例",
            "en": "Deep counties' share of central and provincial special funds",
        },
        "cover.earmark": {
            "zh": "规定深度贫困县所占比例不低于",
            "en": "Share the earmark rule requires at least",
        },
        "cover.audit": {"zh": "独立审核", "en": "Independent audit"},
        "cover.audit_ok": {
            "zh": "通过：核查规则实例 {checked} 条，无违反",
            "en": "passed: {checked} rule instances checked, none broken",
        },
        "cover.audit_broken": {
            "zh": "未通过：核查规则实例 {checked} 条，违反 {broken} 条，请勿签批",
            "en": "failed: {checked} rule instances checked, {broken} broken; do not sign",
        },
        "cover.audit_soft": {
            "zh": "（另有 {n} 条软性规则未达到）",
            "en": " ({n} soft rules short of their limit)",
        },
        "cover.started": {"zh": "运行时间", "en": "Run at"},
        "cover.run_id": {"zh": "运行编号（文件夹）", "en": "Run (folder)"},
        "cover.lang": {"zh": "语言", "en": "Language"},
        "cover.lang_value": {"zh": "中文", "en": "English"},
        "cover.notes": {"zh": "注意事项", "en": "Notes"},
        "cover.rules": {
            "zh": "最关键的政策规则（按限值每放宽一个单位的价值排序）",
            "en": "The policy rules that matter most (by what one more unit of the limit is worth)",
        },
        "cover.sheets": {"zh": "工作表", "en": "Sheets"},
        "cover.sheet.summary": {
            "zh": "各县分资金来源的安排合计（万元），含行列合计和预算",
            "en": "money by county and source (万元), with totals and the budget",
        },
        "cover.sheet.detail": {
            "zh": "每一笔安排：年度、县、资金来源、项目类别、项目、金额；可筛选",
            "en": "every amount: year, county, source, category, project; with filters",
        },
        "cover.sheet.rules": {
            "zh": "起约束作用的规则实例，政策规则在前，含放宽一个单位的价值",
            "en": "rule instances that bind, policy rules first, with the value of one more unit",
        },
        "cover.sheet.unfunded": {
            "zh": "未获安排的候选项目及原因",
            "en": "candidate projects left unfunded, and why",
        },
        "unit.wan": {"zh": "万元", "en": "万元"},
        "unit.people": {"zh": "人", "en": "people"},
        "yes": {"zh": "是", "en": "yes"},
        "no": {"zh": "否", "en": "no"},
        # summary
        "summary.title": {
            "zh": "{years}各县资金安排汇总（万元）",
            "en": "Money by county and source, {years} (万元)",
        },
        "city": {"zh": "市", "en": "City"},
        "county": {"zh": "县", "en": "County"},
        "deep": {"zh": "深度贫困县", "en": "Deep-poverty county"},
        "total": {"zh": "合计", "en": "Total"},
        "budget_row": {"zh": "预算", "en": "Budget"},
        # detail
        "detail.title": {"zh": "{years}资金安排明细（万元）", "en": "Every amount, {years} (万元)"},
        "year": {"zh": "年度", "en": "Year"},
        "source": {"zh": "资金来源", "en": "Source"},
        "category": {"zh": "项目类别", "en": "Category"},
        "project": {"zh": "项目", "en": "Project"},
        "amount": {"zh": "金额（万元）", "en": "Amount (万元)"},
        "committed": {"zh": "以前年度已承诺支付", "en": "payment committed before the run"},
        # rules
        "rules.title": {
            "zh": "起约束作用的规则：政策规则在前，其后为预算、需求、项目等结构约束",
            "en": "Rules that bind: policy rules first, then the structural limits (budgets, "
            "needs, projects)",
        },
        "rule": {"zh": "规则", "en": "Rule"},
        "kind": {"zh": "类型", "en": "Kind"},
        "kind.policy": {"zh": "政策规则", "en": "policy"},
        "kind.structural": {"zh": "结构约束", "en": "structural"},
        "instance": {"zh": "实例", "en": "Instance"},
        "status": {"zh": "状态", "en": "Status"},
        "status.binding": {"zh": "达到限值", "en": "binding"},
        "status.violated": {"zh": "未达到（软性规则）", "en": "short (soft rule)"},
        "value": {"zh": "数值", "en": "Value"},
        "limit": {"zh": "限值", "en": "Limit"},
        "unit": {"zh": "单位", "en": "Unit"},
        "gain": {
            "zh": "限值放宽一个单位的价值（{unit}）",
            "en": "Value of one more unit ({unit})",
        },
        "range_low": {"zh": "价值成立区间下限", "en": "Holds from"},
        "range_high": {"zh": "价值成立区间上限", "en": "Holds to"},
        "citation": {"zh": "依据", "en": "Citation"},
        "no_low": {"zh": "无下限", "en": "no lower end"},
        "no_high": {"zh": "无上限", "en": "no upper end"},
        # unfunded projects
        "unfunded.title": {
            "zh": "未获安排的候选项目",
            "en": "Candidate projects left unfunded",
        },
        "cost": {"zh": "投资（万元）", "en": "Cost (万元)"},
        "beneficiaries": {"zh": "受益人数（人）", "en": "Beneficiaries (people)"},
        "reason": {"zh": "未安排原因", "en": "Why unfunded"},
        "none": {"zh": "无", "en": "none"},
        # print
        "footer": {"zh": "第 &P 页，共 &N 页", "en": "Page &P of &N"},
    },
)

MONEY = "#,##0.00"
MONEY_DASH = '#,##0.00;-#,##0.00;"-"'  # zero shown as -, still a number
PEOPLE = "#,##0"
SHARE = "0.00%"
VALUE = "#,##0.0000"


@cache
def _style() -> SimpleNamespace:
    """Fonts, fills and borders (openpyxl is imported only when a workbook is written)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return SimpleNamespace(
        bold=Font(bold=True),
        title=Font(bold=True, size=13),
        warn=Font(bold=True, color="C00000", size=12),
        key=Font(italic=True, color="808080"),
        alarm=Font(bold=True, color="C00000"),
        head_fill=PatternFill("solid", fgColor="D9E1F2"),
        deep_fill=PatternFill("solid", fgColor="FCE4D6"),
        total_fill=PatternFill("solid", fgColor="EDEDED"),
        head_border=Border(bottom=thin),
        total_border=Border(top=thin),
        wrap=Alignment(wrap_text=True, vertical="top"),
        wrap_cell=Alignment(wrap_text=True),
        wrap_centre=Alignment(wrap_text=True, vertical="center"),
        centre=Alignment(vertical="center"),
        left=Alignment(horizontal="left", vertical="top"),
        head_align=Alignment(wrap_text=True, vertical="center", horizontal="center"),
    )


MAX_WIDTH = 48  # characters; longer text wraps
LINE = 16  # points: the height of a line of text
TALLEST = 409  # points: Excel's tallest row


@dataclass
class Workbook:
    """What allocation.xlsx is made of: the rounded allocation (as allocation.csv holds it), the
    rule instances (rules.csv), the run's summary, the language (None: the dataset's), and for
    the unfunded projects, projects.csv's frame and the explanation data when there is one."""

    allocation: pd.DataFrame
    rules: pd.DataFrame
    summary: dict
    lang: str | None = None
    projects: pd.DataFrame | None = None
    explanation: dict | None = None

    def write(self, path: Path, run_id: str) -> None:
        write_workbook(path, self, run_id)


def write_workbook(path: Path, content: Workbook, run_id: str) -> None:
    """allocation.xlsx at `path`; `run_id`, the run's folder, as the cover names it."""
    from openpyxl import Workbook as Book

    summary = content.summary
    lang = content.lang or summary.get("lang") or DEFAULT_LANG
    projects = content.projects
    if projects is None or not {"project_id", "name"} <= set(projects.columns):
        projects = pd.DataFrame(columns=["project_id", "name"])
    # the run folder as it is being written: the same facts as the terminal and report.html
    view = RunView(
        Path(path).parent,
        summary,
        content.allocation,
        content.rules,
        content.explanation or {},
        projects,
    )
    facts = PlanFacts.of(view)
    sheets = _Sheets(view.names, summary, lang, facts)
    book = Book()
    sheets.cover_sheet(book.active, run_id)
    years = [int(y) for y in summary.get("years", [])]
    allocation = _ordered(content.allocation, facts, summary)
    sheets.summary_sheet(book.create_sheet(WORDS("sheet.summary", lang)), allocation, years, True)
    if len(years) > 1:
        for y in years:
            sheet = book.create_sheet(WORDS("sheet.summary_year", lang, year=y))
            sheets.summary_sheet(sheet, allocation[allocation["year"] == y], [y], False)
    sheets.detail_sheet(book.create_sheet(WORDS("sheet.detail", lang)), allocation, years)
    sheets.rules_sheet(book.create_sheet(WORDS("sheet.rules", lang)))
    sheets.unfunded_sheet(book.create_sheet(WORDS("sheet.unfunded", lang)))
    book.save(path)


def _ordered(allocation: pd.DataFrame, facts: PlanFacts, summary: dict) -> pd.DataFrame:
    """The allocation in the workbook's order: year, city (the dataset's order), deep counties
    first within a city, then the dataset's order of counties, sources and categories."""
    frame = allocation.copy()
    if frame.empty:
        return frame
    frame["year"] = frame["year"].astype(int)
    frame["project_id"] = frame["project_id"].fillna("").astype(str)
    rank = {c.code: i for i, c in enumerate(facts.deep_first_by_city())}
    source_rank = {code: i for i, code in enumerate(summary.get("sources", {}))}
    category_rank = {code: i for i, code in enumerate(summary.get("categories", {}))}
    frame["_county"] = frame["county_code"].map(rank).fillna(len(rank))
    frame["_source"] = frame["source"].map(source_rank).fillna(len(source_rank))
    frame["_category"] = frame["category"].map(category_rank).fillna(len(category_rank))
    frame = frame.sort_values(
        ["year", "_county", "county_code", "_source", "_category", "project_id"], kind="stable"
    )
    return frame.drop(columns=["_county", "_source", "_category"]).reset_index(drop=True)


class _Sheets:
    def __init__(self, names: Names, summary: dict, lang: str, facts: PlanFacts):
        self.names = names
        self.summary = summary
        self.lang = lang
        self.facts = facts
        self.objunit = objective_unit(summary.get("objective_mode") or "impact", lang)
        self.s = _style()
        self.printed: dict[str, int] = {}  # columns printed, by sheet
        warning = summary.get("data_warning")
        self.warning = warning.get(lang) or warning.get("zh") if warning else None

    def w(self, key: str, **fields: object) -> str:
        return WORDS(key, self.lang, **fields)

    def city(self, code: str) -> str:
        city = (self.names.counties.get(code) or {}).get("city")
        return city or COMMON("unknown_city", self.lang)

    # -- cover --------------------------------------------------------------------------------

    def cover_sheet(self, ws: Worksheet, run_id: str) -> None:
        s, lang, facts = self.summary, self.lang, self.facts
        ws.title = self.w("sheet.cover")
        row = 1
        if self.warning:
            ws.cell(row, 1, self.warning).font = self.s.warn
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            ws.cell(row, 1).alignment = self.s.wrap
            ws.row_dimensions[row].height = LINE * (1 + width(self.warning) // 90)
            row += 2
        ws.cell(row, 1, self.w("cover.title")).font = self.s.title
        row += 1
        allocated, budget = facts.allocated / 100, facts.budget / 100
        audit = s.get("audit") or {}
        status = s.get("status", "")
        items: list[tuple[str, object, str | None, str]] = [
            (self.w("cover.dataset"), s.get("dataset_title") or s.get("dataset"), None, ""),
            (self.w("cover.years"), span([int(y) for y in s.get("years", [])], lang), None, ""),
            (self.w("cover.status"), status_words(status, lang), None, ""),
        ]
        if s.get("objective_mode"):
            mode = COMMON(f"mode.{s['objective_mode']}", lang)
            items.append((self.w("cover.objective"), mode, None, ""))
        items.append((self.w("cover.allocated"), allocated, MONEY, self.w("unit.wan")))
        if budget:
            items.append((self.w("cover.budget"), budget, MONEY, self.w("unit.wan")))
            items.append((self.w("cover.used"), round(allocated / budget, 4), SHARE, ""))
        if facts.people is not None:
            people = round(float(facts.people))
            items.append((self.w("cover.people"), people, PEOPLE, self.w("unit.people")))
        if facts.deep_share is not None:
            share = round(facts.deep_share, 4)
            items.append((self.w("cover.deep_share"), share, SHARE, ""))
        if facts.earmark_share is not None:
            items.append((self.w("cover.earmark"), facts.earmark_share, SHARE, ""))
        if audit:
            key = "cover.audit_broken" if audit.get("broken") else "cover.audit_ok"
            said = self.w(key, checked=f"{audit.get('checked', 0):,}", broken=audit.get("broken"))
            if audit.get("soft_shortfalls"):
                said += self.w("cover.audit_soft", n=audit["soft_shortfalls"])
            items.append((self.w("cover.audit"), said, None, ""))
        if s.get("started"):
            items.append((self.w("cover.started"), local_time(s["started"]), None, ""))
        items.append((self.w("cover.run_id"), run_id, None, ""))
        items.append((self.w("cover.lang"), self.w("cover.lang_value"), None, ""))
        for label, value, number_format, unit in items:
            ws.cell(row, 1, label).font = self.s.bold
            cell = ws.cell(row, 2, value)
            if number_format:
                cell.number_format = number_format
                cell.alignment = self.s.left
            if label == self.w("cover.status"):
                cell.font = self.s.bold if status in ("optimal", "feasible") else self.s.alarm
            if unit:
                ws.cell(row, 3, unit)
            row += 1
        row = self.cover_rules(ws, row)
        notes = (s.get("notes_zh") if lang == "zh" else None) or s.get("notes") or []
        if notes:
            row += 1
            ws.cell(row, 1, self.w("cover.notes")).font = self.s.bold
            for note in notes:
                ws.cell(row, 2, str(note)).alignment = self.s.wrap
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
                ws.row_dimensions[row].height = LINE * (1 + width(str(note)) // 70)
                row += 1
        row += 1
        ws.cell(row, 1, self.w("cover.sheets")).font = self.s.bold
        for sheet in ("summary", "detail", "rules", "unfunded"):
            ws.cell(row, 2, self.w(f"sheet.{sheet}"))
            ws.cell(row, 3, self.w(f"cover.sheet.{sheet}"))
            row += 1
        ws.column_dimensions["A"].width = 36
        ws.column_dimensions["B"].width = 40
        ws.column_dimensions["C"].width = 64
        for cells in ws.iter_rows(min_row=1, max_row=row):
            for cell in cells:
                if not cell.alignment.horizontal:  # numbers keep theirs, to the left
                    cell.alignment = self.s.wrap
        self.page(ws, title_rows=None)

    def cover_rules(self, ws: Worksheet, row: int) -> int:
        """The policy rules that matter most, as the terminal and report.html rank and say
        them (title, how many instances count, the sentence of the most valuable) from `row` on,
        after a blank row; the next row."""
        groups = self.facts.rules.matter
        if not groups:
            return row
        row += 1
        ws.cell(row, 1, self.w("cover.rules")).font = self.s.bold
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        row += 1
        for group in groups:
            sentence = rule_sentence(group.best, self.names, self.lang, self.objunit, False)
            ws.cell(row, 1, self.names.rule(group.rule_id, self.lang))
            ws.cell(row, 2, SENTENCES.say("instances", self.lang, n=len(group.counted)))
            ws.cell(row, 3, sentence)
            ws.row_dimensions[row].height = LINE * (1 + width(sentence) // 60)
            row += 1
        return row

    # -- county x source ----------------------------------------------------------------------

    def summary_sheet(
        self, ws: Worksheet, allocation: pd.DataFrame, years: list[int], with_budget: bool
    ) -> None:
        names, lang = self.names, self.lang
        money = county_money(allocation)
        paid = {source for row in money.values() for source in row}
        budgets = self.summary.get("sources", {})
        # every source with money or a budget, in the dataset's order
        sources = [c for c, v in budgets.items() if c in paid or (v or {}).get("budget_wan")]
        sources += sorted(paid - set(sources))
        counties = [c for c in self.facts.deep_first_by_city() if c.code in money]
        title = self.w("summary.title", years=span(years, lang))
        headers = [self.w("city"), self.w("county"), self.w("deep")]
        headers += [names.source(c, lang) for c in sources] + [self.w("total")]
        self.titled(ws, title, headers)
        row = 3
        totals = [0] * len(sources)
        for county in counties:
            amounts = [money[county.code].get(source, 0) for source in sources]
            totals = [t + a for t, a in zip(totals, amounts, strict=True)]
            values = [
                county.city or COMMON("unknown_city", lang),
                county.name,
                self.w("yes" if county.deep else "no"),
                *(v / 100 for v in amounts),
                sum(amounts) / 100,
            ]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row, col, value)
                if col > 3:
                    cell.number_format = MONEY_DASH
                if county.deep:
                    cell.fill = self.s.deep_fill
            ws.cell(row, len(values)).font = self.s.bold
            row += 1
        self.total_row(ws, row, [self.w("total"), "", "", *(v / 100 for v in totals)])
        ws.cell(row, 4 + len(sources), sum(totals) / 100)
        ws.cell(row, 4 + len(sources)).number_format = MONEY
        ws.cell(row, 4 + len(sources)).font = self.s.bold
        if with_budget:
            budget = {s.code: s.budget for s in self.facts.sources}
            amounts = [budget.get(c, 0) for c in sources]
            budget_row = [self.w("budget_row"), "", "", *(v / 100 for v in amounts)]
            for col, value in enumerate([*budget_row, sum(amounts) / 100], start=1):
                cell = ws.cell(row + 1, col, value)
                if col > 3:
                    cell.number_format = MONEY
        self.fit(ws, header_row=2, first_row=3)
        for col in range(4, len(headers) + 1):  # money columns: room for 1,234,567.89
            letter = _letter(col)
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width, 13)
        ws.freeze_panes = "D3"
        self.page(ws, title_rows="1:2")

    # -- every row ----------------------------------------------------------------------------

    def detail_sheet(self, ws: Worksheet, allocation: pd.DataFrame, years: list[int]) -> None:
        names, lang = self.names, self.lang
        title = self.w("detail.title", years=span(years, lang))
        headers = [
            self.w("year"),
            self.w("county"),
            self.w("city"),
            self.w("source"),
            self.w("category"),
            self.w("project"),
            self.w("amount"),
            "county_code",
            "source",
            "category",
            "project_id",
        ]
        self.titled(ws, title, headers, keys=4)
        county = {c: names.county(c, lang) for c in set(allocation["county_code"])}
        city = {c: self.city(c) for c in county}
        source = {c: names.source(c, lang) for c in set(allocation["source"])}
        category = {c: names.category(c, lang) for c in set(allocation["category"])}
        row = 3
        for r in allocation.itertuples(index=False):
            pid = r.project_id
            project = self._project(pid)
            ws.append(
                [
                    int(r.year),
                    county[r.county_code],
                    city[r.county_code],
                    source[r.source],
                    category[r.category],
                    project,
                    r.amount_wan,
                    r.county_code,
                    r.source,
                    r.category,
                    pid,
                ]
            )
            ws.cell(row, 7).number_format = MONEY
            row += 1
        if row > 3:
            ws.auto_filter.ref = f"A2:{_letter(len(headers))}{row - 1}"
        total = self.facts.allocated / 100
        self.total_row(ws, row, [self.w("total"), "", "", "", "", "", total])
        self.fit(ws, header_row=2, first_row=3, sample=2000)
        ws.freeze_panes = "C3"
        self.page(ws, title_rows="1:2")

    def _project(self, pid: str) -> str:
        if not pid:
            return ""
        if pid == "(committed)":
            return self.w("committed")
        return self.names.project(pid, self.lang)

    # -- rules --------------------------------------------------------------------------------

    def rules_sheet(self, ws: Worksheet) -> None:
        """Every instance at its limit, in the order the terminal and report.html rank them:
        policy rules first, each rule's instances that count before those worth nothing."""
        names, lang = self.names, self.lang
        headers = [
            self.w("rule"),
            self.w("kind"),
            self.w("instance"),
            self.w("status"),
            self.w("value"),
            self.w("limit"),
            self.w("unit"),
            self.w("gain", unit=self.objunit),
            self.w("range_low"),
            self.w("range_high"),
            self.w("citation"),
            "rule_id",
            "instance",
        ]
        self.titled(ws, self.w("rules.title"), headers, keys=2)
        ws.freeze_panes = "B3"
        rules = self.facts.rules
        policy = [i for g in rules.policy for i in g.counted + g.idle] + rules.stages
        structural = [i for g in rules.structural for i in g.counted + g.idle]
        row = 3
        for kind, items in (("kind.policy", policy), ("kind.structural", structural)):
            for item in items:
                ws.append(
                    [
                        title(item["rule_id"], names, lang),
                        self.w(kind),
                        names.instance(item["instance"], lang),
                        self.w(f"status.{item['status']}"),
                        _number(item["lhs"], 2),
                        _number(item["rhs"], 2),
                        item["unit_zh"] if lang == "zh" else item["unit_en"],
                        _number(item["gain"], 4),
                        _number(item["range_low"], 2, self),
                        _number(item["range_high"], 2, self),
                        cite(item["citation"], item["rule_id"], lang),
                        item["rule_id"],
                        str(item["instance"]),
                    ]
                )
                for col, fmt in ((5, MONEY), (6, MONEY), (8, VALUE), (9, MONEY), (10, MONEY)):
                    ws.cell(row, col).number_format = fmt
                row += 1
        if row > 3:
            ws.auto_filter.ref = f"A2:{_letter(len(headers))}{row - 1}"
        else:
            ws.cell(3, 1, self.w("none"))
        self.fit(ws, header_row=2, first_row=3, sample=2000, caps={1: 38, 11: 40})
        self.page(ws, title_rows="1:2")

    # -- unfunded projects --------------------------------------------------------------------

    def unfunded_sheet(self, ws: Worksheet) -> None:
        names, lang = self.names, self.lang
        headers = [
            self.w("project"),
            self.w("county"),
            self.w("city"),
            self.w("category"),
            self.w("cost"),
            self.w("beneficiaries"),
            self.w("reason"),
            "project_id",
            "county_code",
            "category",
        ]
        self.titled(ws, self.w("unfunded.title"), headers, keys=3)
        row = 3
        cost_cents = 0
        people = 0.0
        for u in self.facts.unfunded:
            cost = round(float(u.get("cost_wan") or 0.0), 2)
            cost_cents += int(round(cost * 100))
            beneficiaries = _number(u.get("beneficiaries"), 0)
            people += beneficiaries or 0
            ws.append(
                [
                    names.project(u["project_id"], lang) if not u.get("name") else u["name"],
                    names.county(u["county_code"], lang),
                    self.city(u["county_code"]),
                    names.category(u["category"], lang),
                    cost,
                    int(beneficiaries) if beneficiaries is not None else None,
                    reason_text(u, names, lang, self.objunit),
                    u["project_id"],
                    u["county_code"],
                    u["category"],
                ]
            )
            ws.cell(row, 5).number_format = MONEY
            ws.cell(row, 6).number_format = PEOPLE
            row += 1
        if row > 3:
            ws.auto_filter.ref = f"A2:{_letter(len(headers))}{row - 1}"
            self.total_row(ws, row, [self.w("total"), "", "", "", cost_cents / 100, int(people)])
            ws.cell(row, 6).number_format = PEOPLE
        else:
            ws.cell(3, 1, self.w("none"))
        self.fit(ws, header_row=2, first_row=3, sample=2000)
        ws.freeze_panes = "B3"
        self.page(ws, title_rows="1:2")

    # -- shared -------------------------------------------------------------------------------

    def titled(self, ws: Worksheet, title: str, headers: list[str], keys: int = 0) -> None:
        """Row 1 the title (after the data warning's short form), row 2 the header; the last
        `keys` columns are code keys, headed in grey italics."""
        self.printed[ws.title] = len(headers) - keys
        short = self.short_warning()
        ws.cell(1, 1, f"{title}　{short}" if short else title).font = self.s.title
        for col, text in enumerate(headers, start=1):
            cell = ws.cell(2, col, text)
            cell.font = self.s.bold if col <= len(headers) - keys else self.s.key
            cell.fill = self.s.head_fill
            cell.border = self.s.head_border
            cell.alignment = self.s.head_align

    def total_row(self, ws: Worksheet, row: int, values: list[object]) -> None:
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col, value if value != "" else None)
            cell.font = self.s.bold
            cell.fill = self.s.total_fill
            cell.border = self.s.total_border
            if isinstance(value, float):
                cell.number_format = MONEY

    def short_warning(self) -> str:
        """The warning's head (本方案含估算数据，仅供演示), for titles and page headers."""
        if not self.warning:
            return ""
        head = self.warning.split("：")[0] if self.lang == "zh" else self.warning.split(":")[0]
        return f"（{head}）" if self.lang == "zh" else f"({head})"

    def fit(
        self,
        ws: Worksheet,
        header_row: int,
        first_row: int,
        sample: int = 0,
        caps: dict[int, int] | None = None,
    ) -> None:
        """Column widths from the widest cell (a Chinese character counts two, as in Excel's
        Chinese fonts); `sample` rows at most are measured (the rest are alike); text wider
        than its column's cap (`caps`, else MAX_WIDTH) wraps, its row made tall enough."""
        caps = caps or {}
        widths: dict[int, int] = {}
        end, columns = ws.max_row, ws.max_column  # each a walk over every cell: once
        last = end if not sample else min(end, first_row + sample)
        for cells in ws.iter_rows(min_row=header_row, max_row=last, max_col=columns):
            for cell in cells:
                if cell.value is None:
                    continue
                shown = _shown(cell.value, cell.number_format)
                size = width(shown) + (3 if isinstance(cell.value, int | float) else 2)
                if cell.row == header_row:
                    size = min(size, 16)  # headers wrap
                widths[cell.column] = max(widths.get(cell.column, 8), size)
        lines: dict[int, int] = {}
        for col, size in widths.items():
            cap = caps.get(col, MAX_WIDTH)
            ws.column_dimensions[_letter(col)].width = min(size, cap)
            if size <= cap or col > self.printed.get(ws.title, columns):
                continue  # fits, or a code key column (for joining tables, not reading)
            for (cell,) in ws.iter_rows(min_row=first_row, max_row=end, min_col=col, max_col=col):
                if cell.value is None or 2 * len(str(cell.value)) + 1 <= cap - 1:
                    continue  # fits whatever its characters (width() is the slow part)
                needed = math.ceil((width(str(cell.value)) + 1) / (cap - 1))
                if needed > 1:  # set, as Excel does not fit a row's height to wrapped text
                    cell.alignment = self.s.wrap_cell
                    lines[cell.row] = max(lines.get(cell.row, 1), needed)
        for row, needed in lines.items():
            ws.row_dimensions[row].height = min(LINE * needed, TALLEST)
            (cells,) = ws.iter_rows(min_row=row, max_row=row, max_col=columns)
            for cell in cells:  # the row's other cells centred beside the wrapped text
                if cell.alignment.wrap_text:
                    cell.alignment = self.s.wrap_centre
                elif cell.value is not None:
                    cell.alignment = self.s.centre
        head = [
            math.ceil((width(str(c.value)) + 1) / (ws.column_dimensions[c.column_letter].width - 1))
            for (c,) in ws.iter_cols(min_row=header_row, max_row=header_row, max_col=columns)
            if c.value is not None
        ]
        ws.row_dimensions[header_row].height = LINE * max([2, *head])

    def page(self, ws: Worksheet, title_rows: str | None) -> None:
        """A4 landscape, fitted to the page width, header row repeated, the warning on top."""
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        if title_rows:
            ws.print_title_rows = title_rows
        if ws.title in self.printed:  # the code key columns are for joining tables, not paper
            ws.print_area = f"A1:{_letter(self.printed[ws.title])}{ws.max_row}"
        short = self.short_warning()
        if short:
            ws.oddHeader.center.text = short.strip("（）()")
            ws.oddHeader.center.color = "C00000"
        ws.oddFooter.center.text = self.w("footer")


def _letter(col: int) -> str:
    """Excel's name of a column: 1 -> A, 27 -> AA."""
    name = ""
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def _number(value: object, places: int, sheets: _Sheets | None = None) -> float | str | None:
    """A float rounded to `places` (no float noise); None for a missing value; an infinite
    range bound as words when `sheets` is given."""
    if value is None or value == "":
        return None
    value = float(value)
    if math.isnan(value):
        return None
    if math.isinf(value):
        if sheets is None:
            return None
        return sheets.w("no_high" if value > 0 else "no_low")
    return round(value, places) if places else float(round(value))


def _shown(value: object, number_format: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "%" in number_format:
            return f"{value:.2%}"
        if "0.0000" in number_format:
            return f"{value:,.4f}"
        if "0.00" in number_format:
            return f"{value:,.2f}"
        return f"{value:,.0f}" if number_format != "General" else str(value)
    return str(value)


def local_time(started: str) -> str:
    """An ISO time as the reader's clock shows it, with its UTC offset (zone names such as CST
    are ambiguous)."""
    moment = datetime.fromisoformat(started).astimezone()
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M:%S} (UTC{offset[:3]}:{offset[3:]})"
