"""The facts of a plan that every rendering states, computed once from its run folder (RunView) so
that the terminal, report.html and allocation.xlsx say the same numbers: money by source against
the budget, money by county (cities in the dataset's order, deep counties marked), people reached,
the deep counties' share of the central and provincial special funds against the earmark's, the
binding rules ranked (optimiser.report.binding_rules) and the unfunded projects.

Money is in fen (0.01 万元), summed from allocation.csv's amounts, already rounded to the fen so
that they add up (optimiser.report.rounding): every printed total is the sum of its rows."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

import numpy as np
import pandas as pd

from optimiser.report.binding_rules import BindingRules
from optimiser.report.numbers import fen
from optimiser.report.run_view import RunView


@dataclass(frozen=True)
class SourceMoney:
    code: str
    budget: int  # fen
    allocated: int  # fen


@dataclass(frozen=True)
class CountyMoney:
    code: str
    name: str
    city: str  # "" where the dataset gives none
    deep: bool
    by_source: dict[str, int]  # fen
    special: int  # fen of the central and provincial special funds (the earmarked sources)

    @property
    def total(self) -> int:
        return sum(self.by_source.values())


def cents(amounts: pd.Series | np.ndarray) -> np.ndarray:
    """0.01 万元 amounts as whole fen, so that sums are exact."""
    return np.rint(np.asarray(amounts, dtype=float) * 100).astype("int64")


def county_money(allocation: pd.DataFrame) -> dict[str, dict[str, int]]:
    """County -> source -> fen of an allocation (all of a run's, or one year's)."""
    if allocation.empty:
        return {}
    frame = allocation.assign(fen=cents(allocation["amount_wan"]))
    out: dict[str, dict[str, int]] = {}
    for (county, source), amount in (
        frame.groupby(["county_code", "source"], sort=False)["fen"].sum().items()
    ):
        out.setdefault(str(county), {})[str(source)] = int(amount)
    return out


@dataclass(frozen=True)
class PlanFacts:
    sources: list[SourceMoney]  # the dataset's order; those with a budget or money
    counties: list[CountyMoney]  # by city in the dataset's order, each city's in its order
    people: float | None  # weighted poor people reached
    earmark_share: float | None  # R-EARMARK's share (summary.json), None when it is off
    earmark_required: int | None  # fen: what R-EARMARK asks of the deep counties (rules.csv)
    rules: BindingRules
    unfunded: list[dict]  # explanation.json's, with reasons; else projects.csv's not started

    @classmethod
    def of(cls, view: RunView) -> PlanFacts:
        s = view.summary
        money = county_money(view.allocation)
        return cls(
            sources=_sources(s.get("sources", {}), money),
            counties=_counties(view, money),
            people=s.get("people_reached"),
            earmark_share=s.get("earmark_share"),
            earmark_required=_earmark_required(view.rules),
            rules=BindingRules.of(_binding(view)),
            unfunded=_unfunded(view),
        )

    @property
    def budget(self) -> int:
        return sum(s.budget for s in self.sources)

    @property
    def allocated(self) -> int:
        return sum(s.allocated for s in self.sources)

    @property
    def special(self) -> int:
        return sum(c.special for c in self.counties)

    @property
    def deep_special(self) -> int:
        return sum(c.special for c in self.counties if c.deep)

    @property
    def has_deep(self) -> bool:
        return any(c.deep for c in self.counties)

    @property
    def deep_share(self) -> float | None:
        """The deep counties' share of the special funds the plan gives, None without them."""
        return self.deep_special / self.special if self.special and self.has_deep else None

    def deep_first(self) -> list[CountyMoney]:
        """Deep counties first, then the others, each part by city in the dataset's order."""
        return sorted(self.counties, key=lambda c: not c.deep)

    def deep_first_by_city(self) -> list[CountyMoney]:
        """By city in the dataset's order, each city's deep counties first."""
        return [
            county
            for _, counties in groupby(self.counties, key=lambda c: c.city)
            for county in sorted(counties, key=lambda c: not c.deep)
        ]

    def used_sources(self) -> list[str]:
        """The sources that pay for something, in the dataset's order."""
        return [s.code for s in self.sources if s.allocated]


def _sources(listed: dict[str, dict], money: dict[str, dict[str, int]]) -> list[SourceMoney]:
    spent: dict[str, int] = {}
    for row in money.values():
        for source, amount in row.items():
            spent[source] = spent.get(source, 0) + amount
    rows = [
        SourceMoney(code, fen(source.get("budget_wan") or 0.0), spent.get(code, 0))
        for code, source in listed.items()
    ]
    rows += [SourceMoney(code, 0, v) for code, v in spent.items() if code not in listed]
    return [r for r in rows if r.budget or r.allocated]


def _counties(view: RunView, money: dict[str, dict[str, int]]) -> list[CountyMoney]:
    listed = view.summary.get("counties", {})
    sources = view.summary.get("sources", {})
    earmark = {code for code, s in sources.items() if s.get("earmark")}
    codes = list(listed) + [c for c in money if c not in listed]  # money of a county not listed
    rows = []
    for code in codes:
        county = listed.get(code, {})
        by_source = money.get(code, {})
        rows.append(
            CountyMoney(
                code=code,
                name=county.get("name") or code,
                city=county.get("city") or "",
                deep=bool(county.get("deep")),
                by_source=by_source,
                special=sum(v for s, v in by_source.items() if s in earmark),
            )
        )
    cities = {city: i for i, city in enumerate(view.names.cities())}
    place = {code: i for i, code in enumerate(codes)}
    return sorted(rows, key=lambda c: (cities.get(c.city, len(cities)), place[c.code]))


def _earmark_required(rules: pd.DataFrame) -> int | None:
    """What R-EARMARK asks for the deep counties (its rows' limits, fen), or None when it is
    off or has no row."""
    if rules.empty or "rule_id" not in rules.columns:
        return None
    rows = rules[(rules["rule_id"] == "R-EARMARK") & (rules["status"] != "off")]
    rows = rows.dropna(subset=["rhs"])
    return fen(float(rows["rhs"].sum())) if not rows.empty else None


def _binding(view: RunView) -> list[dict]:
    """explanation.json's binding instances; for a plan without one, read from rules.csv."""
    if "binding" in view.explanation:
        return view.explanation["binding"]
    if not view.has_plan or view.rules.empty:
        return []
    from optimiser.explain.values import explain_rules

    return explain_rules(view.rules)["binding"]


def _unfunded(view: RunView) -> list[dict]:
    """The explanation's unfunded projects (with reasons), else projects.csv's never started."""
    if "unfunded" in view.explanation:
        return list(view.explanation["unfunded"])
    projects = view.projects
    if projects.empty or "start_year" not in projects.columns:
        return []
    left = projects[projects["start_year"].isna()]
    keep = ["project_id", "name", "county_code", "category", "cost_wan", "beneficiaries"]
    return [dict(row, reason="") for row in left[keep].to_dict("records")]
