"""The properties every instance must have, checked on one instance (soak.instances.Spec).

With a plan:
  P1  the status is 'optimal' (never 'audit-failed' nor any other);
  P2  no finding of the independent audit is a breach;
  P3  the objective recomputed from the plan's tables equals the solver's to 1e-9 relative (in
      formula mode relative to the money allocated, whose rows HiGHS holds to its tolerance, where
      that is larger: a distance of 0 cannot be recomputed to 1e-9 from sums of 1e5 万元);
  P4  every started project is whole, or (divisible, R-PROJECT on) at least its minimum fraction,
      and never more than whole;
  P5  every project is started at most once (read from the model's start variables, since the
      projects table keeps one start per project);
  P10 where rules.csv and the audit name the same rule instance, they leave the same slack
      (within the audit's tolerance), so the report tells what the audit checked.
Without a plan (status 'infeasible'):
  P6  the diagnosis names a non-empty set of rule instances in conflict;
  P7  the smallest relaxation is non-empty, each amount finite and positive, its total finite;
      so is each conflicting limit's relaxation on its own;
  P8  making soft every policy family the conflict names, again until no conflict is left, gives
      an instance with a plan, which has P1-P5 and P10; a softened family never appears in a later
      conflict (a soft row can always be met, so it cannot be part of an irreducible set);
      switching the same families off instead also gives a plan with P1-P5 and P10;
  P9  that soft plan falls short of at least one instance of the softened families (a negative
      slack in rules.csv; else it would have been a plan with them hard), and the audit counts
      no shortfall of theirs as a breach.
Any other outcome (a solver failure, an exception, a variant refused as bad input) is a failure.
"""

from __future__ import annotations

import math
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

import pandas as pd

from optimiser.rules import BY_ID as RULES
from soak.instances import POLICY_FAMILIES, Spec, variant

OBJECTIVE_RELATIVE = 1e-9
FRACTION_TOL = 1e-6
SOFTEN_ROUNDS = len(POLICY_FAMILIES)
# R-PREPAY is hard or off, never soft: its row is what ties an advance to its project's start
SOFTENABLE = {
    f
    for f in POLICY_FAMILIES
    if "soft" in get_args(RULES[f].Params.model_fields["status"].annotation)
}


@dataclass
class Outcome:
    spec: Spec
    kind: str = "error"  # feasible | infeasible | error
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    status: str = ""
    objective: float | None = None
    recomputed: float | None = None
    breaches: list[str] = field(default_factory=list)
    conflict: list[str] = field(default_factory=list)
    softened: list[str] = field(default_factory=list)  # families made soft to reach a plan
    relaxation: float | None = None
    rounds: int = 0  # rounds of softening it took

    @property
    def ok(self) -> bool:
        return not self.failures

    def describe(self) -> str:
        lines = [self.spec.describe(), f"  outcome: {self.kind}, status {self.status}"]
        if self.objective is not None:
            lines.append(f"  objective {self.objective!r}, recomputed {self.recomputed!r}")
        if self.conflict:
            lines.append("  conflict: " + "; ".join(self.conflict[:12]))
        if self.softened:
            lines.append("  made soft to reach a plan: " + ", ".join(self.softened))
        for failure in self.failures:
            lines.append(f"  FAILED {failure}")
        for breach in self.breaches[:20]:
            lines.append(f"    breach: {breach}")
        return "\n".join(lines)


def examine(spec: Spec, cache: Path) -> Outcome:
    """Solve the instance and check its properties; never raises (an exception is a failure)."""
    outcome = Outcome(spec)
    start = time.perf_counter()
    try:
        _examine(spec, cache, outcome)
    except Exception:  # noqa: BLE001 - any exception is reported as the instance's failure
        outcome.kind = "error"
        lines = traceback.format_exc().rstrip().splitlines()
        outcome.failures.append("exception:\n" + "\n".join(lines[-12:]))
    outcome.seconds = time.perf_counter() - start
    return outcome


def _examine(spec: Spec, cache: Path, outcome: Outcome) -> None:
    from optimiser.api import solve

    data = variant(spec, cache)
    run = solve(data, spec.plan_years)
    outcome.status = run.solution.status
    if run.solution.has_plan:
        outcome.kind = "feasible"
        outcome.objective = run.solution.objective
        outcome.recomputed = run.solution.recomputed_objective
        outcome.failures += plan_failures(run, outcome)
        return
    if run.solution.status != "infeasible":
        outcome.failures.append(f"P1 neither a plan nor infeasible: {run.solution.status}")
        return
    outcome.kind = "infeasible"
    outcome.failures += infeasible_failures(spec, cache, run, outcome)


def plan_failures(run, outcome: Outcome | None = None, label: str = "") -> list[str]:
    """P1-P5 of a solved run."""
    found = []
    solution = run.solution
    if solution.status != "optimal":
        found.append(f"{label}P1 status {solution.status!r}, not 'optimal': {solution.notes[:3]}")
    findings = solution.audit
    if findings is None or not len(findings):
        found.append(f"{label}P2 the plan was not audited (no finding at all)")
    else:
        breaches = findings[findings["breach"]]
        if len(breaches):
            shown = [
                f"{r.rule_id} {r.instance}: {r.value!r} {r.sense} {r.limit!r}"
                for r in breaches.itertuples()
            ]
            found.append(f"{label}P2 {len(breaches)} audit breach(es): {shown[0]}")
            if outcome is not None:
                outcome.breaches += [label + s for s in shown]
    objective, recomputed = solution.objective, solution.recomputed_objective
    if objective is None or recomputed is None:
        found.append(f"{label}P3 no objective ({objective!r}) or no recomputed one")
    else:
        scale = max(1.0, abs(objective))
        if run.objective_mode == "formula":
            # a distance from the shares is a sum of money differences, each money row held to
            # HiGHS's feasibility tolerance: relative to the money, or 1e-9 of 0 is asked for
            scale = max(scale, float(solution.allocation["amount_wan"].abs().sum()))
        if not abs(recomputed - objective) <= OBJECTIVE_RELATIVE * scale:
            found.append(
                f"{label}P3 objective {objective!r} but recomputed {recomputed!r} "
                f"(relative difference {abs(recomputed - objective) / scale:.3g})"
            )
    found += [label + f for f in project_failures(run)]
    found += [label + f for f in agreement_failures(run)]
    return found


def breaches_of(findings) -> pd.DataFrame:
    if findings is None or not len(findings):
        return pd.DataFrame()
    return findings[findings["breach"]]


def project_failures(run) -> list[str]:
    """P4 and P5 from the projects table and the model's start variables."""
    found = []
    data = run.data
    project_on = data.policy.rules["R-PROJECT"].on
    by_id = {p.id: p for p in data.projects}
    table = run.solution.projects
    if len(table):
        for row in table.itertuples():
            if pd.isna(row.start_year):
                continue
            p = by_id[row.project_id]
            fraction = float(row.funded_fraction)
            if fraction > 1 + FRACTION_TOL:
                found.append(f"P4 {p.id} funded {fraction!r}, more than whole")
            # a divisible project's minimum fraction is R-PROJECT's, ignored when it is off
            smallest = ((p.min_fraction or 0.0) if project_on else 0.0) if p.is_divisible else 1.0
            if fraction < smallest - FRACTION_TOL:
                found.append(
                    f"P4 {p.id} funded {fraction!r}, below "
                    + ("whole" if not p.is_divisible else f"its minimum fraction {smallest}")
                )
    model, held, result = run.builder.model, run.held, run.result
    if held is None or result is None or not hasattr(model, "Z_INDEX"):
        return found
    starts: dict[str, list[tuple[int, float]]] = {}
    for p, y in model.Z_INDEX:
        level = held.value(result, model.z[p, y])
        if level > FRACTION_TOL:
            starts.setdefault(p, []).append((y, level))
    for p, found_starts in starts.items():
        if len(found_starts) > 1 or sum(level for _, level in found_starts) > 1 + FRACTION_TOL:
            found.append(f"P5 {p} started more than once: {found_starts}")
    return found


def agreement_failures(run) -> list[str]:
    """P10: where rules.csv and the audit name the same rule instance, they leave the same room
    (slack: how far the plan is from the limit, negative when short), within the audit's
    tolerance. Slack, not the two sides, since a family may state a rule in other terms than the
    audit (R-PAYMENT's rows are rearranged equalities, R-PREPAY's count the advance alone); a
    lexicographic stage's row ('|deep counties first') is left out: it shows the deep counties'
    best take, where the audit checks the floor kept (best less the tolerance)."""
    rules, findings = run.solution.rules, run.solution.audit
    if findings is None or not len(findings) or not len(rules):
        return []
    rules = rules[rules["status"] != "off"]
    rules = rules[~rules["instance"].astype(str).str.endswith("|deep counties first")]
    both = rules.merge(findings, on=["rule_id", "instance"])
    found = []
    for row in both.itertuples():
        if row.sense == "<=":
            audited = row.limit - row.value
        elif row.sense == ">=":
            audited = row.value - row.limit
        else:
            audited = -abs(row.value - row.limit)
        sides = (row.rhs, row.limit, row.lhs, row.value)
        tol = max(0.01, 1e-7 * max(abs(float(v)) for v in sides))
        if not abs(float(row.slack) - audited) <= tol:
            found.append(
                f"P10 {row.rule_id} {row.instance}: rules.csv {row.lhs!r} against {row.rhs!r} "
                f"({row.status}, slack {row.slack!r}), the audit {row.value!r} {row.sense} "
                f"{row.limit!r} (slack {audited!r})"
            )
    return found


def infeasible_failures(spec: Spec, cache: Path, run, outcome: Outcome) -> list[str]:
    """P6-P9 of a run without a plan."""
    from optimiser.api import solve
    from optimiser.explain.conflicts import conflicting, diagnose
    from optimiser.rules import BY_ID

    found = []
    diagnosis = diagnose(run)
    conflict = diagnosis["conflict"]
    outcome.conflict = [f"{e['rule_id'] or '?'} {e['instance']} ({e['kind']})" for e in conflict]
    named = [e for e in conflict if e["rule_id"]]
    if not named:
        found.append(f"P6 the conflict names no rule instance: {outcome.conflict}")
    unknown = [e["rule_id"] for e in named if not set(e["rule_id"].split("+")) <= set(BY_ID)]
    if unknown:
        found.append(f"P6 the conflict names unknown rules: {unknown}")
    relaxation = diagnosis["relaxation"]
    if not relaxation:
        found.append(
            "P7 no relaxation reported, though no plan exists (the elastic model has none, or "
            "every limit's shortfall is below the threshold explain/conflicts.py reports)"
        )
    for entry in [*relaxation, *diagnosis["alternatives"]]:
        short = entry.get("short")
        if short is None or not math.isfinite(short) or short <= 0:
            found.append(f"P7 relaxation of {entry['rule_id']} {entry['instance']}: {short!r}")
    total = sum(e.get("short") or 0.0 for e in relaxation)
    outcome.relaxation = total
    if not math.isfinite(total) or total < 0:
        found.append(f"P7 total relaxation {total!r}")

    # P8: soften the policy families in conflict until a plan exists
    softened: list[str] = []
    current = spec
    for _ in range(SOFTEN_ROUNDS):
        families = sorted({e["rule_id"] for e in named} & SOFTENABLE - set(softened))
        again = sorted({e["rule_id"] for e in named} & set(softened))
        if again:
            found.append(f"P8 softened families still in the conflict: {again}")
            break
        if not families:
            found.append(
                "P8 the conflict names no policy family to soften: "
                + "; ".join(f"{e['rule_id']} {e['instance']}" for e in named[:8])
            )
            break
        softened += families
        outcome.rounds += 1
        current = current.with_overrides(soft=tuple(families))
        soft_run = solve(variant(current, cache), current.plan_years)
        if soft_run.solution.has_plan:
            outcome.softened = softened
            label = f"(soft {','.join(softened)}) "
            found += plan_failures(soft_run, outcome, label=label)
            found += shortfall_failures(soft_run, softened, label)
            # P8 again with the families switched off instead
            off = current.with_overrides(off=tuple(softened))
            off_run = solve(variant(off, cache), off.plan_years)
            if not off_run.solution.has_plan:
                found.append(
                    f"P8 softened, {softened} give a plan; switched off they give "
                    f"{off_run.solution.status}"
                )
            else:
                found += plan_failures(off_run, outcome, label=f"(off {','.join(softened)}) ")
            break
        if soft_run.solution.status != "infeasible":
            found.append(f"P8 softened, the status is {soft_run.solution.status}")
            break
        named = [e for e in conflicting(soft_run) if e["rule_id"]]
    else:
        found.append(f"P8 still no plan after softening {softened}")
    return found


def shortfall_failures(run, softened: list[str], label: str) -> list[str]:
    """P9: the instance had no plan with these families hard, so the plan with them soft must
    fall short of at least one of their instances (a negative slack in rules.csv, however small:
    the status says 'violated' only from 1e-6 of the limit), and the audit counts none of their
    shortfalls as a breach."""
    rules = run.solution.rules
    slack = pd.to_numeric(rules["slack"], errors="coerce")
    short = rules[rules["rule_id"].isin(softened) & (slack < 0)]
    found = []
    if short.empty:
        found.append(f"{label}P9 no instance of {softened} falls short, yet hard they had no plan")
    findings = run.solution.audit
    if findings is not None and len(findings):
        audited = findings[findings["rule_id"].isin(softened) & ~findings["ok"]]
        if not audited["soft"].all():
            found.append(f"{label}P9 the audit counts a soft shortfall as a breach")
    return found
