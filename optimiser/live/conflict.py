"""When the levers leave no plan: which rules conflict, in the families' sentences with names
(optimiser.explain.conflicts, said as optimiser.report.explanation says it), and the smallest
relaxation that would make a plan possible, mapped back to the levers that move those limits.

The relaxation (every limit allowed to give, the total given minimised) is by rule instance, in
the rule's own terms: 万元 short of a floor, of a budget. A lever that moves that limit is set to
give that much: a budget raised by the 万元 it lacks, a floor lowered by it, a share or a growth
rate scaled down in proportion to its limit, rounded to the lever's step on the side that
relaxes. A rule whose parameter is fixed by its clause (a locked lever) is made soft instead,
where it may be. The levers found are tried (the plan solved with them) and offered only when
they give a plan; otherwise the relaxation is said in words only."""

from __future__ import annotations

import math

from optimiser.api import Run, solve_as
from optimiser.live.levers import Levers
from optimiser.report.explained_sentences import conflict_sentence
from optimiser.report.explanation import render_diagnosis
from optimiser.report.names import Names
from optimiser.report.words import Words
from optimiser.scenario.held import HeldPlan

WORDS = Words(
    "live conflict",
    {
        "relax": {"zh": "最小放宽：{items}", "en": "The smallest relaxation: {items}"},
        "levers": {"zh": "即把{changes}", "en": "that is, {changes}"},
        "change": {"zh": "{label}由 {old} 改为 {new}", "en": "{label} from {old} to {new}"},
        "none": {
            "zh": "未找到能得出可行方案的放宽",
            "en": "no relaxation was found that makes a plan possible",
        },
    },
)

# the parameter that moves each family's limit, and how the limit follows it: "offset" (the
# limit is the parameter, in 万元), "scale" (in proportion to it), "growth" (to 1 + it)
LIMITS = {
    "R-EARMARK": ("share", "scale"),
    "R-RELENDING": ("min_deep_wan", "offset"),
    "R-COUNTY-FLOOR": ("min_fraction_of_formula", "scale"),
    "R-INCREASE": ("min_growth", "growth"),
    "R-RELIEF-FUND": (None, "offset"),  # the provincial or the local floor, by instance
}


def diagnose(
    run: Run, levers: Levers, changed: dict, names: Names, lang: str, plan: HeldPlan | None = None
) -> dict:
    """{"lines", "relax": {"text", "levers"} | None} for a run with no plan. `plan`: the held
    plan the run was answered on, which the relaxed levers are tried on (else a cold solve)."""
    from optimiser.explain.conflicts import conflicting, relaxation

    said = render_diagnosis({"conflict": conflicting(run)}, names, lang)
    lines = [line.strip().removeprefix("- ") for line in said.split("\n") if line.strip()]
    relaxed = relaxation(run)
    if not relaxed:
        return {"lines": lines, "relax": {"text": WORDS.say("none", lang), "levers": None}}
    items = _relax_items(relaxed, names, lang)
    text = WORDS.say("relax", lang, items=("；" if lang == "zh" else "; ").join(items))
    moved = relax_levers(relaxed, levers, changed)
    if moved and not _gives_plan(run, levers, {**changed, **moved}, plan):
        moved = None
    if moved:
        changes = [
            WORDS.say(
                "change",
                lang,
                label=levers[i].said(levers[i].label, lang),
                old=levers[i].shown(changed.get(i, levers[i].base), lang),
                new=levers[i].shown(v, lang),
            )
            for i, v in moved.items()
        ]
        text += ("；" if lang == "zh" else "; ") + WORDS.say(
            "levers", lang, changes=("、" if lang == "zh" else ", ").join(changes)
        )
    return {"lines": lines, "relax": {"text": text, "levers": moved or None}}


def _relax_items(relaxed: list[dict], names: Names, lang: str) -> list[str]:
    """Each limit that must give, in its family's words (as the reports say it), as parts of
    one sentence."""
    return [conflict_sentence(r, names, lang, "relax").rstrip("。.") for r in relaxed]


def relax_levers(relaxed: list[dict], levers: Levers, changed: dict) -> dict | None:
    """{lever id: value} that gives every limit of `relaxed` what it must; None when a limit
    has no lever that moves it."""
    moved: dict[str, object] = {}

    def value(lever_id: str) -> object:
        return moved.get(lever_id, changed.get(lever_id, levers[lever_id].base))

    for entry in relaxed:
        rule_id, instance, short = entry["rule_id"], str(entry["instance"]), float(entry["short"])
        rhs = entry.get("rhs")
        if rule_id == "R-BUDGET":
            found = _budget(levers, instance, short, value)
            if found is None:
                return None
            moved.update(found)
            continue
        name, how = LIMITS.get(rule_id, (None, None))
        if rule_id == "R-RELIEF-FUND":
            name = "provincial_floor_wan" if "province" in instance else "local_floor_wan"
        lever_id = f"{rule_id}.{name}"
        if how is None or lever_id not in levers or levers[lever_id].locked:
            soft = _soft(levers, rule_id)
            if soft is None:
                return None
            moved[rule_id] = soft
            continue
        lever = levers[lever_id]
        old = float(value(lever_id))
        if how == "offset":
            new = old - short
        elif rhs is None or not rhs > short > 0:
            new = lever.low  # the limit must give all it asks
        elif how == "scale":
            new = old * (rhs - short) / rhs
        else:  # growth: the limit follows 1 + the rate
            new = (1 + old) * (rhs - short) / rhs - 1
        new = max(lever.low, math.floor(new / lever.step + 1e-9) * lever.step)
        new = int(new) if lever.integer else round(new, 6)
        if lever_id not in moved or new < moved[lever_id]:
            moved[lever_id] = new
    return moved or None


def _budget(levers: Levers, instance: str, short: float, value) -> dict | None:
    """The budget lever of a budget row (`source|year[|scope]`) raised so the row gets `short`
    more: a row of several (a city's part of a city-level source) gets its proportion."""
    parts = instance.split("|")
    if len(parts) < 2:
        return None
    lever_id = f"budget.{parts[0]}.{parts[1]}"
    if lever_id not in levers:
        return None
    lever = levers[lever_id]
    rows = [
        b
        for b in levers.data.budgets
        if b.source == parts[0] and str(b.year) == parts[1] and b.amount_wan > 0
    ]
    total = sum(b.amount_wan for b in rows)
    share = 1.0
    if len(parts) > 2 and total > 0:
        code = parts[2].partition("=")[2]
        part = sum(b.amount_wan for b in rows if code in (b.city, b.county_code))
        share = part / total if part > 0 else 1.0
    new = math.ceil((float(value(lever_id)) + short / share) * 100 - 1e-6) / 100
    return {lever_id: min(new, lever.high)}


def _soft(levers: Levers, rule_id: str) -> str | None:
    lever = levers.levers.get(rule_id)
    if lever is None or lever.locked or "soft" not in (lever.choices or ()):
        return None
    return "soft" if lever.base != "off" else None


def _gives_plan(run: Run, levers: Levers, values: dict, plan: HeldPlan | None) -> bool:
    """These lever values give a plan: answered on the held plan (its model updated where the
    structure allows), or solved afresh with the run's settings without one."""
    from optimiser.live.levers import Invalid

    try:
        changed = levers.check(values, "en")
        variant = levers.variant(changed, "en")
    except Invalid:
        return False
    if plan is not None:
        tried = plan.answer(variant, anchor=False, explain=False)
    else:
        tried = solve_as(variant, run.spec)
    return tried.solution.has_plan
