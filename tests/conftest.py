import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import browser  # noqa: E402  (tests/browser.py, importable once the folder is on the path)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole run; skips (or fails with REQUIRE_BROWSER=1) without it."""
    browser.require()
    with browser.chromium() as started:
        yield started


@pytest.fixture
def browser_page(chromium_browser):
    """A fresh page in its own browser context (no cookies, storage or media from other tests)."""
    context = chromium_browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


# every problem a test makes is held to a Chinese translation (tests/problem_guard.py)
from problem_guard import problems_said_in_chinese  # noqa: E402, F401
