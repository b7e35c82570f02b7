"""The live page against the real server (not the stand-in): Shanxi 2018 served by uvicorn, the page
opened in headless Chromium. A slider move is planned by the optimiser and shown; a cut that
leaves no plan shows why, and the smallest relaxation the server offers gives a plan when the
page applies it."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
from browser import idle, move, text
from untranslated import english_left

from optimiser.live.app import create_app

ROOT = Path(__file__).resolve().parents[1]
CENTRAL = "budget.central_special.2018"
MIN_GROWTH = "R-INCREASE.min_growth"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    app = create_app(ROOT / "data" / "shanxi", [2018], tmp_path_factory.mktemp("out"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        running.should_exit = True
        thread.join(30)


@pytest.fixture
def page(chromium_browser):
    """A page whose test script may evaluate expressions: the server's content security policy
    forbids the page any `eval`, which Playwright's waiting uses."""
    context = chromium_browser.new_context(bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_page_plans_on_the_real_server(page, server):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server, wait_until="load")
    page.wait_for_selector("body[data-ready='yes']")
    idle(page, 60)
    assert text(page, "h1") == "山西省58个贫困县 专项扶贫资金分配（估算数据）"
    assert "估算" in text(page, "#warning")
    assert text(page, "#status") == "最优"
    body = page.locator("body").inner_text()
    assert english_left(body, allowed={"English"}) == [], english_left(body)
    base_people = text(page, "#people .big")

    move(page, CENTRAL, -10)
    idle(page, 60)
    assert text(page, "#status") == "最优"
    assert text(page, "#people .big") != base_people
    assert text(page, "#people .more").startswith("比原方案 −")
    assert page.locator("#chart rect.bar").count() > 0
    rules = page.locator("#rules li").all_inner_texts()
    assert rules and all(CJK.search(r) and not english_left(r) for r in rules), rules

    # half the central funds: the special funds fall below last year's, no plan
    move(page, CENTRAL, -50)
    idle(page, 60)
    assert text(page, "#status") == "无可行方案"
    lines = page.locator("#conflict .lines li").all_inner_texts()
    assert any("中央财政专项扶贫资金" in line for line in lines), lines
    assert "比上年最低增幅" in text(page, "#conflict .relax-text")
    page.locator("#relax").click()
    idle(page, 60)
    assert text(page, "#status") == "最优"
    growth = page.locator(f'[data-id="{MIN_GROWTH}"]')
    assert "changed" in growth.get_attribute("class")
    assert float(growth.locator("input.num").input_value()) < 0  # a fall allowed, in %
    assert errors == []
