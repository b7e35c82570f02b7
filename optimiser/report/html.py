"""report.html: one self-contained file a department can mail, project and print (inline style
and SVG, nothing fetched, no script needed), in the reader's language.

The first printed page is the decision: the dataset and years, the data warning, the status in
words (an audit-failed plan: what the audit found and 请勿签批), the money allocated against the
budget, the people reached, the deep counties' share of central and provincial special funds
against the share the earmark rule requires, the chart of money by county, and the policy rules
that bind the plan most, said as sentences with the clause they rest on. A run without a plan
shows the rules that conflict instead. Then a page break, and the details, collapsible on screen
and printed open: money by county (cities in the dataset's order, a 合计 that is the sum of the
printed rows) and by source, every binding rule grouped by rule, the unfunded projects, what the
plan is sensitive to, the notes and the technical facts. Every amount is summed from
allocation.csv's amounts, already rounded to 0.01 万元 so that they add up; names, never codes."""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from datetime import UTC, datetime

from optimiser.explain.values import objective_unit
from optimiser.report.binding_rules import RuleGroup
from optimiser.report.html_chart import Bar, bar_chart, colours, legend
from optimiser.report.html_style import PRINT_SCRIPT, STYLE
from optimiser.report.plan_facts import CountyMoney, PlanFacts
from optimiser.report.rule_sentences import rule_sentence, tidy, title
from optimiser.report.run_view import RunView
from optimiser.report.text import figure
from optimiser.report.unfunded_reasons import reason_text
from optimiser.report.words import COMMON, DEFAULT_LANG, LANGS, Words, join, span, status_words
from optimiser.rules import BY_ID

FIRST_PAGE_RULES = 8  # at most these rules (a sentence each) on the first page; the rest counted
MIN_FIRST_PAGE_RULES = 5  # at least these, where so many bind
FIRST_PAGE_LINES = 17  # lines of A4 print the rules have on the first page, roughly
LINE = 51  # CJK characters in a printed line (10pt on A4 less 12 mm margins)
RULE_LINES = 4  # instances shown for each rule in the details; the rest are counted
UNFUNDED_ROWS = 100
CITY_CHART = 80  # more counties than this: the first page's chart is by city

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
        "price_line": {
            "zh": "{title}：取消该规则，方案可改善 {price} {unit}，这是保留该规则的代价。",
            "en": "{title}: without it the plan would improve by {price} {unit}, what keeping "
            "it costs.",
        },
        "price_none": {
            "zh": "{title}：取消该规则后，求解结果为“{status}”。",
            "en": "{title}: without it the run is {status}.",
        },
        "price_priority": {
            "zh": "{title}：取消该规则，方案反而减少 {loss} {unit}：取消后深度贫困县可优先多得 {more} "
            "万元，方案须予保持。",
            "en": "{title}: without it the plan would lose {loss} {unit}: the deep counties "
            "would then be put first for {more} 万元 more, which the plan must keep.",
        },
        "weights_head": {
            "zh": "方案对哪些县的权重最敏感（每多覆盖一人的价值）",
            "en": "Where the plan is most sensitive to the weights (value of one more person "
            "reached)",
        },
        "weight_line": {
            "zh": "{county}（第 {segment} 段）：权重 {weight}，在 {low} 至 {high} 之间方案不变。",
            "en": "{county} (segment {segment}): weight {weight}; the plan stays the same from "
            "{low} to {high}.",
        },
        "near_head": {
            "zh": "接近限值的规则（距限值 {pct} 以内）",
            "en": "Rules near their limits (within {pct})",
        },
        "near_line": {
            "zh": "{title}（{instance}）：{lhs}，限值 {rhs}。",
            "en": "{title} ({instance}): {lhs} against a limit of {rhs}.",
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


def render_html(view: RunView, lang: str = DEFAULT_LANG) -> str:
    """The page in `lang` (zh or en), from the run folder alone."""
    return Report(view, lang if lang in LANGS else DEFAULT_LANG).page()


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _wan(cents: int) -> str:
    """万元 from cents of 万元, always with two decimals, so a column's decimals line up."""
    return f"{cents / 100:,.2f}"


def _pct(share: float) -> str:
    """30% for a whole percent, else to a tenth: 55.3%."""
    return f"{share:.0%}" if abs(share * 100 - round(share * 100)) < 1e-6 else f"{share:.1%}"


def local_time(iso: str, lang: str) -> str:
    """summary['started'] (ISO, UTC) in the machine's local time, with its zone."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone()
    minutes = int(moment.utcoffset().total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    zone = f"UTC{'+' if minutes >= 0 else '-'}{hours:02d}:{rest:02d}"
    name = moment.tzname() or ""
    if minutes == 8 * 60 and name == "CST":  # China's zone, as China calls it
        zone = f"{W('beijing', lang)}, {zone}" if lang == "en" else f"{W('beijing', lang)}，{zone}"
    elif lang == "en" and name and not name.startswith(("UTC", "+", "-")):
        zone = f"{name}, {zone}"
    if lang == "zh":
        return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}（{zone}）"
    return f"{moment:%Y-%m-%d %H:%M} ({zone})"


class Report:
    def __init__(self, view: RunView, lang: str):
        self.view = view
        self.lang = lang
        self.s = view.summary
        self.names = view.names
        self.objunit = objective_unit(self.s.get("objective_mode", "impact"), lang)
        self.facts = PlanFacts.of(view)
        self.rules = self.facts.rules

    def w(self, key: str, **fields: object) -> str:
        return W(key, self.lang, **fields)

    def city_name(self, county: CountyMoney) -> str:
        return county.city or COMMON.say("unknown_city", self.lang)

    # -- the page ------------------------------------------------------------------------------

    def page(self) -> str:
        s = self.s
        title = s.get("dataset_title") or s.get("dataset", "")
        plan = self.w("plan", span=span(s["years"], self.lang))
        html_lang = "zh-CN" if self.lang == "zh" else "en"
        return "\n".join(
            [
                f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f"<title>{_e(title)} · {_e(plan)}</title><style>{STYLE}</style>",
                f"<script>{PRINT_SCRIPT}</script></head><body>",
                '<section class="first">',
                # the years and the time under the title, inside the heading, so that the data
                # warning comes right after it
                f'<h1>{_e(title)}<span class="sub">{_e(plan)} · '
                f"{_e(self.w('made', time=self._time()))}</span></h1>",
                self.warning(),
                self.status(),
                self.first_page_plan() if self.view.has_plan else self.first_page_no_plan(),
                "</section>",
                self.details(),
                self.footer(),
                "</body></html>",
            ]
        )

    def _time(self) -> str:
        return local_time(self.s.get("started", ""), self.lang)

    def warning(self) -> str:
        warning = self.s.get("data_warning")
        if not warning:
            return ""
        return f'<p class="warning" role="alert">{_e(warning.get(self.lang) or warning["zh"])}</p>'

    def audit_findings(self) -> list[str]:
        return [said for record, said in self.view.notes(self.lang) if record.startswith("audit:")]

    def status(self) -> str:
        status = self.s.get("status", "")
        words = status_words(status, self.lang)
        if status == "audit-failed":
            findings = "".join(f"<li>{_e(_clean(f))}</li>" for f in self.audit_findings())
            return (
                '<div class="stop" role="alert">'
                f'<p class="sign">{_e(self.w("do_not_sign"))}</p>'
                f'<p class="status bad">{_e(self.w("status", status=words))}</p>'
                + (f"<p>{_e(self.w('audit_found'))}</p><ul>{findings}</ul>" if findings else "")
                + "</div>"
            )
        good = status in ("optimal", "feasible")
        text = self.w("status", status=words)
        if self.s.get("mip") and self.s.get("gap") and status in ("optimal", "feasible"):
            text += self.w("gap", gap=f"{self.s['gap']:.2%}")
        extra = ""
        findings = self.audit_findings()
        if findings:  # what the audit noted on a plan it did not fail
            extra = '<ul class="plain">' + "".join(f"<li>{_e(_clean(f))}</li>" for f in findings)
            extra += "</ul>"
        return f'<p class="status {"ok" if good else "bad"}">{_e(text)}</p>{extra}'

    # -- first page ----------------------------------------------------------------------------

    def first_page_plan(self) -> str:
        return "".join([self.tiles(), self.chart(), self.top_rules()])

    def first_page_no_plan(self) -> str:
        parts = [f"<p>{_e(self.w('no_plan'))}</p>"]
        diagnosis = (self.view.explanation or {}).get("diagnosis")
        if diagnosis:
            parts.append(f"<h2>{_e(self.w('conflict_head'))}</h2>{self.diagnosis(diagnosis)}")
        return "".join(parts)

    def tiles(self) -> str:
        facts = self.facts
        budget = facts.budget
        tiles = [
            (
                self.w("tile_money"),
                f"{_wan(facts.allocated)} <small>万元</small>",
                self.w(
                    "tile_money_of",
                    budget=_wan(budget),
                    share=_pct(facts.allocated / budget) if budget else "-",
                ),
                "",
            )
        ]
        if facts.people is not None:
            tiles.append(
                (
                    self.w("tile_people"),
                    f"{facts.people:,.0f} <small>{_e(self.w('people_unit'))}</small>",
                    self.w("tile_people_more"),
                    "",
                )
            )
        share = facts.deep_share
        if share is not None:
            more = self.w("deep_of", deep=_wan(facts.deep_special), total=_wan(facts.special))
            required = facts.earmark_share
            verdict = ""
            if required is not None:
                met = share + 1e-9 >= required
                key = "earmark_met" if met else "earmark_short"
                verdict = f'<div class="more {"ok" if met else "bad"}">'
                verdict += f"{_e(self.w(key, share=_pct(required)))}</div>"
            tiles.append((self.w("tile_deep"), f"{share:.1%}", more, verdict))
        return (
            '<div class="tiles">'
            + "".join(
                f'<div class="tile"><div class="label">{_e(label)}</div>'
                f'<div class="value">{value}</div><div class="more">{_e(more)}</div>{extra}</div>'
                for label, value, more, extra in tiles
            )
            + "</div>"
        )

    def chart(self) -> str:
        sources = self.facts.used_sources()
        colour = colours(sources)
        names = {code: self.names.source(code, self.lang) for code in sources}
        counties = self.facts.counties
        by_city = len(counties) > CITY_CHART
        if by_city:
            cities: dict[str, dict[str, int]] = {}
            for county in counties:
                into = cities.setdefault(self.city_name(county), {})
                for source, value in county.by_source.items():
                    into[source] = into.get(source, 0) + value
            bars = [
                Bar(city, False, [(s, row.get(s, 0) / 100) for s in sources], city)
                for city, row in cities.items()
            ]
        else:
            bars = [
                Bar(
                    county.name,
                    county.deep,
                    [(s, county.by_source.get(s, 0) / 100) for s in sources],
                    county.name,
                )
                for county in counties
            ]
        heading = self.w("chart_city" if by_city else "chart")
        note = "" if by_city else f"<figcaption>{_e(self.w('chart_note'))}</figcaption>"
        return (
            f'<h2>{_e(heading)}</h2><figure class="chart">'
            f"{bar_chart(bars, colour, names, heading)}{legend(colour, names)}{note}</figure>"
        )

    def top_rules(self) -> str:
        """The policy rules that matter (optimiser.report.binding_rules), as many as the first
        page holds, each its most valuable instance; the rest, and the rules at their limit
        worth nothing, counted."""
        head = f"<h2>{_e(self.w('rules_head'))}</h2>"
        groups, idle = self.rules.matter, self.rules.idle
        if not groups and not idle:
            return head + f"<p>{_e(self.w('rules_none'))}</p>"
        main = self.main_document(groups[:FIRST_PAGE_RULES])
        items: list[str] = []
        room = self.first_page_room() - (1 if len(groups) > MIN_FIRST_PAGE_RULES else 0)
        for group in groups[:FIRST_PAGE_RULES]:
            n = len(group.counted)
            count = self.w("rules_count", n=n) if n > 1 else ""
            colon = "：" if self.lang == "zh" else ": "
            sentence = rule_sentence(group.best, self.names, self.lang, self.objunit, False)
            # an English quote is a translation, and long: the details quote it
            cite = self.citation(group.best, omit=main, quote_limit=80 if self.lang == "zh" else 0)
            title = self.rule_title(group.rule_id)
            room -= math.ceil(_lines(title + count + colon + sentence) + _lines(cite, 0.8))
            if len(items) >= MIN_FIRST_PAGE_RULES and room < 0:
                break
            text = _e(sentence) + (f' <span class="cite">{_e(cite)}</span>' if cite else "")
            items.append(f"<li><b>{_e(title)}</b>{_e(count)}{colon}{text}</li>")
        source = f'<p class="cite">{_e(self.w("rules_source", doc=main))}</p>' if main else ""
        notes = []
        rest = groups[len(items) :]
        if rest:
            n = sum(len(g.counted) for g in rest)
            notes.append(self.w("rules_more", rules=len(rest), n=n))
        if idle:
            n = sum(len(g.idle) for g in idle)
            notes.append(self.w("rules_idle", rules=len(idle), n=n))
        more = "".join(f'<p class="more-note">{_e(note)}</p>' for note in notes)
        listed = '<ol class="rules">' + "".join(items) + "</ol>" if items else ""
        return head + source + listed + more

    def main_document(self, groups: list[RuleGroup]) -> str | None:
        """The document most of these rules' clauses are of (named once above the list)."""
        titles = [
            found[0]
            for group in groups
            for one in group.rule_id.split("+")
            if one in BY_ID
            for clause_id in BY_ID[one].citations
            if (found := self.clause(clause_id, None)) and found[1]
        ]
        return Counter(titles).most_common(1)[0][0] if titles else None

    def first_page_room(self) -> float:
        """Lines of print left for the rules on the first page, roughly: what a usual page has
        less what a longer data warning or the audit's findings take."""
        room = FIRST_PAGE_LINES
        warning = (self.s.get("data_warning") or {}).get(self.lang, "")
        room -= max(0, _lines(warning) - 2)
        if self.s.get("status") == "audit-failed":
            room -= 4 + sum(_lines(f) for f in self.audit_findings())
        return room

    # -- rule sentences ------------------------------------------------------------------------

    def rule_title(self, rule_id: str) -> str:
        return title(rule_id, self.names, self.lang)

    def citation(self, item: dict, quote_limit: int = 80, omit: str | None = None) -> str:
        """The clauses the rule rests on, by document and article (《…》第三条、第七条), quoting
        the sentence where the rule rests on one clause and it is known which sentence."""
        docs: dict[str, tuple[str, list[tuple[str, str | None]]]] = {}
        for rule_id in item["rule_id"].split("+"):
            family = BY_ID.get(rule_id)
            if family is None:
                continue
            for clause_id in family.citations:
                found = self.clause(clause_id, family.quotes.get(clause_id))
                if found is None:
                    continue
                title, where, quote = found
                _, clauses = docs.setdefault(title, (title, []))
                if (where, quote) not in clauses:
                    clauses.append((where, quote))
        said = []
        for title, clauses in docs.values():
            if not clauses or clauses == [("", None)]:
                said.append(title)
                continue
            wheres = join([w for w, _ in clauses if w], self.lang)
            quotes = [q for _, q in clauses if q]
            here = "_here" if title == omit and wheres else ""
            if len(clauses) == 1 and quotes and quote_limit:
                quote = _short(quotes[0], quote_limit if self.lang == "zh" else 2 * quote_limit)
                said.append(self.w(f"clause{here}_quote", doc=title, where=wheres, quote=quote))
            else:
                said.append(self.w(f"clause{here}", doc=title, where=wheres))
        return self.w("cite", text=join(said, self.lang)) if said else ""

    def clause(self, clause_id: str, phrase: str | None) -> tuple[str, str, str | None] | None:
        """(document's title, where in it, the sentence quoted or None) of a clause."""
        clause = _register_clause(clause_id)
        if clause is None:
            return None
        doc = clause.document
        zh = self.lang == "zh"
        title = _bare_title(doc.title if zh else doc.title_en)
        if not doc.held or (zh and not _has_cjk(title)):
            # a public source the register summarises in English: named, not quoted
            return (W("public", self.lang) if zh else title or W("public", self.lang)), "", None
        where = _where(clause.locator, self.lang)
        # quote the sentence when it is clear which: the family names it, or there is one
        quote = None
        if zh and (phrase or not clause.more_text):
            quote = clause.sentence(phrase)
        elif not zh and not phrase and not clause.more_text:
            quote = clause.text_en
        if quote and zh and not _has_cjk(quote):
            quote = None
        return title, where, quote

    # -- details -------------------------------------------------------------------------------

    def details(self) -> str:
        sections: list[tuple[str, str]] = []
        if self.view.has_plan:
            sections += [
                (self.w("by_county"), self.county_table()),
                (self.w("by_source"), self.source_table()),
            ]
        rules = self.rules
        if rules.policy or rules.stages or rules.structural:
            sections.append((self.w("rules_all"), self.all_rules()))
        expl = self.view.explanation or {}
        if expl.get("unfunded"):
            sections.append((self.w("unfunded"), self.unfunded(self.facts.unfunded)))
        explained = self.explained(expl)
        if explained:
            sections.append((self.w("explanation"), explained))
        notes = [said for _, said in self.view.notes(self.lang)]
        if notes:
            items = "".join(f"<li>{_e(_clean(n))}</li>" for n in notes)
            sections.append((self.w("notes"), f'<ul class="plain">{items}</ul>'))
        sections.append((self.w("technical"), self.technical()))
        out = [f'<section class="details"><h2>{_e(self.w("details"))}</h2>']
        out.append(f'<p class="more-note screen">{_e(self.w("details_note"))}</p>')
        for i, (heading, body) in enumerate(sections):
            out.append(
                f'<details id="d{i + 1}"><summary>{_e(heading)}</summary>'
                f'<div class="body">{body}</div></details>'
            )
        out.append("</section>")
        return "".join(out)

    def county_table(self) -> str:
        special_all = self.facts.special
        head = (
            "<thead><tr>"
            f"<th>{_e(self.w('col_city'))}</th><th>{_e(self.w('col_county'))}</th>"
            f'<th class="n">{_e(self.w("col_special"))}</th>'
            f'<th class="n">{_e(self.w("col_other"))}</th>'
            f'<th class="n">{_e(self.w("col_total"))}</th>'
            f'<th class="n">{_e(self.w("col_share"))}</th></tr></thead>'
        )

        def cells(special: int, total: int) -> str:
            share = f"{special / special_all:.2%}" if special_all else "-"
            return (
                f'<td class="n">{_wan(special)}</td><td class="n">{_wan(total - special)}</td>'
                f'<td class="n">{_wan(total)}</td><td class="n">{share}</td>'
            )

        cities: dict[str, list[CountyMoney]] = {}
        for county in self.facts.counties:
            cities.setdefault(self.city_name(county), []).append(county)
        rows: list[str] = []
        for city, counties in cities.items():
            for i, county in enumerate(counties):
                deep = " deep" if county.deep else ""
                rows.append(
                    f'<tr class="county{deep}"><td class="city">{_e(city) if i == 0 else ""}</td>'
                    f'<td class="county">{"★" if county.deep else ""}{_e(county.name)}</td>'
                    f"{cells(county.special, county.total)}</tr>"
                )
            if len(cities) > 1 and len(counties) > 1:
                subtotal = self.w("subtotal", city=city)
                special = sum(c.special for c in counties)
                rows.append(
                    f'<tr class="subtotal"><td colspan="2">{_e(subtotal)}</td>'
                    f"{cells(special, sum(c.total for c in counties))}</tr>"
                )
        total = sum(c.total for c in self.facts.counties)
        rows.append(
            f'<tr class="total"><td colspan="2">{_e(COMMON.say("total", self.lang))}</td>'
            f"{cells(special_all, total)}</tr>"
        )
        return (
            f'<p class="more-note">{_e(self.w("county_note"))} {_e(self._summed())}</p>'
            f'<table class="counties">{head}<tbody>{"".join(rows)}</tbody></table>'
        )

    def _summed(self) -> str:
        years = self.s["years"]
        return self.w("summed", span=span(years, self.lang)) if len(years) > 1 else ""

    def source_table(self) -> str:
        head = (
            f"<thead><tr><th>{_e(self.w('col_source'))}</th>"
            f'<th class="n">{_e(self.w("col_budget"))}</th>'
            f'<th class="n">{_e(self.w("col_allocated"))}</th>'
            f'<th class="n">{_e(self.w("col_used"))}</th></tr></thead>'
        )
        rows = [
            f'<tr class="source"><td>{_e(self.names.source(r.code, self.lang))}</td>'
            f'<td class="n">{_wan(r.budget)}</td><td class="n">{_wan(r.allocated)}</td>'
            f'<td class="n">{_pct(r.allocated / r.budget) if r.budget else "-"}</td></tr>'
            for r in self.facts.sources
        ]
        budget, allocated = self.facts.budget, self.facts.allocated
        rows.append(
            f'<tr class="total"><td>{_e(COMMON.say("total", self.lang))}</td>'
            f'<td class="n">{_wan(budget)}</td><td class="n">{_wan(allocated)}</td>'
            f'<td class="n">{_pct(allocated / budget) if budget else "-"}</td></tr>'
        )
        note = f'<p class="more-note">{_e(self._summed())}</p>' if self._summed() else ""
        return f'{note}<table class="sources">{head}<tbody>{"".join(rows)}</tbody></table>'

    def all_rules(self) -> str:
        expl = self.view.explanation or {}
        parts = [f'<p class="more-note">{_e(self.w("rules_intro"))}']
        if expl.get("given_projects"):
            parts.append(" " + _e(self.w("given")))
        parts.append("</p>")
        rules = self.rules
        if rules.policy or rules.stages:
            parts.append(f"<h3>{_e(self.w('policy_head'))}</h3>")
            parts += [self.rule_group(g, cited=True) for g in rules.policy]
            for stage in rules.stages:
                sentence = f"<li>{_e(rule_sentence(stage, self.names, self.lang, ''))}</li>"
                parts.append(self.group_block(self.rule_title(stage["rule_id"]), stage, sentence))
        if rules.structural:
            parts.append(f"<h3>{_e(self.w('structural_head'))}</h3>")
            parts += [self.rule_group(g, cited=False) for g in rules.structural]
        return "".join(parts)

    def rule_group(self, group: RuleGroup, cited: bool) -> str:
        """A rule's instances that count (the most valuable few, the rest counted), and how many
        more are at their limit worth nothing."""
        n = len(group.counted)
        heading = self.rule_title(group.rule_id)
        if n:
            heading = self.w("rule_group", title=heading, n=n)
        shown = group.counted[:RULE_LINES]
        lines = "".join(
            f"<li>{_e(rule_sentence(item, self.names, self.lang, self.objunit))}</li>"
            for item in shown
        )
        notes = []
        if n > len(shown):
            notes.append(self.w("rule_more", n=n - len(shown)))
        if group.idle:
            key = "rule_idle" if n else "rule_zero"
            notes.append(self.w(key, n=len(group.idle)))
        lines += "".join(f'<li class="more-note">{_e(note)}</li>' for note in notes)
        first = (group.counted or group.idle)[0]
        return self.group_block(heading, first if cited else None, lines)

    def group_block(self, heading: str, cited: dict | None, lines: str) -> str:
        cite = self.citation(cited) if cited else ""
        return (
            f'<div class="rule-group"><p><b>{_e(heading)}</b></p>'
            + (f'<p class="cite">{_e(cite)}</p>' if cite else "")
            + f'<ul class="plain">{lines}</ul></div>'
        )

    def unfunded(self, projects: list[dict]) -> str:
        head = (
            f"<thead><tr><th>{_e(self.w('col_project'))}</th>"
            f"<th>{_e(self.w('col_county'))}</th>"
            f'<th class="n">{_e(self.w("col_cost"))}</th>'
            f'<th class="n">{_e(self.w("col_people"))}</th>'
            f"<th>{_e(self.w('col_reason'))}</th></tr></thead>"
        )
        rows = []
        for p in projects[:UNFUNDED_ROWS]:
            why = reason_text(p, self.names, self.lang, self.objunit)
            name = p.get("name") or self.names.project(p["project_id"])
            where = self.names.county(p.get("county_code", ""), self.lang)
            rows.append(
                f'<tr><td>{_e(name)}</td><td class="county">{_e(where)}</td>'
                f'<td class="n">{float(p.get("cost_wan") or 0):,.2f}</td>'
                f'<td class="n">{float(p.get("beneficiaries") or 0):,.0f}</td>'
                f"<td>{_e(why)}</td></tr>"
            )
        more = ""
        if len(projects) > UNFUNDED_ROWS:
            more = self.w("unfunded_more", n=len(projects) - UNFUNDED_ROWS)
            more = f'<p class="more-note">{_e(more)}</p>'
        return f'<table class="unfunded">{head}<tbody>{"".join(rows)}</tbody></table>{more}'

    def explained(self, expl: dict) -> str:
        """What else the explanation holds, as paragraphs: prices, near limits, weights."""
        parts = []
        if self.view.has_plan and expl.get("diagnosis"):
            parts.append(
                f"<h3>{_e(self.w('conflict_head'))}</h3>{self.diagnosis(expl['diagnosis'])}"
            )
        if expl.get("prices"):
            lines = []
            for p in expl["prices"]:
                title = self.rule_title(p["rule_id"])
                if p.get("price") is None:
                    status = status_words(p.get("status_off", ""), self.lang, short=True)
                    lines.append(self.w("price_none", title=title, status=status))
                    continue
                held = _held_back(p)
                if p["price"] < 0 and held is not None:
                    lines.append(
                        self.w(
                            "price_priority",
                            title=title,
                            loss=figure(-p["price"]),
                            unit=self.objunit,
                            more=figure(held),
                        )
                    )
                else:
                    lines.append(
                        self.w(
                            "price_line", title=title, price=figure(p["price"]), unit=self.objunit
                        )
                    )
            parts.append(_paragraphs(self.w("prices_head"), lines))
        if expl.get("near"):
            pct = f"{expl.get('near_threshold', 0.01):.0%}"
            lines = [
                self.w(
                    "near_line",
                    title=self.rule_title(n["rule_id"]),
                    instance=self.names.instance(n["instance"], self.lang),
                    lhs=figure(n.get("lhs")),
                    rhs=figure(n.get("rhs")),
                )
                for n in expl["near"][:12]
            ]
            parts.append(_paragraphs(self.w("near_head", pct=pct), lines))
        if expl.get("weights"):
            lines = [
                self.w(
                    "weight_line",
                    county=self.names.county(item.get("county_code", ""), self.lang)
                    + ("★" if item.get("deep") else ""),
                    segment=int(item.get("segment", 0)) + 1,
                    weight=figure(item.get("weight")),
                    low=figure(item.get("low")) if item.get("low") is not None else "-∞",
                    high=figure(item.get("high")) if item.get("high") is not None else "∞",
                )
                for item in expl["weights"][:8]
            ]
            parts.append(_paragraphs(self.w("weights_head"), lines))
        return "".join(parts)

    def diagnosis(self, diag: dict) -> str:
        def said(entry: dict, kind: str) -> str:
            family = BY_ID.get(entry.get("rule_id", ""))
            instance = self.names.instance(entry.get("instance", ""), self.lang)
            if family is None:
                return instance
            unit = family.limit_unit_en if self.lang == "en" else family.limit_unit_zh
            text = family.sentence(
                kind,
                self.lang,
                instance=instance,
                rhs=figure(entry.get("rhs")),
                short=figure(entry.get("short")),
                unit=unit,
            )
            title = self.rule_title(family.id)
            text = tidy(
                text if title in text else f"{title}{'：' if self.lang == 'zh' else ': '}{text}"
            )
            cite = self.citation({"rule_id": family.id}) if kind == "conflict" else ""
            if cite:
                text += f"（{cite}）" if self.lang == "zh" else f" ({cite})"
            return text

        parts = []
        if diag.get("conflict"):
            lines = [said(c, "conflict") for c in diag["conflict"]]
            parts.append(_listed(self.w("conflict_intro"), lines))
        for key, field in (("relax_all", "relaxation"), ("alternatives", "alternatives")):
            if diag.get(field):
                parts.append(_listed(self.w(key), [said(r, "relax") for r in diag[field]]))
        return "".join(parts)

    def technical(self) -> str:
        s = self.s
        lines = []
        if s.get("objective") is not None:
            mode = s.get("objective_mode", "impact")
            lines.append(
                self.w(
                    "objective_line",
                    value=f"{s['objective']:,.2f}",
                    unit=self.objunit,
                    mode=COMMON.say(f"mode.{mode}", self.lang),
                )
            )
        counts = s.get("counts", {})
        lines.append(
            self.w(
                "model_line",
                variables=f"{counts.get('variables', 0):,}",
                integers=f"{counts.get('integer_variables', 0):,}",
                constraints=f"{counts.get('constraints', 0):,}",
            )
        )
        seconds = (s.get("timings") or {}).get("solve")
        lines.append(
            self.w(
                "solver_line",
                solver=s.get("solver", "HiGHS"),
                seconds="-" if seconds is None else f"{seconds:.2f}",
            )
        )
        audit = s.get("audit")
        if audit:
            lines.append(
                self.w("audit_line", checked=f"{audit['checked']:,}", broken=f"{audit['broken']:,}")
            )
        version = (s.get("versions") or {}).get("optimiser")
        if version:
            lines.append(self.w("version_line", version=version))
        return '<ul class="plain">' + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>"

    def footer(self) -> str:
        folder = self.view.folder
        files = self.s.get("files") or sorted(
            p.name for p in folder.iterdir() if not p.name.startswith(".")
        )
        shown = [f for f in files if f != "report.html"]
        text = self.w("folder", name=folder.name, files=join(shown, self.lang))
        return f'<footer><p class="folder">{_e(text)}</p></footer>'


# -- helpers --------------------------------------------------------------------------------------


def _lines(text: str, size: float = 1.0) -> float:
    """Printed lines a text takes on the first page, roughly: a CJK character is one em, other
    characters about half of one; `size` is the font's size against the body text."""
    ems = sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text) * size
    return math.ceil(ems / LINE * 4) / 4 if text else 0.0


def _held_back(price: dict) -> float | None:
    from optimiser.explain.price import held_back

    return held_back(price)


def _paragraphs(head: str, lines: list[str]) -> str:
    return (
        f'<div class="paragraphs"><p><b>{_e(head)}</b></p>'
        + "".join(f"<p>{_e(line)}</p>" for line in lines)
        + "</div>"
    )


def _listed(head: str, lines: list[str]) -> str:
    return (
        f'<div class="paragraphs"><p><b>{_e(head)}</b></p><ul class="plain">'
        + "".join(f"<li>{_e(line)}</li>" for line in lines)
        + "</ul></div>"
    )


def _clean(note: str) -> str:
    """A note as the page says it: a mailed page has no run folder to look things up in."""
    return re.sub(r"[，,]?\s*(见|in|see) [\w.\-]+\.(csv|json)\b", "", note)


_CJK = re.compile(r"[\u3400-\u9fff]")


def _has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def _bare_title(title: str) -> str:
    """A document's title without the register's editorial brackets and remarks:
    '[关于…的意见] (title not printed; reconstructed)' -> '关于…的意见'."""
    title = (title or "").strip()
    match = re.match(r"^\[(.+?)\]", title)
    if match:
        return match.group(1).strip()
    return re.sub(r"\s*\((?=[^)]*[A-Za-z])[^)]*\)\s*$", "", title).strip()


def _where(locator: str, lang: str) -> str:
    """Where in the document: 第八条 / paragraph 11."""
    locator = locator or ""
    article = re.match(r"^(第[^ (（]+条)", locator)
    paragraph = re.search(r"paragraphs? ([\d\-]+)", locator)
    if lang == "zh":
        if article:
            return article.group(1)
        if paragraph:
            return f"第{paragraph.group(1)}段"
        head = locator.split(" (")[0]
        return head if _has_cjk(head) else ""
    return paragraph.group(0) if paragraph else locator


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _register_clause(clause_id: str):
    try:
        from optimiser.register import load_register

        return load_register().resolve(clause_id)
    except Exception:  # a page is still written without the register (a moved install)
        return None
