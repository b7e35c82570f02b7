"""R-PROJECT: a project starts at most once, within its window, and only after its
prerequisites; a divisible project with a minimum fraction is funded at least that much or not at
all.

    sum_y z[p, y] <= 1
    sum_{t <= y} z[q, t] >= z[p, y]        for each prerequisite q of p and start year y
    z[p, y] >= min_fraction * on[p, y],  z[p, y] <= on[p, y],  on binary   (divisible p)

A prerequisite that cannot start within the run keeps its dependants out. Switched off, the
prerequisites and minimum fractions are ignored (a project still starts at most once).
"""

from optimiser.model.expr import linear
from optimiser.rules.base import RuleFamily, StructuralParams


class Project(RuleFamily):
    id = "R-PROJECT"
    structural = True
    title_zh = "项目整体安排与前置条件"
    title_en = "Indivisible projects and their prerequisites"
    basis = "projects.csv: start windows, prerequisites, divisibility"
    dual_unit = "objective units per project"
    limit_unit_en = "project"
    limit_unit_zh = "个项目"
    Params = StructuralParams

    def define(self, b, params):
        inp, m = b.inputs, b.model
        starts: dict[str, list[int]] = {}
        for start in inp.project_starts:
            starts.setdefault(start.project, []).append(start.year)
        for project in inp.data.projects:
            years = starts.get(project.id, [])
            if not years:
                continue
            for prerequisite in project.prerequisites:
                before = starts.get(prerequisite, [])
                for y in years:
                    terms = [m.z[prerequisite, t] for t in before if t <= y] + [m.z[project.id, y]]
                    coefs = [1.0] * (len(terms) - 1) + [-1.0]
                    b.add(
                        self,
                        params,
                        f"{project.id}|after {prerequisite}|{y}",
                        linear(terms, coefs),
                        ">=",
                        0.0,
                    )
        fractions = [
            (p.id, y)
            for p in inp.data.projects
            if p.is_divisible and (p.min_fraction or 0) > 0
            for y in starts.get(p.id, [])
        ]
        if fractions:
            import pyomo.core as pyo

            if not b.rederiving:  # a re-derivation reuses the held model's variables
                m.z_on = pyo.Var(fractions, within=pyo.Binary)
            b.counties_by("z_on", b.project_county)
            minimum = {p.id: p.min_fraction for p in inp.data.projects}
            for p, y in fractions:
                b.add(
                    self,
                    params,
                    f"{p}|min fraction|{y}",
                    linear([m.z[p, y], m.z_on[p, y]], [1.0, -minimum[p]]),
                    ">=",
                    0.0,
                )
                b.add(
                    self,
                    params,
                    f"{p}|funded only if on|{y}",
                    linear([m.z[p, y], m.z_on[p, y]], [1.0, -1.0]),
                    "<=",
                    0.0,
                )
