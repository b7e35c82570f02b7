"""The executor on this machine: the points solved in this process (one worker) or in worker
processes (`--workers N`).

Each worker process receives the batch's datasets once, when it starts, not with every task;
a task carries only its point. A worker process that dies while solving (killed, out of
memory) breaks the pool: a new pool is started and the points that were being solved are
solved again; a point whose worker dies DEATHS times is recorded as failed, with that reason,
and the batch goes on.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from optimiser.batch.points import FAILED, Point, solve_point
from optimiser.dataset import Dataset

DEATHS = 3  # a point whose worker process died this often is recorded as failed

_installed: dict[str, Dataset] = {}  # in a worker process: the batch's datasets by content hash


def _install(datasets: dict[str, Dataset]) -> None:
    _installed.update(datasets)


def _task(point: Point) -> dict:
    return solve_point(point, _installed[point.data_hash])


def failed(point: Point, reason: str) -> dict:
    """The result of a point that could not be solved for a reason outside it."""
    return {"key": point.key, "index": point.index, "status": FAILED, "reason": reason}


class LocalExecutor:
    """Points solved on this machine: in this process (`workers` 1) or in that many processes."""

    name = "local"

    def __init__(self, workers: int = 1):
        self.workers = max(1, int(workers))

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def describe(self) -> dict:
        return {"executor": "local", "workers": self.workers}

    def results(self, points: list[Point], datasets: dict[str, Dataset]) -> Iterator[dict]:
        """Each point's result as it finishes."""
        if self.workers == 1 or len(points) <= 1:
            for point in points:
                yield solve_point(point, datasets[point.data_hash])
            return
        used = {p.data_hash for p in points}
        shipped = {h: d for h, d in datasets.items() if h in used}
        pending = deque(points)
        deaths: Counter[str] = Counter()
        while pending:
            pool = ProcessPoolExecutor(
                max_workers=min(self.workers, len(pending)),
                initializer=_install,
                initargs=(shipped,),
            )
            running: dict = {}
            try:
                while pending or running:
                    while pending and len(running) < self.workers:
                        point = pending.popleft()
                        running[pool.submit(_task, point)] = point
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    broken = False
                    for future in done:
                        if isinstance(future.exception(), BrokenProcessPool):
                            broken = True
                            continue
                        point = running.pop(future)
                        exc = future.exception()
                        if exc is not None and not isinstance(exc, Exception):
                            raise exc  # Ctrl-C or SIGTERM met the worker too: the batch stops
                        if exc is not None:  # the task could not even start (not the point's)
                            yield failed(point, f"{type(exc).__name__}: {exc}")
                        else:
                            yield future.result()
                    if broken:
                        break
            finally:
                pool.shutdown(wait=False, cancel_futures=True)
            for point in sorted(running.values(), key=lambda p: p.index, reverse=True):
                deaths[point.key] += 1  # its worker died (or one beside it did)
                if deaths[point.key] >= DEATHS:
                    yield failed(
                        point, f"the worker process solving it died {DEATHS} times (killed?)"
                    )
                else:
                    pending.appendleft(point)
