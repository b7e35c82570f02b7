"""Comparison tables and charts for scenario sets and sweeps: text for the terminal, CSV for
analysts, and a self-contained HTML page with an SVG chart."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from optimiser.report.text import money, table

COLUMNS = [
    "scenario",
    "status",
    "objective",
    "change",
    "deep_share",
    "moved_wan",
    "audit_broken",
    "folder",
]


def comparison_row(name: str, run, base, folder: Path) -> dict:
    solution = run.solution
    row = {
        "scenario": name,
        "status": solution.status,
        "objective": solution.objective,
        "change": None,
        "deep_share": None,
        "moved_wan": None,
        "audit_broken": None,
        "folder": str(folder),
    }
    if solution.has_plan:
        if base.solution.objective is not None:
            row["change"] = solution.objective - base.solution.objective
        data = run.data
        earmark = {s.code for s in data.sources if s.earmark}
        alloc = solution.allocation
        special = alloc[alloc["source"].isin(earmark)]
        total = special["amount_wan"].sum()
        deep = special[special["county_code"].isin(data.deep_codes)]["amount_wan"].sum()
        row["deep_share"] = float(deep / total) if total else None
        a = base.solution.allocation.groupby("county_code")["amount_wan"].sum()
        b = alloc.groupby("county_code")["amount_wan"].sum()
        row["moved_wan"] = moved_between(a, b)
        summary = folder / "summary.json"
        if summary.exists():
            import json

            row["audit_broken"] = json.loads(summary.read_text())["audit"]["broken"]
    return row


def moved_between(a: pd.Series, b: pd.Series) -> float:
    """Money that changed county: what some lose and others gain, the net change aside."""
    change = pd.concat([a, b], axis=1).fillna(0.0).diff(axis=1).iloc[:, 1]
    return float((change.abs().sum() - abs(change.sum())) / 2)


def render_comparison(rows: list[dict], lang: str = "zh") -> str:
    body = [
        [
            r["scenario"],
            r["status"],
            _num(r["objective"]),
            _num(r["change"], signed=True),
            "-" if r["deep_share"] is None else f"{r['deep_share']:.2%}",
            _num(r["moved_wan"]),
            "-" if r["audit_broken"] is None else str(r["audit_broken"]),
        ]
        for r in rows
    ]
    return "Scenarios (money moved: between counties, against the base)\n" + table(
        ["scenario", "status", "objective", "change", "deep share", "moved 万元", "rules broken"],
        body,
        {2, 3, 4, 5, 6},
    )


def write_comparison(rows: list[dict], base_folder: Path, lang: str = "zh") -> Path:
    """comparison.csv and comparison.html beside the base run's folder."""
    target = base_folder.parent / f"{base_folder.name}-scenarios.csv"
    pd.DataFrame(rows, columns=COLUMNS).to_csv(target, index=False, encoding="utf-8")
    values = [(r["scenario"], r["objective"]) for r in rows if r["objective"] is not None]
    target.with_suffix(".html").write_text(
        _page("Scenarios · 情景比较", _bars(values, "objective")), encoding="utf-8"
    )
    return target


def render_sweep(rows: list[dict], param: str, data, lang: str = "zh") -> str:
    names = {c.code: c.name for c in data.counties}
    solved = [r for r in rows if r["objective"] is not None]
    counties = [k for k in (solved[0] if solved else {}) if k.startswith("county:")]
    spread = sorted(
        counties,
        key=lambda k: -(max(r.get(k, 0) or 0 for r in rows) - min(r.get(k, 0) or 0 for r in rows)),
    )[:5]
    header = ["value", "status", "objective", "deep share"] + [names[k[7:]] for k in spread] + [""]
    body = []
    for r in rows:
        share = r.get("deep_share")
        body.append(
            [
                str(r["value"]),
                r["status"],
                _num(r["objective"]),
                "-" if share is None else f"{share:.2%}",
            ]
            + [_num(r.get(k)) for k in spread]
            + ["binding rules change" if r.get("binding_changed") else ""]
        )
    return (
        f"Sweep of {param} ({len(rows)} points; the five counties whose money moves most; "
        f"every county in sweep.csv)\n" + table(header, body, set(range(2, 4 + len(spread))))
    )


def write_sweep_chart(
    rows: list[dict], path: Path, param: str, data=None, lang: str = "zh"
) -> None:
    points = [
        (str(r["value"]), r["objective"], r.get("binding_changed"))
        for r in rows
        if r["objective"] is not None
    ]
    path.write_text(_page(f"Sweep · {param}", _line(points)), encoding="utf-8")


def _num(value, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "-"
    text = money(float(value))
    return ("+" + text) if signed and value > 0 else text


def _page(title: str, svg: str) -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}'
        f'</title></head><body style="font-family:sans-serif"><h1>{html.escape(title)}'
        f"</h1>{svg}</body></html>"
    )


def _bars(values: list[tuple[str, float]], label: str) -> str:
    if not values:
        return "<p>-</p>"
    top = max(abs(v) for _, v in values) or 1.0
    rows = []
    for i, (name, value) in enumerate(values):
        width = 600 * abs(value) / top
        rows.append(
            f'<text x="0" y="{i * 22 + 15}" font-size="12">{html.escape(name)}'
            f'</text><rect x="160" y="{i * 22 + 3}" width="{width:.1f}" '
            f'height="16" fill="#1f5f99"/><text x="{165 + width:.1f}" '
            f'y="{i * 22 + 15}" font-size="11">{money(value)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="900" '
        f'height="{len(values) * 22 + 10}" aria-label="{label}">' + "".join(rows) + "</svg>"
    )


def _line(points: list[tuple[str, float, bool]]) -> str:
    if len(points) < 2:
        return "<p>-</p>"
    low = min(p[1] for p in points)
    high = max(p[1] for p in points)
    span = (high - low) or 1.0
    width, height = 800, 320
    xy = [
        (60 + i * (width - 100) / (len(points) - 1), 20 + (height - 60) * (high - v) / span)
        for i, (_, v, _c) in enumerate(points)
    ]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(xy))
    marks = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{6 if changed else 3}" '
        f'fill="{"#c23b3b" if changed else "#1f5f99"}"><title>{html.escape(v)}: '
        f"{money(o)}{' (binding rules change)' if changed else ''}</title></circle>"
        f'<text x="{x:.1f}" y="{height - 10}" font-size="10" text-anchor="middle">'
        f"{html.escape(v)}</text>"
        for (x, y), (v, o, changed) in zip(xy, points, strict=True)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<path d="{path}" fill="none" stroke="#1f5f99" stroke-width="2"/>{marks}'
        f'<text x="5" y="15" font-size="11">objective {money(high)}</text>'
        f'<text x="5" y="{height - 45}" font-size="11">{money(low)}</text></svg>'
        "<p>Red points: the set of binding policy rules changes there.</p>"
    )
