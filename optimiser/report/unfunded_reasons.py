"""Why a candidate project went unfunded (optimiser.explain.unfunded), said once for the terminal,
report.html and allocation.xlsx: a start window outside the planned years, a prerequisite left
out, the benefit-cost threshold, its size, or a tie."""

from __future__ import annotations

from optimiser.report.names import Names
from optimiser.report.numbers import figure
from optimiser.report.words import Words, join, span

REASONS = Words(
    "unfunded reasons",
    {
        "window": {
            "zh": "开工时间窗口（{detail}）不在规划年度内",
            "en": "its start window ({detail}) lies outside the planned years",
        },
        "prerequisite": {
            "zh": "需先实施{detail}，而该项目未获安排",
            "en": "it needs {detail}, which is not funded",
        },
        "threshold": {
            "zh": "未达效益成本门槛：安排该项目将减少 {miss} {unit}",
            "en": "below the benefit-cost threshold: funding it would lose {miss} {unit}",
        },
        "indivisible": {
            "zh": "边际上值得安排，但项目不可分割而未入选",
            "en": "worth funding at the margin but kept out by its size (whole projects only)",
        },
        "tie": {
            "zh": "与这笔资金现在的用途效果相同：同样好的方案也可以安排该项目",
            "en": "as good as what its money does now: an equally good plan could fund it instead",
        },
        "unknown": {"zh": "无法给出原因", "en": "no reason available"},
    },
)


def reason_text(project: dict, names: Names, lang: str, objunit: str) -> str:
    """The reason an unfunded project (explanation.json's `unfunded`) gives, with names; empty
    where the run gives none (a project listed from projects.csv alone)."""
    reason = project.get("reason") or ""
    if reason not in REASONS.words:
        return ""
    detail = str(project.get("detail") or "")
    if reason == "window" and detail:
        first, _, last = detail.partition("-")
        detail = span(sorted({int(first), int(last or first)}), lang)
    elif reason == "prerequisite" and detail:
        detail = join([names.project(p, lang) for p in detail.split(";") if p], lang)
    miss = project.get("misses_by")
    return REASONS.say(reason, lang, detail=detail, miss=figure(miss), unit=objunit)
