"""One batch from start to end, whichever executor solves it: the points not yet in the results
file are handed to the executor, each result is written as it arrives (a row appended, a run
folder written and entered in the ledger) and counted for the progress bar; when every point is
in, the results file is rewritten in the batch's order.

A point is written once: a result whose key is already written is dropped (a task re-run after
its worker died may still report). A point that failed (`failed`: an error, or a worker that died
too often) is solved again when the batch is run again, its new row replacing the old; a point
with a result of its own (a plan, no plan, an override the dataset refuses) is not.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from optimiser.batch.points import FAILED, Point
from optimiser.batch.store import KEY, Results
from optimiser.dataset import Dataset


@dataclass
class Progress:
    """How far a batch is: points in all, already finished before this run, finished now."""

    total: int
    skipped: int = 0
    done: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def finished(self) -> int:
        return self.skipped + self.done

    @property
    def rate(self) -> float:
        """Points solved per second in this run."""
        seconds = time.perf_counter() - self.started
        return self.done / seconds if seconds > 0 else 0.0


def run_batch(
    points: list[Point],
    datasets: dict[str, Dataset],
    executor,
    results: Results,
    write: Callable[[Point, dict], dict],
    keep: Callable[[dict], bool] | None = None,
    on_start: Callable[[Progress], None] | None = None,
    on_result: Callable[[Point, dict, Progress], None] | None = None,
    stop_after: int | None = None,
) -> Progress:
    """Solve the points of `points` not yet in `results` on `executor`.

    `write(point, result)` writes what a result brings (a run folder, its ledger entry) and
    returns its row for the results file. `keep(row)`: whether a row already in the file stands
    (default: unless its status is `failed`). `on_result` is called after each point is written
    (a progress bar); `stop_after` interrupts after that many, as Ctrl-C would. An interruption
    re-raises after the finished points are written."""
    found = results.finished()
    keep = keep or (lambda row: row.get("status") != FAILED)
    standing = {k for k, row in found.items() if keep(row)}
    results.written = set(standing)  # a failed point's row may be written again, once
    todo = [p for p in points if p.key not in standing]
    progress = Progress(total=len(points), skipped=len(points) - len(todo))
    if on_start is not None:
        on_start(progress)
    by_key = {p.key: p for p in todo}
    if todo:
        with contextlib.closing(executor.results(todo, datasets)) as stream:
            for result in stream:
                point = by_key.get(result["key"])
                if point is None or result["key"] in results.written:
                    continue  # not asked for, or already written: a point is written once
                row = write(point, result)
                row[KEY] = point.key
                results.append(row)
                progress.done += 1
                if on_result is not None:
                    on_result(point, result, progress)
                if stop_after is not None and progress.done >= stop_after:
                    raise KeyboardInterrupt
    results.complete([p.key for p in points])
    return progress


def executor_for(workers: int | None, scheduler: str | None = None, most: int | None = None):
    """The executor the options ask for: a Dask cluster with `scheduler` (`local`: one of this
    machine's processes, `workers` of them), else this machine with `workers` processes (by
    default the cores available, and no more than `most`, the points to solve)."""
    import os

    if scheduler:
        from optimiser.batch.cluster import DaskExecutor

        if workers and scheduler != "local":
            from optimiser.problems import InputError, Problem

            raise InputError(
                [
                    Problem(
                        "--workers",
                        None,
                        None,
                        str(workers),
                        f"no --workers with --scheduler {scheduler}: that cluster's workers are "
                        "the ones started there (`dask worker ADDRESS --nworkers N`)",
                    )
                ]
            )

        return DaskExecutor(scheduler, workers)
    from optimiser.batch.local import LocalExecutor

    cores = max(1, len(os.sched_getaffinity(0)))
    return LocalExecutor(workers or max(1, min(cores, most or cores)))
