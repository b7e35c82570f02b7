"""The factor-method baseline: the allocation a department's formula gives, checked by the same
independent audit as an optimised plan.

For each budget row of the year, the money is split among the counties it may reach (its city's
or county's, or all) in proportion to their factor-method shares (optimiser.factor, with the
policy's weights). Within a county, a source's money is split among the categories it may pay
for, in proportion to what the county needs of each (need x unit cost); money beyond the need is
left with the first category, as a formula would. Units follow from money at the unit standard,
the full cost charged in the year (the reserve convention of R-PAYMENT). Candidate projects are
not part of the formula.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd

from optimiser.dataset import Dataset
from optimiser.factor import factor_shares, latest_indicators
from optimiser.solution import ALLOCATION_COLUMNS


def factor_allocation(data: Dataset, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(allocation, units) of the formula for one year."""
    counties = [c.code for c in data.counties]
    city_of = {c.code: c.city for c in data.counties}
    names = {c.code: c.name for c in data.counties}
    indicators = latest_indicators(data.indicators, year - 1)
    shares = factor_shares(counties, indicators, data.policy.factor_method.weights)
    need = {
        (n.county_code, n.category): n.units
        for n in data.needs
        if n.deadline is None or n.deadline >= year
    }
    categories = data.category_by_code
    uses: dict[str, list[str]] = defaultdict(list)
    for k in data.categories:
        for s in k.sources:
            uses[s].append(k.code)
    rows = []
    for b in data.budgets:
        if b.year != year or b.amount_wan <= 0:
            continue
        if b.county_code:
            members = [b.county_code]
        elif b.city:
            members = [c for c in counties if city_of[c] == b.city]
        else:
            members = counties
        total = sum(shares[c] for c in members)
        for c in members:
            money = b.amount_wan * shares[c] / total if total else b.amount_wan / len(members)
            wanted = {
                k: need.get((c, k), 0.0) * categories[k].unit_cost_wan for k in uses[b.source]
            }
            weight = sum(wanted.values())
            if weight <= 0:
                continue  # nothing this source may pay for is needed here: the money stays out
            for k, cost in wanted.items():
                if cost > 0:
                    rows.append((year, c, names[c], b.source, k, "", money * cost / weight))
    allocation = pd.DataFrame(rows, columns=ALLOCATION_COLUMNS)
    allocation = allocation.groupby(
        ["year", "county_code", "county_name", "source", "category", "project_id"], as_index=False
    )["amount_wan"].sum()
    spent = allocation.groupby(["county_code", "category"])["amount_wan"].sum()
    units = pd.DataFrame(
        [(year, c, k, amount / categories[k].unit_cost_wan) for (c, k), amount in spent.items()],
        columns=["year", "county_code", "category", "units"],
    )
    return allocation, units


def people_reached(
    data: Dataset, units: pd.DataFrame, year: int, projects: pd.DataFrame | None = None
) -> float:
    """The impact objective's measure for a plan's units (and funded projects): people reached
    per county, with the policy's diminishing-returns segments and deep-county weight."""
    objective = data.policy.objective
    indicators = latest_indicators(data.indicators, year - 1)
    categories = data.category_by_code
    reach: dict[str, float] = defaultdict(float)
    for row in units.itertuples():
        reach[row.county_code] += categories[row.category].benefit_per_unit * row.units
    if projects is not None and not projects.empty:
        for row in projects.dropna(subset=["start_year"]).itertuples():
            reach[row.county_code] += row.beneficiaries * row.funded_fraction
    total = 0.0
    for county in data.counties:
        poor = indicators[county.code].poor_population if county.code in indicators else 0.0
        left, lower, value = reach[county.code], 0.0, 0.0
        for segment in objective.segments:
            width = left if segment.up_to is None else max(0.0, (segment.up_to - lower) * poor)
            take = min(left, width)
            value += take * segment.weight
            left -= take
            lower = segment.up_to if segment.up_to is not None else lower
        total += value * (objective.deep_weight if county.deep else 1.0)
    return total


def run_baseline(data, year: int, method: str, out_dir: Path) -> tuple[Path, dict, pd.DataFrame]:
    """The formula's allocation for `year`, audited against every rule and written as a run
    folder (allocation to the fen, units, audit.csv, summary.json): what `allocate baseline`
    and the live page show beside a plan. Returns the folder, its summary and the findings."""
    from datetime import UTC, datetime

    from optimiser.audit import audit
    from optimiser.model.inputs import RunSpec, prepare
    from optimiser.report.rounding import round_allocation
    from optimiser.report.run_files import data_warning, dataset_tables, plan_measures, write_folder

    prepare(data, RunSpec((year,)))  # the year must be a plan year of the dataset
    allocation, units = factor_allocation(data, year)
    findings = audit(data, [year], allocation, units, None)
    now = datetime.now(UTC)
    summary = {
        "dataset": data.name,
        "dataset_title": data.policy.dataset.title,
        "data_warning": data_warning(data),
        "scenario": f"baseline: {method} method",
        "years": [year],
        "status": "baseline",
        "objective_mode": "impact",
        "solver_status": "not solved: a formula",
        "objective": None,
        "input_hash": data.input_hash,
        "people_reached": people_reached(data, units, year),
        "started": now.isoformat(timespec="seconds"),
        "lang": data.policy.dataset.lang,
        **dataset_tables(
            data,
            lambda code: sum(
                b.amount_wan for b in data.budgets if b.source == code and b.year == year
            ),
        ),
    }
    written = round_allocation(allocation)  # to the fen, adding up to every printed total
    summary.update(plan_measures(data, [year], written, units, findings))
    folder = write_folder(
        out_dir / data.name / str(year),
        f"{now:%Y%m%dT%H%M%S}-{data.input_hash[:8]}-baseline",
        {"allocation.csv": written, "units.csv": units, "audit.csv": findings},
        summary,
    )
    return folder, summary, findings
