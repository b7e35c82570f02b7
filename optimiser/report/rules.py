"""`allocate rules`: the catalogue of rule families, with each parameter's default and meaning and
the clause text each family cites."""

from __future__ import annotations

import inspect

from optimiser.register import Register
from optimiser.rules import FAMILIES
from optimiser.rules.base import RuleParams


def render_rule_catalogue(register: Register) -> str:
    blocks = []
    for family in FAMILIES:
        lines = [f"{family.id}  {family.title_zh} / {family.title_en}"]
        defaults = family.defaults()
        lines.append(f"  default status: {defaults.status}")
        for name, field in family.Params.model_fields.items():
            if name in RuleParams.model_fields:
                continue
            lines.append(f"  {name} = {getattr(defaults, name)!r}: {field.description or ''}")
        for clause_id in family.citations:
            clause = register.resolve(clause_id)
            if clause is None:
                lines.append(f"  cites {clause_id}: (not in the register)")
            else:
                said = clause.sentence(family.quotes.get(clause_id))
                lines.append(f"  cites {clause_id} {clause.locator}: {said}")
        if family.basis:
            lines.append(f"  basis: {family.basis}")
        doc = inspect.getdoc(__import__(type(family).__module__, fromlist=["_"]))
        if doc:
            formula = [line for line in doc.splitlines() if line.startswith("    ")]
            if formula:
                lines.append("  formula:")
                lines += ["  " + line for line in formula]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
