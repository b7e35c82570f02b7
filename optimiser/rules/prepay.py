"""R-PREPAY: a poverty project may be paid in advance up to `max_share` of its funds (003-p26:
强化资金保障,将扶贫工程项目预付款比例调高至项目资金的50%). The clause raises the ceiling on
advances to pay faster: it is a permission, not a brake. A project is paid by its own cost
profile (progress payments are not advances); with the rule on, the plan may also pay it in its
start year an advance a[p, t] that tops the first payment up to the ceiling, and the advance is
recovered from its later instalments in proportion to them:

    0 <= a[p, t] <= (max_share * sum_j cash[p][j] - cash[p][0]) * z[p, t]
    paid in t: cash[p][0] * z[p, t] + a[p, t]
    paid in t + j (j >= 1): cash[p][j] * z[p, t] - a[p, t] * cash[p][j] / sum_{i >= 1} cash[p][i]

for each possible start (p, t) of a project that runs over more than one year and whose profile
pays less than the ceiling at first. An advance helps a plan when the start year has money that
later years lack. Instalments charged to the run's last year (R-PAYMENT, reserve) are recovered
there; a project started in the last year is paid in full then and needs no advance. Borrowed
from Hebei (003): a Shanxi plan applies it only when its policy says so.
"""

from pydantic import Field

from optimiser.model.expr import linear
from optimiser.rules.base import RuleFamily, StructuralParams


class Prepay(RuleFamily):
    id = "R-PREPAY"
    title_zh = "扶贫项目预付款比例"
    title_en = "Project advances up to 50% of its funds"
    citations = ("003-p26",)
    dual_unit = "objective units per 万元 of advance"
    sentences = {
        "binding": {
            "en": "Project {instance} is paid all the ceiling allows in its start year: "
            "{lhs} 万元, its first progress payment and an advance, of {rhs} 万元.",
            "zh": "项目【{instance}】开工当年已按上限拨付：首期进度款与预付款共 {lhs} 万元，上限 {rhs} 万元。",
        },
    }

    class Params(StructuralParams):
        """Hard or off, never soft: its row is what ties an advance to a project's start."""

        max_share: float = Field(
            0.5,
            ge=0,
            le=1,
            description="ceiling on what a project may be paid in its start year, progress "
            "payment and advance together, as a share of its funds",
        )

    def adjust(self, b, params):
        """Create the advances and tell R-PAYMENT which year pays or recovers what."""
        import pyomo.core as pyo

        inp, m = b.inputs, b.model
        last = inp.years[-1]
        reserve = inp.data.policy.rules["R-PAYMENT"].beyond_horizon == "reserve"
        room: dict[tuple[str, int], float] = {}
        weights: dict[tuple[str, int], dict[int, float]] = {}
        for start in inp.project_starts:
            profile = inp.project_cash[start.project]
            later = sum(profile[1:])
            head = params.max_share * sum(profile) - profile[0]
            if len(profile) < 2 or later <= 0 or head <= 1e-9 or (reserve and start.year == last):
                continue
            key = (start.project, start.year)
            room[key] = head
            by_year = {start.year: 1.0}
            for y in inp.years:
                j = y - start.year
                if j < 1:
                    continue
                share = (
                    sum(profile[j:])
                    if reserve and y == last
                    else (profile[j] if j < len(profile) else 0.0)
                )
                if share:
                    by_year[y] = -share / later
            weights[key] = by_year
        if not room:
            return
        b.advance_room = room
        if b.rederiving:  # a re-derivation reuses the held model's variables, and adds none
            held = set(m.ADVANCE_INDEX) if hasattr(m, "advance") else set()
            if set(room) != held:
                return  # other starts may be advanced: optimiser.model.update rebuilds
        else:
            m.ADVANCE_INDEX = pyo.Set(initialize=sorted(room), dimen=2, ordered=True)
            m.advance = pyo.Var(m.ADVANCE_INDEX, within=pyo.NonNegativeReals)
        b.counties_by("advance", b.project_county)
        for key, by_year in weights.items():
            b.advances[key] = (m.advance[key], by_year)

    def define(self, b, params):
        m = b.model
        for (project, year), head in b.advance_room.items():
            advance, z = m.advance[project, year], m.z[project, year]
            first = b.inputs.project_cash[project][0]
            b.add(
                self,
                params,
                f"{project}|{year}",
                linear([advance, z], [1.0, -head]),
                "<=",
                0.0,
                # as the audit reads it: all the start year pays, against the ceiling
                show=(first * z + advance, (first + head) * z),
            )
