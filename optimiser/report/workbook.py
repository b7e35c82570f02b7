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

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optimiser.report.plan_facts import PlanFacts
from optimiser.report.run_view import RunView
from optimiser.report.words import DEFAULT_LANG
from optimiser.report.workbook_sheets import Sheets
from optimiser.report.workbook_words import WORDS


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
    sheets = Sheets(view.names, summary, lang, facts)
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
