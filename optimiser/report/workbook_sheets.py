"""The sheets of allocation.xlsx (optimiser.report.workbook): the cover, county x source
summaries, every amount, the rule instances at their limits and the unfunded projects, all from
the plan's facts (optimiser.report.plan_facts), as the terminal and report.html state them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from optimiser.explain.values import objective_unit
from optimiser.report.names import Names
from optimiser.report.plan_facts import PlanFacts, county_money
from optimiser.report.rule_sentences import WORDS as SENTENCES
from optimiser.report.rule_sentences import cite, rule_sentence, title
from optimiser.report.text import width
from optimiser.report.unfunded_reasons import reason_text
from optimiser.report.words import COMMON, span, status_words
from optimiser.report.workbook_format import (
    LINE,
    MONEY,
    MONEY_DASH,
    PEOPLE,
    SHARE,
    VALUE,
    SheetFormat,
    cell_value,
    column_letter,
    local_time,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


class Sheets(SheetFormat):
    """Writes each sheet of one workbook."""

    def __init__(self, names: Names, summary: dict, lang: str, facts: PlanFacts):
        super().__init__(lang, summary.get("data_warning"))
        self.names = names
        self.summary = summary
        self.facts = facts
        self.objunit = objective_unit(summary.get("objective_mode") or "impact", lang)

    def city(self, code: str) -> str:
        city = (self.names.counties.get(code) or {}).get("city")
        return city or COMMON("unknown_city", self.lang)

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
            letter = column_letter(col)
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width, 13)
        ws.freeze_panes = "D3"
        self.page(ws, title_rows="1:2")

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
            ws.auto_filter.ref = f"A2:{column_letter(len(headers))}{row - 1}"
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
                        cell_value(item["lhs"], 2),
                        cell_value(item["rhs"], 2),
                        item["unit_zh"] if lang == "zh" else item["unit_en"],
                        cell_value(item["gain"], 4),
                        cell_value(item["range_low"], 2, self),
                        cell_value(item["range_high"], 2, self),
                        cite(item["citation"], item["rule_id"], lang),
                        item["rule_id"],
                        str(item["instance"]),
                    ]
                )
                for col, fmt in ((5, MONEY), (6, MONEY), (8, VALUE), (9, MONEY), (10, MONEY)):
                    ws.cell(row, col).number_format = fmt
                row += 1
        if row > 3:
            ws.auto_filter.ref = f"A2:{column_letter(len(headers))}{row - 1}"
        else:
            ws.cell(3, 1, self.w("none"))
        self.fit(ws, header_row=2, first_row=3, sample=2000, caps={1: 38, 11: 40})
        self.page(ws, title_rows="1:2")

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
            beneficiaries = cell_value(u.get("beneficiaries"), 0)
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
            ws.auto_filter.ref = f"A2:{column_letter(len(headers))}{row - 1}"
            self.total_row(ws, row, [self.w("total"), "", "", "", cost_cents / 100, int(people)])
            ws.cell(row, 6).number_format = PEOPLE
        else:
            ws.cell(3, 1, self.w("none"))
        self.fit(ws, header_row=2, first_row=3, sample=2000)
        ws.freeze_panes = "B3"
        self.page(ws, title_rows="1:2")
