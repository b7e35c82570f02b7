"""Problems (optimiser.problems) in the reader's language.

The checks, readers and schemas make every problem in English (its `expected` text); this module
says it in Chinese where a person reads it, the way optimiser.report.solver_words says what HiGHS
said. Each English text is matched against the templates of the catalogue below, whose keys are
the English texts with their variable parts as {fields}:

- a field named in PHRASES is itself an English text made by the code (a description, a limit,
  the reason a row is not read) and is said through the catalogue again;
- a field named in LISTS is a list of codes or years: kept as written, its separators said in
  Chinese (a、b 或 c);
- a field named in RULES is a rule id, said with its title;
- a field named in FREE is the words of another program (the operating system, the CSV or YAML
  reader, pydantic): said in Chinese where the catalogue knows them, else kept as written;
- any other field is a value (a code, a number, a path, what the user typed): kept as written,
  but for the few values the code itself writes in English (VALUES: `every county`).

Of the templates that match a text, the one that keeps the least as written is taken. A text
that is itself a problem written out (an override the checks refuse carries the problem of the
row it breaks) is said as that problem. English is the problem as it was made (`str(problem)`),
unchanged. A text no template matches is kept in English; tests/test_problem_words.py and
tests/problem_guard.py hold every problem the code can make to a template, so a message added
without one fails."""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from functools import cache, lru_cache

from optimiser.problems import Problem
from optimiser.report.words import Words

PHRASES = {
    "expected",
    "what",
    "description",
    "limit",
    "words",
    "why",
    "hint",
    "choices",
    "found",
    "todo",
    "span",
    "kind",
}
LISTS = {
    "listed",
    "valid",
    "near",
    "columns",
    "keys",
    "tables",
    "years",
    "codes",
    "levels",
    "files",
    "names",
    "plan",
    "outside",
    "actuals",
    "targets",
    "unknown",
    "choice",
}
RULES = {"rule"}
FREE = {"reason", "msg"}
PATTERNS = {  # what some fields hold, so that they cannot take in the words around them
    "rule": r"R-[A-Z][A-Z-]*[A-Z]",
    "n": r"-?[0-9][0-9,.e+%-]*",
    "m": r"-?[0-9][0-9,.e+%-]*",
    "msg": r"[A-Z][^()]*",
}

# the words around a problem: where it is, the value found, what was expected
FRAME = Words(
    "problem frame",
    {
        "error": {"zh": "错误", "en": "error"},
        "warning": {"zh": "提示", "en": "warning"},
        "row": {"zh": "第 {row} 行", "en": "row {row}"},
        "column": {"zh": "{column} 列", "en": "column {column}"},
        "column_named": {"zh": "{column} 列（{name}）", "en": "column {column} ({name})"},
        "key": {"zh": "{column} 项", "en": "column {column}"},
        "cell": {"zh": "单元格 {column}", "en": "column {column}"},
        "override": {"zh": "调整项 {column}", "en": "override, column {column}"},
        "sep": {"zh": "，", "en": ", "},
        "value": {"zh": "：值 {value}", "en": ": value {value}"},
        "expected": {"zh": "：应为{expected}", "en": ": expected {expected}"},
        "after": {"zh": "：调整后 {inner}", "en": ": expected {inner}"},
        "found": {"zh": "值 {value}：", "en": "{value}: "},
        "wanted": {"zh": "应为{expected}", "en": "expected {expected}"},
        "line": {"zh": "{label}：{problem}", "en": "{label}: {problem}"},
        "head": {
            "zh": "问题：错误 {errors} 个，提示 {warnings} 个",
            "en": "Problems: {errors} error(s), {warnings} warning(s)",
        },
        "none": {"zh": "问题：无。", "en": "Problems: none."},
        "more": {
            "zh": "{label}：……另有 {count} 处同类问题，见 {file}{rows}",
            "en": "{label}: ... and {count} more like this in {file}{rows}",
        },
        "rows": {"zh": "（第 {first}—{last} 行）", "en": " (rows {first}-{last})"},
    },
)

# values the code writes in English (the rest are as the user typed them)
VALUES = Words(
    "problem values",
    {
        "row {row} and {n} more": {
            "zh": "第 {row} 行及另外 {n} 行",
            "en": "row {row} and {n} more",
        },
        "row {row}": {"zh": "第 {row} 行", "en": "row {row}"},
        "every county": {"zh": "全部县", "en": "every county"},
        "{listed}, ... ({n} in all)": {
            "zh": "{listed}……（共 {n} 个）",
            "en": "{listed}, ... ({n} in all)",
        },
    },
)

_EXPECTED: dict[str, str] = {
    # ---- the words of optimiser.schemas.messages and optimiser.schemas.types ----------------
    "a number": "数",
    "a whole number": "整数",
    "true or false": "`true` 或 `false`",
    "text": "文字",
    "a list": "列表",
    "a mapping of names to values": "名称到值的映射",
    "a finite number": "有限的数",
    "a value (required)": "一个值（必填）",
    "at least {n}": "不小于 {n}",
    "above {n}": "大于 {n}",
    "at most {n}": "不大于 {n}",
    "below {n}": "小于 {n}",
    "one of {choice}": "以下之一：{choice}",
    "{description}, {limit}": "{description}，{limit}",
    "{words}: {description}": "{words}：{description}",
    "{description} ({msg})": "{description}（{msg}）",
    "did you mean {near}? valid: {valid}": "是否要写 {near}？可用的有：{valid}",
    "valid: {valid}": "可用的有：{valid}",
    "none are defined": "（一个也没有定义）",
    "a code of letters, digits, '_' or '-'": "由字母、数字、'_' 或 '-' 组成的代码",
    "some text": "文字（不能为空）",
    "a four-digit year such as 2018": "四位数的年份，如 2018",
    "whole years ≥ 1": "不少于 1 的整年数",
    "a number ≥ 0": "不小于 0 的数",
    "a number > 0": "大于 0 的数",
    "a share between 0 and 1": "0 到 1 之间的比例",
    "codes separated by ';'": "用 ';' 分隔的代码",
    "numbers separated by ';'": "用 ';' 分隔的数",
    "a plain number without thousands separators": "不带千位分隔符的普通数字",
    "a plain number; write 30% as 0.3": "普通数字；30% 应写成 0.3",
    "a number written with the digits 0-9": "用数字 0-9 写的数",
    # pydantic's own words, where a field has none of ours
    "Input should be a valid tuple": "列表",
    "Input should be a valid list": "列表",
    "Input should be a valid dictionary": "名称到值的映射",
    "Input should be a valid number": "数",
    "Input should be a valid number, unable to parse string as a number": "数",
    "Input should be a valid integer": "整数",
    "Input should be a valid integer, unable to parse string as an integer": "整数",
    "Input should be a valid integer, got a number with a fractional part": "整数",
    "Input should be a valid boolean": "`true` 或 `false`",
    "Input should be a valid boolean, unable to interpret input": "`true` 或 `false`",
    "Input should be a valid string": "文字",
    "Input should be a finite number": "有限的数",
    "Input should be {choice}": "以下之一：{choice}",
    "Input should be greater than or equal to {n}": "不小于 {n}",
    "Input should be greater than {n}": "大于 {n}",
    "Input should be less than or equal to {n}": "不大于 {n}",
    "Input should be less than {n}": "小于 {n}",
    "Input should be a valid dictionary or instance of {name}": "名称到值的映射（`{name}`）",
    "Input should be a valid dictionary or object to extract fields from": "名称到值的映射",
    "Input should be None": "空值（`null`）",
    "Input should be iterable": "列表",
    "Input should be a valid set": "列表",
    "Input should be a valid frozenset": "列表",
    "Input should be a valid string, unable to parse raw data as a unicode string": "文字",
    "Unable to parse input string as an integer, exceeded maximum size": "整数（此数太大）",
    "{kind} should have at most {n} item after validation, not {m}": "至多 {n} 项的{kind}（现有 {m} 项）",
    "{kind} should have at most {n} items after validation, not {m}": "至多 {n} 项的{kind}（现有 {m} 项）",
    "String should have at most {n} character": "至多 {n} 个字的文字",
    "String should have at most {n} characters": "至多 {n} 个字的文字",
    "Field required": "一个值（必填）",
    "Extra inputs are not permitted": "已知的键（此键不在可用的键之列）",
    "{kind} should have at least {n} item after validation, not {m}": "至少 {n} 项的{kind}（现有 {m} 项）",
    "{kind} should have at least {n} items after validation, not {m}": "至少 {n} 项的{kind}（现有 {m} 项）",
    "List": "列表",
    "Tuple": "列表",
    "Dictionary": "映射",
    "Value": "列表",
    "String should have at least {n} character": "至少 {n} 个字的文字",
    "String should have at least {n} characters": "至少 {n} 个字的文字",
    # ---- the columns of the tables (optimiser.schemas.rows, optimiser.schemas.tables) ---------
    "national, provincial or none": "`national`（国定）、`provincial`（省定）或 `none`（非贫困县）",
    "central, provincial, city, county or bank": (
        "`central`（中央）、`provincial`（省级）、`city`（市级）、`county`（县级）或 `bank`（银行）"
    ),
    "grant, revolving, relending, credit or fund": (
        "`grant`（补助）、`revolving`（周转金）、`relending`（再贷款）、`credit`（信贷）或 "
        "`fund`（基金）"
    ),
    "source codes separated by ';'": "用 ';' 分隔的资金来源代码",
    "total or annual": "`total`（规划期总量）或 `annual`（每年）",
    "true or false: an illustrative (made-up) project, not a real one": (
        "`true` 或 `false`：是否为虚构的示例项目（而非真实项目）"
    ),
    "a city name (only an unidentified county may leave it empty)": "市名（只有未识别的县可以留空）",
    "at most one of city and county_code": "`city` 和 `county_code` 至多填一个",
    "shares that sum to 1; these sum to {total}": "合计为 1 的比例；这些比例合计为 {total}",
    "a cost profile with a total above 0": "合计大于 0 的分年投资",
    "a year no earlier than earliest_start": "不早于 `earliest_start` 的年份",
    "other projects; a project cannot require itself": "其他项目；项目不能以自身为前置项目",
    "one of the columns {columns} (unknown column)": "以下列之一：{columns}（此列不认识）",
    "a column named {column} (required)": "名为 {column} 的列（必需）",
    # ---- policy.yaml (optimiser.schemas.policy, optimiser.schemas.params) ----------------------
    "years in ascending order, each once": "按从小到大排列、不重复的年份",
    "four-digit years such as 2018": "四位数的年份，如 2018",
    "consecutive plan years": "连续的规划年份",
    "segments with increasing up_to, only the last one open (null)": (
        "`up_to` 递增的分段，只有最后一段不设上限（`null`）"
    ),
    "segment weights that do not increase (diminishing returns)": "不递增的分段权重（边际效益递减）",
    "weights ≥ 0": "不小于 0 的权重",
    "weights that sum to 1; these sum to {total}": "合计为 1 的权重；这些权重合计为 {total}",
    "a table name ({tables}), not {unknown}": "表名（{tables}），而不是 {unknown}",
    "columns of {table} ({columns}), not {unknown}": "{table} 表的列（{columns}），而不是 {unknown}",
    "table names ({tables}), not {unknown}": "表名（{tables}），而不是 {unknown}",
    "a mapping with keys {keys}": "含以下键的映射：{keys}",
    "one of the keys {keys}": "以下键之一：{keys}",
    "a section {key}: (required)": "`{key}:` 一节（必需）",
    "a mapping of rule ids to their parameters": "规则编号到其参数的映射",
    "a known rule id: {choices}": "已知的规则编号：{choices}",
    "a known parameter": "已知的参数",
    "a known parameter: {choices}": "已知的参数：{choices}",
    "a mapping of parameter names to values, or a status: hard, soft or off (also on, yes, "
    "true: hard; no, false: off)": (
        "参数名到值的映射，或状态：`hard`（必须满足）、`soft`（可突破，计罚）或 `off`（不适用）"
        "（`on`、`yes`、`true` 也表示 `hard`；`no`、`false` 表示 `off`）"
    ),
    "a number: {name} is not a share, so a percent is not taken for it (a percent is taken for "
    "a share or a fraction: {names})": (
        "数：{name} 不是比例，不能写成百分数（可写成百分数的是比例或分数类参数：{names}）"
    ),
    "a number: {name} is not a share, so a percent is not taken for it (a percent is taken for "
    "a share or a fraction: )": "数：{name} 不是比例，不能写成百分数（此处没有可写成百分数的参数）",
    "a share from {span}: {description}": "{span}的比例：{description}",
    "{low}% to {high}%": "{low}% 至 {high}% 之间",
    "term_years_max must be at least term_years_min": "`term_years_max` 不小于 `term_years_min`",
    # the fields of policy.yaml, as their descriptions say them
    "share of the county's poor population this segment reaches up to; null for the last, "
    "unbounded segment": "本分段覆盖到的该县贫困人口比例上限；最后一段不设上限，写 `null`",
    "value of one person reached in this segment": "本分段每覆盖一人的价值",
    "diminishing returns: each county's people reached, by share of its poor population, and "
    "what one more is worth (an assumption)": (
        "边际效益递减：按各县贫困人口的覆盖比例分段，每多覆盖一人的价值（假设）"
    ),
    "weight of a poor person reached in a deep county relative to elsewhere": (
        "深度贫困县每覆盖一名贫困人口相对于其他县的权重"
    ),
    "objective units per 万元 by which a county's money (all sources, commitments included) "
    "changes from the year before: from the actuals in history.csv for the first planned year, "
    "from the previous year's plan after that; subtracted in impact mode, added in formula "
    "mode; 0 adds nothing to the model": (
        "各县资金（全部来源，含已承诺支付）比上一年每变动 1 万元计入目标的单位数：规划第一年与 "
        "history.csv 的实际数比较，此后与上一年的方案比较；覆盖人口目标中扣减，因素法目标中加上；"
        "0 表示不计"
    ),
    # the parameters of the rule families (optimiser.rules), as their descriptions say them
    "always applied": "始终适用",
    "always applied: it defines what money buys": "始终适用：它规定资金能买到什么",
    "objective units per unit of shortfall when soft": "可突破时每差一个单位计入目标的罚项",
    "the clause of another jurisdiction's document this dataset applies the rule from (借用), "
    "e.g. 003-p26 for a Hebei rule in a Shanxi plan; every output that lists the rule says so": (
        "本数据集借用该规则所依据的外地文件条款，如山西方案借用河北做法时写 003-p26；"
        "列出该规则的每份输出都会注明借用"
    ),
    "hard: must hold; soft: may be violated at `penalty` per unit of shortfall; off: not applied": (
        "`hard`：必须满足；`soft`：可以突破，每差一个单位计罚 `penalty`；`off`：不适用"
    ),
    "hard: applied; off: not applied": "`hard`：适用；`off`：不适用",
    "reserve: instalments after the run's last year are charged to that year; ignore: they are "
    "left to later budgets": (
        "`reserve`：规划期最后一年以后的分期付款计入最后一年；`ignore`：留给以后的预算"
    ),
    "minimum share to deep counties": "深度贫困县的最低份额",
    "budget: the share of the year's special-fund budgets (the clause's 30% of the funds); "
    "allocated: of what the plan allocates of them": (
        "`budget`：占当年专项资金预算的比例（条款所说资金的 30%）；`allocated`：占方案实际分配的"
        "专项资金的比例"
    ),
    "growth margin over the province-wide average, as a fraction (0.05 = 5 points)": (
        "增幅高出全省平均的幅度，用小数表示（0.05 即 5 个百分点）"
    ),
    "apply to each block source separately": "对每项切块资金分别适用",
    "share lent to deep counties": "借给深度贫困县的比例",
    "county matching funds per 万元 of fund lent": "每借出 1 万元周转金的县级配套资金",
    "minimum bank lending per 万元 of fund plus match": "每 1 万元周转金加配套资金的银行最低贷款",
    "shortest loan term, years": "最短借款期限（年）",
    "longest loan term, years (the model assumes this one)": "最长借款期限（年；模型按此期限计算）",
    "lend only to poverty counties": "只借给贫困县",
    "share of what the fund can lend in a year (new capital and repayments) that it lends; the "
    "2018 scheme lent it in full (3 billion in all)": (
        "周转金每年可借资金（新增资金和收回的借款）中借出的比例；2018 年的方案全额借出（共 30 亿元）"
    ),
    "minimum relending to deep counties each year, 万元 (10 亿元 = 100,000 万元)": (
        "深度贫困县每年的最低再贷款额，万元（10 亿元 = 100,000 万元）"
    ),
    "times a loan may be rolled over": "一笔贷款可续贷的次数",
    "lexicographic: deep counties take all they can use first; share: at least min_deep_share "
    "goes to deep counties; weighted: each 万元 to them counts `weight` more in the "
    "objective": (
        "`lexicographic`：先让深度贫困县用足；`share`：至少 `min_deep_share` 给深度贫困县；"
        "`weighted`：给它们的每 1 万元在目标中多计 `weight`"
    ),
    "with method share: minimum share to deep counties (an assumption, no clause sets it)": (
        "方法为 `share` 时：深度贫困县的最低份额（假设，没有条款规定）"
    ),
    "with method weighted: objective units per 万元 the deep counties receive from the "
    "priority sources (an assumption, no clause sets it)": (
        "方法为 `weighted` 时：深度贫困县从优先资金中每得 1 万元计入目标的单位数（假设，没有条款规定）"
    ),
    "with method lexicographic: relative slack allowed below the deep counties' maximum take": (
        "方法为 `lexicographic` 时：允许低于深度贫困县最多可得数的相对差额"
    ),
    "also put deep counties first in city-level (市本级) budgets": "市本级预算也优先深度贫困县",
    "the source code of the lottery funds": "彩票公益金的资金来源代码",
    "categories the lottery funds may pay for": "彩票公益金可以支付的项目类别",
    "the categories of the five forestry programmes (004 §2); those a dataset lacks are left "
    "out, at least one must be present": (
        "林业五大项目的类别（004 §2）；数据集没有的类别不计，但至少要有一个"
    ),
    "the sources whose money for those categories puts deep counties first; null: every source "
    "that pays them": "这些类别的资金中优先深度贫困县的资金来源；`null`：支付这些类别的全部来源",
    "guarantee: every deep county's need of the categories is met in the run (优先保障…需求); "
    "first: deep counties first on the money of the categories, by `method`": (
        "`guarantee`：规划期内满足每个深度贫困县对这些类别的需求（优先保障…需求）；"
        "`first`：这些类别的资金按 `method` 优先深度贫困县"
    ),
    "the categories of the training and transport subsidies (004 §5); those a dataset lacks "
    "are left out, at least one must be present": (
        "培训和交通补助的类别（004 §5）；数据集没有的类别不计，但至少要有一个"
    ),
    "the category of the education accounts (004 §5)": "教育扶贫个人资金账户的类别（004 §5）",
    "minimum growth on last year, as a fraction (0 = no fall)": (
        "比上年的最低增幅，用小数表示（0 即不减少）"
    ),
    "total of the special funds, or each source separately": (
        "`total`：专项资金合计；`per_source`：各资金来源分别计算"
    ),
    "逐年增加 is strictly more: at least this much more than the year before (0.01 万元, the "
    "smallest amount the tables record)": (
        "“逐年增加”指严格增加：至少比上一年多这么多（0.01 万元，即表中记录的最小金额）"
    ),
    "city-level budgets: amount and growth rate both rise (双增长, what 001 §1.4 describes of "
    "Jincheng's 2017; not a stated rule)": (
        "市级预算的金额和增幅都增长（双增长，001 §1.4 所述晋城市 2017 年的做法；并非明文规定）"
    ),
    "ceiling on what a project may be paid in its start year, progress payment and advance "
    "together, as a share of its funds": (
        "项目开工当年可拨付的上限（进度款和预付款合计），占其资金的比例"
    ),
    "the relief-fund category code": "社会救助资金的类别代码",
    "provincial contribution, 万元": "省级出资，万元",
    "each city's and each county's contribution, 万元": "每个市、每个县的出资，万元",
    "true: the fund is set up once, over the run and the years before it (the clause); false: "
    "the amounts every year": (
        "`true`：资金在规划期及以前一次性设立（条款规定）；`false`：每年安排这些金额"
    ),
    "years added to every deadline (what-if: move the deadlines)": (
        "每个完成时限推迟的年数（用于假设分析：移动时限）"
    ),
    "completed: work counts when its payment schedule ends by the deadline (the clauses' 完成); "
    "started: when it starts by then": (
        "`completed`：付款进度在时限前结束才算完成（条款所说的“完成”）；`started`：在时限前开工即算"
    ),
    "even: a run ending before the target year starts at least its even share of the need, n "
    "run years of the (year - first run year + 1) left; end: only a run that includes the "
    "target year is bound": (
        "`even`：在目标年份以前结束的计算至少按平均进度开工（剩余年数中计算所含年数的份额）；"
        "`end`：只有包含目标年份的计算受此约束"
    ),
    "the category of returning slope farmland (亩)": "退耕还林的类别（亩）",
    "the year by whose end the deep counties' farmland is returned (work started); the clause "
    "states none: 2020, the end of the document's period 2017-2020, is an assumption": (
        "深度贫困县坡耕地全部退耕还林（开工）的年份；条款没有规定：取文件期限 2017-2020 年的最后"
        "一年 2020 年，为假设"
    ),
    "the category of village PV stations (one a village)": "村级光伏电站的类别（每村一座）",
    "the year by whose end every poverty village of the deep counties has a station (work "
    "started); 尽快 sets none: 2020, the end of the document's period 2017-2020, is an "
    "assumption": (
        "深度贫困县每个贫困村都建有电站（开工）的年份；“尽快”没有规定年份：取文件期限 2017-2020 年"
        "的最后一年 2020 年，为假设"
    ),
    "floor as a fraction of the county's factor-method allocation (an assumption, no clause "
    "sets it)": "下限，占该县因素法分配额的比例（假设，没有条款规定）",
    "absolute floor per county and year, 万元": "每县每年的最低金额，万元",
    # ---- reading files (optimiser.io) --------------------------------------------------------
    "a UTF-16 file (Excel's 'Unicode text'): save it as CSV UTF-8 or CSV (GBK)": (
        "不是 `UTF-16` 文件（Excel 的“`Unicode` 文本”）的 CSV 文件：请另存为“`CSV UTF-8`”或“CSV"
        "（`GBK`）”"
    ),
    "one encoding for the whole file: row {row} is UTF-8 Chinese, this row is not (rows pasted "
    "from a GBK file?); save it again as CSV UTF-8": (
        "全文件统一的编码：第 {row} 行是 `UTF-8` 中文，本行不是（是否从 `GBK` 文件粘贴了行？）；"
        "请重新另存为“`CSV UTF-8`”"
    ),
    "text in UTF-8 or GB18030/GBK; these bytes are neither": (
        "`UTF-8` 或 GB18030（`GBK`）编码的文字；这些字节两者都不是"
    ),
    "text in UTF-8 or GB18030 ({reason})": "`UTF-8` 或 GB18030 编码的文字（{reason}）",
    "a file, but this is a folder: remove or rename the folder and put the file there": (
        "一个文件，但这里是文件夹：请删除或重命名该文件夹，再把文件放在这里"
    ),
    "a readable file ({reason})": "可以读取的文件（{reason}）",
    "well-formed CSV ({reason}); check for an unclosed quote": (
        "格式正确的 CSV（{reason}）；请检查是否有未闭合的引号"
    ),
    # what the operating system says of a file (strerror)
    "Permission denied": "没有权限",
    "No such file or directory": "文件或文件夹不存在",
    "Is a directory": "这是文件夹",
    "Not a directory": "这不是文件夹",
    # what the CSV reader says (the csv module)
    "unexpected end of data": "数据在引号内意外结束",
    "',' expected after '\"'": "引号后应为逗号",
    "line contains NUL": "行中有空字符（`NUL`）",
    "field larger than field limit ({n})": "单元格太长（超过 {n} 个字符）",
    "new-line character seen in unquoted field - do you need to open the file with "
    "newline=''?": "未加引号的单元格中有换行",
    "{width} comma-separated cells as in the header, found {count} (a stray comma or quote, or "
    "another delimiter?)": (
        "与表头一样的 {width} 个用逗号分隔的单元格，实际有 {count} 个（是否多了逗号或引号，"
        "或用了别的分隔符？）"
    ),
    "a header row and data; the file is empty": "表头行和数据；此文件是空的",
    "comma-separated columns; this header uses another delimiter": (
        "用逗号分隔的列；此表头用的是别的分隔符"
    ),
    "a dataset folder this user can read ({reason})": "当前用户可以读取的数据集文件夹（{reason}）",
    "at most one .xlsx workbook in a dataset folder": "数据集文件夹中至多一个 .xlsx 工作簿",
    "each table once: as a CSV file or as a workbook sheet, not both": (
        "每张表只有一份：CSV 文件或工作簿中的工作表，不能两者都有"
    ),
    "a known table name ({tables})": "已知的表名（{tables}）",
    "a policy file in the dataset folder; none found": "数据集文件夹中的 policy.yaml；没有找到",
    "{what}; give --data the folder that holds policy.yaml and the tables, e.g. --data "
    "data/shanxi": "{what}；请用 --data 指定存放 policy.yaml 和各张表的文件夹，例如 --data data/shanxi",
    "{what}; give --data the folder that holds policy.yaml and the tables, e.g. --data "
    "data/shanxi; did you mean {path}?": (
        "{what}；请用 --data 指定存放 policy.yaml 和各张表的文件夹，例如 --data data/shanxi；"
        "是否要用 {path}？"
    ),
    "a dataset folder, but this is a file": "数据集文件夹，但这是一个文件",
    "a dataset folder, but this path does not exist": "数据集文件夹，但此路径不存在",
    "a dataset folder, but this path does not exist ({path})": "数据集文件夹，但此路径不存在（{path}）",
    "one file for the table {table}: these names differ only in case; keep one": (
        "{table} 表只有一个文件：这些文件名只是大小写不同；请只保留一个"
    ),
    "one {name}: these names differ only in case": "只有一个 {name}：这些文件名只是大小写不同",
    "the name {name}: rename {file}": "文件名 {name}：请把 {file} 改名",
    "no other file for the table {table}: {file} is not read": (
        "{table} 表没有别的文件：{file} 不会被读取"
    ),
    "the table {table} as {table}.csv; {file} is not read: {todo}": (
        "{table} 表的文件 {table}.csv；{file} 不会被读取：{todo}"
    ),
    "open it in Excel or WPS and save it as CSV UTF-8 named {name}.csv": (
        "请用 Excel 或 WPS 打开，另存为“`CSV UTF-8`”，文件名为 {name}.csv"
    ),
    "save it as CSV UTF-8 named {name}.csv": "请另存为“`CSV UTF-8`”，文件名为 {name}.csv",
    "a workbook saved as .xlsx; {file} is not read: open it in Excel or WPS and save it as Excel "
    "Workbook (.xlsx)": (
        "保存为 .xlsx 的工作簿；{file} 不会被读取：请用 Excel 或 WPS 打开，另存为“Excel 工作簿"
        "（.xlsx）”"
    ),
    "each column name once: columns {first} and {second} are both named {name}; delete or rename "
    "one (neither is read in place of the other)": (
        "每个列名只出现一次：{first} 列和 {second} 列都叫 {name}；请删除或重命名其中一列（两列都不会"
        "被读取）"
    ),
    "a column name in row 1 above every column that holds values: column {letter} has values "
    "but no name; name it (one of the table's columns) or delete its values": (
        "第 1 行中每个有值的列上方都有列名：{letter} 列有值但没有列名；请为它命名（本表的列名之一）"
        "或删除这些值"
    ),
    "a column name in row 1 above every column that holds values: column {letter} has values "
    "(and {n} more rows) but no name; name it (one of the table's columns) or delete its "
    "values": (
        "第 1 行中每个有值的列上方都有列名：{letter} 列有值（另有 {n} 行也有值）但没有列名；请为它"
        "命名（本表的列名之一）或删除这些值"
    ),
    "an .xlsx workbook Excel can open ({reason})": "Excel 能打开的 .xlsx 工作簿（{reason}）",
    "one column name per cell; unmerge the header cells": "每个单元格一个列名；请取消表头单元格的合并",
    "a header row and data; the sheet is empty": "表头行和数据；此工作表是空的",
    "a stored value in cell {cell}: it holds a formula whose result was never saved (the "
    "workbook was written by a program, not by Excel); open and save the workbook in Excel or "
    "WPS so the values are stored": (
        "单元格 {cell} 中保存的值：它是一个从未保存过结果的公式（该工作簿由程序写成，而不是 "
        "Excel）；请用 Excel 或 WPS 打开并保存该工作簿，把计算结果存下来"
    ),
    "no alias inside the value it names (a value that contains itself)": (
        "别名（`*name`）不出现在它所指的值里（值不能包含自身）"
    ),
    "at most {n} aliases (*name) standing for at most {m} values in all; this file's aliases "
    "stand for more (a file that grows when read is refused): write the values out": (
        "至多 {n} 个别名（`*name`），合计代表至多 {m} 个值；此文件的别名代表更多（读取时会膨胀的"
        "文件一律拒绝）：请把值直接写出来"
    ),
    "values nested at most {n} deep": "嵌套不超过 {n} 层的值",
    "each key once in a mapping: {key} is written at lines {first} and {second} (YAML would "
    "silently keep the last); keep one": (
        "同一映射中每个键只写一次：{key} 写在第 {first} 行和第 {second} 行（读取时会不声不响地只"
        "保留后一个）；请只保留一个"
    ),
    "valid YAML ({reason})": "格式正确的 `YAML` 文件（{reason}）",
    # what the YAML reader says (pyyaml), where a file is not YAML
    "found character {char} that cannot start any token": "出现了不能用作开头的字符 {char}",
    "mapping values are not allowed here": "此处不能写“键: 值”（是否少了缩进，或值中有冒号？）",
    "mapping keys are not allowed here": "此处不能写键",
    "sequence entries are not allowed here": "此处不能写列表项（“- ”）",
    "could not find expected ':'": "缺少应有的冒号 ':'",
    "found unexpected end of stream": "文件意外结束（是否有未闭合的引号或括号？）",
    "found unexpected document separator": "出现了意外的文档分隔符（---）",
    "found undefined alias {name}": "出现了未定义的别名 {name}",
    "found unknown escape character {char}": "出现了未知的转义字符 {char}",
    "invalid indentation or unclosed '[' or '{{'": "缩进不对，或有未闭合的 '[' 或 '{{'",
    "did not find expected key": "没有找到应有的键",
    "did not find expected node content": "没有找到应有的内容",
    "did not find expected '-' indicator": "没有找到应有的列表项标记 '-'",
    "did not find expected ',' or ']'": "没有找到应有的 ',' 或 ']'",
    "did not find expected ',' or '}}'": "没有找到应有的 ',' 或 '}}'",
    "found character that cannot start any token": "出现了不能用作开头的字符",
    "found undefined alias": "出现了未定义的别名",
    "found unknown directive name": "出现了未知的指令名",
    "found unexpected non-alphabetical character": "出现了意外的非字母字符",
    "found unknown escape character": "出现了未知的转义字符",
    "found unexpected ':'": "出现了意外的冒号 ':'",
    "found a tab character that violates indentation": "制表符破坏了缩进（请用空格缩进）",
    "found a tab character where an indentation space is expected": "应为空格缩进，实际为制表符",
    "found incompatible YAML document": "不兼容的 `YAML` 文件版本",
    "mapping values are not allowed in this context": "此处不能写“键: 值”（是否少了缩进，或值中有冒号？）",
    "block sequence entries are not allowed in this context": "此处不能写列表项（“- ”）",
    "did not find expected comment or line break": "没有找到应有的注释或换行",
    "did not find expected alphabetic or numeric character": "没有找到应有的字母或数字",
    "did not find expected whitespace or line break": "没有找到应有的空白或换行",
    "did not find expected tag URI": "没有找到应有的标签",
    "did not find URI escaped octet": "没有找到应有的转义字节",
    "could not find expected directive name": "没有找到应有的指令名",
    "could not determine a constructor for the tag {tag}": "无法识别标签 {tag}",
    "control characters are not allowed": "不允许使用控制字符",
    "invalid leading UTF-8 octet": "无效的 `UTF-8` 字节",
    "incomplete UTF-8 octet sequence": "不完整的 `UTF-8` 字节序列",
    "expected <block end>, but found {token}": "应为块的结尾，实际为 {token}",
    "expected <document start>, but found {token}": "应为文档的开头，实际为 {token}",
    "expected a comment or a line break, but found {char}": "应为注释或换行，实际为 {char}",
    'unacceptable character {code}: control characters are not allowed\n  in "<unicode '
    'string>", position {n}': "不可接受的字符 {code}：不允许使用控制字符（第 {n} 个字符处）",
    # ---- the dataset as a whole (optimiser.dataset, optimiser.checks) -------------------------
    "the table {table} (required), as {table}.csv or a workbook sheet": (
        "{table} 表（必需），可以是 {table}.csv 文件，也可以是工作簿中的一个工作表"
    ),
    "the tables of a dataset ({files}, or one .xlsx workbook with a sheet for each); none found "
    "in this folder": (
        "数据集的各张表（{files}，或一个每张表一个工作表的 .xlsx 工作簿）；此文件夹中一张也没有"
    ),
    "each {what} once; it appears {n} times": "每个{what}只出现一次；此值出现了 {n} 次",
    "county code": "县代码",
    "source code": "资金来源代码",
    "category code": "项目类别代码",
    "project id": "项目编号",
    "county and year": "县和年份的组合",
    "source, year, city and county": "资金来源、年份、市和县的组合",
    "county and category": "县和项目类别的组合",
    "a {what} code defined in {file}": "{file} 中定义的{what}代码",
    "county": "县",
    "source": "资金来源",
    "category": "项目类别",
    "project": "项目",
    "a city named in counties.csv": "counties.csv 中列出的市",
    "a source of kind revolving or relending": (
        "性质为周转金（`revolving`）或再贷款（`relending`）的资金来源"
    ),
    "deep only for a poverty county (designation national or provincial); this one is 'none'": (
        "只有贫困县（`designation` 为 `national` 或 `provincial`）才能标为深度贫困县；此县为 "
        "`none`（非贫困县）"
    ),
    "at least one row of indicators for every county": "每个县至少一行指标",
    "a source that some category lists in its `sources`; this one is eligible for nothing": (
        "某个项目类别在其 `sources` 中列出的资金来源；此来源不能用于任何类别"
    ),
    "the city that provides the city-level source {code}": "提供市级资金来源 {code} 的市",
    "the county that provides the county-level source {code}": "提供县级资金来源 {code} 的县",
    "budget rows for plan year {year} (policy.yaml years.plan); there are none": (
        "规划年份 {year} 年（policy.yaml 的 `years.plan`）的预算行；目前一行也没有"
    ),
    "some money in plan year {year}; every budget of the year is 0": (
        "规划年份 {year} 年有资金；该年的预算都是 0"
    ),
    "a year listed in policy.yaml years.actuals": "policy.yaml 的 `years.actuals` 中列出的年份",
    "prerequisites without a cycle; this project is part of one": (
        "不构成循环的前置项目；此项目处在一个循环之中"
    ),
    "a clause id in seeds/register.yaml (the clause the rule is borrowed from)": (
        "seeds/register.yaml 中的条款编号（借用该规则所依据的条款）"
    ),
    "a provenance file saying where each figure comes from": "说明每个数字来源的 provenance.yaml",
    "a mapping of table files to columns": "表文件到列的映射",
    "an entry for {file} covering each of its columns": "{file} 的条目，覆盖它的每一列",
    "where the figures of this column come from": "此列数字的来源",
    "a mapping of columns to entries": "列到条目的映射",
    "a `level`, one of {levels}": "`level`（依据等级）为以下之一：{levels}",
    "an entry with {expected}": "一个条目，其{expected}",
    "{expected} (`basis` is the old vocabulary; for '{old}' write {hint})": (
        "{expected}（`basis` 是旧的写法；'{old}' 应改写为 {hint}）"
    ),
    "seed clause (printed in a source at hand) or public report (a PUB-... figure)": (
        "`seed clause`（见于手头文件的条款）或 `public report`（公开报告的数字，`PUB-...`）"
    ),
    "derived (from seed clauses) or public report (from PUB-... figures)": (
        "`derived`（由手头文件的条款推算）或 `public report`（由公开报告的数字 `PUB-...` 推算）"
    ),
    "estimate or synthetic": "`estimate`（估算）或 `synthetic`（虚构）",
    "the level that says how the figure is known": "说明该数字从何得知的等级",
    "a clause id in seeds/register.yaml": "seeds/register.yaml 中的条款编号",
    "the clauses the figure is printed in": "载有该数字的条款",
    "clauses of documents at hand for a `seed clause` figure; a figure from a public report "
    "not at hand is `public report`": (
        "`seed clause` 数字引用手头文件的条款；来自手头没有的公开报告的数字应为 `public report`"
    ),
    "the public report's entry (a clause of a document not at hand, PUB-...) for a `public "
    "report` figure": "`public report` 数字引用公开报告的条目（手头没有的文件的条款，`PUB-...`）",
    "seed clauses only for a `derived` figure; a figure computed from a public report is "
    "`public report` (or `estimate` when assumptions enter)": (
        "`derived` 数字只引用手头文件的条款；由公开报告算出的数字应为 `public report`（含假设时"
        "为 `estimate`）"
    ),
    "a method saying how the figures were derived, estimated or made up": (
        "说明数字如何推算、估算或编造的 `method`"
    ),
    "`rows` as a mapping of columns to a value or a list of values": (
        "`rows` 写成列到一个值或一组值的映射"
    ),
    "`rows` naming columns of the same table: {columns}": "`rows` 中只写同一张表的列：{columns}",
    "an entry covering every row (a last entry without `rows` covers the rest)": (
        "覆盖每一行的条目（最后一个不带 `rows` 的条目覆盖其余各行）"
    ),
    "a `dataset` block saying whether the dataset rests on estimates": (
        "说明数据集是否基于估算数据的 `dataset` 一节"
    ),
    "true or false: whether figures that shape the plan are estimates or synthetic": (
        "`true` 或 `false`：影响方案的数字是否为估算或虚构"
    ),
    "{flag}: the entries give {found}": "{flag}：各条目给出的是{found}",
    "{levels} figures in {tables}": "{tables} 中的 {levels} 数字",
    "{levels} figures in the data": "数据中的 {levels} 数字",
    "no estimated or synthetic figure among those that shape the plan": (
        "影响方案的数字中没有估算或虚构的数字"
    ),
    "a year of policy.yaml years.plan ({plan}) or years.actuals ({actuals}): no run reads {what} "
    "of {year} ({amount} 万元); correct the year, or add {year} to years.plan": (
        "policy.yaml 中 `years.plan`（{plan}）或 `years.actuals`（{actuals}）的年份：没有哪次计算"
        "会读取 {year} 年的{what}（{amount} 万元）；请改正年份，或把 {year} 加入 `years.plan`"
    ),
    "a year of policy.yaml years.plan ({plan}): {year} is not a year of the dataset, so no run "
    "reads {what} of it; add {year} to years.plan to plan it, or correct the year": (
        "policy.yaml 中 `years.plan`（{plan}）的年份：{year} 年不是本数据集的年份，没有哪次计算会"
        "读取该年的{what}；如要规划该年，请把 {year} 加入 `years.plan`，否则请改正年份"
    ),
    "a year of policy.yaml years.plan ({plan}): {year} is an actual year only, and a run reads "
    "{what} only of the years it plans, so no run reads this one; add {year} to years.plan to "
    "plan it, or delete the row": (
        "policy.yaml 中 `years.plan`（{plan}）的年份：{year} 年只是实际数年份，而计算只读取所规划"
        "年份的{what}，所以没有哪次计算会读取这一行；如要规划该年，请把 {year} 加入 `years.plan`，"
        "否则请删除此行"
    ),
    "a budget": "预算",
    "a payment": "应付款",
    "a start window overlapping the plan years {plan}: no run can start this project; correct "
    "its years or delete the row": (
        "与规划年份 {plan} 有重叠的开工时间窗口：没有哪次计算能让此项目开工；请改正其年份或删除此行"
    ),
    "actuals some run reads: a run compares its first year with the actuals of the year before "
    "(and two years before); with the plan years {plan} no run reads those of {year}; delete "
    "the rows, or add {next} to years.plan": (
        "有计算会读取的实际数：计算把第一年与上一年（及前两年）的实际数比较；规划年份为 {plan} 时，"
        "没有哪次计算会读取 {year} 年的实际数；请删除这些行，或把 {next} 加入 `years.plan`"
    ),
    "indicators some run reads: a run reads each county's latest indicators up to the year "
    "before its first year; with the plan years {plan} no run reads those of {year}; delete the "
    "row, or keep it as a record": (
        "有计算会读取的指标：计算读取各县截至第一年上一年的最新指标；规划年份为 {plan} 时，没有"
        "哪次计算会读取 {year} 年的指标；请删除此行，或作为记录保留"
    ),
    "a loan some run reads: {why}, so no run reads this one; correct it or delete the row": (
        "有计算会读取的借款：{why}，所以没有哪次计算会读取这一笔；请改正或删除此行"
    ),
    "R-REVOLVING is off in policy.yaml": "policy.yaml 中扶贫周转金规则（`R-REVOLVING`）已关闭",
    "only a revolving fund's loans come back as its money (a relending quota is its budget)": (
        "只有周转金的借款会收回成为它的资金（再贷款额度就是其预算）"
    ),
    "it comes back to the fund in {year}, after the last plan year {last}": (
        "它在 {year} 年才收回到周转金，晚于最后一个规划年份 {last} 年"
    ),
    "a need some source can pay for: no source that may pay for {category} (categories.csv "
    "`sources`) has a budget reaching {county} in a plan year, so no run can fund it; add a "
    "budget, or a source to the category": (
        "有资金可付的需求：可支付 {category} 的资金来源（categories.csv 的 `sources`）在规划年份"
        "都没有覆盖 {county} 的预算，所以没有哪次计算能为它安排资金；请增加预算，或为该类别增加"
        "资金来源"
    ),
    "a project some source can pay for: no source that may pay for {category} has a budget "
    "reaching {county} in a plan year, so no run can fund it; add a budget, or a source to the "
    "category": (
        "有资金可付的项目：可支付 {category} 的资金来源在规划年份都没有覆盖 {county} 的预算，"
        "所以没有哪次计算能为它安排资金；请增加预算，或为该类别增加资金来源"
    ),
    "a category some county needs or some project is of: no need (needs.csv) and no project "
    "(projects.csv) is of {code}, so no money can go to it; add its needs, or delete the row": (
        "有县需要或有项目属于的类别：没有需求（needs.csv）也没有项目（projects.csv）属于 {code}，"
        "所以资金无法用于它；请补充其需求，或删除此行"
    ),
    "a county with a need or a project: {code} has none (needs.csv, projects.csv), so no run "
    "can give it money; add its needs if it should receive some": (
        "有需求或项目的县：{code} 一项也没有（needs.csv、projects.csv），所以没有哪次计算能给它"
        "安排资金；如应给它安排资金，请补充其需求"
    ),
    "a source with money: {code} has no budget above 0 in a plan year and no loans, so it pays "
    "for nothing; add its budgets, or delete the row": (
        "有资金的来源：{code} 在规划年份没有大于 0 的预算，也没有借款，所以不支付任何项目；请补充"
        "其预算，或删除此行"
    ),
    "a budget that can pay for something: no county it reaches ({reach}) needs a category "
    "{source} may pay for, so its money cannot be spent; check the categories' `sources` and "
    "the needs": (
        "能用于支出的预算：它覆盖的县（{reach}）都不需要 {source} 可以支付的类别，所以这笔钱用不"
        "出去；请检查各类别的 `sources` 和需求"
    ),
    # ---- the rules' own checks (optimiser.rules) ----------------------------------------------
    "{expected} ({rule} is on)": "{expected}（已启用{rule}）",
    "a source with earmark true": "`earmark` 为 `true` 的资金来源（计入深度贫困县比例的专项资金）",
    "a county with deep true": "`deep` 为 `true` 的县（深度贫困县）",
    "the category {code}": "项目类别 {code}",
    "a forestry category (one of {codes})": "一个林业项目类别（以下之一：{codes}）",
    "the source {code}": "资金来源 {code}",
    "a source with block true": "`block` 为 `true` 的资金来源（切块资金）",
    "actual allocations of the year before a run": "计算第一年上一年的实际拨款",
    "a source of kind fund (the industry fund)": "性质为 `fund` 的资金来源（产业发展基金）",
    "a subsidy category (one of {codes})": "一个补助类别（以下之一：{codes}）",
    "the lottery source {code}": "彩票公益金资金来源 {code}",
    "a source of kind relending": "性质为 `relending` 的资金来源（扶贫再贷款）",
    "a source of kind revolving": "性质为 `revolving` 的资金来源（扶贫周转金）",
    "a deadline within the plan years": "规划年份以内的完成时限",
    "a target year within or after the plan years": "规划年份以内或以后的目标年份",
    "total: a target is met once": "`total`：目标只需完成一次",
    # ---- options and commands (optimiser.cli, optimiser.model, optimiser.report.run_view) ----
    "a year among the plan years of the dataset {folder}: {plan} (years.plan in its "
    "policy.yaml); outside them: {outside}": (
        "数据集 {folder} 的规划年份之一：{plan}（见其 policy.yaml 的 `years.plan`）；不在其中的："
        "{outside}"
    ),
    "years among the plan years of the dataset {folder}: {plan} (years.plan in its "
    "policy.yaml); outside them: {outside}": (
        "数据集 {folder} 的规划年份以内的年份：{plan}（见其 policy.yaml 的 `years.plan`）；不在"
        "其中的：{outside}"
    ),
    "years among the plan years of the dataset {folder}: {plan} (years.plan in its policy.yaml)": (
        "数据集 {folder} 的规划年份以内的年份：{plan}（见其 policy.yaml 的 `years.plan`）"
    ),
    "consecutive years among the plan years {first}-{last}": (
        "规划年份 {first}—{last} 年中的连续年份"
    ),
    "the id of a run in the ledger (allocate history)": (
        "账簿中某次计算的编号（见 `allocate history`）"
    ),
    "a run folder (with summary.json)": "一次计算的结果文件夹（含 summary.json）",
    # ---- overrides (optimiser.scenario.overrides) ---------------------------------------------
    "PATH=VALUE, e.g. budget.central_special.2018=-10%": (
        "`PATH=VALUE` 的写法，例如 `budget.central_special.2018=-10%`"
    ),
    "{head}=hard, soft or off (also on, yes, true: hard; no, false: off)": (
        "`{head}=hard`（必须满足）、`soft`（可突破，计罚）或 `off`（不适用）（`on`、`yes`、`true` "
        "也表示 `hard`；`no`、`false` 表示 `off`）"
    ),
    "{head}.<parameter>=<value>": "`{head}.<参数>=<值>` 的写法",
    "budget.<source>.<year>[.<city or county>]=<value>": (
        "`budget.<来源>.<年份>[.<市或县>]=<值>` 的写法"
    ),
    "need.<county>.<category>=<value>": "`need.<县>.<类别>=<值>` 的写法",
    "unit_cost.<category>=<value>": "`unit_cost.<类别>=<值>` 的写法",
    "indicator.<county>.<column>=<value>": "`indicator.<县>.<列>=<值>` 的写法",
    "objective.<field>=<value>": "`objective.<字段>=<值>` 的写法",
    "a number or a change in percent such as -10%": "数，或以百分数写的变化，如 -10%",
    "a value such as 0.35, true or a list [a, b]": "一个值，如 0.35、`true` 或列表 `[a, b]`",
    "{what}; {choices}": "{what}；{choices}",
    "a path starting with a rule id or one of {targets}": "以规则编号或以下之一开头的路径：{targets}",
    "a source code of sources.csv": "sources.csv 中的资金来源代码",
    "a year with a budget row of {source} in budgets.csv: {years}": (
        "budgets.csv 中 {source} 有预算行的年份：{years}"
    ),
    "budget.{source}.{year} without a city or county: {source} has one budget row in {year}, "
    "for the whole province": (
        "不带市或县的 `budget.{source}.{year}`：{source} 在 {year} 年只有一行全省的预算"
    ),
    "a city or county with a budget row of {source} in {year}": "{year} 年有 {source} 预算行的市或县",
    "a county code of counties.csv": "counties.csv 中的县代码",
    "a need of needs.csv for {county} (a category it needs)": (
        "needs.csv 中 {county} 的需求（该县需要的类别）"
    ),
    "a category code of categories.csv": "categories.csv 中的项目类别代码",
    "an indicator column of indicators.csv": "indicators.csv 中的指标列",
    "a county code with rows in indicators.csv": "在 indicators.csv 中有数据行的县代码",
    "a parameter of {rule}": "{rule}的参数",
    "an objective field": "目标设置（`objective`）的字段",
    # ---- scenario files, sweeps, draws and batch files (optimiser.scenario, optimiser.batch) --
    "a list of scenarios, each with a name and overrides": "方案列表，每个方案有名称（`name`）和调整项",
    "a mapping with a name": "含名称（`name`）的映射",
    "only the keys {keys}": "只用这些键：{keys}",
    "each scenario name once": "每个方案名称只出现一次",
    "scenarios based on each other without a cycle": "相互依据（`based_on`）而不构成循环的方案",
    "the name of another scenario in the file": "本文件中另一个方案的名称",
    "both in percent or both absolute": "都用百分数，或都用绝对数",
    "numbers such as -30% or 40000": "数，如 -30% 或 40000",
    "PATH=±P% (budget.central_special=±10%, or +-10%), PATH=LOW%..HIGH% (-20%..+5%) or "
    "PATH=LOW..HIGH (R-EARMARK.share=0.30..0.35), a numeric override path": (
        "`PATH=±P%`（如 `budget.central_special=±10%` 或 `+-10%`）、`PATH=LOW%..HIGH%`（如 "
        "`-20%..+5%`）或 `PATH=LOW..HIGH`（如 `R-EARMARK.share=0.30..0.35`），其中 `PATH` 是数值型"
        "调整项的路径"
    ),
    "both ends in percent or both absolute: {expected}": "两端都用百分数或都用绝对数：{expected}",
    "a range from low to high ({high}..{low}?)": "从低到高的范围（是否应为 {high}..{low}？）",
    "at least one --vary with --draws": "使用 --draws 时至少一个 --vary",
    "each path varied once": "每个路径只变动一次",
    "no --workers with --scheduler {address}: that cluster's workers are the ones started there "
    "(`dask worker ADDRESS --nworkers N`)": (
        "使用 --scheduler {address} 时不用 --workers：该集群的工作进程是在那里启动的"
        "（`dask worker ADDRESS --nworkers N`）"
    ),
    "a year (2018), a range (2017-2020) or a list of consecutive years": (
        "一个年份（2018）、一个范围（2017-2020）或连续年份的列表"
    ),
    "at least one dataset": "至少一个数据集",
    "a list of dataset folders under `datasets:` (see the README, Batches)": (
        "`datasets:` 下的数据集文件夹列表（见使用说明中的批量计算一节）"
    ),
    "a dataset folder, or a mapping with `data:` (the folder) and `years:`": (
        "数据集文件夹，或含 `data:`（文件夹）和 `years:` 的映射"
    ),
    "the years to plan: `years:` at the top of the file or with the dataset": (
        "要规划的年份：写在文件开头或该数据集下的 `years:`"
    ),
    "a dataset folder (a path relative to the batch file's folder {folder}); {path} is not one": (
        "数据集文件夹（相对于批量文件所在文件夹 {folder} 的路径）；{path} 不是数据集文件夹"
    ),
}

# The import command's refusals (optimiser.importing.words), made in English as problems
_IMPORT_KEYS = {
    "refuse.not_empty": (
        "新的或空的文件夹，而 {folder} 不是空的：请换一个新的或空的文件夹，或加 --replace 替换其中"
        "的内容"
    ),
    "refuse.file": "文件夹，而 {folder} 是文件：请换一个文件夹名",
    "refuse.table": '表名，而 --sheet "{option}" 中的“{table}”不是：可用的有 {tables}，或 `skip`（跳过）',
    "refuse.option": '--sheet "{option}" 写成 工作表名=表名',
}


def _import_refusals() -> dict[str, dict[str, str]]:
    from optimiser.importing.words import WORDS

    return {
        WORDS.words[key]["en"]: {"zh": zh, "en": WORDS.words[key]["en"]}
        for key, zh in _IMPORT_KEYS.items()
    }


EXPECTED = Words(
    "problem expectations",
    {**{en: {"zh": zh, "en": en} for en, zh in _EXPECTED.items()}, **_import_refusals()},
)


@dataclass(frozen=True)
class _Template:
    text: str
    pattern: re.Pattern
    literal: int  # characters of English the template says itself
    longest: str  # its longest piece of English: a text without it cannot match


@cache
def _compile(text: str) -> _Template:
    parts, seen, literal, longest = [], set(), 0, ""
    for before, name, _, _ in string.Formatter().parse(text):
        parts.append(re.escape(before))
        literal += len(before)
        longest = max(longest, before, key=len)
        if name is None:
            continue
        pattern = PATTERNS.get(name, ".+?")
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{pattern})")
        seen.add(name)
    return _Template(text, re.compile("".join(parts), re.DOTALL), literal, longest)


@cache
def _templates() -> tuple[_Template, ...]:
    found = [_compile(key) for key in EXPECTED.words if "{" in key or "}" in key]
    return tuple(sorted(found, key=lambda t: -t.literal))


ABRIDGED = "{listed}, ... ({n} in all)"  # a long list, as optimiser.schemas.messages cuts it


def _list(text: str) -> str:
    """A list as written (codes, years), its separators in Chinese."""
    if text.strip() == "none":
        return "无"
    cut = _compile(ABRIDGED).pattern.fullmatch(text)
    if cut is not None:
        return VALUES.say(ABRIDGED, "zh", listed=_list(cut["listed"]), n=cut["n"])
    text = re.sub(r" \(([^()]*)\)", r"（\1）", text)
    text = text.replace(", ", "、").replace(" or ", " 或 ").replace(" and ", " 和 ")
    return text.replace("） 或 ", "）或 ").replace("） 和 ", "）和 ")


def _rule(text: str) -> str:
    from optimiser.rules import BY_ID

    family = BY_ID.get(text)
    return f"规则 `{text}`“{family.title_zh}”" if family is not None else text


@dataclass(frozen=True)
class Said:
    """An English text said in Chinese: `values` are the parts kept as written because they are
    values (codes, numbers, paths, what was typed); `other` the words of another program the
    catalogue does not know, kept in English."""

    text: str
    values: tuple[str, ...] = ()
    other: tuple[str, ...] = ()

    @property
    def kept(self) -> int:
        return sum(map(len, self.values)) + sum(map(len, self.other))


def said(text: str) -> Said | None:
    """An English `expected` text in Chinese; None when no template says it."""
    return _said(text)


@lru_cache(maxsize=1 << 14)
def _said(text: str) -> Said | None:
    """Of the templates that match, the one that keeps the least as written wins (a value field
    never swallows words another template says)."""
    exact = EXPECTED.words.get(text)
    if exact is not None:
        return Said(exact["zh"])
    best: tuple[tuple[int, int], Said] | None = None
    for template in _templates():
        if template.longest not in text:
            continue
        match = template.pattern.fullmatch(text)
        if match is None:
            continue
        found = _fill(template, match.groupdict())
        if found is None:
            continue
        rank = (found.kept, -template.literal)
        if best is None or rank < best[0]:
            best = (rank, found)
    if best is not None:
        return best[1]
    return _nested(text)


def _nested(text: str) -> Said | None:
    """A problem written out (str(problem)) where another problem's `expected` is: an override
    the checks refuse carries the problem of the row it breaks."""
    inner = parse_problem(text)
    inside = _said(inner.expected) if inner is not None else None
    if inside is None:
        return None
    place = tuple(v for v in (inner.file, inner.column, inner.value) if v is not None)
    return Said(problem_words(inner, "zh"), place + inside.values, inside.other)


def _fill(template: _Template, groups: dict[str, str]) -> Said | None:
    """A matched template's Chinese with its fields said; None when a phrase is not known."""
    fields: dict[str, str] = {}
    values: list[str] = []
    other: list[str] = []
    for name, value in groups.items():
        inner = _said(value) if name in PHRASES | FREE else None
        if inner is not None:
            fields[name] = inner.text
            values += inner.values
            other += inner.other
        elif name in PHRASES:
            return None
        elif name in FREE:  # another program's words the catalogue does not know
            fields[name] = value
            other.append(value)
        elif value in VALUES.words:  # a value the code writes in English (every county)
            fields[name] = VALUES.say(value, "zh")
        else:
            fields[name] = (
                _list(value) if name in LISTS else _rule(value) if name in RULES else value
            )
            values.append(value)
    return Said(EXPECTED.words[template.text]["zh"].format(**fields), tuple(values), tuple(other))


def expected_words(text: str, lang: str) -> str:
    """What was expected, in `lang`: as it was made in English, or said in Chinese (English
    left as it is where no template says it)."""
    if lang == "en":
        return text
    found = _said(text)
    return text if found is None else found.text


def value_words(value: str, lang: str) -> str:
    """A problem's value as shown (its repr): as typed, or said where the code wrote it."""
    if lang != "en":
        for key in VALUES.words:
            match = _compile(key).pattern.fullmatch(value)
            if match:
                value = VALUES.say(key, lang, **match.groupdict())
                break
    return repr(value)


# ---- where a problem is ---------------------------------------------------------------------
COORDINATE = re.compile(r"^[A-Z]{1,3}[0-9]+(:[A-Z]{1,3}[0-9]+)?$")
SHEET = re.compile(r"^.*\[(?P<sheet>[^\]]+)\]$")


@cache
def _column_names() -> dict[str, dict[str, str]]:
    """Each table's columns -> the Chinese header a bureau gives them (the import dictionary)."""
    from optimiser.importing.headers import load_dictionary

    found = load_dictionary()
    return {
        table: {c: names[0] for c, names in cols.items()} for table, cols in found.columns.items()
    }


def _table_of(file: str) -> str:
    sheet = SHEET.match(file)
    name = sheet.group("sheet") if sheet else file.rsplit("/", 1)[-1]
    return name.lower().removesuffix(".csv")


def where_words(problem: Problem, lang: str) -> str:
    """Where a problem is: the file (or option, or override), the row and the column, with the
    column's Chinese name beside its header where the dataset format has one."""
    if lang == "en":
        return problem.where()
    if problem.file == "override" and problem.column:
        return FRAME.say("override", lang, column=problem.column)
    parts = [problem.file]
    if problem.row is not None:
        parts.append(FRAME.say("row", lang, row=problem.row))
    column = problem.column
    if column and not problem.file.startswith("--"):
        name = _column_names().get(_table_of(problem.file), {}).get(column)
        if problem.file.lower().endswith((".yaml", ".yml")):
            said_at = FRAME.say("key", lang, column=column)
        elif COORDINATE.match(column):
            said_at = FRAME.say("cell", lang, column=column)
        elif name:
            said_at = FRAME.say("column_named", lang, column=column, name=name)
        else:
            said_at = FRAME.say("column", lang, column=column)
        parts.append(said_at)
    head = parts[0]
    rest = FRAME.say("sep", lang).join(parts[1:])
    return f"{head} {rest}" if rest else head


# a problem as text (str(problem)), as an override's refusal and a batch point's reason hold it
PROBLEM_TEXT = re.compile(
    r"^(?P<file>[^,:]+?)(?:, row (?P<row>\d+))?(?:, column (?P<column>.+?))?"
    r"(?:: value (?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"))?: expected (?P<expected>.+)$",
    re.DOTALL,
)


def parse_problem(text: str) -> Problem | None:
    """The problem a text made by str(problem) says, or None when it is not one."""
    match = PROBLEM_TEXT.match(text)
    if match is None:
        return None
    value = match.group("value")
    try:
        value = None if value is None else str(ast.literal_eval(value))
    except (ValueError, SyntaxError):
        return None
    row = match.group("row")
    return Problem(
        match.group("file"),
        None if row is None else int(row),
        match.group("column"),
        value,
        match.group("expected"),
    )


def problem_words(problem: Problem, lang: str) -> str:
    """One problem in `lang`: where, the value found, what was expected (str(problem) in
    English)."""
    if lang == "en":
        return str(problem)
    text = where_words(problem, lang)
    if problem.value is not None:
        text += FRAME.say("value", lang, value=value_words(problem.value, lang))
    inner = parse_problem(problem.expected) if problem.file == "override" else None
    if inner is not None:
        return text + FRAME.say("after", lang, inner=problem_words(inner, lang))
    return text + FRAME.say(
        "expected", lang, expected=_spaced(expected_words(problem.expected, lang), lang)
    )


def value_expected_words(problem: Problem, lang: str) -> str:
    """The value and what was expected, without the place (a reader that names the cell)."""
    found = ""
    if problem.value is not None:
        found = FRAME.say("found", lang, value=value_words(problem.value, lang))
    return found + FRAME.say(
        "wanted", lang, expected=_spaced(expected_words(problem.expected, lang), lang)
    )


def _spaced(text: str, lang: str) -> str:
    """A space between 应为 and a text that starts with a code, a number or a path."""
    ascii_first = text[:1].isascii() and not text[:1].isspace()
    return " " + text if lang == "zh" and ascii_first else text


def reason_words(reason: str, lang: str) -> str:
    """A batch point's recorded reason (its problems as text, joined by '; ') in `lang`."""
    if lang == "en" or not reason:
        return reason
    parts = re.split(r"; (?=override, column )", reason)
    problems = [parse_problem(part) for part in parts]
    if not all(problems):
        return reason
    return "；".join(problem_words(p, lang) for p in problems)
