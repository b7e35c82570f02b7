"""The chart of report.html: one horizontal bar per county (or city), stacked by source, in two
columns once there are many, so that 58 counties fit on the first printed page beside the
summary. Drawn as inline SVG scaled to the page's width (no script, no external file)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from optimiser.report.html_parts import e
from optimiser.report.numbers import wan, whole

PALETTE = [
    "#1f5f99",
    "#d9822b",
    "#3a9d5d",
    "#c23b3b",
    "#7b5ea7",
    "#8c6d31",
    "#d36fa9",
    "#5f6b73",
    "#b5a642",
    "#2aa1a8",
    "#9c4a2f",
    "#4b8f29",
]

ONE_COLUMN = 24  # at most this many bars in one column; more go in two
ROW = 11  # height of a row (bar and gap), in the SVG's units
BAR = 8
COLUMN = 370  # width of a column
LABEL = 78  # the name's width, left of the bar
VALUE = 62  # the total's width, right of the bar
GAP = 20  # between two columns


@dataclass
class Bar:
    label: str  # what the bar is (a county's or a city's name)
    mark: bool  # a deep-poverty county: drawn with ★ and its name in bold
    pieces: list[tuple[str, float]]  # (source code, 万元), in the legend's order
    hint: str  # the bar's tooltip start, e.g. the county's name


def colours(sources: list[str]) -> dict[str, str]:
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(sources)}


def bar_chart(
    bars: list[Bar], colour: dict[str, str], source_names: dict[str, str], label: str
) -> str:
    """The SVG: bars in reading order down the first column, then the second."""
    columns = 1 if len(bars) <= ONE_COLUMN else 2
    rows = math.ceil(len(bars) / columns) if bars else 1
    width = COLUMN * columns + GAP * (columns - 1)
    height = rows * ROW + 6
    top = max((sum(a for _, a in b.pieces) for b in bars), default=0.0) or 1.0
    scale = (COLUMN - LABEL - VALUE) / top
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'style="max-width:{width * 1.5:.0f}px" role="img" aria-label="{e(label)}" '
        'font-size="10">'
    ]
    for i, bar in enumerate(bars):
        column, row = divmod(i, rows)
        x0 = column * (COLUMN + GAP)
        y = 3 + row * ROW
        weight = ' font-weight="bold"' if bar.mark else ""
        name = ("★" if bar.mark else "") + bar.label
        room = LABEL - 6
        squeeze = (
            f' textLength="{room}" lengthAdjust="spacingAndGlyphs"' if _width(name) > room else ""
        )
        out.append(
            f'<text x="{x0 + LABEL - 4}" y="{y + BAR - 1}" text-anchor="end"{weight}{squeeze}>'
            f"{e(name)}</text>"
        )
        x = float(x0 + LABEL)
        for source, amount in bar.pieces:
            if amount <= 0:
                continue
            w = amount * scale
            out.append(
                f'<rect class="bar" x="{x:.2f}" y="{y}" width="{max(w, 0.6):.2f}" '
                f'height="{BAR}" fill="{colour[source]}"><title>{e(bar.hint)} · '
                f"{e(source_names[source])}: {wan(amount)} 万元</title></rect>"
            )
            x += w
        total = sum(a for _, a in bar.pieces)
        out.append(
            f'<text x="{x + 3:.2f}" y="{y + BAR - 1}" font-size="9" fill="#555">{whole(total)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def legend(colour: dict[str, str], source_names: dict[str, str]) -> str:
    return (
        '<p class="legend">'
        + "".join(
            f'<span><i style="background:{colour[code]}"></i>{e(source_names[code])}</span>'
            for code in colour
        )
        + "</p>"
    )


def _width(text: str) -> float:
    """A label's width in the SVG's units at its font size (10): CJK characters are square."""
    return sum(10.0 if ord(ch) >= 0x2E80 else 5.5 for ch in text)
