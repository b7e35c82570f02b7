"""A command from start to finish (python -m bench.process): `allocate --year 2018 --quiet` on
Shanxi as a whole process, the wall time a scheduled run or a person at a terminal waits, against
references measured in the same run, each the median of 5 fresh processes:

- the interpreter alone (`python -c pass`);
- the imports a planning command makes (optimiser.cli, then what `allocate` imports to plan, the
  way it imports them: optimiser.cli._libraries);
- the plan made inside a process that has already imported them: load, solve, explain, write.

What lies between the whole and the parts ("the rest") is the command's own work around the plan,
two parts of it measured inside the plan's processes (the report printed and kept as run.log, the
ledger's entry opened and closed), and the process's start and end. The imports are split by
package with `python -X importtime` (its shares of one run, applied to the median).

Every process runs with Python's bytecode cache, in a scratch folder filled by a first run that is
not counted: an installed `allocate` runs so from its second run on. (With PYTHONDONTWRITEBYTECODE
set, as in some shells, the package's own modules would be compiled in every run.)

Target: the whole process within 1.0 s."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
TARGET = 1.0

# what `allocate --year` imports to plan (optimiser.cli._allocate), the way it imports them
IMPORT_PLAN = """
import optimiser.cli as cli
cli._own_process = True
with cli._libraries():
    import optimiser.api, optimiser.explain.collect, optimiser.explain.price
    import optimiser.ledger, optimiser.report.run_files, optimiser.versions
"""

IMPORTS = f"""
import time
started = time.perf_counter()
{IMPORT_PLAN}
print(time.perf_counter() - started)
"""

PLAN = f"""
import json, sys, time
from pathlib import Path
{IMPORT_PLAN}
from optimiser import ledger
from optimiser.api import load, solve
from optimiser.explain.collect import explain_run
from optimiser.report.run_files import write_run
from optimiser.versions import versions

out = Path(sys.argv[2])
parts = {{}}
started = t = time.perf_counter()
data = load(sys.argv[1])
parts["load"] = time.perf_counter() - t
run = solve(data, [2018])
t = time.perf_counter()
explanation = explain_run(run)
parts["explain"] = time.perf_counter() - t
t = time.perf_counter()
folder = write_run(run, out, explanation=explanation)
parts["write"] = time.perf_counter() - t
parts["plan"] = time.perf_counter() - started
for part in ("build", "handover", "solver", "results", "audit"):
    parts[part] = run.timings.get(part, 0.0)
parts["solve other"] = (
    parts["plan"] - parts["load"] - parts["explain"] - parts["write"]
    - sum(run.timings.get(p, 0.0) for p in ("build", "handover", "solver", "results", "audit"))
)
t = time.perf_counter()
cli._show(folder, None, False, quiet=True)
parts["report"] = time.perf_counter() - t
t = time.perf_counter()
entry = ledger.open_entry(out, data.name, [2018], "base", "allocate", data.input_hash,
                          versions(), "zh")
ledger.close_entry(out, entry, run.solution.status, 0, run.solution.objective, folder, {{}})
parts["ledger"] = time.perf_counter() - t
print(json.dumps(parts))
"""

# import time by top-level package, as `python -X importtime` names it
PACKAGES = {
    "pandas": "pandas",
    "numpy": "numpy",
    "pyomo": "pyomo",
    "scipy": "scipy",
    "highspy": "highspy",
    "pydantic": "pydantic",
    "pydantic_core": "pydantic",
    "annotated_types": "pydantic",
    "typing_inspection": "pydantic",
    "optimiser": "optimiser",
}
SHOWN = ("pandas", "numpy", "pyomo", "scipy", "highspy", "pydantic", "optimiser", "other")


def _env(cache: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def wall(command: list[str], cache: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True, env=_env(cache))
    return time.perf_counter() - started


def printed(code: str, cache: Path, *args: str, python: tuple[str, ...] = ()) -> str:
    done = subprocess.run(
        [sys.executable, *python, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=_env(cache),
    )
    return done.stdout.strip().splitlines()[-1] if not python else done.stderr


def import_shares(cache: Path) -> dict[str, float]:
    """Each package's share of the imports' own time in one run of `-X importtime`."""
    own: Counter = Counter()
    for line in printed(IMPORTS, cache, python=("-X", "importtime")).splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        self_us, _cumulative, name = line.removeprefix("import time:").split("|")
        own[PACKAGES.get(name.strip().split(".")[0], "other")] += int(self_us)
    total = sum(own.values())
    return {package: own[package] / total for package in SHOWN}


def main() -> int:
    load_before = os.getloadavg()[0]
    data = str(ROOT / "data" / "shanxi")
    allocate = [sys.executable, "-m", "optimiser.cli", "--year", "2018", "--data", data]
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "pycache"
        wall([*allocate, "--out", f"{scratch}/first", "--quiet"], cache)  # fills the cache
        whole = statistics.median(
            wall([*allocate, "--out", f"{scratch}/o{i}", "--quiet"], cache) for i in range(RUNS)
        )
        bare = statistics.median(wall([sys.executable, "-c", "pass"], cache) for _ in range(RUNS))
        imports = statistics.median(float(printed(IMPORTS, cache)) for _ in range(RUNS))
        inside = [json.loads(printed(PLAN, cache, data, f"{scratch}/p{i}")) for i in range(RUNS)]
        shares = import_shares(cache)
    part = {name: statistics.median(p[name] for p in inside) for name in inside[0]}
    plan = part["plan"]
    rest = whole - bare - imports - plan
    print("a command from start to finish: allocate --year 2018 --quiet, Shanxi")
    print(
        f"(seconds, median of {RUNS} fresh processes each, with the bytecode cache; load average "
        f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after: on a busy machine every part "
        "is slower)"
    )
    print(
        f"  whole process {whole:6.3f}   target {TARGET:.1f} s: "
        f"{'met' if whole <= TARGET else 'not met'}   ratio to the plan inside {whole / plan:4.2f}"
    )
    print("  where the time goes:")
    print(f"    interpreter      {bare:6.3f}")
    split = ", ".join(f"{name} {imports * shares[name]:.3f}" for name in SHOWN)
    print(f"    imports          {imports:6.3f}   {split}")
    inner = ("load", "build", "handover", "solver", "results", "audit", "solve other")
    steps = ", ".join(f"{name} {part[name]:.3f}" for name in (*inner, "explain", "write"))
    print(f"    plan             {plan:6.3f}   {steps}")
    print(
        f"    the rest         {rest:6.3f}   report and run.log {part['report']:.3f}, "
        f"ledger {part['ledger']:.3f}, the process's start and end and what else the command "
        f"does {rest - part['report'] - part['ledger']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
