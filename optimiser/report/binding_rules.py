"""The rule instances a plan is held at, grouped by rule and ranked by what one more unit of a
limit is worth: one definition for the terminal, report.html and allocation.xlsx, so that they
name the same rules in the same order with the same counts.

An instance counts when it says something: a soft rule short of its limit, or a limit one more
unit of which changes the plan (and not a limit and value both 0). The others are at their limit
but worth nothing: counted, not listed (rules.csv and the workbook's rules sheet keep every one).
The "deep counties first" stage of several rules at once is kept apart."""

from __future__ import annotations

from dataclasses import dataclass

from optimiser.rules import BY_ID

ZERO = 1e-9  # a value of one more unit, or a limit, this small says nothing
HIDDEN = {"R-PAYMENT"}  # payment identities: always equalities, in rules.csv only


def says_something(item: dict) -> bool:
    """A binding instance worth a reader's line: short of its limit, or one more unit of it
    changes the plan, and not a limit and value both 0."""
    if item["status"] == "violated":
        return True
    if item["gain"] is None or abs(item["gain"]) <= ZERO:
        return False
    return not (abs(item["lhs"] or 0.0) <= ZERO and abs(item["rhs"] or 0.0) <= ZERO)


def is_stage(item: dict) -> bool:
    """The "deep counties first" stage: several rules' floors at once, no family's own row."""
    return item["rule_id"] not in BY_ID


def value(item: dict) -> float:
    """What one more unit of the instance's limit is worth, as a size (0 for none)."""
    return abs(item["gain"] or 0.0)


@dataclass(frozen=True)
class RuleGroup:
    """One rule's instances at their limit: those that count, shortfalls first and then the most
    valuable; and those worth nothing."""

    rule_id: str
    counted: list[dict]
    idle: list[dict]

    @property
    def best(self) -> dict | None:
        return self.counted[0] if self.counted else None

    @property
    def short(self) -> bool:
        return any(i["status"] == "violated" for i in self.counted)

    @property
    def value(self) -> float:
        return value(self.best) if self.best else 0.0


def ranked(items: list[dict]) -> list[RuleGroup]:
    """`items` by rule, rules ranked: those short of a limit first, then by their most valuable
    instance; rules with nothing that counts last, in the order they came."""
    by_rule: dict[str, list[dict]] = {}
    for item in items:
        by_rule.setdefault(item["rule_id"], []).append(item)
    groups = []
    for rule_id, instances in by_rule.items():
        counted = sorted(
            (i for i in instances if says_something(i)),
            key=lambda i: (i["status"] != "violated", -value(i)),
        )
        idle = [i for i in instances if not says_something(i)]
        groups.append(RuleGroup(rule_id, counted, idle))
    return sorted(groups, key=lambda g: (not g.short, not g.counted, -g.value))


@dataclass(frozen=True)
class BindingRules:
    """A plan's binding instances (explanation.json's `binding`): policy rules ranked, the
    stages, and the budgets, needs and other structural limits ranked the same way."""

    policy: list[RuleGroup]
    stages: list[dict]
    structural: list[RuleGroup]

    @classmethod
    def of(cls, binding: list[dict]) -> BindingRules:
        policy = [b for b in binding if not b["structural"] and not is_stage(b)]
        structural = [b for b in binding if b["structural"] and b["rule_id"] not in HIDDEN]
        return cls(ranked(policy), [b for b in binding if is_stage(b)], ranked(structural))

    @property
    def matter(self) -> list[RuleGroup]:
        """The policy rules that matter: those with an instance that counts, ranked."""
        return [g for g in self.policy if g.counted]

    @property
    def idle(self) -> list[RuleGroup]:
        """The policy rules at their limit where one more unit is worth nothing anywhere."""
        return [g for g in self.policy if not g.counted]
