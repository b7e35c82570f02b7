"""The held model a session's answers are solved on: `HeldPlan` (optimiser.scenario.held) where the
package has it; until then a stand-in with the same interface over optimiser.api, so the server
and its tests run either way.

    plan = make_plan(data, years)
    plan.base                                   # the base run
    run = plan.answer(variant_dataset)          # run.explanation, run.route
    plan.reset()
"""

from __future__ import annotations

import threading
import time

from optimiser.api import Run, solve, what_if
from optimiser.dataset import Dataset


class SolvedPlan:
    """HeldPlan's interface over optimiser.api: the base solved once; each answer re-solves the
    last model that answered, updated in place to the variant's numbers where only numbers
    changed (optimiser.api.what_if), else built afresh. Not anchored: among equally good plans
    the solver's choice is shown (HeldPlan anchors each answer to the base plan's money)."""

    def __init__(self, data: Dataset, years: list[int] | tuple[int, ...]):
        self.lock = threading.RLock()
        with self.lock:
            self.base: Run = solve(data, list(years))
            self.base.route = "built"
            self._last: Run = self.base  # the run whose model the next answer updates
            self.answers = 0

    def answer(self, variant: Dataset, anchor: bool = True, explain: bool = True) -> Run:
        began = time.perf_counter()
        with self.lock:
            run, how = what_if(self._last, variant, anchor=False)
            run.route = how
            if run.held is not None and not run.held.spent:
                self._last = run
            self.answers += 1
            if explain:  # inside the lock: the next answer changes the model this run reads
                from optimiser.explain.collect import explain_run

                t = time.perf_counter()
                run.explanation = explain_run(run)
                run.timings["explain"] = time.perf_counter() - t
        run.timings["answer"] = time.perf_counter() - began
        return run

    def reset(self) -> Run:
        return self.base


def make_plan(data: Dataset, years: list[int] | tuple[int, ...]):
    """A held plan of `data` for `years`: HeldPlan where the package has it."""
    try:
        from optimiser.scenario.held import HeldPlan
    except ImportError:
        return SolvedPlan(data, years)
    return HeldPlan(data, list(years))
