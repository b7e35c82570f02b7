"""Every problem a person reads is in their language: said in Chinese by default, as it was made
in English with --lang en. Held three ways: every piece of English the source can put into a
problem has a template (tests/problem_inventory.py reads them from the source), every problem of
a corpus of bad input is said with no English left but its values, and every problem any test
makes is held to the same (tests/problem_guard.py)."""

from __future__ import annotations

import re
import string

import pytest
import tiny
import yaml
from click.testing import CliRunner
from problem_guard import untranslated
from problem_inventory import inventory
from test_bad_input_corpus import CORPUS

from optimiser.cli import cli
from optimiser.dataset import load_dataset
from optimiser.problems import InputError, Problem
from optimiser.report.problem_words import (
    EXPECTED,
    VALUES,
    problem_words,
    reason_words,
    said,
    where_words,
)
from optimiser.report.validation import render_problems

CJK = re.compile(r"[\u4e00-\u9fff]")


def allocate(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def segments() -> list[str]:
    """The English text of every template, between its fields."""
    found = []
    for key in [*EXPECTED.words, *VALUES.words]:
        found += [before for before, *_ in string.Formatter().parse(key) if before]
    return found


def test_every_piece_of_english_the_source_puts_in_a_problem_has_a_template():
    pieces = inventory()
    assert len(pieces) > 300  # the inventory reads the source (it is not empty by mistake)
    known = segments()

    def covered(piece: str) -> bool:
        """In a template's text (less the opening of the template it is put in: `(R-X is on)`),
        or a whole message a template says."""
        trimmed = (piece, piece.rstrip(" (:;,"), piece.lstrip(" ):;,"))
        return any(t in s for s in known for t in trimmed) or said(piece) is not None

    missing = sorted({(place, piece) for place, piece in pieces if not covered(piece)})
    assert not missing, missing


def test_every_field_description_of_the_policy_and_the_tables_is_said_in_chinese():
    """A policy.yaml or table problem names the field by its description."""
    from optimiser.rules import FAMILIES
    from optimiser.schemas import policy
    from optimiser.schemas.rows import TABLES
    from optimiser.schemas.tables import _description

    models = [f.Params for f in FAMILIES] + list(TABLES.values())
    models += [policy.Segment, policy.Objective, policy.DatasetMeta, policy.Years]
    descriptions = {
        field.description or _description(field.annotation)
        for model in models
        for field in model.model_fields.values()
    } - {None}
    assert len(descriptions) > 60
    assert {d: untranslated(d) for d in descriptions if untranslated(d)} == {}


# ---- a corpus of bad input, through the package ------------------------------------------------


def refused(make) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        make()
    return caught.value.problems


def dataset_with(tmp_path, name, change=None, policy=None):
    tables = tiny.tables()
    if change is not None:
        change(tables)
    folder = tiny.write(tmp_path / name, tables, pol=policy)
    return lambda: load_dataset(folder)


def policy_with(**changes):
    written = tiny.policy()
    for path, value in changes.items():
        *head, last = path.split("__")
        node = written
        for key in head:
            node = node.setdefault(key, {})
        node[last] = value
    return written


def corpus(tmp_path) -> list[Problem]:
    """Problems of bad input of every kind the tests know: tables, policy, provenance, overrides,
    scenario and batch files, the import's options."""
    from optimiser.batch.draws import parse_vary
    from optimiser.batch.file import read_batch
    from optimiser.importing.run import import_workbooks
    from optimiser.scenario.overrides import apply, parse_all
    from optimiser.scenario.sets import read_scenarios, sweep_values

    problems: list[Problem] = []
    for kind, (make, _, _) in CORPUS.items():
        folder = tmp_path / kind.replace(" ", "_")
        folder.mkdir()
        make(folder)
        problems += refused(lambda folder=folder: load_dataset(folder))

    def cell(table, row, column, value):
        return lambda tables: tables[table][row].__setitem__(column, value)

    cases = {
        "designation": cell("counties", 0, "designation", "nat"),
        "code": cell("counties", 0, "code", "a b"),
        "basis": cell("needs", 0, "basis", "sometimes"),
        "sources": cell("categories", 0, "sources", ""),
        "profile": cell("categories", 0, "payment_profile", "0.5;0.4"),
        "year": cell("budgets", 0, "year", "18"),
        "deep": cell("counties", 2, "deep", "true"),
        "unknown source": cell("budgets", 0, "source", "ghost"),
        "duplicate": lambda t: t["counties"].append(dict(t["counties"][0])),
    }
    for name, change in cases.items():
        problems += refused(dataset_with(tmp_path, name.replace(" ", "_"), change))
    policies = {
        "mode": policy_with(objective__mode="best"),
        "plan": policy_with(years__plan=[2018, 2020]),
        "share": policy_with(**{"rules__R-EARMARK": {"share": 1.5}}),
        "weights": policy_with(factor_method__weights={"poor_population": 0.5}),
        "status": policy_with(**{"rules__R-EARMARK": "maybe"}),
        "segments": policy_with(objective__segments="x"),
        "lottery": policy_with(**{"rules__R-LOTTERY": {"categories": []}}),
        "revolving": policy_with(**{"rules__R-REVOLVING": {"status": "hard"}}),
        "title": policy_with(dataset__title=""),
        "extra": policy_with(objective__colour=1),
    }
    for name, written in policies.items():
        problems += refused(dataset_with(tmp_path, f"policy_{name}", policy=written))
    data = load_dataset(tiny.write(tmp_path / "good"))
    for text in (
        "budget.central.2018=-150%",
        "R-EARMARK.share=2",
        "R-EARMARK.share=135%",
        "R-EARMARK.penalty=5%",
        "objective.mode=x",
        "objective.deep_weight=abc",
        "unit_cost.housing=0",
        "R-REVOLVING=hard",
        "budget.central.2018.deep1=5",
        "budget.centrl.2018=-10%",
        "budgets.central.2018=5",
        "need.poor2.housing=5",
        "budget.central=5",
        "R-EARMARK=maybe",
    ):
        problems += refused(lambda text=text: apply(data, parse_all([text])))
    problems += refused(lambda: parse_vary("budget.central=10"))
    problems += refused(lambda: sweep_values("-30%", "200", 5))
    problems += refused(lambda: sweep_values("-30%", "+30%", 1))
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text("scenarios:\n  - name: a\n    sett: [x]\n", encoding="utf-8")
    problems += refused(lambda: read_scenarios(scenarios))
    batch = tmp_path / "batch.yaml"
    batch.write_text("datasets:\n  - data: nowhere\n    years: 20xx\n", encoding="utf-8")
    problems += refused(lambda: read_batch(batch))
    problems += refused(lambda: import_workbooks([], tmp_path / "good", sheets=["x=budget"]))
    return problems


def test_every_problem_of_the_bad_inputs_is_said_in_chinese_and_as_made_in_english(tmp_path):
    problems = corpus(tmp_path)
    assert len(problems) > 60
    for problem in problems:
        assert untranslated(problem.expected) is None, problem
        chinese = problem_words(problem, "zh")
        assert CJK.search(chinese) and "expected" not in chinese, chinese
        assert problem_words(problem, "en") == str(problem)  # English exactly as it was


# ---- how a problem is said ---------------------------------------------------------------------


def test_a_problem_names_the_file_row_and_column_with_the_columns_chinese_name():
    problem = Problem("budgets.csv", 2, "amount_wan", "-1", "a number ≥ 0")
    assert problem_words(problem, "zh") == (
        "budgets.csv 第 2 行，amount_wan 列（预算金额）：值 '-1'：应为不小于 0 的数"
    )
    sheet = Problem("dataset.xlsx[needs]", 3, "units", "x", "a number ≥ 0")
    assert where_words(sheet, "zh") == "dataset.xlsx[needs] 第 3 行，units 列（需求数量）"
    key = Problem("policy.yaml", 7, "rules.R-EARMARK.share", "2", "at most 1")
    assert problem_words(key, "zh") == (
        "policy.yaml 第 7 行，rules.R-EARMARK.share 项：值 '2'：应为不大于 1"
    )
    option = Problem("--steps", None, "steps", "1", "at least 2")
    assert problem_words(option, "zh") == "--steps：值 '1'：应为不小于 2"


def test_values_stay_as_typed_and_a_rule_is_named_with_its_title():
    said_rule = said("a source of kind revolving (R-REVOLVING is on)")
    assert said_rule is not None
    assert said_rule.text == (
        "性质为 `revolving` 的资金来源（扶贫周转金）（已启用规则 `R-REVOLVING`“扶贫周转金”）"
    )
    typed = said("a source code of sources.csv; did you mean central (中央专项)? valid: central, x")
    assert typed is not None and typed.values == ("central (中央专项)", "central, x")
    assert (
        typed.text
        == "sources.csv 中的资金来源代码；是否要写 central（中央专项）？可用的有：central、x"
    )


def test_an_override_the_checks_refuse_is_said_with_the_row_it_breaks(tmp_path):
    from optimiser.scenario.overrides import apply, parse_all

    data = load_dataset(tiny.write(tmp_path))
    (problem,) = refused(lambda: apply(data, parse_all(["R-REVOLVING=hard"])))
    assert problem_words(problem, "zh") == (
        "调整项 R-REVOLVING=hard：调整后 sources.csv：应为性质为 `revolving` 的资金来源（扶贫周转金）"
        "（已启用规则 `R-REVOLVING`“扶贫周转金”）"
    )


def test_a_batch_points_reason_is_said_in_the_readers_language():
    reason = "; ".join(
        str(p)
        for p in (
            Problem("override", None, "budget.central.2018=-150%", "-500.0", "at least 0"),
            Problem("override", None, "R-EARMARK.share=2", "2", "at most 1"),
        )
    )
    assert reason_words(reason, "en") == reason
    assert reason_words(reason, "zh") == (
        "调整项 budget.central.2018=-150%：值 '-500.0'：应为不小于 0；"
        "调整项 R-EARMARK.share=2：值 '2'：应为不大于 1"
    )
    assert reason_words("ValueError: boom", "zh") == "ValueError: boom"  # not a problem: as made


def test_a_message_without_a_template_is_found():
    assert untranslated("a brand new message nobody translated") is not None
    assert untranslated("a number ≥ 0") is None


def test_render_problems_counts_a_repeated_fault_in_either_language():
    problems = [
        Problem("budgets.csv", row, "amount_wan", "x", "a number ≥ 0") for row in range(2, 10)
    ]
    problems.append(
        Problem(
            "provenance.yaml", None, None, None, "a mapping of table files to columns", "warning"
        )
    )
    english = render_problems(problems, per_kind=2, lang="en")
    assert english.splitlines()[0] == "Problems: 8 error(s), 1 warning(s)"
    assert "  error: ... and 6 more like this in budgets.csv (rows 4-9)" in english
    chinese = render_problems(problems, per_kind=2, lang="zh")
    assert chinese.splitlines()[0] == "问题：错误 8 个，提示 1 个"
    assert "  错误：……另有 6 处同类问题，见 budgets.csv（第 4—9 行）" in chinese
    assert "  提示：provenance.yaml：应为表文件到列的映射" in chinese
    assert render_problems([], lang="zh") == "问题：无。"


# ---- through the command -----------------------------------------------------------------------


def test_a_run_refused_says_its_problems_in_chinese_and_exits_2(tmp_path):
    tables = tiny.tables()
    tables["budgets"][0]["amount_wan"] = "-1"
    folder = tiny.write(tmp_path / "data", tables)
    out = tmp_path / "out"
    result = allocate("--year", 2018, "--data", folder, "--out", out)
    assert result.exit_code == 2
    assert (
        "  错误：budgets.csv 第 2 行，amount_wan 列（预算金额）：值 '-1'：应为不小于 0 的数"
        in result.output
    )
    assert "expected" not in result.output and not out.exists()
    english = allocate("--year", 2018, "--data", folder, "--out", out, "--lang", "en")
    assert english.exit_code == 2
    assert "  error: budgets.csv, row 2, column amount_wan: value '-1': expected a number ≥ 0" in (
        english.output
    )


def test_whatif_and_scenarios_say_a_refused_override_in_the_readers_language(tmp_path):
    folder = tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    args = ("whatif", "--year", 2018, "--data", folder, "--out", out)
    result = allocate(*args, "--set", "budget.centrl.2018=-10%")
    assert result.exit_code == 2
    assert (
        "调整项 budget.centrl.2018=-10%：值 'centrl'：应为 sources.csv 中的资金来源代码；是否要写 "
        "central（中央专项）？可用的有：central、forestry" in result.output
    )
    english = allocate(*args, "--set", "budget.centrl.2018=-10%", "--lang", "en")
    assert english.exit_code == 2 and "did you mean central (中央专项)?" in english.output
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text(
        yaml.safe_dump({"scenarios": [{"name": "a", "based_on": "b"}]}), encoding="utf-8"
    )
    result = allocate("scenarios", scenarios, "--year", 2018, "--data", folder, "--out", out)
    assert result.exit_code == 2
    assert "s.yaml based_on 项：值 'b'：应为本文件中另一个方案的名称" in result.output
    assert not out.exists()


def test_a_command_without_its_own_lang_takes_allocates(tmp_path):
    """`allocate --lang en template ...`: the language given before the command."""
    missing = tmp_path / "nowhere"
    result = allocate("--lang", "en", "template", "--data", missing, "--out", tmp_path / "t.xlsx")
    assert result.exit_code == 2 and "this path does not exist" in result.output
    result = allocate("template", "--data", missing, "--out", tmp_path / "t.xlsx")
    assert result.exit_code == 2 and "此路径不存在" in result.output


def test_the_live_page_records_a_refused_lever_in_the_readers_language(tmp_path):
    """A lever value the dataset refuses (a rule switched on without the data it needs): the
    message for the lever and the problem behind it, both in the page's language."""
    from optimiser.live.levers import Levers
    from optimiser.scenario.overrides import apply, parse_all

    data = load_dataset(tiny.write(tmp_path))
    texts = ["R-REVOLVING=hard"]
    caught = refused(lambda: apply(data, parse_all(texts)))
    levers = Levers(data, [2018])
    for lang in ("zh", "en"):
        invalid = levers._refused(InputError(caught), {"R-REVOLVING": "hard"}, texts, lang)
        (problem,) = caught
        assert invalid.detail["R-REVOLVING"] == problem_words(problem, lang)
    chinese = levers._refused(InputError(caught), {"R-REVOLVING": "hard"}, texts, "zh")
    assert chinese.errors["R-REVOLVING"] == "本数据集缺少该规则所需的数据（sources.csv），无法启用"
    assert chinese.detail["R-REVOLVING"].startswith("调整项 R-REVOLVING=hard：调整后 sources.csv：")


def test_sweep_and_batch_say_their_refusals_in_the_readers_language(tmp_path):
    folder = tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    sweep = ("sweep", "--param", "budget.central.2018", "--from", "-30%", "--to", "200")
    result = allocate(*sweep, "--year", 2018, "--data", folder, "--out", out)
    assert result.exit_code == 2
    assert "--from/--to：值 '-30% .. 200'：应为都用百分数，或都用绝对数" in result.output
    english = allocate(*sweep, "--year", 2018, "--data", folder, "--out", out, "--lang", "en")
    assert english.exit_code == 2 and "expected both in percent or both absolute" in english.output
    batch = tmp_path / "batch.yaml"
    batch.write_text("datasets:\n  - data: data\n    years: 20xx\n", encoding="utf-8")
    result = allocate("batch", batch, "--out", out)
    assert result.exit_code == 2
    assert (
        "batch.yaml 第 3 行，datasets[0].years 项：值 '20xx'：应为一个年份（2018）、一个范围"
        "（2017-2020）或连续年份的列表" in result.output
    )
    assert not out.exists()
