"""The factor method (因素法): each county's share from weighted, normalised indicators.

Used by the `formula` objective, the per-county floor and the baseline. The central fund's
measures (CZN-2017-8-7) name the factors — poverty status (poor population and incidence, rural
income, fiscal capacity) and results (performance) — but not the weights, which are set each year
and unpublished; a dataset's policy.yaml states the weights it assumes.

    share[c] = sum_f w[f] * v[f, c] / sum_c' v[f, c']

with v the indicator for "more need, more money" factors (poor population, incidence,
performance) and its reciprocal for "more capacity, less money" ones (rural income, fiscal
revenue per head). A county missing a factor's indicator gets that factor's average.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from optimiser.schemas.rows import Indicator

FACTOR_COLUMNS = {
    "poor_population": ("poor_population", False),
    "poverty_incidence": ("poverty_incidence", False),
    "rural_income": ("rural_income_yuan", True),
    "fiscal_capacity": ("fiscal_revenue_per_head_yuan", True),
    "performance": ("performance_score", False),
}


def latest_indicators(indicators: Iterable[Indicator], year: int) -> dict[str, Indicator]:
    """Each county's indicators as at the end of `year`, or the latest earlier year, or else the
    earliest year it has."""
    by_county: dict[str, list[Indicator]] = defaultdict(list)
    for row in indicators:
        by_county[row.county_code].append(row)
    chosen = {}
    for county, rows in by_county.items():
        earlier = [r for r in rows if r.year <= year]
        chosen[county] = (
            max(earlier, key=lambda r: r.year) if earlier else min(rows, key=lambda r: r.year)
        )
    return chosen


def factor_shares(
    counties: list[str], indicators: Mapping[str, Indicator], weights: Mapping[str, float]
) -> dict[str, float]:
    """Shares summing to 1 over `counties` (equal shares when no indicator says anything)."""
    score = dict.fromkeys(counties, 0.0)
    used = 0.0
    for factor, weight in weights.items():
        if weight <= 0:
            continue
        column, inverse = FACTOR_COLUMNS[factor]
        values: dict[str, float | None] = {}
        for county in counties:
            row = indicators.get(county)
            value = getattr(row, column) if row is not None else None
            if value is not None and inverse:
                value = 1.0 / value if value > 0 else None
            values[county] = value
        known = [v for v in values.values() if v is not None]
        if not known or sum(known) <= 0:
            continue
        mean = sum(known) / len(known)
        filled = {c: (v if v is not None else mean) for c, v in values.items()}
        total = sum(filled.values())
        for county in counties:
            score[county] += weight * filled[county] / total
        used += weight
    if used <= 0:
        return dict.fromkeys(counties, 1.0 / len(counties))
    return {county: value / used for county, value in score.items()}
