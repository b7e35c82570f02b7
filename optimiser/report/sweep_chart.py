"""The sweep's chart (sweep.html): people reached against the swept value, the line broken where
there is no plan and those values marked on the axis, the points where binding policy rules
change numbered (listed under the chart)."""

from __future__ import annotations

import math

from optimiser.report.chart_pieces import CHARTS, LINE, MARK, NOPLAN, nice_ticks, y_gridlines
from optimiser.report.html_parts import e
from optimiser.report.numbers import MINUS, money_or_dash, number, people, whole
from optimiser.report.scenario_parts import colon
from optimiser.report.text import width
from optimiser.report.words import Words

AXES = Words(
    "sweep chart",
    {
        "axis.people": {
            "zh": "覆盖贫困人口（加权，人）",
            "en": "Poor people reached (weighted)",
        },
        "axis.percent": {"zh": "{param}（相对现值）", "en": "{param} (change)"},
        "axis.wan": {"zh": "{param}（万元）", "en": "{param} (万元)"},
        "axis.both": {
            "zh": "{axis}：上行为相对现值的变化，下行为万元",
            "en": "{axis}: the change above, 万元 below",
        },
        "legend.point": {"zh": "有可行方案的取值", "en": "value with a plan"},
        "legend.changed": {
            "zh": "起约束作用的政策规则在此变化（编号见下）",
            "en": "binding policy rules change here (numbered below)",
        },
        "legend.infeasible": {"zh": "无可行方案的取值", "en": "value without a plan"},
    },
)

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def sweep_svg(rows: list[dict], label: str, lang: str) -> str:
    """People reached against the swept value: the line broken where there is no plan, those
    values marked on the axis, and the points where binding policy rules change numbered."""
    from optimiser.scenario.sets import value_number

    if not rows:
        return f"<p>{e(CHARTS('nothing', lang))}</p>"
    wan = has_wan(rows)
    percent = str(rows[0]["value"]).endswith("%")
    xs = [number(r.get("value_wan")) if wan else value_number(r["value"]) for r in rows]
    reached = [number(r.get("people_reached")) for r in rows]
    known = [p for p in reached if p is not None]
    width_px, height_px = 960, 470
    left, right, top, bottom = 100, 930, 30, 350
    xlo, xhi = min(xs), max(xs)
    if xlo == xhi:
        xlo, xhi = xlo - 1, xhi + 1
    if known:
        ylo, yhi = min(known), max(known)
        pad = 0.08 * ((yhi - ylo) or abs(yhi) or 1.0)
        yticks = nice_ticks(ylo - pad, yhi + pad)
    else:
        yticks = [0.0, 1.0]
    ylo, yhi = yticks[0], yticks[-1]

    def x(v: float) -> float:
        return left + (v - xlo) / (xhi - xlo) * (right - left)

    def y(v: float) -> float:
        return bottom - (v - ylo) / (yhi - ylo) * (bottom - top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sweep" width="{width_px}" '
        f'height="{height_px}" role="img" aria-label="{e(label)}">'
    ]
    step = (right - left) / max(1, len(rows) - 1)
    # values without a plan: a shaded band from halfway to the neighbours, labelled once for
    # each run of such values (a cross on the axis at each value, drawn below)
    runs: list[list[float]] = []
    for i, (r, v) in enumerate(zip(rows, xs, strict=True)):
        if r.get("people_reached") is None:
            if i and rows[i - 1].get("people_reached") is None:
                runs[-1].append(v)
            else:
                runs.append([v])
    label_text = CHARTS("no_plan", lang)
    for run_values in runs:
        x0 = max(left, x(run_values[0]) - step / 2)
        x1 = min(right, x(run_values[-1]) + step / 2)
        centre = (x0 + x1) / 2
        out.append(
            f'<rect class="noplan-band" x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" '
            f'height="{bottom - top}" fill="#fdecea"/>'
        )
        if x1 - x0 >= 14 * width(label_text) / 2 + 8:  # room to write it across
            out.append(
                f'<text class="noplan-label" x="{centre:.1f}" y="{top + 20}" font-size="13" '
                f'fill="{NOPLAN}" text-anchor="middle">{e(label_text)}</text>'
            )
        else:
            out.append(
                f'<text class="noplan-label" x="{centre:.1f}" y="{top + 10}" font-size="13" '
                f'fill="{NOPLAN}" style="writing-mode:vertical-rl">{e(label_text)}</text>'
            )
    out.append(y_gridlines(yticks, y, left, right))
    out.append(
        f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="#333"/>'
        f'<line class="axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#333"/>'
        f'<text class="unit" x="18" y="{(top + bottom) / 2:.0f}" font-size="12" '
        f'text-anchor="middle" transform="rotate(-90 18 {(top + bottom) / 2:.0f})">'
        f"{e(AXES('axis.people', lang))}</text>"
    )
    every = max(1, math.ceil(len(rows) / 14))  # at most 14 labelled ticks
    for i, (r, v) in enumerate(zip(rows, xs, strict=True)):
        out.append(
            f'<line class="tick" x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{bottom}" '
            f'y2="{bottom + 5}" stroke="#333"/>'
        )
        if i % every and i != len(rows) - 1:
            continue
        first = swept_value(r["value"]) if percent or not wan else money_or_dash(v)
        out.append(
            f'<text class="tick-label" x="{x(v):.1f}" y="{bottom + 18}" font-size="11" '
            f'text-anchor="middle">{e(first)}</text>'
        )
        if wan and percent:
            out.append(
                f'<text class="tick-label" x="{x(v):.1f}" y="{bottom + 32}" font-size="10" '
                f'fill="#555" text-anchor="middle">{e(whole(v))}</text>'
            )
    axis = (
        AXES("axis.wan", lang, param=label)
        if wan
        else AXES("axis.percent", lang, param=label)
        if percent
        else label
    )
    if wan and percent:
        axis = AXES("axis.both", lang, axis=axis)
    out.append(
        f'<text class="unit" x="{(left + right) / 2:.0f}" y="{bottom + 54}" font-size="12" '
        f'text-anchor="middle">{e(axis)}</text>'
    )
    # the line, broken at values without a plan
    run: list[tuple[float, float]] = []
    segments = []
    for v, p in zip(xs, reached, strict=True):
        if p is None:
            if run:
                segments.append(run)
            run = []
        else:
            run.append((x(v), y(p)))
    if run:
        segments.append(run)
    for seg in segments:
        d = " ".join(f"{'M' if i == 0 else 'L'}{a:.1f},{b:.1f}" for i, (a, b) in enumerate(seg))
        out.append(f'<path class="line" d="{d}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    numbered = 0
    for r, v, p in zip(rows, xs, reached, strict=True):
        if p is None:
            cx = x(v)
            out.append(
                f'<path class="noplan-mark" d="M{cx - 6:.1f},{bottom - 6} L{cx + 6:.1f},'
                f'{bottom + 6} M{cx - 6:.1f},{bottom + 6} L{cx + 6:.1f},{bottom - 6}" '
                f'stroke="{NOPLAN}" stroke-width="2.5"><title>{e(point_label(r, lang))}{colon(lang)}'
                f"{e(label_text)}</title></path>"
            )
            continue
        tip = f"{point_label(r, lang)}{colon(lang)}{people(p)}"
        if r.get("binding_changed"):
            out.append(
                f'<circle class="point changed" cx="{x(v):.1f}" cy="{y(p):.1f}" r="7" '
                f'fill="{MARK}" stroke="#fff"><title>{e(tip)}</title></circle>'
                f'<text class="change-label" x="{x(v):.1f}" y="{y(p) - 12:.1f}" font-size="14" '
                f'text-anchor="middle" fill="{MARK}">{e(circled(numbered))}</text>'
            )
            numbered += 1
        else:
            out.append(
                f'<circle class="point" cx="{x(v):.1f}" cy="{y(p):.1f}" r="4" fill="{LINE}">'
                f"<title>{e(tip)}</title></circle>"
            )
    legend_y = height_px - 14
    out.append(
        f'<circle cx="{left}" cy="{legend_y - 4}" r="4" fill="{LINE}"/>'
        f'<text x="{left + 10}" y="{legend_y}" font-size="12">{e(AXES("legend.point", lang))}</text>'
        f'<circle cx="{left + 190}" cy="{legend_y - 4}" r="6" fill="{MARK}"/>'
        f'<text x="{left + 202}" y="{legend_y}" font-size="12">{e(AXES("legend.changed", lang))}</text>'
        f'<path d="M{left + 530},{legend_y - 9} L{left + 540},{legend_y + 1} M{left + 530},'
        f'{legend_y + 1} L{left + 540},{legend_y - 9}" stroke="{NOPLAN}" stroke-width="2.5"/>'
        f'<text x="{left + 548}" y="{legend_y}" font-size="12">{e(AXES("legend.infeasible", lang))}'
        "</text></svg>"
    )
    return "".join(out)


def has_wan(rows: list[dict]) -> bool:
    return any(r.get("value_wan") not in (None, "") for r in rows)


def point_label(r: dict, lang: str) -> str:
    wan = number(r.get("value_wan"))
    if wan is None:
        return swept_value(r["value"])
    return swept_value(r["value"]) + (
        f"（{money_or_dash(wan)} 万元）" if lang == "zh" else f" ({money_or_dash(wan)} 万元)"
    )


def circled(i: int) -> str:
    return CIRCLED[i] if i < len(CIRCLED) else f"({i + 1})"


def swept_value(value: object) -> str:
    text = str(value)
    return text.replace("-", MINUS) if text.startswith("-") else text
