"""The independent audit covers every rule family and every parameter that changes what a plan
must satisfy, and its declaration of what it honours (audit.HONOURS) is what its code reads.

Three questions, each a function returning what is missing so the tests below can show it empty
for the real families and non-empty for a family or parameter added without an audit check:

(a) `missing_checks`: a family of optimiser.rules.FAMILIES with no entry in audit.CHECKS, or an
    entry naming no method of audit.Audit;
(b) `unhonoured`: a parameter of a family's Params (besides status and penalty, which the audit
    handles for every family) that audit.HONOURS does not list and NOT_A_CONDITION does not
    excuse;
(c) `undeclared_reads` / `false_claims`: HONOURS entries the audit's code never reads from that
    family's parameters, found by reading the source of audit.Audit (not by trusting it).

The families are read from optimiser.rules at call time, so a test can add one with monkeypatch.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap

import pytest
from pydantic import Field

import optimiser.audit as audit_module
import optimiser.rules as rules_package
import optimiser.verdict as verdict_module
from optimiser.rules.base import RuleFamily, RuleParams

# handled for every family: off not checked, soft not a breach; `borrowed` only labels the rule
GENERIC = {"status", "penalty", "borrowed"}

# Parameters that do not change what a plan must satisfy, so the audit need not read them. Each
# is checked below not to be read by its family's model either (as `params.<name>`).
NOT_A_CONDITION = {
    # The model assumes every loan runs its longest term (term_years_max) so it never counts on
    # money back early; the shortest term is only validated against the longest
    # (rules/revolving.py, Params._terms) and appears in no row.
    ("R-REVOLVING", "term_years_min"),
    # How often a relending loan may be rolled over: "reported, not a row, since the model plans
    # a year's relending as a flow within the quota" (rules/relending.py).
    ("R-RELENDING", "max_rollovers"),
}
# Parameters of the objective rather than of a condition: a weighted "deep counties first" is a
# bonus per 万元, checked by the objective recomputed from the tables (optimiser/verdict.py).
OBJECTIVE_ONLY = {
    (rule_id, "weight")
    for rule_id in (
        "R-INDUSTRY-FUND",
        "R-LOTTERY",
        "R-FOREST-QUOTA",
        "R-LABOUR-SUBSIDY",
        "R-EDUCATION-FIRST",
    )
}


# ---- the three questions ---------------------------------------------------------------------
def families():
    return rules_package.FAMILIES  # read at call time: monkeypatch can add a family


def own_parameters(family) -> set[str]:
    return set(family.Params.model_fields) - GENERIC


def missing_checks(checks=None, audit_class=None) -> list[str]:
    """(a) Families with no check in CHECKS, or whose check names no method of Audit."""
    checks = audit_module.CHECKS if checks is None else checks
    audit_class = audit_module.Audit if audit_class is None else audit_class
    problems = []
    for family in families():
        method = checks.get(family.id)
        if method is None:
            problems.append(f"{family.id}: no entry in audit.CHECKS")
        elif not callable(getattr(audit_class, method, None)):
            problems.append(f"{family.id}: audit.CHECKS names {method!r}, not a method of Audit")
    return problems


def unhonoured(honours=None, allowed=NOT_A_CONDITION | OBJECTIVE_ONLY) -> list[tuple[str, str]]:
    """(b) (family, parameter) pairs of the families' Params that HONOURS does not list and
    the allow-list does not excuse."""
    honours = audit_module.HONOURS if honours is None else honours
    return sorted(
        (family.id, name)
        for family in families()
        for name in own_parameters(family)
        if name not in honours.get(family.id, set()) and (family.id, name) not in allowed
    )


def parameter_reads(source: str, checks: dict[str, str]) -> dict[str, set[str]]:
    """(c) For each family of `checks`, the attribute names the Audit class in `source` reads
    from that family's parameters: `self.rules["R-X"].name`, or `p.name` after
    `p = self.rules["R-X"]`, anywhere in the class; and, in the family's check method and the
    methods it calls (transitively), reads through a rule id held in a variable
    (`self.rules[rule_id].name`), as the shared helpers of the priority rules do."""
    tree = ast.parse(textwrap.dedent(source))
    cls = next(node for node in tree.body if isinstance(node, ast.ClassDef))
    methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}

    def rules_key(node):
        """'R-X' for self.rules["R-X"], None for self.rules[variable], else False."""
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "rules"
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id == "self"
        ):
            key = node.slice
            return key.value if isinstance(key, ast.Constant) else None
        return False

    fixed: dict[str, set[str]] = {}  # family -> names read through a literal rule id
    dynamic: dict[str, set[str]] = {}  # method -> names read through a variable rule id
    calls: dict[str, set[str]] = {}  # method -> methods of the class it calls
    for name, function in methods.items():
        aliases = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and rules_key(node.value) is not False:
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        aliases[target.id] = rules_key(node.value)
        dynamic[name], calls[name] = set(), set()
        for node in ast.walk(function):
            if not isinstance(node, ast.Attribute):
                continue
            holder = node.value
            key = rules_key(holder)
            if key is False and isinstance(holder, ast.Name) and holder.id in aliases:
                key = aliases[holder.id]
            if key is None:
                dynamic[name].add(node.attr)
            elif key is not False:
                fixed.setdefault(key, set()).add(node.attr)
            if isinstance(holder, ast.Name) and holder.id == "self" and node.attr in methods:
                calls[name].add(node.attr)

    reads = {}
    for family_id, method in checks.items():
        reached, todo = set(), [method]
        while todo:
            current = todo.pop()
            if current in reached or current not in methods:
                continue
            reached.add(current)
            todo += calls[current]
        reads[family_id] = set(fixed.get(family_id, set())).union(*(dynamic[m] for m in reached))
    return reads


def false_claims(honours=None, source=None, checks=None) -> list[tuple[str, str]]:
    """(c) HONOURS entries the audit's code never reads from that family's parameters."""
    honours = audit_module.HONOURS if honours is None else honours
    checks = audit_module.CHECKS if checks is None else checks
    source = inspect.getsource(audit_module.Audit) if source is None else source
    reads = parameter_reads(source, checks)
    return sorted(
        (family_id, name)
        for family_id, names in honours.items()
        for name in names
        if name not in reads.get(family_id, set())
    )


# ---- the real audit --------------------------------------------------------------------------
def test_a_every_family_has_a_check_method():
    assert missing_checks() == []
    ids = [family.id for family in families()]
    assert set(audit_module.CHECKS) == set(ids), "a check for a family that does not exist"


def test_b_every_parameter_is_honoured_or_excused():
    assert unhonoured() == []


def test_b_honours_names_only_real_parameters_of_known_families():
    by_id = {family.id: family for family in families()}
    for family_id, names in audit_module.HONOURS.items():
        assert family_id in by_id, family_id
        assert names <= own_parameters(by_id[family_id]), (family_id, names)


def test_b_excused_parameters_exist_are_not_honoured_and_the_model_ignores_them_too():
    by_id = {family.id: family for family in families()}
    for family_id, name in NOT_A_CONDITION:
        family = by_id[family_id]
        assert name in own_parameters(family), (family_id, name)
        assert name not in audit_module.HONOURS.get(family_id, set()), "listed twice"
        module = inspect.getsource(inspect.getmodule(type(family)))
        assert not re.search(rf"\bparams\.{name}\b", module), (
            f"the model of {family_id} reads {name}: it changes the plan, the audit must too"
        )


def test_c_every_honoured_parameter_is_read_by_its_check():
    assert false_claims() == []


def test_c_the_audit_reads_no_parameter_it_does_not_declare():
    """The converse: a parameter the audit's code reads is declared in HONOURS, so the two
    cannot drift apart either way."""
    reads = parameter_reads(inspect.getsource(audit_module.Audit), audit_module.CHECKS)
    by_id = {family.id: family for family in families()}
    for family_id, names in reads.items():
        read_parameters = names & own_parameters(by_id[family_id])
        assert read_parameters <= audit_module.HONOURS.get(family_id, set()), family_id


def test_c_reads_found_through_shared_helpers():
    """The reader follows the priority rules' shared helpers (`_deep_first`,
    `priority_scopes`) and the cross-family reads (R-PREPAY's max_share in advance_room), so
    none of those passes only by luck."""
    reads = parameter_reads(inspect.getsource(audit_module.Audit), audit_module.CHECKS)
    assert {"include_city_level", "min_deep_share", "tolerance", "method"} <= reads[
        "R-INDUSTRY-FUND"
    ]
    assert {"source", "categories"} <= reads["R-LOTTERY"]
    assert "max_share" in reads["R-PREPAY"] and "delay_years" in reads["R-DEADLINE"]
    assert "share" in reads["R-EARMARK"] and "share" not in reads["R-GROWTH"]


# ---- the same questions catch what is added without an audit check --------------------------
class NewRule(RuleFamily):
    id = "R-NEW"
    title_zh = "新规则"
    title_en = "A rule added without an audit check"

    class Params(RuleParams):
        floor_wan: float = Field(10.0, ge=0)


class EarmarkWithNewKnob(type(rules_package.BY_ID["R-EARMARK"])):
    class Params(type(rules_package.BY_ID["R-EARMARK"]).Params):
        counties_of_city: bool = Field(False, description="a parameter nobody audits")


def test_a_new_family_without_a_check_is_reported(monkeypatch):
    monkeypatch.setattr(rules_package, "FAMILIES", (*rules_package.FAMILIES, NewRule()))
    assert missing_checks() == ["R-NEW: no entry in audit.CHECKS"]
    assert unhonoured() == [("R-NEW", "floor_wan")]


def test_a_check_naming_a_missing_method_is_reported():
    checks = {**audit_module.CHECKS, "R-EARMARK": "earmark_renamed"}
    assert missing_checks(checks=checks) == [
        "R-EARMARK: audit.CHECKS names 'earmark_renamed', not a method of Audit"
    ]


def test_b_a_new_parameter_without_an_audit_reading_is_reported(monkeypatch):
    patched = tuple(
        EarmarkWithNewKnob() if family.id == "R-EARMARK" else family
        for family in rules_package.FAMILIES
    )
    monkeypatch.setattr(rules_package, "FAMILIES", patched)
    assert unhonoured() == [("R-EARMARK", "counties_of_city")]


def test_c_a_claim_the_code_does_not_keep_is_reported():
    honours = {**audit_module.HONOURS, "R-EARMARK": {"share", "base", "counties_of_city"}}
    assert false_claims(honours=honours) == [("R-EARMARK", "counties_of_city")]
    # a check that stops reading its parameter (the earmark share hard-coded)
    source = inspect.getsource(audit_module.Audit)
    reading = "params.share * base"
    assert reading in source
    assert false_claims(source=source.replace(reading, "0.3 * base")) == [("R-EARMARK", "share")]


@pytest.mark.parametrize(("family_id", "name"), sorted(NOT_A_CONDITION), ids=lambda v: str(v))
def test_b_without_the_excuse_the_parameter_is_reported(family_id, name):
    allowed = (NOT_A_CONDITION | OBJECTIVE_ONLY) - {(family_id, name)}
    assert unhonoured(allowed=allowed) == [(family_id, name)]


def test_the_objective_only_parameters_are_read_by_the_objective_recomputation():
    source = inspect.getsource(verdict_module)
    for _family, name in OBJECTIVE_ONLY:
        assert f".{name}" in source, name
