"""Hand-over routes from Pyomo to HiGHS, measured on our own model (python -m bench.routes):
Pyomo's LinearStandardFormCompiler feeding Highs.passModel (the route optimiser.solve.highs
takes) against Pyomo's persistent HiGHS interfaces (contrib.appsi and contrib.solver), each
timed from a built Pyomo model to a model HiGHS holds and has solved once."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    from optimiser.api import load
    from optimiser.model.build import build
    from optimiser.model.inputs import RunSpec, prepare
    from optimiser.solve.highs import HighsModel

    data = load(ROOT / "data" / "shanxi")
    HighsModel(build(prepare(data, RunSpec((2018,)))))  # first use loads compiled modules
    print("seconds to hand the built model to HiGHS (and to solve it once, main objective only)")
    for years in ((2018,), (2017, 2018, 2019, 2020)):
        builder = build(prepare(data, RunSpec(years)))
        builder.priorities.clear()  # compare the plain model on every route
        t = time.perf_counter()
        result = HighsModel(builder).solve(sensitivity=False)
        rows = [("standard form + passModel", time.perf_counter() - t, result.objective)]
        for name, factory in _persistent():
            solver = factory()
            t = time.perf_counter()
            try:
                objective = solver(builder.model)
            except Exception as exc:  # noqa: BLE001 - a route that fails is reported, not fatal
                rows.append((name, float("nan"), f"failed: {type(exc).__name__}"))
                continue
            rows.append((name, time.perf_counter() - t, objective))
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
        for name, seconds, objective in rows:
            print(f"  shanxi {span:9}  {name:34} {seconds:7.3f}  objective {objective}")
    return 0


def _persistent():
    """(name, factory) of the persistent routes; each factory returns solve(model) -> objective
    including the hand-over and one solve (HiGHS's own solve time is small beside them)."""

    def appsi():
        from pyomo.contrib.appsi.solvers.highs import Highs

        def run(model):
            solver = Highs()
            solver.config.load_solution = False
            return solver.solve(model).best_feasible_objective

        return run

    def contrib():
        from pyomo.contrib.solver.solvers.highs import Highs

        def run(model):
            solver = Highs()
            return solver.solve(
                model, load_solutions=False, raise_exception_on_nonoptimal_result=False
            ).incumbent_objective

        return run

    return [("pyomo.contrib.appsi Highs", appsi), ("pyomo.contrib.solver Highs", contrib)]


if __name__ == "__main__":
    sys.exit(main())
