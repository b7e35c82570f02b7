"""The levers a meeting can move, and what a set of lever values means as overrides.

Three kinds, from the dataset and the rule families, never from a list kept here by hand:

- `budget.<source>.<year>`: every source with money in a plan year, from half to one and a half
  of its budget (a source of several rows, e.g. a city-level one, moves as a whole and keeps its
  rows' proportions, as `--set budget.<source>.<year>=<amount>` does);
- `<RULE-ID>`: hard, soft or off, only the statuses the family's parameters allow; a family that
  can only be applied (the budgets, the payments) is listed locked, with why it holds;
- `<RULE-ID>.<parameter>`: every numeric parameter of a family, with the bounds its field
  declares; a value that a clause the family cites states is locked, the clause quoted.

Lever values become override texts (`R-EARMARK.share=0.35`) and go through the same parsing and
validation as `allocate whatif --set` (optimiser.scenario.overrides); before that every value is
checked here against its lever (a known id, the right type, a finite number within the bounds,
a locked lever at its base), so a bad request is refused with a message per lever."""

from __future__ import annotations

import math
import re
import typing
from dataclasses import dataclass

from optimiser.dataset import Dataset
from optimiser.problems import InputError
from optimiser.report.numbers import money
from optimiser.report.problem_words import parse_problem, problem_words
from optimiser.report.rule_sentences import BASIS
from optimiser.report.words import Words, join, year
from optimiser.rules import FAMILIES
from optimiser.scenario.overrides import apply, parse_all

BUDGET_RANGE = 0.5  # a budget lever moves from (1 - 0.5) to (1 + 0.5) of its base
SHARES = {
    "share",
    "deep_share",
    "min_lent_share",
    "min_deep_share",
    "max_share",
    "min_fraction_of_formula",
    "margin",
    "min_growth",
}
TECHNICAL = {"tolerance"}  # a numerical tolerance of the solve, not a policy setting
STATUSES = ("hard", "soft", "off")
# a clause parameter that states a family's parameter under another name
ALIASES = {
    ("R-GROWTH", "margin"): "growth_margin",
    ("R-REVOLVING", "deep_share"): "revolving_deep_share",
    ("R-REVOLVING", "bank_leverage"): "bank_leverage_min",
}
MAX_IDS = 2000  # more lever values than this in one request is not a page's request

WORDS = Words(
    "live levers",
    {
        "hard": {"zh": "必须满足", "en": "must hold"},
        "soft": {"zh": "可突破（计罚）", "en": "may break (penalised)"},
        "off": {"zh": "不适用", "en": "off"},
        "budget": {"zh": "{source} {year}", "en": "{source} {year}"},
        "unit.wan": {"zh": "万元", "en": "万元"},
        "unit.years": {"zh": "年", "en": "years"},
        "locked.basis": {"zh": "必须遵守：{basis}", "en": "always applies: {basis}"},
        "locked.clause": {"zh": "{clause}规定：{text}", "en": "set by {clause}: {text}"},
        "locked.data": {
            "zh": "本数据集缺少该规则所需的数据（{file}），无法启用",
            "en": "the dataset lacks what this rule needs ({file})",
        },
        "bad.lever": {"zh": "没有这个调整项", "en": "no such lever"},
        "bad.levers": {
            "zh": "调整项应为“名称：取值”的列表",
            "en": "levers must be an object of lever ids and values",
        },
        "bad.locked": {
            "zh": "此项已锁定，不可调整（{reason}）",
            "en": "this lever is locked ({reason})",
        },
        "bad.choice": {"zh": "只能选：{choices}", "en": "choose one of: {choices}"},
        "bad.number": {"zh": "请输入数字", "en": "enter a number"},
        "bad.finite": {"zh": "请输入有限的数字", "en": "enter a finite number"},
        "bad.integer": {"zh": "请输入整数", "en": "enter a whole number"},
        "bad.range": {
            "zh": "超出可调范围（{low}至{high}）",
            "en": "outside the range ({low} to {high})",
        },
        "bad.rule_on": {
            "zh": "本数据集缺少该规则所需的数据（{file}），无法启用",
            "en": "the dataset lacks what this rule needs ({file})",
        },
        "bad.together": {
            "zh": "与其他设置或数据不符，未被采用",
            "en": "not accepted with the other settings or the data",
        },
        "penalty": {"zh": "可突破时每单位罚项", "en": "penalty per unit short when soft"},
    },
)

# what each numeric parameter is called, by family and parameter (the field's description says
# it in full: `allocate rules`); a test holds every numeric field of every family to a label
LABELS = Words(
    "live parameter labels",
    {
        "R-EARMARK.share": {"zh": "深度贫困县最低占比", "en": "least share to deep counties"},
        "R-GROWTH.margin": {
            "zh": "增幅高出全省平均的幅度",
            "en": "growth margin over the province-wide average",
        },
        "R-REVOLVING.deep_share": {
            "zh": "借给深度贫困县的比例",
            "en": "share lent to deep counties",
        },
        "R-REVOLVING.county_match_ratio": {
            "zh": "每万元借款的县级配套",
            "en": "county match per 万元 lent",
        },
        "R-REVOLVING.bank_leverage": {
            "zh": "银行最低放大倍数",
            "en": "least bank lending per 万元 of fund and match",
        },
        "R-REVOLVING.term_years_min": {"zh": "最短借款期限", "en": "shortest loan term"},
        "R-REVOLVING.term_years_max": {"zh": "最长借款期限", "en": "longest loan term"},
        "R-REVOLVING.min_lent_share": {
            "zh": "可借资金最低借出比例",
            "en": "least share of what can be lent that is lent",
        },
        "R-RELENDING.min_deep_wan": {
            "zh": "深度贫困县每年最低再贷款额",
            "en": "least relending to deep counties each year",
        },
        "R-RELENDING.max_rollovers": {"zh": "最多续贷次数", "en": "most rollovers of a loan"},
        "min_deep_share": {"zh": "深度贫困县最低份额", "en": "least share to deep counties"},
        "weight": {
            "zh": "深度贫困县每得1万元计入目标的权重",
            "en": "weight of each 万元 the deep counties receive",
        },
        "R-INCREASE.min_growth": {"zh": "比上年最低增幅", "en": "least growth over last year"},
        "R-INCREASE.min_increase_wan": {
            "zh": "比上年最少增加额",
            "en": "least increase over last year",
        },
        "R-PREPAY.max_share": {
            "zh": "开工当年最高拨付比例",
            "en": "most of a project paid in its start year",
        },
        "R-RELIEF-FUND.provincial_floor_wan": {
            "zh": "省级最低投入",
            "en": "least provincial contribution",
        },
        "R-RELIEF-FUND.local_floor_wan": {
            "zh": "各市、县最低投入",
            "en": "least contribution of each city and county",
        },
        "R-DEADLINE.delay_years": {
            "zh": "各项完成期限推迟年数",
            "en": "years added to every deadline",
        },
        "R-FARMLAND-TARGET.year": {"zh": "退耕完成年份", "en": "year the farmland is returned by"},
        "R-PV-COVERAGE.year": {"zh": "光伏全覆盖完成年份", "en": "year every village has PV by"},
        "R-COUNTY-FLOOR.min_fraction_of_formula": {
            "zh": "不低于因素法份额的比例",
            "en": "least share of the formula allocation",
        },
        "R-COUNTY-FLOOR.min_wan": {"zh": "每县每年最低额", "en": "least per county and year"},
    },
)


@dataclass(frozen=True)
class Lever:
    id: str
    group: str  # budget | rule | param
    label: tuple[str, str]  # zh, en
    base: object
    low: float | None = None
    high: float | None = None
    step: float | None = None
    unit: str = ""  # a WORDS key (unit.wan, unit.years) or ""
    percent: bool = False
    share: bool = False
    integer: bool = False
    rule: str | None = None
    choices: tuple[str, ...] | None = None
    locked: tuple[str, str] | None = None  # why, zh and en

    def said(self, pair: tuple[str, str] | None, lang: str) -> str | None:
        if pair is None:
            return None
        return pair[1] if lang == "en" else pair[0]

    def describe(self, lang: str, value: object = None) -> dict:
        """The lever as the page reads it (docs/live-api.md)."""
        found = {
            "id": self.id,
            "group": self.group,
            "label": self.said(self.label, lang),
            "value": self.base if value is None else value,
            "base": self.base,
            "locked": self.locked is not None,
            "locked_reason": self.said(self.locked, lang),
        }
        if self.group == "rule":
            found["choices"] = list(self.choices or ())
            found["choice_labels"] = [WORDS.say(c, lang) for c in self.choices or ()]
            return found
        found.update(
            {
                "min": self.low,
                "max": self.high,
                "step": self.step,
                "unit": WORDS.say(self.unit, lang) if self.unit else "",
                "percent": self.percent,
                "share": self.share,
                "choices": None,
                "choice_labels": None,
            }
        )
        if self.rule is not None:
            found["rule"] = self.rule
        return found

    def shown(self, value: object, lang: str) -> str:
        """A value of this lever as a person reads it (in messages)."""
        if isinstance(value, str):
            return WORDS.say(value, lang) if value in STATUSES else value
        if self.share:
            whole = abs(float(value) * 100 - round(float(value) * 100)) < 1e-6
            return f"{float(value):.0%}" if whole else f"{float(value):.2%}"
        if self.unit == "unit.wan":
            return money(float(value)) + " 万元"
        if self.integer:
            return str(int(value))
        return f"{float(value):g}"

    def same(self, value: object) -> bool:
        """`value` is this lever's base (to the lever's precision)."""
        if self.group == "rule":
            return value == self.base
        return abs(float(value) - float(self.base)) <= 1e-9 * max(1.0, abs(float(self.base)))

    def override(self, value: object) -> str:
        """The override text (`allocate whatif --set`) that sets this lever to `value`."""
        if self.group == "rule":
            return f"{self.id}={value}"
        if self.integer:
            return f"{self.id}={int(value)}"
        return f"{self.id}={float(value)!r}"


class Invalid(Exception):
    """Lever values refused: {lever id: message in the language}; `detail`: the record."""

    def __init__(self, errors: dict[str, str], detail: dict[str, str] | None = None):
        super().__init__(errors)
        self.errors = errors
        self.detail = detail or {}


class Levers:
    """Every lever of a dataset and plan years, and their validation."""

    def __init__(self, data: Dataset, years: list[int] | tuple[int, ...]):
        self.data = data
        self.years = tuple(years)
        found = self._budgets() + self._rules()
        self.levers: dict[str, Lever] = {lever.id: lever for lever in found}

    def __iter__(self):
        return iter(self.levers.values())

    def __getitem__(self, lever_id: str) -> Lever:
        return self.levers[lever_id]

    def __contains__(self, lever_id: object) -> bool:
        return isinstance(lever_id, str) and lever_id in self.levers

    def describe(self, lang: str, values: dict | None = None) -> list[dict]:
        values = values or {}
        return [lever.describe(lang, values.get(lever.id)) for lever in self]

    # ---- the catalogue ---------------------------------------------------------------------

    def _budgets(self) -> list[Lever]:
        found = []
        for source in self.data.sources:
            for y in self.years:
                base = sum(
                    b.amount_wan
                    for b in self.data.budgets
                    if b.source == source.code and b.year == y
                )
                if base <= 0:
                    continue  # nothing to scale: a source with no money that year
                base = round(base, 2)
                label = tuple(
                    WORDS.say(
                        "budget",
                        lang,
                        source=(source.name_en or source.name) if lang == "en" else source.name,
                        year=year(y, lang),
                    )
                    for lang in ("zh", "en")
                )
                found.append(
                    Lever(
                        f"budget.{source.code}.{y}",
                        "budget",
                        label,
                        base,
                        low=round(base * (1 - BUDGET_RANGE), 2),
                        high=round(base * (1 + BUDGET_RANGE), 2),
                        step=0.01,
                        unit="unit.wan",
                        percent=True,
                    )
                )
        return found

    def _rules(self) -> list[Lever]:
        found = []
        for family in FAMILIES:
            params = self.data.policy.rules[family.id]
            choices = tuple(
                c
                for c in STATUSES
                if c in typing.get_args(family.Params.model_fields["status"].annotation)
            )
            title = (family.title_zh, family.title_en)
            locked = None
            if len(choices) == 1:
                basis = tuple(
                    WORDS.say(
                        "locked.basis",
                        lang,
                        basis=BASIS.say(family.id, lang) if family.id in BASIS.words else "",
                    )
                    for lang in ("zh", "en")
                )
                locked = basis
            elif not params.on:
                problems = family.check(self.data, params.model_copy(update={"status": "hard"}))
                if problems:
                    files = ", ".join(sorted({p.file for p in problems}))
                    locked = tuple(
                        WORDS.say("locked.data", lang, file=files) for lang in ("zh", "en")
                    )
            found.append(
                Lever(family.id, "rule", title, params.status, choices=choices, locked=locked)
            )
            if len(choices) > 1 and locked is None:  # a rule that cannot be on has no levers
                found += self._params(family, params, "soft" in choices)
        return found

    def _params(self, family, params, may_be_soft: bool) -> list[Lever]:
        found = []
        method = getattr(params, "method", None)
        for name, info in family.Params.model_fields.items():
            if name in ("status", "borrowed") or name in TECHNICAL:
                continue
            if name == "penalty" and not may_be_soft:
                continue
            kind = info.annotation
            if kind not in (int, float):
                continue  # switches and choices (bool, text) are not levers
            described = info.description or ""
            only = re.match(r"with method (\w+):", described)
            if only and only.group(1) != method:
                continue  # acts only with another method than the dataset's
            value = getattr(params, name)
            integer = kind is int
            low, high = _bounds(info)
            if low is None:
                low = 0.0 if value >= 0 else float(value) * 10
            if high is None:
                high = max(100.0 * abs(value), 1.0)
            if name.endswith("_wan"):
                total = sum(b.amount_wan for b in self.data.budgets if b.year in self.years)
                high = min(high, max(2.0 * abs(value), round(total, 2), 1.0))
            share = name in SHARES
            key = f"{family.id}.{name}"
            if name == "penalty":
                label = tuple(WORDS.say("penalty", lang) for lang in ("zh", "en"))
            elif key in LABELS.words or name in LABELS.words:
                which = key if key in LABELS.words else name
                label = tuple(LABELS.say(which, lang) for lang in ("zh", "en"))
            else:  # a parameter added to a family without a label: its description
                label = (described, described)
            unit = ""
            if name.endswith("_wan"):
                unit = "unit.wan"
            elif name.endswith("_years") or name.startswith("term_years"):
                unit = "unit.years"
            found.append(
                Lever(
                    key,
                    "param",
                    label,
                    int(value) if integer else float(value),
                    low=int(low) if integer else float(low),
                    high=int(high) if integer else float(high),
                    step=1 if integer else (1.0 if name == "penalty" else 0.01),
                    unit=unit,
                    share=share,
                    integer=integer,
                    rule=family.id,
                    locked=_fixed_by_clause(family, name, value),
                )
            )
        return found

    # ---- validation ------------------------------------------------------------------------

    def check(self, asked: object, lang: str) -> dict[str, object]:
        """The values of `asked` ({lever id: value}) that differ from their levers' bases, or
        Invalid with a message per lever (the id `_` for the request as a whole)."""
        if not isinstance(asked, dict) or len(asked) > MAX_IDS:
            raise Invalid({"_": WORDS.say("bad.levers", lang)})
        errors: dict[str, str] = {}
        changed: dict[str, object] = {}
        for lever_id, value in asked.items():
            lever = self.levers.get(lever_id) if isinstance(lever_id, str) else None
            if lever is None:
                errors[_shown_id(lever_id)] = WORDS.say("bad.lever", lang)
                continue
            problem = self._problem(lever, value, lang)
            if problem is not None:
                errors[lever_id] = problem
            elif not lever.same(value):
                changed[lever_id] = int(value) if lever.integer else value
        if errors:
            raise Invalid(errors)
        return changed

    def _problem(self, lever: Lever, value: object, lang: str) -> str | None:
        if lever.group == "rule":
            if not isinstance(value, str) or value not in (lever.choices or ()):
                choices = join([WORDS.say(c, lang) for c in lever.choices or ()], lang)
                return WORDS.say("bad.choice", lang, choices=choices)
        else:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return WORDS.say("bad.number", lang)
            try:
                number = float(value)
            except OverflowError:  # an integer too large for a float
                return WORDS.say("bad.finite", lang)
            if not math.isfinite(number):
                return WORDS.say("bad.finite", lang)
            if lever.integer and number != int(number):
                return WORDS.say("bad.integer", lang)
            slack = 1e-9 * max(1.0, abs(lever.high), abs(lever.low))
            if not lever.low - slack <= number <= lever.high + slack:
                return WORDS.say(
                    "bad.range",
                    lang,
                    low=lever.shown(lever.low, lang),
                    high=lever.shown(lever.high, lang),
                )
        if lever.locked is not None and not lever.same(value):
            return WORDS.say("bad.locked", lang, reason=lever.said(lever.locked, lang))
        return None

    def overrides(self, changed: dict[str, object]) -> list[str]:
        """The override texts of checked lever values, in the catalogue's order."""
        return [lever.override(changed[lever.id]) for lever in self if lever.id in changed]

    def variant(self, changed: dict[str, object], lang: str) -> Dataset:
        """The dataset with the levers' values applied through optimiser.scenario.overrides;
        Invalid when the values together are refused (a rule switched on without the data it
        needs; parameters that contradict each other)."""
        texts = self.overrides(changed)
        if not texts:
            return self.data
        try:
            return apply(self.data, parse_all(texts))
        except InputError as exc:
            raise self._refused(exc, changed, texts, lang) from None

    def _refused(self, exc: InputError, changed: dict, texts: list[str], lang: str) -> Invalid:
        by_text = dict(zip(texts, [lever.id for lever in self if lever.id in changed], strict=True))
        errors: dict[str, str] = {}
        detail: dict[str, str] = {}
        for problem in exc.errors:
            rule_on = re.search(r"\((R-[A-Z-]+) is on\)", problem.expected or "")
            if rule_on and rule_on.group(1) in changed:
                lever_id, key = rule_on.group(1), "bad.rule_on"
            else:
                lever_id, key = by_text.get(problem.column or "", "_"), "bad.together"
            detail[lever_id] = problem_words(problem, lang)
            # an override the checks refuse carries the problem of the file it breaks
            inner = parse_problem(problem.expected) if problem.file == "override" else None
            errors[lever_id] = WORDS.say(key, lang, file=(inner or problem).file)
        said = "；".join(problem_words(p, lang) for p in exc.problems) if lang == "zh" else str(exc)
        return Invalid(errors or {"_": WORDS.say("bad.together", lang)}, detail or {"_": said})


def _bounds(info) -> tuple[float | None, float | None]:
    low = high = None
    for rule in info.metadata:
        for name in ("ge", "gt"):
            if getattr(rule, name, None) is not None:
                low = float(getattr(rule, name))
        for name in ("le", "lt"):
            if getattr(rule, name, None) is not None:
                high = float(getattr(rule, name))
    return low, high


def _fixed_by_clause(family, name: str, value: object) -> tuple[str, str] | None:
    """(zh, en) quoting the clause of a policy document the family cites (one the register holds,
    not a summary of a report) that states this parameter's value, when the dataset keeps that
    value; None when no such clause states it."""
    from optimiser.register import load_register

    register = load_register()
    keys = {name, ALIASES.get((family.id, name), name)}
    for clause_id in family.citations:
        clause = register.resolve(clause_id)
        if clause is None or not clause.document.held:
            continue
        for key in keys:
            stated = clause.parameters.get(key)
            if isinstance(stated, bool) or not isinstance(stated, int | float):
                continue
            if abs(float(stated) - float(value)) > 1e-9 * max(1.0, abs(float(stated))):
                continue
            where = clause.locator.split(" ")[0]
            named = f"{clause.document.id}{where}" if where.startswith("第") else clause.id
            zh = WORDS.say("locked.clause", "zh", clause=named, text=_sentence(clause, name, value))
            en = WORDS.say(
                "locked.clause",
                "en",
                clause=f"clause {clause.id}",
                text=clause.text_en or clause.id,
            )
            return zh, en
    return None


def _sentence(clause, name: str, value: float) -> str:
    """The clause's sentence that states `value` as the document writes it (30%, 5个百分点,
    10亿元, 500万元), else its key sentence."""
    v = float(value)
    if name in SHARES:
        written = [f"{v * 100:g}%", f"{v * 100:g}个百分点"]
    elif name.endswith("_wan"):
        written = [f"{v:g}万元", f"{v / 10000:g}亿元"]
    else:
        written = [f"{v:g}"]
    for text in (clause.text, *clause.more_text):
        if any(w in text for w in written):
            return text
    return clause.text


def _shown_id(lever_id: object) -> str:
    """An unknown lever id as the error map names it: text, and not a whole hostile payload."""
    text = lever_id if isinstance(lever_id, str) else repr(lever_id)
    return text[:80]
