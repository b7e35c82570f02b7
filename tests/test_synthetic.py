"""The synthetic generator writes a dataset in the normal format that validates, is marked
synthetic throughout, keeps the template's deep-county proportions, and solves at small size with
a plan the independent audit accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from optimiser.api import load, solve
from optimiser.audit import audit
from optimiser.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_generated_dataset_validates_solves_and_is_marked(tmp_path):
    out = tmp_path / "syn"
    result = CliRunner().invoke(
        cli,
        [
            "generate",
            "--counties",
            "24",
            "--projects",
            "40",
            "--years",
            "2",
            "--seed",
            "3",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    data = load(out)
    assert data.policy.dataset.synthetic and "非真实" in data.policy.dataset.title
    assert len(data.counties) == 24 and len(data.projects) == 40
    template = load(ROOT / "data" / "shanxi")
    assert len(data.deep_codes) == round(24 * len(template.deep_codes) / len(template.counties))
    provenance = yaml.safe_load((out / "provenance.yaml").read_text(encoding="utf-8"))
    assert provenance.pop("dataset")["rests_on_estimates"] is True
    assert all(
        entry["level"] == "synthetic" and "SYNTHETIC" in entry["method"]
        for columns in provenance.values()
        for entry in columns.values()
    )
    run = solve(data, [2017, 2018])
    assert run.solution.status == "optimal", run.solution.solver_status
    findings = audit(
        data, [2017, 2018], run.solution.allocation, run.solution.units, run.solution.projects
    )
    assert findings[~findings["ok"]].empty


def test_same_seed_same_dataset(tmp_path):
    from optimiser.synthetic import generate

    template = load(ROOT / "data" / "shanxi")
    a = generate(template, 12, 10, 1, 7, tmp_path / "a")
    b = generate(template, 12, 10, 1, 7, tmp_path / "b")
    for name in ("counties.csv", "needs.csv", "budgets.csv", "projects.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    c = generate(template, 12, 10, 1, 8, tmp_path / "c")
    assert (a / "projects.csv").read_bytes() != (c / "projects.csv").read_bytes()


@pytest.mark.parametrize("args", [["--counties", "1"], ["--counties", "5", "--years", "0"]])
def test_bad_sizes_are_refused(tmp_path, args):
    result = CliRunner().invoke(cli, ["generate", *args, "--out", str(tmp_path / "x")])
    assert result.exit_code == 2


def test_the_year_before_the_plan_follows_the_templates_history(tmp_path):
    """The generated history (and the budgets of the year before the plan it splits) scale the
    template's history of that year, source by source (a city's own budget stays a city's,
    outside the counties' history): the template needs no budget of a year no run of its own
    reads."""
    from collections import defaultdict

    from optimiser.synthetic import generate

    template = load(ROOT / "data" / "shanxi")
    actual = template.years.plan[0] - 1
    assert not [b for b in template.budgets if b.year == actual]
    counties = 2 * len(template.counties)
    data = load(generate(template, counties, 10, 1, 4, tmp_path / "g"))
    paid, made = defaultdict(float), defaultdict(float)
    city_level = {s.code for s in template.sources if s.level == "city"}
    for row in template.history:
        if row.year == actual and row.source not in city_level:
            paid[row.source] += row.amount_wan
    for row in data.history:
        assert row.year == actual
        made[row.source] += row.amount_wan
    assert set(made) == set(paid)
    for source, amount in paid.items():
        assert made[source] == pytest.approx(2 * amount, rel=1e-3), source
