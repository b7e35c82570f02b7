"""R-INCREASE: special-fund inputs increase year on year (003-p4: 优先安排、足额保障、逐年增加
财政专项扶贫资金投入). 逐年增加 is strictly more, not merely not less: each year at least
`min_increase_wan` (0.01 万元, the smallest amount the tables record) more than the year before,
or `min_growth` more as a share. It is Hebei's rule: a Shanxi plan applies it only when its
policy says so, and marks it borrowed.

With A[y] the money allocated in year y from the special funds (sources with earmark true),
commitments included:

    A[y] >= (1 + min_growth) * A[y-1] + min_increase_wan              (scope total)
    A[s, y] >= (1 + min_growth) * A[s, y-1] + min_increase_wan  for each earmark source

`city_double_growth` (off by default) also asks, with C[m, y] the money from city m's own
(city-level) budget, that both the amount and its growth rate rise:

    C[m, y] >= C[m, y-1] + min_increase_wan
    C[m, y] >= C[m, y-1] * C[m, y-1] / C[m, y-2]               (the rate rises; y-1, y-2 actual)

001 §1.4 (市本级投入3093万元，比上年增长24.9%...实现"双增长") describes what Jincheng's city
level achieved in 2017; it is not a stated rule, so it applies only when a policy asks for it
(and a plan outside Jincheng marks it borrowed). y-1 is the previous year of the run, or the
actual year before it (history.csv). The rate condition is applied where both earlier years are
actuals, where it is linear; otherwise the run says it was not applied. "Inputs" are read as
what is allocated to counties: money left unallocated does not count as input.
"""

from typing import Literal

from pydantic import Field

from optimiser.notes import Note
from optimiser.rules.base import RuleFamily, RuleParams, missing


class Increase(RuleFamily):
    id = "R-INCREASE"
    title_zh = "专项扶贫资金投入逐年增加"
    title_en = "Special-fund inputs do not fall year on year"
    citations = ("003-p4", "003-p21", "001-1.4")
    dual_unit = "objective units per 万元 of floor"
    sentences = {
        "binding": {
            "en": "Inputs {instance} are held at last year's level ({rhs} 万元).",
            "zh": "【{instance}】投入保持在上年水平（{rhs} 万元）。",
        },
        "conflict": {
            "en": "Inputs {instance} must not fall below {rhs} 万元.",
            "zh": "【{instance}】投入不得低于 {rhs} 万元。",
        },
    }

    class Params(RuleParams):
        min_growth: float = Field(
            0.0,
            ge=-1,
            le=10,
            description="minimum growth on last year, as a fraction (0 = no fall)",
        )
        scope: Literal["total", "per_source"] = Field(
            "total", description="total of the special funds, or each source separately"
        )
        min_increase_wan: float = Field(
            0.01,
            ge=0,
            le=1e9,
            description="逐年增加 is strictly more: at least this much more than the year before "
            "(0.01 万元, the smallest amount the tables record)",
        )
        city_double_growth: bool = Field(
            False,
            description="city-level budgets: amount and growth rate both rise (双增长, what "
            "001 §1.4 describes of Jincheng's 2017; not a stated rule)",
        )

    def check(self, data, params):
        problems = []
        if not data.history:
            problems.append(
                missing("history.csv", "actual allocations of the year before a run", self.id)
            )
        if not params.city_double_growth and not any(s.earmark for s in data.sources):
            problems.append(missing("sources.csv", "a source with earmark true", self.id))
        return problems

    def define(self, b, params):
        inp = b.inputs
        earmark = [s.code for s in inp.data.sources if s.earmark]
        for sources in special_funds(earmark, params.scope):
            self._floor(b, params, "+".join(sources), sources, inp.counties, 1 + params.min_growth)
        if params.city_double_growth:
            city_sources = [s.code for s in inp.data.sources if s.level == "city"]
            city_of = {c.code: c.city for c in inp.data.counties}
            cities = sorted(
                {
                    r.scope.removeprefix("city=")
                    for r in inp.budgets
                    if r.source in city_sources and r.scope.startswith("city=")
                }
            )
            without_rate: list[str] = []
            for city in cities:
                members = [c for c in inp.counties if city_of[c] == city]
                self._floor(b, params, f"city={city}", city_sources, members, 1.0)
                y = inp.years[0]
                before = inp.actual(y - 1, counties=members, sources=city_sources)
                earlier = inp.actual(y - 2, counties=members, sources=city_sources)
                if before and earlier:
                    now = b.money(y, sources=city_sources, counties=members)
                    committed = inp.committed(y, members, city_sources)
                    b.add(
                        self,
                        params,
                        f"city={city}|{y}|rate",
                        now,
                        ">=",
                        before * before / earlier - committed,
                    )
                else:
                    without_rate.append(city)
            if without_rate:
                y = inp.years[0]
                inp.notes.append(
                    Note(
                        "increase_no_rates",
                        rule=self.id,
                        year=y - 1,
                        earlier=y - 2,
                        cities=without_rate,
                    )
                )

    def _floor(self, b, params, name, sources, counties, factor):
        """now >= factor * year before, for every year of the run."""
        inp = b.inputs
        for y in inp.years:
            now = b.money(y, sources=sources, counties=counties)
            committed = inp.committed(y, counties, sources)
            if y - 1 in inp.years:
                before = b.money(y - 1, sources=sources, counties=counties)
                b.add(
                    self,
                    params,
                    f"{name}|{y}",
                    now - factor * before,
                    ">=",
                    factor * inp.committed(y - 1, counties, sources)
                    - committed
                    + params.min_increase_wan,
                    show=(
                        now + committed,
                        factor * (before + inp.committed(y - 1, counties, sources))
                        + params.min_increase_wan,
                    ),
                )
                continue
            actual = inp.actual(y - 1, counties=counties, sources=sources)
            if actual is None:
                inp.notes.append(
                    Note("increase_no_actuals", rule=self.id, group=name, plan_year=y, year=y - 1)
                )
                continue
            b.add(
                self,
                params,
                f"{name}|{y}",
                now,
                ">=",
                factor * actual - committed + params.min_increase_wan,
                show=(now + committed, factor * actual + params.min_increase_wan),
            )


def special_funds(earmark: list[str], scope: str) -> list[list[str]]:
    """The groups of special-fund sources that must each increase: each source, or all together;
    none when the dataset has no special fund (only the cities' own money is then asked to)."""
    if scope == "per_source":
        return [[s] for s in earmark]
    return [earmark] if earmark else []
