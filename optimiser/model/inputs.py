"""What one run needs, prepared once from a Dataset: the years, the sparse sets of arcs (source,
county, category) that may carry money, budgets with their scopes, needs, project starts and cash
profiles, commitments and last year's actuals. Plain Python, no Pyomo: the model and the rules
read these and never the files."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from optimiser.dataset import Dataset
from optimiser.factor import factor_shares, latest_indicators
from optimiser.notes import Note
from optimiser.problems import InputError, Problem

Arc = tuple[str, str, str]  # (source, county, category)


@dataclass(frozen=True)
class RunSpec:
    years: tuple[int, ...]
    objective: str | None = None  # None: the policy's mode
    time_limit: float | None = None
    mip_gap: float = 1e-4
    mip_method: str = "auto"  # direct | relax | auto (optimiser.solve.runs)


@dataclass(frozen=True)
class BudgetRow:
    source: str
    year: int
    amount: float
    counties: frozenset[str]
    scope: str  # "" for the whole dataset, "city=忻州" or "county=pianguan"

    @property
    def label(self) -> str:
        return f"{self.source}|{self.year}" + (f"|{self.scope}" if self.scope else "")


@dataclass(frozen=True)
class NeedRow:
    county: str
    category: str
    units: float
    annual: bool
    deadline: int | None


@dataclass(frozen=True)
class ProjectStart:
    project: str
    year: int


@dataclass
class RunInputs:
    data: Dataset
    spec: RunSpec
    years: tuple[int, ...]
    counties: tuple[str, ...]
    deep: frozenset[str]
    poverty: frozenset[str]
    budgets: list[BudgetRow]
    source_counties: dict[str, frozenset[str]]
    category_sources: dict[str, tuple[str, ...]]
    needs: dict[tuple[str, str], NeedRow]
    arcs: list[Arc]
    commitments: dict[tuple[str, str, str, int], float]
    actuals: dict[int, dict[tuple[str, str, str | None], float]]
    poor_base: dict[str, float]
    formula_share: dict[str, float]
    project_starts: list[ProjectStart]
    project_cash: dict[str, list[float]]
    notes: list[str] = field(default_factory=list)

    @property
    def base_year(self) -> int:
        return self.years[0] - 1

    def actual(self, year: int, counties=None, sources=None) -> float | None:
        """Actual money of `year` (history.csv) to `counties` from `sources`; None if unknown."""
        rows = self.actuals.get(year)
        if rows is None:
            return None
        return sum(
            v
            for (c, s, _k), v in rows.items()
            if (counties is None or c in counties) and (sources is None or s in sources)
        )

    def committed(self, year: int, counties=None, sources=None, categories=None) -> float:
        return sum(
            v
            for (s, c, k, y), v in self.commitments.items()
            if y == year
            and (counties is None or c in counties)
            and (sources is None or s in sources)
            and (categories is None or k in categories)
        )


def prepare(data: Dataset, spec: RunSpec) -> RunInputs:
    """Derive the run's inputs; refuses years outside the dataset's plan years."""
    years = tuple(spec.years)
    plan = data.years.plan
    outside = [y for y in years if y not in plan]
    if outside or list(years) != list(range(years[0], years[-1] + 1)):
        raise InputError(
            [
                Problem(
                    "policy.yaml",
                    None,
                    "years.plan",
                    ",".join(map(str, years)),
                    f"consecutive years among the plan years {plan[0]}-{plan[-1]}",
                )
            ]
        )
    rules = data.policy.rules
    notes: list[str] = []
    counties = tuple(c.code for c in data.counties)
    deep = frozenset(c.code for c in data.counties if c.deep)
    poverty = frozenset(c.code for c in data.counties if c.is_poverty_county)
    city_of = {c.code: c.city for c in data.counties}

    budgets: list[BudgetRow] = []
    scoped: dict[str, set[str]] = defaultdict(set)
    unscoped: set[str] = set()
    for b in data.budgets:
        if b.county_code is not None:
            members, scope = frozenset([b.county_code]), f"county={b.county_code}"
            scoped[b.source] |= members
        elif b.city is not None:
            members = frozenset(c for c in counties if city_of[c] == b.city)
            scope = f"city={b.city}"
            scoped[b.source] |= members
        else:
            members, scope = frozenset(counties), ""
            unscoped.add(b.source)
        if b.year in years:
            budgets.append(BudgetRow(b.source, b.year, b.amount_wan, members, scope))
    source_counties = {
        s.code: frozenset(counties)
        if s.code in unscoped or s.code not in scoped
        else frozenset(scoped[s.code])
        for s in data.sources
    }

    if rules["R-ELIGIBILITY"].on:
        category_sources = {k.code: tuple(k.sources) for k in data.categories}
    else:
        category_sources = {k.code: tuple(s.code for s in data.sources) for k in data.categories}

    needs: dict[tuple[str, str], NeedRow] = {}
    met: dict[tuple[str, int], list[str]] = defaultdict(list)
    for n in data.needs:
        due = n.deadline
        if due is not None and rules["R-DEADLINE"].on:
            due += rules["R-DEADLINE"].delay_years
        if due is not None and due < years[0]:
            met[(n.category, due)].append(n.county_code)
            continue
        needs[(n.county_code, n.category)] = NeedRow(
            n.county_code, n.category, n.units, n.basis == "annual", due
        )

    for (category, due), where in sorted(met.items()):
        notes.append(Note("need_met_before", category=category, year=due, counties=where))
    # imported here: optimiser.checks reads the rules, which read this module
    from optimiser.checks import run_notes

    notes += run_notes(data, years)

    project_starts: list[ProjectStart] = []
    project_cash: dict[str, list[float]] = {}
    for p in data.projects:
        window = [y for y in years if p.earliest_start <= y <= p.latest_start]
        project_starts += [ProjectStart(p.id, y) for y in window]
        project_cash[p.id] = list(p.cost_profile_wan)
    with_projects = {(p.county_code, p.category) for p in data.projects}

    arcs: list[Arc] = []
    for k in data.categories:
        for s in category_sources[k.code]:
            for c in sorted(source_counties[s], key=counties.index):
                if (c, k.code) in needs or (c, k.code) in with_projects:
                    arcs.append((s, c, k.code))

    commitments: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for row in data.commitments:
        if row.year in years:
            commitments[(row.source, row.county_code, row.category, row.year)] += row.amount_wan

    actuals: dict[int, dict[tuple[str, str, str | None], float]] = defaultdict(dict)
    for h in data.history:
        if h.year not in years:
            key = (h.county_code, h.source, h.category)
            actuals[h.year][key] = actuals[h.year].get(key, 0.0) + h.amount_wan

    indicators = latest_indicators(data.indicators, years[0] - 1)
    poor_base = {c: (indicators[c].poor_population if c in indicators else 0.0) for c in counties}
    shares = factor_shares(list(counties), indicators, data.policy.factor_method.weights)
    return RunInputs(
        data,
        spec,
        years,
        counties,
        deep,
        poverty,
        budgets,
        source_counties,
        category_sources,
        needs,
        arcs,
        dict(commitments),
        dict(actuals),
        poor_base,
        shares,
        project_starts,
        project_cash,
        notes,
    )
