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
