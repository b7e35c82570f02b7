"""Runs are atomic: a run killed mid-way (SIGTERM) leaves no run folder, not even a partial one,
says what happened, and is recorded in the ledger as interrupted; a finished run is recorded with
its status, objective and folder."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import tiny
from click.testing import CliRunner

from optimiser import ledger
from optimiser.cli import EXIT_TERMINATED, cli

ROOT = Path(__file__).resolve().parents[1]


def test_sigterm_mid_run_leaves_no_folder_and_an_interrupted_entry(tmp_path):
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "optimiser.cli",
            "--years",
            "2017-2020",
            "--data",
            str(ROOT / "data" / "shanxi"),
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until the run is under way (in the ledger)
        if (out / ledger.FILE).exists() and any(
            e["status"] == "running" for e in ledger.entries(out)
        ):
            break
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    _stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == EXIT_TERMINATED, stderr
    assert "terminated (SIGTERM)" in stderr and "no run folder" in stderr
    leftovers = [p for p in out.rglob("*") if p.is_dir() and p.parent.name == "2017-2020"]
    assert leftovers == []  # neither a run folder nor a .partial- staging folder
    (entry,) = ledger.entries(out)
    assert entry["status"] == "interrupted" and entry["exit_code"] == EXIT_TERMINATED
    assert entry["folder"] is None


def test_finished_run_is_in_the_ledger(tmp_path):
    data = tiny.write(tmp_path / "data")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--year", "2018", "--data", str(data), "--out", str(tmp_path / "out"), "--quiet"]
    )
    assert result.exit_code == 0 and result.output == ""  # quiet: nothing unless it fails
    (entry,) = ledger.entries(tmp_path / "out")
    assert entry["status"] == "optimal" and entry["objective"] > 0
    assert Path(entry["folder"], "run.log").exists()
    listed = runner.invoke(cli, ["history", "--out", str(tmp_path / "out")])
    assert "最优" in listed.output and entry["folder"] in listed.output  # the run's language
    shown = runner.invoke(cli, ["show", "1", "--out", str(tmp_path / "out")])
    assert shown.exit_code == 0 and "输入数据哈希" in shown.output and "状态：最优" in shown.output
    english = runner.invoke(cli, ["show", "1", "--out", str(tmp_path / "out"), "--lang", "en"])
    assert "Input hash" in english.output and "Status: optimal" in english.output
    assert runner.invoke(cli, ["show", "9", "--out", str(tmp_path / "out")]).exit_code == 2


def test_quiet_run_prints_nothing_at_all_as_a_process(tmp_path):
    """Below Python too: a solver that writes its banner to descriptor 1 would reach cron's mail."""
    data = tiny.write(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "--year", "2018", "--data", str(data)]
        + ["--out", str(tmp_path / "out"), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_time_limit_with_no_plan_exits_3_and_says_so(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "--years",
            "2017-2020",
            "--data",
            str(ROOT / "data" / "shanxi"),
            "--time-limit",
            "0.01",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 3, result.output
    assert "在时间限制内未找到方案" in result.output
    (entry,) = ledger.entries(out)
    assert entry["status"] == "no_solution" and entry["exit_code"] == 3


def test_two_writers_of_the_same_run_name_get_two_folders(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    import pandas as pd

    from optimiser.report.run_files import write_folder

    frame = pd.DataFrame({"a": [1.0]})
    with ThreadPoolExecutor(max_workers=4) as pool:
        folders = list(
            pool.map(lambda i: write_folder(tmp_path, "same", {"t.csv": frame}, {"n": i}), range(8))
        )
    assert len(set(folders)) == 8
    assert not list(tmp_path.glob(".partial-*"))
