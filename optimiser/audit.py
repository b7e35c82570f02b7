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

TOL = 1e-5  # relative; money is compared to the 0.1 元 on amounts of 万元


@dataclass(frozen=True)
class Finding:
    rule_id: str
    instance: str
    value: float
    limit: float
    sense: str  # ">=" or "<=" or "=="
    ok: bool


def _holds(value: float, sense: str, limit: float) -> bool:
    tol = TOL * max(1.0, abs(limit), abs(value))
    if sense == ">=":
        return value >= limit - tol
    if sense == "<=":
        return value <= limit + tol
    return abs(value - limit) <= tol


# the policy rules checked when they are on, in this order (needs and payments come first)
RULE_CHECKS = {
    "R-EARMARK": "earmark",
    "R-GROWTH": "growth",
    "R-REVOLVING": "revolving",
    "R-RELENDING": "relending",
    "R-INCREASE": "increase",
    "R-RELIEF-FUND": "relief",
    "R-DEADLINE": "deadlines",
    "R-LOTTERY": "lottery",
    "R-PROJECT": "prerequisites",
    "R-PREPAY": "prepay",
}


class Audit:
    def __init__(
        self,
        data: Dataset,
        years: list[int],
        allocation: pd.DataFrame,
        units: pd.DataFrame | None = None,
        projects: pd.DataFrame | None = None,
    ):
        self.data = data
        self.years = list(years)
        self.alloc = allocation.copy()
        self.alloc["project_id"] = self.alloc["project_id"].fillna("").astype(str)
        # the same money summed per year, source, county, category and kind: what `money` reads
        pid = self.alloc["project_id"]
        kind = pid.where(pid.isin(["", "(committed)"]), "project").replace({"": "category"})
        self.sums = (
            self.alloc.assign(kind=kind)
            .groupby(["year", "source", "county_code", "category", "kind"], as_index=False)[
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
        projects_money = self.alloc[kind == "project"]
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
        self.rules = data.policy.rules
        self.findings: list[Finding] = []
        self.deep = set(data.deep_codes)
        self.level = {s.code: s.level for s in data.sources}
        self.kind = {s.code: s.kind for s in data.sources}
        self.city = {c.code: c.city for c in data.counties}

    # ---- helpers ---------------------------------------------------------------------------
    def _add(self, rule_id, instance, value, sense, limit):
        self.findings.append(
            Finding(
                rule_id, instance, float(value), float(limit), sense, _holds(value, sense, limit)
            )
        )

    def money(
        self, year=None, sources=None, counties=None, categories=None, projects: bool | None = None
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
        if projects is False:
            keep &= a["kind"][rows] != "project"
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

    def scope(self, b) -> list[str] | None:
        """The counties a budget row reaches; None for all."""
        if b.county_code:
            return [b.county_code]
        if b.city:
            return [c for c, m in self.city.items() if m == b.city]
        return None

    def on(self, rule_id: str) -> bool:
        return self.rules[rule_id].on

    # ---- the rules -------------------------------------------------------------------------
    def run(self) -> pd.DataFrame:
        self.budgets()
        self.eligibility()
        self.payments_and_needs()
        for rule_id, check in RULE_CHECKS.items():
            if self.on(rule_id):
                getattr(self, check)()
        return pd.DataFrame([f.__dict__ for f in self.findings])

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
            if (s, y) not in budgeted:
                self._add("R-BUDGET", f"{s}|{y}|no budget", amount, "<=", 0.0)

    def eligibility(self):
        allowed = {(s, k.code) for k in self.data.categories for s in k.sources}
        if self.on("R-LOTTERY"):
            lottery = self.rules["R-LOTTERY"]
            allowed = {
                (s, k) for (s, k) in allowed if s != lottery.source or k in lottery.categories
            }
        paid = self.alloc[self.alloc["project_id"] != "(committed)"]
        for (s, k), amount in paid.groupby(["source", "category"])["amount_wan"].sum().items():
            if self.on("R-ELIGIBILITY") and (s, k) not in allowed:
                self._add("R-ELIGIBILITY", f"{s}|{k}", amount, "<=", 0.0)

    def payments_and_needs(self):
        """Money on a county's category (projects aside) equals what its units cost by the
        payment profile, instalments after the run charged to its last year; units within need."""
        last = self.years[-1]
        cats = self.data.category_by_code
        due: dict[tuple, float] = defaultdict(float)
        started: dict[tuple, float] = defaultdict(float)
        for row in self.units.itertuples():
            k = cats[row.category]
            t = int(row.year)
            started[(row.county_code, row.category)] += row.units
            started[(row.county_code, row.category, t)] += row.units
            for y in self.years:
                if y < t:
                    continue
                j = y - t
                share = (
                    sum(k.payment_profile[j:])
                    if y == last
                    else (k.payment_profile[j] if j < len(k.payment_profile) else 0.0)
                )
                due[(row.county_code, row.category, y)] += share * k.unit_cost_wan * row.units
        paid = self.alloc[self.alloc["project_id"] == ""]
        got = paid.groupby(["county_code", "category", "year"])["amount_wan"].sum().to_dict()
        for key in sorted(set(got) | set(due)):
            self._add(
                "R-PAYMENT", "|".join(map(str, key)), got.get(key, 0.0), "==", due.get(key, 0.0)
            )
        if not self.on("R-NEED"):
            return
        project_units: dict[tuple, float] = defaultdict(float)
        by_id = {p.id: p for p in self.data.projects}
        for row in self.projects.itertuples():
            if pd.notna(row.start_year) and row.funded_fraction > 0:
                p = by_id[row.project_id]
                project_units[(p.county_code, p.category)] += p.units * row.funded_fraction
                project_units[(p.county_code, p.category, int(row.start_year))] += (
                    p.units * row.funded_fraction
                )
        for n in self.data.needs:
            if n.deadline is not None and n.deadline + self._delay() < self.years[0]:
                continue
            if n.basis == "annual":
                for y in self.years:
                    key = (n.county_code, n.category, y)
                    self._add(
                        "R-NEED",
                        f"{n.county_code}|{n.category}|{y}",
                        started.get(key, 0.0) + project_units.get(key, 0.0),
                        "<=",
                        n.units,
                    )
            else:
                key = (n.county_code, n.category)
                self._add(
                    "R-NEED",
                    f"{n.county_code}|{n.category}",
                    started.get(key, 0.0) + project_units.get(key, 0.0),
                    "<=",
                    n.units,
                )
        self._started, self._project_units = started, project_units

    def _delay(self) -> int:
        return self.rules["R-DEADLINE"].delay_years if self.on("R-DEADLINE") else 0

    def earmark(self):
        earmark = [s.code for s in self.data.sources if s.earmark]
        share = self.rules["R-EARMARK"].share
        for y in self.years:
            total = self.money(y, earmark)
            if total <= 0:
                continue
            self._add("R-EARMARK", str(y), self.money(y, earmark, self.deep) / total, ">=", share)

    def growth(self):
        params = self.rules["R-GROWTH"]
        block = [s.code for s in self.data.sources if s.block]
        groups = [[s] for s in block] if params.per_source else [block]
        for sources in groups:
            for y in self.years:
                if y - 1 in self.years:
                    continue  # between plan years the model measures growth on the budgets
                d0 = self.actual(y - 1, sources, self.deep)
                t0 = self.actual(y - 1, sources)
                t1 = self.money(y, sources)
                if not d0 or not t0 or t1 <= 0:
                    continue
                d1 = self.money(y, sources, self.deep)
                self._add(
                    "R-GROWTH",
                    f"{'+'.join(sources)}|{y}",
                    d1 / d0 - 1,
                    ">=",
                    t1 / t0 - 1 + params.margin,
                )

    def revolving(self):
        params = self.rules["R-REVOLVING"]
        funds = [s.code for s in self.data.sources if s.kind == "revolving"]
        local = [s.code for s in self.data.sources if s.level == "county"]
        credit = [s.code for s in self.data.sources if s.kind == "credit"]
        categories = sorted(set(self.alloc.loc[self.alloc["source"].isin(funds), "category"]))
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
            out_before = sum(
                n.amount_wan for n in loans if n.year_lent <= y < n.year_lent + n.term_years
            )
            back = sum(n.amount_wan for n in loans if n.year_lent + n.term_years <= y)
            self._add("R-REVOLVING", f"balance|{y}", out + out_before, "<=", injected + back)
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
                self.money(y, funds, self.deep) / lent,
                ">=",
                params.deep_share,
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
        groups = [[s] for s in earmark] if params.scope == "per_source" else [earmark]
        for sources in groups:
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
                    (1 + params.min_growth) * before,
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
            y = self.years[0]
            now = self.money(y, city_sources, members)
            before = self.actual(y - 1, city_sources, members)
            earlier = self.actual(y - 2, city_sources, members)
            if before:
                self._add("R-INCREASE", f"city={m}|{y}|amount", now, ">=", before)
            if before and earlier:
                self._add("R-INCREASE", f"city={m}|{y}|rate", now / before, ">=", before / earlier)

    def relief(self):
        params = self.rules["R-RELIEF-FUND"]
        relief = [params.category]
        provincial = [s for s, lv in self.level.items() if lv == "provincial"]
        for y in self.years:
            self._add(
                "R-RELIEF-FUND",
                f"province|{y}",
                self.money(y, provincial, categories=relief),
                ">=",
                params.provincial_floor_wan,
            )
            for b in self.data.budgets:
                if b.year != y or self.level[b.source] not in ("city", "county"):
                    continue
                counties = self.scope(b)
                if counties is None:
                    continue
                self._add(
                    "R-RELIEF-FUND",
                    f"{b.county_code or b.city}|{b.source}|{y}",
                    self.money(y, [b.source], counties, relief),
                    ">=",
                    params.local_floor_wan,
                )

    def deadlines(self):
        delay = self._delay()
        started = getattr(self, "_started", {})
        project_units = getattr(self, "_project_units", {})
        for n in self.data.needs:
            if n.deadline is None or n.units <= 0:
                continue
            due = n.deadline + delay
            if due < self.years[0] or due > self.years[-1]:
                continue
            done = sum(
                started.get((n.county_code, n.category, y), 0.0)
                + project_units.get((n.county_code, n.category, y), 0.0)
                for y in self.years
                if y <= due
            )
            self._add("R-DEADLINE", f"{n.county_code}|{n.category}|{due}", done, ">=", n.units)

    def lottery(self):
        """Deep counties first: if a county that is not deep got lottery money in a year, every
        deep county's need in the lottery categories is fully started that year or earlier."""
        params = self.rules["R-LOTTERY"]
        if params.method != "lexicographic":
            for y in self.years:
                total = self.money(y, [params.source])
                if total > 0:
                    self._add(
                        "R-LOTTERY",
                        f"{params.source}|{y}",
                        self.money(y, [params.source], self.deep) / total,
                        ">=",
                        params.min_deep_share,
                    )
            return
        started = getattr(self, "_started", {})
        project_units = getattr(self, "_project_units", {})
        for y in self.years:
            others = self.money(y, [params.source], set(self.city) - self.deep)
            if others <= 0:
                continue
            for n in self.data.needs:
                if n.county_code in self.deep and n.category in params.categories:
                    done = sum(
                        started.get((n.county_code, n.category, t), 0.0)
                        + project_units.get((n.county_code, n.category, t), 0.0)
                        for t in self.years
                        if t <= y
                    )
                    limit = n.units if n.basis == "total" else n.units
                    if n.basis == "annual":
                        done = started.get((n.county_code, n.category, y), 0.0)
                    self._add("R-LOTTERY", f"{n.county_code}|{n.category}|{y}", done, ">=", limit)

    def prepay(self):
        """A funded project running over several years is paid at most `max_share` of its cost
        in its start year. A project started in the run's last year has its later instalments
        reserved in that year (R-PAYMENT, beyond_horizon: reserve), so its start-year money is
        not a prepayment and is not checked here."""
        share = self.rules["R-PREPAY"].max_share
        reserve = self.rules["R-PAYMENT"].beyond_horizon == "reserve"
        by_id = {p.id: p for p in self.data.projects}
        for row in self.projects.itertuples():
            if pd.isna(row.start_year) or row.funded_fraction <= 0:
                continue
            project = by_id[row.project_id]
            if len(project.cost_profile_wan) < 2:
                continue
            start = int(row.start_year)
            if reserve and start == self.years[-1]:
                continue
            self._add(
                "R-PREPAY",
                f"{row.project_id}|{start}",
                float(self.project_money.get((row.project_id, start), 0.0)),
                "<=",
                share * project.total_cost_wan * row.funded_fraction,
            )

    def prerequisites(self):
        by_id = {p.id: p for p in self.data.projects}
        start = {
            r.project_id: r.start_year
            for r in self.projects.itertuples()
            if pd.notna(r.start_year) and r.funded_fraction > 0
        }
        for pid, year in start.items():
            for q in by_id[pid].prerequisites:
                q_start = start.get(q)
                self._add(
                    "R-PROJECT",
                    f"{pid}|after {q}",
                    0.0 if q_start is not None and q_start <= year else 1.0,
                    "<=",
                    0.0,
                )


def audit(data: Dataset, years, allocation, units=None, projects=None) -> pd.DataFrame:
    """Every rule instance the plan can be checked against, with `ok` per instance."""
    return Audit(data, years, allocation, units, projects).run()
