"""A tiny, valid dataset built in code, so each test can break exactly one thing in it."""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path

import yaml

TABLES: dict[str, list[dict[str, str]]] = {
    "counties": [
        {
            "code": "deep1",
            "name": "深一县",
            "city": "甲市",
            "designation": "national",
            "deep": "true",
        },
        {
            "code": "poor2",
            "name": "贫二县",
            "city": "甲市",
            "designation": "provincial",
            "deep": "false",
        },
        {
            "code": "other3",
            "name": "其三县",
            "city": "乙市",
            "designation": "none",
            "deep": "false",
        },
    ],
    "indicators": [
        {
            "county_code": "deep1",
            "year": "2017",
            "poor_population": "1000",
            "poverty_incidence": "0.2",
        },
        {
            "county_code": "poor2",
            "year": "2017",
            "poor_population": "600",
            "poverty_incidence": "0.1",
        },
        {
            "county_code": "other3",
            "year": "2017",
            "poor_population": "200",
            "poverty_incidence": "0.02",
        },
    ],
    "sources": [
        {
            "code": "central",
            "name": "中央专项",
            "level": "central",
            "kind": "grant",
            "earmark": "true",
            "block": "false",
        },
        {
            "code": "forestry",
            "name": "林业切块",
            "level": "provincial",
            "kind": "grant",
            "earmark": "false",
            "block": "true",
        },
    ],
    "budgets": [
        {"source": "central", "year": "2018", "amount_wan": "1000"},
        {"source": "forestry", "year": "2018", "amount_wan": "500"},
    ],
    "categories": [
        {
            "code": "housing",
            "name": "危房改造",
            "unit": "household",
            "unit_cost_wan": "1.4",
            "payment_profile": "1",
            "benefit_per_unit": "3",
            "sources": "central",
        },
        {
            "code": "farmland",
            "name": "退耕还林",
            "unit": "mu",
            "unit_cost_wan": "0.23",
            "payment_profile": "0.5;0.5",
            "benefit_per_unit": "0.01",
            "sources": "central;forestry",
        },
    ],
    "needs": [
        {"county_code": "deep1", "category": "housing", "units": "100", "deadline": "2018"},
        {"county_code": "poor2", "category": "farmland", "units": "2000"},
        {"county_code": "deep1", "category": "farmland", "units": "1000"},
    ],
    "history": [
        {
            "year": "2017",
            "county_code": "deep1",
            "source": "forestry",
            "category": "farmland",
            "amount_wan": "100",
        },
        {
            "year": "2017",
            "county_code": "poor2",
            "source": "forestry",
            "category": "farmland",
            "amount_wan": "300",
        },
        {
            "year": "2017",
            "county_code": "deep1",
            "source": "central",
            "category": "housing",
            "amount_wan": "400",
        },
    ],
}

POLICY = {
    "dataset": {"name": "tiny", "title": "测试数据"},
    "years": {"actuals": [2017], "plan": [2018]},
    "objective": {"mode": "impact"},
    "rules": {
        "R-EARMARK": {"status": "hard", "share": 0.3},
        "R-REVOLVING": {"status": "off"},
        "R-RELENDING": {"status": "off"},
        "R-INDUSTRY-FUND": {"status": "off"},
        "R-LOTTERY": {"status": "off"},
        "R-FOREST-QUOTA": {"status": "off"},
        "R-LABOUR-SUBSIDY": {"status": "off"},
        "R-EDUCATION-FIRST": {"status": "off"},
        "R-RELIEF-FUND": {"status": "off"},
        "R-FARMLAND-TARGET": {"status": "off"},
        "R-PV-COVERAGE": {"status": "off"},
    },
}


def tables() -> dict[str, list[dict[str, str]]]:
    return copy.deepcopy(TABLES)


def policy() -> dict:
    return copy.deepcopy(POLICY)


def csv_text(rows: list[dict[str, str]], table: str | None = None) -> str:
    if not rows and table is not None:  # a table with no rows still has its header
        from optimiser.schemas.rows import TABLES
        from optimiser.schemas.tables import columns_of

        return ",".join(columns_of(TABLES[table])[1]) + "\n"
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write(
    folder: Path, data: dict | None = None, pol: dict | None = None, encoding: str = "utf-8"
) -> Path:
    """Write the dataset as CSV files in `encoding`; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (data if data is not None else tables()).items():
        (folder / f"{name}.csv").write_bytes(csv_text(rows, name).encode(encoding))
    (folder / "policy.yaml").write_text(
        yaml.safe_dump(pol if pol is not None else policy(), allow_unicode=True), encoding="utf-8"
    )
    return folder


def write_workbook(
    folder: Path, data: dict | None = None, pol: dict | None = None, name: str = "dataset.xlsx"
) -> Path:
    """Write the dataset as one workbook, numbers as numbers, as a spreadsheet user would."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.remove(book.active)
    for table, rows in (data if data is not None else tables()).items():
        sheet = book.create_sheet(table)
        columns: list[str] = []
        for row in rows:
            columns += [c for c in row if c not in columns]
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(c, "")) for c in columns])
    book.save(folder / name)
    (folder / "policy.yaml").write_text(
        yaml.safe_dump(pol if pol is not None else policy(), allow_unicode=True), encoding="utf-8"
    )
    return folder


def _cell(text: str) -> object:
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number
