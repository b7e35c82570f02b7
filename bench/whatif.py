"""What-if speed (python -m bench.whatif): a base solve against a what-if that updates the held
HiGHS model in place (central special funds -10%), on Shanxi one-year and four-year, as a ratio
measured in the same run; a held plan's answer to a slider move (optimiser.scenario.held:
anchored and explained, request to answer) against the same base solve; and sweep points per
second with 1 and 2 worker processes."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    from optimiser.api import load, solve, what_if
    from optimiser.scenario.held import HeldPlan
    from optimiser.scenario.overrides import apply, parse_all
    from optimiser.scenario.sets import run_sweep, sweep_values

    data = load(ROOT / "data" / "shanxi")
    solve(data, [2018])  # first use loads compiled modules
    print("what-if and a held plan's answer against a base solve (seconds; median of 3 and 5)")
    for years in ([2018], [2017, 2018, 2019, 2020]):
        base_times, warm_times, how, parts = [], [], "", []
        year = years[1] if len(years) > 1 else years[0]
        variant = apply(data, parse_all([f"budget.central_special.{year}=-10%"]))
        for _ in range(3):
            t = time.perf_counter()
            base = solve(data, years)
            base_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            run, how = what_if(base, variant, anchor=False, sensitivity=False)
            warm_times.append(time.perf_counter() - t)
            parts.append((warm_times[-1], run.timings))
        b, w = sorted(base_times)[1], sorted(warm_times)[1]
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
        print(f"  shanxi {span:9}  base {b:6.3f}  what-if {w:6.3f}  ratio {w / b:5.2f}  ({how})")
        steps = sorted(parts, key=lambda p: p[0])[1][1]
        print(
            "    of which: re-derive {build:.3f}, push into HiGHS {handover:.3f}, "
            "re-solve {solve:.3f}, results {results:.3f}".format(**steps)
        )
        # a meeting's slider: each move a new share of the cut, answered on one held plan
        plan = HeldPlan(data, years)
        answers = []
        for percent in (-10, -5, -15, -10, -20):
            moved = apply(data, parse_all([f"budget.central_special.{year}={percent:+d}%"]))
            run = plan.answer(moved, anchor=True, explain=True)
            answers.append((run.timings["answer"], run.timings, run.route))
        a, timings, route = sorted(answers, key=lambda p: p[0])[len(answers) // 2]
        timings = {"sensitivity": 0.0, "anchor": 0.0, **timings}  # none without a plan
        print(
            f"  shanxi {span:9}  base {b:6.3f}  held answer {a:6.3f}  ratio {a / b:5.2f}  ({route})"
        )
        print(
            "    of which: re-derive {build:.3f}, push {handover:.3f}, re-solve {solve:.3f}, "
            "duals {sensitivity:.3f}, anchor {anchor:.3f}, results {results:.3f}, "
            "audit {audit:.3f}, explain {explain:.3f}".format(**timings)
        )
    values = sweep_values("-30%", "+30%", 7)
    print("sweep of budget.central_special.2018 over 7 points (shanxi 2018)")
    scratch = Path(tempfile.mkdtemp())
    rates = {}
    for workers in (1, 2):
        t = time.perf_counter()
        run_sweep(
            data,
            [2018],
            "budget.central_special.2018",
            values,
            scratch / f"sweep-{workers}.csv",
            workers=workers,
        )
        rates[workers] = len(values) / (time.perf_counter() - t)
        print(f"  {workers} worker(s): {rates[workers]:.2f} points per second")
    print(f"  2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
