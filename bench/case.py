"""One benchmark case in its own process (python -m bench.case ...), so that its peak memory is
its own: prints one JSON line of timings. See bench/README.md for what each step covers."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from bench import reference


def measure(folder: Path, years: tuple[int, ...], out: Path, limit: float | None, gap: float):
    from optimiser.api import load, solve
    from optimiser.explain.collect import explain_run
    from optimiser.report.run_files import write_run

    row: dict = {}
    start = time.perf_counter()
    data = load(folder)
    row["load"] = time.perf_counter() - start
    run = solve(data, years, time_limit=limit, mip_gap=gap)
    result = run.result
    row["build"] = run.timings["build"]
    row["handover"] = run.timings.get("handover", 0.0)
    row["solver"] = run.timings.get("solver", 0.0)
    row["sensitivity"] = result.timings.get("sensitivity", 0.0) if result else 0.0
    row["results"] = run.timings.get("results", 0.0)
    t = time.perf_counter()
    explanation = explain_run(run)
    row["explain"] = time.perf_counter() - t
    t = time.perf_counter()
    write_run(run, out, explanation=explanation)
    row["write"] = time.perf_counter() - t
    row["total"] = time.perf_counter() - start
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    solution = run.solution
    row["status"] = solution.status
    row["variables"] = solution.counts.get("variables", 0)
    row["integers"] = solution.counts.get("integer_variables", 0)
    row["gap"] = result.gap if result is not None else None
    row["objective"] = result.objective if result is not None else None
    row["parts"] = {
        k: v
        for k, v in (result.timings if result else {}).items()
        if k not in ("handover", "solver", "solve_total", "sensitivity")
    }
    if run.held is not None and solution.has_plan:
        arrays = reference.save(run.held, out / "reference.npz")
        ref = reference.solve_reference(arrays, limit, gap)
        row["ref_handover"], row["ref_solve"] = ref["handover"], ref["solve"]
        row["ref_objective"] = ref["objective"]
    return row


def main() -> int:
    folder, years, limit, gap, out = sys.argv[1:6]
    years_t = tuple(int(y) for y in years.split(","))
    warm = Path(__file__).resolve().parents[1] / "data" / "jincheng"
    measure(warm, (2018,), Path(out) / "warm", None, 1e-4)  # loads the modules used on first call
    row = measure(
        Path(folder), years_t, Path(out), None if limit == "-" else float(limit), float(gap)
    )
    print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
