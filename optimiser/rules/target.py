"""What a target of 004 asks of a run, shared by R-FARMLAND-TARGET (§2: all slope farmland of the
deep counties returned to forest) and R-PV-COVERAGE (§4: every poverty village of the deep
counties covered by PV stations).

A target is a need to be met in full by a year: every deep county's need of the category
(needs.csv, what remains to be done) is started by the end of `year`. The units counted are
those started by then: category units and the units of the county's projects of the category,
in proportion to the fraction funded (as R-DEADLINE's `reading: started`). A run is bound by it
as `pace` says:

    the run includes `year`:   sum_{y in run, y <= year} units[c, k, y] >= need[c, k]
    the run ends before it:    pace `even`: sum_{y in run} units[c, k, y]
                                   >= need[c, k] * n / (year - first + 1)
                               pace `end`: no row (a later run is bound)
    the run starts after it:   no row: taken as met before the run (the run says so)

where `first` is the run's first year and n its number of years: with `even`, a run that ends
before the target year starts at least its even share of what remains, so that a plan made year
by year reaches the target at the pace a plan of the whole period would need at least. One row
per deep county with a need of the category, labelled `<county>|<category>|<last year counted>`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from optimiser.model.expr import linear
from optimiser.notes import Note
from optimiser.problems import Problem
from optimiser.rules.base import RuleFamily, RuleParams, missing

Pace = Literal["even", "end"]
PACE_TEXT = (
    "even: a run ending before the target year starts at least its even share of the need, "
    "n run years of the (year - first run year + 1) left; end: only a run that includes the "
    "target year is bound"
)


class TargetParams(RuleParams):
    """The target's pace; each family states its `year` and `category` with the clause."""

    pace: Pace = Field("even", description=PACE_TEXT)


def requirement(years: Sequence[int], year: int, pace: str) -> tuple[int, float] | None:
    """(the last year whose starts count, the share of the need due by then) for a run of
    `years` and a target due by the end of `year`; None when the run is not bound."""
    first, last = years[0], years[-1]
    if year < first:
        return None
    if year <= last:
        return year, 1.0
    if pace == "end":
        return None
    return last, len(years) / (year - first + 1)


def target_year(description: str):
    """The `year` field of a target family's Params: by whose end the need is met (work started);
    2020, the end of the document's period 2017-2020, unless the clause states one."""
    return Field(2020, ge=2000, le=2100, description=description)


class TargetFamily(RuleFamily):
    """A target family: its Params (TargetParams) name the `category` and the `year`."""

    def check(self, data, params) -> list[Problem]:
        """The category exists, the target year is not before the plan years, and the deep
        counties' needs of the category are totals (a target is met once, not every year)."""
        category, year = params.category, params.year
        if category not in {k.code for k in data.categories}:
            return [missing("categories.csv", f"the category {category!r}", self.id)]
        problems = []
        if year < data.years.plan[0]:
            problems.append(
                Problem(
                    "policy.yaml",
                    None,
                    f"rules.{self.id}.year",
                    str(year),
                    f"a target year within or after the plan years ({self.id} is on)",
                )
            )
        deep = set(data.deep_codes)
        for located in data.located["needs"]:
            need = located.row
            if need.category == category and need.county_code in deep and need.basis == "annual":
                problems.append(
                    Problem(
                        located.file,
                        located.number,
                        "basis",
                        need.basis,
                        f"total: a target is met once ({self.id} is on)",
                    )
                )
        return problems

    def define(self, b, params) -> None:
        """One row per deep county with a need of the category: its units started by the year
        the run counts reach the share of the need `requirement` gives."""
        inp, category, year = b.inputs, params.category, params.year
        due = requirement(inp.years, year, params.pace)
        if due is None:
            if year < inp.years[0]:
                inp.notes.append(
                    Note("target_met_before", rule=self.id, category=category, year=year)
                )
            return
        by, share = due
        for c in inp.counties:
            need = inp.needs.get((c, category))
            if c not in inp.deep or need is None or need.units <= 0:
                continue
            terms = b.units(c, category, [y for y in inp.years if y <= by])
            body = linear([v for v, _ in terms], [w for _, w in terms])
            b.add(self, params, f"{c}|{category}|{by}", body, ">=", share * need.units)
