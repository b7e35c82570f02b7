"""Everything the terminal prints, as a reader meets it: the run summary of Shanxi on one screen
(at most 40 lines of at most 100 columns) in Chinese with no English or code left, in English
with no Chinese but names; money that adds up to the printed totals; the detail's county table
in the dataset's order; what-if, baseline, compare, history and show in words and names; the
explanation of a variant with no plan in both languages."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
import tiny
from click.testing import CliRunner
from untranslated import english_left

from optimiser.cli import cli
from optimiser.explain.values import objective_unit
from optimiser.report.binding_rules import BindingRules
from optimiser.report.explanation import top_rules
from optimiser.report.names import Names
from optimiser.report.numbers import fen, wan
from optimiser.report.rule_sentences import cite
from optimiser.report.text import width, wrap

ROOT = Path(__file__).resolve().parents[1]
SHANXI = ROOT / "data" / "shanxi"
# the command a reader is told to type for the full detail: typed as it is, in any language
COMMAND = {"allocate", "explain", "detail"}
NUMBER = re.compile(r"[+-]?\d[\d,]*\.\d\d")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder to run in, so that run folders print as short relative paths (out/...)."""
    here = os.getcwd()
    folder = tmp_path_factory.mktemp("terminal")
    os.chdir(folder)
    yield folder
    os.chdir(here)


@pytest.fixture(scope="module")
def shanxi(workdir):
    """`make run`: allocate --year 2018 --data data/shanxi, and its run folder."""
    result = invoke("--year", "2018", "--data", str(SHANXI), "--out", "out")
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in Path("out").glob("shanxi/2018/*") if p.is_dir()]
    return result.output, folder


def explain(folder: Path, *args: str) -> str:
    result = invoke("explain", str(folder), *args)
    assert result.exit_code == 0, result.output
    return result.output


def names_of(folder: Path) -> list[str]:
    """Every name the dataset gives (Chinese in either language), longest first."""
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    names = [summary["dataset_title"]]
    names += [c["name"] for c in summary["counties"].values()]
    names += [c["city"] for c in summary["counties"].values() if c["city"]]
    names += [s["name"] for s in summary["sources"].values()]
    names += [k["name"] for k in summary["categories"].values()]
    projects = pd.read_csv(folder / "projects.csv", encoding="utf-8-sig")
    names += list(projects["name"])
    return sorted(set(names), key=len, reverse=True)


def chinese_left(text: str, names: list[str]) -> list[str]:
    """Chinese left in English text once the dataset's names and the units written in Chinese in
    both languages (万元, 亩) are taken out."""
    for name in names:
        text = text.replace(name, " ")
    text = text.replace("万元", " ").replace("亩", " ")
    return CJK.findall(text)


def amounts(line: str) -> list[int]:
    """The money figures of a printed line, in fen."""
    return [fen(float(n.replace(",", ""))) for n in NUMBER.findall(line)]


def section(text: str, title: str, end: str) -> list[str]:
    """The lines from the one starting with `title` to the first starting (stripped) with
    `end`, both included."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    stop = next(i for i in range(start + 1, len(lines)) if lines[i].strip().startswith(end))
    return lines[start : stop + 1]


def on_one_screen(text: str, lines: int = 40) -> None:
    assert len(text.splitlines()) <= lines, len(text.splitlines())
    widest = max(text.splitlines(), key=width)
    assert width(widest) <= 100, widest


# ---- the summary of `allocate --year` ----------------------------------------------------------


def test_the_shanxi_summary_fits_one_screen_in_chinese(shanxi):
    text, folder = shanxi
    on_one_screen(text)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    first = text.splitlines()[0]
    assert first.startswith("! " + summary["data_warning"]["zh"][:20])  # the warning first
    assert summary["data_warning"]["en"][:20] not in text  # in the chosen language only
    assert "状态：最优" in text and "目标：覆盖人口最多" in text
    assert english_left(text, COMMAND) == []  # no English, no code (counties, sources, rules)
    assert "最关键的政策规则" in text and "注：" in text
    assert f"文件：{folder}" in text


def test_the_summary_money_by_source_adds_up(shanxi):
    text, folder = shanxi
    rows = section(text, "资金来源", "合计")
    body, total = rows[1:-1], rows[-1]
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    names = {s["name"] for s in summary["sources"].values()}
    assert {re.split(r"\s{2,}", line.strip())[0] for line in body} <= names  # names, not codes
    budgets, allocated = zip(*(amounts(line)[:2] for line in body), strict=True)
    assert amounts(total)[:2] == [sum(budgets), sum(allocated)]
    allocation = pd.read_csv(folder / "allocation.csv", encoding="utf-8-sig")
    assert amounts(total)[1] == fen(allocation["amount_wan"].sum())


def test_the_deep_share_stands_against_the_earmark_of_the_rules(shanxi):
    """The share the earmark asks is the run's (summary.json), its amount the rule's limits in
    rules.csv: neither written in the code."""
    text, folder = shanxi
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    allocation = pd.read_csv(folder / "allocation.csv", encoding="utf-8-sig")
    earmark = [c for c, s in summary["sources"].items() if s["earmark"]]
    special = allocation[allocation["source"].isin(earmark)]
    deep = special["county_code"].map(lambda c: summary["counties"][c]["deep"])
    share = special.loc[deep, "amount_wan"].sum() / special["amount_wan"].sum()
    rules = pd.read_csv(folder / "rules.csv", encoding="utf-8-sig")
    asked = rules.loc[rules["rule_id"] == "R-EARMARK", "rhs"].sum()
    line = next(line for line in text.splitlines() if line.startswith("深度贫困县占"))
    assert f"{share:.2%}" in line
    assert summary["earmark_share"] == 0.3  # data/shanxi's policy.yaml
    assert f"规则要求至少 {summary['earmark_share']:.2%}（{wan(asked)} 万元）" in line


def test_the_top_rules_are_policy_sentences_with_names_and_no_noise(shanxi):
    text, folder = shanxi
    rules = section(text, "最关键的政策规则", "注：")[1:-1]
    items = [line for line in rules if line.startswith("  - ")]
    assert 1 <= len(items) <= 5
    said = " ".join(line.strip() for line in rules)
    assert "|" not in said and "对 0 " not in said and "可改善 0 名" not in said
    assert "【天镇县 · 光伏扶贫村级电站 · 2018年】" in said  # an instance said with names
    assert "依据 004-4" in said  # clause ids kept


def test_the_english_summary_has_no_chinese_but_names(shanxi):
    _, folder = shanxi
    text = explain(folder, "--lang", "en")
    on_one_screen(text)
    assert text.startswith("! This plan rests on estimated data")
    assert "Status: optimal" in text and "By source" in text
    assert chinese_left(text, names_of(folder)) == []


# ---- --detail -----------------------------------------------------------------------------------


def test_the_detail_lists_counties_in_the_datasets_order_adding_up(shanxi):
    _, folder = shanxi
    text = explain(folder, "--detail")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    counties = list(summary["counties"].values())
    cities = list(dict.fromkeys(c["city"] for c in counties))
    by_name = {c["name"]: c for c in counties}
    rows = section(text, "各县资金", "合计")
    body, total = [r for r in rows[2:-1] if not r.strip().startswith("---")], rows[-1]
    assert len(body) == len(counties)
    named = [by_name[r.split()[0].rstrip("＊")] for r in body]
    deep = [c["deep"] for c in named]
    assert deep == sorted(deep, reverse=True)  # deep counties first, marked
    assert all(r.split()[0].endswith("＊") == c["deep"] for r, c in zip(body, named, strict=True))
    for part in (True, False):  # each part by city in the dataset's order
        order = [cities.index(c["city"]) for c in named if c["deep"] == part]
        assert order == sorted(order)
    figures = [amounts(r)[:2] for r in body]
    assert amounts(total)[:2] == [sum(f[0] for f in figures), sum(f[1] for f in figures)]
    sources_total = amounts(section(text, "资金来源", "合计")[-1])[1]
    assert amounts(total)[0] == sources_total


def test_the_detail_says_everything_in_words_and_names(shanxi):
    _, folder = shanxi
    text = explain(folder, "--detail")
    assert english_left(text) == []  # files named as paths (rules.csv) are allowed
    assert "segment" not in text and "accounting identity" not in text
    assert "会计恒等" in text  # a budget's basis said in Chinese
    assert re.search(r"（费用 [\d,.]+ 万元，受益 [\d,]+ 人）", text)  # unfunded, labelled
    assert all(width(line) <= 100 for line in text.splitlines())
    # the deep-counties-first stage: no name cut at the end of a line
    stage = section(text, "  - 深度贫困县优先", "达到限值的预算和需求")
    for name in (
        "产业发展基金和市本级资金优先深度贫困县",
        "农业(扶贫)产业发展基金",
        "中央彩票公益金",
    ):
        assert any(name in line for line in stage), name
    english = explain(folder, "--detail", "--lang", "en")
    assert chinese_left(english, names_of(folder)) == []
    assert "Money by county" in english


# ---- what if, with a plan and without ------------------------------------------------------------


def test_whatif_says_who_gains_and_loses_adding_up(workdir):
    result = invoke(
        "whatif",
        "--year",
        "2018",
        "--data",
        str(SHANXI),
        "--set",
        "budget.central_special.2018=-10%",
        "--set",
        "R-EARMARK.share=0.35",
        "--off",
        "R-GROWTH",
        "--out",
        "whatif",
    )
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("! 本方案含估算数据") and "This plan rests" not in text
    assert "假设：中央财政专项扶贫资金2018年预算 -10%；深度贫困县资金占比：比例改为 0.35" in text
    assert re.search(r"覆盖贫困人口（加权）：[\d,.]+ → [\d,.]+（-[\d,.]+）", text)
    assert re.search(
        r"深度贫困县占中央和省级专项资金：[\d.]+% → [\d.]+%（规则要求至少 35.00%）", text
    )
    rows = section(text, "谁多得、谁少得", "合计")
    body, total = rows[2:-1], rows[-1]
    for column in range(3):
        assert sum(amounts(r)[column] for r in body) == amounts(total)[column]
    money = next(line for line in text.splitlines() if line.startswith("分配资金："))
    assert amounts(money) == amounts(total)  # base, variant, change
    assert "假设方案中最关键的政策规则" in text
    assert "假设方案重新建模求解：深度贫困县切块资金增幅关闭。" in text
    assert english_left(text) == []
    assert all(width(line) <= 100 for line in text.splitlines())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_variant_with_no_plan_is_explained_in_the_language(workdir, lang):
    data = tiny.write(workdir / f"tiny-{lang}")
    result = invoke(
        "whatif",
        "--year",
        "2018",
        "--data",
        str(data),
        "--set",
        "budget.central.2018=-80%",
        "--out",
        f"nowhere-{lang}",
        "--lang",
        lang,
    )
    assert result.exit_code == 1, result.output
    text = result.output
    if lang == "zh":
        assert "假设方案无可行方案" in text and "以下规则相互冲突" in text
        assert "预算【中央专项 · 2018年】为 200 万元。" in text
        assert "会计恒等" in text and "假设方案在基准模型上直接更新求解" in text
        assert english_left(text) == []
    else:
        assert "The variant: no plan satisfies every hard rule" in text
        assert "The budget 中央专项 · 2018 has 200 万元." in text
        assert "The variant was solved by updating the base model in place." in text
        assert chinese_left(text, ["中央专项", "深一县", "贫二县", "其三县"]) == []
    assert "谁多得" not in text and "Who gains" not in text


# ---- baseline, compare, history, show ------------------------------------------------------------


def test_baseline_compare_history_and_show_speak_chinese(shanxi):
    _, plan = shanxi
    result = invoke("baseline", "--year", "2018", "--data", str(SHANXI), "--out", "out")
    assert result.exit_code == 0, result.output
    assert "因素法基准 · 2018年" in result.output and "违反的规则：" in result.output
    assert english_left(result.output) == []
    (baseline,) = Path("out").glob("shanxi/2018/*-baseline")
    compared = invoke("compare", str(baseline), str(plan))
    assert compared.exit_code == 0, compared.output
    text = compared.output
    assert english_left(text) == []
    assert "甲：因素法基准" in text and "乙：基准方案" in text
    rows = section(text, "县间调整的资金", "合计")
    body, total = rows[2:-1], rows[-1]
    for column in range(3):
        assert sum(amounts(r)[column] for r in body) == amounts(total)[column]
    history = invoke("history", "--out", "out")
    assert history.exit_code == 0, history.output
    assert "最优" in history.output and "基准方案" in history.output
    assert english_left(history.output, {"shanxi"}) == []  # the dataset's folder name
    shown = invoke("show", "1", "--out", "out")
    assert shown.exit_code == 0, shown.output
    record = re.sub(r"\b[0-9a-f]{64}\b", " ", shown.output)  # the input hash
    # the software's own names, and the command the run was made by
    packages = {"optimiser", "python", "pyomo", "highspy", "pandas", "pydantic", "shanxi"}
    assert english_left(record, packages | COMMAND) == []
    assert "状态" in shown.output and "目标值" in shown.output


def test_files_say_the_report_and_the_workbook_when_written(workdir):
    data = tiny.write(workdir / "tiny-files")
    result = invoke(
        "--year", "2018", "--data", str(data), "--out", "files", "--html", "--xlsx"
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "report.html 完整报告" in result.output and "allocation.xlsx 分配表" in result.output
    assert "explanation.json" not in result.output
    plain = invoke("--year", "2018", "--data", str(data), "--out", "plain")
    assert "report.html" not in plain.output and "allocation.csv 分配明细" in plain.output


# ---- the pieces ----------------------------------------------------------------------------------


def test_wrap_keeps_names_whole_and_lines_within_the_width():
    text = (
        "深度贫困县优先：" + "、".join(["农业(扶贫)产业发展基金 · 2018年"] * 9) + "。（依据 004-8）"
    )
    lines = wrap(text, 60, "  - ", "    ")
    assert all(width(line) <= 60 for line in lines)
    assert all(not line.strip().startswith(("。", "，", "）")) for line in lines)
    assert sum(line.count("农业(扶贫)产业发展基金") for line in lines) == 9
    said = "".join(line.strip() for line in lines).replace(" ", "")
    assert said == "-" + text.replace(" ", "")


def test_money_prints_to_the_fen():
    assert wan(1309388.02) == "1,309,388.02" and wan(69984) == "69,984.00"
    assert wan(-3.005) == "-3.00"  # -300.5 fen: to the even fen, as Python rounds
    assert wan(12.5, signed=True) == "+12.50" and wan(0, signed=True) == "0.00"


def _item(**change):
    item = {
        "rule_id": "R-PROJECT",
        "instance": "P2|after P1|2018",
        "status": "binding",
        "structural": False,
        "lhs": 0.0,
        "rhs": 0.0,
        "slack": 0.0,
        "gain": 0.0,
        "range_low": 0.0,
        "range_high": 0.0,
        "citation": "",
        "unit_en": "万元",
        "unit_zh": "万元",
    }
    return dict(item, **change)


def test_rules_that_say_nothing_do_not_fill_the_top():
    names = Names(counties={"A": {"name": "甲县", "city": "", "deep": True}})
    expl = {
        "objective_mode": "impact",
        "binding": [
            _item(rule_id="R-RELENDING", instance="2018", lhs=100.0, rhs=100.0, gain=0.0),
            _item(rule_id="R-DEADLINE", instance="A|grid|2018", lhs=0.0, rhs=0.0, gain=2.0),
            _item(rule_id="R-EARMARK", instance="2018", lhs=30.0, rhs=30.0, gain=1.5),
        ],
    }
    (line,) = top_rules(
        BindingRules.of(expl["binding"]), names, "zh", objective_unit("impact", "zh")
    )
    assert line.startswith("2018年深度贫困县资金占比恰好达标：深度贫困县 30 万元")
    assert "1.5 名贫困人口（加权）" in line


def test_a_structural_basis_is_said_in_the_language():
    basis = "accounting identity: a source cannot pay out more than its budget (budgets.csv)"
    assert cite(basis, "R-BUDGET", "zh").startswith("会计恒等")
    assert cite("004-8;PUB-SX-REV-1", "R-REVOLVING", "zh") == "004-8、PUB-SX-REV-1"
    assert cite("004-8;PUB-SX-REV-1", "R-REVOLVING", "en") == "004-8, PUB-SX-REV-1"
