"""The executor on a Dask cluster (`--scheduler tcp://host:8786`), or on a Dask cluster of this
machine's processes (`--scheduler local`: distributed.LocalCluster, `--workers` of them).

Each dataset goes to the cluster once per content hash, as a task of its own that holds it
(`allocate-dataset-<hash>`); every point's task depends on it, so a worker receives a dataset
once, keeps it while the batch runs and holds its warm base (optimiser.batch.warm), and a task
carries only its point. If the worker holding a dataset dies, the scheduler has the dataset
again from that task. A worker that dies mid-task has the task re-run on another (the
scheduler's `allowed-failures`, 3 by default, after which the point is recorded as failed with
the reason); results are taken once per point, so none is lost or written twice.

Every worker must run the same versions of this package and the solver as this machine (checked
when the batch starts), and one task at a time (`dask worker ADDRESS --nthreads 1`; more threads
give no more speed, the solver holding the interpreter).
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
import warnings
from collections.abc import Iterator

from optimiser.batch.local import failed
from optimiser.batch.points import Point, solve_point
from optimiser.dataset import Dataset
from optimiser.surroundings import SurroundingsError

CONNECT_SECONDS = 10
WORKERS_SECONDS = 60
COMPARED = ("optimiser", "python", "highspy", "pyomo", "pandas")  # versions that shape a plan


class ClusterError(SurroundingsError):
    """A Dask cluster the batch cannot use (exit 6): the words in optimiser.batch.words."""

    def __init__(self, kind: str, address: str, **fields: object):
        self.address = address
        super().__init__(kind, address, address=address, **fields)

    def say(self, lang: str) -> str:
        from optimiser.batch.words import W

        return W.say(self.kind, lang, **self.fields)


def _hold(data: Dataset) -> Dataset:
    return data


def _versions() -> dict[str, str]:
    from optimiser.versions import versions

    return versions()


class DaskExecutor:
    """Points solved on a Dask cluster (see the module's text)."""

    name = "dask"

    def __init__(
        self,
        scheduler: str,
        workers: int | None = None,
        cluster=None,
        task=None,
        connect_seconds: float = CONNECT_SECONDS,
    ):
        self.connect_seconds = connect_seconds
        self.scheduler = scheduler
        self.workers = workers
        self.cluster = cluster  # a LocalCluster given (tests) or started here (`local`)
        self.task = task or solve_point  # what a worker does with (point, dataset)
        self._started = False
        self.client = None

    # ---- connecting ------------------------------------------------------------------------
    def __enter__(self) -> DaskExecutor:
        from distributed import Client, LocalCluster

        logging.getLogger("distributed").setLevel(logging.CRITICAL)  # faults are said below
        try:
            if self.cluster is None and self.scheduler == "local":
                # a worker killed outright leaves a semaphore the tracker warns of at exit
                os.environ.setdefault("PYTHONWARNINGS", "ignore:resource_tracker:UserWarning")
                with warnings.catch_warnings():  # its HTTP port taken: it takes another
                    warnings.simplefilter("ignore")
                    self.cluster = LocalCluster(
                        n_workers=self.workers or max(1, len(os.sched_getaffinity(0))),
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",  # this machine only
                        dashboard_address=None,
                        silence_logs=logging.CRITICAL,
                        preload=["optimiser.batch.worker_setup"],  # Ctrl-C is this process's
                    )
                self._started = True
            target = self.cluster if self.cluster is not None else self.scheduler
            self.client = Client(target, timeout=self.connect_seconds, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.__exit__(None, None, None)
            raise ClusterError("unreachable", self.scheduler, reason=_said(exc)) from exc
        try:
            self._check_workers()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _check_workers(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                "no_workers", self.address, seconds=WORKERS_SECONDS, reason=_said(exc)
            ) from exc
        try:
            found = self.client.run(_versions)
        except Exception as exc:  # noqa: BLE001 - a worker without the package, said so
            raise ClusterError(
                "no_package", self.address, worker=self.address, reason=_said(exc)
            ) from exc
        here = _versions()
        for worker, theirs in sorted(found.items()):
            differences = [
                f"{name} {theirs.get(name)} / {here.get(name)}"
                for name in COMPARED
                if theirs.get(name) != here.get(name)
            ]
            if differences:
                raise ClusterError(
                    "versions", self.address, worker=worker, differences=", ".join(differences)
                )

    @property
    def address(self) -> str:
        if self.client is not None and self.client.scheduler is not None:
            return str(self.client.scheduler.address)
        return self.scheduler

    def __exit__(self, *exc) -> None:
        client, cluster = self.client, self.cluster
        self.client = None
        if client is not None:
            with contextlib.suppress(Exception):  # a connection already gone
                client.close()
        if cluster is not None and self._started:
            self.cluster = None
            self._started = False
            with contextlib.suppress(Exception):
                cluster.close()

    def describe(self) -> dict:
        workers = len(self.client.scheduler_info().get("workers", {})) if self.client else 0
        return {"executor": "dask", "address": self.address, "workers": workers}

    # ---- solving ---------------------------------------------------------------------------
    def results(self, points: list[Point], datasets: dict[str, Dataset]) -> Iterator[dict]:
        """Each point's result as it finishes; the tasks not yet finished are cancelled when the
        caller stops reading (Ctrl-C)."""
        from distributed import as_completed

        client = self.client
        batch = uuid.uuid4().hex[:8]
        held = {}
        with warnings.catch_warnings():  # a dataset is one task's argument on purpose (above)
            warnings.simplefilter("ignore")
            for data_hash in dict.fromkeys(p.data_hash for p in points):
                held[data_hash] = client.submit(
                    _hold, datasets[data_hash], key=f"allocate-dataset-{data_hash}-{batch}"
                )
        waiting = {
            client.submit(
                self.task,
                point,
                held[point.data_hash],
                key=f"allocate-point-{point.key}-{batch}",
                pure=False,
            ): point
            for point in points
        }
        try:
            for future in as_completed(list(waiting), loop=client.loop):
                point = waiting.pop(future)
                if future.status == "finished":
                    result = future.result()
                elif future.status == "cancelled":  # the scheduler let it go: connection lost
                    raise ClusterError("lost", self.address, reason="the task was cancelled")
                else:  # KilledWorker after allowed-failures, or an error outside the point
                    exc = future.exception()
                    result = failed(point, _said(exc))
                future.release()
                yield result
        except (OSError, TimeoutError) as exc:
            raise ClusterError("lost", self.address, reason=_said(exc)) from exc
        finally:
            if waiting and self.client is not None:
                with contextlib.suppress(Exception):  # the connection may be gone
                    client.cancel(list(waiting))
            for future in held.values():
                future.release()


def _said(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
