"""Overrides as a budget meeting states them, parsed and applied to a dataset.

    budget.<source>.<year>[.<city or county code>]=<amount>|<+/-N%>
    <RULE-ID>.<parameter>=<value>              e.g. R-EARMARK.share=0.35 or =35%
    <RULE-ID>=hard|soft|off                    (also the --off/--soft/--hard RULE flags)
    need.<county>.<category>=<units>|<+/-N%>
    unit_cost.<category>=<万元 per unit>|<+/-N%>
    indicator.<county>.<column>=<value>|<+/-N%>   (every year of that county)
    objective.<field>=<value>                  e.g. objective.deep_weight=1.5

An absolute amount for a budget that has several rows (a city-level source of several cities)
sets their total and keeps their proportions. A variant is validated like any dataset: a budget
cut below zero or a share above 1 is refused with the override named.

A percent is a change of the current value (`-10%`) except for a rule parameter that is a share
or a fraction, where it is the value itself (`R-EARMARK.share=35%` is 0.35). A status is a word in
any case (on, yes, true: hard; no, false: off). A code that is not in the dataset is refused with
the valid codes and the nearest ones to what was typed (by code, or by Chinese or English name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import yaml
from pydantic import ValidationError

from optimiser.checks import check_tables
from optimiser.dataset import Dataset
from optimiser.io.yaml_files import load_value
from optimiser.problems import InputError, Problem
from optimiser.rules import BY_ID
from optimiser.schemas.messages import choices_text, expected_text
from optimiser.schemas.params import read_percent, status_word
from optimiser.schemas.rows import Budget, Category, Indicator, Need

WHERE = "override"
NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
PERCENT = re.compile(r"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+))%$")
TARGETS = ("budget", "need", "unit_cost", "indicator", "objective")


@dataclass(frozen=True)
class Override:
    text: str  # as typed
    target: str  # budget | need | unit_cost | indicator | objective | rule
    keys: tuple[str, ...]
    value: object
    relative: bool = False  # value is a fraction to add: +10% -> 0.10

    def scaled(self, current: float) -> float:
        return current * (1 + self.value) if self.relative else float(self.value)

    @property
    def numeric(self) -> bool:
        return self.target != "rule" or isinstance(self.value, int | float)


def fail(text: str, expected: str, value: object = None) -> InputError:
    return InputError([Problem(WHERE, None, text, None if value is None else str(value), expected)])


def unknown(
    text: str, what: str, typed: str, valid: dict[str, list[str]] | list[str]
) -> InputError:
    """An override naming a code the dataset does not have: the valid ones, the nearest first."""
    return fail(text, f"{what}; {choices_text(typed, valid)}", typed)


def _named(rows, *fields: str) -> dict[str, list[str]]:
    """Codes of rows with their names, for suggestions."""
    return {r.code: [getattr(r, f) or "" for f in fields] for r in rows}


def parse(text: str) -> Override:
    if "=" not in text:
        raise fail(text, "PATH=VALUE, e.g. budget.central_special.2018=-10%")
    path, raw = (part.strip() for part in text.split("=", 1))
    keys = tuple(path.split("."))
    head = keys[0]
    if head in BY_ID:
        if len(keys) == 1:
            status = status_word(raw)
            if status is None:
                raise fail(
                    text,
                    f"{head}=hard, soft or off (also on, yes, true: hard; no, false: off)",
                    raw,
                )
            return Override(text, "rule", (head, "status"), status)
        if len(keys) != 2:
            raise fail(text, f"{head}.<parameter>=<value>")
        if keys[1] == "status" and status_word(raw) is not None:
            return Override(text, "rule", keys, status_word(raw))
        value, refused = read_percent(BY_ID[head].Params, keys[1], raw)
        if refused is not None:
            raise fail(text, refused, raw)
        return Override(text, "rule", keys, value if value is not raw else _scalar(text, raw))
    if head not in TARGETS:
        raise unknown(
            text,
            "a path starting with a rule id or one of " + ", ".join(TARGETS),
            head,
            [*TARGETS, *BY_ID],
        )
    arity = {
        "budget": (3, 4),
        "need": (3, 3),
        "unit_cost": (2, 2),
        "indicator": (3, 3),
        "objective": (2, 2),
    }[head]
    if not arity[0] <= len(keys) <= arity[1]:
        shapes = {
            "budget": "budget.<source>.<year>[.<city or county>]",
            "need": "need.<county>.<category>",
            "unit_cost": "unit_cost.<category>",
            "indicator": "indicator.<county>.<column>",
            "objective": "objective.<field>",
        }
        raise fail(text, shapes[head] + "=<value>")
    if head == "objective":
        return Override(text, head, keys, _scalar(text, raw))
    percent = PERCENT.match(raw)
    if percent:
        return Override(text, head, keys, float(percent.group(1)) / 100, relative=True)
    if NUMBER.match(raw):
        return Override(text, head, keys, float(raw))
    raise fail(text, "a number or a change in percent such as -10%", raw)


def _scalar(text: str, raw: str) -> object:
    """A parameter value as YAML reads it (0.35, true, [a, b]); unreadable text is refused."""
    if not raw:
        return None
    try:
        return load_value(raw)
    except yaml.YAMLError:
        raise fail(text, "a value such as 0.35, true or a list [a, b]", raw) from None


def parse_all(
    sets: list[str], off: list[str] = (), soft: list[str] = (), hard: list[str] = ()
) -> list[Override]:
    found = [parse(text) for text in sets]
    for status, rules in (("off", off), ("soft", soft), ("hard", hard)):
        for rule in rules:
            found.append(parse(f"{rule}={status}"))
    return found


def apply(data: Dataset, overrides: list[Override]) -> Dataset:
    """The dataset with every override applied, validated like any dataset."""
    variant = data
    for override in overrides:
        variant = _APPLY[override.target](variant, override)
    problems = [p for p in check_tables(variant) if p.severity == "error"]
    if problems:
        labels = ", ".join(o.text for o in overrides)
        raise InputError([Problem(WHERE, None, labels, p.value, f"{p}") for p in problems])
    return variant


def _validated(model, row, update: dict, override: Override):
    try:
        return model.model_validate({**row.model_dump(), **update})
    except ValidationError as exc:
        raise fail(
            override.text,
            expected_text(exc.errors(include_url=False)[0]),
            next(iter(update.values())),
        ) from None


def _budget(data: Dataset, o: Override) -> Dataset:
    source, year = o.keys[1], o.keys[2]
    if source not in data.source_by_code:
        raise unknown(
            o.text, "a source code of sources.csv", source, _named(data.sources, "name", "name_en")
        )
    years = sorted({b.year for b in data.budgets if b.source == source})
    if not year.isdigit() or int(year) not in years:
        listed = ", ".join(map(str, years)) or "none"
        raise fail(o.text, f"a year with a budget row of {source} in budgets.csv: {listed}", year)
    scope = o.keys[3] if len(o.keys) == 4 else None
    matched = [
        i
        for i, b in enumerate(data.budgets)
        if b.source == source
        and b.year == int(year)
        and (scope is None or scope in (b.city, b.county_code))
    ]
    if not matched:
        scopes = {
            b.county_code or b.city: [data.county_by_code[b.county_code].name]
            if b.county_code in data.county_by_code
            else []
            for b in data.budgets
            if b.source == source and b.year == int(year) and (b.city or b.county_code)
        }
        if not scopes:
            raise fail(
                o.text,
                f"budget.{source}.{year} without a city or county: {source} has one budget row "
                f"in {year}, for the whole province",
                scope,
            )
        raise unknown(
            o.text, f"a city or county with a budget row of {source} in {year}", scope, scopes
        )
    total = sum(data.budgets[i].amount_wan for i in matched)
    rows = list(data.budgets)
    for i in matched:
        current = rows[i].amount_wan
        if o.relative:
            amount = o.scaled(current)
        else:
            amount = float(o.value) * (current / total if total else 1 / len(matched))
        rows[i] = _validated(Budget, rows[i], {"amount_wan": amount}, o)
    return replace(data, budgets=tuple(rows))


def _need(data: Dataset, o: Override) -> Dataset:
    county, category = o.keys[1], o.keys[2]
    if county not in data.county_by_code:
        raise unknown(
            o.text, "a county code of counties.csv", county, _named(data.counties, "name")
        )
    rows = list(data.needs)
    matched = [i for i, n in enumerate(rows) if (n.county_code, n.category) == (county, category)]
    if not matched:
        needed = [n.category for n in rows if n.county_code == county]
        valid = {
            c: _named(data.categories, "name", "name_en").get(c, []) for c in dict.fromkeys(needed)
        }
        raise unknown(
            o.text, f"a need of needs.csv for {county} (a category it needs)", category, valid
        )
    for i in matched:
        rows[i] = _validated(Need, rows[i], {"units": o.scaled(rows[i].units)}, o)
    return replace(data, needs=tuple(rows))


def _unit_cost(data: Dataset, o: Override) -> Dataset:
    code = o.keys[1]
    rows = list(data.categories)
    matched = [i for i, k in enumerate(rows) if k.code == code]
    if not matched:
        raise unknown(
            o.text,
            "a category code of categories.csv",
            code,
            _named(data.categories, "name", "name_en"),
        )
    for i in matched:
        rows[i] = _validated(
            Category, rows[i], {"unit_cost_wan": o.scaled(rows[i].unit_cost_wan)}, o
        )
    return replace(data, categories=tuple(rows))


def _indicator(data: Dataset, o: Override) -> Dataset:
    county, column = o.keys[1], o.keys[2]
    columns = [c for c in Indicator.model_fields if c not in ("county_code", "year")]
    if column not in columns:
        raise unknown(o.text, "an indicator column of indicators.csv", column, columns)
    rows = list(data.indicators)
    matched = [i for i, r in enumerate(rows) if r.county_code == county]
    if not matched:
        with_rows = {r.county_code for r in rows}
        valid = {c.code: [c.name] for c in data.counties if c.code in with_rows}
        raise unknown(o.text, "a county code with rows in indicators.csv", county, valid)
    for i in matched:
        current = getattr(rows[i], column)
        if current is None and o.relative:
            continue
        rows[i] = _validated(Indicator, rows[i], {column: o.scaled(current or 0.0)}, o)
    return replace(data, indicators=tuple(rows))


def _rule(data: Dataset, o: Override) -> Dataset:
    rule_id, name = o.keys
    family = BY_ID[rule_id]
    current = data.policy.rules[rule_id]
    if name not in family.Params.model_fields:
        raise unknown(o.text, f"a parameter of {rule_id}", name, list(family.Params.model_fields))
    try:
        params = family.Params.model_validate({**current.model_dump(), name: o.value})
    except ValidationError as exc:
        raise fail(o.text, expected_text(exc.errors(include_url=False)[0]), o.value) from None
    rules = {**data.policy.rules, rule_id: params}
    return replace(data, policy=data.policy.model_copy(update={"rules": rules}))


def _objective(data: Dataset, o: Override) -> Dataset:
    name = o.keys[1]
    objective = data.policy.objective
    if name not in type(objective).model_fields:
        raise unknown(o.text, "an objective field", name, list(type(objective).model_fields))
    try:
        updated = type(objective).model_validate({**objective.model_dump(), name: o.value})
    except ValidationError as exc:
        raise fail(o.text, expected_text(exc.errors(include_url=False)[0]), o.value) from None
    return replace(data, policy=data.policy.model_copy(update={"objective": updated}))


_APPLY = {
    "budget": _budget,
    "need": _need,
    "unit_cost": _unit_cost,
    "indicator": _indicator,
    "rule": _rule,
    "objective": _objective,
}
