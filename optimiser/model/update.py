"""A what-if that changes only numbers, without rebuilding the Pyomo model.

The rule families' `define` functions run again for the variant's data, on the held model's own
variables, with a builder that records rows instead of creating Pyomo components. If the model's
structure is unchanged — the same arcs, rule instances, project starts and rules switched on, and
the same data behind the objective — the rows' new coefficients and right-hand sides are pushed
into the model HiGHS holds (optimiser.solve.highs) and it re-solves from where it was. Otherwise
the caller rebuilds, and is told why.

The held model's builder is never changed: a variant's run reads its own builder (`carried`),
the held structure with the variant's numbers, so a run read earlier reads the same after
another variant is solved on the same model.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from optimiser.dataset import Dataset
from optimiser.model.build import ModelBuilder
from optimiser.model.inputs import RunInputs, prepare
from optimiser.rules import FAMILIES


@dataclass
class Rederived:
    builder: ModelBuilder | None
    reason: str  # why the model must be rebuilt; "" when the numbers can be pushed


def objective_data(data: Dataset) -> tuple:
    """Everything the objective's own rows and costs read (not the rules'): with a stability
    weight, also last year's actuals and the commitments its rows compare money with."""
    stability = data.policy.objective.stability_weight > 0
    return (
        data.policy.objective,
        data.policy.factor_method,
        data.indicators,
        tuple((k.code, k.benefit_per_unit) for k in data.categories),
        tuple((p.id, p.beneficiaries) for p in data.projects),
        (tuple(data.history), tuple(data.commitments)) if stability else (),
        tuple(  # a weighted "deep counties first" is a term of the objective
            (f.id, data.policy.rules[f.id].weight)
            for f in FAMILIES
            if getattr(data.policy.rules[f.id], "method", None) == "weighted"
            and data.policy.rules[f.id].on
        ),
    )


TABLES = (
    "counties",
    "indicators",
    "sources",
    "budgets",
    "categories",
    "needs",
    "history",
    "projects",
    "commitments",
    "loans",
)


def changed_parts(old: Dataset, new: Dataset) -> set[str]:
    """What differs between two datasets, as RuleFamily.reads names it: the tables, the
    budgets of sources of each kind ("budgets:revolving"), each rule ("rule:R-X", its
    parameters), and "policy" for anything else of policy.yaml. A what-if's variant shares the
    tables it does not change with its base, so most are told apart by identity."""
    found = {
        table
        for table in TABLES
        if getattr(old, table) is not getattr(new, table)
        and getattr(old, table) != getattr(new, table)
    }
    if "budgets" in found:
        kinds = {s.code: s.kind for s in (*old.sources, *new.sources)}
        before, after = set(old.budgets), set(new.budgets)
        found |= {f"budgets:{kinds.get(b.source)}" for b in before ^ after}
    if old.policy is not new.policy:
        for family in FAMILIES:
            if old.policy.rules[family.id] != new.policy.rules[family.id]:
                found.add(f"rule:{family.id}")
        fields = [name for name in type(old.policy).model_fields if name != "rules"]
        if any(getattr(old.policy, f) != getattr(new.policy, f) for f in fields):
            found.add("policy")
    return found


def keeps_rows(family, changed: set[str]) -> bool:
    """Whether `family` keeps its rows through a change of `changed` (changed_parts): it says
    what it reads (RuleFamily.reads), and none of that nor its own parameters changed."""
    if family.reads is None:
        return False
    return not (family.reads | {f"rule:{family.id}", "policy"}) & changed


def _rows_by_family(builder: ModelBuilder) -> dict[str, list]:
    """The builder's rows by family, made once per builder (a held model's is asked again and
    again)."""
    found = builder.by_family
    if found is None or found[0] is not builder.rows:
        grouped: dict[str, list] = {}
        for row in builder.rows:
            grouped.setdefault(row.rule_id, []).append(row)
        found = (builder.rows, grouped)
        builder.by_family = found
    return found[1]


def rederive(base: ModelBuilder, variant: Dataset, reuse: bool = True) -> Rederived:
    """`variant` re-derived on `base`'s model (the module's docstring). `reuse`: a family whose
    inputs the variant does not change (RuleFamily.reads) keeps `base`'s rows."""
    old: RunInputs = base.inputs
    if objective_data(old.data) != objective_data(variant):
        return Rederived(None, "the data behind the objective changed")
    if base.elastic:
        return Rederived(None, "a diagnosis model is not updated")
    old_rules, new_rules = old.data.policy.rules, variant.policy.rules
    for family in FAMILIES:
        if old_rules[family.id].status != new_rules[family.id].status:
            return Rederived(None, f"{family.id} is now {new_rules[family.id].status}")
    inputs = prepare(variant, old.spec)
    recorder = ModelBuilder(inputs, model=base.model, rederiving=True)
    components = len(base.model.component_map())
    for family in FAMILIES:
        if new_rules[family.id].on:
            family.adjust(recorder, new_rules[family.id])
    if set(recorder.advance_room) != set(base.advance_room):
        return Rederived(None, "the project starts that may be paid in advance changed")
    # the held model's x is over its inputs' arcs in each year (iterating its Pyomo set: 5 ms)
    if set(inputs.arcs) != set(old.arcs):
        return Rederived(None, "the sources that may pay for a county's categories changed")
    if set(inputs.needs) != set(old.needs) or inputs.project_starts != old.project_starts:
        return Rederived(None, "the needs or the projects' start years changed")
    recorder.share_indexes(base)
    changed = changed_parts(old.data, variant)
    kept = _rows_by_family(base)
    for family in FAMILIES:
        if not new_rules[family.id].on:
            continue
        if reuse and family.id in kept and keeps_rows(family, changed):
            recorder._pending[family.id] = list(kept[family.id])  # as the held model has them
            continue
        family.define(recorder, new_rules[family.id])
    if len(base.model.component_map()) != components:
        raise RuntimeError("re-deriving a variant added components to the held model")
    rows, same_instances = [], set(kept) <= set(recorder._pending)
    for family_id, pending in recorder._pending.items():
        held_rows = kept.get(family_id, [])
        if len(pending) == len(held_rows) and all(
            a is b for a, b in zip(pending, held_rows, strict=True)
        ):
            rows += held_rows  # kept as the held model has them: its instances
            continue
        made = [row for row in pending if not recorder._constant(row)]
        rows += made
        same_instances &= {r.instance for r in made} == {r.instance for r in held_rows}
    if recorder.impossible or base.impossible:
        return Rederived(None, "a rule can no longer be met by any plan")
    if not same_instances:
        return Rederived(None, "the rule instances changed")
    held = [p for p in base.priorities if p.rule_id != "objective"]
    if [(p.rule_id, p.instance) for p in recorder.priorities] != [
        (p.rule_id, p.instance) for p in held
    ] or [_terms(p.expr) for p in recorder.priorities] != [_terms(p.expr) for p in held]:
        # the same instances may take other money (R-FOREST-QUOTA's sources or categories):
        # the stages' objectives are not rows, so they are not updated in place
        return Rederived(None, "the deep-counties-first priorities changed")
    if _bonus(recorder.bonus_terms) != _bonus(base.bonus_terms):
        return Rederived(None, "the money a weighted deep-counties-first rewards changed")
    recorder.rows = rows
    # the objective's rows are kept as they are: keep what the run said of them
    inputs.notes += [n for n in old.notes if getattr(n, "key", "").startswith("stability")]
    return Rederived(recorder, "")


def carried(held: ModelBuilder, fresh: ModelBuilder) -> ModelBuilder:
    """The builder of a variant solved on `held`'s model: `held`'s structure (Pyomo model,
    variables, priorities, maps) with `fresh`'s numbers (a `rederive`: rows, notes of rules
    applied to the data, inputs, project advances). Each row takes the constraint and shortfall
    of the held row of its instance, in the held rows' order; neither builder is changed."""
    by_key = {(r.rule_id, r.instance): r for r in fresh.rows}
    rows = []
    for old in held.rows:
        new = by_key[(old.rule_id, old.instance)]
        if new is not old:  # a row kept as the held model has it is taken as it is
            new = replace(new, constraint=old.constraint, shortfall=old.shortfall)
        rows.append(new)
    out = copy.copy(held)
    out.rows = rows
    out.inputs, out.info = fresh.inputs, list(fresh.info)
    out.advances, out.advance_room = dict(fresh.advances), dict(fresh.advance_room)
    out.penalty_terms = [(r.penalty, r.shortfall) for r in rows if r.shortfall is not None]
    out.impossible = list(held.impossible)
    out._projects = fresh._projects
    return out


def _terms(expr) -> list[tuple[int, float]]:
    """A priority's expression as (variable, coefficient) pairs, to compare two derivations on
    the same model's variables. A sum of variables and numbers times variables (what
    `optimiser.model.expr.linear` makes) is read off its terms, anything else by Pyomo's
    general walk (0.1 ms an expression)."""
    from pyomo.core.base.var import VarData
    from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

    if type(expr) is LinearExpression:
        found: dict[int, float] = {}
        for arg in expr.args:
            kind = type(arg)
            if kind is VarData and not arg.fixed:
                found[id(arg)] = found.get(id(arg), 0.0) + 1.0
                continue
            if kind is MonomialTermExpression:
                coef, var = arg.args
                if type(coef) in (int, float) and type(var) is VarData and not var.fixed:
                    found[id(var)] = found.get(id(var), 0.0) + float(coef)
                    continue
            break
        else:
            return sorted(found.items())
    from pyomo.repn import generate_standard_repn

    repn = generate_standard_repn(expr, compute_values=True)
    return sorted(
        (id(v), float(c)) for v, c in zip(repn.linear_vars, repn.linear_coefs, strict=True)
    )


def _bonus(terms) -> list[tuple[int, float]]:
    return sorted((id(var), float(weight)) for weight, var in terms)
