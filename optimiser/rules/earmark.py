"""R-EARMARK: each year at least `share` of central and provincial special poverty funds go to the
deep-poverty counties (004 §8: 每年安排30%中央及省专项扶贫资金，加大对深度贫困县的倾斜支持力度).

The clause sets 30% of the year's funds: the base is the budget of the special sources (`base:
budget`, the literal reading and the default), so leaving money unallocated cannot lower what
the deep counties must get:

    sum_{deep c, s earmark, k} x[s, c, k, y] + committed_deep[y]
        >= share * sum_{s earmark} budget[s, y]                                 for each year y

`base: allocated` reads the share of what the plan allocates instead (commitments included):

    ... >= share * (sum_{c, s earmark, k} x[s, c, k, y] + committed_all[y])
"""

from typing import Literal

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams, missing


class Earmark(RuleFamily):
    id = "R-EARMARK"
    title_zh = "深度贫困县资金占比"
    title_en = "Deep-poverty earmark of central and provincial special funds"
    citations = ("004-8",)
    dual_unit = "objective units per 万元 shifted to deep counties"
    sentences = {
        "binding": {
            "en": "The deep-poverty earmark of {instance} holds exactly: the deep "
            "counties get {lhs} 万元, the required share is {rhs} 万元.",
            "zh": "{instance}深度贫困县资金占比恰好达标：深度贫困县 {lhs} 万元，要求 {rhs} 万元。",
        },
        "value": {
            "en": "Requiring one 万元 less for the deep counties would improve the plan by "
            "{gain} {objunit} {range}.",
            "zh": "对深度贫困县的要求每减少1万元，方案可改善 {gain} {objunit}{range}。",
        },
        "conflict": {
            "en": "The deep-poverty earmark of {instance} requires {rhs} 万元 for the "
            "deep counties.",
            "zh": "{instance}深度贫困县资金占比要求 {rhs} 万元。",
        },
    }

    class Params(RuleParams):
        share: float = Field(0.30, ge=0, le=1, description="minimum share to deep counties")
        base: Literal["budget", "allocated"] = Field(
            "budget",
            description="budget: the share of the year's special-fund budgets (the clause's "
            "30% of the funds); allocated: of what the plan allocates of them",
        )

    def check(self, data, params):
        problems = []
        if not any(s.earmark for s in data.sources):
            problems.append(missing("sources.csv", "a source with earmark true", self.id))
        if not any(c.deep for c in data.counties):
            problems.append(missing("counties.csv", "a county with deep true", self.id))
        return problems

    def define(self, b, params):
        inp = b.inputs
        earmark = [s.code for s in inp.data.sources if s.earmark]
        for y in inp.years:
            all_money = b.money(y, sources=earmark)
            if isinstance(all_money, float) and params.base == "allocated":
                continue  # nothing can be allocated, so nothing is owed of it
            deep_money = b.money(y, sources=earmark, counties=inp.deep)
            committed_deep = inp.committed(y, counties=inp.deep, sources=earmark)
            committed_all = inp.committed(y, sources=earmark)
            if params.base == "budget":
                budget = sum(r.amount for r in inp.budgets if r.year == y and r.source in earmark)
                b.add(
                    self,
                    params,
                    str(y),
                    deep_money,
                    ">=",
                    params.share * budget - committed_deep,
                    show=(deep_money + committed_deep, params.share * budget),
                )
                continue
            b.add(
                self,
                params,
                str(y),
                deep_money - params.share * all_money,
                ">=",
                params.share * committed_all - committed_deep,
                show=(deep_money + committed_deep, params.share * (all_money + committed_all)),
            )
