"""R-DEADLINE: a need with a deadline is fully started by the end of that year (004 §3: 2017年
全部完成10个深度贫困县危房改造任务; 004 §7: 2018年底前所有贫困村完成电网升级改造任务，2019年
底前所有贫困村实现光纤宽带网络全覆盖).

    sum_{y <= deadline + delay_years} units[c, k, y] >= need[c, k]   for needs with a deadline
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams


class Deadline(RuleFamily):
    id = "R-DEADLINE"
    title_zh = "限期完成任务"
    title_en = "Deadlines for housing, grid and broadband"
    citations = ("004-3", "004-7")
    dual_unit = "objective units per unit of need"

    class Params(RuleParams):
        delay_years: int = Field(
            0,
            ge=-10,
            le=10,
            description="years added to every deadline (what-if: move the deadlines)",
        )

    def check(self, data, params):
        from optimiser.problems import Problem

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
