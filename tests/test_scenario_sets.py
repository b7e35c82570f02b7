"""Scenario files (based_on chains, errors named) and sweeps (values, parallel points, and an
interrupted sweep that keeps its finished points)."""

from __future__ import annotations

import csv

import pytest
import tiny
from click.testing import CliRunner

from optimiser.api import load
from optimiser.cli import cli
from optimiser.problems import InputError
from optimiser.scenario.sets import read_scenarios, run_sweep, sweep_values


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_scenarios_chain_their_bases(tmp_path):
    path = write(
        tmp_path / "s.yaml",
        """scenarios:
  - name: cut
    set: [budget.central.2018=-10%]
  - name: cut-deeper
    based_on: cut
    set: [R-EARMARK.share=0.35]
    off: [R-GROWTH]
""",
    )
    found = {s.name: [o.text for o in s.overrides] for s in read_scenarios(path)}
    assert found == {
        "cut": ["budget.central.2018=-10%"],
        "cut-deeper": ["budget.central.2018=-10%", "R-EARMARK.share=0.35", "R-GROWTH=off"],
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("scenarios: []", "a list of scenarios"),
        ("scenarios:\n  - name: a\n    sett: []", "only the keys"),
        ("scenarios:\n  - name: a\n    based_on: b", "the name of another scenario"),
        (
            "scenarios:\n  - name: a\n    based_on: b\n  - name: b\n    based_on: a",
            "without a cycle",
        ),
        ("scenarios:\n  - name: a\n    set: [budget.central.2018=ten]", "a number"),
    ],
)
def test_bad_scenario_files_are_named(tmp_path, text, expected):
    with pytest.raises(InputError) as caught:
        read_scenarios(write(tmp_path / "s.yaml", text))
    assert expected in caught.value.problems[0].expected


def test_sweep_values():
    assert sweep_values("-30%", "+30%", 7) == [
        "-30%",
        "-20%",
        "-10%",
        "+0%",
        "+10%",
        "+20%",
        "+30%",
    ]
    assert sweep_values("100", "200", 3) == ["100", "150", "200"]
    with pytest.raises(InputError):
        sweep_values("-30%", "200", 3)


def test_an_interrupted_sweep_keeps_its_finished_points(tmp_path):
    data = load(tiny.write(tmp_path / "data"))
    path = tmp_path / "sweep.csv"
    with pytest.raises(KeyboardInterrupt):
        run_sweep(
            data,
            [2018],
            "budget.central.2018",
            ["-10%", "+0%", "+10%", "+20%"],
            path,
            workers=1,
            stop_after=2,
        )
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["value"] for r in rows] == ["-10%", "+0%"]
    assert all(r["status"] == "optimal" and float(r["objective"]) > 0 for r in rows)


def test_sweep_command_in_parallel(tmp_path):
    folder = tiny.write(tmp_path / "data")
    result = CliRunner().invoke(
        cli,
        [
            "sweep",
            "--param",
            "budget.central.2018",
            "--from",
            "-20%",
            "--to",
            "+20%",
            "--steps",
            "5",
            "--year",
            "2018",
            "--data",
            str(folder),
            "--workers",
            "2",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    (sweep_csv,) = (tmp_path / "out").rglob("sweep.csv")
    with open(sweep_csv, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["value"] for r in rows) == sorted(["-20%", "-10%", "+0%", "+10%", "+20%"])
    assert "county:deep1" in rows[0]
    assert (sweep_csv.parent / "sweep.html").exists()


def test_scenarios_command(tmp_path):
    folder = tiny.write(tmp_path / "data")
    path = write(
        tmp_path / "s.yaml",
        "scenarios:\n  - name: cut\n    set: "
        "[budget.central.2018=-30%]\n  - name: free\n    off: [R-DEADLINE]\n",
    )
    result = CliRunner().invoke(
        cli,
        [
            "scenarios",
            str(path),
            "--year",
            "2018",
            "--data",
            str(folder),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "cut" in result.output and "free" in result.output and "base" in result.output
    (table,) = (tmp_path / "out").rglob("*-scenarios.csv")
    with open(table, encoding="utf-8") as handle:
        assert [r["scenario"] for r in csv.DictReader(handle)] == ["base", "cut", "free"]
