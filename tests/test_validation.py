"""Each kind of validation error, on a tiny dataset broken in exactly one place: the message
names the file, the row and the column."""

from __future__ import annotations

import pytest
import tiny

from optimiser.dataset import load_dataset
from optimiser.problems import InputError, Problem


def errors_of(folder) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_dataset(folder)
    return caught.value.errors


def only(problems: list[Problem], **where) -> Problem:
    found = [p for p in problems if all(getattr(p, k) == v for k, v in where.items())]
    assert len(found) == 1, f"expected one problem at {where}, got {problems}"
    return found[0]


def test_tiny_dataset_is_valid(tmp_path):
    data = load_dataset(tiny.write(tmp_path))
    assert [c.code for c in data.counties] == ["deep1", "poor2", "other3"]
    assert data.deep_codes == {"deep1"}
    assert data.category_by_code["farmland"].payment_profile == [0.5, 0.5]
    assert data.policy.rules["R-EARMARK"].share == 0.3
    assert not [w for w in data.warnings if w.severity == "error"]


def test_gbk_encoded_csv_is_read(tmp_path):
    folder = tiny.write(tmp_path, encoding="gbk")
    assert (folder / "counties.csv").read_bytes().decode("gbk").count("深一县") == 1
    data = load_dataset(folder)
    assert data.county_by_code["deep1"].name == "深一县"
    assert data.county_by_code["deep1"].city == "甲市"


def test_utf8_with_bom_is_read(tmp_path):
    folder = tiny.write(tmp_path, encoding="utf-8-sig")
    assert (folder / "counties.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_dataset(folder).sources[0].code == "central"


def test_undecodable_bytes_are_reported(tmp_path):
    folder = tiny.write(tmp_path)
    (folder / "sources.csv").write_bytes(
        tiny.csv_text(tiny.TABLES["sources"]).encode() + b"\xff\xfe\xff,\n"
    )
    problem = only(errors_of(folder), file="sources.csv")
    assert problem.row == 4
    assert "UTF-8 or GB18030" in problem.expected


def test_workbook_dataset_is_read(tmp_path):
    data = load_dataset(tiny.write_workbook(tmp_path))
    assert data.origin == "dataset.xlsx"
    assert data.budgets[0].amount_wan == 1000
    assert data.needs[0].deadline == 2018
    assert data.category_by_code["housing"].unit_cost_wan == 1.4


def test_workbook_error_names_sheet_row_and_column(tmp_path):
    tables = tiny.tables()
    tables["budgets"][1]["amount_wan"] = "-5"
    problem = only(errors_of(tiny.write_workbook(tmp_path, tables)), column="amount_wan")
    assert problem.file == "dataset.xlsx[budgets]"
    assert problem.row == 3
    assert "≥ 0" in problem.expected or "at least 0" in problem.expected


def test_duplicated_county_code(tmp_path):
    tables = tiny.tables()
    tables["counties"].append(dict(tables["counties"][1], name="重复县"))
    problem = only(errors_of(tiny.write(tmp_path, tables)), column="code")
    assert (problem.file, problem.row, problem.value) == ("counties.csv", 5, "poor2")
    assert "once" in problem.expected


def test_negative_budget(tmp_path):
    tables = tiny.tables()
    tables["budgets"][0]["amount_wan"] = "-100"
    problem = only(errors_of(tiny.write(tmp_path, tables)), column="amount_wan")
    assert (problem.file, problem.row, problem.value) == ("budgets.csv", 2, "-100")


def test_negative_need(tmp_path):
    tables = tiny.tables()
    tables["needs"][1]["units"] = "-1"
    problem = only(errors_of(tiny.write(tmp_path, tables)), column="units")
    assert (problem.file, problem.row) == ("needs.csv", 3)


def test_unknown_column(tmp_path):
    tables = tiny.tables()
    tables["counties"][0]["populaton"] = "5"
    problem = only(errors_of(tiny.write(tmp_path, tables)), column="populaton")
    assert (problem.file, problem.row) == ("counties.csv", 1)
    assert "unknown column" in problem.expected


def test_missing_required_column(tmp_path):
    tables = tiny.tables()
    for row in tables["sources"]:
        del row["earmark"]
    problem = only(errors_of(tiny.write(tmp_path, tables)), column="earmark")
    assert problem.file == "sources.csv" and "required" in problem.expected


def test_profile_not_summing_to_one(tmp_path):
    tables = tiny.tables()
    tables["categories"][1]["payment_profile"] = "0.5;0.4"
    problem = only(errors_of(tiny.write(tmp_path, tables)), column="payment_profile")
    assert (problem.file, problem.row, problem.value) == ("categories.csv", 3, "0.5;0.4")
    assert "sum to 0.9" in problem.expected


def test_share_outside_zero_one(tmp_path):
    tables = tiny.tables()
    tables["indicators"][0]["poverty_incidence"] = "20"
    problem = only(errors_of(tiny.write(tmp_path, tables)), column="poverty_incidence")
    assert (problem.file, problem.row, problem.value) == ("indicators.csv", 2, "20")
    assert "between 0 and 1" in problem.expected


def test_percent_sign_and_thousands_separator_are_refused(tmp_path):
    tables = tiny.tables()
    tables["indicators"][0]["poverty_incidence"] = "20%"
    tables["budgets"][0]["amount_wan"] = "1,000"
    problems = errors_of(tiny.write(tmp_path, tables))
    assert "0.3" in only(problems, column="poverty_incidence").expected
    assert "thousands" in only(problems, column="amount_wan").expected


def test_bad_boolean_and_enum(tmp_path):
    tables = tiny.tables()
    tables["counties"][0]["deep"] = "maybe"
    tables["sources"][0]["kind"] = "gift"
    problems = errors_of(tiny.write(tmp_path, tables))
    assert only(problems, column="deep").expected == "true or false"
    assert "grant" in only(problems, column="kind").expected


def test_unknown_codes_across_tables(tmp_path):
    tables = tiny.tables()
    tables["needs"][0]["county_code"] = "nowhere"
    tables["budgets"][1]["source"] = "ghost"
    tables["categories"][0]["sources"] = "central;phantom"
    problems = errors_of(tiny.write(tmp_path, tables))
    assert only(problems, column="county_code", file="needs.csv").value == "nowhere"
    assert only(problems, column="source", file="budgets.csv").row == 3
    assert only(problems, column="sources", file="categories.csv").value == "phantom"


def test_deep_county_must_be_a_poverty_county(tmp_path):
    tables = tiny.tables()
    tables["counties"][2]["deep"] = "true"
    problem = only(errors_of(tiny.write(tmp_path, tables)), column="deep")
    assert (problem.file, problem.row) == ("counties.csv", 4)
    assert "poverty county" in problem.expected


def test_source_eligible_for_nothing(tmp_path):
    tables = tiny.tables()
    tables["categories"][1]["sources"] = "central"
    problem = only(errors_of(tiny.write(tmp_path, tables)), file="sources.csv")
    assert (problem.row, problem.column, problem.value) == (3, "code", "forestry")
    assert "eligible for nothing" in problem.expected


def test_plan_year_without_budget(tmp_path):
    pol = tiny.policy()
    pol["years"]["plan"] = [2018, 2019]
    problem = only(errors_of(tiny.write(tmp_path, pol=pol)), file="budgets.csv")
    assert (problem.column, problem.value) == ("year", "2019")


def test_project_prerequisite_must_exist(tmp_path):
    tables = tiny.tables()
    tables["projects"] = [
        {
            "id": "P1",
            "name": "路",
            "county_code": "deep1",
            "category": "housing",
            "cost_profile_wan": "50;50",
            "beneficiaries": "100",
            "earliest_start": "2018",
            "latest_start": "2018",
            "prerequisites": "P9",
        },
    ]
    problem = only(errors_of(tiny.write(tmp_path, tables)), file="projects.csv")
    assert (problem.row, problem.column, problem.value) == (2, "prerequisites", "P9")


def test_project_prerequisite_cycle(tmp_path):
    tables = tiny.tables()
    base = {
        "name": "x",
        "county_code": "deep1",
        "category": "housing",
        "cost_profile_wan": "10",
        "beneficiaries": "1",
        "earliest_start": "2018",
        "latest_start": "2018",
    }
    tables["projects"] = [
        dict(base, id="A", prerequisites="B"),
        dict(base, id="B", prerequisites="A"),
        dict(base, id="C", prerequisites="A"),
    ]
    problems = errors_of(tiny.write(tmp_path, tables))
    assert sorted(p.row for p in problems if "cycle" in p.expected) == [2, 3]


def test_ragged_row(tmp_path):
    folder = tiny.write(tmp_path)
    text = (folder / "budgets.csv").read_text() + "central,2018,5,extra,cells,here\n"
    (folder / "budgets.csv").write_text(text)
    problem = only(errors_of(folder), file="budgets.csv")
    assert problem.row == 4 and "cells as in the header" in problem.expected


def test_empty_file_and_missing_table(tmp_path):
    folder = tiny.write(tmp_path)
    (folder / "needs.csv").write_text("")
    (folder / "history.csv").unlink()
    problems = errors_of(folder)
    assert "empty" in only(problems, file="needs.csv").expected
    assert "required" in only(problems, file="history.csv").expected


def test_policy_unknown_rule_and_parameter(tmp_path):
    pol = tiny.policy()
    pol["rules"]["R-EARMARKS"] = {"share": 0.3}
    pol["rules"]["R-EARMARK"]["shaer"] = 0.3
    pol["rules"]["R-GROWTH"] = {"margin": "five"}
    problems = errors_of(tiny.write(tmp_path, pol=pol))
    assert "known rule id" in only(problems, column="rules.R-EARMARKS").expected
    assert "share" in only(problems, column="rules.R-EARMARK.shaer").expected
    growth = only(problems, column="rules.R-GROWTH.margin")
    assert growth.file == "policy.yaml" and growth.row is not None and growth.value == "five"


def test_rule_needing_missing_data_is_reported(tmp_path):
    pol = tiny.policy()
    pol["rules"]["R-RELIEF-FUND"] = {"status": "hard"}
    problem = only(errors_of(tiny.write(tmp_path, pol=pol)), file="categories.csv")
    assert "relief_fund" in problem.expected and "R-RELIEF-FUND" in problem.expected


def test_all_errors_are_collected_not_only_the_first(tmp_path):
    tables = tiny.tables()
    tables["budgets"][0]["amount_wan"] = "-1"
    tables["counties"][0]["deep"] = "perhaps"
    tables["categories"][0]["unit_cost_wan"] = "0"
    problems = errors_of(tiny.write(tmp_path, tables))
    assert {p.file for p in problems} >= {"budgets.csv", "counties.csv", "categories.csv"}
