"""Loaded into each worker of the Dask cluster `--scheduler local` starts (a Dask preload): the
worker leaves Ctrl-C to the command that started it, which keeps what finished and closes the
cluster, instead of every worker process printing its own traceback."""

from __future__ import annotations

import contextlib
import signal


def dask_setup(_worker) -> None:
    with contextlib.suppress(ValueError):  # not the main thread: nothing to change
        signal.signal(signal.SIGINT, signal.SIG_IGN)
