"""The batch executor on this machine: points keyed by their inputs, a warm answer that does not
depend on what was answered before it, results kept as they finish and skipped when the batch is
run again, a point that fails on its own recorded while the batch goes on, a worker process
killed mid-batch, and the batch file."""

from __future__ import annotations

import csv
import multiprocessing
import os
import signal
from pathlib import Path

import pytest
import sweep_data
import tiny
from click.testing import CliRunner

from optimiser import ledger
from optimiser.api import load
from optimiser.batch.driver import run_batch
from optimiser.batch.file import load as load_batch
from optimiser.batch.file import read_batch
from optimiser.batch.local import LocalExecutor
from optimiser.batch.points import ROW, Point, solve_point
from optimiser.batch.store import Results
from optimiser.batch.warm import forget
from optimiser.cli import cli
from optimiser.problems import InputError
from optimiser.scenario.sets import run_sweep, sweep_columns, sweep_points

PARAM = "budget.central.2018"
VALUES = ["-5%", "+0%", "+2%", "+5%", "+10%", "+20%"]  # -5%: no plan (tests/sweep_data.py)


@pytest.fixture(scope="module")
def movers(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    return load(sweep_data.write(root / "data"))


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


class Counting(LocalExecutor):
    """The local executor, counting the points it is handed."""

    def __init__(self, workers=1):
        super().__init__(workers)
        self.handed: list[int] = []

    def results(self, points, datasets):
        self.handed += [p.index for p in points]
        yield from super().results(points, datasets)


def point(data, value: str, index: int = 0, years=(2018,)) -> Point:
    return Point(
        index,
        ROW,
        data.input_hash,
        tuple(years),
        (f"{PARAM}={value}",),
        fields=(("value", value),),
        param=PARAM,
    )


def test_a_point_key_is_its_inputs(movers):
    one, two = sweep_points(movers, [2018], PARAM, ["-5%", "+5%"])
    assert one.key != two.key
    assert point(movers, "+5%", index=9).key == two.key  # its place in the batch is no input
    assert point(movers, "+5%", years=(2019,)).key != two.key


def test_warm_answers_do_not_depend_on_what_was_answered_before(movers):
    """The same points in two orders on one warm base give the same rows to the last digit."""
    points = sweep_points(movers, [2018], PARAM, VALUES)
    forget()
    first = {p.fields[0][1]: solve_point(p, movers)["row"] for p in points}
    forget()
    second = {p.fields[0][1]: solve_point(p, movers)["row"] for p in reversed(points)}
    assert first == second
    assert first["-5%"]["status"] == "infeasible" and "R-DEADLINE" in first["-5%"]["conflict"]
    assert first["+10%"]["status"] == "optimal"
    county = [k for k in first["+10%"] if k.startswith("county:")]
    assert round(sum(first["+10%"][k] for k in county), 2) == first["+10%"]["money_wan"]


def test_an_interrupted_sweep_solves_only_the_rest_when_run_again(movers, tmp_path):
    path = tmp_path / "sweep.csv"
    executor = Counting()
    with pytest.raises(KeyboardInterrupt):
        run_sweep(movers, [2018], PARAM, VALUES, path, executor=executor, stop_after=2)
    assert [r["value"] for r in read_rows(path)] == VALUES[:2]  # kept as they finished
    again = Counting()
    rows = run_sweep(movers, [2018], PARAM, VALUES, path, executor=again)
    assert again.handed == [2, 3, 4, 5]  # the two finished points are not solved again
    assert [r["value"] for r in rows] == VALUES
    written = read_rows(path)
    assert [r["value"] for r in written] == VALUES  # once each, in the sweep's order
    assert len({r["key"] for r in written}) == len(VALUES)
    third = Counting()
    run_sweep(movers, [2018], PARAM, VALUES, path, executor=third)
    assert third.handed == []


def test_a_line_cut_short_by_a_kill_is_dropped_and_solved_again(movers, tmp_path):
    path = tmp_path / "sweep.csv"
    run_sweep(movers, [2018], PARAM, VALUES[:3], path)
    text = path.read_bytes()
    path.write_bytes(text[: len(text) - 40])  # the last row half-written
    executor = Counting()
    run_sweep(movers, [2018], PARAM, VALUES[:3], path, executor=executor)
    assert executor.handed == [2]
    assert [r["value"] for r in read_rows(path)] == VALUES[:3]


def test_a_point_that_fails_is_recorded_and_the_batch_goes_on(movers, tmp_path):
    points = sweep_points(movers, [2018], PARAM, ["+0%", "+5%"])
    bad = point(movers, "-150%", index=2)
    results = Results(tmp_path / "rows.csv", sweep_columns(movers))

    def write(done, result):
        row = result.get("row") or dict(done.fields)
        return {**row, "status": result["status"], "reason": result["reason"]}

    run_batch([*points, bad], {movers.input_hash: movers}, LocalExecutor(1), results, write)
    rows = {r["value"]: r for r in read_rows(results.path)}
    assert rows["+0%"]["status"] == rows["+5%"]["status"] == "optimal"
    assert rows["-150%"]["status"] == "bad-input"
    assert "budget.central.2018=-150%" in rows["-150%"]["reason"]


def test_a_killed_worker_process_has_its_points_solved_again(movers, tmp_path):
    """Two worker processes; one is killed after the first point comes back: every point is in
    the file once, with the same rows as one process gives."""
    alone = tmp_path / "alone.csv"
    run_sweep(movers, [2018], PARAM, VALUES, alone)
    path = tmp_path / "sweep.csv"
    killed = []
    before = {c.pid for c in multiprocessing.active_children()}

    def kill(_point, _result, _progress):
        if not killed:  # one of the pool's two processes, solving the next point
            (pid, *_) = sorted({c.pid for c in multiprocessing.active_children()} - before)
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    run_sweep(movers, [2018], PARAM, VALUES, path, executor=LocalExecutor(2), on_result=kill)
    assert killed
    assert path.read_bytes() == alone.read_bytes()


# ---- the batch file -----------------------------------------------------------------------------


def write_batch(folder: Path, text: str) -> Path:
    path = folder / "batch.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_batch_file_problems_are_named_with_their_lines(tmp_path):
    tiny.write(tmp_path / "data")
    path = write_batch(
        tmp_path,
        "years: 2018\n"
        "datasets:\n"
        "  - data\n"
        "  - data: nowhere\n"
        "  - data: data\n"
        "    years: 20xx\n"
        "  - data: data\n"
        "    colour: red\n"
        "scenarios:\n"
        "  - name: cut\n"
        "    set: [budget.central.2018=-10%]\n"
        "  - name: cut\n",
    )
    with pytest.raises(InputError) as caught:
        read_batch(path)
    found = {(p.row, p.column): p.expected for p in caught.value.problems}
    assert "is not one" in found[(4, "datasets[1].data")]
    assert "a year (2018)" in found[(6, "datasets[2].years")]
    assert "only the keys data, years" in found[(7, "datasets[3]")]
    assert "each scenario name once" in found[(12, "name")]


def test_batch_file_years_outside_the_plan_years_are_refused_before_solving(tmp_path):
    tiny.write(tmp_path / "data")
    path = write_batch(tmp_path, "datasets:\n  - data: data\n    years: 2030\n")
    with pytest.raises(InputError) as caught:
        load_batch(read_batch(path))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row) == ("batch.yaml", 2) and "2030" in problem.value


def test_batch_command_runs_every_dataset_and_scenario_and_goes_on_past_a_refused_one(tmp_path):
    """Two datasets, a scenario only one of them can take: the other's is recorded as refused,
    with the reason, and everything else is written, entered in the ledger, and compared."""
    tiny.write(tmp_path / "tiny")
    sweep_data.write(tmp_path / "movers")
    (tmp_path / "movers" / "extra").mkdir()
    path = write_batch(
        tmp_path,
        "years: 2018\n"
        "datasets: [tiny, movers]\n"
        "scenarios:\n"
        "  - name: 削减\n"
        "    set: [budget.central.2018=-2%]\n"
        "  - name: 只在七县\n"
        "    set: [need.big1.housing=+1%]\n",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(path), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 2, result.output  # an override refused: said, and exit 2
    assert "批量运行：6 个方案，2 个数据集" in result.output
    assert "改动不适用" in result.output and "need.big1.housing" in result.output
    (table,) = out.glob("batch-*/batch.csv")
    rows = read_rows(table)
    assert [(r["dataset"], r["scenario"], r["status"]) for r in rows] == [
        ("tiny", "base", "optimal"),
        ("tiny", "削减", "optimal"),
        ("tiny", "只在七县", "bad-input"),
        ("movers", "base", "optimal"),
        ("movers", "削减", "optimal"),
        ("movers", "只在七县", "optimal"),
    ]
    for row in rows:
        if row["folder"]:
            assert (Path(row["folder"]) / "allocation.csv").exists()
    entries = ledger.entries(out)
    assert sorted((e["dataset"], e["scenario"], e["command"]) for e in entries) == sorted(
        (r["dataset"], r["scenario"], "batch") for r in rows if r["folder"]
    )
    assert len(list(out.rglob("*-scenarios.csv"))) == 2  # each dataset's comparison
    # run again: nothing solved, nothing entered twice
    again = CliRunner().invoke(cli, ["batch", str(path), "--out", str(out), "--workers", "1"])
    assert "6 个点已在" in again.output and "还需求解 0 个" in again.output  # a refusal stands
    assert len(ledger.entries(out)) == len(entries)


def test_batch_command_needs_a_file_or_draws(tmp_path):
    result = CliRunner().invoke(cli, ["batch", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--draws" in result.output
    bad = CliRunner().invoke(
        cli, ["batch", "--draws", "3", "--vary", "budget.central=10", "--year", "2018"]
    )
    assert bad.exit_code == 2 and "--vary" in bad.output and "±P%" in bad.output
    tiny.write(tmp_path / "data")
    path = write_batch(tmp_path, "years: 2018\ndatasets: [data]\n")
    for extra in (["--data", "data/shanxi"], ["--seed", "3"], ["--year", "2018"]):
        mixed = CliRunner().invoke(cli, ["batch", str(path), *extra, "--out", str(tmp_path)])
        assert mixed.exit_code == 2 and "--draws" in mixed.output, extra


def test_the_readme_batch_file_reads_and_every_override_applies(tmp_path, root):
    """The batch file the README shows: both datasets read, each base and scenario a point, and
    no override refused by either dataset."""
    from optimiser.scenario.overrides import apply, parse_all

    readme = (root / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("# provinces.yaml") :]
    (tmp_path / "data").symlink_to(root / "data")
    path = write_batch(tmp_path, block[: block.index("```")])
    datasets, points = load_batch(read_batch(path))
    assert sorted(d.name for d in datasets.values()) == ["hebei", "shanxi"]
    assert [(p.name, p.years) for p in points] == [
        (name, years)
        for years in ((2018,), (2018, 2019, 2020))
        for name in ("base", "中央资金减10%", "取消增幅要求")
    ]
    for point in points:
        apply(datasets[point.data_hash], parse_all(list(point.overrides)))


def test_workers_with_a_remote_scheduler_is_refused(tmp_path):
    """--workers sizes this machine's pool or `--scheduler local`; a cluster's workers are its
    own, so the option would do nothing there."""
    data = sweep_data.write(tmp_path / "data")
    args = ["sweep", "--param", PARAM, "--from", "+0%", "--to", "+10%", "--steps", "2"]
    args += ["--year", "2018", "--data", str(data), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, [*args, "--workers", "2", "--scheduler", "tcp://h:8786"])
    assert result.exit_code == 2 and "--workers" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("sweep.csv"))
