"""What changed between two solved runs: the objective, money by county and by source (largest
movers first), rules that started or stopped binding, projects that entered or left."""

from __future__ import annotations

import pandas as pd

from optimiser.report.rounding import round_allocation
from optimiser.solution import Solution


def money_by(solution: Solution, column: str) -> pd.Series:
    """Money by `column`, from the allocation as its files hold it (to the fen, adding up)."""
    if solution.allocation.empty:
        return pd.Series(dtype=float)
    return round_allocation(solution.allocation).groupby(column)["amount_wan"].sum().round(2)


def movers(base: Solution, variant: Solution, column: str) -> pd.DataFrame:
    a, b = money_by(base, column), money_by(variant, column)
    frame = pd.DataFrame({"base": a, "variant": b}).fillna(0.0)
    frame["change"] = frame["variant"] - frame["base"]
    frame = frame.reindex(frame["change"].abs().sort_values(ascending=False).index)
    frame.index.name = column
    return frame.reset_index()


def binding_set(solution: Solution) -> set[tuple[str, str]]:
    rules = solution.rules
    if rules.empty:
        return set()
    hit = rules[rules["status"].isin(["binding", "violated"]) & (rules["rule_id"] != "R-PAYMENT")]
    return set(zip(hit["rule_id"], hit["instance"], strict=True))


def started(solution: Solution) -> set[str]:
    if solution.projects.empty:
        return set()
    return set(solution.projects.dropna(subset=["start_year"])["project_id"])


def compare(base: Solution, variant: Solution) -> dict:
    before, after = binding_set(base), binding_set(variant)
    return {
        "objective": (base.objective, variant.objective),
        "counties": movers(base, variant, "county_code"),
        "sources": movers(base, variant, "source"),
        "started_binding": sorted(after - before),
        "stopped_binding": sorted(before - after),
        "projects_in": sorted(started(variant) - started(base)),
        "projects_out": sorted(started(base) - started(variant)),
    }


def diff_table(diff: dict, names=None) -> pd.DataFrame:
    """One table for diff.csv: the county and source movers, then the rule and project changes;
    codes in `key`, what they are called in `name` (`names`: optimiser.report.names.Names)."""
    counties = diff["counties"].assign(kind="county").rename(columns={"county_code": "key"})
    sources = diff["sources"].assign(kind="source").rename(columns={"source": "key"})
    events = [("rule started binding", "|".join(r)) for r in diff["started_binding"]]
    events += [("rule stopped binding", "|".join(r)) for r in diff["stopped_binding"]]
    events += [("project entered", p) for p in diff["projects_in"]]
    events += [("project left", p) for p in diff["projects_out"]]
    other = pd.DataFrame(events, columns=["kind", "key"])
    columns = ["kind", "key", "base", "variant", "change"]
    table = pd.concat(
        [counties[columns], sources[columns], other.reindex(columns=columns)], ignore_index=True
    )
    if names is not None:
        table.insert(
            2,
            "name",
            [_named(names, k, key) for k, key in zip(table["kind"], table["key"], strict=True)],
        )
    for column in ("base", "variant", "change"):
        table[column] = table[column].round(2)
    return table


def _named(names, kind: str, key: str) -> str:
    if kind.startswith("rule"):
        rule_id, _, instance = key.partition("|")
        return f"{names.rule(rule_id)} · {names.instance(instance)}"
    return names.code(key)
