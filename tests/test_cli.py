"""The `allocate` command as a user meets it: summaries, problem lists, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import tiny
from click.testing import CliRunner

from optimiser.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_validate_prints_summary_of_a_clean_dataset(tmp_path):
    result = run("validate", "--data", str(tiny.write(tmp_path)))
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        "Counties: 3 (1 national 国定, 1 provincial 省定, 1 other; 1 deep-poverty, marked *)" in out
    )
    assert "甲市 (2): 深一县*, 贫二县" in out
    assert "Sources and budgets" in out and "central" in out and "1,000" in out
    assert "Categories" in out and "0.5/0.5" in out
    assert "R-EARMARK" in out and "share=0.3" in out
    assert "Problems:" in out


def test_validate_bad_input_exits_2_with_located_messages(tmp_path):
    tables = tiny.tables()
    tables["budgets"][0]["amount_wan"] = "-1"
    tables["counties"].append(dict(tables["counties"][0]))
    result = run("validate", "--data", str(tiny.write(tmp_path, tables)))
    assert result.exit_code == 2
    assert (
        "budgets.csv, row 2, column amount_wan: value '-1': expected a number ≥ 0" in result.output
    )
    assert "counties.csv, row 5, column code: value 'deep1'" in result.output
    assert "Traceback" not in result.output


def test_missing_folder_is_bad_input(tmp_path):
    result = run("validate", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_debug_shows_the_traceback(tmp_path):
    tables = tiny.tables()
    tables["budgets"][0]["amount_wan"] = "-1"
    result = run("--debug", "validate", "--data", str(tiny.write(tmp_path, tables)))
    assert result.exit_code != 0
    assert result.exc_info is not None and result.exc_info[0].__name__ == "InputError"


def test_rules_catalogue_lists_every_family_with_citation():
    from optimiser.rules import FAMILIES

    result = run("rules")
    assert result.exit_code == 0, result.output
    for family in FAMILIES:
        assert family.id in result.output
    assert "cites 004-8" in result.output and "每年安排30%" in result.output


def test_console_script_runs_as_installed(tmp_path):
    folder = tiny.write(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "validate", "--data", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Dataset tiny" in done.stdout
