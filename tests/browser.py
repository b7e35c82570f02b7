"""Headless Chromium for the page tests: the HTML files the project writes, opened and measured in
a real browser (Debian's /usr/bin/chromium driven by Playwright; never a downloaded browser).

Without Chromium or Playwright the page tests skip; with REQUIRE_BROWSER=1 (set by .ci/run) they
fail instead, so CI cannot pass without running them."""

from __future__ import annotations

import importlib.util
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
INSTALL = "apt-get install chromium fonts-noto-cjk"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PX_PER_PT = 4 / 3  # CSS px per PDF point
# Chromium lays a page wider than the paper out at up to 1.5 times the paper's width, then scales
# it down to fit (wider content is cut off at the right edge).
MAX_SHRINK = 1.5


def missing() -> str | None:
    """Why the page tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing"
    if not CJK_FONT.exists():
        return f"{CJK_FONT} is missing (Chinese text would be drawn without its glyphs)"
    return None


def require() -> None:
    """Skip the test when there is no browser, or fail when REQUIRE_BROWSER=1 says there must be."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; the page tests need Debian's chromium: {INSTALL}", pytrace=False)
    pytest.skip(f"page tests need headless Chromium ({INSTALL}): {reason}")


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, headless, started by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def open_file(page, path: Path | str) -> None:
    """Load a local HTML file and wait for its load event. A console error or an uncaught script
    error while loading fails the test: a broken page can still look right in its HTML text."""
    errors: list[str] = []

    def console(message) -> None:
        if message.type == "error":
            errors.append(f"console error: {message.text}")

    def page_error(error) -> None:
        errors.append(f"page error: {error}")

    page.on("console", console)
    page.on("pageerror", page_error)
    try:
        page.goto(Path(path).resolve().as_uri(), wait_until="load")
    finally:
        page.remove_listener("console", console)
        page.remove_listener("pageerror", page_error)
    if errors:
        pytest.fail(f"{path} logged errors while loading:\n" + "\n".join(errors), pytrace=False)


@dataclass
class FirstPage:
    """The first printed A4 page of a page laid out for print (see print_first_page)."""

    page: object  # the Playwright page, left in the print layout
    pages: int  # pages in the PDF Chromium printed
    width: float  # the print layout's width, CSS px
    bottom: float  # where the first printed page ends in the print layout, CSS px from the top

    def holds(self, selector: str) -> bool:
        """Whether every element matching selector is drawn entirely on the first printed page."""
        boxes = self.page.locator(selector).evaluate_all(
            """els => els.map(e => {
                const r = e.getBoundingClientRect();
                return [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY,
                        e.getClientRects().length];
            })"""
        )
        if not boxes:
            raise AssertionError(f"no element matches {selector!r}")
        return all(
            drawn and left >= -0.5 and right <= self.width + 0.5 and bottom <= self.bottom + 1
            for left, _, right, bottom, drawn in boxes
        )


PAGE_MARGINS = """([top, right, bottom, left]) => {
    // @page margins in the page's style sheets override the ones the printer is given;
    // @page :first ones apply to the first page.
    const margins = {top, right, bottom, left};
    const probe = document.createElement('div');
    document.body.append(probe);
    const px = value => { probe.style.width = value; return probe.getBoundingClientRect().width; };
    const all = list => [...list].flatMap(rule => [rule, ...all(rule.cssRules || [])]);
    const sheets = [...document.styleSheets].flatMap(s => { try { return all(s.cssRules); }
                                                           catch { return []; } });
    const rules = sheets
        .filter(rule => rule instanceof CSSPageRule && ['', ':first'].includes(rule.selectorText))
        .sort((a, b) => a.selectorText.length - b.selectorText.length);
    for (const rule of rules)
        for (const side of Object.keys(margins)) {
            const value = rule.style.getPropertyValue('margin-' + side);
            if (value) margins[side] = px(value);
        }
    probe.remove();
    return [margins.top, margins.right, margins.bottom, margins.left];
}"""

FORCED_BREAK = """() => {
    // The first forced page break (break-before/after: page, or the older page-break-*: always).
    const forced = ['page', 'left', 'right', 'recto', 'verso', 'always'];
    let first = Infinity;
    for (const e of document.body.querySelectorAll('*')) {
        if (!e.getClientRects().length) continue;
        const style = getComputedStyle(e), r = e.getBoundingClientRect();
        if (forced.includes(style.breakBefore) && r.top + scrollY > 0)
            first = Math.min(first, r.top + scrollY);
        if (forced.includes(style.breakAfter)) first = Math.min(first, r.bottom + scrollY);
    }
    return first;
}"""


def print_first_page(page, landscape: bool = False, margin_mm: float = 10) -> FirstPage:
    """Lay the page out for printing on A4 and return its first printed page, to ask which
    elements print on it (FirstPage.holds): what a reader sees on the sheet on top.

    How: Chromium prints the page to PDF (page.pdf, A4, these margins), which gives the page
    count and the paper size (Playwright's A4 is 8.27 by 11.7 inches). Which element lands where
    is read from the print layout, not from the PDF's text (no PDF reader needed, and a chart has
    no text to find): the page is switched to print media and its viewport set to the printable
    width in CSS px (96 per inch), less the margins (whole points, as Chromium keeps them; an
    @page rule's margins win, as in print). Content wider than that widens the layout as
    Chromium's print does, to at most 1.5 times, and the page height grows by the same factor.
    The first page ends at the printable height or at the first forced page break, whichever
    comes first; an element is on it when its whole box is above that line (1 px of tolerance)
    and inside the width. A line cut by the page end moves to page 2 in print, and is not on
    page 1 here either. Checked against the text of Chromium's PDFs for plain, too-wide,
    landscape, @page-margin and forced-break pages: it agreed to the line.

    The page stays in this print layout: ask FirstPage.holds right after.
    """
    sides = ("top", "right", "bottom", "left")
    page.emulate_media(media="print")
    pdf = page.pdf(
        format="A4", landscape=landscape, margin={side: f"{margin_mm}mm" for side in sides}
    )
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    paper = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    paper_w, paper_h = (float(pt) * PX_PER_PT for pt in paper.groups())
    margin = math.floor(margin_mm / 25.4 * 72) * PX_PER_PT  # Chromium keeps whole points
    top, right, bottom, left = page.evaluate(PAGE_MARGINS, [margin] * 4)
    width, height = paper_w - left - right, paper_h - top - bottom
    page.set_viewport_size({"width": round(width), "height": round(height)})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    layout = min(max(overflow, width), MAX_SHRINK * width)
    if layout > width:
        page.set_viewport_size({"width": round(layout), "height": round(height * layout / width)})
    end = min(height * layout / width, page.evaluate(FORCED_BREAK))
    return FirstPage(page=page, pages=pages, width=layout, bottom=end)


def bar_sizes(page, selector: str) -> list[tuple[float, float]]:
    """The rendered (width, height) in CSS px of each chart bar matching selector (SVG rect or
    div): a bar can be in the HTML yet not drawn (zero size, display: none, scaled away by a wrong
    viewBox), and what the browser lays out is what a reader sees. Colour and visibility: hidden
    are not checked."""
    sizes = page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    return [(w, h) for w, h in sizes]


# ---- the live what-if page (optimiser/live): shared by the stand-in's and the real server's tests


def idle(page, seconds: float = 5) -> None:
    """Wait until the newest request has come back (the page shows no "计算中…")."""
    page.wait_for_function(
        "document.body.dataset.sent && Number(document.body.dataset.sent) > 0"
        " && document.querySelector('#busy').hidden",
        timeout=seconds * 1000,
    )


def move(page, lever: str, position: float) -> None:
    """Drag a lever's slider to a position (% change for a budget) as a person's drag does:
    the value set, then input and change events."""
    page.eval_on_selector(
        f'[data-id="{lever}"] .slider',
        """(slider, position) => {
            slider.value = String(position);
            slider.dispatchEvent(new Event('input', {bubbles: true}));
            slider.dispatchEvent(new Event('change', {bubbles: true}));
        }""",
        position,
    )


def text(page, selector: str) -> str:
    return page.locator(selector).inner_text().strip()
