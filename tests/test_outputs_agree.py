"""The terminal, report.html and allocation.xlsx state the same facts of a plan (optimiser.report.
plan_facts): the same policy rules in the same order, each with the same count of instances that
matter and the same sentence; rules whose instances are all worth nothing are counted, never
listed among the rules that matter; the same totals and deep counties' share."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from optimiser.cli import cli
from optimiser.explain.values import objective_unit
from optimiser.report.numbers import wan_of
from optimiser.report.plan_facts import PlanFacts
from optimiser.report.rule_sentences import rule_sentence
from optimiser.report.run_view import RunView

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shanxi(tmp_path_factory):
    out = tmp_path_factory.mktemp("agree")
    args = ["--year", "2018", "--data", str(ROOT / "data" / "shanxi"), "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--xlsx", "--html"])
    assert result.exit_code == 0, result.output
    (folder,) = [p.parent for p in out.rglob("summary.json")]
    return result.output, folder


def bare(text: str) -> str:
    """Text without white space: lines wrapped on a terminal compare with the page's."""
    return re.sub(r"\s", "", text)


def terminal_rules(text: str) -> list[str]:
    """The items of the terminal's "rules that matter", each joined again from its lines."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("最关键的政策规则"))
    items: list[str] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        if line.startswith("  - "):
            items.append(line[4:])
        elif line.startswith("    ") and items:
            items[-1] += line.strip()
    return items


def page_rules(page: str) -> list[tuple[str, int, str]]:
    """(title, count, sentence) of each rule on the page's first page."""
    listed = re.search(r'<ol class="rules">(.*?)</ol>', page, re.S).group(1)
    found = []
    for item in re.findall(r"<li><b>(.*?)</b>(.*?)：(.*?)(?: <span class=\"cite\">|</li>)", listed):
        rule, count, sentence = (html.unescape(part) for part in item)
        n = re.search(r"共 (\d+) 处", count)
        found.append((rule, int(n.group(1)) if n else 1, sentence))
    return found


def test_the_rules_that_matter_agree_in_terminal_page_and_workbook(shanxi):
    text, folder = shanxi
    view = RunView.load(folder)
    facts = PlanFacts.of(view)
    unit = objective_unit("impact", "zh")
    expected = [
        (
            view.names.rule(g.rule_id, "zh"),
            len(g.counted),
            rule_sentence(g.best, view.names, "zh", unit, ranged=False),
        )
        for g in facts.rules.matter
    ]
    assert len(expected) >= 3
    # a rule whose instances are all worth nothing (R-DEADLINE in Shanxi 2018) is counted apart
    idle = {view.names.rule(g.rule_id, "zh") for g in facts.rules.idle}
    assert "限期完成任务" in idle and "限期完成任务" not in {e[0] for e in expected}
    # a rule with instances of both kinds: its count is of those that matter only
    mixed = next(g for g in facts.rules.matter if g.idle)
    mixed_title = view.names.rule(mixed.rule_id, "zh")

    terminal = terminal_rules(text)
    assert 2 <= len(terminal) <= len(expected)
    for said, (_, count, sentence) in zip(terminal, expected, strict=False):
        assert bare(said).startswith(bare(sentence))
        assert (f"共{count}处" in bare(said)) == (count > 1)

    page = page_rules((folder / "report.html").read_text(encoding="utf-8"))
    assert page == expected[: len(page)] and len(page) >= len(terminal)
    assert not idle & {p[0] for p in page}
    more = re.search(r"另有 (\d+) 条政策规则（共 (\d+) 处）恰在限值上", html.unescape(
        (folder / "report.html").read_text(encoding="utf-8")))  # fmt: skip
    assert more and int(more.group(1)) == len(facts.rules.idle)

    book = load_workbook(folder / "allocation.xlsx")
    cover = [tuple(r[:3]) for r in book["说明"].values]
    head = next(i for i, r in enumerate(cover) if str(r[0]).startswith("最关键的政策规则"))
    listed = cover[head + 1 : head + 1 + len(expected)]
    assert [(t, int(re.search(r"\d+", c).group()), s) for t, c, s in listed] == expected

    rows = [r for r in book["规则"].values][2:]
    titles = list(dict.fromkeys(r[0] for r in rows if r[1] == "政策规则"))
    assert titles[: len(expected)] == [e[0] for e in expected]  # ranked as everywhere
    mine = [r for r in rows if r[0] == mixed_title]
    worth = [r for r in mine if r[7]]  # the value of one more unit, 0 for those worth nothing
    count = next(e[1] for e in expected if e[0] == mixed_title)
    assert len(worth) == count < len(mine)  # every instance listed, the count of those that matter
    assert f"共{count}处" in bare(text) and f"（共 {count} 处）" in html.unescape(
        (folder / "report.html").read_text(encoding="utf-8"))  # fmt: skip


def test_the_totals_and_the_deep_share_agree(shanxi):
    text, folder = shanxi
    facts = PlanFacts.of(RunView.load(folder))
    page = html.unescape((folder / "report.html").read_text(encoding="utf-8"))
    cover = {r[0]: r[1] for r in load_workbook(folder / "allocation.xlsx")["说明"].values}
    total = wan_of(facts.allocated)
    assert re.search(rf"合计\s+{re.escape(wan_of(facts.budget))}\s+{re.escape(total)}", text)
    assert f"{total} <small>万元</small>" in page
    assert round(cover["安排资金合计"] * 100) == facts.allocated
    assert round(cover["预算合计"] * 100) == facts.budget
    share = facts.deep_share
    assert f"深度贫困县占中央和省级专项资金 {share:.2%}" in text
    assert f'<div class="value">{share:.1%}</div>' in page
    assert cover["深度贫困县占中央和省级专项资金比例"] == round(share, 4)
    assert cover["规定深度贫困县所占比例不低于"] == facts.earmark_share == 0.3
