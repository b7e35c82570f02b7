"""R-DEADLINE: a need with a deadline is fully done by the end of that year (004 §3: 2017年
全部完成10个深度贫困县危房改造任务; 004 §7: 2018年底前所有贫困村完成电网升级改造任务，2019年
底前所有贫困村实现光纤宽带网络全覆盖).

The clauses say completed (完成, 全覆盖), so by default (`reading: completed`) a unit counts
only when its payment schedule ends by the deadline: work started in year t whose category pays
over L years (a project over its own cost profile) is done in t + L - 1:

    sum_{y in run, y + L - 1 <= deadline + delay_years} units[c, k, y] >= need[c, k]

`reading: started` counts what has started by then (y <= deadline + delay_years). The rule holds
for every need whose (delayed) deadline falls within the run. A deadline before the run is taken
as met before it (the need is dropped, and the run says so); one after the run binds a later run.

004 §3's target for the deep counties' dangerous houses (2017年全部完成) is this rule: needs.csv
gives the deep counties' housing need its deadline 2017, so no family of its own repeats it (the
other targets of 004, §2's farmland and §4's PV stations, state no year: R-FARMLAND-TARGET,
R-PV-COVERAGE).
"""

from typing import Literal

from pydantic import Field

from optimiser.model.expr import linear
from optimiser.problems import Problem
from optimiser.rules.base import RuleFamily, RuleParams


class Deadline(RuleFamily):
    id = "R-DEADLINE"
    title_zh = "限期完成任务"
    title_en = "Deadlines for housing, grid and broadband"
    citations = ("004-3", "004-7")
    dual_unit = "objective units per unit of need"
    sentences = {
        "binding": {
            "en": "The deadline {instance} forces {rhs} units to be done in time.",
            "zh": "期限【{instance}】要求按时完成 {rhs} 个单位。",
        },
        "value": {
            "en": "Each unit that need not be done by then would improve the plan by "
            "{gain} {objunit} {range}.",
            "zh": "每少要求1个单位按期完成，方案可改善 {gain} {objunit}{range}。",
        },
        "conflict": {
            "en": "The deadline {instance} requires {rhs} units done by then.",
            "zh": "期限【{instance}】要求届时完成 {rhs} 个单位。",
        },
        "relax": {
            "en": "Moving {short} units of {instance} past the deadline would do it.",
            "zh": "将【{instance}】中 {short} 个单位推迟到期限之后即可。",
        },
    }
    limit_unit_en = "unit of need"
    limit_unit_zh = "个单位需求"

    class Params(RuleParams):
        delay_years: int = Field(
            0,
            ge=-10,
            le=10,
            description="years added to every deadline (what-if: move the deadlines)",
        )
        reading: Literal["completed", "started"] = Field(
            "completed",
            description="completed: work counts when its payment schedule ends by the deadline "
            "(the clauses' 完成); started: when it starts by then",
        )

    def check(self, data, params):
        problems = []
        for need in data.located["needs"]:
            due = need.row.deadline
            if due is not None and due + params.delay_years < data.years.plan[0]:
                problems.append(
                    Problem(
                        need.file,
                        need.number,
                        "deadline",
                        str(due),
                        f"a deadline within the plan years ({self.id} is on)",
                    )
                )
        return problems

    def define(self, b, params):
        inp = b.inputs
        for (c, k), need in inp.needs.items():
            if need.deadline is None or need.deadline > inp.years[-1] or need.units <= 0:
                continue
            terms = self.done_by(b, c, k, need.deadline, params.reading)
            body = linear([v for v, _ in terms], [w for _, w in terms])
            b.add(self, params, f"{c}|{k}|{need.deadline}", body, ">=", need.units)

    @staticmethod
    def done_by(b, county: str, category: str, due: int, reading: str) -> list:
        """(variable, units) of the work of (county, category) done by `due`: started by then,
        or with `completed` paid off by then (its last instalment in `due` or before)."""
        inp, m = b.inputs, b.model
        if reading == "started":
            return b.units(county, category, [y for y in inp.years if y <= due])
        length = len(inp.data.category_by_code[category].payment_profile)
        terms = [
            (m.u[county, category, y], 1.0)
            for y in inp.years
            if y + length - 1 <= due and (county, category) in inp.needs
        ]
        for start in b.starts_of(county, category):
            project = b.project(start.project)
            finish = start.year + len(inp.project_cash[start.project]) - 1
            if finish <= due and project.units > 0:
                terms.append((m.z[start.project, start.year], project.units))
        return terms
