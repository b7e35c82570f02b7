"""report.html in headless Chromium, on Shanxi's 58 counties: the Chinese text is drawn, the
chart's bars have size, the first printed A4 page holds the whole summary (title, status, totals,
the deep counties' share, the chart, the binding rules) and the details begin after the page
break, printed open; on screen the sections open on a click."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from browser import bar_sizes, open_file, print_first_page
from click.testing import CliRunner

from optimiser.cli import cli
from optimiser.report.html import render_html
from optimiser.report.plan_facts import PlanFacts
from optimiser.report.run_view import RunView

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = ["h1", ".warning", ".status", ".tiles", "figure.chart", "ol.rules", "section.first"]


@pytest.fixture(scope="module")
def shanxi(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("shanxi")
    result = CliRunner().invoke(
        cli, ["--year", "2018", "--data", str(ROOT / "data" / "shanxi"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    (folder,) = [p.parent for p in out.rglob("summary.json")]
    return folder


@pytest.fixture(params=["zh", "en"])
def report(request, shanxi, tmp_path) -> tuple[str, Path]:
    """The report in each language, rendered from the run folder."""
    path = tmp_path / f"report-{request.param}.html"
    path.write_text(render_html(RunView.load(shanxi), request.param), encoding="utf-8")
    return request.param, path


def test_chinese_text_and_chart_are_drawn(browser_page, shanxi, tmp_path):
    path = tmp_path / "report.html"
    view = RunView.load(shanxi)
    path.write_text(render_html(view, "zh"), encoding="utf-8")
    open_file(browser_page, path)
    page = browser_page
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").inner_text().startswith(view.summary["dataset_title"] + "\n2018年")
    assert page.locator(".status").first.inner_text() == "方案状态：最优"
    tiles = page.locator(".tiles").inner_text()
    assert "已分配资金" in tiles and "万元" in tiles and "深度贫困县所得中央和省级专项资金" in tiles
    # a bar piece per county and source with money, each drawn with a size
    allocation = view.allocation
    pieces = allocation.groupby(["county_code", "source"])["amount_wan"].sum()
    sizes = bar_sizes(page, "figure.chart rect.bar")
    assert len(sizes) == int((pieces > 0).sum())
    assert all(w > 0 and h > 0 for w, h in sizes), sizes
    # the longest bar is the county with the most money
    widths = page.locator("figure.chart rect.bar").evaluate_all(
        "els => els.map(e => [e.querySelector('title').textContent, "
        "e.getBoundingClientRect().width])"
    )
    drawn: dict[str, float] = {}
    for title, width in widths:
        drawn[title.split(" · ")[0]] = drawn.get(title.split(" · ")[0], 0.0) + width
    totals = allocation.groupby("county_name")["amount_wan"].sum()
    assert max(drawn, key=drawn.get) == totals.idxmax()
    # deep counties marked in the chart's labels
    labels = page.locator("figure.chart text").all_text_contents()
    deep = [c["name"] for c in view.summary["counties"].values() if c["deep"]]
    assert sorted(t.lstrip("★") for t in labels if t.startswith("★")) == sorted(deep)


def test_the_first_printed_page_holds_the_summary_and_the_details_follow(
    browser_page, report, shanxi
):
    lang, path = report
    open_file(browser_page, path)
    first = print_first_page(browser_page)
    for selector in SUMMARY:
        assert first.holds(selector), f"{selector} is not on the first page ({lang})"
    top = browser_page.locator("section.details").evaluate(
        "e => e.getBoundingClientRect().top + scrollY"
    )
    assert top >= first.bottom - 1  # the details begin on the second page
    assert first.pages >= 3  # and print, open, on the pages after it
    rules = browser_page.locator("ol.rules > li").count()
    matter = len(PlanFacts.of(RunView.load(shanxi)).rules.matter)  # the policy rules that matter
    assert min(5, matter) <= rules <= 8 and rules <= matter


def test_details_print_open_without_a_click(browser_page, report):
    _, path = report
    open_file(browser_page, path)
    assert browser_page.locator("details[open]").count() == 0
    table = browser_page.locator("table.counties")
    assert not table.is_visible()  # closed on screen
    browser_page.emulate_media(media="print")
    assert table.is_visible()  # printed open
    assert table.evaluate("e => e.getBoundingClientRect().height") > 100


def test_sections_open_and_close_on_click(browser_page, report):
    lang, path = report
    open_file(browser_page, path)
    sections = browser_page.locator("section.details details")
    assert sections.count() >= 5
    for i in range(sections.count()):
        section = sections.nth(i)
        body = section.locator(".body")
        assert not body.is_visible()
        section.locator("summary").click()
        assert section.get_attribute("open") is not None and body.is_visible()
        assert body.evaluate("e => e.getBoundingClientRect().height") > 0
    county_rows = browser_page.locator("table.counties tr.county")
    assert county_rows.count() == 58 and county_rows.first.is_visible()
    total = browser_page.locator("table.counties tr.total").inner_text()
    assert total.startswith("合计" if lang == "zh" else "Total")
    first = sections.first
    first.locator("summary").click()
    assert first.get_attribute("open") is None and not first.locator(".body").is_visible()


def test_page_height_is_a_summary_not_a_listing(browser_page, report):
    """Before, the page was over 37,000 px tall: every rule instance in one table."""
    _, path = report
    browser_page.set_viewport_size({"width": 1280, "height": 900})
    open_file(browser_page, path)
    closed = browser_page.evaluate("document.documentElement.scrollHeight")
    browser_page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    opened = browser_page.evaluate("document.documentElement.scrollHeight")
    assert closed < 2500 and opened < 12000, (closed, opened)
    assert path.stat().st_size < 200_000


def test_report_totals_match_the_allocation_file(shanxi, browser_page, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(render_html(RunView.load(shanxi), "zh"), encoding="utf-8")
    open_file(browser_page, path)
    allocation = pd.read_csv(shanxi / "allocation.csv", encoding="utf-8-sig")
    value = browser_page.locator(".tile .value").first.inner_text()
    cents = round(allocation["amount_wan"].sum() * 100)
    assert value.replace("\n", " ") == f"{cents / 100:,.2f} 万元"
