"""When no plan satisfies the hard rules: which rule instances conflict (an irreducible
infeasible subset from HiGHS, named by rule) and the smallest relaxation that would make a plan
possible (every limit allowed to give at a cost of 1 per unit, the total minimised)."""

from __future__ import annotations

import math

from optimiser.api import Run
from optimiser.model.build import INELASTIC, build
from optimiser.model.inputs import prepare
from optimiser.solve.highs import HighsModel

TOL = 1e-6
# a relaxation as small as 0.02 万元 of a limit of 1e5 is still the one that makes a plan
RELAX_TOL = 1e-9


def diagnose(run: Run) -> dict:
    """{'conflict': [...], 'relaxation': [...], 'alternatives': [...]} for an infeasible run:
    the conflicting rule instances, the smallest relaxation of all limits together, and for each
    conflicting limit, how much it alone would have to give."""
    conflict = conflicting(run)
    alternatives = []
    for entry in conflict:
        if entry["kind"] in ("conflict", "impossible") and entry["rule_id"] not in INELASTIC:
            alone = relaxation(run, {(entry["rule_id"], entry["instance"])})
            if alone:
                alternatives.append(alone[0])
    return {"conflict": conflict, "relaxation": relaxation(run), "alternatives": alternatives}


def conflicting(run: Run) -> list[dict]:
    builder = run.builder
    found = [_entry(row, "impossible") for row in builder.impossible]
    if run.held is None:
        return found
    rows, cols = run.held.conflict_rows(builder.rows)  # the run's numbers, whatever came after
    by_index = {run.held.row(r.constraint): r for r in builder.rows}
    for i in rows:
        row = by_index.get(i)
        if row is not None:
            found.append(_entry(row, "conflict"))
        else:  # a row that is not a rule: a stage or a definition of the objective
            found.append(
                {
                    "rule_id": "",
                    "instance": run.held.row_names[i],
                    "sense": "",
                    "rhs": None,
                    "kind": "other",
                }
            )
    del cols
    return found


def relaxation(run: Run, only: set | None = None) -> list[dict]:
    """Solve again with every limit (or only those in `only`) elastic; report the limits that
    must give, and by how much."""
    inputs = prepare(run.data, run.spec)
    elastic = build(inputs, elastic=True, elastic_only=only)
    if elastic.impossible:
        return []
    held = HighsModel(elastic)
    result = held.solve(time_limit=run.spec.time_limit, mip_gap=run.spec.mip_gap)
    if not result.has_plan:
        return []
    found = []
    for row in elastic.rows:
        if row.shortfall is None:
            continue
        short = held.value(result, row.shortfall)
        if short > RELAX_TOL * max(1.0, abs(row.rhs)):
            entry = _entry(row, "relax")
            entry["short"] = short
            found.append(entry)
    found.sort(key=lambda e: -e["short"])
    return found


def _entry(row, kind: str) -> dict:
    rhs = row.rhs if not (isinstance(row.rhs, float) and math.isnan(row.rhs)) else None
    return {
        "rule_id": row.rule_id,
        "instance": row.instance,
        "sense": row.sense,
        "rhs": rhs,
        "kind": kind,
    }
