"""A run's word: its status is the solver's and the independent audit's together. A plan the
audit finds broken, or whose tables do not reproduce its objective, is `audit-failed`, exits 5,
names the breach first, and is never called optimal; its tables are still written."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hand import budget, category, county, dataset, need, run, source

from optimiser import ledger, verdict
from optimiser.cli import EXIT_AUDIT_FAILED, cli
from optimiser.rules.earmark import Earmark


def earmarked(tmp_path, share=0.9, status="hard", mode="impact", penalty=1000.0):
    """Deep county A's work reaches fewer people per 万元 than B's: only the earmark sends the
    money there."""
    return dataset(
        tmp_path,
        [county("A", deep=True), county("B")],
        [source("c", earmark=True)],
        [category("low", benefit=1, sources="c"), category("high", benefit=3, sources="c")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("c", 100)],
        rules={"R-EARMARK": {"status": status, "share": share, "penalty": penalty}},
        objective={"mode": mode},
        factor_weights={"poor_population": 1.0},
    )


def test_a_plan_that_keeps_every_rule_is_optimal_and_reproduces_its_objective(tmp_path):
    solution = run(earmarked(tmp_path)).solution
    assert solution.status == "optimal"
    assert not solution.audit["breach"].any()
    # A takes 90 at 1 person per 万元, B 10 at 3
    assert solution.objective == pytest.approx(90 + 30)
    assert solution.recomputed_objective == pytest.approx(solution.objective, rel=1e-12)


@pytest.mark.parametrize(
    "mode, objective, short",
    [
        # each 万元 moved from A to B reaches 2 more people and costs 1: all 100 go to B
        ("impact", 300 - 95, 95),
        # the formula's 50:50 costs 45 of shortfall; meeting the 95% would deviate 90
        ("formula", 45, 45),
    ],
)
def test_a_soft_rule_short_of_its_limit_costs_its_penalty(tmp_path, mode, objective, short):
    solution = run(earmarked(tmp_path, share=0.95, status="soft", mode=mode, penalty=1)).solution
    assert solution.status == "optimal"
    audit = solution.audit
    (found,) = audit[audit["rule_id"] == "R-EARMARK"].itertuples()
    assert (found.ok, found.soft, found.breach) == (False, True, False)  # allowed, reported
    assert found.limit - found.value == pytest.approx(short)
    assert solution.objective == pytest.approx(objective)
    assert solution.recomputed_objective == pytest.approx(solution.objective, rel=1e-9)


def test_a_model_that_drops_a_rule_is_caught_by_the_audit(tmp_path, monkeypatch):
    monkeypatch.setattr(Earmark, "define", lambda self, b, params: None)  # the rule "forgotten"
    folder = earmarked(tmp_path / "data")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["--year", "2018", "--data", str(folder), "--out", str(out)])
    assert result.exit_code == EXIT_AUDIT_FAILED, result.output
    status = next(line for line in result.output.splitlines() if "状态：" in line)
    assert "审核未通过" in status and "最优" not in status
    breach = result.output.index("! 审核：深度贫困县资金占比 2018年 被违反")
    # before any figure of the plan
    assert breach < min(result.output.index(w) for w in ("目标：", "深度贫困县占", "资金来源"))
    english = CliRunner().invoke(
        cli,
        ["--year", "2018", "--data", str(folder), "--out", str(tmp_path / "en"), "--lang", "en"],
    )
    status = next(line for line in english.output.splitlines() if "Status:" in line)
    assert "audit-failed" in status and "optimal" not in status
    breach = english.output.index("! audit: Deep-poverty earmark of central and provincial")
    assert breach < min(english.output.index(w) for w in ("Objective:", "By source"))
    (summary_file,) = out.rglob("summary.json")
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    assert summary["status"] == "audit-failed" and summary["solver_status"] == "Optimal"
    first = summary["notes"][0]
    # the breach is named first, the rule by its title
    assert first.startswith("audit: Deep-poverty earmark of central and provincial special funds ")
    assert summary["notes_zh"][0].startswith("审核：深度贫困县资金占比 2018年 被违反")
    assert summary["audit"]["broken_rules"] == ["R-EARMARK"]
    assert (summary_file.parent / "allocation.csv").exists()  # the plan is there to inspect
    (entry,) = ledger.entries(out)
    assert entry["status"] == "audit-failed" and entry["exit_code"] == EXIT_AUDIT_FAILED


def test_tables_that_do_not_reproduce_the_objective_fail_the_audit(tmp_path, monkeypatch):
    real = verdict.objective_from_tables
    monkeypatch.setattr(verdict, "objective_from_tables", lambda *args: real(*args) * (1 + 1e-8))
    solution = run(earmarked(tmp_path)).solution
    assert solution.status == "audit-failed"
    assert solution.notes[0].startswith("audit: the objective recomputed from the plan's tables")


def test_within_one_part_in_a_billion_the_objective_is_reproduced(tmp_path, monkeypatch):
    real = verdict.objective_from_tables
    monkeypatch.setattr(verdict, "objective_from_tables", lambda *args: real(*args) * (1 + 1e-10))
    assert run(earmarked(tmp_path)).solution.status == "optimal"
