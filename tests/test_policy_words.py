"""policy.yaml and scenario files mean what they say: a rule's status is read as the word written
(any case; `R-EARMARK: off` switches the rule off), a key written twice is refused with both lines,
and a file whose aliases grow when read is refused at once, in bounded memory."""

from __future__ import annotations

import csv
import time
import tracemalloc

import pytest
import tiny
import yaml
from click.testing import CliRunner

from optimiser.cli import cli
from optimiser.dataset import load_dataset
from optimiser.io.yaml_files import MAX_ALIASES, load_text, read_yaml
from optimiser.scenario.overrides import apply, parse, parse_all
from optimiser.scenario.sets import read_scenarios

WORDS = {
    "off": "off",
    "Off": "off",
    "OFF": "off",
    "oFF": "off",
    "no": "off",
    "No": "off",
    "NO": "off",
    "false": "off",
    "False": "off",
    "FALSE": "off",
    "soft": "soft",
    "Soft": "soft",
    "SOFT": "soft",
    "hard": "hard",
    "Hard": "hard",
    "HARD": "hard",
    "on": "hard",
    "On": "hard",
    "ON": "hard",
    "yes": "hard",
    "Yes": "hard",
    "true": "hard",
    "True": "hard",
}

# the rules section of tiny's policy, written by hand so the words are as a person types them
RULES = """rules:
  R-REVOLVING: {status: "off"}
  R-RELENDING: {status: "off"}
  R-INDUSTRY-FUND: {status: "off"}
  R-LOTTERY: {status: "off"}
  R-FOREST-QUOTA: {status: "off"}
  R-LABOUR-SUBSIDY: {status: "off"}
  R-EDUCATION-FIRST: {status: "off"}
  R-RELIEF-FUND: {status: "off"}
  R-FARMLAND-TARGET: {status: "off"}
  R-PV-COVERAGE: {status: "off"}
"""
HEAD = """dataset: {name: tiny, title: 测试数据}
years: {actuals: [2017], plan: [2018]}
objective: {mode: impact}
"""


def dataset(tmp_path, earmark: str, name: str = "data"):
    """tiny with `R-EARMARK: <earmark>` written as given (the last line of rules:)."""
    folder = tiny.write(tmp_path / name)
    (folder / "policy.yaml").write_text(
        HEAD + RULES + f"  R-EARMARK: {earmark}\n", encoding="utf-8"
    )
    return folder


def allocate(*args):
    """The command with --lang en: the messages asserted here are the English ones."""
    return CliRunner().invoke(cli, ["--lang", "en", *(str(a) for a in args)])


def earmark_rows(out):
    """R-EARMARK's rows of the one run folder under `out`."""
    (rules,) = out.glob("*/*/*/rules.csv")
    with open(rules, encoding="utf-8-sig") as handle:
        return [r for r in csv.DictReader(handle) if r["rule_id"] == "R-EARMARK"]


@pytest.mark.parametrize("word", list(WORDS))
def test_each_status_word_as_the_whole_entry(word, tmp_path):
    data = load_dataset(dataset(tmp_path, word))
    assert data.policy.rules["R-EARMARK"].status == WORDS[word]


@pytest.mark.parametrize("word", list(WORDS))
def test_each_status_word_as_status(word, tmp_path):
    data = load_dataset(dataset(tmp_path, f"{{status: {word}, share: 0.4}}"))
    assert data.policy.rules["R-EARMARK"].status == WORDS[word]
    assert data.policy.rules["R-EARMARK"].share == 0.4


@pytest.mark.parametrize("word", ['"off"', "'OFF'", '"No"'])
def test_quoted_words_too(word, tmp_path):
    assert load_dataset(dataset(tmp_path, word)).policy.rules["R-EARMARK"].status == "off"


def test_a_status_that_is_no_word_is_refused_naming_it(tmp_path):
    result = allocate(
        "--year", 2018, "--data", dataset(tmp_path, "maybe"), "--out", tmp_path / "out"
    )
    assert result.exit_code == 2, result.output
    assert "policy.yaml, row 15, column rules.R-EARMARK: value 'maybe'" in result.output
    assert "hard, soft or off" in result.output
    assert not (tmp_path / "out").exists()


def test_off_in_policy_changes_the_plan(tmp_path):
    """An earmark of 99% cannot hold (exit 1); written off in any spelling the run plans (exit 0)
    and lists the earmark off; soft, it plans and reports the shortfall."""
    folder = dataset(tmp_path, "{status: hard, share: 0.99}", "hard")
    hard = allocate("--year", 2018, "--data", folder, "--out", tmp_path / "hard", "--quiet")
    assert hard.exit_code == 1, hard.output
    for word in ("off", "OFF", "no", "False"):
        out = tmp_path / f"out-{word}"
        folder = dataset(tmp_path, word, f"d-{word}")
        result = allocate("--year", 2018, "--data", folder, "--out", out, "--quiet")
        assert result.exit_code == 0, result.output
        assert [r["status"] for r in earmark_rows(out)] == ["off"]
    soft = tmp_path / "soft"
    folder = dataset(tmp_path, "{status: SOFT, share: 99%}", "d-soft")
    result = allocate("--year", 2018, "--data", folder, "--out", soft, "--quiet")
    assert result.exit_code == 0, result.output
    assert [r["status"] for r in earmark_rows(soft)] == ["violated"]


def test_a_share_in_percent(tmp_path):
    data = load_dataset(dataset(tmp_path, "{status: hard, share: 35%}"))
    assert data.policy.rules["R-EARMARK"].share == pytest.approx(0.35)
    result = allocate("validate", "--data", dataset(tmp_path, "{status: hard, share: 135%}", "bad"))
    assert result.exit_code == 2
    assert "column rules.R-EARMARK.share: value '135%': expected a share from 0% to 100%" in (
        result.output
    )


# ---- a key written twice -----------------------------------------------------------------------


def test_a_rule_written_twice_is_refused_with_both_lines(tmp_path):
    folder = dataset(tmp_path, "{status: hard, share: 0.3}\n  R-EARMARK: off")
    out = tmp_path / "out"
    result = allocate("--year", 2018, "--data", folder, "--out", out)
    assert result.exit_code == 2, result.output
    assert "policy.yaml, row 16, column rules.R-EARMARK: value 'R-EARMARK'" in result.output
    assert "R-EARMARK is written at lines 15 and 16" in result.output
    assert not out.exists()


def test_a_parameter_written_twice_is_refused_with_both_lines(tmp_path):
    folder = dataset(tmp_path, "\n    status: hard\n    share: 0.3\n    share: 0.5")
    result = allocate("validate", "--data", folder)
    assert result.exit_code == 2, result.output
    assert "policy.yaml, row 18, column rules.R-EARMARK.share: value 'share'" in result.output
    assert "share is written at lines 17 and 18" in result.output


def test_a_section_written_twice_and_off_and_false_are_one_key(tmp_path):
    doc, problems = load_text("years: {plan: [2018]}\nrules: {}\nyears: {plan: [2019]}\n", "p.yaml")
    assert doc is None and problems[0].row == 3 and "lines 1 and 3" in problems[0].expected
    doc, problems = load_text("a: {off: 1, 'off': 2}\n", "p.yaml")
    assert problems and problems[0].column == "a.off"


# ---- aliases -----------------------------------------------------------------------------------


def laughs(levels: int = 9, width: int = 10) -> str:
    """The 'billion laughs': each level a list of `width` aliases of the one before."""
    lines = ['a0: &a0 ["lol"' + ',"lol"' * (width - 1) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_the_billion_laughs_is_refused_at_once_in_little_memory(tmp_path):
    text = laughs()
    assert len(text.encode()) < 700  # 10**9 strings when expanded
    (tmp_path / "bomb.yaml").write_text(text, encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    doc, problems = read_yaml(tmp_path / "bomb.yaml")
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert doc is None and took < 1 and peak < 5_000_000
    assert problems[0].file == "bomb.yaml" and problems[0].row == 4  # the first level too many
    assert "at most 100 aliases" in problems[0].expected


def test_a_policy_that_grows_when_read_exits_2_within_a_second(tmp_path):
    folder = tiny.write(tmp_path / "data")
    (folder / "policy.yaml").write_text(laughs() + HEAD + RULES, encoding="utf-8")
    out = tmp_path / "out"
    started = time.perf_counter()
    result = allocate("--year", 2018, "--data", folder, "--out", out)
    assert time.perf_counter() - started < 1
    assert result.exit_code == 2, result.output
    assert "policy.yaml, row 4: value '*a2': expected at most 100 aliases" in result.output
    assert not out.exists()


def test_a_few_aliases_are_read_and_a_self_reference_is_not():
    doc, problems = load_text("a: &x [1, 2]\nb: *x\nc: {<<: {p: 1}, q: 2}\n", "f.yaml")
    assert not problems and doc.data == {"a": [1, 2], "b": [1, 2], "c": {"p": 1, "q": 2}}
    many = "a: &x 1\nb: [" + ", ".join(["*x"] * (MAX_ALIASES + 1)) + "]\n"
    assert "at most 100 aliases" in load_text(many, "f.yaml")[1][0].expected
    doc, problems = load_text("a: &x [*x]\n", "f.yaml")
    assert doc is None and "contains itself" in problems[0].expected
    doc, problems = load_text("a: " + "[" * 500 + "]" * 500 + "\n", "f.yaml")
    assert doc is None and "nested at most 100 deep" in problems[0].expected


# ---- scenario files and --set ------------------------------------------------------------------


SCENARIOS = """scenarios:
  - name: a
    set: [R-EARMARK=Off]
  - name: b
    set: [R-EARMARK.status=no]
  - name: c
    set: [R-EARMARK=yes, "R-EARMARK.share=35%"]
  - name: d
    soft: R-EARMARK
  - name: e
    off: [R-EARMARK]
  - name: f
    set: [R-EARMARK.status=SOFT]
"""


def test_status_words_in_a_scenario_file(tmp_path):
    data = load_dataset(dataset(tmp_path, "{status: soft, share: 0.3}"))
    (tmp_path / "s.yaml").write_text(SCENARIOS, encoding="utf-8")
    found = {s.name: apply(data, list(s.overrides)) for s in read_scenarios(tmp_path / "s.yaml")}
    status = {name: v.policy.rules["R-EARMARK"].status for name, v in found.items()}
    assert status == {"a": "off", "b": "off", "c": "hard", "d": "soft", "e": "off", "f": "soft"}
    assert found["c"].policy.rules["R-EARMARK"].share == pytest.approx(0.35)


def test_a_scenario_file_with_a_key_twice_or_an_alias_bomb_exits_2(tmp_path):
    folder = tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    twice = tmp_path / "twice.yaml"
    twice.write_text("scenarios:\n  - name: a\n    off: [R-GROWTH]\n    off: [R-EARMARK]\n")
    result = allocate("scenarios", twice, "--year", 2018, "--data", folder, "--out", out)
    assert result.exit_code == 2, result.output
    assert "twice.yaml, row 4, column scenarios.0.off" in result.output
    assert "lines 3 and 4" in result.output
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(laughs() + "scenarios:\n  - name: a\n    off: [R-GROWTH]\n")
    started = time.perf_counter()
    result = allocate("scenarios", bomb, "--year", 2018, "--data", folder, "--out", out)
    assert time.perf_counter() - started < 1
    assert result.exit_code == 2 and "bomb.yaml, row 4" in result.output, result.output
    assert not out.exists()


@pytest.mark.parametrize("word", list(WORDS))
def test_status_words_in_set(word, tmp_path):
    data = load_dataset(dataset(tmp_path, "{status: soft}"))
    for text in (f"R-EARMARK={word}", f"R-EARMARK.status={word}"):
        variant = apply(data, [parse(text)])
        assert variant.policy.rules["R-EARMARK"].status == WORDS[word], text


def test_set_off_changes_the_plan(tmp_path):
    folder = dataset(tmp_path, "{status: hard, share: 0.99}")
    result = allocate(
        "whatif", "--year", 2018, "--data", folder, "--out", tmp_path / "out",
        "--set", "R-EARMARK=Off",
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # the base has no plan, the variant has
    assert len(list((tmp_path / "out").glob("*/*/*-whatif/allocation.csv"))) == 1


def test_parameters_keep_their_types(tmp_path):
    """A word in a boolean parameter is read as that boolean; other values as YAML reads them."""
    data = load_dataset(dataset(tmp_path, "hard"))
    variant = apply(
        data,
        parse_all(
            ["R-GROWTH.per_source=no", "R-EARMARK.share=0.35", "R-LOTTERY.categories=[a, b]"]
        ),
    )
    assert variant.policy.rules["R-GROWTH"].per_source is False
    assert variant.policy.rules["R-LOTTERY"].categories == ["a", "b"]
    folder = tiny.write(tmp_path / "words")
    policy = tiny.policy()
    policy["rules"]["R-GROWTH"] = {"status": "hard", "per_source": "yes"}
    (folder / "policy.yaml").write_text(yaml.safe_dump(policy), encoding="utf-8")
    text = (folder / "policy.yaml").read_text().replace("'yes'", "yes")
    (folder / "policy.yaml").write_text(text)
    assert load_dataset(folder).policy.rules["R-GROWTH"].per_source is True
