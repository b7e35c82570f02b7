"""The price of a rule: how much better the plan would be with the rule switched off, found by
solving again without it (objective off minus objective on, signed so that a positive price is
what keeping the rule costs, whether the objective is maximised or minimised). The same sense as
a rule's marginal value (optimiser.solution.relaxation_value: what relaxing its limit by one unit
is worth), so the two agree in sign: dropping a rule is relaxing it all the way. A difference at
the level of rounding (NOISE, relative to the objective) is a price of 0.

With "deep counties first" solved as a stage (optimiser.rules.priority, lexicographic), the two
answer different questions: a marginal value holds the stage at its optimum, a price solves the
stage again. A rule that holds the deep counties' priority back (R-GROWTH's floors between
planned years limit how much of a block source they may take early) lets the stage ask more
when it is dropped, and the plan may then reach fewer people: a negative price. Each entry says
what the stages asked with the rule on and off (`priority_on`, `priority_off`: the sum of the
stage floors, 万元; None without a stage) so that a report can say why."""

from __future__ import annotations

from dataclasses import replace

from optimiser.api import Run, solve_as
from optimiser.rules import BY_ID, FAMILIES

NOISE = 1e-9  # relative to the objective: two solves that differ by less found the same optimum


def priceable(run: Run) -> list[str]:
    """The rules a run can be priced for: policy rules that are on (structural ones define the
    model and cannot be switched off)."""
    rules = run.data.policy.rules
    return [f.id for f in FAMILIES if not f.structural and rules[f.id].on]


def without(run_data, rule_id: str):
    """The dataset with one rule switched off."""
    policy = run_data.policy
    rules = dict(policy.rules)
    rules[rule_id] = rules[rule_id].model_copy(update={"status": "off"})
    return replace(run_data, policy=policy.model_copy(update={"rules": rules}))


def price_rules(run: Run, rule_ids: list[str] | None = None) -> list[dict]:
    """One entry per rule: the objective with it off, and its price."""
    if not run.solution.has_plan:
        return []
    maximise = run.held.maximise if run.held is not None else True
    found = []
    for rule_id in priceable(run) if rule_ids is None else rule_ids:
        if rule_id not in BY_ID:
            raise KeyError(rule_id)
        other = solve_as(without(run.data, rule_id), run.spec)  # the run's own method too
        entry = {
            "rule_id": rule_id,
            "title_en": BY_ID[rule_id].title_en,
            "title_zh": BY_ID[rule_id].title_zh,
            "status_off": other.solution.status,
            "objective_on": run.solution.objective,
            "objective_off": other.solution.objective,
            "price": None,
            "priority_on": priority(run.solution),
            "priority_off": priority(other.solution) if other.solution.has_plan else None,
        }
        if other.solution.has_plan:
            difference = other.solution.objective - run.solution.objective
            if abs(difference) <= NOISE * max(1.0, abs(run.solution.objective)):
                difference = 0.0
            entry["price"] = (difference if maximise else -difference) + 0.0
        found.append(entry)
    return found


def priority(solution) -> float | None:
    """What the plan's "deep counties first" stages hold (the sum of their floors, 万元), or None
    when it has none."""
    rules = solution.rules
    if rules is None or rules.empty:
        return None
    stages = rules[rules["instance"].astype(str).str.endswith("deep counties first")]
    return float(stages["rhs"].sum()) if len(stages) else None


def held_back(entry: dict) -> float | None:
    """How much more the deep counties' priority asks with the rule off (万元), when the rule
    held it back; None otherwise."""
    on, off = entry.get("priority_on"), entry.get("priority_off")
    if on is None or off is None or off <= on + NOISE * max(1.0, abs(on)):
        return None
    return off - on
