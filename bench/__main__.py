"""`make bench`: time each step of a run on the shipped datasets and report the overhead around
the solver as a ratio measured in the same run (these machines are noisy; absolute seconds are
for orientation only).

Steps: load (read and validate the files), build (prepare the run's inputs and the Pyomo model),
handover (compile to a matrix and pass it to HiGHS), solver (HiGHS's own time, every stage),
sensitivity (duals and ranging; for a plan with projects, the LP with them fixed), results
(tables from the solution), explain (binding values and unfunded projects; for the infeasible
case the conflict diagnosis: IIS and elastic re-solves), write (the run folder).
`total/solver` is everything around the solver as a multiple of the solver's own time.

The infeasible case is Shanxi 2017-2020 with the deep counties' relending floor doubled to
20 亿元, which the relending quota cannot meet. The synthetic cases (national size: 832 counties
with 20,000 and 100,000 candidate projects, `allocate generate --seed 1`) run once each with a
60 s solver limit per solve and a 0.1% gap; `--quick` leaves them out.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HORIZON = (2017, 2018, 2019, 2020)
CASES = [
    ("shanxi", (2018,)),
    ("shanxi", HORIZON),
    ("jincheng", (2018,)),
    ("hebei", (2018, 2019, 2020)),
    ("shanxi-infeasible", HORIZON),
]
LARGE = [("synthetic-832-20000", (2017,)), ("synthetic-832-100000", (2017,))]
STEPS = (
    "load",
    "build",
    "handover",
    "solver",
    "sensitivity",
    "results",
    "explain",
    "write",
    "total",
)


def dataset_folder(name: str, scratch: Path) -> Path:
    """The shipped dataset, or for 'shanxi-infeasible' a copy of Shanxi with the deep counties'
    relending floor doubled beyond the quota."""
    if name.startswith("synthetic-"):
        folder = scratch / name
        if not folder.exists():
            from optimiser.api import load
            from optimiser.synthetic import generate

            _, counties, projects = name.split("-")
            generate(load(ROOT / "data" / "shanxi"), int(counties), int(projects), 1, 1, folder)
        return folder
    if name != "shanxi-infeasible":
        return ROOT / "data" / name
    folder = scratch / "shanxi"
    if not folder.exists():
        shutil.copytree(ROOT / "data" / "shanxi", folder)
        policy = folder / "policy.yaml"
        text = policy.read_text(encoding="utf-8")
        policy.write_text(
            text.replace("min_deep_wan: 100000", "min_deep_wan: 200000"), encoding="utf-8"
        )
    return folder


def measure(
    folder: Path,
    years: tuple[int, ...],
    out: Path,
    time_limit: float | None = None,
    mip_gap: float = 1e-4,
) -> dict:
    from optimiser.api import load, solve
    from optimiser.explain.collect import explain_run
    from optimiser.report.run_files import write_run

    timings: dict = {}
    start = time.perf_counter()
    data = load(folder)
    timings["load"] = time.perf_counter() - start
    run = solve(data, years, time_limit=time_limit, mip_gap=mip_gap)
    timings["build"] = run.timings["build"]
    timings["handover"] = run.timings.get("handover", 0.0)
    timings["solver"] = run.timings.get("solver", 0.0)
    timings["sensitivity"] = run.result.timings.get("sensitivity", 0.0) if run.result else 0.0
    timings["results"] = run.timings.get("results", 0.0)
    t = time.perf_counter()
    explanation = explain_run(run)
    timings["explain"] = time.perf_counter() - t
    t = time.perf_counter()
    write_run(run, out, explanation=explanation)
    timings["write"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - start
    timings["status"] = run.solution.status
    timings["variables"] = run.solution.counts.get("variables", 0)
    return timings


def _peak_mb() -> float:
    """This process's peak resident memory so far (the cases run in order of size)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the median is shown")
    parser.add_argument("--quick", action="store_true", help="leave out the national-size cases")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp())
    measure(ROOT / "data" / "shanxi", (2018,), scratch / "warm")  # loads compiled modules
    header = ["case", "vars", "status", *STEPS, "total/solver", "peak MB"]
    rows = []
    cases = [(d, y, args.repeat, None, 1e-4) for d, y in CASES]
    if not args.quick:
        cases += [(d, y, 1, 60.0, 1e-3) for d, y in LARGE]
    for dataset, years, repeat, limit, gap in cases:
        folder = dataset_folder(dataset, scratch)
        if not (folder / "policy.yaml").exists():
            continue
        samples = [measure(folder, years, scratch / "out", limit, gap) for _ in range(repeat)]
        samples.sort(key=lambda s: s["total"])
        mid = samples[len(samples) // 2]
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        ratio = mid["total"] / mid["solver"] if mid["solver"] else float("nan")
        rows.append(
            [f"{dataset} {span}", str(mid["variables"]), mid["status"]]
            + [f"{mid[k]:.3f}" for k in STEPS]
            + [f"{ratio:.1f}x", f"{_peak_mb():.0f}"]
        )
    shutil.rmtree(scratch, ignore_errors=True)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(
        f"seconds, median of {args.repeat} run(s) each (national-size cases: one run); peak MB "
        "is the process's peak so far"
    )
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
