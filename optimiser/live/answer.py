"""A solved run, beside the base plan, as the page's answer (docs/live-api.md, `POST /api/plan`):
people reached, the deep counties' share, the money, every county's money before and now, the
policy rules that pinch in sentences, the projects that enter or leave.

Money is the allocation rounded to the fen as a run folder holds it (optimiser.report.rounding)
and summed in whole fen, so every county's figure, the change and the totals add up exactly.
Everything a person reads is said with names (optimiser.report.names), never codes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from optimiser.api import Run
from optimiser.explain.values import explain_rules, objective_unit
from optimiser.report.explanation import cite, is_stage, says_something, sentence
from optimiser.report.names import Names
from optimiser.report.rounding import round_allocation
from optimiser.report.run_files import plan_measures
from optimiser.report.text import fen
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
    people: float | None = None
    deep_share: float | None = None
    required: float | None = None
    money: int = 0  # fen
    by_county: dict[str, int] = field(default_factory=dict)  # fen
    binding: set = field(default_factory=set)
    started: set = field(default_factory=set)
    explanation: dict = field(default_factory=dict)
    allocation: pd.DataFrame | None = None  # rounded to the fen


def figures(run: Run) -> Figures:
    solution = run.solution
    data = run.data
    earmark = data.policy.rules["R-EARMARK"]
    required = float(earmark.share) if earmark.on else None
    if not solution.has_plan:
        return Figures(solution.status, False, required=required)
    years = list(run.spec.years)
    allocation = round_allocation(solution.allocation)
    audit = solution.audit if solution.audit is not None else pd.DataFrame()
    measures = plan_measures(data, years, allocation, solution.units, audit)
    cents = allocation["amount_wan"].map(fen)
    by_county = {str(k): int(v) for k, v in cents.groupby(allocation["county_code"]).sum().items()}
    found = explain_rules(solution.rules)
    found["objective_mode"] = run.objective_mode
    return Figures(
        solution.status,
        True,
        people=people_reached(data, solution.units, years[0], solution.projects),
        deep_share=measures["deep_share"],
        required=required,
        money=int(cents.sum()),
        by_county=by_county,
        binding=binding_set(solution),
        started=started(solution),
        explanation=found,
        allocation=allocation,
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
    return {
        "seq": seq,
        "status": now.status,
        "status_words": status_words(now.status, lang, short=True),
        "people": {
            "base": _round(base.people),
            "now": _round(now.people) if has else None,
            "change": _round(_round(now.people) - _round(base.people))
            if has and base.has_plan
            else None,
        },
        "deep_share": {
            "base": _share(base.deep_share),
            "now": _share(now.deep_share) if has else None,
            "required": now.required,
        },
        "money": {"base": base.money / 100, "now": now.money / 100 if has else None},
        "counties": _counties(base, now, run, names, lang) if has else [],
        "rules": _rules(base, now, names, lang) if has else [],
        "projects": {
            "entered": [names.project(p, lang) for p in sorted(now.started - base.started)],
            "left": [names.project(p, lang) for p in sorted(base.started - now.started)],
        }
        if has and base.has_plan
        else {"entered": [], "left": []},
        "conflict": conflict,
        "seconds": None if seconds is None else round(seconds, 3),
    }


def _counties(base: Figures, now: Figures, run: Run, names: Names, lang: str) -> list[dict]:
    rows = []
    for county in run.data.counties:  # the dataset's order
        before = base.by_county.get(county.code, 0)
        after = now.by_county.get(county.code, 0)
        rows.append(
            {
                "code": county.code,
                "name": names.county(county.code, lang),
                "deep": bool(county.deep),
                "base": before / 100,
                "now": after / 100,
                "change": (after - before) / 100,
            }
        )
    return rows


def _rules(base: Figures, now: Figures, names: Names, lang: str) -> list[dict]:
    """The policy rules at their limit now, one per family (its instance worth most), those
    whose one more unit is worth most first; soft rules short of their limit before all."""
    expl = now.explanation
    unit = objective_unit(expl.get("objective_mode", "impact"), lang)
    families: dict[str, list[dict]] = {}
    for item in expl.get("binding", []):
        if item["structural"] or is_stage(item) or not says_something(item):
            continue
        families.setdefault(item["rule_id"], []).append(item)
    ranked = sorted(
        families.values(),
        key=lambda items: (
            not any(i["status"] == "violated" for i in items),
            -max(abs(i["gain"] or 0.0) for i in items),
        ),
    )
    found = []
    for items in ranked[:RULES_SHOWN]:
        best = max(items, key=lambda i: (i["status"] == "violated", abs(i["gain"] or 0.0)))
        family = BY_ID[best["rule_id"]]
        # the clause is its own field (the page shows it apart), so not in the sentence
        said = sentence({**best, "citation": ""}, names, lang, unit, ranged=False, count=len(items))
        worth = None
        if best["gain"] is not None:
            worth = family.sentence(
                "value",
                lang,
                gain=_figure(best["gain"]),
                objunit=unit,
                unit=best["unit_zh"] if lang == "zh" else best["unit_en"],
                range="",
            ).replace(" .", ".")
            said = said.replace(worth, "").replace("  ", " ").strip()
        found.append(
            {
                "rule": best["rule_id"],
                "title": names.rule(best["rule_id"], lang),
                "sentence": said,
                "clause": cite(best.get("citation", ""), best["rule_id"], lang),
                "value": best["gain"],
                "value_words": worth,
                "broken": best["status"] == "violated",
                "new": (best["rule_id"], str(best["instance"])) not in base.binding,
            }
        )
    return found


def _figure(value: float) -> str:
    """A value as explanation.sentence says it (so it can be found in the sentence)."""
    from optimiser.report.explanation import _n

    return _n(value)


def _round(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(value, 2)


def _share(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)
