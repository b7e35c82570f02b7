"""report.html is one self-contained file, in Chinese unless the reader asks for English: a first
page with the status, the totals, the deep counties' share against the earmark, the chart and the
binding rules in sentences; then the details, whose printed totals are the sums of their printed
rows. `allocate explain RUN_DIR --html` renders a finished run again from its folder alone."""

from __future__ import annotations

import json
import re
import shutil
import time
from datetime import datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import tiny
from click.testing import CliRunner
from hand import budget, category, county, dataset, history, need, source
from openpyxl import load_workbook
from untranslated import english_left

from optimiser.cli import cli
from optimiser.report.binding_rules import says_something
from optimiser.report.html import W, render_html
from optimiser.report.run_view import RunView
from optimiser.rules import BY_ID
from optimiser.rules.earmark import Earmark

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3400-\u9fff]")


class Page(HTMLParser):
    """The page's tags, and its text as a reader sees it (no style, script or markup), with the
    text of each element that has a class or id kept apart."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.words: list[str] = []
        self.skip = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script", "title"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.words.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.words).split())


def visible(html: str) -> str:
    return Page(html).text


def part(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def rows(table_html: str, kind: str) -> list[list[str]]:
    """The cells of the <tr class="kind..."> rows of a table, as text."""
    found = []
    for row in re.findall(rf'<tr class="{kind}[^"]*">(.*?)</tr>', table_html, re.S):
        found.append([visible(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)])
    return found


def wan(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ""))


def dataset_words(folder: Path) -> set[str]:
    """The Latin words of a dataset's own title and data warning (hand.py's dataset is titled
    "hand"): the page prints them as the dataset writes them."""
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    warning = (summary.get("data_warning") or {}).get("zh", "")
    return set(english_left(f"{summary.get('dataset_title', '')} {warning}"))


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args))
    return result


def run_with_html(tmp_path, data=None, *args: str):
    data = data or tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    result = invoke("--year", "2018", "--data", str(data), "--out", str(out), "--html", *args)
    (folder,) = [p.parent for p in out.rglob("summary.json")]
    return result, folder


@pytest.fixture
def tiny_run(tmp_path):
    result, folder = run_with_html(tmp_path)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def synthetic_run(tmp_path_factory):
    """30 synthetic counties in 5 cities over two years: many amounts to add up, to the fen."""
    from optimiser.api import load
    from optimiser.synthetic import generate

    tmp = tmp_path_factory.mktemp("synthetic")
    data = generate(load(ROOT / "data" / "shanxi"), 30, 20, 2, 7, tmp / "data")
    result = invoke(
        "--years", "2017-2018", "--data", str(data), "--out", str(tmp / "out"), "--html"
    )
    assert result.exit_code == 0, result.output
    (folder,) = [p.parent for p in (tmp / "out").rglob("summary.json")]
    return folder


def test_report_is_self_contained_chinese_with_chart_and_first_page(tiny_run):
    text = (tiny_run / "report.html").read_text(encoding="utf-8")
    page = Page(text)
    names = [t for t, _ in page.tags]
    assert ("html", {"lang": "zh-CN"}) in page.tags
    assert not [a for t, a in page.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert not [a for t, a in page.tags if t == "script" and "src" in a]  # nothing fetched
    assert not re.findall(r"https?://(?!www\.w3\.org/2000/svg)", text)
    bars = [a for t, a in page.tags if t == "rect" and a.get("class") == "bar"]
    assert len(bars) >= 3 and all(float(a["width"]) > 0 for a in bars)  # a piece per county
    first = visible(part(text, '<section class="first">', "</section>"))
    assert first.startswith("测试数据 2018年资金分配方案")  # the dataset's title, then the year
    assert "方案状态：最优" in first
    assert "★深一县" in first  # the deep county marked in the chart
    # the housing deadline binds deep1's housing need, but one more unit of it is worth nothing
    # (optimiser.report.binding_rules): counted on the first page, named with its clause after
    deadline = BY_ID["R-DEADLINE"]
    assert deadline.title_zh not in first and "政策规则（共 3 处）恰在限值上" in first
    details = visible(part(text, '<section class="details">', "</section>"))
    assert (
        f"{deadline.title_zh} 依据《关于聚焦深度贫困集中力量攻坚的意见》第三条、第七条" in details
    )
    assert "R-DEADLINE" not in text and "deep1" not in visible(text)  # names, never codes
    assert names.index("section") < names.index("details")  # the details after the first page


def test_totals_on_the_first_page_add_up_from_the_allocation(tiny_run):
    text = (tiny_run / "report.html").read_text(encoding="utf-8")
    summary = json.loads((tiny_run / "summary.json").read_text(encoding="utf-8"))
    allocation = pd.read_csv(tiny_run / "allocation.csv", encoding="utf-8-sig")
    first = visible(part(text, '<section class="first">', "</section>"))
    allocated = sum(Decimal(str(a)) for a in allocation["amount_wan"])
    assert f"已分配资金 {allocated:,.2f} 万元" in first
    budget = sum(Decimal(str(s["budget_wan"])) for s in summary["sources"].values())
    assert f"预算 {budget:,.2f} 万元，已用 {allocated / budget:.1%}" in first
    assert f"覆盖贫困人口（加权） {summary['people_reached']:,.0f} 人" in first
    special = allocation[allocation["source"] == "central"]  # tiny's one earmarked source
    deep = special[special["county_code"] == "deep1"]["amount_wan"].sum()
    share = deep / special["amount_wan"].sum()
    assert f"{share:.1%}" in first and "规定不低于 30%：达标" in first


@pytest.mark.parametrize("share, said", [(0.25, "规定不低于 25%"), (None, None)])
def test_the_earmark_share_is_read_from_the_run_not_assumed(tmp_path, share, said):
    pol = tiny.policy()
    if share is None:
        pol["rules"]["R-EARMARK"] = {"status": "off"}
    else:
        pol["rules"]["R-EARMARK"]["share"] = share
    result, folder = run_with_html(tmp_path, tiny.write(tmp_path / "data", pol=pol), "--xlsx")
    assert result.exit_code == 0, result.output
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["earmark_share"] == share  # recorded, for every report to read
    first = visible(part((folder / "report.html").read_text("utf-8"), "<section", "</section>"))
    assert "深度贫困县所得中央和省级专项资金" in first  # the share itself is always there
    cover = {r[0]: r[1] for r in load_workbook(folder / "allocation.xlsx")["说明"].values}
    if said:
        assert said in first and "30%" not in first
        assert f"规则要求至少 {share:.2%}" in result.output
        assert cover["规定深度贫困县所占比例不低于"] == share
    else:  # the rule is off: nothing to compare with
        assert "规定不低于" not in first
        assert "规则要求" not in result.output
        assert "规定深度贫困县所占比例不低于" not in cover


def test_county_and_source_tables_add_up_to_their_printed_totals(synthetic_run):
    text = (synthetic_run / "report.html").read_text(encoding="utf-8")
    allocation = pd.read_csv(synthetic_run / "allocation.csv", encoding="utf-8-sig")
    counties = part(text, '<table class="counties">', "</table>")
    assert "（万元）" in visible(part(counties, "<thead>", "</thead>"))
    body = rows(counties, "county")
    (total,) = rows(counties, "total")
    assert len(body) == 30
    # the figures are the last four cells (special, other, total, share) of every row
    for column in (-4, -3, -2):  # the 合计 is the sum of the printed rows
        assert sum(wan(r[column]) for r in body) == wan(total[column])
    assert all(wan(r[-4]) + wan(r[-3]) == wan(r[-2]) for r in [*body, total])
    assert wan(total[-2]) == sum(Decimal(str(a)) for a in allocation["amount_wan"])
    assert total[0] == "合计"
    # each city's subtotal is its counties' sum; cities in the dataset's order
    view = RunView.load(synthetic_run)
    cities = view.names.cities()
    city_rows: dict[str, list[list[str]]] = {}
    city = None
    for row in re.findall(r'<tr class="(county[^"]*|subtotal)">(.*?)</tr>', counties, re.S):
        cells = [visible(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)]
        if row[0] == "subtotal":
            assert cells[0] == f"{city}小计"
            for column in (-4, -3, -2):
                assert wan(cells[column]) == sum(wan(r[column]) for r in city_rows[city])
            continue
        city = cells[0] or city
        city_rows.setdefault(city, []).append(cells)
    assert list(city_rows) == cities
    deep = {c["name"] for c in view.summary["counties"].values() if c["deep"]}
    marked = {r[1].lstrip("★") for r in body if r[1].startswith("★")}
    assert marked == deep
    sources = part(text, '<table class="sources">', "</table>")
    body = rows(sources, "source")
    (total,) = rows(sources, "total")
    for column in (1, 2):  # budget, allocated
        assert sum(wan(r[column]) for r in body) == wan(total[column])
    assert wan(total[2]) == sum(Decimal(str(a)) for a in allocation["amount_wan"])
    assert "2017—2018年合计" in visible(text)


def test_rules_are_grouped_by_rule_with_counts_not_listed_in_full(synthetic_run):
    text = (synthetic_run / "report.html").read_text(encoding="utf-8")
    expl = json.loads((synthetic_run / "explanation.json").read_text(encoding="utf-8"))
    binding = [b for b in expl["binding"] if b["rule_id"] != "R-PAYMENT"]
    assert len(binding) > 100  # enough instances that listing them all would be a long table
    section = part(text, "<summary>起约束作用的规则</summary>", "</details>")
    groups = re.findall(r'<div class="rule-group"><p><b>(.*?)</b></p>(.*?)</div>', section)
    # each rule titled with the count of its instances that matter (optimiser.report.
    # binding_rules), those worth nothing counted apart: together, every instance
    expected: dict[str, list[int]] = {}
    for b in binding:
        if b["rule_id"] in BY_ID:
            counts = expected.setdefault(BY_ID[b["rule_id"]].title_zh, [0, 0])
            counts[0 if says_something(b) else 1] += 1
    said = {}
    for head, body in groups:
        counted = re.fullmatch(r"(.*?)（(\d+) 处）", head)
        idle = re.search(r"(\d+) 处(?:恰在限值上|均已达到限值)", body)
        title = counted.group(1) if counted else head
        said[title] = [int(counted.group(2)) if counted else 0, int(idle.group(1)) if idle else 0]
    assert {t: n for t, n in said.items() if t in expected} == expected  # every rule, counted
    assert any(n[0] and n[1] for n in expected.values())  # a rule with instances of both kinds
    assert section.count("<li>") <= 5 * len(groups)  # a few sentences per rule, the rest counted
    assert "另有" in section
    first = part(text, '<section class="first">', "</section>")
    structural = {r for r, f in BY_ID.items() if f.structural}
    matter = {t for t, n in expected.items() if n[0]} - {BY_ID[r].title_zh for r in structural}
    # the rules that matter most, on the first page: all of them, or five to eight
    assert min(5, len(matter)) <= first.count("<li><b>") <= 8


def test_chinese_page_has_no_english_left_and_no_pointers_to_files(synthetic_run, tiny_run):
    for folder in (synthetic_run, tiny_run):
        text = (folder / "report.html").read_text(encoding="utf-8")
        footer = part(text, "<footer>", "</footer>")
        body = visible(text.replace(footer, ""))
        # allowed: the dataset's own words, printed as it writes them (the synthetic dataset's
        # title says "seed 7", its warning "（synthetic）"); nothing of the page's
        assert english_left(body, dataset_words(folder)) == [], english_left(body)
        for file in ("rules.csv", "explanation.json", "audit.csv", "allocation.csv"):
            assert file not in body  # the reader of a mailed page has none of them
        assert "运行文件夹" in visible(footer) and folder.name in footer


def test_times_are_local_with_their_zone(tiny_run, monkeypatch):
    view = RunView.load(tiny_run)
    started = datetime.fromisoformat(view.summary["started"])
    assert started.utcoffset().total_seconds() == 0  # written in UTC
    try:
        monkeypatch.setenv("TZ", "Asia/Shanghai")
        time.tzset()
        local = started.astimezone()
        zh, en = visible(render_html(view, "zh")), visible(render_html(view, "en"))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert local.utcoffset().total_seconds() == 8 * 3600
    said = f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}（北京时间，UTC+08:00）"
    assert f"生成时间：{said}" in zh
    assert f"Made {local:%Y-%m-%d %H:%M} (China Standard Time, UTC+08:00)" in en


def test_english_by_flag_with_names_as_the_dataset_gives_them(tmp_path):
    result, folder = run_with_html(tmp_path, None, "--lang", "en")
    assert result.exit_code == 0, result.output
    text = (folder / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in text
    body = visible(text)
    assert "Status: optimal" in body and "Money by county (万元)" in body
    assert "Deadlines" in body or BY_ID["R-DEADLINE"].title_en in body
    # take away the dataset's own names (Chinese in tiny) and 万元: no Chinese is left
    view = RunView.load(folder)
    names = [view.summary["dataset_title"], "万元"]
    names += [c["name"] for c in view.summary["counties"].values()]
    names += [c["city"] for c in view.summary["counties"].values()]
    names += [view.names.source(s, "en") for s in view.summary["sources"]]
    names += [view.names.category(k, "en") for k in view.summary["categories"]]
    for name in sorted(names, key=len, reverse=True):
        body = body.replace(name, " ")
    assert not CJK.findall(body), CJK.findall(body)
    # the same figures in either language
    zh = visible(render_html(view, "zh"))
    figures = re.compile(r"\d[\d,]*\.\d\d")
    assert sorted(figures.findall(zh)) == sorted(figures.findall(visible(text)))


def test_an_audit_failed_plan_says_do_not_sign_before_any_figure(tmp_path, monkeypatch):
    monkeypatch.setattr(Earmark, "define", lambda self, b, params: None)  # the rule "forgotten"
    data = dataset(
        tmp_path / "data",
        [county("A", deep=True), county("B")],
        [source("c", earmark=True)],
        [category("low", benefit=1, sources="c"), category("high", benefit=3, sources="c")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("c", 100)],
        rules={"R-EARMARK": {"status": "hard", "share": 0.9}},
        factor_weights={"poor_population": 1.0},
    )
    result, folder = run_with_html(tmp_path, data)
    assert result.exit_code == 5, result.output
    first = visible(part((folder / "report.html").read_text("utf-8"), "<section", "</section>"))
    stop = first.index("请勿签批")
    finding = first.index(f"审核：{Earmark.title_zh}")  # what the audit found, by name
    assert stop < finding < first.index("已分配资金")  # before any figure of the plan
    assert "审核未通过" in first and "最优" not in first


def test_a_run_without_a_plan_shows_the_conflicting_rules_first(tmp_path):
    data = dataset(
        tmp_path / "data",
        [county("A")],
        [source("c", earmark=True)],
        [category("k", sources="c")],
        [need("A", "k", 50)],
        [budget("c", 100)],
        histories=[history("A", "c", 80)],
        rules={"R-INCREASE": {"status": "hard"}},
    )
    result, folder = run_with_html(tmp_path, data)
    assert result.exit_code == 1, result.output
    text = (folder / "report.html").read_text(encoding="utf-8")
    first = visible(part(text, '<section class="first">', "</section>"))
    assert "方案状态：无可行方案" in first and "相互冲突的规则" in first
    assert BY_ID["R-INCREASE"].title_zh in first and "放宽 30.01 万元" in first
    assert "<svg" not in text
    body = visible(text.replace(part(text, "<footer>", "</footer>"), ""))
    assert english_left(body, dataset_words(folder)) == [], english_left(body)


def test_the_pages_chinese_words_have_no_english_in_them():
    for key, said in W.words.items():
        assert english_left(re.sub(r"\{\w+\}", " ", said["zh"])) == [], key


def test_explain_rerenders_the_same_page_from_the_run_folder_alone(tiny_run):
    original = (tiny_run / "report.html").read_text(encoding="utf-8")
    (tiny_run / "report.html").unlink()
    shutil.rmtree(tiny_run.parents[3] / "data")  # no dataset, no solving: only the run folder
    result = CliRunner().invoke(cli, ["explain", str(tiny_run), "--html"])
    assert result.exit_code == 0, result.output
    assert (tiny_run / "report.html").read_text(encoding="utf-8") == original
    result = CliRunner().invoke(cli, ["explain", str(tiny_run), "--lang", "en", "--html"])
    assert result.exit_code == 0, result.output
    assert '<html lang="en">' in (tiny_run / "report.html").read_text(encoding="utf-8")


def test_explain_of_a_missing_folder_is_bad_input(tmp_path):
    result = CliRunner().invoke(cli, ["explain", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "summary.json" in result.output
