"""What a process that plans imports: Pyomo's callback on scipy would pull in scipy.stats,
scipy.integrate and scipy.spatial (half a second of every run, optimiser.solve.scipy_parts);
a plan needs scipy.sparse only, and Pyomo's compiler still gets it. The model is built with
pyomo.core: pyomo.environ would load every solver and transformation plugin (0.15 s)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
from optimiser.api import load, solve
run = solve(load(sys.argv[1]), [2018])
print(json.dumps({
    "status": run.solution.status,
    "environ": "pyomo.environ" in sys.modules,
    "loaded": sorted(m for m in sys.modules if m.split(".")[:2] in (
        ["scipy", "stats"], ["scipy", "integrate"], ["scipy", "spatial"], ["scipy", "sparse"])
        and m.count(".") == 1),
}))
"""


def test_a_plan_imports_scipy_sparse_and_not_the_rest_of_scipy_nor_pyomo_environ():
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT / "data" / "shanxi")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["status"] == "optimal"
    assert found["loaded"] == ["scipy.sparse"]
    assert not found["environ"]


# What a plain `allocate --year` run must leave alone: the workbook writer (--xlsx), the HTML
# report (--html), the live page's server, the batch cluster, the workbook import, Pyomo's
# plugins and the parts of SciPy a plan does not use.
NOT_FOR_A_PLAN = (
    "openpyxl",
    "jinja2",
    "starlette",
    "fastapi",
    "uvicorn",
    "dask",
    "distributed",
    "tornado",
    "pyomo.environ",
    "scipy.stats",
    "scipy.integrate",
    "scipy.spatial",
    "optimiser.live",
    "optimiser.batch",
    "optimiser.importing",
    "optimiser.report.html",
)

COMMAND = """
import atexit, gc, json, sys
from pathlib import Path

def said(file=Path(sys.argv[1])):
    file.write_text(json.dumps({"modules": sorted(sys.modules), "frozen": gc.get_freeze_count()}))

atexit.register(said)
sys.argv = ["allocate", *sys.argv[2:]]
from optimiser.cli import main
main()
"""


def _command(tmp_path: Path, *args: str) -> dict:
    """`allocate ARGS` as its own process (optimiser.cli.main, what the console script runs):
    the modules it imported and how many objects it froze."""
    said = tmp_path / "said.json"
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, str(said), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(said.read_text())


def _among(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(m == n or m.startswith(f"{n}.") for m in modules))


def test_a_plain_plan_imports_none_of_what_other_commands_need(tmp_path):
    plan = ["--year", "2018", "--quiet", "--data", str(ROOT / "data" / "shanxi")]
    found = _command(tmp_path, *plan, "--out", str(tmp_path / "out"))
    assert list((tmp_path / "out").rglob("summary.json"))
    assert _among(found["modules"], NOT_FOR_A_PLAN) == []
    # the libraries were imported with the collector paused and frozen after (cli._libraries)
    assert found["frozen"] > 100_000
    # the same process asked for a workbook imports its writer: the list above is seen
    book = _command(tmp_path, *plan, "--xlsx", "--out", str(tmp_path / "book"))
    assert _among(book["modules"], NOT_FOR_A_PLAN) == ["openpyxl"]


def test_the_command_line_alone_imports_no_library_of_a_plan():
    """`allocate --help`, `history`, `rules` ...: the command line itself is light; each command
    imports what it needs when it runs."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, optimiser.cli; print(json.dumps(list(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=True,
    )
    modules = json.loads(done.stdout)
    heavy = ("pandas", "numpy", "pyomo", "scipy", "highspy", "pydantic", "optimiser.dataset")
    assert _among(modules, heavy) == []
