"""R-PAYMENT: work started in a year is paid over the following years by its category's payment
profile (a project by its own cost profile), and earlier commitments are paid first.

    sum_s x[s, c, k, y] = sum_{t <= y} cost[k] * profile[k][y - t] * u[c, k, t]
                          + sum_{p of (c, k)} sum_{t <= y} cash[p][y - t] * z[p, t]
                          + advances paid in y less those recovered in y (R-PREPAY)

for every county c, category k and year y of the run. Instalments that fall after the last year
of the run are charged to that last year (`beyond_horizon: reserve`, the default): a plan never
leaves later years to pay for what it started. Commitments from before the run (commitments.csv)
are paid from their source's budget first (see R-BUDGET). Switched off, every category is paid in
"""

from typing import Literal

from pydantic import Field

from optimiser.model.expr import linear
from optimiser.rules.base import RuleFamily, StructuralParams


class Payment(RuleFamily):
    id = "R-PAYMENT"
    structural = True
    title_zh = "分年拨付与结转承诺"
    title_en = "Payment profiles and carried commitments"
    citations = ("PUB-SX-FARMLAND-1",)
    basis = "categories.csv `payment_profile` and commitments.csv"
    dual_unit = "objective units per 万元"
    sentences = {
        "conflict": {
            "en": "Money for {instance} pays for the units started there, at the unit "
            "standard and the payment profile.",
            "zh": "【{instance}】的资金按补助标准和分年拨付比例支付已开工的单位。",
        },
    }

    class Params(StructuralParams):
        status: Literal["hard"] = Field(
            "hard", description="always applied: it defines what money buys"
        )
        beyond_horizon: Literal["reserve", "ignore"] = Field(
            "reserve",
            description="reserve: instalments after the run's last year are charged "
            "to that year; ignore: they are left to later budgets",
        )

    # the categories' profiles and unit standards, the needs, the projects and when they may
    # start and be paid in advance; not the budgets (a budget that changes the sources that may
    # pay changes the model's arcs, and the model is rebuilt)
    reads = frozenset(
        {"categories", "needs", "projects", "counties", "rule:R-PREPAY", "rule:R-DEADLINE"}
        | {"rule:R-PROJECT"}
    )

    def define(self, b, params):
        inp, m = b.inputs, b.model
        years = inp.years
        last = years[-1]
        reserve = params.beyond_horizon == "reserve"
        categories = inp.data.category_by_code
        pay_sources: dict[tuple[str, str, int], list] = {}
        for s, c, k, y in m.X_INDEX:
            pay_sources.setdefault((c, k, y), []).append(m.x[s, c, k, y])
        starts: dict[tuple[str, str], list] = {}
        for start in inp.project_starts:
            project = b.project(start.project)
            starts.setdefault((project.county_code, project.category), []).append(start)
        pairs = set(inp.needs) | set(starts)
        for c, k in sorted(pairs):
            category = categories[k]
            profile = category.payment_profile
            for y in years:
                terms = list(pay_sources.get((c, k, y), []))
                coefs = [1.0] * len(terms)
                for t in years:
                    if t > y:
                        continue
                    share = _instalment(profile, y - t, tail=reserve and y == last)
                    if share and (c, k) in inp.needs:
                        terms.append(m.u[c, k, t])
                        coefs.append(-category.unit_cost_wan * share)
                for start in starts.get((c, k), []):
                    if start.year > y:
                        continue
                    cash = inp.project_cash[start.project]
                    amount = _instalment(cash, y - start.year, tail=reserve and y == last)
                    if amount:
                        terms.append(m.z[start.project, start.year])
                        coefs.append(-amount)
                    var, by_year = b.advances.get((start.project, start.year), (None, {}))
                    if by_year.get(y):
                        terms.append(var)
                        coefs.append(-by_year[y])
                if terms:
                    b.add(self, params, f"{c}|{k}|{y}", linear(terms, coefs), "==", 0.0)


def _instalment(profile: list[float], offset: int, tail: bool) -> float:
    """The share (or amount) due `offset` years after the start; with `tail`, also everything
    due after that offset (charged now: the last year of a run that reserves the rest)."""
    if tail:
        return sum(profile[offset:])
    return profile[offset] if offset < len(profile) else 0.0
