"""R-RELENDING: the 10 deep counties get at least `min_deep_wan` of poverty relending
(扶贫再贷款) a year, used on a revolving basis within that quota (004 §8: 10个深度贫困县每年扶贫
再贷款不低于10亿元限额周转使用).

    sum_{deep c, k} x[relending, c, k, y] >= min_deep_wan - committed_deep[y]   for each year y

The quota itself is the relending source's budget row (R-BUDGET): the amount that may be out on
relending in the year. A loan may be rolled over up to `max_rollovers` times (a bound on how long
one loan can occupy the quota; reported, not a row, since the model plans a year's relending as
a flow within the quota).
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams, missing


class Relending(RuleFamily):
    id = "R-RELENDING"
    title_zh = "深度贫困县扶贫再贷款额度"
    title_en = "Poverty relending quota for the deep counties"
    citations = ("004-8", "PUB-MICROCREDIT-1")
    dual_unit = "objective units per 万元 of quota"
    sentences = {
        "binding": {
            "en": "The relending floor of {instance} holds exactly: {lhs} 万元 to the "
            "deep counties.",
            "zh": "{instance}深度贫困县扶贫再贷款恰好达到 {lhs} 万元。",
        },
        "conflict": {
            "en": "The relending floor of {instance} requires {rhs} 万元 in the deep counties.",
            "zh": "{instance}要求深度贫困县扶贫再贷款 {rhs} 万元。",
        },
    }

    class Params(RuleParams):
        min_deep_wan: float = Field(
            100000.0,
            ge=0,
            le=1e9,
            description="minimum relending to "
            "deep counties each year, 万元 (10 亿元 = 100,000 万元)",
        )
        max_rollovers: int = Field(4, ge=0, le=20, description="times a loan may be rolled over")

    def check(self, data, params):
        if not any(s.kind == "relending" for s in data.sources):
            return [missing("sources.csv", "a source of kind relending", self.id)]
        return []

    def define(self, b, params):
        inp = b.inputs
        relending = [s.code for s in inp.data.sources if s.kind == "relending"]
        for y in inp.years:
            body = b.money(y, sources=relending, counties=inp.deep)
            committed = inp.committed(y, counties=inp.deep, sources=relending)
            b.add(self, params, str(y), body, ">=", params.min_deep_wan - committed)
