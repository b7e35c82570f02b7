"""Runs the tests against mutants, each worker in its own copy of the repository.

The copy is imported through PYTHONPATH (ahead of the editable install of the real tree), so a
mutant never touches the working tree; each worker checks this with a canary before it starts.
Bytecode is not written: a mutant and its restore can have the same size and mtime second, and
a stale .pyc would then run the wrong code.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from mutation.operators import Mutant

TOP_LEVEL_SKIP = {".venv", ".venv-tools", ".git", "out", "build", "mutation"}
ANYWHERE_SKIP = {"__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache"}
PYTEST_FLAGS = ["-x", "-q", "-p", "no:cacheprovider"]


class ToolError(RuntimeError):
    """The run cannot be trusted (baseline fails, canary survives): not a mutation result."""


@dataclass
class Result:
    status: str  # killed, survived, timeout
    seconds: float
    returncode: int | None
    detail: str  # the first failing test, when killed
    output: str = ""


def copy_tree(root: Path, dest: Path) -> None:
    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == root
        return {
            n
            for n in names
            if n in ANYWHERE_SKIP or n.endswith(".egg-info") or (top and n in TOP_LEVEL_SKIP)
        }

    shutil.copytree(root, dest, ignore=ignore, symlinks=True)


def export_rev(root: Path, rev: str, dest: Path) -> str:
    """The tracked files at `rev` (read-only for the repository): a snapshot others' unfinished
    edits in the working tree cannot break. Returns the commit, for the report."""
    git = ["git", "-C", str(root)]
    commit = subprocess.run(
        [*git, "rev-parse", "--verify", f"{rev}^{{commit}}"], capture_output=True, text=True
    )
    if commit.returncode:
        raise ToolError(f"no commit {rev!r}")
    rev = commit.stdout.strip()
    archive = subprocess.run([*git, "archive", rev], capture_output=True)
    if archive.returncode:
        raise ToolError(f"git archive {rev}: {archive.stderr.decode(errors='replace').strip()}")
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return rev


class Worker:
    """One private copy of the repository and the pytest command run in it."""

    def __init__(self, snapshot: Path, home: Path, tests: list[str]):
        self.repo, self.tmp = home / "repo", home / "tmp"
        shutil.copytree(snapshot, self.repo, symlinks=True)
        self.tests = tests
        path = os.pathsep.join(p for p in [str(self.repo), os.environ.get("PYTHONPATH")] if p)
        self.env = dict(os.environ, PYTHONPATH=path, PYTHONDONTWRITEBYTECODE="1")
        self.process: subprocess.Popen | None = None

    def pytest(self, timeout: float | None) -> Result:
        command = [sys.executable, "-m", "pytest", *PYTEST_FLAGS, f"--basetemp={self.tmp}"]
        begun = time.monotonic()
        self.process = subprocess.Popen(
            [*command, *self.tests],
            cwd=self.repo,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,  # so a timeout kills the tests' own subprocesses too
        )
        try:
            output, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            self.process.communicate()
            self.process = None
            return Result("timeout", time.monotonic() - begun, None, "")
        seconds = time.monotonic() - begun
        rc = self.process.returncode
        self.process = None
        failed = [ln for ln in output.splitlines() if ln.startswith(("FAILED ", "ERROR "))]
        detail = failed[0] if failed else (output.strip().splitlines() or [""])[-1]
        return Result("survived" if rc == 0 else "killed", seconds, rc, detail[:300], output)

    def kill(self) -> None:
        process = self.process  # read once: the worker thread may clear it meanwhile
        if process and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
                os.killpg(process.pid, signal.SIGKILL)

    def run(self, mutant: Mutant, original: str, timeout: float) -> Result:
        path = self.repo / mutant.file
        if not path.resolve().is_relative_to(self.repo.resolve()):
            raise ToolError(f"{mutant.file} is not inside the copy")
        _write(path, mutant.apply(original))
        try:
            return self.pytest(timeout)
        finally:
            _write(path, original)

    def canary(self) -> Path:
        """Prove the tests import this copy: its own package path, and a broken import fails."""
        probe = subprocess.run(
            [sys.executable, "-c", "import optimiser; print(optimiser.__file__)"],
            cwd="/",
            env=self.env,
            capture_output=True,
            text=True,
        )
        where = Path(probe.stdout.strip() or "?").resolve()
        if self.repo.resolve() not in where.parents:
            raise ToolError(f"the tests would import {where}, not the copy {self.repo}")
        init = self.repo / "optimiser" / "__init__.py"
        original = _read(init)
        _write(init, original + '\nraise ImportError("mutation canary")\n')
        try:
            result = self.pytest(timeout=600)
        finally:
            _write(init, original)
        if result.status != "killed" or "mutation canary" not in result.output:
            raise ToolError("a mutant that breaks `import optimiser` did not fail the tests")
        return where


def run_all(
    mutants: list[Mutant],
    originals: dict[str, str],
    workers: list[Worker],
    timeout: float,
    on_result,
) -> dict[str, Result]:
    """Share the mutants among the workers' threads; `on_result(mutant, result)` as each ends."""
    todo: queue.Queue[Mutant] = queue.Queue()
    for m in mutants:
        todo.put(m)
    results: dict[str, Result] = {}
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[BaseException] = []

    def loop(worker: Worker) -> None:
        try:
            while not stop.is_set():
                try:
                    m = todo.get_nowait()
                except queue.Empty:
                    return
                result = worker.run(m, originals[m.file], timeout)
                if stop.is_set():
                    return  # killed by an interrupt, not by the tests
                with lock:
                    results[m.id] = result
                    on_result(m, result)
        except BaseException as error:  # noqa: BLE001 - raised again by the main thread
            errors.append(error)
            stop.set()

    threads = [threading.Thread(target=loop, args=(w,), daemon=True) for w in workers]
    for t in threads:
        t.start()
    try:
        for t in threads:
            while t.is_alive():
                t.join(0.5)
    except KeyboardInterrupt:
        stop.set()
        for w in workers:
            w.kill()
        for t in threads:
            t.join()  # each restores its file before it ends
        raise
    if errors:
        raise errors[0]
    return results


def parallel(workers: list[Worker], job) -> list:
    """job(worker) on every worker at once (baseline and canaries), results in worker order."""
    out: list = [None] * len(workers)
    failures: list[BaseException] = []

    def one(i: int) -> None:
        try:
            out[i] = job(workers[i])
        except BaseException as error:  # noqa: BLE001
            failures.append(error)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise failures[0]
    return out


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
