"""A solved run, beside the base plan, as the page's answer (docs/live-api.md, `POST /api/plan`):
people reached, the deep counties' share, the money, every county's money before and now, the
policy rules that pinch in sentences, the projects that enter or leave.

The figures are the ones every report states (optimiser.report.plan_facts), worked out from the
run in memory as they would be from its folder: the allocation rounded to the fen
(optimiser.report.rounding) and summed in whole fen, so every county's figure, the change and
the totals add up exactly; the binding rules ranked as the reports rank them
(optimiser.report.binding_rules) and said in the families' sentences with names
(optimiser.report.rule_sentences), never codes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from optimiser.api import Run
from optimiser.explain.values import explain_rules, objective_unit
from optimiser.report.names import Names
from optimiser.report.numbers import figure
from optimiser.report.plan_facts import PlanFacts
from optimiser.report.rounding import round_allocation
from optimiser.report.rule_sentences import cite, rule_sentence, tidy, with_count_and_cite
from optimiser.report.run_files import dataset_tables, earmark_share
from optimiser.report.run_view import RunView
from optimiser.report.words import status_words
from optimiser.rules import BY_ID
from optimiser.scenario.baseline import people_reached
from optimiser.scenario.diff import binding_set, started

RULES_SHOWN = 8  # policy rules listed, the ones whose limit is worth most first


@dataclass
class Figures:
    """What an answer says of one run, worked out once (the base plan's for every answer)."""

    status: str
    has_plan: bool
    facts: PlanFacts | None = None
    required: float | None = None  # R-EARMARK's share, None when it is off
    objective_mode: str = "impact"
    binding: set = field(default_factory=set)
    started: set = field(default_factory=set)

    @property
    def people(self) -> float | None:
        return self.facts.people if self.facts is not None else None

    @property
    def money(self) -> int:  # fen
        return self.facts.allocated if self.facts is not None else 0

    @property
    def by_county(self) -> dict[str, int]:  # fen
        return {c.code: c.total for c in self.facts.counties} if self.facts is not None else {}


def view_of(run: Run) -> RunView:
    """The run as its folder would hold it (what optimiser.report.plan_facts reads), in memory:
    the allocation to the fen, the rule instances, the binding ones explained."""
    solution = run.solution
    data = run.data
    summary = {
        "dataset": data.name,
        "years": list(run.spec.years),
        "status": solution.status,
        "objective_mode": run.objective_mode,
        "lang": data.policy.dataset.lang,
        "earmark_share": earmark_share(data),
        **dataset_tables(
            data, lambda code: sum(r.amount for r in run.inputs.budgets if r.source == code)
        ),
    }
    if not solution.has_plan:
        return RunView(Path(), summary, pd.DataFrame(), solution.rules, {}, solution.projects)
    summary["people_reached"] = people_reached(
        data, solution.units, run.spec.years[0], solution.projects
    )
    explanation = explain_rules(solution.rules)
    explanation["objective_mode"] = run.objective_mode
    return RunView(
        Path(),
        summary,
        round_allocation(solution.allocation),
        solution.rules,
        explanation,
        solution.projects,
    )


def figures(run: Run) -> Figures:
    solution = run.solution
    required = earmark_share(run.data)
    if not solution.has_plan:
        return Figures(solution.status, False, required=required)
    return Figures(
        solution.status,
        True,
        facts=PlanFacts.of(view_of(run)),
        required=required,
        objective_mode=run.objective_mode,
        binding=binding_set(solution),
        started=started(solution),
    )


def answer(
    base: Figures,
    now: Figures,
    run: Run,
    names: Names,
    lang: str,
    seq: int | None = None,
    seconds: float | None = None,
    conflict: dict | None = None,
) -> dict:
    """The page's answer for `run` (whose figures are `now`) against the base plan's."""
    has = now.has_plan
    both = has and base.has_plan
    return {
        "seq": seq,
        "status": now.status,
        "status_words": status_words(now.status, lang, short=True),
        "people": {
            "base": _round(base.people),
            "now": _round(now.people) if has else None,
            "change": _round(_round(now.people) - _round(base.people)) if both else None,
        },
        "deep_share": {
            "base": _share(base.facts.deep_share if base.facts else None),
            "now": _share(now.facts.deep_share) if has else None,
            "required": now.required,
        },
        "money": {"base": base.money / 100, "now": now.money / 100 if has else None},
        "counties": _counties(base, now, names, lang) if has else [],
        "rules": _rules(base, now, names, lang) if has else [],
        "projects": {
            "entered": [names.project(p, lang) for p in sorted(now.started - base.started)],
            "left": [names.project(p, lang) for p in sorted(base.started - now.started)],
        }
        if both
        else {"entered": [], "left": []},
        "conflict": conflict,
        "seconds": None if seconds is None else round(seconds, 3),
    }


def _counties(base: Figures, now: Figures, names: Names, lang: str) -> list[dict]:
    """Every county, by city in the dataset's order and each city's in its order (the reports'
    order), with its money in the base plan and now, in fen summed."""
    before = base.by_county
    rows = []
    for county in now.facts.counties:
        old = before.get(county.code, 0)
        rows.append(
            {
                "code": county.code,
                "name": names.county(county.code, lang),
                "deep": county.deep,
                "base": old / 100,
                "now": county.total / 100,
                "change": (county.total - old) / 100,
            }
        )
    return rows


def _rules(base: Figures, now: Figures, names: Names, lang: str) -> list[dict]:
    """The policy rules that matter now, ranked as every report ranks them: per rule its
    instance worth most, in its family's words; what one more unit of its limit is worth apart
    (`value_words`), and the clause apart (`clause`)."""
    unit = objective_unit(now.objective_mode, lang)
    found = []
    for group in now.facts.rules.matter[:RULES_SHOWN]:
        best = group.best
        family = BY_ID[best["rule_id"]]
        said = rule_sentence(best, names, lang, unit, ranged=False)
        worth = None
        if best["gain"] is not None:
            worth = tidy(
                family.sentence(
                    "value",
                    lang,
                    gain=figure(best["gain"]),
                    objunit=unit,
                    unit=best["unit_zh"] if lang == "zh" else best["unit_en"],
                    range="",
                )
            )
            if worth in said:
                said = tidy(said.replace(worth, ""))
        found.append(
            {
                "rule": best["rule_id"],
                "title": names.rule(best["rule_id"], lang),
                "sentence": with_count_and_cite(said, "", lang, len(group.counted)),
                "clause": cite(best.get("citation", ""), best["rule_id"], lang),
                "value": best["gain"],
                "value_words": worth,
                "broken": best["status"] == "violated",
                "new": (best["rule_id"], str(best["instance"])) not in base.binding,
            }
        )
    return found


def _round(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(value, 2)


def _share(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)
