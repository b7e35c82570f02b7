"""How robust the plan is to the value placed on people reached: for each county, the interval
over which the weight of one more person reached there (its objective coefficient, HiGHS ranging
on objective coefficients) can move before the plan would change. A narrow interval marks a
county whose share hangs on the assumed weights."""

from __future__ import annotations

import math

from optimiser.api import Run


def weight_ranges(run: Run) -> list[dict]:
    result, held = run.result, run.held
    if held is None or result is None or result.cost_range_low is None:
        return []
    model = run.builder.model
    if not hasattr(model, "reach"):
        return []
    found = []
    names = run.data.county_by_code
    for county, segment in model.reach:
        j = held.col(model.reach[county, segment])
        if j is None or held.value(result, model.reach[county, segment]) <= 1e-9:
            continue
        low, high = float(result.cost_range_low[j]), float(result.cost_range_high[j])
        weight = float(held.cost[j])
        if high - low <= 1e-9 * max(1.0, abs(weight)):
            continue  # a degenerate basis: ranging says nothing useful here
        found.append(
            {
                "county_code": county,
                "county": names[county].name,
                "deep": names[county].deep,
                "segment": int(segment),
                "weight": weight,
                "low": None if math.isinf(low) else low,
                "high": None if math.isinf(high) else high,
            }
        )
    found.sort(
        key=lambda e: (
            (e["high"] if e["high"] is not None else math.inf)
            - (e["low"] if e["low"] is not None else -math.inf)
        )
    )
    return found
