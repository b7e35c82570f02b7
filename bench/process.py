"""A command from start to finish (python -m bench.process): `allocate --year 2018 --quiet` on
Shanxi as a whole process, the wall time a scheduled run or a person at a terminal waits, against
references measured in the same run, each the median of 5 fresh processes:

- the interpreter alone (`python -c pass`);
- the imports a planning command makes (optimiser.cli and optimiser.api);
- the plan made inside a process that has already imported them: load, solve, explain, write.

Target: the whole process within 1.0 s. What lies between the whole and the parts is where to look
next (`python -X importtime -m optimiser.cli ...` names the imports)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
TARGET = 1.0

IMPORTS = """
import time
started = time.perf_counter()
import optimiser.cli, optimiser.api
print(time.perf_counter() - started)
"""

PLAN = """
import sys, time
from pathlib import Path
import optimiser.cli, optimiser.api
from optimiser.api import load, solve
from optimiser.explain.collect import explain_run
from optimiser.report.run_files import write_run
started = time.perf_counter()
run = solve(load(sys.argv[1]), [2018])
write_run(run, Path(sys.argv[2]), explanation=explain_run(run))
print(time.perf_counter() - started)
"""


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True, env=_env())
    return time.perf_counter() - started


def printed(code: str, *args: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
    )
    return float(done.stdout.strip().splitlines()[-1])


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def main() -> int:
    data = str(ROOT / "data" / "shanxi")
    allocate = [sys.executable, "-m", "optimiser.cli"]
    with tempfile.TemporaryDirectory() as scratch:
        whole = statistics.median(
            wall(
                [*allocate, "--year", "2018", "--data", data, "--out", f"{scratch}/o{i}", "--quiet"]
            )
            for i in range(RUNS)
        )
        bare = statistics.median(wall([sys.executable, "-c", "pass"]) for _ in range(RUNS))
        imports = statistics.median(printed(IMPORTS) for _ in range(RUNS))
        plan = statistics.median(printed(PLAN, data, f"{scratch}/p{i}") for i in range(RUNS))
    print("a command from start to finish: allocate --year 2018 --quiet, Shanxi (seconds)")
    print(
        f"  whole process {whole:6.3f}  target {TARGET:.1f} s "
        f"({'met' if whole <= TARGET else 'not met'})  ratio to the plan inside {whole / plan:5.2f}"
    )
    print(
        f"  of which: interpreter {bare:.3f}, imports {imports:.3f}, plan (load to write) "
        f"{plan:.3f}, the rest {whole - bare - imports - plan:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
