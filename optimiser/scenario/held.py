"""A plan held for a budget meeting: the base solved once, its HiGHS model kept, and each variant
the meeting asks for answered on it, in any order, for as long as the meeting lasts.

    plan = HeldPlan(load("data/shanxi"), [2018])
    run = plan.answer(apply(plan.base.data, parse_all(["budget.central_special.2018=-10%"])))
    run.solution.objective, run.route, run.explanation
    plan.reset()                       # back to the base's numbers

A variant that changes only numbers is re-derived on the held model (optimiser.model.update),
its numbers pushed into HiGHS and re-solved from where the last solve ended; one that changes
the structure (a rule switched off, the objective's data) is built afresh, and that model is
held for the next answer. The base's model is kept too, so a variant of the base's structure
after a rebuilt one (a rule switched back on) is again an update, and `reset` costs no rebuild;
so is the last rebuilt one, so switching the same rule off again is an update too.

Every run an answer returns reads its own tables, result and builder: an answer read earlier
(and the base) reads the same after later answers, and `explain_run` of it gives the same
explanation (a conflict of an earlier variant is found with that variant's numbers pushed back
into its model first).

One lock per plan orders every call on it and on the models it holds (answers, resets, the
conflict search of an explanation); two plans share nothing. An explanation is made outside
the lock, so another thread's answer need not wait for it.
"""

from __future__ import annotations

import threading
import time

from optimiser.api import Run, anchor_pairs, solve, solve_as, solve_on
from optimiser.dataset import Dataset
from optimiser.model.update import rederive
from optimiser.solve.highs import HighsModel


class HeldPlan:
    """A base run and the models its answers are solved on (see the module's docstring)."""

    def __init__(
        self,
        data: Dataset,
        years: list[int] | tuple[int, ...],
        objective: str | None = None,
        time_limit: float | None = None,
        mip_gap: float = 1e-4,
        mip_method: str = "auto",
    ):
        self.lock = threading.RLock()
        with self.lock:
            self.base: Run = solve(
                data, list(years), objective, time_limit, mip_gap, mip_method=mip_method
            )
            self.base.route = "built"
            self.spec = self.base.spec
            self._pairs: dict[HighsModel, list] = {}  # the base plan's money on its columns
            self._start: dict[HighsModel, object] = {}  # its last plan's column values
            self._base_model = self._hold(self.base)
            self._rebuilt: HighsModel | None = None  # the last model built for a variant
            self._current = self._base_model  # the model the next answer tries first
            self.answers = 0

    # ---- answering -------------------------------------------------------------------------
    def answer(self, variant: Dataset, anchor: bool = True, explain: bool = True) -> Run:
        """The plan of `variant` (the base's dataset changed: optimiser.scenario.overrides).
        `anchor`: among the variant's optimal plans with its projects, the one that moves the
        least money from the base plan. `explain`: the run's `explanation` filled (optimiser.explain.collect). The
        run's `route` says how it was solved ("updated", or "rebuilt: <why>")."""
        began = time.perf_counter()
        with self.lock:
            run = self._solve(variant, anchor)
            self.answers += 1
        if explain:
            from optimiser.explain.collect import explain_run

            t = time.perf_counter()
            run.explanation = explain_run(run)
            run.timings["explain"] = time.perf_counter() - t
        run.timings["answer"] = time.perf_counter() - began
        return run

    def reset(self) -> Run:
        """Back to the base: its model held again with the base's numbers, the next answer
        started from the base plan. Returns the base run (unchanged by any answer)."""
        with self.lock:
            model = self._base_model
            if model is not None:
                model.update(self.base.builder.rows)
                self._start.pop(model, None)
            self._current = model
            return self.base

    @property
    def held(self) -> HighsModel | None:
        """The model the next answer is tried on first."""
        return self._current

    # ---- inside the lock -------------------------------------------------------------------
    def _solve(self, variant: Dataset, anchor: bool) -> Run:
        reasons, tried = [], 0.0
        for model in self._models():
            t = time.perf_counter()
            redo = rederive(model.builder, variant)
            rederived = time.perf_counter() - t
            if redo.builder is None:
                reasons.append(redo.reason)
                tried += rederived
                continue
            pairs = self._pairs[model] if anchor else None
            start = self._start.get(model)
            if start is None and model is self._base_model and self.base.result is not None:
                start = self.base.result.values
            run = solve_on(model, redo.builder, variant, self.spec, pairs, start)
            run.timings["build"] += rederived
            run.route = "updated"
            self._answered(model, run)
            return run
        why = reasons[0] if reasons else "the base run holds no model to update"
        run = solve_as(variant, self.spec, anchor=self.base if anchor else None)
        run.route = f"rebuilt: {why}"
        run.timings["rederive"] = tried  # the held models tried first
        model = self._hold(run)
        if model is not None:
            if self._rebuilt is not None:  # the one rebuilt model kept besides the base's
                self._pairs.pop(self._rebuilt, None)
                self._start.pop(self._rebuilt, None)
            self._rebuilt = model
            self._answered(model, run)
        return run

    def _models(self) -> list[HighsModel]:
        """The models an answer may be solved on, the one that answered last first."""
        found = [self._current, self._base_model, self._rebuilt]
        return [m for m in dict.fromkeys(found) if m is not None]

    def _hold(self, run: Run) -> HighsModel | None:
        """Take `run`'s model into the plan: its calls under the plan's lock, its columns'
        share of the base plan's money computed once."""
        model = run.held
        if model is None:
            return None
        model.lock = self.lock
        self._pairs[model] = anchor_pairs(self.base, model.builder)
        return model

    def _answered(self, model: HighsModel, run: Run) -> None:
        self._current = model
        if run.result is not None and run.result.has_plan:
            self._start[model] = run.result.values
