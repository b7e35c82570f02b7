"""R-GROWTH: provincial line departments' block allocations to the 10 deep counties grow each year
at least `margin` (5 percentage points) faster than the province-wide growth of those allocations
(004 §8: 省级行业主管部门向10个深度贫困县切块下达的资金，年度增幅高于全省平均增幅5个百分点).

With D[y] the block money to deep counties and T[y] to all counties in year y, in the plan years
commitments carried in from before the run included (the actuals of history.csv include the
instalments they paid, so the two are compared like with like):

    D[y] / D[y-1] - 1 >= T[y] / T[y-1] - 1 + margin

When y-1 is an actual year (history.csv), D[y-1] and T[y-1] are known and the floor is linear:

    D[y] - (D[y-1] / T[y-1]) * T[y] >= margin * D[y-1]

When y-1 is itself a year of the run, the province-wide growth T[y]/T[y-1] is taken from the
block budgets of the two years (all block money is allocated), which keeps the floor linear:

    D[y] - (B[y] / B[y-1] + margin) * D[y-1] >= 0

With `per_source` the rule holds for each block source separately, else for their total. A base
year in which the deep counties received no block money gives no growth rate: that instance is
skipped and the run says so.
"""

from pydantic import Field

from optimiser.notes import Note
from optimiser.rules.base import RuleFamily, RuleParams, missing


class Growth(RuleFamily):
    id = "R-GROWTH"
    title_zh = "深度贫困县切块资金增幅"
    title_en = "Deep counties' block allocations grow faster than the average"
    citations = ("004-8",)
    dual_unit = "objective units per 万元 of floor"
    sentences = {
        "binding": {
            "en": "The growth floor {instance} holds exactly: the deep counties get "
            "{lhs} 万元 of block money, the floor is {rhs} 万元.",
            "zh": "切块资金增幅【{instance}】恰好达标：深度贫困县 {lhs} 万元，下限 {rhs} 万元。",
        },
        "conflict": {
            "en": "The growth floor {instance} requires {rhs} 万元 of block money "
            "for the deep counties.",
            "zh": "切块资金增幅【{instance}】要求深度贫困县获得 {rhs} 万元。",
        },
    }

    class Params(RuleParams):
        margin: float = Field(
            0.05,
            ge=-1,
            le=10,
            description="growth margin over the "
            "province-wide average, as a fraction (0.05 = 5 points)",
        )
        per_source: bool = Field(True, description="apply to each block source separately")

    def check(self, data, params):
        problems = []
        block = {s.code for s in data.sources if s.block}
        if not block:
            problems.append(missing("sources.csv", "a source with block true", self.id))
        return problems

    def define(self, b, params):
        inp = b.inputs
        block = [s.code for s in inp.data.sources if s.block]
        groups = [[s] for s in block] if params.per_source else [block]
        budget = {(r.source, r.year): 0.0 for r in inp.budgets}
        for r in inp.budgets:
            budget[(r.source, r.year)] += r.amount
        for sources in groups:
            name = "+".join(sources) if len(sources) > 1 else sources[0]
            for y in inp.years:
                deep_now = b.money(y, sources=sources, counties=inp.deep)
                all_now = b.money(y, sources=sources)
                if isinstance(all_now, float):
                    continue
                deep_paid = inp.committed(y, counties=inp.deep, sources=sources)
                all_paid = inp.committed(y, sources=sources)
                if y - 1 in inp.years:
                    b_now = sum(budget.get((s, y), 0.0) for s in sources)
                    b_before = sum(budget.get((s, y - 1), 0.0) for s in sources)
                    if b_before <= 0:
                        inp.notes.append(
                            Note(
                                "growth_no_budget_before",
                                rule=self.id,
                                sources=name,
                                plan_year=y,
                                year=y - 1,
                            )
                        )
                        continue
                    deep_before = b.money(y - 1, sources=sources, counties=inp.deep)
                    paid_before = inp.committed(y - 1, counties=inp.deep, sources=sources)
                    factor = b_now / b_before + params.margin
                    b.add(
                        self,
                        params,
                        f"{name}|{y}|budget growth",
                        deep_now - factor * deep_before,
                        ">=",
                        factor * paid_before - deep_paid,
                        show=(deep_now + deep_paid, factor * (deep_before + paid_before)),
                    )
                    continue
                deep_before = inp.actual(y - 1, counties=inp.deep, sources=sources)
                all_before = inp.actual(y - 1, sources=sources)
                if deep_before is None or not all_before or deep_before <= 0:
                    inp.notes.append(
                        Note(
                            "growth_no_actuals", rule=self.id, sources=name, plan_year=y, year=y - 1
                        )
                    )
                    continue
                ratio = deep_before / all_before
                b.add(
                    self,
                    params,
                    f"{name}|{y}",
                    deep_now - ratio * all_now,
                    ">=",
                    params.margin * deep_before + ratio * all_paid - deep_paid,
                    show=(
                        deep_now + deep_paid,
                        ratio * (all_now + all_paid) + params.margin * deep_before,
                    ),
                )
