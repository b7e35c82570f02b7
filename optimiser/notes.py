"""The notes a run carries (a need taken as met, a rule not applied for want of data, what the
audit found), said in either language with names.

A `Note` is the English sentence with codes (what logs and tests compare, so it stays a `str`),
plus its key and fields, from which reports say it in the reader's language with the dataset's
names (optimiser.report.names). Fields are named for what they hold, so they can be named:
county/counties, category, source/sources, rule, instance (of `rule`), project, year."""

from __future__ import annotations

NOTES: dict[str, dict[str, str]] = {
    "need_met_before": {
        "zh": "{category}任务应于{year}年前完成（早于本次规划）：视为{counties}已完成",
        "en": "{category} due by {year}, before this run: taken as done in {counties}",
    },
    "target_met_before": {
        "zh": "{rule}：{category}任务应于{year}年前完成（早于本次规划），视为已完成",
        "en": "{rule}: {category} due by {year}, before this run: taken as met",
    },
    "stability_no_history": {
        "zh": "稳定性：history.csv 没有{year}年的拨款，{first}年不与上一年比较",
        "en": "stability: history.csv has no allocations of {year}; {first} is not compared "
        "with the year before",
    },
    "stability_weight": {
        "zh": "稳定性：各县资金较上一年每变动1万元，目标值计入 {weight}（比较对象：{against}）",
        "en": "stability: the objective counts {weight} per 万元 by which a county's money "
        "changes against {against}",
    },
    "stability_against_actuals": {
        "zh": "{year}年实际拨款（用于{first}年）",
        "en": "the actuals of {year} for {first}",
    },
    "stability_against_plan": {
        "zh": "以后各年对照上一年的方案",
        "en": "the plan of the year before for later years",
    },
    "increase_no_rates": {
        "zh": "{rule}：市级“双增长”条件需要{year}年和{earlier}年的实际拨款，以下市不适用：{cities}",
        "en": "{rule}: the cities' growth-rate condition (双增长) needs the actuals of {year} "
        "and {earlier}; not applied for {cities}",
    },
    "increase_no_actuals": {
        "zh": "{rule}：{group} {plan_year}年：缺少{year}年实际拨款，不适用",
        "en": "{rule} {group} {plan_year}: no actuals of {year}; not applied",
    },
    "growth_no_budget_before": {
        "zh": "{rule}：{sources} {plan_year}年：{year}年没有切块预算，无增幅可比",
        "en": "{rule} {sources} {plan_year}: no block budget in {year}, no growth rate to "
        "compare with",
    },
    "growth_no_actuals": {
        "zh": "{rule}：{sources} {plan_year}年：{year}年深度贫困县没有切块资金实际拨款，不适用增幅下限",
        "en": "{rule} {sources} {plan_year}: no actual block allocation to the deep counties "
        "in {year}; the growth floor is not applied",
    },
    "relief_set_up_before": {
        "zh": "{rule}：{instance}已在本次规划前设立（{amount} 万元）",
        "en": "{rule} {instance}: set up before the run ({amount} 万元)",
    },
    "time_limit": {
        "zh": "已达到时间限制：未计算边际价值",
        "en": "the time limit was reached: no marginal values were computed",
    },
    "audit_broken": {
        "zh": "审核：{rule} {instance} 被违反：{value}，限值 {sense} {limit}",
        "en": "audit: {rule} {instance} is broken: {value} against {sense} {limit}",
    },
    "audit_more": {
        "zh": "审核：另有 {count} 处违反，见 audit.csv",
        "en": "audit: {count} more broken instances in audit.csv",
    },
    "audit_objective": {
        "zh": "审核：按方案表格重算的目标值为 {recomputed}，求解器给出 {solver}",
        "en": "audit: the objective recomputed from the plan's tables is {recomputed}, the "
        "solver's {solver}",
    },
    "unused_rows": {
        "zh": "任何一次运行都用不到的数据行：{rows}（数据校验逐行说明原因）",
        "en": "rows no run uses: {rows} (allocate validate says why)",
    },
    "other_years_rows": {
        "zh": "其他规划年份的数据行本次未用（本次规划 {years} 年）：{rows}",
        "en": "rows of other plan years, not used by this run (it plans {years}): {rows}",
    },
    "environment_differs": {
        "zh": "已安装的版本与经过测试的锁定文件（{lock}）不同（≠ 后为锁定版本）：{packages}。"
        "`make install` 可按锁定文件重建运行环境。",
        "en": "Installed versions differ from the tested lock ({lock}; locked after ≠): {packages}. "
        "`make install` rebuilds the environment from the lock.",
    },
}


class Note(str):
    """A note: its English text (with codes) as the string, its key and fields beside."""

    key: str
    fields: dict

    def __new__(cls, key: str, **fields: object) -> Note:
        plain = {
            k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v
            for k, v in fields.items()
        }
        note = super().__new__(cls, NOTES[key]["en"].format(**plain))
        note.key = key
        note.fields = fields
        return note
