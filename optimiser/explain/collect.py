"""Everything the explanation says about a run, gathered once into plain data (JSON-able), so
that `allocate explain RUN_DIR` can render it again from the run folder without solving."""

from __future__ import annotations

from optimiser.api import Run
from optimiser.explain.conflicts import diagnose
from optimiser.explain.price import price_rules
from optimiser.explain.unfunded import unfunded_projects
from optimiser.explain.values import NEAR, explain_rules
from optimiser.explain.weights import weight_ranges


def explain_run(run: Run, price: list[str] | None = None, near: float = NEAR) -> dict:
    """`price`: rule ids to price by solving again without them (None or [] for none; see
    price.priceable for all that can be priced)."""
    solution = run.solution
    maximise = run.held.maximise if run.held is not None else True
    found: dict = {
        "objective_mode": run.objective_mode,
        "maximise": maximise,
        "given_projects": bool(run.result is not None and run.result.given_projects),
        "is_mip": solution.is_mip,
    }
    if solution.has_plan:
        found.update(explain_rules(solution.rules, near))
        found["prices"] = price_rules(run, price) if price else []
        found["unfunded"] = unfunded_projects(run)
        found["weights"] = weight_ranges(run)
    elif solution.status == "infeasible":
        found["diagnosis"] = diagnose(run)
    return found
