"""R-REVOLVING: the provincial poverty revolving fund (扶贫周转金) is lent to poverty counties,
repaid after its term and lent again; `deep_share` of it goes to the 10 deep counties (004 §8:
省级设立扶贫周转金，其中20%切块安排到10个深度贫困县). As run in 2018: counties match it
`county_match_ratio`:1 from integrated funds and banks lend at least `bank_leverage`:1 on top;
terms of `term_years_min` to `term_years_max` years; only in poverty counties.

    balance[y] = balance[y-1] + injection[y] + repaid[y] - lent[y] >= 0
    lent_deep[y] >= deep_share * lent[y]
    match[c, y] >= county_match_ratio * lent[c, y]
    bank[c, y]  >= bank_leverage * (lent[c, y] + match[c, y])
"""

from pydantic import Field, model_validator

from optimiser.rules.base import RuleFamily, RuleParams, missing


class Revolving(RuleFamily):
    id = "R-REVOLVING"
    title_zh = "扶贫周转金"
    title_en = "Poverty revolving fund"
    citations = ("004-8", "PUB-SX-REV-1")
    dual_unit = "objective units per 万元 of fund"

    class Params(RuleParams):
        deep_share: float = Field(0.20, ge=0, le=1, description="share lent to deep counties")
        county_match_ratio: float = Field(
            1.0, ge=0, le=100, description="county matching funds per 万元 of fund lent"
        )
        bank_leverage: float = Field(
            2.0, ge=0, le=100, description="minimum bank lending per 万元 of fund plus match"
        )
        term_years_min: int = Field(1, ge=1, le=30, description="shortest loan term, years")
        term_years_max: int = Field(3, ge=1, le=30, description="longest loan term, years")
        poverty_counties_only: bool = Field(True, description="lend only to poverty counties")

        @model_validator(mode="after")
        def _terms(self):
            if self.term_years_max < self.term_years_min:
                raise ValueError("term_years_max must be at least term_years_min")
            return self

    def check(self, data, params):
        if not any(s.kind == "revolving" for s in data.sources):
            return [missing("sources.csv", "a source of kind revolving", self.id)]
        return []
