"""A plan that rests on estimated or invented figures says so first, wherever a reader looks:
the terminal's first lines, summary.json, report.html under its title and the workbook's first
sheet. A dataset without a provenance file claims nothing (validate says so) and carries none."""

from __future__ import annotations

import json
from pathlib import Path

import tiny
from click.testing import CliRunner
from openpyxl import load_workbook

from optimiser.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_a_plan_on_estimates_says_so_first_in_every_output(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["--year", "2018", "--data", str(ROOT / "data" / "jincheng"), "--out", str(out)]
        + ["--html", "--xlsx"],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("! 本方案含估算数据，仅供演示")  # in the reader's language only
    assert "This plan rests on estimated data" not in result.output
    (folder,) = [p for p in out.glob("*/*/*") if p.is_dir()]
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    said = lines[0].removeprefix("! ")
    for line in lines[1:]:  # wrapped to the screen, continued indented
        if not line.startswith("  "):
            break
        said += line
    assert said.replace(" ", "") == summary["data_warning"]["zh"].replace(" ", "")
    assert "estimate" in summary["data_warning"]["levels"]
    html = (folder / "report.html").read_text(encoding="utf-8")
    title_end = html.index("</h1>")
    assert html.index('class="warning"') - title_end < 30  # right under the title
    book = load_workbook(folder / "allocation.xlsx")
    assert book.sheetnames[0] == "说明"
    assert book["说明"]["A1"].value == summary["data_warning"]["zh"]


def test_a_dataset_without_provenance_carries_no_warning(tmp_path):
    data = tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["--year", "2018", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not result.output.startswith("!")
    (summary,) = out.rglob("summary.json")
    assert json.loads(summary.read_text(encoding="utf-8"))["data_warning"] is None
