"""R-PROJECT: indivisible projects are funded whole or not at all, start within their window, and
only after their prerequisites.

    fund[p] in {0, 1} (or [min_fraction, 1] when divisible);  sum_y start[p, y] = fund[p]
    sum_{t <= y} start[q, t] >= start[p, y]     for each prerequisite q of p
"""

from optimiser.rules.base import RuleFamily


class Project(RuleFamily):
    id = "R-PROJECT"
    title_zh = "项目整体安排与前置条件"
    title_en = "Indivisible projects and their prerequisites"
    basis = "projects.csv: start windows, prerequisites, divisibility"
    dual_unit = "objective units per project"
