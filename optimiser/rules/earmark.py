"""R-EARMARK: each year at least `share` of central and provincial special poverty funds go to the
deep-poverty counties (004 §8: 每年安排30%中央及省专项扶贫资金...向深度贫困县倾斜).

    sum_{deep c, s earmark} x[s, c, y] >= share * sum_{c, s earmark} x[s, c, y]   for each plan year y

The base is what is allocated, so the rule cannot be met by leaving money unspent in
non-deep counties' favour.
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams, missing


class Earmark(RuleFamily):
    id = "R-EARMARK"
    title_zh = "深度贫困县资金占比"
    title_en = "Deep-poverty earmark of central and provincial special funds"
    citations = ("004-8",)
    dual_unit = "objective units per 万元 shifted to deep counties"

    class Params(RuleParams):
        share: float = Field(0.30, ge=0, le=1, description="minimum share to deep counties")

    def check(self, data, params):
        problems = []
        if not any(s.earmark for s in data.sources):
            problems.append(missing("sources.csv", "a source with earmark true", self.id))
        if not any(c.deep for c in data.counties):
            problems.append(missing("counties.csv", "a county with deep true", self.id))
        return problems
