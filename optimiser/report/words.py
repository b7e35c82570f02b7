"""Every word a person reads, in Chinese and English.

Each report module keeps its words in one catalogue, `{key: {"zh": ..., "en": ...}}`, registered
here, so a test can hold every catalogue to both languages with the same fields, and the
language of every output follows one choice: the dataset's (`dataset.lang` in policy.yaml, zh for
the shipped datasets) unless the reader asks for another (`--lang`)."""

from __future__ import annotations

import string

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

CATALOGUES: dict[str, dict[str, dict[str, str]]] = {}


class Words:
    """One module's words; `say(key, lang, **fields)` formats the sentence in `lang`."""

    def __init__(self, name: str, words: dict[str, dict[str, str]]):
        CATALOGUES[name] = words
        self.name = name
        self.words = words

    def say(self, key: str, lang: str, **fields: object) -> str:
        return self.words[key][lang if lang in LANGS else DEFAULT_LANG].format(**fields)

    def __call__(self, key: str, lang: str, **fields: object) -> str:
        return self.say(key, lang, **fields)


def fields_of(template: str) -> set[str]:
    """The {fields} a sentence uses (a test compares them across languages)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def year(value: int | str, lang: str) -> str:
    """2018 as a reader writes it: 2018年 in Chinese."""
    return f"{value}年" if lang == "zh" else str(value)


def span(years: list[int], lang: str) -> str:
    """One year or a horizon: 2018年, 2017—2020年."""
    if len(years) == 1:
        return year(years[0], lang)
    return f"{years[0]}—{years[-1]}年" if lang == "zh" else f"{years[0]}-{years[-1]}"


def join(items: list[str], lang: str) -> str:
    """A list in running text: 甲、乙 / a, b."""
    return ("、" if lang == "zh" else ", ").join(items)


COMMON = Words(
    "common",
    {
        "optimal": {"zh": "最优", "en": "optimal"},
        "feasible": {
            "zh": "可行（满足全部规则，但未证明最优）",
            "en": "feasible, within the limits but not proven optimal",
        },
        "infeasible": {
            "zh": "无可行方案：没有方案能同时满足全部硬性规则",
            "en": "no plan satisfies every hard rule",
        },
        "unbounded": {
            "zh": "无界：某个资金来源或需求没有上限",
            "en": "unbounded: a source or need has no limit",
        },
        "no_solution": {
            "zh": "在时间限制内未找到方案",
            "en": "no plan found within the time limit",
        },
        "error": {"zh": "求解器出错", "en": "the solver failed"},
        "audit-failed": {
            "zh": "审核未通过：独立审核发现本方案违反规则，请勿签批",
            "en": "audit-failed: the independent audit finds this plan breaks a rule; do not "
            "sign it",
        },
        "status_short.optimal": {"zh": "最优", "en": "optimal"},
        "status_short.feasible": {"zh": "可行（未证明最优）", "en": "feasible"},
        "status_short.infeasible": {"zh": "无可行方案", "en": "no plan"},
        "status_short.unbounded": {"zh": "无界", "en": "unbounded"},
        "status_short.no_solution": {"zh": "未找到方案", "en": "no plan found"},
        "status_short.error": {"zh": "求解器出错", "en": "solver failed"},
        "status_short.audit-failed": {"zh": "审核未通过", "en": "audit failed"},
        # a batch's point that has no plan of its own (optimiser.batch.points)
        "failed": {
            "zh": "计算失败：该点未能求解，原因与该点一并记录",
            "en": "failed: the point could not be solved; its reason is recorded with it",
        },
        "bad-input": {
            "zh": "输入有误：该点的数据集拒绝了此项调整",
            "en": "bad input: the point's dataset refused the override",
        },
        "status_short.failed": {"zh": "计算失败", "en": "failed"},
        "status_short.bad-input": {"zh": "输入有误", "en": "bad input"},
        "total": {"zh": "合计", "en": "Total"},
        "deep_mark": {"zh": "＊深度贫困县", "en": "* deep-poverty county"},
        "wan": {"zh": "万元", "en": "万元 (10,000 yuan)"},
        "objective.impact": {
            "zh": "加权覆盖贫困人口（扣除罚项）",
            "en": "weighted poor people reached, less penalties",
        },
        "objective.formula": {
            "zh": "与因素法份额的偏离（万元，含罚项）",
            "en": "万元 of deviation from the formula shares, plus penalties",
        },
        "mode.impact": {"zh": "覆盖人口最多", "en": "most people reached"},
        "mode.formula": {"zh": "最接近因素法份额", "en": "closest to the formula shares"},
        "unknown_city": {"zh": "（未填所属市）", "en": "(city not given)"},
        "synthetic": {"zh": "虚构示例数据", "en": "synthetic data"},
    },
)


def status_words(status: str, lang: str, short: bool = False) -> str:
    """A run's status as a reader says it; an unknown status is shown as it is."""
    key = f"status_short.{status}" if short else status
    if key not in COMMON.words:
        return status
    return COMMON.say(key, lang)
