"""Why each candidate project went unfunded: a start window outside the run, a prerequisite left
out, or the benefit-cost threshold: with the selected projects fixed, the reduced cost of starting
it says how much the plan would lose (in objective units) by funding it instead of what its money
does elsewhere. A reduced cost of zero is a tie: an equally good plan could fund it."""

from __future__ import annotations

from optimiser.api import Run

TIE = 1e-6  # objective units: funding it would change the objective by less than this


def unfunded_projects(run: Run) -> list[dict]:
    solution = run.solution
    if not solution.has_plan or solution.projects.empty:
        return []
    started = set(solution.projects.dropna(subset=["start_year"])["project_id"])
    builder, held, result = run.builder, run.held, run.result
    model = builder.model
    maximise = held.maximise
    years = set(run.spec.years)
    starts: dict[str, list[int]] = {}
    for p, y in model.Z_INDEX:
        starts.setdefault(p, []).append(y)
    found = []
    for project in run.data.projects:
        if project.id in started:
            continue
        entry = {
            "project_id": project.id,
            "name": project.name,
            "county_code": project.county_code,
            "category": project.category,
            "cost_wan": project.total_cost_wan,
            "beneficiaries": project.beneficiaries,
            "reason": "",
            "rule_id": "",
            "misses_by": None,
        }
        window = [y for y in years if project.earliest_start <= y <= project.latest_start]
        missing = [q for q in project.prerequisites if q not in started]
        if not window:
            entry.update(
                reason="window",
                rule_id="R-PROJECT",
                detail=f"{project.earliest_start}-{project.latest_start}",
            )
        elif missing and run.data.policy.rules["R-PROJECT"].on:
            entry.update(reason="prerequisite", rule_id="R-PROJECT", detail=";".join(missing))
        elif result.col_duals is not None:
            gains = []
            for y in starts.get(project.id, []):
                j = held.col(model.z[project.id, y])
                if j is not None:
                    reduced = float(result.col_duals[j])
                    gains.append(reduced if maximise else -reduced)
            best = max(gains) if gains else None
            if best is not None and abs(best) <= TIE:
                entry.update(reason="tie", misses_by=0.0)
            elif best is not None and best < 0:
                entry.update(reason="threshold", misses_by=-best)
            else:
                entry.update(reason="indivisible", misses_by=0.0 if best is None else -best)
        else:
            entry.update(reason="unknown")
        found.append(entry)
    return found
