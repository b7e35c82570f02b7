"""What HiGHS (or the way a plan with projects was solved, optimiser.solve.runs) said of a run,
in the reader's language, for the solver line of `--detail`; English as it was recorded."""

from __future__ import annotations

import re

from optimiser.report.words import Words
from optimiser.solve.runs import COUNTY_PLAN, FIXED_PLAN

# HiGHS's words for a model's status (modelStatusToString) and the ways a plan with projects is
# solved (optimiser.solve.runs), for the solver line of --detail
SOLVER = Words(
    "solver words",
    {
        "Optimal": {"zh": "最优", "en": "Optimal"},
        "Feasible": {"zh": "可行", "en": "Feasible"},
        "Infeasible": {"zh": "无可行解", "en": "Infeasible"},
        "Primal infeasible or unbounded": {
            "zh": "无可行解或无界",
            "en": "Primal infeasible or unbounded",
        },
        "Unbounded": {"zh": "无界", "en": "Unbounded"},
        "Time limit reached": {"zh": "达到时间限制", "en": "Time limit reached"},
        "Iteration limit reached": {"zh": "达到迭代次数限制", "en": "Iteration limit reached"},
        "Interrupted by user": {"zh": "被用户中断", "en": "Interrupted by user"},
        "Memory limit reached": {"zh": "达到内存限制", "en": "Memory limit reached"},
        "relax": {
            "zh": "{kind}：距{bound} {gap}；{plan}；线性松弛后，{all} 个项目中有 {left} 个未定",
            "en": "{kind}: {gap} from {bound}; the plan is {plan}; the relaxation left {left} of "
            "{all} projects in part",
        },
        COUNTY_PLAN: {
            "zh": "方案取各县在线性松弛对偶价格下各自的最优项目组合",
            "en": COUNTY_PLAN,
        },
        FIXED_PLAN: {
            "zh": "方案由整数规划在线性松弛未定的项目中选定",
            "en": FIXED_PLAN,
        },
        "lp_bound": {"zh": "线性松弛界", "en": "the LP relaxation's bound"},
        "county_bound": {
            "zh": "按县分组定价的界（{groups} 组，{rows} 个跨组约束按对偶价格定价；线性松弛界相距 {own}）",
            "en": "a bound priced county by county ({groups} groups, {rows} rows tying them "
            "priced at their LP duals; the LP relaxation's own bound is {own} away)",
        },
        "stage": {
            "zh": "{said}（在先行满足“深度贫困县优先”阶段时：{stage}）",
            "en": "{said} (found while maximising the first stage: {stage})",
        },
        "relax-then-fix": {
            "zh": "方法：先解线性松弛，再固定已确定的项目",
            "en": "relax-then-fix",
        },
        "relax-then-fix, then branch and bound": {
            "zh": "方法：先解线性松弛、固定已确定的项目，再分支定界",
            "en": "relax-then-fix, then branch and bound",
        },
    },
)

RELAXED = re.compile(
    r"^(?P<kind>Optimal|Feasible): (?P<gap>\S+) from (?:the LP relaxation's bound|a bound "
    r"priced county by county \((?P<groups>\d+) groups, (?P<rows>\d+) rows tying them priced "
    r"at their LP duals; the LP relaxation's own bound is (?P<own>\S+) away\)); the plan is "
    r"(?P<plan>[^;]+); the relaxation left (?P<left>\d+) of (?P<all>\d+) projects in part"
)

METHOD = re.compile(r" \[(?P<method>[^\]]+)\]$")
STAGE = re.compile(r" \(found while maximising the first stage: (?P<stage>[^)]+)\)$")


def solver_words(text: str, lang: str) -> str:
    """What HiGHS (or the method) said of a run, in `lang`; English as it was recorded."""
    if lang != "zh" or not text:
        return text
    said = text
    method = METHOD.search(said)
    if method:
        said = said[: method.start()]
    stage = STAGE.search(said)  # optimiser.solve.highs: a stage of the priority rules failed
    if stage:
        said = said[: stage.start()]
    relaxed = RELAXED.match(said)
    if relaxed:
        parts = relaxed.groupdict()
        bound = (
            SOLVER.say("county_bound", lang, **parts)
            if parts["groups"]
            else SOLVER.say("lp_bound", lang)
        )
        fields = {k: v for k, v in parts.items() if k in ("gap", "left", "all")}
        plan = SOLVER.say(parts["plan"], lang) if parts["plan"] in SOLVER.words else parts["plan"]
        kind = SOLVER.say(parts["kind"], lang)
        said = SOLVER.say("relax", lang, kind=kind, bound=bound, plan=plan, **fields)
    elif said in SOLVER.words:
        said = SOLVER.say(said, lang)
    if stage:
        inner = stage.group("stage")
        said = SOLVER.say(
            "stage", lang, said=said, stage=SOLVER.words.get(inner, {}).get(lang, inner)
        )
    if method:
        name = method.group("method")
        said += "（" + (SOLVER.say(name, lang) if name in SOLVER.words else name) + "）"
    return said
