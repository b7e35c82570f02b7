"""The live what-if page in headless Chromium, against the stand-in server (tests/live_stub.py):
Chinese by default, a slider move re-plans and the deep counties' share and the county chart
follow, a stale answer is never shown, a refused input is shown beside its lever, a plan that
cannot exist shows why and the smallest relaxation applies, scenarios are saved and compared,
English on request, and the key figures fit a projected 1280×720 screen in large type."""

from __future__ import annotations

import os
import re
import time

import pytest
from browser import bar_sizes, idle, move, text
from live_stub import Plans, Stub
from untranslated import english_left

CENTRAL = "budget.central_special.2018"
PROVINCIAL = "budget.provincial_special.2018"
MIN_GROWTH = "R-INCREASE.min_growth"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def stub():
    server = Stub().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def live(stub):
    """The stub with nothing recorded, the token in the page's meta tag."""
    stub.reset_records()
    stub.token_in_meta = True
    return stub


@pytest.fixture(scope="module")
def plans():
    return Plans()


class Watch:
    """Uncaught script errors and console errors on a page; a refused request (422, 401) logs
    "Failed to load resource" and is expected where a test provokes it."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and not m.text.startswith("Failed to load resource")
                and self.errors.append(f"console error: {m.text}")
            ),
        )


def open_live(page, url: str) -> Watch:
    watch = Watch(page)
    page.goto(url, wait_until="load")
    page.wait_for_selector("body[data-ready='yes']")
    idle(page)
    return watch


def percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def people(value: float) -> int:
    return int(re.sub(r"[^\d]", "", value))


def until(check, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def bars(page) -> dict[str, dict]:
    """Each drawn county bar: its box, change, and the county's label in the chart."""
    return {
        b["code"]: b
        for b in page.locator("#chart rect.bar").evaluate_all(
            """els => els.map(e => {
                const r = e.getBoundingClientRect();
                return {code: e.dataset.code, change: Number(e.dataset.change),
                        left: r.left, right: r.right, width: r.width, height: r.height};
            })"""
        )
    }


def ticks(page) -> list[tuple[float, float]]:
    """The axis: (value in 万元, x on screen) of each grid line."""
    return page.locator("#chart line").evaluate_all(
        "els => els.map(e => [Number(e.dataset.value), e.getBoundingClientRect().left])"
    )


def on_axis(axis: list[tuple[float, float]], value: float) -> float:
    (v0, x0), (v1, x1) = axis[0], axis[-1]
    return x0 + (value - v0) / (v1 - v0) * (x1 - x0)


def test_chinese_page_and_a_slider_move_replans_the_share_and_the_chart(browser_page, live, plans):
    page = browser_page
    watch = open_live(page, live.url)
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert text(page, "h1") == "山西省58个贫困县 专项扶贫资金分配（估算数据）"
    assert text(page, "#warning").startswith("注意：本页数据为估算数")
    labels = page.locator(".lever-label").all_inner_texts()
    assert labels[0] == "中央财政专项扶贫资金 2018年" and "30%专项资金用于深度贫困县" in labels
    assert text(page, "#status") == "最优"
    body = page.locator("body").inner_text()
    for words in ("调整项", "覆盖贫困人口", "深度贫困县所得中央和省级专项资金占比", "起作用的规则"):
        assert words in body
    # a language switch names its language in itself: the one English word on the page
    assert english_left(body, allowed={"English"}) == [], english_left(body)
    base = plans.plan({}, "zh")
    assert text(page, "#deep .big") == percent(base["deep_share"]["base"])
    assert text(page, "#chart .chart-box") == "各县资金与原方案相同"
    # a locked lever is greyed, cannot move, and says why on hover
    share = page.locator('[data-id="R-EARMARK.share"]')
    assert "locked" in share.get_attribute("class")
    assert share.locator("input.num").is_disabled() and share.locator(".slider").is_disabled()
    share.hover()
    assert share.locator(".why").inner_text() == "不可调整：004第八条规定每年安排30%"

    central = plans.budget["central_special"]
    move(page, CENTRAL, -10)
    idle(page)
    sent = round(central * 0.9, 2)
    assert live.received[-1]["levers"] == {CENTRAL: sent}  # the whole what-if, nothing else
    assert page.locator(f'[data-id="{CENTRAL}"] input.num').input_value() == str(sent)
    assert text(page, f'[data-id="{CENTRAL}"] .pct') == "−10%"
    cut = plans.plan({CENTRAL: sent}, "zh")
    assert text(page, "#deep .big") == percent(cut["deep_share"]["now"])
    assert cut["deep_share"]["now"] > base["deep_share"]["base"]  # the cut falls on the others
    assert abs(people(text(page, "#people .big")) - cut["people"]["now"]) <= 1
    assert text(page, "#people .more").startswith("比原方案 −")
    # one bar per county whose money moved, its length in proportion to the change
    moved = {c["code"]: c["change"] for c in cut["counties"] if abs(c["change"]) >= 0.005}
    drawn = bars(page)
    assert set(drawn) == set(moved) and len(moved) == 48
    sizes = bar_sizes(page, "#chart rect.bar")
    assert all(w > 0 and h > 0 for w, h in sizes), sizes
    per_wan = [drawn[code]["width"] / abs(change) for code, change in moved.items()]
    assert max(per_wan) / min(per_wan) < 1.02
    # the axis' 万元 ticks say where each bar ends: losses end at 0 and start at their change
    axis = ticks(page)
    assert [v for v, _ in axis if v == 0] == [0]
    for code, change in moved.items():
        assert abs(drawn[code]["right"] - on_axis(axis, 0)) < 1.5
        assert abs(drawn[code]["left"] - on_axis(axis, change)) < 1.5
    assert "另有10个县不变" in text(page, "#chart .legend")

    # R-GROWTH off: the deep counties lose too, marked ★ in the chart
    page.locator('[data-id="R-GROWTH"] label', has_text="不适用").click()
    idle(page)
    assert live.received[-1]["levers"] == {CENTRAL: sent, "R-GROWTH": "off"}
    spread = plans.plan({CENTRAL: sent, "R-GROWTH": "off"}, "zh")
    assert text(page, "#deep .big") == percent(spread["deep_share"]["now"])
    names = page.locator("#chart text.name").all_text_contents()
    deep = {c.name for c in plans.counties if c.deep}
    assert len(names) == 58 and {n.lstrip("★") for n in names if n.startswith("★")} == deep
    assert page.locator("#chart text.name.deep").count() == 10

    # a deeper cut: every bar's change and the axis follow
    move(page, CENTRAL, -20)
    idle(page)
    deeper = plans.plan({CENTRAL: round(central * 0.8, 2), "R-GROWTH": "off"}, "zh")
    drawn = bars(page)
    for c in deeper["counties"]:
        assert drawn[c["code"]]["change"] == c["change"]
    assert min(v for v, _ in ticks(page)) < min(v for v, _ in axis)
    assert text(page, "#deep .big") == percent(deeper["deep_share"]["now"])
    assert watch.errors == []


def test_a_stale_answer_is_never_shown(browser_page, live, plans):
    page = browser_page
    watch = open_live(page, live.url)
    central = plans.budget["central_special"]
    live.delays[:] = [1.2, 0.0]  # the first answer comes after the second
    before = len(live.received)
    move(page, CENTRAL, -5)
    until(lambda: len(live.received) > before)
    first = live.received[-1]["seq"]
    move(page, CENTRAL, -15)
    assert page.locator("#busy").is_visible() and text(page, "#busy") == "计算中…"
    idle(page)
    newest = int(page.locator("body").get_attribute("data-sent"))
    assert newest > first and first not in live.answered  # the slow one is still out
    expected = plans.plan({CENTRAL: round(central * 0.85, 2)}, "zh")
    assert text(page, "#deep .big") == percent(expected["deep_share"]["now"])
    until(lambda: first in live.answered)
    page.wait_for_timeout(300)  # the late answer reaches the page
    assert page.locator("#answer").get_attribute("data-seq") == str(newest)
    assert text(page, "#deep .big") == percent(expected["deep_share"]["now"])
    assert page.locator("body").get_attribute("data-ignored") == "1"
    assert page.locator("#busy").is_hidden() and page.locator("#not-current").is_hidden()
    assert watch.errors == []


def test_a_fast_drag_sends_a_few_requests_not_one_per_step(browser_page, live, plans):
    page = browser_page
    watch = open_live(page, live.url)
    before = len(live.received)
    page.evaluate(
        """async (id) => {
            const slider = document.querySelector(`[data-id="${id}"] .slider`);
            for (let position = -1; position >= -24; position--) {
                slider.value = String(position);
                slider.dispatchEvent(new Event('input', {bubbles: true}));
                await new Promise(done => setTimeout(done, 50));
            }
        }""",
        CENTRAL,
    )
    idle(page)
    sent = live.received[before:]
    # 24 steps in 1.2 s: one request each 500 ms while the slider moves, one when it stops
    assert 2 <= len(sent) <= 5, len(sent)
    assert [b["seq"] for b in sent] == sorted({b["seq"] for b in sent})
    assert sent[-1]["levers"] == {CENTRAL: round(plans.budget["central_special"] * 0.76, 2)}
    assert watch.errors == []


def test_a_refused_value_is_shown_beside_its_lever(browser_page, live, plans):
    page = browser_page
    watch = open_live(page, live.url)
    shown = page.locator("#answer").get_attribute("data-seq")
    lever = page.locator(f'[data-id="{PROVINCIAL}"]')
    lever.locator("input.num").fill("999999")
    lever.locator("input.num").dispatch_event("change")
    idle(page)
    top = plans.budget["provincial_special"]
    assert live.received[-1]["levers"] == {PROVINCIAL: 999999}
    message = lever.locator(".lever-error")
    assert message.is_visible()
    low, high = round(top * 0.5, 2), round(top * 1.5, 2)
    assert message.inner_text() == f"超出可调范围（{low:,.2f} 万元—{high:,.2f} 万元）"
    assert "has-error" in lever.get_attribute("class")
    # the last valid plan stays, said not to be current
    assert page.locator("#answer").get_attribute("data-seq") == shown
    assert text(page, "#not-current") == "输入有误：右侧仍是上一个有效方案"
    assert "is-stale" in page.locator("#answer").get_attribute("class")
    lever.locator("button.reset").click()
    idle(page)
    assert message.is_hidden() and page.locator("#not-current").is_hidden()
    assert live.received[-1]["levers"] == {}
    assert lever.locator("input.num").input_value() == str(top).rstrip("0").rstrip(".")
    assert watch.errors == []


def test_no_plan_shows_the_conflict_and_the_smallest_relaxation_applies(browser_page, live, plans):
    page = browser_page
    watch = open_live(page, live.url)
    sent = round(plans.budget["central_special"] * 0.5, 2)
    move(page, CENTRAL, -50)
    idle(page)
    none = plans.plan({CENTRAL: sent}, "zh")
    assert none["status"] == "infeasible"
    assert text(page, "#status") == "无可行方案"
    assert page.locator("#conflict").is_visible() and page.locator("#plan").is_hidden()
    lines = page.locator("#conflict .lines li").all_inner_texts()
    assert lines == none["conflict"]["lines"] and "2017年" in lines[0]
    assert text(page, "#conflict .relax-text") == none["conflict"]["relax"]["text"]
    assert text(page, "#people .big") == "—"
    relax = page.locator("#relax")
    assert relax.inner_text() == "采用最小放宽"
    relax.click()
    idle(page)
    relaxed = none["conflict"]["relax"]["levers"][MIN_GROWTH]
    assert live.received[-1]["levers"] == {CENTRAL: sent, MIN_GROWTH: relaxed}
    growth = page.locator(f'[data-id="{MIN_GROWTH}"]')
    assert growth.locator("input.num").input_value() == f"{relaxed * 100:g}"
    assert "changed" in growth.get_attribute("class")
    assert text(page, "#status") == "最优"
    assert page.locator("#conflict").is_hidden() and page.locator("#plan").is_visible()
    assert len(bar_sizes(page, "#chart rect.bar")) == 48
    # all back to the base: every lever, the plan and the chart
    page.locator("#reset-all").click()
    idle(page)
    assert "levers" not in live.received[-1]  # /api/reset
    assert page.locator(".lever.changed").count() == 0
    assert growth.locator("input.num").input_value() == "0"
    assert text(page, "#chart .chart-box") == "各县资金与原方案相同"
    assert watch.errors == []


def test_scenarios_are_saved_and_compared_side_by_side(browser_page, live, plans):
    page = browser_page
    watch = open_live(page, live.url)
    central = plans.budget["central_special"]
    saved = {}
    for position, name in ((-10, "削减一成"), (20, "增加两成")):
        move(page, CENTRAL, position)
        idle(page)
        page.locator("#save").click()
        form = page.locator("#save-form")
        form.wait_for(state="visible")
        assert page.locator("#save-name").input_value() == f"方案{len(saved) + 1}"
        page.locator("#save-name").fill(name)
        form.locator("button[type=submit]").click()
        page.locator("#notice").wait_for(state="visible")
        assert text(page, "#notice") == f"已保存方案“{name}”：runs/live/{name}"
        assert form.is_hidden()
        saved[name] = {CENTRAL: round(central * (1 + position / 100), 2)}
        assert live.scenarios[name]["levers"] == saved[name]
    # a name already taken is refused beside the name
    page.locator("#save").click()
    page.locator("#save-name").fill("削减一成")
    page.locator("#save-form button[type=submit]").click()
    error = page.locator("#save-form .lever-error")
    error.wait_for(state="visible")
    assert error.inner_text() == "已有同名方案"
    page.locator("#save-form .cancel").click()

    page.locator("#compare").click()
    dialog = page.locator("#compare-dialog")
    dialog.locator("table.compare").wait_for()
    heads = dialog.locator("thead th").all_inner_texts()
    assert heads == ["方案", "削减一成", "增加两成"]
    rows = {
        r[0]: r[1:]
        for r in dialog.locator("tbody tr").evaluate_all(
            "trs => trs.map(tr => [...tr.children].map(c => c.innerText))"
        )
    }
    for column, name in enumerate(saved):
        out = plans.plan(saved[name], "zh")
        assert rows["方案状态"][column] == "最优"
        assert abs(people(rows["覆盖贫困人口"][column]) - out["people"]["now"]) <= 1
        assert rows["深度贫困县占比"][column] == percent(out["deep_share"]["now"])
    assert english_left(dialog.inner_text()) == []
    dialog.locator("button.close").click()
    assert dialog.is_hidden()
    assert watch.errors == []


def test_english_on_request_with_the_token_in_the_address(browser_page, live, plans):
    live.token_in_meta = False
    page = browser_page
    watch = open_live(page, f"{live.url}?token={live.token}&lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert text(page, "#levers-h") == "Levers"
    assert page.locator(".lever-label").first.inner_text() == "Central special poverty funds 2018"
    assert text(page, "#status") == "optimal"
    switch = page.locator("#lang")
    assert switch.inner_text() == "中文" and "lang=zh" in switch.get_attribute("href")
    own = page.locator("#levers-h, #reset-all, #actions, .figure .label, #chart figcaption")
    assert not CJK.search(" ".join(own.all_inner_texts()).replace("中文", "").replace("万元", ""))
    move(page, CENTRAL, -10)
    idle(page)
    assert live.received[-1]["lang"] == "en"
    assert text(page, "#status") == "optimal" and page.locator("#chart rect.bar").count() == 48
    assert watch.errors == []


def test_a_wrong_token_is_said(browser_page, live):
    live.token_in_meta = False
    page = browser_page
    watch = open_live(page, f"{live.url}?token=wrong")
    assert text(page, "#notice") == "口令无效：请用 `allocate serve` 打印的地址打开本页"
    assert live.received == []  # refused before it was read
    assert watch.errors == []


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_the_key_figures_fit_a_projected_screen_in_large_type(
    chromium_browser, live, width, height
):
    context = chromium_browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        watch = open_live(page, live.url)
        move(page, CENTRAL, -15)
        idle(page)
        size = page.evaluate("innerWidth >= 1900") and 40 or 34
        for selector in ("#people .big", "#deep .big"):
            px = page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)")
            assert px >= size, (selector, px)
        assert (
            page.eval_on_selector("#status", "e => parseFloat(getComputedStyle(e).fontSize)") >= 25
        )
        # the page itself does not scroll: the levers and the chart scroll in their panes
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate("document.documentElement.scrollHeight") <= height
        for selector in ("h1", "#warning", "#status", ".figures", "#chart figcaption", "#rules h3"):
            box = page.locator(selector).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, selector
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, selector
        first = page.locator("#chart rect.bar").first.bounding_box()
        assert first["y"] + first["height"] <= height
        if os.environ.get("LIVE_SCREENSHOTS"):
            page.screenshot(path=f"/tmp/live-{width}x{height}.png")
        assert watch.errors == []
    finally:
        context.close()
