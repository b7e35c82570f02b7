"""Every row is used by a run or reported: a row that must be a mistake (a budget of a year the
dataset does not have, such as 2081 typed for 2018) is an error, exit 2 with the file, row and
what to do, and nothing written; a row that may be meant (a past year's budget, indicators of a
year no run reads, a need no source can reach) is a warning of `allocate validate` and a note of
every run, in Chinese by default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tiny
from click.testing import CliRunner

from optimiser.checks import Unused, check_tables, coverage, run_notes
from optimiser.cli import cli
from optimiser.dataset import load_dataset

ROOT = Path(__file__).resolve().parents[1]


def validate(folder):
    return CliRunner().invoke(cli, ["validate", "--lang", "en", "--data", str(folder)])


def run(folder, out, year="2018", lang="en"):
    return CliRunner().invoke(
        cli, ["--lang", lang, "--year", year, "--data", str(folder), "--out", str(out)]
    )


def warned(folder, where: str, expected: str) -> str:
    result = validate(folder)
    assert result.exit_code == 0, result.output
    line = next((x for x in result.output.splitlines() if where in x), None)
    assert line is not None and line.strip().startswith("warning:"), result.output
    assert expected in line, line
    return line


def summary(out: Path) -> dict:
    (path,) = out.glob("*/2018/*/summary.json")
    return json.loads(path.read_text(encoding="utf-8"))


# ---- errors: rows that cannot be meant -------------------------------------------------------


def test_a_budget_of_2081_is_an_error_and_nothing_is_written(tmp_path):
    tables = tiny.tables()
    tables["budgets"].append({"source": "central", "year": "2081", "amount_wan": "3900"})
    folder = tiny.write(tmp_path / "data", tables)
    result = validate(folder)
    assert result.exit_code == 2, result.output
    said = "budgets.csv, row 4, column year: value '2081'"
    assert said in result.output and "3,900.00 万元" in result.output
    assert "correct the year, or add 2081 to years.plan" in result.output
    out = tmp_path / "out"
    ran = run(folder, out)
    assert ran.exit_code == 2 and said in ran.output, ran.output
    assert not out.exists()


def test_a_payment_due_in_a_year_the_dataset_does_not_have_is_an_error(tmp_path):
    tables = tiny.tables()
    tables["commitments"] = [
        {
            "year": "2028",
            "county_code": "deep1",
            "source": "central",
            "category": "housing",
            "amount_wan": "10",
        }
    ]
    result = validate(tiny.write(tmp_path, tables))
    assert result.exit_code == 2, result.output
    assert "commitments.csv, row 2, column year: value '2028'" in result.output


# ---- warnings: rows that may be meant ----------------------------------------------------------


def test_a_budget_of_an_actual_year_is_a_warning_and_a_note_of_the_run(tmp_path):
    tables = tiny.tables()
    tables["budgets"].append({"source": "central", "year": "2017", "amount_wan": "800"})
    folder = tiny.write(tmp_path / "data", tables)
    warned(folder, "budgets.csv, row 4, column year: value '2017'", "add 2017 to years.plan")
    out = tmp_path / "out"
    ran = run(folder, out, lang="zh")
    assert ran.exit_code == 0, ran.output
    assert "任何一次运行都用不到的数据行：budgets.csv 1" in ran.output  # the summary, in Chinese
    notes = summary(out)
    assert any(n.startswith("rows no run uses: budgets.csv 1,") for n in notes["notes"])
    assert any(
        n.startswith("任何一次运行都用不到的数据行：budgets.csv 1,") for n in notes["notes_zh"]
    )


def test_a_budget_of_the_year_after_the_plan_is_a_warning(tmp_path):
    """A year next to the dataset's years may be data entered ahead: a warning, not an error."""
    tables = tiny.tables()
    tables["budgets"].append({"source": "central", "year": "2019", "amount_wan": "800"})
    folder = tiny.write(tmp_path, tables)
    warned(folder, "budgets.csv, row 4, column year: value '2019'", "not a year of the dataset")


def test_budgets_of_plan_years_the_run_does_not_plan_are_noted(tmp_path):
    pol = tiny.policy()
    pol["years"]["plan"] = [2018, 2019]
    tables = tiny.tables()
    tables["budgets"] += [
        {"source": "central", "year": "2019", "amount_wan": "1000"},
        {"source": "forestry", "year": "2019", "amount_wan": "500"},
    ]
    folder = tiny.write(tmp_path / "data", tables, pol)
    out = tmp_path / "out"
    ran = run(folder, out, lang="zh")
    assert ran.exit_code == 0, ran.output
    notes = summary(out)["notes"]
    other = "rows of other plan years, not used by this run (it plans 2018): budgets.csv 2"
    assert other in notes
    assert "其他规划年份的数据行本次未用（本次规划 2018 年）：budgets.csv 2" in ran.output
    assert "budgets.csv" not in validate(folder).output  # a run of 2019 reads them


def test_history_of_a_year_no_run_reads(tmp_path):
    pol = tiny.policy()
    pol["years"]["actuals"] = [2015, 2017]
    tables = tiny.tables()
    tables["history"].append(dict(tables["history"][0], year="2015"))
    folder = tiny.write(tmp_path, tables, pol)
    warned(folder, "history.csv, row 5, column year: value '2015'", "no run reads those of 2015")


def test_indicators_of_a_year_no_run_reads(tmp_path):
    tables = tiny.tables()
    tables["indicators"].append(dict(tables["indicators"][0], year="2018"))
    folder = tiny.write(tmp_path, tables)
    warned(folder, "indicators.csv, row 5, column year: value '2018'", "no run reads")


def test_needs_and_budgets_money_cannot_reach(tmp_path):
    """A county fund of other3 for roads, and a need of roads in deep1: neither can be used."""
    tables = tiny.tables()
    tables["sources"].append(
        {
            "code": "county_fund",
            "name": "县级资金",
            "level": "county",
            "kind": "grant",
            "earmark": "false",
            "block": "false",
        }
    )
    tables["budgets"].append(
        {"source": "county_fund", "year": "2018", "amount_wan": "50", "county_code": "other3"}
    )
    tables["categories"].append(
        dict(tables["categories"][0], code="roads", name="道路", sources="county_fund")
    )
    tables["needs"].append({"county_code": "deep1", "category": "roads", "units": "10"})
    folder = tiny.write(tmp_path, tables)
    warned(folder, "needs.csv, row 5, column category: value 'roads'", "reaching deep1")
    warned(folder, "budgets.csv, row 4, column source: value 'county_fund'", "other3")


def test_categories_sources_and_counties_nothing_reaches(tmp_path):
    tables = tiny.tables()
    tables["sources"].append(dict(tables["sources"][0], code="spare", name="备用"))
    tables["categories"].append(
        dict(tables["categories"][0], code="wells", name="水井", sources="central;spare")
    )
    folder = tiny.write(tmp_path, tables)
    warned(folder, "categories.csv, row 4, column code: value 'wells'", "no money can go to it")
    warned(folder, "sources.csv, row 4, column code: value 'spare'", "no budget above 0")
    warned(folder, "counties.csv, row 4, column code: value 'other3'", "no run can give it money")


def test_a_loan_no_run_reads(tmp_path):
    """The tiny dataset keeps R-REVOLVING off: its loans come back as no fund's money."""
    tables = tiny.tables()
    tables["sources"].append(
        dict(tables["sources"][0], code="revolve", name="周转金", kind="revolving")
    )
    tables["categories"][1]["sources"] += ";revolve"
    tables["loans"] = [
        {
            "source": "revolve",
            "county_code": "deep1",
            "year_lent": "2016",
            "amount_wan": "20",
            "term_years": "2",
        }
    ]
    folder = tiny.write(tmp_path, tables)
    warned(folder, "loans.csv, row 2, column source: value 'revolve'", "R-REVOLVING is off")


def test_a_project_no_run_can_start(tmp_path):
    tables = tiny.tables()
    tables["projects"] = [
        {
            "id": "P1",
            "name": "示例：路",
            "county_code": "deep1",
            "category": "housing",
            "cost_profile_wan": "10",
            "beneficiaries": "5",
            "earliest_start": "2025",
            "latest_start": "2026",
        }
    ]
    folder = tiny.write(tmp_path, tables)
    warned(folder, "projects.csv, row 2, column earliest_start", "no run can start this project")


@pytest.mark.parametrize("name", ["shanxi", "jincheng", "hebei"])
def test_shipped_datasets_hold_no_row_no_run_reads(name):
    """Every row of a shipped dataset is read by some run of its plan years (its derivation,
    data/derivations/, writes no other), so validate lists no such row and no run notes one."""
    data = load_dataset(ROOT / "data" / name)
    assert coverage(data) == [], "\n".join(map(str, coverage(data)))
    assert not [p for p in data.warnings if isinstance(p, Unused)]
    for year in data.years.plan:  # the note of a run of each plan year, and of them all
        assert "unused_rows" not in [n.key for n in run_notes(data, [year])]
    assert "unused_rows" not in [n.key for n in run_notes(data, data.years.plan)]


def test_a_variant_is_checked_without_the_coverage_walk(tmp_path):
    """check_tables (what a what-if's variant is checked with) leaves coverage out: it runs on the
    dataset as loaded, and a variant changes numbers, not which rows there are."""
    tables = tiny.tables()
    tables["budgets"].append({"source": "central", "year": "2017", "amount_wan": "800"})
    data = load_dataset(tiny.write(tmp_path, tables))
    assert any(isinstance(p, Unused) and p.file == "budgets.csv" for p in data.warnings)
    assert not [p for p in check_tables(data) if isinstance(p, Unused)]
