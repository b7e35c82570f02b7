"""R-REVOLVING: the provincial poverty revolving fund (扶贫周转金) is lent to poverty counties,
repaid after its term and lent again; `deep_share` of it goes to the 10 deep counties (004 §8:
省级设立扶贫周转金，其中20%切块安排到10个深度贫困县). As the 2018 scheme ran it (PUB-SX-REV-1):
counties match it `county_match_ratio`:1 from their own (county-level) funds, banks lend at least
`bank_leverage`:1 on fund plus match, terms `term_years_min` to `term_years_max` years, only in
poverty counties.

With L[c, y] the fund lent to county c in year y (its x on the fund's categories):

    balance:  sum_{t in run, y-T < t <= y} L[., t] <= sum_{t in run, t <= y} inject[t]
              + returned[y]                                                     (each year y)
    use:      L[., y] >= min_lent_share * (inject[y] + L[., y - T] + loans back in y)
    deep:     sum_{deep c} L[c, y] >= deep_share * sum_c L[c, y]
    match:    county-level money[c, y] on the fund's categories >= county_match_ratio * L[c, y]
    leverage: credit money[c, y] on the fund's categories
                  >= bank_leverage * (1 + county_match_ratio) * L[c, y]

T is `term_years_max`: the model assumes loans run their longest term, so it never counts on
money coming back early. returned[y] is what the loans of loans.csv (lent before the run) have
repaid by y; a loan still out is not money the run can lend, and was lent from capital of before
the run, so it takes nothing from the run's own. Injections of years before the run are taken as
lent out already unless loans.csv says otherwise. Switched off, the fund is an ordinary yearly budget (R-BUDGET).
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
        term_years_max: int = Field(
            3, ge=1, le=30, description="longest loan term, years (the model assumes this one)"
        )
        poverty_counties_only: bool = Field(True, description="lend only to poverty counties")
        min_lent_share: float = Field(
            1.0,
            ge=0,
            le=1,
            description="share of what the fund can "
            "lend in a year (new capital and repayments) that it "
            "lends; the 2018 scheme lent it in full (3 billion in all)",
        )

        @model_validator(mode="after")
        def _terms(self):
            if self.term_years_max < self.term_years_min:
                raise ValueError("term_years_max must be at least term_years_min")
            return self

    def check(self, data, params):
        if not any(s.kind == "revolving" for s in data.sources):
            return [missing("sources.csv", "a source of kind revolving", self.id)]
        return []

    def adjust(self, b, params):
        if not params.poverty_counties_only:
            return
        inp = b.inputs
        funds = {s.code for s in inp.data.sources if s.kind == "revolving"}
        inp.arcs = [a for a in inp.arcs if a[0] not in funds or a[1] in inp.poverty]

    # the fund's own injections (budgets of revolving sources), its loans, the sources' kinds
    # and levels, the counties; the money lent is the model's
    reads = frozenset({"budgets:revolving", "loans", "sources", "counties"})

    def define(self, b, params):
        inp = b.inputs
        sources = inp.data.sources
        funds = [s.code for s in sources if s.kind == "revolving"]
        local = [s.code for s in sources if s.level == "county"]
        credit = [s.code for s in sources if s.kind == "credit"]
        term = params.term_years_max
        inject = {}
        for r in inp.budgets:
            if r.source in funds:
                inject[r.year] = inject.get(r.year, 0.0) + r.amount
        loans = [loan for loan in inp.data.loans if loan.source in funds]
        lent = {y: b.money(y, sources=funds) for y in inp.years}
        fund_categories = sorted({k for (s, _c, k) in inp.arcs if s in funds})
        for y in inp.years:
            returned = sum(n.amount_wan for n in loans if n.year_lent + n.term_years <= y)
            capital = sum(v for t, v in inject.items() if t <= y and t in inp.years)
            outstanding = [lent[t] for t in inp.years if y - term < t <= y]
            body = sum(outstanding[1:], outstanding[0]) if outstanding else 0.0
            b.add(self, params, f"balance|{y}", body, "<=", capital + returned)
            back = [lent[t] for t in inp.years if t + term == y]
            available = inject.get(y, 0.0) + sum(
                n.amount_wan for n in loans if n.year_lent + n.term_years == y
            )
            if params.min_lent_share > 0 and (available > 0 or back):
                use = lent[y] - params.min_lent_share * sum(back[1:], back[0]) if back else lent[y]
                b.add(
                    self,
                    params,
                    f"use|{y}",
                    use,
                    ">=",
                    params.min_lent_share * available,
                    show=(
                        lent[y],
                        lent[y] - use + params.min_lent_share * available
                        if back
                        else params.min_lent_share * available,
                    ),
                )
            if isinstance(lent[y], float):
                continue
            b.add(
                self,
                params,
                f"deep share|{y}",
                b.money(y, sources=funds, counties=inp.deep) - params.deep_share * lent[y],
                ">=",
                0.0,
                show=(b.money(y, sources=funds, counties=inp.deep), params.deep_share * lent[y]),
            )
            for c in inp.counties:
                lent_c = b.money(y, sources=funds, counties=[c])
                if isinstance(lent_c, float):
                    continue
                match = b.money(y, sources=local, counties=[c], categories=fund_categories)
                b.add(
                    self,
                    params,
                    f"match|{c}|{y}",
                    match - params.county_match_ratio * lent_c,
                    ">=",
                    0.0,
                    show=(match, params.county_match_ratio * lent_c),
                )
                bank = b.money(y, sources=credit, counties=[c], categories=fund_categories)
                factor = params.bank_leverage * (1 + params.county_match_ratio)
                b.add(
                    self,
                    params,
                    f"leverage|{c}|{y}",
                    bank - factor * lent_c,
                    ">=",
                    0.0,
                    show=(bank, factor * lent_c),
                )
