"""Overrides: parsing and validation (a bad path or value names the override, exit 2), each kind
applied to the dataset, and a what-if end to end."""

from __future__ import annotations

import pandas as pd
import pytest
import tiny
from click.testing import CliRunner

from optimiser.api import load
from optimiser.cli import cli
from optimiser.problems import InputError
from optimiser.scenario.overrides import apply, parse, parse_all


@pytest.fixture
def data(tmp_path):
    return load(tiny.write(tmp_path / "data"))


def test_parse_kinds():
    assert parse("budget.central.2018=-10%").value == pytest.approx(-0.10)
    assert parse("budget.central.2018=-10%").relative
    assert parse("budget.central.2018=1200").value == 1200
    assert parse("R-EARMARK.share=0.35").keys == ("R-EARMARK", "share")
    assert parse("R-GROWTH=off").value == "off"
    assert parse("need.deep1.housing=+20%").target == "need"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("budget.central.2018", "PATH=VALUE"),
        ("budgets.central.2018=5", "a path starting with a rule id"),
        ("budget.central=5", "budget.<source>.<year>"),
        ("budget.central.2018=ten", "a number or a change in percent"),
        ("R-EARMARK=maybe", "hard, soft or off"),
    ],
)
def test_bad_overrides_are_named(text, expected):
    with pytest.raises(InputError) as caught:
        parse(text)
    problem = caught.value.problems[0]
    assert problem.column == text and expected in problem.expected


def test_each_kind_applies(data):
    variant = apply(
        data,
        parse_all(
            [
                "budget.central.2018=-10%",
                "R-EARMARK.share=0.35",
                "need.deep1.housing=+20%",
                "unit_cost.housing=1.5",
                "indicator.poor2.poor_population=-50%",
                "objective.deep_weight=2",
            ],
            off=["R-GROWTH"],
        ),
    )
    assert variant.budgets[0].amount_wan == pytest.approx(900)
    assert variant.policy.rules["R-EARMARK"].share == 0.35
    assert variant.policy.rules["R-GROWTH"].status == "off"
    assert variant.needs[0].units == pytest.approx(120)
    assert variant.category_by_code["housing"].unit_cost_wan == 1.5
    assert [r.poor_population for r in variant.indicators if r.county_code == "poor2"] == [300]
    assert variant.policy.objective.deep_weight == 2
    assert data.budgets[0].amount_wan == 1000  # the base is untouched


@pytest.mark.parametrize(
    "text, expected",
    [
        ("budget.central.2018=-150%", "at least 0"),
        ("R-EARMARK.share=1.5", "at most 1"),
        ("budget.nowhere.2018=5", "a source code"),
        ("R-EARMARK.sharee=0.3", "a parameter of R-EARMARK"),
        ("need.deep1.roads=5", "a need of needs.csv"),
    ],
)
def test_invalid_variants_are_refused_naming_the_override(data, text, expected):
    with pytest.raises(InputError) as caught:
        apply(data, [parse(text)])
    assert caught.value.problems[0].column == text
    assert expected in caught.value.problems[0].expected


def test_whatif_command_writes_both_runs_and_a_diff(tmp_path):
    folder = tiny.write(tmp_path / "data")
    result = CliRunner().invoke(
        cli,
        [
            "whatif",
            "--year",
            "2018",
            "--data",
            str(folder),
            "--set",
            "budget.central.2018=-80%",
            "--off",
            "R-GROWTH",
            "--off",
            "R-INCREASE",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    # the overrides said with names, in the dataset's language
    assert "假设：中央专项2018年预算 -80%；深度贫困县切块资金增幅：关闭；" in result.output
    # what every optimal pair of plans shares: both objectives, and the money that must go
    assert "覆盖贫困人口（加权）：330.00 → 324.35（-5.65）" in result.output
    assert "分配资金：830.00 → 700.00 万元（-130.00）" in result.output
    runs = sorted(p for p in (tmp_path / "out").glob("*/*/*") if p.is_dir())
    assert len(runs) == 2 and (runs[1] / "diff.csv").exists()
    diff = pd.read_csv(runs[1] / "diff.csv")
    by_county = diff.loc[diff["kind"] == "county", "change"].sum()
    by_source = diff.loc[diff["kind"] == "source", "change"].sum()
    assert by_county == pytest.approx(-130, abs=1e-4)  # 830 万元 placed in the base, 700 now
    assert by_source == pytest.approx(by_county, abs=1e-6)
    central = diff[(diff["kind"] == "source") & (diff["key"] == "central")]
    assert central["variant"].item() == pytest.approx(200, abs=1e-4)  # all that is left of it
    # for Excel: a byte-order mark, names beside the codes, money to the fen as the files add it
    assert (runs[1] / "diff.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    counties = diff[diff["kind"] == "county"].set_index("key")
    assert set(counties["name"]) <= {"深一县", "贫二县", "其三县"} and counties["name"].all()
    for run, column in ((runs[0], "base"), (runs[1], "variant")):
        files = pd.read_csv(run / "allocation.csv").groupby("county_code")["amount_wan"].sum()
        assert (counties[column] - files.reindex(counties.index).fillna(0)).abs().max() < 1e-9


def test_whatif_bad_override_exits_2(tmp_path):
    folder = tiny.write(tmp_path / "data")
    result = CliRunner().invoke(
        cli,
        [
            "whatif",
            "--year",
            "2018",
            "--data",
            str(folder),
            "--set",
            "R-EARMARK.share=2",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 2 and "R-EARMARK.share=2" in result.output
    assert not (tmp_path / "o").exists()


def test_whatif_with_no_plan_exits_1_and_explains(tmp_path):
    folder = tiny.write(tmp_path / "data")
    result = CliRunner().invoke(
        cli,
        [
            "whatif",
            "--year",
            "2018",
            "--data",
            str(folder),
            "--set",
            "budget.central.2018=-80%",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "假设方案无可行方案" in result.output
    assert "没有任何方案能同时满足全部硬性规则" in result.output
    assert "谁多得、谁少得" not in result.output


def test_whatif_moves_no_more_money_than_it_must(tmp_path):
    """Two counties reach the same per 万元, so any split of 100 is optimal. Cut the budget by 10:
    anchored to the base, the variant takes the 10 from where it stood and moves nothing else."""
    from hand import budget, category, county, dataset, money, need, source

    from optimiser.api import solve

    folder = dataset(
        tmp_path,
        [county("A"), county("B")],
        [source("c")],
        [category("k", sources="c")],
        [need("A", "k", 1000), need("B", "k", 1000)],
        [budget("c", 100)],
    )
    data = load(folder)
    base = solve(data, [2018])
    variant = solve(apply(data, [parse("budget.c.2018=90")]), [2018], anchor=base)
    assert variant.result.anchored
    assert variant.solution.objective == pytest.approx(base.solution.objective - 10)
    moved = sum(abs(money(variant, county_code=c) - money(base, county_code=c)) for c in "AB")
    assert moved == pytest.approx(10)


def test_each_kind_shows_in_the_solved_result(tmp_path):
    """Every kind of override, applied and solved, moves the plan the way it says."""
    from hand import budget, category, county, dataset, money, need, source

    from optimiser.api import solve

    folder = dataset(
        tmp_path,
        [county("A", deep=True), county("B")],
        [source("c", earmark=True)],
        [category("low", sources="c"), category("high", benefit=2, sources="c")],
        [need("A", "low", 1000), need("B", "high", 60)],
        [budget("c", 100)],
        rules={"R-EARMARK": {"status": "hard", "share": 0.3}},
        factor_weights={"poor_population": 1.0},
    )
    data = load(folder)

    def solved(*sets, off=()):
        return solve(apply(data, parse_all(list(sets), off=list(off))), [2018])

    base = solved()
    assert money(base, county_code="B") == pytest.approx(60)  # B's need caps it; A gets 40
    assert money(solved("budget.c.2018=-20%")) == pytest.approx(80)
    assert money(solved("R-EARMARK.share=0.5"), county_code="A") == pytest.approx(50)
    assert money(solved("need.B.high=+50%"), county_code="B") == pytest.approx(70)  # 30% floor
    dearer = solved("unit_cost.high=1.5")  # still 1.33 people per 万元 in B, against 1 in A
    assert money(dearer, county_code="B") == pytest.approx(70)  # the earmark keeps 30 for A
    assert dearer.solution.units.set_index("county_code").loc["B", "units"] == pytest.approx(
        70 / 1.5
    )
    assert money(solved("R-EARMARK=off", "need.B.high=+50%"), county_code="B") == pytest.approx(90)
    formula = solved("objective.mode=formula", "indicator.B.poor_population=+200%")
    assert money(formula, county_code="B") > money(
        solved("objective.mode=formula"), county_code="B"
    )
