"""`make bench`: time each step of a run on the shipped datasets and report the overhead around
the solver as a ratio measured in the same run (these machines are noisy; absolute seconds are
for orientation only).

Steps: load (read and validate the files), build (prepare the run's inputs and the Pyomo model),
handover (compile to a matrix and pass it to HiGHS), solve (HiGHS's own time, every stage),
results (tables from the solution), write (the run folder). `total / solver` is the Pyomo and
Python overhead as a multiple of the solver's time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    ("shanxi", (2018,)),
    ("shanxi", (2017, 2018, 2019, 2020)),
    ("jincheng", (2018,)),
    ("hebei", (2018, 2019, 2020)),
]


def measure(dataset: str, years: tuple[int, ...], out: Path) -> dict[str, float]:
    from optimiser.api import load, solve
    from optimiser.report.run_files import write_run

    timings: dict[str, float] = {}
    start = time.perf_counter()
    data = load(ROOT / "data" / dataset)
    timings["load"] = time.perf_counter() - start
    run = solve(data, years)
    timings["build"] = run.timings["build"]
    timings["handover"] = run.timings.get("handover", 0.0)
    timings["solver"] = run.timings.get("solver", 0.0)
    timings["results"] = run.timings.get("results", 0.0)
    t = time.perf_counter()
    write_run(run, out)
    timings["write"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - start
    timings["status"] = run.solution.status
    timings["variables"] = run.solution.counts.get("variables", 0)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the median is shown")
    args = parser.parse_args()
    import optimiser.api  # noqa: F401 - import once, outside the timings

    warm = tempfile.mkdtemp()
    measure("shanxi", (2018,), Path(warm))  # first use loads compiled modules; not timed
    shutil.rmtree(warm, ignore_errors=True)
    header = [
        "case",
        "vars",
        "status",
        "load",
        "build",
        "handover",
        "solver",
        "results",
        "write",
        "total",
        "total/solver",
    ]
    rows = []
    for dataset, years in CASES:
        if not (ROOT / "data" / dataset / "policy.yaml").exists():
            continue
        samples = []
        for _ in range(args.repeat):
            out = Path(tempfile.mkdtemp())
            samples.append(measure(dataset, years, out))
            shutil.rmtree(out, ignore_errors=True)
        samples.sort(key=lambda s: s["total"])
        mid = samples[len(samples) // 2]
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        ratio = mid["total"] / mid["solver"] if mid["solver"] else float("nan")
        rows.append(
            [f"{dataset} {span}", str(mid["variables"]), mid["status"]]
            + [
                f"{mid[k]:.3f}"
                for k in ("load", "build", "handover", "solver", "results", "write", "total")
            ]
            + [f"{ratio:.1f}x"]
        )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print("seconds, median of", args.repeat, "runs each")
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
