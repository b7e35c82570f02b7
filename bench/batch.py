"""Batch throughput (python -m bench.batch): a 40-point sweep of Shanxi 2018's central special
funds (-20% to +20%) in points per second, through this machine's executor (one process, two
processes) and through a Dask LocalCluster (one worker, two workers), each from cold (the
workers start, receive the dataset and solve the base first); and the overhead a task pays on
the cluster against the warm solve it carries: points sent one at a time to one warm worker,
the round trip less the worker's own time, as a share of that time (target: under 5%). Beside
it, what shipping the dataset with every task would cost instead (pickling it and reading it
back), as a share of the same warm solve. bench/README.md reads the figures."""

from __future__ import annotations

import logging
import pickle
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAM = "budget.central_special.2018"
POINTS = 40
ROUND_TRIPS = 20


def sweep_rate(data, values, executor, scratch: Path, name: str) -> tuple[float, float]:
    """Points per second of the whole sweep, and the workers' own seconds per point."""
    from optimiser.scenario.sets import run_sweep

    seconds = []

    def seen(_point, result, _progress):
        seconds.append(result.get("seconds", 0.0))

    t = time.perf_counter()
    run_sweep(
        data, [2018], PARAM, values, scratch / f"{name}.csv", executor=executor, on_result=seen
    )
    wall = time.perf_counter() - t
    return len(values) / wall, statistics.median(seconds)


def main() -> int:
    from distributed import LocalCluster

    from optimiser.api import load
    from optimiser.batch.cluster import DaskExecutor, _hold
    from optimiser.batch.local import LocalExecutor
    from optimiser.batch.points import solve_point
    from optimiser.batch.warm import forget
    from optimiser.scenario.sets import sweep_points, sweep_values

    data = load(ROOT / "data" / "shanxi")
    values = sweep_values("-20%", "+20%", POINTS)
    scratch = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    print(f"sweep of {PARAM} over {POINTS} points (shanxi 2018), from cold; points per second")
    rates = {}
    for workers in (1, 2):
        forget()  # one process: its warm base is made inside the measurement, as a worker's is
        rate, each = sweep_rate(data, values, LocalExecutor(workers), scratch, f"local-{workers}")
        rates[("local", workers)] = rate
        print(f"  local executor, {workers} process(es): {rate:5.2f}  (a point {each:.3f} s)")
    for workers in (1, 2):
        with LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as cluster:
            started = time.perf_counter()
            executor = DaskExecutor("local", cluster=cluster)
            rate, each = sweep_rate(data, values, executor, scratch, f"dask-{workers}")
            rates[("dask", workers)] = rate
            print(
                f"  Dask LocalCluster, {workers} worker(s): {rate:5.2f}  (a point {each:.3f} s; "
                f"{time.perf_counter() - started:.1f} s in all)"
            )
    print(
        "  2 / 1: local {:.2f}x, Dask {:.2f}x; Dask / local: {:.2f} (1), {:.2f} (2)".format(
            rates[("local", 2)] / rates[("local", 1)],
            rates[("dask", 2)] / rates[("dask", 1)],
            rates[("dask", 1)] / rates[("local", 1)],
            rates[("dask", 2)] / rates[("local", 2)],
        )
    )

    print(f"a task's overhead on the cluster against its warm solve ({ROUND_TRIPS} points, one")
    print("at a time, to one warm worker; medians)")
    points = sweep_points(data, [2018], PARAM, sweep_values("-10%", "+10%", ROUND_TRIPS))
    with (
        LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as cluster,
        DaskExecutor("local", cluster=cluster) as executor,
    ):
        client = executor.client
        with warnings.catch_warnings():  # the dataset is one task's argument on purpose
            warnings.simplefilter("ignore")
            held = client.submit(_hold, data, key="bench-dataset")
        client.submit(solve_point, points[0], held, pure=False).result()  # the base, warm
        trips, own = [], []
        for point in points:
            t = time.perf_counter()
            result = client.submit(solve_point, point, held, pure=False).result()
            trips.append(time.perf_counter() - t)
            own.append(result["seconds"])
    trip, warm = statistics.median(trips), statistics.median(own)
    overheads = sorted(a - b for a, b in zip(trips, own, strict=True))
    overhead = statistics.median(overheads)
    print(
        f"  round trip {trip:.3f} s, the worker's warm solve {warm:.3f} s: overhead "
        f"{overhead * 1000:.1f} ms a task, {overhead / warm:.1%} of the solve (target < 5%)"
    )
    t = time.perf_counter()
    blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.loads(blob)
    ship = time.perf_counter() - t
    print(
        f"  shipping the dataset with every task instead: {len(blob) / 1e6:.1f} MB, "
        f"{ship:.3f} s to pickle and read back alone ({ship / warm:.0%} of the warm solve)"
    )
    import shutil

    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
