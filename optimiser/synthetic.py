"""Synthetic datasets of any size for benchmarks, in the normal format, whose proportions follow a
template dataset (by default data/shanxi): the share of deep counties, counties per city, the
categories with their unit costs, payment profiles and benefits, needs and budgets per poor
person, and the size distribution of candidate projects. Every figure is generated, and the
dataset says so (policy `synthetic: true`, names marked 合成, provenance level `synthetic`, projects
`illustrative`)."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from optimiser.dataset import Dataset

CITY_SIZE = 6  # counties per synthetic city, about Shanxi's 58 poverty counties in 10 cities


def generate(
    template: Dataset, counties: int, projects: int, years: int, seed: int, out: Path
) -> Path:
    rng = np.random.default_rng(seed)
    first = template.years.plan[0]
    plan = list(range(first, first + years))
    actual = first - 1
    scale = counties / len(template.counties)
    deep_share = len(template.deep_codes) / len(template.counties)

    codes = [f"c{i:05d}" for i in range(counties)]
    deep = set(rng.choice(codes, size=max(1, round(deep_share * counties)), replace=False))
    city_of = {c: f"合成市{i // CITY_SIZE + 1:03d}" for i, c in enumerate(codes)}
    base_poor = [
        r.poor_population
        for r in template.indicators
        if r.year == actual and r.county_code in template.county_by_code
    ]
    log_poor = np.log(np.maximum(base_poor, 1.0))
    drawn = dict(
        zip(codes, np.exp(rng.normal(log_poor.mean(), log_poor.std(), counties)), strict=True)
    )
    # keep the template's totals per county and the deep counties' share of the poor
    template_deep = sum(
        r.poor_population
        for r in template.indicators
        if r.year == actual and r.county_code in template.deep_codes
    )
    deep_poor_share = template_deep / max(sum(base_poor), 1.0)
    total = sum(base_poor) * scale
    deep_drawn = sum(v for c, v in drawn.items() if c in deep) or 1.0
    other_drawn = sum(v for c, v in drawn.items() if c not in deep) or 1.0
    poor = {
        c: round(
            v
            * (
                total * deep_poor_share / deep_drawn
                if c in deep
                else total * (1 - deep_poor_share) / other_drawn
            )
        )
        for c, v in drawn.items()
    }
    rows_counties = [
        {
            "code": c,
            "name": f"合成县{c[1:]}",
            "city": city_of[c],
            "designation": "national",
            "deep": str(c in deep).lower(),
            "note": "synthetic",
        }
        for c in codes
    ]
    indicators = []
    for c in codes:
        for y in [actual, *plan]:
            share = max(0.0, 1 - 0.25 * (y - actual))
            indicators.append(
                {"county_code": c, "year": y, "poor_population": int(poor[c] * share)}
            )

    # needs: the template's need per poor person of each category, in deep and other counties
    group_poor: dict[str, float] = defaultdict(float)
    for r in template.indicators:
        if r.year == actual and r.county_code in template.county_by_code:
            group_poor["deep" if r.county_code in template.deep_codes else "other"] += (
                r.poor_population
            )
    need_rate: dict[tuple[str, str], float] = defaultdict(float)
    bases: dict[str, str] = {}
    for n in template.needs:
        group = "deep" if n.county_code in template.deep_codes else "other"
        need_rate[(group, n.category)] += n.units / max(group_poor[group], 1.0)
        bases[n.category] = n.basis
    deadlines = {n.category: n.deadline for n in template.needs if n.deadline is not None}
    needs = []
    for c in codes:
        group = "deep" if c in deep else "other"
        for (g, category), rate in need_rate.items():
            units = round(rate * poor[c], 2)
            if g != group or units <= 0:
                continue
            row = {"county_code": c, "category": category, "units": units, "basis": bases[category]}
            due = deadlines.get(category)
            if due is not None and (category != "housing" or c in deep):
                row["deadline"] = max(due, first)
            needs.append(row)

    # the year before the plan: what each source paid out by the template's history (a
    # template's budgets cover its plan years only; no run reads a budget of an earlier year)
    paid = defaultdict(float)
    for h in template.history:
        if h.year == actual:
            paid[h.source] += h.amount_wan
    levels = {s: template.source_by_code[s].level for s in paid}
    budgets = [
        {
            "source": source,
            "year": actual,
            "amount_wan": _money(amount * scale, template.source_by_code[source].kind),
        }
        for source, amount in paid.items()
        if levels[source] not in ("city", "county")
    ]
    for b in template.budgets:
        if b.year <= actual or b.year > plan[-1] or b.city or b.county_code:
            continue
        budgets.append(
            {
                "source": b.source,
                "year": b.year,
                "amount_wan": _money(b.amount_wan * scale, template.source_by_code[b.source].kind),
            }
        )
    local = [
        (b.source, b.year, b.amount_wan)
        for b in template.budgets
        if (b.city or b.county_code) and b.year != actual
    ] + [(s, actual, amount) for s, amount in paid.items() if levels[s] in ("city", "county")]
    per_county = defaultdict(float)
    per_city = defaultdict(float)
    for source, year, amount in local:
        level = template.source_by_code[source].level
        if level == "county":
            per_county[(source, year)] += amount / len(template.counties)
        else:
            per_city[(source, year)] += amount / max(1, len({c.city for c in template.counties}))
    for (source, year), amount in per_county.items():
        if actual <= year <= plan[-1]:
            budgets += [
                {"source": source, "year": year, "amount_wan": round(amount, 2), "county_code": c}
                for c in codes
            ]
    for (source, year), amount in per_city.items():
        if actual <= year <= plan[-1]:
            budgets += [
                {"source": source, "year": year, "amount_wan": round(amount, 2), "city": city}
                for city in sorted(set(city_of.values()))
            ]
    for y in plan:  # years beyond the template repeat its last year's budgets
        if not any(b["year"] == y for b in budgets):
            last = max(b["year"] for b in budgets)
            budgets += [dict(b, year=y) for b in budgets if b["year"] == last]

    history = []
    weights = np.array([poor[c] for c in codes])
    weights = weights / weights.sum()
    for b in [b for b in budgets if b["year"] == actual]:
        if "county_code" in b:
            history.append(
                {
                    "year": actual,
                    "county_code": b["county_code"],
                    "source": b["source"],
                    "amount_wan": b["amount_wan"],
                }
            )
        elif "city" not in b:
            for c, w in zip(codes, weights, strict=True):
                history.append(
                    {
                        "year": actual,
                        "county_code": c,
                        "source": b["source"],
                        "amount_wan": round(b["amount_wan"] * w, 2),
                    }
                )
    budgets = [b for b in budgets if b["year"] in plan or b["year"] == actual]

    needed = {(n["county_code"], n["category"]) for n in needs}
    pool = list(template.projects)
    candidates = []
    for i in range(projects):
        model = pool[int(rng.integers(len(pool)))]
        county = codes[int(rng.integers(counties))]
        if (county, model.category) not in needed:
            needs.append(
                {
                    "county_code": county,
                    "category": model.category,
                    "units": float(model.units),
                    "basis": bases.get(model.category, "total"),
                }
            )
            needed.add((county, model.category))
        size = float(np.exp(rng.normal(0.0, 0.3)))
        start = int(rng.integers(first, plan[-1] + 1))
        row = {
            "id": f"P{i:06d}",
            "name": f"合成项目{i:06d}",
            "county_code": county,
            "category": model.category,
            "cost_profile_wan": ";".join(f"{v * size:.2f}" for v in model.cost_profile_wan),
            "units": round(model.units * size, 2),
            "beneficiaries": round(model.beneficiaries * size),
            "earliest_start": start,
            "latest_start": min(plan[-1], start + 1),
            "illustrative": "true",
        }
        candidates.append(row)

    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "counties": rows_counties,
        "indicators": indicators,
        "sources": [s.model_dump() for s in template.sources],
        "categories": [_category(k) for k in template.categories],
        "needs": needs,
        "budgets": budgets,
        "history": history,
        "projects": candidates,
    }
    tables = {name: rows for name, rows in tables.items() if rows or name != "projects"}
    for name, rows in tables.items():  # no projects: no projects.csv (it is optional)
        pd.DataFrame(rows).to_csv(out / f"{name}.csv", index=False, encoding="utf-8")
    policy = template.policy.model_dump(mode="json")
    # each family's own parameters (the policy's field is typed as the common base)
    policy["rules"] = {
        rule_id: params.model_dump(mode="json") for rule_id, params in template.policy.rules.items()
    }
    policy["dataset"] = {
        "name": f"synthetic-{counties}-{projects}-{seed}",
        "title": f"合成数据（非真实）{counties}县 {projects}个项目 seed {seed}",
        "synthetic": True,
        "lang": "zh",
    }
    policy["years"] = {"actuals": [actual], "plan": plan}
    rules = policy["rules"]
    if "R-RELENDING" in rules:  # the deep counties' relending floor, at the template's rate
        rules["R-RELENDING"]["min_deep_wan"] = round(
            rules["R-RELENDING"]["min_deep_wan"] * len(deep) / max(1, len(template.deep_codes)), 2
        )
    (out / "policy.yaml").write_text(
        yaml.safe_dump(policy, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    method = (
        f"SYNTHETIC: generated by `allocate generate --counties {counties} --projects "
        f"{projects} --years {years} --seed {seed}` from the proportions of "
        f"{template.name} (optimiser/synthetic.py); not data of any real place"
    )
    provenance: dict = {"dataset": {"rests_on_estimates": True, "note": method}}
    provenance |= {
        f"{name}.csv": {
            column: {"level": "synthetic", "method": method}
            for column in pd.DataFrame(rows).columns
        }
        for name, rows in tables.items()
        if rows
    }
    (out / "provenance.yaml").write_text(
        yaml.safe_dump(provenance, allow_unicode=True), encoding="utf-8"
    )
    return out


def _money(amount: float, kind: str) -> float:
    """Scaled money to 0.01 万元: rounded down, except bank credit, rounded up, so that the
    template's exact ratios (bank lending at least 2:1 on a fund lent in full) still hold."""
    cents = amount * 100
    return (math.ceil(cents - 1e-6) if kind == "credit" else math.floor(cents + 1e-6)) / 100


def _category(k) -> dict:
    row = k.model_dump()
    row["payment_profile"] = ";".join(f"{v:g}" for v in k.payment_profile)
    row["sources"] = ";".join(k.sources)
    return {
        key: ("" if value is None else value)
        for key, value in row.items()
        if not (isinstance(value, float) and math.isnan(value))
    }
