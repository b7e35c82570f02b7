"""report.html opens in headless Chromium without errors, its headline and county chart are drawn
and the headline prints on the first page: the browser test set-up works on a page the project
writes."""

from __future__ import annotations

import tiny
from browser import bar_sizes, open_file, print_first_page
from click.testing import CliRunner

from optimiser.cli import cli

# What any version of the report keeps; update these when its markup changes.
HEADING = "h1"
CHART_BARS = "svg rect"


def test_report_headline_and_chart_bars_are_drawn(tmp_path, browser_page):
    data = tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["--year", "2018", "--data", str(data), "--out", str(out), "--html"]
    )
    assert result.exit_code == 0, result.output
    (report,) = out.rglob("report.html")

    open_file(browser_page, report)
    heading = browser_page.locator(HEADING).first
    assert heading.is_visible()
    assert tiny.POLICY["dataset"]["title"] in heading.inner_text()
    sizes = bar_sizes(browser_page, CHART_BARS)
    assert any(w > 0 and h > 0 for w, h in sizes), f"no chart bar is drawn: {sizes}"
    assert print_first_page(browser_page).holds(HEADING)
