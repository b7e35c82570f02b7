"""What a person reads of a batch: every word in both languages, the Monte Carlo report on Shanxi
2018 in Chinese by default and in English, names not codes, the data warning first in every
file, figures that are the draws' own, and draws that are the seed's."""

from __future__ import annotations

import csv
import html
import re

import numpy as np
import pytest
from click.testing import CliRunner
from untranslated import english_left

import optimiser.batch.draws_report
import optimiser.batch.words  # noqa: F401 - registers the catalogue
from optimiser.api import load
from optimiser.batch.draws import drawn, parse_vary
from optimiser.cli import cli
from optimiser.problems import InputError
from optimiser.report.words import CATALOGUES, LANGS, fields_of

CJK = re.compile(r"[\u4e00-\u9fff]")
DRAWS = 6


def test_every_batch_word_is_said_in_both_languages_with_the_same_fields():
    for name in ("batch", "batch draws"):
        for key, said in CATALOGUES[name].items():
            assert set(said) == set(LANGS), (name, key)
            assert all(said[lang].strip() for lang in LANGS), (name, key)
            assert fields_of(said["zh"]) == fields_of(said["en"]), (name, key)
            words = said["zh"].format(**dict.fromkeys(fields_of(said["zh"]), ""))
            if re.search(r"[^\W\d_]", words):
                assert CJK.search(words), (name, key)
            assert not english_left(words), (name, key, english_left(words))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("budget.central_special=10", "PATH=±P%"),
        ("budget.central_special=+10%..-10%", "from low to high"),
        ("R-EARMARK.share=0.3..35%", "both ends in percent or both absolute"),
    ],
)
def test_a_bad_vary_is_named(text, expected):
    with pytest.raises(InputError) as caught:
        parse_vary(text)
    assert (
        caught.value.problems[0].file == "--vary" and expected in caught.value.problems[0].expected
    )


def test_draws_are_the_seeds_and_a_larger_batch_begins_with_a_smaller_one():
    varies = [parse_vary("budget.a=±10%"), parse_vary("R-EARMARK.share=0.30..0.35")]
    small, large = drawn(varies, 5, seed=3), drawn(varies, 50, seed=3)
    assert np.array_equal(large[:5], small)
    assert not np.array_equal(drawn(varies, 5, seed=4), small)
    assert (large[:, 0] >= -10).all() and (large[:, 0] <= 10).all()
    assert (large[:, 1] >= 0.30).all() and (large[:, 1] <= 0.35).all()
    assert large[:, 0].std() > 3  # spread over the range, not stuck at one end


@pytest.fixture(scope="module")
def shanxi_draws(tmp_path_factory):
    """A few draws of Shanxi 2018's central special funds ±10%, reported in Chinese and English
    (the second run solves nothing: the same draws are in its file)."""
    out = tmp_path_factory.mktemp("draws")
    args = ["batch", "--draws", str(DRAWS), "--vary", "budget.central_special=±10%"]
    args += ["--year", "2018", "--data", "data/shanxi", "--out", str(out), "--workers", "1"]
    runner = CliRunner()
    zh = runner.invoke(cli, args)
    assert zh.exit_code == 0, zh.output
    (folder,) = out.glob("shanxi/2018/draws-*")
    found = {"zh": zh.stdout, "folder": folder, "files": {}}
    found["files"]["zh"] = {p.name: p.read_text(encoding="utf-8-sig") for p in folder.iterdir()}
    en = runner.invoke(cli, [*args, "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert f"{DRAWS + 1} points already finished" in en.output
    found["en"] = en.stdout
    found["files"]["en"] = {p.name: p.read_text(encoding="utf-8-sig") for p in folder.iterdir()}
    return found


def test_the_report_says_the_figures_rest_on_estimates_first(shanxi_draws):
    from optimiser.report.run_files import data_warning

    said = data_warning(load("data/shanxi"))
    assert shanxi_draws["zh"].startswith("! " + said["zh"])
    assert shanxi_draws["en"].startswith("! " + said["en"])
    for lang in ("zh", "en"):
        files = shanxi_draws["files"][lang]
        for name in ("distribution.csv", "binding.csv"):
            first = next(csv.reader(files[name].splitlines()))
            assert first == [said[lang]], name
        assert files["distribution.txt"].startswith("! " + said[lang])
        assert said[lang] in files["distribution.html"]
    raw = (shanxi_draws["folder"] / "distribution.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8


def test_the_report_is_chinese_with_names(shanxi_draws):
    text = shanxi_draws["zh"]
    assert english_left(text) == [], english_left(text)
    assert "稳健性分析：山西省" in text and "中央财政专项扶贫资金各年预算：−10% 至 +10%" in text
    assert f"抽样 {DRAWS} 次（随机种子 1）" in text
    assert "县" in text and "loufan" not in text
    table = list(csv.reader(shanxi_draws["files"]["zh"]["distribution.csv"].splitlines()))[1:]
    assert table[0][:4] == ["市", "县", "深度贫困县", "基准方案（万元）"]
    assert table[1][:2] == ["太原市", "娄烦县"] and table[1][-1] == "loufan"
    binding = list(csv.reader(shanxi_draws["files"]["zh"]["binding.csv"].splitlines()))[1:]
    assert binding[0][:4] == ["规则", "约束实例", "起约束作用的抽样数", "所占比例"]
    assert all(not english_left(row[0] + row[1]) for row in binding[1:])
    page = shanxi_draws["files"]["zh"]["distribution.html"].split("<body>")[1]
    words = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert english_left(words) == [], english_left(words)
    assert "娄烦县" in words and words.count(" ★") == 10  # the deep-poverty counties marked


def test_the_report_in_english(shanxi_draws):
    text = shanxi_draws["en"]
    assert "Robustness: " in text and "budget, every year: −10% to +10%" in text
    assert "mean" in text and "95th percentile" in text and "Files:" in text
    header = list(csv.reader(shanxi_draws["files"]["en"]["distribution.csv"].splitlines()))[1]
    assert header[:5] == [
        "City",
        "County",
        "Deep-poverty county",
        "Base plan (万元)",
        "Mean (万元)",
    ]


def test_the_figures_are_the_draws_own(shanxi_draws):
    """Each county's mean and percentiles are those of its column in draws.csv over the draws
    with a plan; the base plan's is draw 0's; money per draw adds up to its total."""
    with open(shanxi_draws["folder"] / "draws.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["draw"]) for r in rows] == list(range(DRAWS + 1))
    planned = [r for r in rows[1:] if r["status"] == "optimal"]
    assert len(planned) == DRAWS
    for r in rows:
        county = [float(v) for k, v in r.items() if k.startswith("county:")]
        assert round(sum(county), 2) == float(r["money_wan"])
    table = list(csv.DictReader(shanxi_draws["files"]["zh"]["distribution.csv"].splitlines()[1:]))
    by_code = {r["县代码"]: r for r in table}
    assert len(by_code) == 58
    moved = 0
    for code, said in by_code.items():
        values = np.array([float(r[f"county:{code}"]) for r in planned])
        assert float(said["平均（万元）"]) == pytest.approx(values.mean(), abs=0.006)
        assert float(said["5%分位（万元）"]) == pytest.approx(np.percentile(values, 5), abs=0.006)
        assert float(said["中位数（万元）"]) == pytest.approx(np.median(values), abs=0.006)
        assert float(said["95%分位（万元）"]) == pytest.approx(np.percentile(values, 95), abs=0.006)
        assert float(said["基准方案（万元）"]) == float(rows[0][f"county:{code}"])
        moved += float(said["最高（万元）"]) > float(said["最低（万元）"])
    assert moved > 0  # the draws move some county's money
