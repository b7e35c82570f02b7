"""Scenario files (based_on chains, errors named) and sweeps (values, parallel points, and an
interrupted sweep that keeps its finished points); what their tables and pages say: Chinese by
default with names, money that adds up, runs without a plan shown with their conflict, the
counties whose money moves most, and marks only where the binding policy rules change."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest
import sweep_data
import tiny
from click.testing import CliRunner
from untranslated import english_left

from optimiser.api import load
from optimiser.cli import cli
from optimiser.problems import InputError
from optimiser.scenario.sets import (
    mark_changes,
    policy_binding,
    read_scenarios,
    run_sweep,
    sweep_movers,
    sweep_values,
)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_scenarios_chain_their_bases(tmp_path):
    path = write(
        tmp_path / "s.yaml",
        """scenarios:
  - name: cut
    set: [budget.central.2018=-10%]
  - name: cut-deeper
    based_on: cut
    set: [R-EARMARK.share=0.35]
    off: [R-GROWTH]
""",
    )
    found = {s.name: [o.text for o in s.overrides] for s in read_scenarios(path)}
    assert found == {
        "cut": ["budget.central.2018=-10%"],
        "cut-deeper": ["budget.central.2018=-10%", "R-EARMARK.share=0.35", "R-GROWTH=off"],
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("scenarios: []", "a list of scenarios"),
        ("scenarios:\n  - name: a\n    sett: []", "only the keys"),
        ("scenarios:\n  - name: a\n    based_on: b", "the name of another scenario"),
        (
            "scenarios:\n  - name: a\n    based_on: b\n  - name: b\n    based_on: a",
            "without a cycle",
        ),
        ("scenarios:\n  - name: a\n    set: [budget.central.2018=ten]", "a number"),
    ],
)
def test_bad_scenario_files_are_named(tmp_path, text, expected):
    with pytest.raises(InputError) as caught:
        read_scenarios(write(tmp_path / "s.yaml", text))
    assert expected in caught.value.problems[0].expected


def test_sweep_values():
    assert sweep_values("-30%", "+30%", 7) == [
        "-30%",
        "-20%",
        "-10%",
        "+0%",
        "+10%",
        "+20%",
        "+30%",
    ]
    assert sweep_values("100", "200", 3) == ["100", "150", "200"]
    with pytest.raises(InputError):
        sweep_values("-30%", "200", 3)


def test_an_interrupted_sweep_keeps_its_finished_points(tmp_path):
    data = load(tiny.write(tmp_path / "data"))
    path = tmp_path / "sweep.csv"
    with pytest.raises(KeyboardInterrupt):
        run_sweep(
            data,
            [2018],
            "budget.central.2018",
            ["-10%", "+0%", "+10%", "+20%"],
            path,
            workers=1,
            stop_after=2,
        )
    with open(path, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["value"] for r in rows] == ["-10%", "+0%"]
    assert all(r["status"] == "optimal" and float(r["objective"]) > 0 for r in rows)


def test_sweep_command_in_parallel(tmp_path):
    folder = tiny.write(tmp_path / "data")
    result = CliRunner().invoke(
        cli,
        [
            "sweep",
            "--param",
            "budget.central.2018",
            "--from",
            "-20%",
            "--to",
            "+20%",
            "--steps",
            "5",
            "--year",
            "2018",
            "--data",
            str(folder),
            "--workers",
            "2",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    (sweep_csv,) = (tmp_path / "out").rglob("sweep.csv")
    assert sweep_csv.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    with open(sweep_csv, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["value"] for r in rows) == sorted(["-20%", "-10%", "+0%", "+10%", "+20%"])
    assert "county:deep1" in rows[0]
    assert (sweep_csv.parent / "sweep.html").exists()


def test_scenarios_command(tmp_path):
    folder = tiny.write(tmp_path / "data")
    path = write(
        tmp_path / "s.yaml",
        "scenarios:\n  - name: cut\n    set: "
        "[budget.central.2018=-30%]\n  - name: free\n    off: [R-DEADLINE]\n",
    )
    result = CliRunner().invoke(
        cli,
        [
            "scenarios",
            str(path),
            "--year",
            "2018",
            "--data",
            str(folder),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "cut" in result.output and "free" in result.output
    assert "基准" in result.output and "情景比较" in result.output  # Chinese by default
    (table,) = (tmp_path / "out").rglob("*-scenarios.csv")
    assert table.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(table, encoding="utf-8-sig") as handle:
        assert [r["scenario"] for r in csv.DictReader(handle)] == ["base", "cut", "free"]


# -- what the comparison and the sweep say ----------------------------------------------------


def invoke(args: list[str]):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def movers_runs(tmp_path_factory):
    """The seven-county dataset (tests/sweep_data.py): a scenario file with a loss, a gain and
    a cut too deep for any plan, and a sweep from that cut to +10%, in Chinese and in English."""
    root = tmp_path_factory.mktemp("movers")
    data = sweep_data.write(root / "data")
    scenarios = root / "s.yaml"
    scenarios.write_text(sweep_data.SCENARIOS, encoding="utf-8")
    common = ["--year", "2018", "--data", str(data)]
    sweep = ["sweep", "--param", "budget.central.2018", "--from", "-5%", "--to", "+10%"]
    sweep += ["--steps", "4", "--workers", "1"]
    out = {}
    for lang in ("zh", "en"):
        folder = root / f"out-{lang}"
        extra = [] if lang == "zh" else ["--lang", "en"]
        out[f"scenarios-{lang}"] = invoke(
            ["scenarios", str(scenarios), *common, "--out", str(folder), *extra]
        ).stdout
        out[f"sweep-{lang}"] = invoke([*sweep, *common, "--out", str(folder), *extra]).stdout
        out[f"folder-{lang}"] = folder
    return out


def numbers(text: str) -> list[float]:
    return [
        float(n.replace(",", "").replace("−", "-")) for n in re.findall(r"[−+-]?[\d,]+\.\d\d", text)
    ]


def test_scenario_table_in_chinese_with_names_and_the_conflict(movers_runs):
    text = movers_runs["scenarios-zh"]
    assert english_left(text) == [], english_left(text)
    for words in ("情景比较", "基准", "覆盖人口（加权）", "县间调整（万元）", "无可行方案"):
        assert words in text
    # the cut too deep is shown, with what conflicts named: rule titles and county names
    noplan = text[text.index("没有可行方案的情景") :]
    assert "削减5%" in noplan and "限期完成任务" in noplan and "大一县 · 危房改造" in noplan
    assert "资金来源年度预算【中央专项 · 2018年】" in noplan
    # 50 万元 short: 35.71 houses of one large county (which one is the solver's choice)
    assert re.search(r"最小放宽：限期完成任务【大.县 · 危房改造 · 2018年】放宽 35\.71 ", noplan)
    # every diverging chart has a line for each scenario, the one without a plan said so
    for title in ("覆盖贫困人口的变化", "深度贫困县所得专项资金份额的变化", "各县资金的增减"):
        chart = text[text.index(title) :].split("\n\n")[0]
        assert "│" in chart and "削减2%" in chart and "增加10%" in chart
        assert "无可行方案" in chart.split("削减5%")[1].split("\n")[0]
    # a loss is drawn left of the axis, a gain right of it
    people = text[text.index("覆盖贫困人口的变化") :].split("\n\n")[0].splitlines()
    loss = next(line for line in people if "削减2%" in line)
    gain = next(line for line in people if "增加10%" in line)
    assert loss.index("█") < loss.index("│") and gain.index("█") > gain.index("│")


def test_scenario_money_adds_up_to_the_run_folders(movers_runs):
    (table,) = movers_runs["folder-zh"].rglob("*-scenarios.csv")
    rows = pd.read_csv(table, encoding="utf-8-sig").to_dict("records")
    by_name = {r["scenario"]: r for r in rows}
    assert list(by_name) == ["base", "削减2%", "增加10%", "削减5%"]
    base_money = sweep_data.BUDGET
    for name, budget in (("base", base_money), ("削减2%", 2548.0), ("增加10%", 2860.0)):
        r = by_name[name]
        allocation = pd.read_csv(f"{r['folder']}/allocation.csv", encoding="utf-8-sig")
        assert r["money_wan"] == round(allocation["amount_wan"].sum(), 2) == budget
        # gains less losses is the change of the total, to the cent
        assert round(r["gained_wan"] - r["lost_wan"], 2) == round(budget - base_money, 2)
    assert by_name["削减2%"]["lost_wan"] == 52.0 and by_name["削减2%"]["moved_wan"] == 0.0
    assert by_name["削减2%"]["people_change"] < 0 < by_name["增加10%"]["people_change"]
    noplan = by_name["削减5%"]
    assert noplan["status"] == "infeasible" and pd.isna(noplan["money_wan"])
    conflict = json.loads(noplan["conflict"])
    assert {e["rule_id"] for e in conflict} >= {"R-BUDGET", "R-DEADLINE"}
    # the printed table shows the same money, to the cent
    text = movers_runs["scenarios-zh"]
    line = next(x for x in text.splitlines() if x.strip().startswith("增加10%"))
    assert 2860.0 in numbers(line)


def test_scenario_table_in_english(movers_runs):
    text = movers_runs["scenarios-en"]
    assert "Scenario comparison" in text and "base" in text and "no plan" in text
    assert "Conflict: " in text and "大一县 · 危房改造" in text
    assert "情景比较" not in text and "无可行方案" not in text


def test_sweep_lists_the_counties_whose_money_moved(movers_runs):
    text = movers_runs["sweep-zh"]
    movers = text[text.index("资金变动最大的县") :].split("\n\n")[0]
    lines = [x for x in movers.splitlines()[3:] if x.strip()]
    # the small county moves 260 万元 (80 to 340); the six large ones, 420 each, do not move
    assert lines and lines[0].split()[0] == "小七县", movers
    assert numbers(lines[0]) == [80.0, 340.0, 260.0]
    assert not any(name in movers for name in ("大一县", "大二县", "大六县"))


def test_sweep_shows_the_value_without_a_plan(movers_runs):
    text = movers_runs["sweep-zh"]
    assert english_left(text) == [], english_left(text)
    assert "参数扫描：中央专项2018年预算" in text
    row = next(x for x in text.splitlines() if x.strip().startswith("−5%"))
    assert "2,470.00" in row and "无可行方案" in row
    assert "−5%（2,470.00 万元）：无可行方案" in text
    assert "限期完成任务【大一县 · 危房改造 · 2018年" in text
    (folder,) = {p.parent for p in movers_runs["folder-zh"].rglob("sweep.csv")}
    page = (folder / "sweep.html").read_text(encoding="utf-8")
    assert 'data-value="-5%"' in page and "noplan-mark" in page and "无可行方案" in page
    assert (
        "限期完成任务" in page
        and "<script" not in page
        and "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    assert english_left(re.sub(r"<[^>]+>", " ", page.split("<body>")[1])) == []
    en = movers_runs["sweep-en"]
    assert "Sweep: " in en and "no plan" in en and "Conflict: " in en


def test_sweep_money_adds_up(movers_runs):
    (path,) = movers_runs["folder-zh"].rglob("sweep.csv")
    frame = pd.read_csv(path, encoding="utf-8-sig")
    solved = frame[frame["status"] == "optimal"]
    counties = [c for c in frame.columns if c.startswith("county:")]
    assert (solved[counties].sum(axis=1).round(2) == solved["money_wan"]).all()
    assert sorted(solved["money_wan"]) == [2600.0, 2730.0, 2860.0]
    assert sorted(frame["value_wan"]) == [2470.0, 2600.0, 2730.0, 2860.0]


def test_a_constant_binding_set_is_never_marked(movers_runs):
    text = movers_runs["sweep-zh"]
    assert "开始起约束作用" not in text and "不再起约束作用" not in text
    (path,) = movers_runs["folder-zh"].rglob("sweep.csv")
    rows = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False).to_dict("records")
    rows = [{k: (None if v == "" else v) for k, v in r.items()} for r in rows]
    marked = mark_changes(rows)
    assert not any(r["binding_changed"] for r in marked)
    solved = [r for r in marked if r["status"] == "optimal"]
    # the deadline of each large county binds at every value, and only policy rules are kept
    for r in solved:
        pairs = json.loads(r["binding"])
        assert {rule for rule, _ in pairs} == {"R-DEADLINE"}
        assert len(pairs) == len(sweep_data.BIG)


def row(value, binding, status="optimal", objective=1.0):
    return {
        "value": value,
        "status": status,
        "objective": objective if status == "optimal" else None,
        "binding": json.dumps(binding),
    }


def test_mark_changes_marks_a_family_starting_or_stopping_not_instance_churn():
    rows = [
        row("+10%", [["R-GROWTH", "a|2018"], ["R-REVOLVING", "match|x|2018"]]),
        row("-10%", [["R-REVOLVING", "match|x|2018"]]),
        row("+0%", [["R-REVOLVING", "match|y|2018"]]),  # another county: same policy binds
        row("+5%", [], status="infeasible"),
        row("+20%", [["R-REVOLVING", "match|y|2018"]]),
    ]
    marked = mark_changes(rows)
    assert [r["value"] for r in marked] == ["-10%", "+0%", "+5%", "+10%", "+20%"]
    assert [r["binding_changed"] for r in marked] == [False, False, False, True, True]
    assert marked[3]["started"] == ["R-GROWTH"] and marked[3]["stopped"] == []
    assert marked[4]["stopped"] == ["R-GROWTH"] and marked[4]["started"] == []


def test_policy_binding_leaves_out_structure_stages_and_empty_rows():
    rules = pd.DataFrame(
        [
            ("R-BUDGET", "central|2018", "binding", 10.0, 10.0),
            ("R-NEED", "a|housing|all", "binding", 5.0, 5.0),
            ("R-PROJECT", "P1|min fraction|2018", "binding", 1.0, 1.0),
            ("R-INDUSTRY-FUND+R-LOTTERY", "x|2018|deep counties first", "binding", 3.0, 3.0),
            ("R-REVOLVING", "leverage|a|2018", "binding", 0.0, 0.0),  # nothing lent: 0 >= 0
            ("R-REVOLVING", "match|b|2018", "binding", 36.155, 36.155),
            ("R-GROWTH", "forestry|2018", "slack", 4.0, 3.0),
            ("R-EARMARK", "2018", "violated", 0.2, 0.3),
        ],
        columns=["rule_id", "instance", "status", "lhs", "rhs"],
    )
    assert policy_binding(rules) == [["R-EARMARK", "2018"], ["R-REVOLVING", "match|b|2018"]]


def test_movers_come_from_the_money_that_moved_not_the_largest_counties():
    big = {f"county:big{i}": 50_000.0 for i in range(6)}
    rows = [
        {"value": "-30%", "status": "infeasible"},  # no totals: takes no part
        {"value": "+0%", "status": "optimal", **big, "county:small": 100.0},
        {"value": "+10%", "status": "optimal", **big, "county:small": 20_452.0},
    ]
    movers = sweep_movers(rows)
    assert [m["county_code"] for m in movers] == ["small"]
    assert movers[0]["spread"] == 20_352.0
    assert (movers[0]["low_at"], movers[0]["high_at"]) == ("+0%", "+10%")
