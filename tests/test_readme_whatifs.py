"""Every what-if the README shows (the command, each example of the overrides table, the
scenario file, the sweep's two ends) plans Shanxi with no rule broken: the audit finds no breach
and the run is not audit-failed. The examples are read from README.md itself, so an example
added there is tested here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from optimiser.api import load, solve, what_if
from optimiser.scenario.overrides import apply, parse_all

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def table_examples() -> list[str]:
    """The backticked PATH=VALUE examples of the overrides table."""
    start = README.index("| path | example |")
    rows = README[start : README.index("\n\n", start)].splitlines()[2:]
    return [ex for row in rows for ex in re.findall(r"`([^`]+=[^`]+)`", row.split("|")[2])]


def command_variants() -> list[tuple[str, list[str], list[str]]]:
    """(label, sets, offs) of each `allocate whatif` line and scenario of the README."""
    found = []
    for line in re.findall(r"^allocate whatif .*$", README, flags=re.M):
        found.append((line, re.findall(r"--set (\S+)", line), re.findall(r"--off (\S+)", line)))
    block = README[README.index("scenarios:\n  - name:") :]
    scenarios = yaml.safe_load(block[: block.index("```")])["scenarios"]
    by_name = {s["name"]: s for s in scenarios}
    for s in scenarios:
        sets, offs, base = list(s.get("set", [])), list(s.get("off", [])), s.get("based_on")
        while base:
            sets, offs = by_name[base].get("set", []) + sets, by_name[base].get("off", []) + offs
            base = by_name[base].get("based_on")
        found.append((f"scenario {s['name']}", sets, offs))
    sweep = re.search(r"allocate sweep --param (\S+) --from (\S+) --to (\S+)", README)
    for end in sweep.group(2, 3):
        found.append((f"sweep {end}", [f"{sweep.group(1)}={end}"], []))
    return found


@pytest.fixture(scope="module")
def shanxi():
    return load(ROOT / "data" / "shanxi")


def test_the_readme_has_examples_to_test():
    assert len(table_examples()) >= 9 and len(command_variants()) >= 6


@pytest.mark.parametrize("label, sets, offs", command_variants(), ids=lambda v: str(v)[:40])
def test_a_readme_what_if_breaks_no_rule(shanxi, label, sets, offs):
    variant = apply(shanxi, parse_all(sets, off=offs))
    run = solve(variant, [2018])
    if label.startswith("sweep") and run.solution.status == "infeasible":
        return  # a sweep may reach past what the rules allow: no plan, nothing to audit
    assert run.solution.status == "optimal", (label, run.solution.notes[:3])
    assert not run.solution.audit["breach"].any()


@pytest.mark.parametrize("example", table_examples())
def test_each_override_example_breaks_no_rule(shanxi, example):
    years = [2017, 2018, 2019, 2020] if ".2019" in example else [2018]
    base = solve(shanxi, years)
    run, _how = what_if(base, apply(shanxi, parse_all([example])))
    assert run.solution.status == "optimal", (example, run.solution.notes[:3])
    assert not run.solution.audit["breach"].any()
    assert run.solution.recomputed_objective == pytest.approx(run.solution.objective, rel=1e-9)
