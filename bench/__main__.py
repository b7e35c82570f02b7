"""`make bench`: time each step of a run, each case in its own process, against the solver's own
time and against a reference that hands the same model to HiGHS with no Pyomo (bench/reference.py),
as ratios measured in the same run. bench/README.md says how to read the table.

The infeasible case is Shanxi 2017-2020 with the deep counties' relending floor doubled to
20 亿元, which the relending quota cannot meet. The synthetic cases (national size: 832 counties
with 20,000 and 100,000 candidate projects, `allocate generate --seed 1`, one plan year with a
60 s solver limit, and 100,000 projects over four years with 180 s) run once each; `--quick`
leaves them out. The last lines hold the national cases against their targets.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
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
# national size: (dataset, years, solver time limit, gap asked for)
LARGE = [
    ("synthetic-832-20000", (2017,), 60.0, 1e-3),
    ("synthetic-832-100000", (2017,), 60.0, 5e-4),
    ("synthetic-832-100000", HORIZON, 180.0, 1e-3),
]
# what the national cases are asked to reach: whole run (s), proved gap, peak memory (MB)
TARGETS = {
    ("synthetic-832-100000", (2017,)): (20.0, 5e-4, None),
    ("synthetic-832-100000", HORIZON): (180.0, 1e-3, 8192.0),
}
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


def dataset_folder(name: str, scratch: Path, years: int = 1) -> Path:
    """The shipped dataset; for 'synthetic-C-P' a generated one with C counties, P candidate
    projects and `years` plan years; for 'shanxi-infeasible' a copy of Shanxi with the deep
    counties' relending floor doubled beyond the quota."""
    if name.startswith("synthetic-"):
        folder = scratch / f"{name}-{years}y"
        if not folder.exists():
            from optimiser.api import load
            from optimiser.synthetic import generate

            _, counties, projects = name.split("-")
            template = load(ROOT / "data" / "shanxi")
            generate(template, int(counties), int(projects), years, 1, folder)
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


def run_case(folder: Path, years: tuple[int, ...], scratch: Path, limit, gap) -> dict:
    """One case in a fresh process (its own peak memory; nothing cached from other cases)."""
    out = Path(tempfile.mkdtemp(dir=scratch))
    command = [
        sys.executable,
        "-m",
        "bench.case",
        str(folder),
        ",".join(map(str, years)),
        "-" if limit is None else str(limit),
        str(gap),
        str(out),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    shutil.rmtree(out, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"bench case {folder} {years} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.1f}x" if a is not None and b else "n/a"


def table_row(name: str, years: tuple[int, ...], r: dict) -> list[str]:
    span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    gap = "-" if r["gap"] is None else f"{r['gap']:.3%}"
    has_ref = "ref_handover" in r
    ref_total = r["ref_handover"] + r["ref_solve"] if has_ref else None
    pyomo = r["build"] + r["handover"]
    return (
        [f"{name} {span}", str(r["variables"]), str(r["integers"]), r["status"], gap]
        + [f"{r[k]:.2f}" for k in STEPS]
        + [_ratio(r["total"], r["solver"])]
        + ([f"{r['ref_handover']:.2f}", f"{r['ref_solve']:.2f}"] if has_ref else ["n/a", "n/a"])
        + [_ratio(pyomo, r.get("ref_handover")), _ratio(r["total"], ref_total)]
        + [f"{r['peak_mb']:.0f}"]
    )


HEADER = [
    "case",
    "vars",
    "int",
    "status",
    "gap",
    *STEPS,
    "total/solver",
    "ref pass",
    "ref solve",
    "pyomo/ref pass",
    "total/ref",
    "peak MB",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the median is shown")
    parser.add_argument("--quick", action="store_true", help="leave out the national-size cases")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp())
    rows, details = [], []
    cases = [(d, y, args.repeat, None, 1e-4) for d, y in CASES]
    if not args.quick:
        cases += [(d, y, 1, limit, gap) for d, y, limit, gap in LARGE]
    verdicts = []
    for dataset, years, repeat, limit, gap in cases:
        folder = dataset_folder(dataset, scratch, len(years))
        if not (folder / "policy.yaml").exists():
            continue
        samples = [run_case(folder, years, scratch, limit, gap) for _ in range(repeat)]
        samples.sort(key=lambda s: s["total"])
        mid = samples[len(samples) // 2]
        rows.append(table_row(dataset, years, mid))
        label = rows[-1][0]
        if mid["parts"]:
            parts = ", ".join(f"{k} {v:.2f}" for k, v in mid["parts"].items())
            details.append(f"  {label}: solver = {parts}")
        if (dataset, years) in TARGETS:
            verdicts.append(target_line(label, mid, *TARGETS[dataset, years]))
        ref, own = mid.get("ref_objective"), mid.get("objective")
        if ref is not None and own is not None and abs(ref - own) > 1e-6 * max(1.0, abs(own)):
            details.append(f"  {label}: the reference reached {ref:.6f}, the run {own:.6f}")
    shutil.rmtree(scratch, ignore_errors=True)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADER)]
    print(
        f"seconds; median of {args.repeat} run(s) per case, each in its own process "
        "(national-size cases: one run each, with the solver limit and gap of LARGE in "
        "bench/__main__.py); peak MB is the case's own"
    )
    print("  ".join(h.rjust(w) for h, w in zip(HEADER, widths, strict=True)))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    if details:
        print("where the solver time goes (seconds):")
        print("\n".join(details))
    if verdicts:
        print("national targets (whole run: load to written folder):")
        print("\n".join(verdicts))
    return 0


def target_line(label: str, r: dict, seconds: float, gap: float, memory: float | None) -> str:
    """One national case against what it is asked to reach, met or not, and why not."""
    proved = r["gap"] if r["status"] in ("optimal", "feasible") else None
    checks = [
        (f"{r['total']:.1f} s (target {seconds:.0f} s)", r["total"] <= seconds),
        (
            "no plan" if proved is None else f"gap {proved:.3%} (target {gap:.2%})",
            proved is not None and proved <= gap + 1e-12,
        ),
    ]
    if memory is not None:
        checks.append((f"{r['peak_mb']:.0f} MB (target {memory:.0f})", r["peak_mb"] <= memory))
    said = ", ".join(f"{text} {'met' if ok else 'NOT met'}" for text, ok in checks)
    ref = r.get("ref_solve")
    beside = "" if ref is None else f"; the reference solved the same matrix in {ref:.1f} s"
    return f"  {label}: {said}{beside}"


if __name__ == "__main__":
    sys.exit(main())
