"""The words of allocation.xlsx, in Chinese and English (optimiser.report.words)."""

from __future__ import annotations

from optimiser.report.words import Words

WORDS = Words(
    "workbook",
    {
        # sheet names (Excel: at most 31 characters, none of []:*?/\)
        "sheet.cover": {"zh": "说明", "en": "Cover"},
        "sheet.summary": {"zh": "汇总", "en": "Summary"},
        "sheet.summary_year": {"zh": "{year}年汇总", "en": "Summary {year}"},
        "sheet.detail": {"zh": "明细", "en": "Detail"},
        "sheet.rules": {"zh": "规则", "en": "Rules"},
        "sheet.unfunded": {"zh": "未安排项目", "en": "Unfunded projects"},
        # cover
        "cover.title": {
            "zh": "专项扶贫资金分配方案",
            "en": "Allocation of poverty-alleviation funds",
        },
        "cover.dataset": {"zh": "数据集", "en": "Dataset"},
        "cover.years": {"zh": "规划年度", "en": "Plan years"},
        "cover.status": {"zh": "方案状态", "en": "Status"},
        "cover.objective": {"zh": "规划目标", "en": "Objective"},
        "cover.allocated": {"zh": "安排资金合计", "en": "Money allocated"},
        "cover.budget": {"zh": "预算合计", "en": "Budget"},
        "cover.used": {"zh": "预算使用比例", "en": "Share of the budget used"},
        "cover.people": {"zh": "覆盖贫困人口（加权）", "en": "Poor people reached (weighted)"},
        "cover.deep_share": {
            "zh": "深度贫困县占中央和省级专项资金比例",
            "en": "Deep counties' share of central and provincial special funds",
        },
        "cover.earmark": {
            "zh": "规定深度贫困县所占比例不低于",
            "en": "Share the earmark rule requires at least",
        },
        "cover.audit": {"zh": "独立审核", "en": "Independent audit"},
        "cover.audit_ok": {
            "zh": "通过：核查规则实例 {checked} 条，无违反",
            "en": "passed: {checked} rule instances checked, none broken",
        },
        "cover.audit_broken": {
            "zh": "未通过：核查规则实例 {checked} 条，违反 {broken} 条，请勿签批",
            "en": "failed: {checked} rule instances checked, {broken} broken; do not sign",
        },
        "cover.audit_soft": {
            "zh": "（另有 {n} 条软性规则未达到）",
            "en": " ({n} soft rules short of their limit)",
        },
        "cover.started": {"zh": "运行时间", "en": "Run at"},
        "cover.run_id": {"zh": "运行编号（文件夹）", "en": "Run (folder)"},
        "cover.lang": {"zh": "语言", "en": "Language"},
        "cover.lang_value": {"zh": "中文", "en": "English"},
        "cover.notes": {"zh": "注意事项", "en": "Notes"},
        "cover.rules": {
            "zh": "最关键的政策规则（按限值每放宽一个单位的价值排序）",
            "en": "The policy rules that matter most (by what one more unit of the limit is worth)",
        },
        "cover.sheets": {"zh": "工作表", "en": "Sheets"},
        "cover.sheet.summary": {
            "zh": "各县分资金来源的安排合计（万元），含行列合计和预算",
            "en": "money by county and source (万元), with totals and the budget",
        },
        "cover.sheet.detail": {
            "zh": "每一笔安排：年度、县、资金来源、项目类别、项目、金额；可筛选",
            "en": "every amount: year, county, source, category, project; with filters",
        },
        "cover.sheet.rules": {
            "zh": "起约束作用的规则实例，政策规则在前，含放宽一个单位的价值",
            "en": "rule instances that bind, policy rules first, with the value of one more unit",
        },
        "cover.sheet.unfunded": {
            "zh": "未获安排的候选项目及原因",
            "en": "candidate projects left unfunded, and why",
        },
        "unit.wan": {"zh": "万元", "en": "万元"},
        "unit.people": {"zh": "人", "en": "people"},
        "yes": {"zh": "是", "en": "yes"},
        "no": {"zh": "否", "en": "no"},
        # summary
        "summary.title": {
            "zh": "{years}各县资金安排汇总（万元）",
            "en": "Money by county and source, {years} (万元)",
        },
        "city": {"zh": "市", "en": "City"},
        "county": {"zh": "县", "en": "County"},
        "deep": {"zh": "深度贫困县", "en": "Deep-poverty county"},
        "total": {"zh": "合计", "en": "Total"},
        "budget_row": {"zh": "预算", "en": "Budget"},
        # detail
        "detail.title": {"zh": "{years}资金安排明细（万元）", "en": "Every amount, {years} (万元)"},
        "year": {"zh": "年度", "en": "Year"},
        "source": {"zh": "资金来源", "en": "Source"},
        "category": {"zh": "项目类别", "en": "Category"},
        "project": {"zh": "项目", "en": "Project"},
        "amount": {"zh": "金额（万元）", "en": "Amount (万元)"},
        "committed": {"zh": "以前年度已承诺支付", "en": "payment committed before the run"},
        # rules
        "rules.title": {
            "zh": "起约束作用的规则：政策规则在前，其后为预算、需求、项目等结构约束",
            "en": "Rules that bind: policy rules first, then the structural limits (budgets, "
            "needs, projects)",
        },
        "rule": {"zh": "规则", "en": "Rule"},
        "kind": {"zh": "类型", "en": "Kind"},
        "kind.policy": {"zh": "政策规则", "en": "policy"},
        "kind.structural": {"zh": "结构约束", "en": "structural"},
        "instance": {"zh": "实例", "en": "Instance"},
        "status": {"zh": "状态", "en": "Status"},
        "status.binding": {"zh": "达到限值", "en": "binding"},
        "status.violated": {"zh": "未达到（软性规则）", "en": "short (soft rule)"},
        "value": {"zh": "数值", "en": "Value"},
        "limit": {"zh": "限值", "en": "Limit"},
        "unit": {"zh": "单位", "en": "Unit"},
        "gain": {
            "zh": "限值放宽一个单位的价值（{unit}）",
            "en": "Value of one more unit ({unit})",
        },
        "range_low": {"zh": "价值成立区间下限", "en": "Holds from"},
        "range_high": {"zh": "价值成立区间上限", "en": "Holds to"},
        "citation": {"zh": "依据", "en": "Citation"},
        "no_low": {"zh": "无下限", "en": "no lower end"},
        "no_high": {"zh": "无上限", "en": "no upper end"},
        # unfunded projects
        "unfunded.title": {
            "zh": "未获安排的候选项目",
            "en": "Candidate projects left unfunded",
        },
        "cost": {"zh": "投资（万元）", "en": "Cost (万元)"},
        "beneficiaries": {"zh": "受益人数（人）", "en": "Beneficiaries (people)"},
        "reason": {"zh": "未安排原因", "en": "Why unfunded"},
        "none": {"zh": "无", "en": "none"},
        # print
        "footer": {"zh": "第 &P 页，共 &N 页", "en": "Page &P of &N"},
    },
)
