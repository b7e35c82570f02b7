"""Names and words: every catalogue speaks both languages with the same fields, every rule
instance and note of the shipped datasets is said with names (no code left in Chinese), the
language follows the dataset, and money rounded to the fen adds up to every total."""

from __future__ import annotations

import importlib
import pkgutil
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from untranslated import english_left

import optimiser.report
from optimiser.api import load, solve
from optimiser.notes import NOTES, Note
from optimiser.report.names import Names
from optimiser.report.rounding import round_allocation
from optimiser.report.words import CATALOGUES, LANGS, fields_of

for module in pkgutil.iter_modules(optimiser.report.__path__):  # every catalogue registered
    importlib.import_module(f"optimiser.report.{module.name}")

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_catalogue_says_every_word_in_both_languages_with_the_same_fields():
    assert {"common", "notes", "instance phrases"} <= set(CATALOGUES)
    for name, words in CATALOGUES.items():
        for key, said in words.items():
            assert set(said) == set(LANGS), (name, key)
            assert all(said[lang].strip() for lang in LANGS), (name, key)
            assert fields_of(said["zh"]) == fields_of(said["en"]), (name, key)
            words = said["zh"].format(**dict.fromkeys(fields_of(said["zh"]), ""))
            if re.search(r"[^\W\d_]", words):  # more than fields, numbers and punctuation
                assert CJK.search(words), (name, key, "no Chinese in the Chinese text")
            assert not english_left(words), (name, key)


@pytest.fixture(scope="module")
def shanxi_runs():
    data = load("data/shanxi")
    return data, [solve(data, [2018]), solve(data, [2017, 2018, 2019, 2020])]


def test_every_rule_instance_of_shanxi_is_said_with_names(shanxi_runs):
    data, runs = shanxi_runs
    names = Names.from_dataset(data)
    codes = {c.code for c in data.counties} | {s.code for s in data.sources}
    codes |= {k.code for k in data.categories} | {p.id for p in data.projects}
    for run in runs:
        keys = set(run.solution.rules["instance"]) | set(run.solution.audit["instance"])
        assert len(keys) > 500
        for key in keys:
            zh = names.instance(key, "zh")
            assert not english_left(zh), (key, zh)
            en = names.instance(key, "en")
            left = {part for part in re.split(r" · |；|：|, ", en)} & codes
            assert not left, (key, en)


def test_instances_name_their_parts():
    data = load("data/shanxi")
    names = Names.from_dataset(data)
    grid = names.category("grid")
    assert grid != "grid" and not english_left(grid)
    assert names.instance("loufan|grid|2018", "zh") == f"娄烦县 · {grid} · 2018年"
    assert names.instance("loufan|grid|2018", "en").endswith(" · 2018")
    assert names.instance("county_integrated|2018|county=loufan", "zh") == (
        f"{names.source('county_integrated')} · 2018年 · 娄烦县"
    )
    assert names.instance("central_special+provincial_special|2018", "zh").startswith(
        f"{names.source('central_special')}、{names.source('provincial_special')}"
    )
    stage = names.instance("R-INDUSTRY-FUND city=临汾市|2018; R-LOTTERY lottery|2018", "zh")
    assert stage.count("；") == 1 and "临汾市" in stage and "R-" not in stage


def test_cities_follow_the_dataset_not_the_code_point():
    data = load("data/shanxi")
    listed = list(dict.fromkeys(c.city or "" for c in data.counties))
    assert Names.from_dataset(data).cities() == listed
    assert listed != sorted(listed)  # the shipped order is not the code-point order


def test_notes_say_the_same_in_both_languages_with_names(shanxi_runs):
    data, runs = shanxi_runs
    names = Names.from_dataset(data)
    notes = [n for run in runs for n in run.solution.notes]
    assert any(isinstance(n, Note) for n in notes)
    for note in notes:
        zh = names.note(note, "zh")
        assert CJK.search(zh) and not english_left(zh, {"history"}), zh
        en = names.note(note, "en")
        assert not {w for w in re.findall(r"[a-z_]{3,}", en)} & {c.code for c in data.counties}
    for key, said in NOTES.items():
        assert fields_of(said["zh"]) == fields_of(said["en"]), key


def test_the_language_follows_the_dataset(tmp_path):
    import tiny
    import yaml
    from click.testing import CliRunner

    from optimiser.cli import cli
    from optimiser.report.run_view import RunView

    folder = tiny.write(tmp_path / "data")
    policy = yaml.safe_load((folder / "policy.yaml").read_text(encoding="utf-8"))
    policy["dataset"]["lang"] = "en"
    (folder / "policy.yaml").write_text(yaml.safe_dump(policy, allow_unicode=True), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["--year", "2018", "--data", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (run,) = [p for p in out.glob("*/*/*") if p.is_dir()]
    view = RunView.load(run)
    assert view.lang() == "en" and view.lang("zh") == "zh"
    policy["dataset"]["lang"] = "fr"
    (folder / "policy.yaml").write_text(yaml.safe_dump(policy, allow_unicode=True), "utf-8")
    result = CliRunner().invoke(cli, ["--year", "2018", "--data", str(folder), "--out", str(out)])
    assert result.exit_code == 2 and "lang" in result.output


def _allocation(seed: int, rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "year": rng.choice([2018, 2019], rows),
            "source": rng.choice(["a", "b", "c"], rows),
            "county_code": rng.choice(list("pqrstu"), rows),
            "category": rng.choice(list("xyz"), rows),
            "amount_wan": rng.random(rows) * rng.choice([1.0, 1000.0, 1e5], rows) / 3,
        }
    )


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 400))
def test_rounded_money_adds_up_to_every_rounded_total(seed, rows):
    raw = _allocation(seed, rows)
    rounded = round_allocation(raw)
    cents = (rounded["amount_wan"] * 100).round()
    assert ((rounded["amount_wan"] * 100 - cents).abs() < 1e-6).all()  # to the fen
    by_budget = raw.groupby(["year", "source"])["amount_wan"].sum()
    got = rounded.groupby(["year", "source"])["amount_wan"].sum().reindex(by_budget.index)
    assert ((got.fillna(0) - by_budget.round(2)).abs() < 1e-6).all()  # each budget's total
    by_cell = raw.groupby(["year", "source", "county_code"])["amount_wan"].sum()
    cell = rounded.groupby(["year", "source", "county_code"])["amount_wan"].sum()
    assert ((cell.reindex(by_cell.index).fillna(0) - by_cell).abs() <= 0.01 + 1e-9).all()
    raw["row"] = range(len(raw))
    merged = raw.merge(round_allocation(raw)[["row", "amount_wan"]], on="row", how="left")
    # every row within a fen of what it was (rows that round to nothing are dropped)
    assert ((merged["amount_wan_y"].fillna(0) - merged["amount_wan_x"]).abs() < 0.02).all()


def test_rounding_drops_solver_noise_and_keeps_the_budget():
    raw = pd.DataFrame(
        {
            "year": [2018] * 4,
            "source": ["a"] * 4,
            "county_code": ["p", "q", "r", "s"],
            "category": ["x"] * 4,
            "amount_wan": [100 / 3, 100 / 3, 100 / 3, -1.7e-10],
        }
    )
    rounded = round_allocation(raw)
    assert len(rounded) == 3 and rounded["amount_wan"].sum() == pytest.approx(100.0, abs=1e-9)
    assert sorted(rounded["amount_wan"]) == [33.33, 33.33, 33.34]


def test_what_the_solver_said_is_said_in_chinese_with_its_stage_and_method():
    from optimiser.report.solver_words import solver_words

    recorded = (
        "Infeasible (found while maximising the first stage: Time limit reached) [relax-then-fix]"
    )
    said = solver_words(recorded, "zh")
    assert said.startswith("无可行解") and "达到时间限制" in said and "先解线性松弛" in said
    assert not english_left(said)
    assert solver_words(recorded, "en") == recorded  # English as it was recorded


@pytest.mark.parametrize("county", [True, False])
def test_a_relaxed_plan_is_said_in_chinese_with_where_its_projects_came_from(county):
    from optimiser.report.solver_words import solver_words
    from optimiser.solve.runs import COUNTY_PLAN, FIXED_PLAN

    bound = (
        "a bound priced county by county (832 groups, 40 rows tying them priced at their LP "
        "duals; the LP relaxation's own bound is 0.1900% away)"
        if county
        else "the LP relaxation's bound"
    )
    plan = COUNTY_PLAN if county else FIXED_PLAN
    recorded = (
        f"Optimal: 0.0125% from {bound}; the plan is {plan}; the relaxation left 3909 of "
        "100000 projects in part [relax-then-fix]"
    )
    said = solver_words(recorded, "zh")
    assert said.startswith("最优：距") and "0.0125%" in said and "3909" in said
    assert ("各县" in said) == county and ("832 组" in said) == county
    assert not english_left(said)
    assert solver_words(recorded, "en") == recorded


def test_a_batch_point_without_a_plan_is_said_in_words():
    from optimiser.report.words import status_words

    assert status_words("failed", "zh", short=True) == "计算失败"
    assert status_words("bad-input", "zh", short=True) == "输入有误"
    assert status_words("failed", "en", short=True) == "failed"
