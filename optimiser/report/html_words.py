"""The words of report.html, in Chinese and English (optimiser.report.words)."""

from __future__ import annotations

from optimiser.report.words import Words

W = Words(
    "report.html",
    {
        "plan": {"zh": "{span}资金分配方案", "en": "Allocation plan, {span}"},
        "made": {"zh": "生成时间：{time}", "en": "Made {time}"},
        "status": {"zh": "方案状态：{status}", "en": "Status: {status}"},
        "gap": {"zh": "（与最优值相差不超过 {gap}）", "en": " (within {gap} of the optimum)"},
        "do_not_sign": {"zh": "请勿签批", "en": "Do not sign"},
        "audit_found": {"zh": "独立审核的发现：", "en": "What the independent audit found:"},
        "no_plan": {
            "zh": "本次运行没有得出方案，以下说明原因。",
            "en": "This run has no plan; what stands in the way follows.",
        },
        "tile_money": {"zh": "已分配资金", "en": "Money allocated"},
        "tile_money_of": {
            "zh": "预算 {budget} 万元，已用 {share}",
            "en": "of {budget} 万元 budgeted ({share} used)",
        },
        "tile_people": {"zh": "覆盖贫困人口（加权）", "en": "Poor people reached (weighted)"},
        "people_unit": {"zh": "人", "en": "people"},
        "tile_people_more": {
            "zh": "按递减权重和深度贫困县权重计",
            "en": "diminishing returns; deep counties weighted",
        },
        "tile_deep": {
            "zh": "深度贫困县所得中央和省级专项资金",
            "en": "Deep counties' share of special funds",
        },
        "deep_of": {"zh": "{deep} / {total} 万元", "en": "{deep} of {total} 万元"},
        "earmark_met": {
            "zh": "规定不低于 {share}：达标",
            "en": "at least {share} required: met",
        },
        "earmark_short": {
            "zh": "规定不低于 {share}：未达标",
            "en": "at least {share} required: not met",
        },
        "chart": {
            "zh": "各县资金（万元，按资金来源分色）",
            "en": "Money by county (万元, by source)",
        },
        "chart_city": {
            "zh": "各市资金（万元，按资金来源分色；各县见后页）",
            "en": "Money by city (万元, by source; the counties follow after this page)",
        },
        "chart_note": {
            "zh": "★ 深度贫困县；按市排列，顺序同数据集",
            "en": "★ deep-poverty county; by city, in the dataset's order",
        },
        "rules_head": {
            "zh": "起约束作用的主要政策规则",
            "en": "The policy rules that bind the plan most",
        },
        "rules_count": {"zh": "（共 {n} 处）", "en": " ({n} instances)"},
        "rules_more": {
            "zh": "另有 {rules} 条政策规则（共 {n} 处）起约束作用，列于后页。",
            "en": "{rules} more policy rules ({n} instances) bind; they are listed after "
            "this page.",
        },
        "rules_idle": {
            "zh": "另有 {rules} 条政策规则（共 {n} 处）恰在限值上，单独放宽任何一处都不改变方案，列于后页。",
            "en": "{rules} more policy rules ({n} instances) are at their limits where relaxing "
            "any one alone changes nothing; they are listed after this page.",
        },
        "rules_none": {
            "zh": "没有政策规则起约束作用：方案只受预算和需求的限制。",
            "en": "No policy rule binds: only budgets and needs limit the plan.",
        },
        "cite": {"zh": "依据{text}", "en": "Rests on {text}"},
        "clause": {"zh": "《{doc}》{where}", "en": "{doc}, {where}"},
        "clause_quote": {"zh": "《{doc}》{where}：“{quote}”", "en": "{doc}, {where}: “{quote}”"},
        "clause_here": {"zh": "{where}", "en": "{where}"},
        "clause_here_quote": {"zh": "{where}：“{quote}”", "en": "{where}: “{quote}”"},
        "rules_source": {
            "zh": "所引条款未注明文件的，出自《{doc}》。",
            "en": "Clauses cited are of {doc} unless named.",
        },
        "public": {"zh": "公开报道资料", "en": "public reports"},
        "details": {"zh": "明细", "en": "Details"},
        "details_note": {
            "zh": "点击各节标题展开或收起；打印时全部展开。",
            "en": "Click a heading to open or close its section; printing opens them all.",
        },
        "by_county": {"zh": "按县分配（万元）", "en": "Money by county (万元)"},
        "col_city": {"zh": "市", "en": "City"},
        "col_county": {"zh": "县", "en": "County"},
        "col_special": {
            "zh": "中央和省级专项资金（万元）",
            "en": "Central and provincial special funds (万元)",
        },
        "col_other": {"zh": "其他资金（万元）", "en": "Other sources (万元)"},
        "col_total": {"zh": "合计（万元）", "en": "Total (万元)"},
        "col_share": {"zh": "占专项资金比例", "en": "Share of the special funds"},
        "subtotal": {"zh": "{city}小计", "en": "{city} subtotal"},
        "county_note": {
            "zh": "★ 深度贫困县（加粗）。各市小计不计入合计；合计为各县之和。",
            "en": "★ deep-poverty county (bold). City subtotals are not added into the total, "
            "which is the sum of the counties.",
        },
        "summed": {"zh": "{span}合计。", "en": "Summed over {span}."},
        "by_source": {"zh": "按资金来源（万元）", "en": "Money by source (万元)"},
        "col_source": {"zh": "资金来源", "en": "Source"},
        "col_budget": {"zh": "预算（万元）", "en": "Budget (万元)"},
        "col_allocated": {"zh": "已分配（万元）", "en": "Allocated (万元)"},
        "col_used": {"zh": "使用比例", "en": "Used"},
        "rules_all": {"zh": "起约束作用的规则", "en": "Rules that bind"},
        "rules_intro": {
            "zh": "政策规则在前，预算和需求在后；每条规则列出放宽后价值最大的几处。",
            "en": "Policy rules first, then budgets and needs; for each rule, the instances "
            "whose relaxing is worth most.",
        },
        "given": {
            "zh": "边际价值在已选定项目不变的前提下计算。",
            "en": "Values are computed with the selected projects held fixed.",
        },
        "policy_head": {"zh": "政策规则", "en": "Policy rules"},
        "structural_head": {
            "zh": "达到上限的预算和需求",
            "en": "Budgets and needs at their limits",
        },
        "rule_group": {"zh": "{title}（{n} 处）", "en": "{title} ({n} instances)"},
        "rule_more": {"zh": "另有 {n} 处。", "en": "{n} more."},
        "rule_idle": {
            "zh": "另有 {n} 处恰在限值上，单独放宽其中任何一处，方案都不会改善。",
            "en": "{n} more at their limits, where relaxing any one alone would not improve the "
            "plan.",
        },
        "rule_zero": {
            "zh": "{n} 处均已达到限值；单独放宽其中任何一处，方案都不会改善。",
            "en": "{n} at their limits; relaxing any one of them alone would not improve the plan.",
        },
        "unfunded": {"zh": "未获安排的候选项目", "en": "Candidate projects left unfunded"},
        "col_project": {"zh": "项目", "en": "Project"},
        "col_cost": {"zh": "投资（万元）", "en": "Cost (万元)"},
        "col_people": {"zh": "受益人数（人）", "en": "Beneficiaries (people)"},
        "col_reason": {"zh": "未安排原因", "en": "Why not funded"},
        "unfunded_more": {
            "zh": "另有 {n} 个项目未列出。",
            "en": "{n} more projects are not listed.",
        },
        "explanation": {"zh": "方案说明", "en": "How the plan comes about"},
        "prices_head": {
            "zh": "各规则的代价（取消该规则后重新求解比较）",
            "en": "What each rule costs (the plan solved again without it)",
        },
        "weights_head": {
            "zh": "方案对哪些县的权重最敏感（每多覆盖一人的价值）",
            "en": "Where the plan is most sensitive to the weights (value of one more person "
            "reached)",
        },
        "near_head": {
            "zh": "接近限值的规则（距限值 {pct} 以内）",
            "en": "Rules near their limits (within {pct})",
        },
        "conflict_head": {"zh": "相互冲突的规则", "en": "The rules that conflict"},
        "conflict_intro": {
            "zh": "没有任何方案能同时满足以下规则：",
            "en": "No plan satisfies all of these at once:",
        },
        "relax_all": {
            "zh": "同时放宽全部限值时，最小的放宽量：",
            "en": "The smallest relaxation of all limits together:",
        },
        "alternatives": {
            "zh": "或者，单独放宽以下任一项即可得到方案：",
            "en": "Or, any one of these alone would make a plan possible:",
        },
        "notes": {"zh": "注", "en": "Notes"},
        "technical": {"zh": "技术信息", "en": "Technical details"},
        "objective_line": {
            "zh": "目标值：{value} {unit}（{mode}）",
            "en": "Objective: {value} {unit} ({mode})",
        },
        "model_line": {
            "zh": "模型规模：{variables} 个变量（其中整数变量 {integers} 个），{constraints} 个约束",
            "en": "Model: {variables} variables ({integers} integer), {constraints} constraints",
        },
        "solver_line": {
            "zh": "求解器：{solver}，求解用时 {seconds} 秒",
            "en": "Solver: {solver}, {seconds} s to solve",
        },
        "audit_line": {
            "zh": "独立审核：核对 {checked} 处，违反 {broken} 处",
            "en": "Independent audit: {checked} checked, {broken} broken",
        },
        "version_line": {"zh": "程序版本：{version}", "en": "Program version: {version}"},
        "folder": {
            "zh": "运行文件夹：{name}（含 {files}）",
            "en": "Run folder: {name} (holds {files})",
        },
        "beijing": {"zh": "北京时间", "en": "China Standard Time"},
    },
)
