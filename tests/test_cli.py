"""The `allocate` command as a user meets it: summaries, problem lists, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import tiny
from click.testing import CliRunner

from optimiser.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_validate_prints_summary_of_a_clean_dataset(tmp_path):
    result = run("validate", "--lang", "en", "--data", str(tiny.write(tmp_path)))
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        "Counties: 3 (1 national 国定, 1 provincial 省定, 1 other; 1 deep-poverty, marked *)" in out
    )
    assert "甲市 (2): 深一县*, 贫二县" in out
    assert "Sources and budgets" in out and "central" in out and "1,000" in out
    assert "Categories" in out and "0.5/0.5" in out
    assert "R-EARMARK" in out and "share=0.3" in out
    assert "Deep-poverty earmark of central and provincial special funds" in out
    assert "Problems:" in out


def test_validate_speaks_chinese_by_default(tmp_path):
    """The summary in Chinese unless --lang en: headings, column heads, the rules' titles and
    statuses as the run reports say them, the problems; English only where the data has it."""
    from optimiser.rules import BY_ID

    result = run("validate", "--data", str(tiny.write(tmp_path)))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("数据集 tiny：测试数据\n")
    assert "县：3 个（国定 1 个，省定 1 个，其他 1 个；深度贫困县 1 个，标 *）" in out
    assert "甲市（2）：深一县*、贫二县" in out
    assert "资金来源和预算（万元；市级、县级资金按各行合计）" in out
    assert "项目类别（补助标准和分年支付比例）" in out and "0.5/0.5" in out
    rule = next(line for line in out.splitlines() if "R-EARMARK" in line)
    assert BY_ID["R-EARMARK"].title_zh in rule and "必须满足" in rule and "比例=0.3" in rule
    assert "问题：" in out
    for english in ("Dataset", "Counties", "Sources", "Categories", "Rules", "Problems", "hard"):
        assert english not in out, english
    assert run("validate", "--lang", "zh", "--data", str(tmp_path)).output == out


def test_validate_bad_input_exits_2_with_located_messages(tmp_path):
    tables = tiny.tables()
    tables["budgets"][0]["amount_wan"] = "-1"
    tables["counties"].append(dict(tables["counties"][0]))
    folder = str(tiny.write(tmp_path, tables))
    result = run("validate", "--lang", "en", "--data", folder)
    assert result.exit_code == 2
    assert (
        "budgets.csv, row 2, column amount_wan: value '-1': expected a number ≥ 0" in result.output
    )
    assert "counties.csv, row 5, column code: value 'deep1'" in result.output
    assert "Traceback" not in result.output
    chinese = run("validate", "--data", folder)
    assert chinese.exit_code == 2
    assert (
        "错误：budgets.csv 第 2 行，amount_wan 列（预算金额）：值 '-1'：应为不小于 0 的数"
        in chinese.output
    )
    assert (
        "错误：counties.csv 第 5 行，code 列（县代码）：值 'deep1'：应为每个县代码只出现一次；"
        "此值出现了 2 次" in chinese.output
    )
    assert "问题：错误 2 个" in chinese.output and "expected" not in chinese.output


def test_missing_folder_is_bad_input(tmp_path):
    result = run("validate", "--lang", "en", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.output
    result = run("validate", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "此路径不存在" in result.output and "--data data/shanxi" in result.output


def test_debug_shows_the_traceback(tmp_path):
    tables = tiny.tables()
    tables["budgets"][0]["amount_wan"] = "-1"
    result = run("--debug", "validate", "--data", str(tiny.write(tmp_path, tables)))
    assert result.exit_code != 0
    assert result.exc_info is not None and result.exc_info[0].__name__ == "InputError"


def test_rules_catalogue_lists_every_family_with_citation():
    from optimiser.rules import FAMILIES

    result = run("rules")
    assert result.exit_code == 0, result.output
    for family in FAMILIES:
        assert family.id in result.output
    assert "cites 004-8" in result.output and "每年安排30%" in result.output


def test_console_script_runs_as_installed(tmp_path):
    folder = tiny.write(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "validate", "--lang", "en", "--data", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Dataset tiny" in done.stdout
