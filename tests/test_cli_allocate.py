"""`allocate --year/--years` end to end: the run folder's files and columns (a contract), the
exit codes, model export."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import tiny
from click.testing import CliRunner
from hand import budget, category, county, dataset, history, need, source

from optimiser.cli import EXIT_INFEASIBLE, EXIT_OK, EXIT_SOLVER, cli, exit_code
from optimiser.solution import ALLOCATION_COLUMNS, RULE_COLUMNS


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def only_run_folder(out):
    folders = [p for p in out.glob("*/*/*") if p.is_dir()]
    assert len(folders) == 1, folders
    return folders[0]


def test_year_run_writes_the_contract_files(tmp_path):
    data = tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    result = invoke(
        "--year",
        "2018",
        "--data",
        str(data),
        "--out",
        str(out),
        "--xlsx",
        "--export-model",
        str(tmp_path / "model.lp"),
    )
    assert result.exit_code == EXIT_OK, result.output
    assert "状态：最优" in result.output  # the dataset's language: Chinese
    assert "深度贫困县占中央和省级专项资金" in result.output
    folder = only_run_folder(out)
    assert folder.parent.name == "2018" and folder.parent.parent.name == "tiny"
    allocation = pd.read_csv(folder / "allocation.csv")
    assert list(allocation.columns) == ALLOCATION_COLUMNS
    assert (allocation["amount_wan"] > 0).all()
    rules = pd.read_csv(folder / "rules.csv")
    assert list(rules.columns) == RULE_COLUMNS
    assert set(rules["status"]) <= {"binding", "slack", "violated", "off"}
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    for key in (
        "dataset",
        "scenario",
        "status",
        "objective",
        "bound",
        "gap",
        "solver",
        "versions",
        "input_hash",
        "timings",
    ):
        assert key in summary
    assert summary["status"] == "optimal" and summary["dataset"] == "tiny"
    assert (folder / "allocation.xlsx").exists()
    assert not list(folder.parent.glob(".partial-*"))
    lp = (tmp_path / "model.lp").read_text()
    assert "R_BUDGET(central,2018)" in lp and "R_EARMARK(2018)" in lp


def test_infeasible_run_exits_1_and_says_so(tmp_path):
    folder = dataset(
        tmp_path / "d",
        [county("A")],
        [source("c", earmark=True)],
        [category("k", sources="c")],
        [need("A", "k", 50)],
        [budget("c", 100)],
        histories=[history("A", "c", 80)],
        rules={"R-INCREASE": {"status": "hard"}},
    )
    result = invoke("--year", "2018", "--data", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == EXIT_INFEASIBLE, result.output
    assert "无可行方案：没有方案能同时满足全部硬性规则" in result.output
    assert "以下规则相互冲突" in result.output  # and which rules, before any advice
    english = invoke(
        "--year", "2018", "--data", str(folder), "--out", str(tmp_path / "en"), "--lang", "en"
    )  # fmt: skip
    assert english.exit_code == EXIT_INFEASIBLE
    assert "Status: no plan satisfies every hard rule" in english.output
    run_folder = only_run_folder(tmp_path / "out")
    assert not (run_folder / "allocation.csv").exists()
    assert json.loads((run_folder / "summary.json").read_text())["status"] == "infeasible"


def test_horizon_run(tmp_path):
    folder = dataset(
        tmp_path / "d",
        [county("A")],
        [source("c")],
        [category("k", sources="c", profile="0.5;0.5")],
        [need("A", "k", 10000)],
        [budget("c", 100, 2018), budget("c", 100, 2019)],
        years=(2018, 2019),
    )
    result = invoke("--years", "2018-2019", "--data", str(folder), "--out", str(tmp_path / "o"))
    assert result.exit_code == EXIT_OK, result.output
    assert only_run_folder(tmp_path / "o").parent.name == "2018-2019"


@pytest.mark.parametrize(
    "args",
    [
        ["--year", "20x8"],
        ["--years", "2019-2017"],
        ["--year", "2018", "--years", "2018-2019"],
        ["--year", "2016"],
    ],
)
def test_bad_years_are_refused_with_exit_2(args, tmp_path):
    data = tiny.write(tmp_path / "data")
    result = invoke(*args, "--data", str(data), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("summary.json"))


def test_export_model_needs_a_known_extension(tmp_path):
    data = tiny.write(tmp_path / "data")
    result = invoke(
        "--year",
        "2018",
        "--data",
        str(data),
        "--export-model",
        str(tmp_path / "model.txt"),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 2 and ".mps or .lp" in result.output


def test_exit_codes_of_statuses():
    assert exit_code("optimal") == exit_code("feasible") == EXIT_OK
    assert exit_code("infeasible") == EXIT_INFEASIBLE
    assert exit_code("no_solution") == exit_code("error") == exit_code("unbounded") == EXIT_SOLVER


def test_same_inputs_give_byte_identical_tables(tmp_path):
    """Deterministic solver settings and orderings: two runs of the same inputs write the same
    allocation, rules and audit files (timestamps live only in summary.json)."""
    import os
    import subprocess
    import sys

    data = tiny.write(tmp_path / "data")
    folders = []
    for seed, name in (("1", "one"), ("2", "two")):  # different string hashing in each process
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "optimiser.cli",
                "--year",
                "2018",
                "--data",
                str(data),
                "--out",
                str(tmp_path / name),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert done.returncode == EXIT_OK, done.stderr
        folders.append(only_run_folder(tmp_path / name))
    for file in ("allocation.csv", "rules.csv", "audit.csv", "units.csv", "explanation.json"):
        assert (folders[0] / file).read_bytes() == (folders[1] / file).read_bytes(), file
