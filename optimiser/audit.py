"""An independent check of a plan against the rules, from the plan's tables and the dataset alone.

It shares no code with the model: it recomputes every rule from the allocation (money by year,
county, source, category, project), the units started and the projects started, the way an
auditor with a spreadsheet would. The model's own row statuses are never consulted. Used by the
tests on every solved plan, and by anything that wants to know whether a plan (optimised or not)
keeps the rules.

Each finding is one rule instance: the value the plan reaches, the limit, and whether it holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.dataset import Dataset
from optimiser.factor import factor_shares, latest_indicators
from optimiser.rules.increase import special_funds

RELATIVE = 1e-7  # the audit's tolerance: 1e-7 of the larger side ...
ABSOLUTE = 0.01  # ... but never less than 0.01 万元 (one hundred yuan)


@dataclass(frozen=True)
class Finding:
    rule_id: str
    instance: str
    value: float
    limit: float
    sense: str  # ">=" or "<=" or "=="
    ok: bool
    soft: bool = False  # a soft rule: a shortfall is allowed at its penalty, not a breach

    @property
    def breach(self) -> bool:
        return not self.ok and not self.soft


def _holds(value: float, sense: str, limit: float) -> bool:
    """Money is compared in 万元: equal within 1e-7 relative or 0.01 万元, whichever is larger.
    Checks that are not in 万元 (units, people, a 0/1 indicator) are stated so that 0.01 of
    their unit is also far below what matters."""
    tol = max(ABSOLUTE, RELATIVE * max(abs(limit), abs(value)))
    if sense == ">=":
        return value >= limit - tol
    if sense == "<=":
        return value <= limit + tol
    return abs(value - limit) <= tol


# Every rule family's check, run when the family is on (the structural ones first). A family
# without an entry here fails tests/test_audit_coverage.py, as one without a golden model does.
CHECKS = {
    "R-BUDGET": "budgets",
    "R-ELIGIBILITY": "eligibility",
    "R-PAYMENT": "payments",
    "R-NEED": "needs",
    "R-PROJECT": "projects_started",
    "R-EARMARK": "earmark",
    "R-GROWTH": "growth",
    "R-REVOLVING": "revolving",
    "R-RELENDING": "relending",
    "R-INDUSTRY-FUND": "industry_fund",
    "R-LOTTERY": "lottery",
    "R-FOREST-QUOTA": "forest_quota",
    "R-LABOUR-SUBSIDY": "labour_subsidy",
    "R-EDUCATION-FIRST": "education_first",
    "R-INCREASE": "increase",
    "R-PREPAY": "prepay",
    "R-RELIEF-FUND": "relief",
    "R-DEADLINE": "deadlines",
    "R-FARMLAND-TARGET": "farmland_target",
    "R-PV-COVERAGE": "pv_coverage",
    "R-COUNTY-FLOOR": "county_floor",
}
# The families that put the deep counties first (optimiser/rules/priority.py): their scopes are
# `priority_scopes`, a lexicographic one is held in the plan's stage row, a weighted one is a
# bonus of the objective (optimiser/verdict.py).
PRIORITY_FAMILIES = (
    "R-INDUSTRY-FUND",
    "R-LOTTERY",
    "R-FOREST-QUOTA",
    "R-LABOUR-SUBSIDY",
    "R-EDUCATION-FIRST",
)
# The parameters each check reads (besides status and penalty): a parameter that changes what a
# rule means and is missing here fails the coverage test too.
HONOURS = {
    "R-PAYMENT": {"beyond_horizon"},
    "R-EARMARK": {"share", "base"},
    "R-GROWTH": {"margin", "per_source"},
    "R-REVOLVING": {
        "deep_share",
        "county_match_ratio",
        "bank_leverage",
        "term_years_max",
        "poverty_counties_only",
        "min_lent_share",
    },
    "R-RELENDING": {"min_deep_wan"},
    "R-INDUSTRY-FUND": {"method", "min_deep_share", "tolerance", "include_city_level"},
    "R-LOTTERY": {"method", "min_deep_share", "tolerance", "source", "categories"},
    "R-FOREST-QUOTA": {"method", "min_deep_share", "tolerance", "categories", "sources"},
    "R-LABOUR-SUBSIDY": {"reading", "categories", "method", "min_deep_share", "tolerance"},
    "R-EDUCATION-FIRST": {"method", "min_deep_share", "tolerance", "category"},
    "R-INCREASE": {"min_growth", "min_increase_wan", "scope", "city_double_growth"},
    "R-PREPAY": {"max_share"},
    "R-RELIEF-FUND": {"category", "provincial_floor_wan", "local_floor_wan", "once"},
    "R-DEADLINE": {"delay_years", "reading"},
    "R-FARMLAND-TARGET": {"category", "year", "pace"},
    "R-PV-COVERAGE": {"category", "year", "pace"},
    "R-COUNTY-FLOOR": {"min_fraction_of_formula", "min_wan"},
}


class Audit:
    def __init__(
        self,
        data: Dataset,
        years: list[int],
        allocation: pd.DataFrame,
        units: pd.DataFrame | None = None,
        projects: pd.DataFrame | None = None,
        rules: pd.DataFrame | None = None,
    ):
        self.data = data
        self.years = list(years)
        self.alloc = allocation.copy()
        self.alloc["project_id"] = self.alloc["project_id"].fillna("").astype(str)
        # the same money summed per year, source, county, category and whether it was committed
        # before the run: what `money` reads
        pid = self.alloc["project_id"]
        self.sums = (
            self.alloc.assign(committed=pid == "(committed)")
            .groupby(["year", "source", "county_code", "category", "committed"], as_index=False)[
                "amount_wan"
            ]
            .sum()
        )
        # the same as plain arrays, and the rows of each county: most checks are per county
        self._cols = {c: self.sums[c].to_numpy() for c in self.sums.columns}
        self._county_rows = (
            {
                county: np.asarray(rows)
                for county, rows in self.sums.groupby("county_code").indices.items()
            }
            if len(self.sums)
            else {}
        )
        projects_money = self.alloc[~pid.isin(["", "(committed)"])]
        self.project_money = (
            projects_money.groupby(["project_id", "year"])["amount_wan"].sum().to_dict()
        )
        self.units = (
            units
            if units is not None
            else pd.DataFrame(columns=["year", "county_code", "category", "units"])
        )
        self.projects = (
            projects
            if projects is not None
            else pd.DataFrame(columns=["project_id", "start_year", "funded_fraction"])
        )
        self.rules_table = rules
        self._stages: pd.DataFrame | None = None  # its priority stages' rows (`_stage_rows`)
        self.rules = data.policy.rules
        self.findings: list[Finding] = []
        self.deep = set(data.deep_codes)
        self.level = {s.code: s.level for s in data.sources}
        self.kind = {s.code: s.kind for s in data.sources}
        self.city = {c.code: c.city for c in data.counties}
        self.by_id = {p.id: p for p in data.projects}
        self.funded = [
            (r.project_id, int(r.start_year), float(r.funded_fraction))
            for r in self.projects.itertuples()
            if pd.notna(r.start_year) and r.funded_fraction > 0
        ]
        self.started = self._units_started()

    # ---- helpers ---------------------------------------------------------------------------
    def _add(self, rule_id, instance, value, sense, limit):
        soft = self.rules[rule_id].status == "soft"
        self.findings.append(
            Finding(
                rule_id,
                instance,
                float(value),
                float(limit),
                sense,
                _holds(value, sense, limit),
                soft,
            )
        )

    def _units_started(self) -> dict[tuple, float]:
        """Units started by (county, category) and by (county, category, year): category units
        and the units of funded projects, in proportion to the fraction funded."""
        started: dict[tuple, float] = defaultdict(float)
        for row in self.units.itertuples():
            started[(row.county_code, row.category)] += row.units
            started[(row.county_code, row.category, int(row.year))] += row.units
        for pid, year, fraction in self.funded:
            p = self.by_id[pid]
            started[(p.county_code, p.category)] += p.units * fraction
            started[(p.county_code, p.category, year)] += p.units * fraction
        return started

    def money(
        self, year=None, sources=None, counties=None, categories=None, committed: bool = True
    ) -> float:
        a = self._cols
        if counties is not None:  # only the given counties' rows, then the other filters
            counties = set(counties)
            parts = [self._county_rows[c] for c in counties if c in self._county_rows]
            rows = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        else:
            rows = np.arange(len(a["year"]))
        keep = np.ones(len(rows), dtype=bool)
        if year is not None:
            keep &= a["year"][rows] == year
        if sources is not None:
            keep &= np.isin(a["source"][rows], list(sources))
        if categories is not None:
            keep &= np.isin(a["category"][rows], list(categories))
        if not committed:  # the plan's own money: no instalments carried in from before the run
            keep &= ~a["committed"][rows].astype(bool)
        return float(a["amount_wan"][rows[keep]].sum())

    def actual(self, year, sources=None, counties=None) -> float | None:
        rows = [h for h in self.data.history if h.year == year]
        if not rows:
            return None
        return sum(
            h.amount_wan
            for h in rows
            if (sources is None or h.source in sources)
            and (counties is None or h.county_code in counties)
        )

    def budget(self, year, sources) -> float:
        return sum(
            b.amount_wan for b in self.data.budgets if b.year == year and b.source in sources
        )

    def scope(self, b) -> list[str] | None:
        """The counties a budget row reaches; None for all."""
        if b.county_code:
            return [b.county_code]
        if b.city:
            return [c for c, m in self.city.items() if m == b.city]
        return None

    def payable(self, sources) -> bool:
        """Whether `sources` may pay for anything a county needs or a project does."""
        wanted = {n.category for n in self.data.needs} | {p.category for p in self.data.projects}
        return any(set(k.sources) & set(sources) for k in self.data.categories if k.code in wanted)

    def on(self, rule_id: str) -> bool:
        return self.rules[rule_id].on

    def cash_due(self, pid: str, start: int) -> dict[int, float]:
        """What a whole project started in `start` is due in each year of the run by its cost
        profile, instalments after the run charged to the last year unless R-PAYMENT says
        ignore (an advance under R-PREPAY comes on top: see `advance_weights`)."""
        profile = list(self.by_id[pid].cost_profile_wan)
        last = self.years[-1]
        reserve = self.rules["R-PAYMENT"].beyond_horizon == "reserve"
        due = {}
        for y in self.years:
            j = y - start
            if j < 0:
                continue
            due[y] = (
                sum(profile[j:])
                if reserve and y == last
                else (profile[j] if j < len(profile) else 0.0)
            )
        return due

    def advance_room(self, pid: str, start: int) -> float:
        """How much a whole project may be advanced in its start year under R-PREPAY: up to the
        ceiling less its own first payment; nothing when it pays in one year, when it starts in
        the last year of a run that reserves later instalments, or with R-PREPAY off."""
        profile = list(self.by_id[pid].cost_profile_wan)
        reserve = self.rules["R-PAYMENT"].beyond_horizon == "reserve"
        if not self.on("R-PREPAY") or len(profile) < 2 or sum(profile[1:]) <= 0:
            return 0.0
        if reserve and start == self.years[-1]:
            return 0.0
        return max(0.0, self.rules["R-PREPAY"].max_share * sum(profile) - profile[0])

    def advance_weights(self, pid: str, start: int) -> dict[int, float]:
        """The share of an advance recovered in each later year of the run: in proportion to
        the later instalments (the tail charged to the last year recovered there)."""
        profile = list(self.by_id[pid].cost_profile_wan)
        later = sum(profile[1:])
        due = self.cash_due(pid, start)
        return {y: amount / later for y, amount in due.items() if y > start and later > 0}

    # ---- the rules -------------------------------------------------------------------------
    def run(self) -> pd.DataFrame:
        self.project_starts()
        for rule_id, check in CHECKS.items():
            if self.on(rule_id):
                getattr(self, check)()
        frame = pd.DataFrame(
            [f.__dict__ | {"breach": f.breach} for f in self.findings],
            columns=[*Finding.__dataclass_fields__, "breach"],
        )
        return frame

    def budgets(self):
        revolving_on = self.on("R-REVOLVING")
        for b in self.data.budgets:
            if b.year not in self.years:
                continue
            if revolving_on and self.kind[b.source] == "revolving":
                continue
            spent = self.money(b.year, [b.source], self.scope(b))
            scope = b.county_code or b.city or ""
            self._add("R-BUDGET", f"{b.source}|{b.year}|{scope}", spent, "<=", b.amount_wan)
        budgeted = {(b.source, b.year) for b in self.data.budgets}
        for (s, y), amount in self.alloc.groupby(["source", "year"])["amount_wan"].sum().items():
            if revolving_on and self.kind[s] == "revolving":
                continue  # the fund lends its repayments in years with no injection
            if (s, y) not in budgeted:
                self._add("R-BUDGET", f"{s}|{y}|no budget", amount, "<=", 0.0)
        # a source budgeted only for some cities or counties pays nowhere else
        scopes: dict[tuple, set | None] = {}
        for b in self.data.budgets:
            if b.year in self.years and not (revolving_on and self.kind[b.source] == "revolving"):
                reach = self.scope(b)
                key = (b.source, b.year)
                known = scopes.get(key, set())
                scopes[key] = None if reach is None or known is None else known | set(reach)
        for (s, y), reach in scopes.items():
            if reach is not None:
                outside = set(self.city) - reach
                if outside:
                    spent = self.money(y, [s], outside)
                    self._add("R-BUDGET", f"{s}|{y}|outside its scopes", spent, "<=", 0.0)

    def eligibility(self):
        """Each source pays only the categories categories.csv lets it (the lottery's own
        programme is R-LOTTERY's check)."""
        allowed = {(s, k.code) for k in self.data.categories for s in k.sources}
        paid = self.alloc[self.alloc["project_id"] != "(committed)"]
        for (s, k), amount in paid.groupby(["source", "category"])["amount_wan"].sum().items():
            if (s, k) not in allowed:
                self._add("R-ELIGIBILITY", f"{s}|{k}", amount, "<=", 0.0)

    def payments(self):
        """Money on a county's category (projects aside) equals what its units cost by the
        payment profile; a funded project is paid its cost profile, in proportion to the fraction
        funded, from its start year and in no other year. Instalments after the run are charged
        to its last year (beyond_horizon: reserve) or left to later budgets (ignore)."""
        last = self.years[-1]
        reserve = self.rules["R-PAYMENT"].beyond_horizon == "reserve"
        cats = self.data.category_by_code
        due: dict[tuple, float] = defaultdict(float)
        for row in self.units.itertuples():
            k = cats[row.category]
            t = int(row.year)
            for y in self.years:
                if y < t:
                    continue
                j = y - t
                share = (
                    sum(k.payment_profile[j:])
                    if reserve and y == last
                    else (k.payment_profile[j] if j < len(k.payment_profile) else 0.0)
                )
                due[(row.county_code, row.category, y)] += share * k.unit_cost_wan * row.units
        paid = self.alloc[self.alloc["project_id"] == ""]
        got = paid.groupby(["county_code", "category", "year"])["amount_wan"].sum().to_dict()
        for key in sorted(set(got) | set(due)):
            self._add(
                "R-PAYMENT", "|".join(map(str, key)), got.get(key, 0.0), "==", due.get(key, 0.0)
            )
        expected: dict[tuple, float] = defaultdict(float)
        for pid, start, fraction in self.funded:
            due = self.cash_due(pid, start)
            # the advance the plan paid on top of the start year's instalment (R-PREPAY checks
            # that it is within the ceiling), recovered from the later instalments
            advance = 0.0
            if self.advance_room(pid, start) > 0:
                paid = self.project_money.get((pid, start), 0.0)
                advance = max(0.0, paid - due.get(start, 0.0) * fraction)
            weights = self.advance_weights(pid, start)
            for y, amount in due.items():
                back = advance * weights.get(y, 0.0)
                expected[(pid, y)] += amount * fraction + (advance if y == start else -back)
        for key in sorted(set(expected) | set(self.project_money)):
            pid, y = key
            self._add(
                "R-PAYMENT",
                f"project {pid}|{y}",
                self.project_money.get(key, 0.0),
                "==",
                expected.get(key, 0.0),
            )

    def needs(self):
        """Units started within each need (over the run, or each year of an annual one), and
        none where there is no need; a need due before the run is taken as met before it
        (optimiser.model.inputs), so nothing is left of it to start."""
        open_needs = [
            n
            for n in self.data.needs
            if n.deadline is None or n.deadline + self._delay() >= self.years[0]
        ]
        needed = {(n.county_code, n.category) for n in open_needs}
        for key in sorted({k[:2] for k in self.started} - needed):
            self._add("R-NEED", f"{key[0]}|{key[1]}|no need", self.started[key], "<=", 0.0)
        for n in open_needs:
            if n.basis == "annual":
                for y in self.years:
                    key = (n.county_code, n.category, y)
                    self._add(
                        "R-NEED",
                        f"{n.county_code}|{n.category}|{y}",
                        self.started.get(key, 0.0),
                        "<=",
                        n.units,
                    )
            else:
                self._add(
                    "R-NEED",
                    f"{n.county_code}|{n.category}",
                    self.started.get((n.county_code, n.category), 0.0),
                    "<=",
                    n.units,
                )

    def project_starts(self):
        """What the model's variables allow whatever R-PROJECT says (the starts of projects.csv
        within their windows and the run, a divisible project's share at most 1, an indivisible
        one whole, one start each): checked as R-PAYMENT, since a project is paid by its cost
        profile only from such a start. In 万元 of the project's cost, so the tolerance is money."""
        counted: dict[str, int] = defaultdict(int)
        for pid, year, fraction in self.funded:
            p = self.by_id[pid]
            cost = p.total_cost_wan
            counted[pid] += 1
            earliest = max(p.earliest_start, self.years[0])
            latest = min(p.latest_start, self.years[-1])
            self._add("R-PAYMENT", f"project {pid}|start after|{year}", year, ">=", earliest)
            self._add("R-PAYMENT", f"project {pid}|start by|{year}", year, "<=", latest)
            self._add("R-PAYMENT", f"project {pid}|at most whole", fraction * cost, "<=", cost)
            if not p.is_divisible:
                self._add("R-PAYMENT", f"project {pid}|whole", fraction * cost, "==", cost)
        for pid, starts in counted.items():
            if starts > 1:
                self._add("R-PAYMENT", f"project {pid}|starts", starts, "<=", 1)

    def projects_started(self):
        """R-PROJECT: a divisible project is funded at least its minimum fraction, and a
        project starts only after its prerequisites, each funded at least as much as it
        (sum_{t <= y} z[q, t] >= z[p, y]); in 万元 of the project's cost."""
        funded = {pid: (year, fraction) for pid, year, fraction in self.funded}
        for pid, year, fraction in self.funded:
            p = self.by_id[pid]
            cost = p.total_cost_wan
            if p.is_divisible and p.min_fraction:
                self._add(
                    "R-PROJECT", f"{pid}|fraction", fraction * cost, ">=", p.min_fraction * cost
                )
            for q in p.prerequisites:
                q_year, q_fraction = funded.get(q, (None, 0.0))
                before = q_fraction if q_year is not None and q_year <= year else 0.0
                self._add("R-PROJECT", f"{pid}|after {q}", fraction * cost, "<=", before * cost)

    def _delay(self) -> int:
        return self.rules["R-DEADLINE"].delay_years if self.on("R-DEADLINE") else 0

    def earmark(self):
        earmark = [s.code for s in self.data.sources if s.earmark]
        params = self.rules["R-EARMARK"]
        if params.base == "allocated" and not self.payable(earmark):
            return  # nothing can be allocated, so nothing is owed of it (optimiser.rules.earmark)
        for y in self.years:
            base = self.budget(y, earmark) if params.base == "budget" else self.money(y, earmark)
            deep = self.money(y, earmark, self.deep)
            self._add("R-EARMARK", str(y), deep, ">=", params.share * base)

    def growth(self):
        """Block money to the deep counties, commitments included as in the actuals, grows at
        least `margin` faster than block money province-wide; between two years of the run the
        province-wide growth is the block budgets' (the rule's reading, optimiser.rules.growth)."""
        params = self.rules["R-GROWTH"]
        block = [s.code for s in self.data.sources if s.block]
        groups = [[s] for s in block] if params.per_source else [block]
        for sources in groups:
            name = "+".join(sources)
            if not self.payable(sources):
                continue  # nothing any county needs may be paid from them: no floor to keep
            for y in self.years:
                d1 = self.money(y, sources, self.deep)
                if y - 1 in self.years:
                    b0, b1 = self.budget(y - 1, sources), self.budget(y, sources)
                    if b0 <= 0:
                        continue
                    d0 = self.money(y - 1, sources, self.deep)
                    self._add(
                        "R-GROWTH",
                        f"{name}|{y}|budget growth",
                        d1,
                        ">=",
                        (b1 / b0 + params.margin) * d0,
                    )
                    continue
                d0 = self.actual(y - 1, sources, self.deep)
                t0 = self.actual(y - 1, sources)
                if not d0 or not t0 or d0 <= 0 or self.budget(y, sources) <= 0:
                    continue
                t1 = self.money(y, sources)
                self._add("R-GROWTH", f"{name}|{y}", d1, ">=", d0 * (t1 / t0 + params.margin))

    def revolving(self):
        params = self.rules["R-REVOLVING"]
        funds = [s.code for s in self.data.sources if s.kind == "revolving"]
        local = [s.code for s in self.data.sources if s.level == "county"]
        credit = [s.code for s in self.data.sources if s.kind == "credit"]
        categories = sorted(k.code for k in self.data.categories if set(k.sources) & set(funds))
        poverty = {c.code for c in self.data.counties if c.is_poverty_county}
        for y in self.years:
            injected = sum(
                b.amount_wan
                for b in self.data.budgets
                if b.source in funds and b.year <= y and b.year in self.years
            )
            window = [t for t in self.years if y - params.term_years_max < t <= y]
            out = sum(self.money(t, funds) for t in window)
            loans = [n for n in self.data.loans if n.source in funds]
            back = sum(n.amount_wan for n in loans if n.year_lent + n.term_years <= y)
            self._add("R-REVOLVING", f"balance|{y}", out, "<=", injected + back)
            lent = self.money(y, funds)
            available = sum(
                b.amount_wan for b in self.data.budgets if b.source in funds and b.year == y
            )
            available += sum(
                self.money(t, funds) for t in self.years if t + params.term_years_max == y
            )
            available += sum(n.amount_wan for n in loans if n.year_lent + n.term_years == y)
            self._add("R-REVOLVING", f"use|{y}", lent, ">=", params.min_lent_share * available)
            if lent <= 0:
                continue
            self._add(
                "R-REVOLVING",
                f"deep share|{y}",
                self.money(y, funds, self.deep),
                ">=",
                params.deep_share * lent,
            )
            for c in sorted(
                set(
                    self.alloc.loc[
                        (self.alloc["source"].isin(funds)) & (self.alloc["year"] == y),
                        "county_code",
                    ]
                )
            ):
                lent_c = self.money(y, funds, [c])
                if params.poverty_counties_only:
                    self._add(
                        "R-REVOLVING",
                        f"poverty county|{c}|{y}",
                        0.0 if c in poverty else lent_c,
                        "<=",
                        0.0,
                    )
                self._add(
                    "R-REVOLVING",
                    f"match|{c}|{y}",
                    self.money(y, local, [c], categories),
                    ">=",
                    params.county_match_ratio * lent_c,
                )
                self._add(
                    "R-REVOLVING",
                    f"leverage|{c}|{y}",
                    self.money(y, credit, [c], categories),
                    ">=",
                    params.bank_leverage * (1 + params.county_match_ratio) * lent_c,
                )

    def relending(self):
        params = self.rules["R-RELENDING"]
        relending = [s.code for s in self.data.sources if s.kind == "relending"]
        for y in self.years:
            self._add(
                "R-RELENDING",
                str(y),
                self.money(y, relending, self.deep),
                ">=",
                params.min_deep_wan,
            )

    def increase(self):
        params = self.rules["R-INCREASE"]
        earmark = [s.code for s in self.data.sources if s.earmark]
        for sources in special_funds(earmark, params.scope):
            for y in self.years:
                before = (
                    self.money(y - 1, sources)
                    if y - 1 in self.years
                    else self.actual(y - 1, sources)
                )
                if before is None:
                    continue
                self._add(
                    "R-INCREASE",
                    f"{'+'.join(sources)}|{y}",
                    self.money(y, sources),
                    ">=",
                    (1 + params.min_growth) * before + params.min_increase_wan,
                )
        if not params.city_double_growth:
            return
        city_sources = [s.code for s in self.data.sources if s.level == "city"]
        cities = sorted(
            {
                b.city
                for b in self.data.budgets
                if b.source in city_sources and b.city and b.year in self.years
            }
        )
        for m in cities:
            members = [c for c, city in self.city.items() if city == m]
            for y in self.years:  # the amount rises every year
                before = (
                    self.money(y - 1, city_sources, members)
                    if y - 1 in self.years
                    else self.actual(y - 1, city_sources, members)
                )
                if before is not None:
                    now = self.money(y, city_sources, members)
                    limit = before + params.min_increase_wan
                    self._add("R-INCREASE", f"city={m}|{y}|amount", now, ">=", limit)
            y = self.years[0]  # the rate, where both earlier years are actuals
            now = self.money(y, city_sources, members)
            before = self.actual(y - 1, city_sources, members)
            earlier = self.actual(y - 2, city_sources, members)
            if before and earlier:
                self._add("R-INCREASE", f"city={m}|{y}|rate", now, ">=", before * before / earlier)

    def relief(self):
        """The province pays at least its stated amount into the relief fund, and each city and
        county with a budget of its own at least the local amount: once over the run and the
        years before it (history.csv, commitments), or (`once: false`) every year."""
        params = self.rules["R-RELIEF-FUND"]
        relief = [params.category]
        provincial = [s for s, lv in self.level.items() if lv == "provincial"]
        scopes = {}
        for b in self.data.budgets:
            if self.level[b.source] in ("city", "county") and self.scope(b) is not None:
                scopes[(b.county_code or b.city, b.source)] = self.scope(b)
        periods = [list(self.years)] if params.once else [[y] for y in self.years]
        for years in periods:
            label = "set up" if params.once else str(years[0])
            wanted = [("province", provincial, None, params.provincial_floor_wan)]
            for (scope, source), counties in sorted(scopes.items()):
                budgeted = params.once or any(
                    b.year == years[0] and b.source == source and (b.county_code or b.city) == scope
                    for b in self.data.budgets
                )
                if budgeted:
                    wanted.append((f"{scope}|{source}", [source], counties, params.local_floor_wan))
            for name, sources, counties, amount in wanted:
                paid = sum(self.money(y, sources, counties, relief) for y in years)
                if params.once:
                    paid += sum(
                        h.amount_wan
                        for h in self.data.history
                        if h.year < self.years[0]
                        and h.category in relief
                        and h.source in sources
                        and (counties is None or h.county_code in counties)
                    )
                self._add("R-RELIEF-FUND", f"{name}|{label}", paid, ">=", amount)

    def deadlines(self):
        """Each need with a deadline in the run is done by it: its units started by then, or
        (`reading: completed`, the default) paid off by then, the last instalment of their
        category's payment profile (a project's of its cost profile) falling in the deadline's
        year or before."""
        params = self.rules["R-DEADLINE"]
        delay = self._delay()
        completed = params.reading == "completed"
        cats = self.data.category_by_code
        started: dict[tuple, list[tuple[int, float]]] = defaultdict(list)  # in the table's order
        for row in self.units.itertuples():
            started[(row.county_code, row.category)].append((int(row.year), row.units))
        for n in self.data.needs:
            if n.deadline is None or n.units <= 0:
                continue
            due = n.deadline + delay
            if due < self.years[0] or due > self.years[-1]:
                continue
            length = len(cats[n.category].payment_profile) if completed else 1
            done = sum(
                units
                for year, units in started[(n.county_code, n.category)]
                if year + length - 1 <= due
            )
            for pid, start, fraction in self.funded:
                p = self.by_id[pid]
                finish = start + (len(p.cost_profile_wan) - 1 if completed else 0)
                if (p.county_code, p.category) == (n.county_code, n.category) and finish <= due:
                    done += p.units * fraction
            self._add("R-DEADLINE", f"{n.county_code}|{n.category}|{due}", done, ">=", n.units)

    def lottery(self):
        """The lottery funds pay only the upgrade programme (R-ELIGIBILITY checks the arcs) and
        go to the deep counties first."""
        params = self.rules["R-LOTTERY"]
        paid = self.alloc[self.alloc["project_id"] != "(committed)"]
        paid = paid[(paid["source"] == params.source) & ~paid["category"].isin(params.categories)]
        for k, amount in paid.groupby("category")["amount_wan"].sum().items():
            self._add("R-LOTTERY", f"{params.source}|{k}|outside the programme", amount, "<=", 0)
        self._deep_first("R-LOTTERY")

    def industry_fund(self):
        """The industry fund, and each city's own budget among its counties, deep counties
        first."""
        self._deep_first("R-INDUSTRY-FUND")

    def forest_quota(self):
        """The forestry programmes' money of the plan, deep counties first."""
        self._deep_first("R-FOREST-QUOTA")

    def education_first(self):
        """The education accounts' money of the plan, deep counties first."""
        self._deep_first("R-EDUCATION-FIRST")

    def labour_subsidy(self):
        """`guarantee`: each deep county's need of the subsidy categories is met by the units
        started in the run (basis total) or in each year (annual), projects' units counted in
        proportion to the fraction funded; `first`: deep counties first on their money."""
        params = self.rules["R-LABOUR-SUBSIDY"]
        if params.reading == "first":
            self._deep_first("R-LABOUR-SUBSIDY")
            return
        categories = self._present(params.categories)
        for n in self._live_needs():
            if n.county_code not in self.deep or n.category not in categories:
                continue
            if n.basis == "annual":
                for y in self.years:
                    done = self.started.get((n.county_code, n.category, y), 0.0)
                    label = f"{n.county_code}|{n.category}|{y}"
                    self._add("R-LABOUR-SUBSIDY", label, done, ">=", n.units)
            else:
                done = self.started.get((n.county_code, n.category), 0.0)
                label = f"{n.county_code}|{n.category}"
                self._add("R-LABOUR-SUBSIDY", label, done, ">=", n.units)

    def farmland_target(self):
        self._target("R-FARMLAND-TARGET")

    def pv_coverage(self):
        self._target("R-PV-COVERAGE")

    def _target(self, rule_id: str):
        """Each deep county's need of the target's category is started by the end of the
        target year, when the run includes it; a run that ends before it (pace `even`) starts
        at least n / (year - first + 1) of the need, n its years; pace `end` binds only a run
        that includes the year; a run after it is not bound."""
        params = self.rules[rule_id]
        first, last = self.years[0], self.years[-1]
        if params.year < first:
            return
        if params.year <= last:
            by, share = params.year, 1.0
        elif params.pace == "even":
            by, share = last, len(self.years) / (params.year - first + 1)
        else:
            return
        for n in self._live_needs():
            if n.county_code not in self.deep or n.category != params.category:
                continue
            done = sum(
                self.started.get((n.county_code, n.category, y), 0.0) for y in self.years if y <= by
            )
            self._add(rule_id, f"{n.county_code}|{n.category}|{by}", done, ">=", share * n.units)

    def _live_needs(self):
        """The needs the run plans for: those with a deadline before the run are taken as done."""
        return [
            n
            for n in self.data.needs
            if n.units > 0
            and not (n.deadline is not None and n.deadline + self._delay() < self.years[0])
        ]

    def _present(self, codes) -> list[str]:
        known = {k.code for k in self.data.categories}
        return [code for code in codes if code in known]

    def priority_scopes(
        self, rule_id: str
    ) -> list[tuple[str, list[str] | None, list[str] | None, list[str] | None]]:
        """(instance label, sources or None for all, counties or None for all, categories or None
        for all) where `rule_id` puts the deep counties first."""
        params = self.rules[rule_id]
        if rule_id == "R-LOTTERY":
            return [(f"{params.source}|{{y}}", [params.source], None, None)]
        if rule_id == "R-FOREST-QUOTA":
            return [("forestry|{y}", params.sources, None, self._present(params.categories))]
        if rule_id == "R-EDUCATION-FIRST":
            return [(f"{params.category}|{{y}}", None, None, [params.category])]
        if rule_id == "R-LABOUR-SUBSIDY":
            if params.reading != "first":
                return []
            return [("subsidies|{y}", None, None, self._present(params.categories))]
        funds = [s.code for s in self.data.sources if s.kind == "fund"]
        scopes = [("+".join(funds) + "|{y}", funds, None, None)]
        if params.include_city_level:
            city_sources = [s.code for s in self.data.sources if self.level[s.code] == "city"]
            cities = sorted(
                {b.city for b in self.data.budgets if b.source in city_sources and b.city}
            )
            for m in cities:
                members = [c for c, city in self.city.items() if city == m]
                if self.deep & set(members):
                    scopes.append((f"city={m}|{{y}}", city_sources, members, None))
        return scopes

    def take(self, scopes) -> float:
        """The deep counties' take over the scopes and the years of the run: the plan's money,
        as the model's priority reads it (no commitments carried in from before the run)."""
        return sum(
            self.money(
                y,
                sources,
                self.deep if members is None else self.deep & set(members),
                categories,
                committed=False,
            )
            for _label, sources, members, categories in scopes
            for y in self.years
        )

    def _deep_first(self, rule_id: str):
        """`share`: at least min_deep_share of what each scope pays goes to its deep counties.
        `lexicographic`: the deep counties' take, summed over the scopes and years of every
        family in the stage, is what the plan's priority stage found to be the most they can
        take (rules.csv, the row `... deep counties first`, less its tolerance); a plan without
        that row (a formula baseline) is not checked for it. Both on the plan's money, without
        commitments carried in from before the run."""
        params = self.rules[rule_id]
        if params.method == "share":
            for label, sources, members, categories in self.priority_scopes(rule_id):
                for y in self.years:
                    total = self.money(y, sources, members, categories, committed=False)
                    deep = self.deep if members is None else self.deep & set(members)
                    take = self.money(y, sources, deep, categories, committed=False)
                    self._add(rule_id, label.format(y=y), take, ">=", params.min_deep_share * total)
            return
        if self.rules_table is None or self.rules_table.empty:
            return
        stages = self._stage_rows()
        for row in stages[
            [rule_id in ids for ids in stages["rule_id"].str.split("+")]
        ].itertuples():
            families = [f for f in str(row.rule_id).split("+") if self.on(f)]
            total = sum(self.take(self.priority_scopes(f)) for f in families)
            best = float(row.rhs)
            self._add(rule_id, str(row.instance), total, ">=", best * (1 - params.tolerance))

    def _stage_rows(self) -> pd.DataFrame:
        """The rules table's rows of the priority stages (`... deep counties first`), found
        once for the four families that read them."""
        if self._stages is None:
            table = self.rules_table
            self._stages = table[
                table["instance"].astype(str).str.endswith("deep counties first")
            ].astype({"rule_id": str})
        return self._stages

    def prepay(self):
        """A funded project is paid in its start year at most the larger of its own first
        instalment and `max_share` of its funds (the advance ceiling), in proportion to the
        fraction funded."""
        for pid, start, fraction in self.funded:
            room = self.advance_room(pid, start)
            if room <= 0:
                continue
            first = self.cash_due(pid, start).get(start, 0.0)
            self._add(
                "R-PREPAY",
                f"{pid}|{start}",
                float(self.project_money.get((pid, start), 0.0)),
                "<=",
                (first + room) * fraction,
            )

    def county_floor(self):
        """Each county receives each year, commitments included, at least the larger of
        `min_wan` and `min_fraction_of_formula` of its factor-method share of the grants."""
        params = self.rules["R-COUNTY-FLOOR"]
        counties = [c.code for c in self.data.counties]
        grants = [s.code for s in self.data.sources if s.kind == "grant"]
        indicators = latest_indicators(self.data.indicators, self.years[0] - 1)
        shares = factor_shares(counties, indicators, self.data.policy.factor_method.weights)
        for y in self.years:
            pot = self.budget(y, grants)
            for c in counties:
                floor = max(params.min_wan, params.min_fraction_of_formula * shares[c] * pot)
                if floor > 0:
                    self._add(
                        "R-COUNTY-FLOOR", f"{c}|{y}", self.money(y, counties=[c]), ">=", floor
                    )


def audit(data: Dataset, years, allocation, units=None, projects=None, rules=None) -> pd.DataFrame:
    """Every rule instance the plan can be checked against, with `ok` per instance and
    `breach` where a hard rule does not hold (a soft rule's shortfall is allowed at its
    penalty). `rules`: the plan's rules table, for the priority stages' optima."""
    return Audit(data, years, allocation, units, projects, rules).run()
