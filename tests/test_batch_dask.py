"""The batch executor on a Dask cluster (distributed.LocalCluster, two worker processes): the same
files and ledger entries as this machine's executor for a sweep and a scenario set, a worker
killed mid-task that loses no point and writes none twice, a re-run that skips finished points,
and a Monte Carlo batch that survives a killed worker and writes its report."""

from __future__ import annotations

import csv
import logging
import os
import signal
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import sweep_data

from optimiser import ledger
from optimiser.api import load
from optimiser.batch.cluster import ClusterError, DaskExecutor
from optimiser.batch.local import LocalExecutor
from optimiser.batch.points import solve_point
from optimiser.scenario.sets import Scenario, run_scenarios, run_sweep
from optimiser.staging import alive

PARAM = "budget.central.2018"
VALUES = ["-5%", "+0%", "+2%", "+5%", "+10%", "+20%"]  # -5%: no plan (tests/sweep_data.py)


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        host="127.0.0.1",
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.CRITICAL,
    ) as started:
        yield started


@pytest.fixture(scope="module")
def movers(tmp_path_factory):
    return load(sweep_data.write(tmp_path_factory.mktemp("dask") / "data"))


@dataclass
class KillOnce:
    """A task that kills its own worker process (SIGKILL) the first time it meets point
    `index`, then solves points as usual: a worker that dies mid-task. Pickled by reference to
    this module, which the workers import (their sys.path is this process's)."""

    marker: str
    index: int

    def __call__(self, point, data):
        if point.index == self.index and not os.path.exists(self.marker):
            Path(self.marker).write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        return solve_point(point, data)


class Counting(DaskExecutor):
    def results(self, points, datasets):
        self.handed = [p.index for p in points]
        yield from super().results(points, datasets)


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_a_sweep_on_the_cluster_writes_the_same_file(cluster, movers, tmp_path):
    here = tmp_path / "here.csv"
    run_sweep(movers, [2018], PARAM, VALUES, here, executor=LocalExecutor(1))
    there = tmp_path / "there.csv"
    run_sweep(movers, [2018], PARAM, VALUES, there, executor=DaskExecutor("local", cluster=cluster))
    assert there.read_bytes() == here.read_bytes()
    rows = read_rows(there)
    assert [r["status"] for r in rows] == ["infeasible"] + ["optimal"] * 5
    assert "R-DEADLINE" in rows[0]["conflict"]


def test_a_scenario_set_on_the_cluster_gives_the_same_folders_and_ledger(cluster, movers, tmp_path):
    from optimiser.scenario.overrides import parse_all

    scenarios = [
        Scenario("削减2%", tuple(parse_all(["budget.central.2018=-2%"]))),
        Scenario("增加10%", tuple(parse_all(["budget.central.2018=+10%"]))),
        Scenario("削减5%", tuple(parse_all(["budget.central.2018=-5%"]))),
        Scenario("不限期", tuple(parse_all([], off=["R-DEADLINE"]))),
    ]
    found = {}
    for name, executor in (
        ("here", LocalExecutor(1)),
        ("there", DaskExecutor("local", cluster=cluster)),
    ):
        out = tmp_path / name
        rows = run_scenarios(movers, [2018], scenarios, out, out / "points.csv", executor)
        found[name] = (out, rows)
    (here, here_rows), (there, there_rows) = found["here"], found["there"]
    assert [r["scenario"] for r in there_rows] == ["base", "削减2%", "增加10%", "削减5%", "不限期"]
    assert [r["status"] for r in there_rows] == [r["status"] for r in here_rows]
    assert there_rows[3]["status"] == "infeasible"
    for a, b in zip(here_rows, there_rows, strict=True):
        files_a = sorted(p.name for p in Path(a["folder"]).iterdir())
        assert files_a == sorted(p.name for p in Path(b["folder"]).iterdir())
        for name in files_a:  # the plan's tables, and a conflict explained, to the byte
            if name != "summary.json":  # (its timings and start differ)
                assert (Path(a["folder"]) / name).read_bytes() == (
                    Path(b["folder"]) / name
                ).read_bytes(), name

    def entries(out):
        keep = ("dataset", "years", "scenario", "command", "input_hash", "status", "objective")
        return sorted(tuple(e[k] for k in (*keep, "exit_code")) for e in ledger.entries(out))

    assert entries(there) == entries(here)
    assert len(entries(there)) == 5


def test_a_worker_killed_mid_task_loses_no_point_and_writes_none_twice(cluster, movers, tmp_path):
    here = tmp_path / "here.csv"
    run_sweep(movers, [2018], PARAM, VALUES, here, executor=LocalExecutor(1))
    marker = tmp_path / "killed"
    there = tmp_path / "there.csv"
    executor = DaskExecutor("local", cluster=cluster, task=KillOnce(str(marker), 3))
    run_sweep(movers, [2018], PARAM, VALUES, there, executor=executor)
    pid = int(marker.read_text())  # the worker solving point 3 was killed ...
    assert not alive(pid)
    assert there.read_bytes() == here.read_bytes()  # ... and its point solved by another
    assert len({r["key"] for r in read_rows(there)}) == len(VALUES)


def test_a_rerun_on_the_cluster_skips_finished_points(cluster, movers, tmp_path):
    path = tmp_path / "sweep.csv"
    first = DaskExecutor("local", cluster=cluster)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(movers, [2018], PARAM, VALUES, path, executor=first, stop_after=2)
    kept = [r["value"] for r in read_rows(path)]
    assert len(kept) == 2
    again = Counting("local", cluster=cluster)
    rows = run_sweep(movers, [2018], PARAM, VALUES, path, executor=again)
    assert sorted(again.handed) == sorted(VALUES.index(v) for v in VALUES if v not in kept)
    assert [r["value"] for r in rows] == VALUES
    assert [r["value"] for r in read_rows(path)] == VALUES


def test_draws_on_the_cluster_survive_a_killed_worker_and_write_the_report(
    cluster, movers, tmp_path
):
    from optimiser.batch.draws import (
        distribution,
        draw_points,
        draws_columns,
        parse_vary,
        text_columns,
    )
    from optimiser.batch.draws_report import write_report
    from optimiser.batch.driver import run_batch
    from optimiser.batch.store import Results, typed

    varies = [parse_vary("budget.central=+0%..+20%")]
    points = draw_points(movers, [2018], varies, 12, seed=7)
    path = tmp_path / "draws.csv"
    results = Results(path, draws_columns(movers, varies))
    marker = tmp_path / "killed"
    executor = DaskExecutor("local", cluster=cluster, task=KillOnce(str(marker), 5))

    def write(point, result):
        return {**(result.get("row") or dict(point.fields)), "status": result["status"]}

    with executor:
        run_batch(points, {movers.input_hash: movers}, executor, results, write)
    assert marker.exists()
    rows = [
        typed(r, text_columns(varies)) for r in Results(path, results.columns).finished().values()
    ]
    assert [int(r["draw"]) for r in rows] == list(range(13))
    found = distribution(rows, movers)
    assert (found.draws, found.planned, found.failed) == (12, 12, 0)
    write_report(found, movers, [2018], varies, 7, tmp_path, "zh")
    small = np.array([r["county:small7"] for r in rows if r["draw"] > 0])
    with open(tmp_path / "distribution.csv", encoding="utf-8-sig") as handle:
        table = {r["县代码"]: r for r in csv.DictReader(handle)}
    assert float(table["small7"]["平均（万元）"]) == pytest.approx(small.mean(), abs=0.005)
    assert float(table["small7"]["95%分位（万元）"]) == pytest.approx(
        np.percentile(small, 95), abs=0.005
    )
    assert table["small7"]["县"] == "小七县"


def test_a_scheduler_that_is_not_there_is_said_with_its_address():
    with (
        pytest.raises(ClusterError) as caught,
        DaskExecutor("tcp://127.0.0.1:9", connect_seconds=1),
    ):
        pass
    said = caught.value.say("zh")
    assert "tcp://127.0.0.1:9" in said and "`dask scheduler`" in said


def test_workers_on_other_versions_are_refused_before_anything_is_solved(cluster, monkeypatch):
    monkeypatch.setattr("optimiser.versions.__version__", "9.9.9")  # this process only
    with pytest.raises(ClusterError) as caught, DaskExecutor("local", cluster=cluster):
        pass
    said = caught.value.say("en")
    assert "optimiser 0.1.0 / 9.9.9" in said and "same lock" in said


def test_sweep_command_on_a_local_cluster_writes_what_this_machine_writes(movers, tmp_path):
    """`--scheduler local`: the command starts a Dask cluster of its own and closes it."""
    from click.testing import CliRunner

    from optimiser.cli import cli

    args = ["sweep", "--param", PARAM, "--from", "+0%", "--to", "+10%", "--steps", "3"]
    args += ["--year", "2018", "--data", str(movers.folder)]
    for name, extra in (
        ("here", ["--workers", "1"]),
        ("there", ["--scheduler", "local", "--workers", "1"]),
    ):
        result = CliRunner().invoke(cli, [*args, *extra, "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    (here,) = (tmp_path / "here").rglob("sweep.csv")
    (there,) = (tmp_path / "there").rglob("sweep.csv")
    assert there.read_bytes() == here.read_bytes()
    assert there.relative_to(tmp_path / "there") == here.relative_to(tmp_path / "here")
