"""Provenance levels: every entry of provenance.yaml has a level of the list (or is refused, with the
file and key named), the clauses and method its level needs, and rows selectors that cover every
cell; the profile of each shipped dataset; the warning a plan on estimated data carries."""

from __future__ import annotations

from pathlib import Path

import pytest
import tiny
import yaml
from click.testing import CliRunner

from optimiser.cli import cli
from optimiser.dataset import load_dataset
from optimiser.problems import InputError
from optimiser.provenance import (
    LEVELS,
    PLAN_TABLES,
    UNKNOWN,
    cells,
    entry_for,
    plan_warning,
    profile,
)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ["shanxi", "jincheng", "hebei"]


def tiny_provenance() -> dict:
    """Every column of the tiny dataset covered: the housing standard as a seed clause (004-3),
    the rest estimates, codes and years identifiers."""
    ident = {"level": "identifier"}
    guess = {"level": "estimate", "method": "made up for the test"}
    return {
        "dataset": {"rests_on_estimates": True},
        "counties.csv": {
            "code": ident,
            "name": ident,
            "city": ident,
            "designation": guess,
            "deep": {"level": "seed clause", "clauses": ["004-1"]},
        },
        "indicators.csv": {
            "county_code": ident,
            "year": ident,
            "poor_population": guess,
            "poverty_incidence": guess,
        },
        "sources.csv": {k: ident for k in ("code", "name", "level", "kind", "earmark", "block")},
        "budgets.csv": {
            "source": ident,
            "year": ident,
            "amount_wan": [
                {
                    "rows": {"source": "central"},
                    "level": "public report",
                    "clauses": ["PUB-SX-CAL-1"],
                },  # fmt: skip
                guess,
            ],
        },
        "categories.csv": {
            "code": ident,
            "name": ident,
            "unit": ident,
            "unit_cost_wan": [
                {"rows": {"code": "housing"}, "level": "seed clause", "clauses": ["004-3"]},
                {
                    "rows": {"code": "farmland"},
                    "level": "derived",
                    "clauses": ["004-2"],
                    "method": "1,500 + 800 元/亩",
                },  # fmt: skip
            ],
            "payment_profile": guess,
            "benefit_per_unit": guess,
            "sources": guess,
        },
        "needs.csv": {
            "county_code": ident,
            "category": ident,
            "units": guess,
            "deadline": {"level": "seed clause", "clauses": ["004-3"]},
        },
        "history.csv": {
            "year": ident,
            "county_code": ident,
            "source": ident,
            "category": guess,
            "amount_wan": guess,
        },
    }


def write(tmp_path: Path, prov: dict | None = None, pol: dict | None = None) -> Path:
    folder = tiny.write(tmp_path / "d", pol=pol)
    (folder / "provenance.yaml").write_text(
        yaml.safe_dump(prov if prov is not None else tiny_provenance(), allow_unicode=True),
        encoding="utf-8",
    )
    return folder


def problems_of(folder: Path):
    with pytest.raises(InputError) as caught:
        load_dataset(folder)
    return [p for p in caught.value.errors if p.file == "provenance.yaml"]


def test_tiny_dataset_with_levels_loads_and_profiles(tmp_path):
    data = load_dataset(write(tmp_path))
    assert not [w for w in data.warnings if w.file == "provenance.yaml"]
    found = profile(data)
    by = {s.level: s for s in found.levels}
    assert set(by) == {"seed clause", "derived", "public report", "estimate"}
    # the housing and farmland unit costs, the deadline
    assert by["seed clause"].cells == 2 and by["derived"].cells == 1
    assert by["public report"].money_wan == 1000 and by["public report"].cells == 1
    # money: 1,500 of budgets and 800 of history
    assert found.money_wan == pytest.approx(2300)
    assert by["public report"].money_share == pytest.approx(1000 / 2300)
    assert sum(s.cell_share for s in found.levels) == pytest.approx(1)
    assert sum(s.money_share for s in found.levels) == pytest.approx(1)
    assert found.share("estimate", of="money") == pytest.approx(1300 / 2300)
    # years and codes are labels, not figures
    assert not [c for c in cells(data) if c.column == "year"]


@pytest.mark.parametrize("level", ["cited", "guess", "Seed clause", None])
def test_a_level_outside_the_list_is_refused(tmp_path, level):
    prov = tiny_provenance()
    prov["budgets.csv"]["amount_wan"][1] = {"level": level, "method": "x"}
    found = problems_of(write(tmp_path, prov))
    assert [(p.column, p.value) for p in found] == [
        ("budgets.csv.amount_wan", None if level is None else level)
    ]
    assert "seed clause, derived, public report, estimate, synthetic, identifier" in (
        found[0].expected
    )


def test_the_old_basis_words_are_refused_with_the_key_named(tmp_path):
    prov = tiny_provenance()
    prov["categories.csv"]["payment_profile"] = {"basis": "cited", "clauses": ["004-2"]}
    (problem,) = problems_of(write(tmp_path, prov))
    assert problem.file == "provenance.yaml"
    assert problem.column == "categories.csv.payment_profile"
    assert problem.value == "basis: cited" and "old vocabulary" in problem.expected


def test_a_public_report_is_never_a_seed_clause(tmp_path):
    prov = tiny_provenance()
    prov["budgets.csv"]["amount_wan"][0]["level"] = "seed clause"
    (problem,) = problems_of(write(tmp_path, prov))
    assert problem.value == "PUB-SX-CAL-1" and "`public report`" in problem.expected


def test_a_public_report_cites_its_pub_entry(tmp_path):
    prov = tiny_provenance()
    prov["budgets.csv"]["amount_wan"][0]["clauses"] = ["004-8"]
    (problem,) = problems_of(write(tmp_path, prov))
    assert problem.column == "budgets.csv.amount_wan" and "PUB-" in problem.expected


def test_derived_rests_on_seed_clauses_only(tmp_path):
    prov = tiny_provenance()
    prov["categories.csv"]["unit_cost_wan"][1]["clauses"] = ["PUB-SX-FARMLAND-1"]
    (problem,) = problems_of(write(tmp_path, prov))
    assert problem.value == "PUB-SX-FARMLAND-1" and "seed clauses only" in problem.expected


def test_an_estimate_states_its_method(tmp_path):
    prov = tiny_provenance()
    prov["needs.csv"]["units"] = {"level": "estimate"}
    (problem,) = problems_of(write(tmp_path, prov))
    assert problem.column == "needs.csv.units" and "method" in problem.expected


def test_rows_a_selector_leaves_uncovered_are_refused(tmp_path):
    prov = tiny_provenance()
    prov["categories.csv"]["unit_cost_wan"].pop()  # farmland's entry: its row left bare
    (problem,) = problems_of(write(tmp_path, prov))
    assert problem.column == "categories.csv.unit_cost_wan"
    assert problem.value == "row 3" and "covering every row" in problem.expected


def test_rows_must_name_columns_of_the_table(tmp_path):
    prov = tiny_provenance()
    prov["budgets.csv"]["amount_wan"][0]["rows"] = {"sauce": "central"}
    found = problems_of(write(tmp_path, prov))
    assert ("budgets.csv.amount_wan", "sauce") in [(p.column, p.value) for p in found]
    prov["budgets.csv"]["amount_wan"][0]["rows"] = "central special funds"
    found = problems_of(write(tmp_path / "again", prov))
    assert any("mapping of columns" in p.expected for p in found)


def test_rests_on_estimates_must_be_true_to_the_entries(tmp_path):
    prov = tiny_provenance()
    prov["dataset"]["rests_on_estimates"] = False
    (problem,) = problems_of(write(tmp_path, prov))
    assert problem.column == "dataset.rests_on_estimates" and problem.value == "false"
    assert "estimate figures" in problem.expected


def test_entry_for_takes_the_first_entry_that_matches():
    entries = [
        {"rows": {"source": "a", "year": [2018, 2019]}, "level": "public report"},
        {"rows": {"source": "a"}, "level": "estimate"},
        {"level": "synthetic"},
    ]
    assert entry_for(entries, {"source": "a", "year": 2019})["level"] == "public report"
    assert entry_for(entries, {"source": "a", "year": 2017})["level"] == "estimate"
    assert entry_for(entries, {"source": "b", "year": 2018})["level"] == "synthetic"
    assert entry_for(entries[:2], {"source": "b"}) is None
    assert entry_for({"rows": {"deep": True}, "level": "x"}, {"deep": True})["level"] == "x"


def test_a_dataset_without_provenance_is_unknown_and_not_warned(tmp_path):
    data = load_dataset(tiny.write(tmp_path / "bare"))
    found = profile(data)
    assert [s.level for s in found.levels] == [UNKNOWN]
    assert plan_warning(data) is None


def test_a_dataset_of_seed_figures_only_gets_no_warning(tmp_path):
    prov = tiny_provenance()
    seed = {"level": "seed clause", "clauses": ["004-3"]}
    for file, columns in prov.items():
        if file == "dataset":
            continue
        for column, entry in columns.items():
            if not isinstance(entry, dict) or entry.get("level") != "identifier":
                columns[column] = seed
    prov["dataset"]["rests_on_estimates"] = False
    data = load_dataset(write(tmp_path, prov))
    assert plan_warning(data) is None
    assert [s.level for s in profile(data).levels] == ["seed clause"]


@pytest.fixture(scope="module")
def shipped():
    return {name: load_dataset(ROOT / "data" / name) for name in SHIPPED}


EXPECTED_LEVELS = {
    "shanxi": {"seed clause", "derived", "public report", "estimate", "synthetic"},
    "jincheng": {"seed clause", "derived", "estimate"},
    "hebei": {"derived", "estimate", "synthetic"},
}


@pytest.mark.parametrize("name", SHIPPED)
def test_profile_of_each_shipped_dataset(shipped, name):
    data = shipped[name]
    found = profile(data)
    assert {s.level for s in found.levels} == EXPECTED_LEVELS[name]
    assert UNKNOWN not in {s.level for s in found.levels}, "every cell has a level"
    assert sum(s.cell_share for s in found.levels) == pytest.approx(1, abs=1e-12)
    assert sum(s.money_share for s in found.levels) == pytest.approx(1, abs=1e-12)
    assert sum(s.cells for s in found.levels) == found.cells > 0
    assert sum(s.money_wan for s in found.levels) == pytest.approx(found.money_wan)
    assert [s.level for s in found.levels] == [lv for lv in LEVELS if lv in EXPECTED_LEVELS[name]]


def test_shanxi_profile_says_what_it_rests_on(shipped):
    found = profile(shipped["shanxi"])
    # most figures and money are estimates; the public-report money is the revolving fund's
    # 2018 and 2019 injections and the bank credit of 2018 (PUB-SX-REV-1)
    assert found.share("estimate") > 0.8 and found.share("estimate", of="money") > 0.9
    public = [c for c in cells(shipped["shanxi"]) if c.level == "public report" and c.money_wan]
    assert sorted(c.money_wan for c in public) == [50_000, 50_000, 200_000]
    assert all(c.clauses == ("PUB-SX-REV-1",) for c in public)
    # illustrative projects are synthetic, every cell of them
    projects = [c for c in cells(shipped["shanxi"], ["projects"])]
    assert projects and {c.level for c in projects} == {"synthetic"}


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_dataset_warns_in_both_languages(shipped, name):
    data = shipped[name]
    warning = plan_warning(data)
    assert warning is not None
    assert (
        warning.zh.startswith("本方案含") and "仅供演示" in warning.zh and "占金额的" in warning.zh
    )
    assert warning.en.startswith("This plan rests on") and "for demonstration" in warning.en
    assert set(warning.tables) <= set(PLAN_TABLES) and "budgets" in warning.tables
    assert data.provenance["dataset"]["rests_on_estimates"] is True


def test_hebei_is_synthetic(shipped):
    hebei = shipped["hebei"]
    assert hebei.policy.dataset.synthetic
    assert "synthetic" in plan_warning(hebei).levels
    assert "整个数据集为虚构的合成数据" in plan_warning(hebei).zh


def test_no_shipped_seed_clause_cites_a_public_report(shipped):
    from optimiser.register import load_register

    register = load_register()
    for name, data in shipped.items():
        for cell in cells(data):
            if cell.level == "seed clause":
                assert cell.clauses, (name, cell)
                assert all(register.resolve(c).document.held for c in cell.clauses), (name, cell)


@pytest.mark.parametrize("name", SHIPPED)
def test_validate_prints_the_profile_and_the_warning_once_in_the_readers_language(name):
    """The profile in the language asked for (Chinese by default), and the warning once, in that
    language only."""
    folder = str(ROOT / "data" / name)
    english = CliRunner().invoke(cli, ["validate", "--lang", "en", "--data", folder])
    assert english.exit_code == 0, english.output
    assert "Provenance of the figures" in english.output
    assert "level" in english.output and "money 万元" in english.output
    assert english.output.count("warning: This plan rests on") == 1
    assert "本方案含" not in english.output
    chinese = CliRunner().invoke(cli, ["validate", "--data", folder])
    assert chinese.exit_code == 0, chinese.output
    assert "数字的来源依据" in chinese.output and "金额（万元）" in chinese.output
    assert chinese.output.count("警告：本方案含") == 1
    assert "This plan rests on" not in chinese.output and "Provenance" not in chinese.output
