"""Messages that point the right way, through the command: what was typed, where, the valid
values and the nearest one; exit 2 and nothing written to --out."""

from __future__ import annotations

import shutil

import pytest
import tiny
from click.testing import CliRunner

from optimiser.cli import cli


def allocate(*args):
    """The command with --lang en: the messages asserted here are the English ones."""
    return CliRunner().invoke(cli, ["--lang", "en", *(str(a) for a in args)])


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip().startswith("error:")]


@pytest.fixture
def folder(tmp_path):
    return tiny.write(tmp_path / "data")


# ---- years -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, typed, outside",
    [
        (["--year", "2030"], "--year: value '2030'", "outside them: 2030"),
        (["--years", "2018-2019"], "--years: value '2018-2019'", "outside them: 2019"),
        (["whatif", "--year", "2030", "--off", "R-GROWTH"], "--year: value '2030'", "2030"),
        (["baseline", "--year", "1900"], "--year: value '1900'", "outside them: 1900"),
    ],
)
def test_a_year_outside_the_plan_blames_the_option(folder, tmp_path, args, typed, outside):
    out = tmp_path / "out"
    result = allocate(*args, "--data", folder, "--out", out)
    assert result.exit_code == 2, result.output
    (line,) = errors(result.output)
    assert typed in line and outside in line
    assert "plan years of the dataset" in line and ": 2018 (years.plan" in line
    assert not line.split("error: ")[1].startswith("policy.yaml")
    assert not out.exists()  # no run folder, no ledger entry


# ---- unknown codes in --set --------------------------------------------------------------------


@pytest.mark.parametrize(
    "override, typed, nearest, valid",
    [
        (
            "budget.centrl.2018=-10%",
            "'centrl'",
            "did you mean central (中央专项)?",
            "central, forestry",
        ),
        (
            "budget.中央.2018=-10%",
            "'中央'",
            "did you mean central (中央专项)?",
            "central, forestry",
        ),
        ("budget.central.2081=-10%", "'2081'", "a year with a budget row of central", ": 2018"),
        ("R-EARMAK.share=0.3", "'R-EARMAK'", "did you mean R-EARMARK?", "R-BUDGET"),
        ("R-EARMARK.shar=0.3", "'shar'", "did you mean share?", "status, penalty"),
        (
            "unit_cost.hosing=1.5",
            "'hosing'",
            "did you mean housing (危房改造)?",
            "housing, farmland",
        ),
        ("need.deep.housing=5", "'deep'", "did you mean deep1 (深一县)?", "deep1, poor2, other3"),
        ("need.深一县.housing=5", "'深一县'", "did you mean deep1 (深一县)?", "deep1, poor2"),
        ("need.poor2.housing=5", "'housing'", "for poor2 (a category it needs)", "valid: farmland"),
        ("indicator.deep1.poor_pop=5", "'poor_pop'", "did you mean poor_population?", "valid:"),
        ("objective.deep_wieght=2", "'deep_wieght'", "did you mean deep_weight?", "mode"),
    ],
)
def test_an_unknown_code_names_it_the_valid_ones_and_the_nearest(
    folder, tmp_path, override, typed, nearest, valid
):
    out = tmp_path / "out"
    result = allocate("whatif", "--year", 2018, "--data", folder, "--out", out, "--set", override)
    assert result.exit_code == 2, result.output
    (line,) = errors(result.output)
    assert f"column {override}: value {typed}" in line
    assert nearest in line and valid in line, line
    assert not out.exists()


def test_an_unknown_rule_in_a_flag_suggests_the_nearest(folder, tmp_path):
    result = allocate(
        "whatif", "--year", 2018, "--data", folder, "--out", tmp_path / "o", "--off", "R-GROWHT"
    )
    assert result.exit_code == 2
    assert "value 'R-GROWHT'" in result.output and "did you mean R-GROWTH?" in result.output
    result = allocate(
        "--year", 2018, "--data", folder, "--out", tmp_path / "o", "--price-rules", "R-EARMAK"
    )
    assert result.exit_code == 2 and "did you mean R-EARMARK?" in result.output
    assert not (tmp_path / "o").exists()


def test_the_shipped_dataset_suggests_central_special_for_central(tmp_path, root):
    out = tmp_path / "out"
    result = allocate(
        "whatif", "--year", 2018, "--data", root / "data/shanxi", "--out", out,
        "--set", "budget.central.2018=-10%",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "value 'central'" in result.output
    assert "did you mean central_special (中央财政专项扶贫资金)" in result.output
    assert "valid: central_special, provincial_special," in result.output
    assert not out.exists()


# ---- shares in percent -------------------------------------------------------------------------


def test_a_share_in_percent_is_the_share_and_a_budget_percent_a_change(folder, tmp_path):
    from optimiser.dataset import load_dataset
    from optimiser.scenario.overrides import apply, parse_all

    data = load_dataset(folder)
    variant = apply(data, parse_all(["R-EARMARK.share=35%", "budget.central.2018=-10%"]))
    assert variant.policy.rules["R-EARMARK"].share == pytest.approx(0.35)
    assert variant.budgets[0].amount_wan == pytest.approx(900)
    margin = apply(data, parse_all(["R-GROWTH.margin=-5%"])).policy.rules["R-GROWTH"].margin
    assert margin == pytest.approx(-0.05)


@pytest.mark.parametrize(
    "override, expected",
    [
        ("R-EARMARK.share=135%", "value '135%': expected a share from 0% to 100%"),
        ("R-EARMARK.share=-5%", "value '-5%': expected a share from 0% to 100%"),
        ("R-EARMARK.penalty=5%", "value '5%': expected a number: penalty is not a share"),
    ],
)
def test_a_percent_that_is_no_share_is_refused(folder, tmp_path, override, expected):
    out = tmp_path / "out"
    result = allocate("whatif", "--year", 2018, "--data", folder, "--out", out, "--set", override)
    assert result.exit_code == 2, result.output
    assert f"column {override}: {expected}" in result.output
    assert not out.exists()


def test_whatif_with_a_share_in_percent_runs(folder, tmp_path):
    out = tmp_path / "out"
    result = allocate(
        "whatif", "--year", 2018, "--data", folder, "--out", out, "--set", "R-EARMARK.share=35%"
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*/*/*-whatif/diff.csv"))) == 1


# ---- the dataset folder and its file names -----------------------------------------------------


def test_a_missing_folder_is_one_line_naming_it_and_what_to_do(tmp_path):
    out = tmp_path / "out"
    result = allocate("--year", 2018, "--data", tmp_path / "nowhere", "--out", out)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("Problems: 1 error(s)"), result.output
    assert str(tmp_path / "nowhere") in lines[1] and "does not exist" in lines[1]
    assert "give --data the folder that holds policy.yaml" in lines[1]
    assert not out.exists()


def test_a_missing_folder_next_to_a_close_name_suggests_it(tmp_path):
    tiny.write(tmp_path / "shanxi")
    result = allocate("validate", "--data", tmp_path / "shanxii")
    assert result.exit_code == 2
    assert f"did you mean {tmp_path / 'shanxi'}?" in result.output


def test_upper_case_file_names_are_read(folder, tmp_path):
    (folder / "needs.csv").rename(folder / "NEEDS.CSV")
    (folder / "policy.yaml").rename(folder / "Policy.YAML")
    result = allocate("validate", "--data", folder)
    assert result.exit_code == 0, result.output


def test_two_names_for_one_table_are_refused(folder):
    shutil.copy(folder / "needs.csv", folder / "Needs.CSV")
    result = allocate("validate", "--data", folder)
    assert result.exit_code == 2
    (line,) = errors(result.output)
    assert "'Needs.CSV, needs.csv'" in line and "differ only in case" in line


@pytest.mark.parametrize("name", ["needs.xls", "NEEDS.XLS", "needs.txt"])
def test_a_table_saved_in_another_form_is_named_with_what_to_do(folder, tmp_path, name):
    (folder / "needs.csv").rename(folder / name)
    out = tmp_path / "out"
    result = allocate("--year", 2018, "--data", folder, "--out", out)
    assert result.exit_code == 2
    (line,) = errors(result.output)
    assert line.strip().startswith(f"error: {name}: ") and "is not read" in line
    assert "save it as CSV UTF-8 named needs.csv" in line
    assert not out.exists()


def test_a_workbook_saved_as_xls_is_named_with_what_to_do(tmp_path):
    folder = tiny.write_workbook(tmp_path / "data", name="数据.xls")
    out = tmp_path / "out"
    result = allocate("--year", 2018, "--data", folder, "--out", out)
    assert result.exit_code == 2
    (line,) = errors(result.output)
    assert "数据.xls" in line and "save it as Excel Workbook (.xlsx)" in line
    assert not out.exists()


def test_an_old_copy_beside_the_tables_is_a_warning(folder):
    shutil.copy(folder / "needs.csv", folder / "needs.xls")
    result = allocate("validate", "--lang", "en", "--data", folder)
    assert result.exit_code == 0, result.output
    assert "warning: needs.xls: expected no other file for the table needs" in result.output


def test_policy_yml_is_named_to_be_renamed(folder):
    (folder / "policy.yaml").rename(folder / "policy.yml")
    result = allocate("validate", "--data", folder)
    assert result.exit_code == 2
    (line,) = errors(result.output)
    assert "policy.yml" in line and "rename" in line


def test_an_empty_folder_says_so_once(tmp_path):
    (tmp_path / "empty").mkdir()
    result = allocate("validate", "--data", tmp_path / "empty")
    assert result.exit_code == 2
    lines = errors(result.output)
    assert len(lines) == 2, result.output  # no policy.yaml; no tables (one line, not seven)
    assert "none found in this folder" in lines[1] and "needs.csv" in lines[1]
