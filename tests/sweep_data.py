"""A small dataset for scenario and sweep tests whose answers are known by hand.

Six large counties each need 300 houses rebuilt by 2018 (1.4 万元 each: 420 万元 a county, 2,520
in all, funded in full whatever the budget); one small county, 小七县, can use any money left
over on farmland. With the central budget at 2,600 万元, 小七县 gets 80; at +5% (2,730) 210; at +10%
(2,860) 340. Below 2,520 (−5% is 2,470) there is no plan: the houses due in 2018 cannot all be
paid for. So along a sweep the small county's money moves most and the large counties' not at
all, and the same policy rule (the 2018 deadline of each large county) binds at every value."""

from __future__ import annotations

from pathlib import Path

import tiny

BIG = [f"big{i}" for i in range(1, 7)]
SMALL = "small7"
NAMES = {
    "big1": "大一县",
    "big2": "大二县",
    "big3": "大三县",
    "big4": "大四县",
    "big5": "大五县",
    "big6": "大六县",
    SMALL: "小七县",
}
BUDGET = 2600.0
DEADLINE_WAN = 420.0  # each large county's houses due in 2018


def tables() -> dict[str, list[dict[str, str]]]:
    codes = [*BIG, SMALL]
    return {
        "counties": [
            {
                "code": c,
                "name": NAMES[c],
                "city": "甲市" if i < 4 else "乙市",
                "designation": "national",
                "deep": "true" if c in ("big1", "big2") else "false",
            }
            for i, c in enumerate(codes)
        ],
        "indicators": [
            {
                "county_code": c,
                "year": "2017",
                "poor_population": "1000",
                "poverty_incidence": "0.1",
            }
            for c in codes
        ],
        "sources": [
            {
                "code": "central",
                "name": "中央专项",
                "level": "central",
                "kind": "grant",
                "earmark": "true",
                "block": "false",
            }
        ],
        "budgets": [{"source": "central", "year": "2018", "amount_wan": str(BUDGET)}],
        "categories": [
            {
                "code": "housing",
                "name": "危房改造",
                "unit": "household",
                "unit_cost_wan": "1.4",
                "payment_profile": "1",
                "benefit_per_unit": "3",
                "sources": "central",
            },
            {
                "code": "farmland",
                "name": "退耕还林",
                "unit": "mu",
                "unit_cost_wan": "0.2",
                "payment_profile": "1",
                "benefit_per_unit": "0.5",
                "sources": "central",
            },
        ],
        "needs": [
            {"county_code": c, "category": "housing", "units": "300", "deadline": "2018"}
            for c in BIG
        ]
        + [{"county_code": SMALL, "category": "farmland", "units": "5000"}],
        "history": [
            {
                "year": "2017",
                "county_code": c,
                "source": "central",
                "category": "housing",
                "amount_wan": "300",
            }
            for c in BIG
        ],
    }


def policy() -> dict:
    pol = tiny.policy()
    pol["dataset"] = {"name": "movers", "title": "测试数据（七县）"}
    for rule in ("R-EARMARK", "R-GROWTH", "R-INCREASE"):
        pol["rules"][rule] = {"status": "off"}
    return pol


def write(folder: Path) -> Path:
    return tiny.write(folder, tables(), policy())


SCENARIOS = """scenarios:
  - name: 削减2%
    set: [budget.central.2018=-2%]
  - name: 增加10%
    set: [budget.central.2018=+10%]
  - name: 削减5%
    set: [budget.central.2018=-5%]
"""
