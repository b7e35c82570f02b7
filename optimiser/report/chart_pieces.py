"""Pieces of the scenario and sweep charts: round tick values and their labels, and diverging
bars from a zero axis (a gain to the right, a loss to the left) as inline SVG for a page and in
block characters for the terminal."""

from __future__ import annotations

import math

from optimiser.report.html_parts import e
from optimiser.report.scenario_parts import colon
from optimiser.report.text import pad, width
from optimiser.report.words import Words

CHARTS = Words(
    "charts",
    {
        "nothing": {"zh": "没有可画的数值。", "en": "Nothing to draw."},
        "no_plan_bar": {"zh": "无可行方案（见下）", "en": "no plan (see below)"},
        "no_plan": {"zh": "无可行方案", "en": "no plan"},
    },
)

GAIN, LOSS, LINE, MARK, NOPLAN = "#2e7d4f", "#c23b3b", "#1f5f99", "#d9822b", "#c23b3b"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten apart) covering low..high."""
    if high < low:
        low, high = high, low
    if high == low:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    n = round((stop - start) / step)
    return [round(start + i * step, 10) + 0.0 for i in range(n + 1)]


def tick_label(t: float, ticks: list[float]) -> str:
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    digits = 0 if step >= 1 else min(4, math.ceil(-math.log10(step) - 1e-9))
    text = f"{t:,.{digits}f}".replace("-", "−")
    return ("+" + text) if t > 0 and ticks[0] < 0 else text


def x_gridlines(ticks: list[float], x, top: float, bottom: float) -> str:
    """Grid lines up from a bottom axis at `ticks` (placed by `x`), each with its tick and
    label under the axis."""
    return "".join(
        f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{bottom}" stroke="#e4e7eb"/>'
        f'<line class="tick" x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{bottom}" y2="{bottom + 5}" '
        f'stroke="#333"/><text class="tick-label" x="{x(t):.1f}" y="{bottom + 18}" '
        f'font-size="11" text-anchor="middle">{e(tick_label(t, ticks))}</text>'
        for t in ticks
    )


def y_gridlines(ticks: list[float], y, left: float, right: float) -> str:
    """Grid lines across from a left axis at `ticks` (placed by `y`), each with its tick and
    label left of the axis."""
    return "".join(
        f'<line x1="{left}" x2="{right}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e4e7eb"/>'
        f'<line class="tick" x1="{left - 5}" x2="{left}" y1="{y(t):.1f}" y2="{y(t):.1f}" '
        f'stroke="#333"/><text class="tick-label" x="{left - 8}" y="{y(t) + 4:.1f}" '
        f'font-size="11" text-anchor="end">{e(tick_label(t, ticks))}</text>'
        for t in ticks
    )


def diverging(values: list, unit: str, key: str, lang: str, fmt) -> str:
    """Horizontal bars from a zero axis: a gain to the right, a loss to the left, with ticks and
    the unit under the axis; a scenario without a plan says so where its bar would be."""
    numbers = [v for _, vs in values if vs for v in vs]
    if not values:
        return f"<p>{e(CHARTS('nothing', lang))}</p>"
    low, high = min(numbers + [0.0]), max(numbers + [0.0])
    margin = 0.3 * ((high - low) or 1.0)  # room for the value labels beside the bars
    ticks = nice_ticks(low - (margin if low < 0 else 0), high + (margin if high > 0 else 0))
    if low == high == 0:
        ticks = [-1.0, 0.0, 1.0]
    lo, hi = ticks[0], ticks[-1]
    label_w, left, right = 190, 200, 860
    row_h, top = 30, 12
    height = top + row_h * len(values) + 56

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (right - left)

    zero = x(0.0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diverging" data-chart="{key}" '
        f'width="{right + 30}" height="{height}" role="img" aria-label="{e(unit)}">'
    ]
    bottom = top + row_h * len(values)
    out.append(x_gridlines(ticks, x, top, bottom))
    out.append(
        f'<line class="axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#333"/>'
        f'<text class="unit" x="{(left + right) / 2:.0f}" y="{bottom + 40}" font-size="12" '
        f'text-anchor="middle">{e(unit)}</text>'
    )
    for i, (name, vs) in enumerate(values):
        y = top + i * row_h
        mid = y + row_h / 2 + 4
        out.append(
            f'<text x="{label_w}" y="{mid:.1f}" font-size="13" text-anchor="end">{e(name)}</text>'
        )
        if vs is None:
            out.append(
                f'<text class="noplan" x="{zero + 6:.1f}" y="{mid:.1f}" font-size="12" '
                f'fill="{NOPLAN}">{e(CHARTS("no_plan_bar", lang))}</text>'
            )
            continue
        if len(vs) > 1 and not any(vs):  # neither a gain nor a loss
            vs = (0.0,)
        for v in vs:
            if v == 0 and len(vs) > 1:
                continue
            kind = "gain" if v > 0 else "loss" if v < 0 else "zero"
            x0, x1 = sorted((zero, x(v)))
            out.append(
                f'<rect class="bar {kind}" data-value="{v:.4f}" x="{x0:.1f}" y="{y + 6}" '
                f'width="{x1 - x0:.1f}" height="{row_h - 12}" '
                f'fill="{GAIN if v > 0 else LOSS}"><title>{e(name)}{colon(lang)}{e(fmt(v))} '
                f"{e(unit)}</title></rect>"
            )
            anchor, at = ("start", x1 + 4) if v >= 0 else ("end", x0 - 4)
            out.append(
                f'<text class="value" x="{at:.1f}" y="{mid:.1f}" font-size="12" '
                f'text-anchor="{anchor}">{e(fmt(v))}</text>'
            )
    out.append(
        f'<line class="zero-axis" x1="{zero:.1f}" x2="{zero:.1f}" y1="{top - 4}" '
        f'y2="{bottom}" stroke="#111" stroke-width="2"/></svg>'
    )
    return "".join(out)


def text_bars(values: list, lang: str, fmt, half: int = 24) -> str:
    """Diverging bars in the terminal: losses left of the axis │, gains right of it, each with
    its value at the bar's end; every line's axis in the same column."""
    numbers = [abs(v) for _, vs in values if vs for v in vs]
    top = max(numbers, default=0.0) or 1.0
    label = max((width(n) for n, _ in values), default=0)
    texts = [fmt(v) for _, vs in values if vs for v in vs if v < 0]
    room = max((width(t) for t in texts), default=0) + 1 + half  # left of the axis
    lines = []
    for name, vs in values:
        head = "  " + pad(name, label) + " "
        if vs is None:
            lines.append(head + " " * room + "│ " + CHARTS("no_plan", lang))
            continue
        gain = max([v for v in vs if v > 0], default=0.0)
        loss = min([v for v in vs if v < 0], default=0.0)
        left = "█" * round(half * -loss / top)
        right = "█" * round(half * gain / top)
        text_left = f"{fmt(loss)} {left}" if loss else ""
        text_right = fmt(gain) if gain or not loss else ""
        lines.append(
            (head + pad(text_left, room, right=True) + "│" + right + " " + text_right).rstrip()
        )
    return "\n".join(lines)
