"""The scenario comparison page and the sweep page as headless Chromium draws them: Chinese text,
diverging bars that are drawn (a loss left of the zero axis, a gain right of it), axes with tick
labels and units, and the scenario and the sweep value without a plan shown with their label."""

from __future__ import annotations

import sweep_data
from browser import bar_sizes, open_file
from click.testing import CliRunner

from optimiser.cli import cli

BOX = "e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"


def invoke(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


def pages(tmp_path, lang: str = "zh"):
    data = sweep_data.write(tmp_path / "data")
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text(sweep_data.SCENARIOS, encoding="utf-8")
    out = tmp_path / "out"
    common = ["--year", "2018", "--data", str(data), "--out", str(out)]
    common += [] if lang == "zh" else ["--lang", lang]
    invoke(["scenarios", str(scenarios), *common])
    invoke(
        ["sweep", "--param", "budget.central.2018", "--from", "-5%", "--to", "+10%"]
        + ["--steps", "4", "--workers", "1", *common]
    )
    (comparison,) = out.rglob("*-scenarios.html")
    (sweep,) = out.rglob("sweep.html")
    return comparison, sweep


def boxes(page, selector: str) -> list[list[float]]:
    return page.locator(selector).evaluate_all(f"els => els.map({BOX})")


def test_scenario_page_draws_diverging_bars(tmp_path, browser_page):
    comparison, _ = pages(tmp_path)
    page = browser_page
    open_file(page, comparison)
    assert page.locator("h1").inner_text() == "情景比较"
    for chart in ("people", "deep", "money"):
        svg = f'svg[data-chart="{chart}"]'
        assert page.locator(svg).is_visible()
        (axis,) = boxes(page, f"{svg} line.zero-axis")
        zero = (axis[0] + axis[2]) / 2
        gains, losses = boxes(page, f"{svg} rect.bar.gain"), boxes(page, f"{svg} rect.bar.loss")
        assert gains and losses, chart
        for w, h in bar_sizes(page, f"{svg} rect.bar.gain, {svg} rect.bar.loss"):
            assert w > 1 and h > 1, (chart, w, h)
        assert all(left >= zero - 1.5 for left, _, _, _ in gains), (chart, zero, gains)
        assert all(right <= zero + 1.5 for _, _, right, _ in losses), (chart, zero, losses)
        # the axis: tick labels under it, one of them 0, and the unit
        ticks = page.locator(f"{svg} text.tick-label").all_text_contents()
        assert len(ticks) >= 3 and ("0" in ticks or "0.00" in ticks), ticks
        (axis_line,) = boxes(page, f"{svg} line.axis")  # a line's box has no height
        assert axis_line[2] - axis_line[0] > 300
        unit = page.locator(f"{svg} text.unit").text_content()
        assert unit == {"people": "人（加权）", "deep": "百分点", "money": "万元"}[chart]
        # the scenario without a plan has its place in every chart, said in words
        noplan = page.locator(f"{svg} text.noplan")
        assert noplan.is_visible() and "无可行方案" in noplan.text_content()
    # a loss of people for the 2% cut, a gain for the 10% raise: on their own rows
    people = 'svg[data-chart="people"]'
    (loss,) = boxes(page, f"{people} rect.bar.loss")
    (gain,) = boxes(page, f"{people} rect.bar.gain")
    assert loss[1] < gain[1]  # the cut is listed first, as in the file
    # the table: every scenario, the one without a plan with its conflict in names
    table = page.locator("table").inner_text()
    for words in ("基准", "削减2%", "增加10%", "削减5%", "无可行方案", "县间调整（万元）"):
        assert words in table
    conflict = page.locator("tr.noplan td.conflict").inner_text()
    assert "限期完成任务" in conflict and "大一县" in conflict
    assert page.locator(".warning").count() == 0  # tiny data carries no provenance warning


def test_sweep_page_draws_axes_units_and_the_value_without_a_plan(tmp_path, browser_page):
    _, sweep = pages(tmp_path)
    page = browser_page
    open_file(page, sweep)
    assert page.locator("h1").inner_text() == "参数扫描：中央专项2018年预算"
    svg = "svg.sweep"
    assert page.locator(svg).is_visible()
    axes = boxes(page, f"{svg} line.axis")
    assert len(axes) == 2
    assert any(b[3] - b[1] > 100 for b in axes) and any(b[2] - b[0] > 100 for b in axes)
    units = page.locator(f"{svg} text.unit").all_text_contents()
    assert any("覆盖贫困人口" in u for u in units), units
    assert any(u.startswith("中央专项2018年预算（万元）") for u in units), units
    ticks = page.locator(f"{svg} text.tick-label").all_text_contents()
    for label in ("−5%", "+0%", "+10%", "2,470", "2,860"):
        assert label in ticks, (label, ticks)
    # three values with a plan are drawn as points on a line
    assert len(bar_sizes(page, f"{svg} circle.point")) == 3
    assert all(w > 0 and h > 0 for w, h in bar_sizes(page, f"{svg} circle.point"))
    assert page.locator(f"{svg} path.line").is_visible()
    # the value without a plan: a cross on the axis under its tick, inside a labelled band
    (mark,) = boxes(page, f"{svg} path.noplan-mark")
    (band,) = boxes(page, f"{svg} rect.noplan-band")
    label = page.locator(f"{svg} text.noplan-label")
    assert label.is_visible() and label.text_content() == "无可行方案"
    (text,) = boxes(page, f"{svg} text.noplan-label")
    tick = page.locator(f"{svg} text.tick-label", has_text="−5%").evaluate(BOX)
    centre = (mark[0] + mark[2]) / 2
    assert abs(centre - (tick[0] + tick[2]) / 2) < 2
    assert band[0] - 1 <= centre <= band[2] + 1 and band[0] - 1 <= text[0] <= band[2] + 1
    points = boxes(page, f"{svg} circle.point")
    assert all(p[0] > band[2] for p in points)  # no point drawn where there is no plan
    # and in the table, with its conflict
    row = page.locator('tr[data-value="-5%"]').inner_text()
    assert "无可行方案" in row and "2,470.00" in row and "限期完成任务" in row
    movers = page.locator("table.movers").inner_text()
    assert "小七县" in movers and "大一县" not in movers


def test_pages_in_english(tmp_path, browser_page):
    comparison, sweep = pages(tmp_path, "en")
    open_file(browser_page, comparison)
    assert browser_page.locator("h1").inner_text() == "Scenario comparison"
    assert "no plan" in browser_page.locator('svg[data-chart="people"] text.noplan').text_content()
    open_file(browser_page, sweep)
    assert browser_page.locator("h1").inner_text().startswith("Sweep: ")
    assert browser_page.locator("svg.sweep text.noplan-label").text_content() == "no plan"
