"""Derive data/hebei/: the rules of seed 003 (Hebei) — special-fund inputs that do not fall year on
year, a 50% prepayment limit for projects, relief-fund floors of 1,000 万元 from the province and
500 万元 from each city and county — on a small illustrative set of counties, 2017 actuals and
plan years 2018-2020.

Run: python3 data/derivations/hebei.py   (standard library and PyYAML only)

The counties, cities and every county-level figure are SYNTHETIC (invented for illustration):
003 names no county, and no figure here is attached to a real one. The dataset as a whole is
marked synthetic (policy.yaml `synthetic: true`), not only its county rows: every plan made on it
is an illustration of Hebei's rules on made-up counties, since the budgets, needs, history and
projects all belong to those counties. What comes from 003 (seed clauses, or derived from them):
the province's special-fund totals (003-p4, 003-p21), which the set's invented 1% share scales,
the relief-fund floors and the relief fund's cost per person helped (003-p23), the prepayment
limit (003-p26), the housing cost per household (003-p11) and the cost of a "two basics" project
in deep-poverty areas (003-p13). Provenance levels: common.py.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from common import e, write_table

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "hebei"
SCRIPT = "data/derivations/hebei.py"
YI = 10_000  # 1 亿元 = 10,000 万元

# 003-p4: provincial special funds 41.11 亿 in 2018 (+314%), 55.05 亿 in 2019 (+33.9%);
# 003-p21: +26.5% in 2020
PROVINCIAL = {2017: round(41.11 * YI / 4.14, 2), 2018: 41.11 * YI, 2019: 55.05 * YI,
              2020: round(55.05 * YI * 1.265, 2)}
SET_SHARE = 0.01  # the illustrative set's share of the province's special funds: an assumption
RELIEF_PER_PERSON = 4044.7 / 31_000  # 003-p23: 4,044.7 万元 helped 3.1 万人 -> 万元 per person
HOUSING_PER_HOUSEHOLD = round(13.4 * YI / 70_590, 4)  # 003-p11: 13.4 亿, 70,590 households
PROJECT_COST = round(23.5 * YI / 2_786, 2)  # 003-p13: 23.5 亿 over 2,786 projects

CITIES = {"示例市甲": ["A", "B", "C"], "示例市乙": ["D", "E", "F"]}
COUNTIES = {  # letter: (designation, poor people, note)
    "A": ("national", 9_000), "B": ("national", 7_500), "C": ("provincial", 5_000),
    "D": ("national", 8_000), "E": ("provincial", 4_500), "F": ("none", 2_000),
}
YEARS = [2018, 2019, 2020]
CITY_BUDGET = 1_500.0  # each city's own special funds a year: an assumption
COUNTY_BUDGET = 900.0  # each county's own special funds a year: an assumption
CENTRAL = 3_000.0  # central special funds to the set a year: an assumption

CATEGORIES = [  # code, name, name_en, unit, cost, profile, benefit, sources
    ("relief_fund", "社会救助基金", "Social relief fund", "wan", 1.0, "1",
     round(1 / RELIEF_PER_PERSON, 4), "provincial_special;city_special;county_special"),
    ("housing", "农村危房改造", "Dangerous-house renovation", "household", HOUSING_PER_HOUSEHOLD,
     "1", 2.5, "central_special;provincial_special;county_special"),
    ("infrastructure", "基础设施和基本公共服务项目", "Basic infrastructure and services", "project",
     PROJECT_COST, "0.5;0.5", 150.0, "central_special;provincial_special;city_special"),
    ("industry", "特色产业扶贫项目", "Industry support", "household", 0.5, "1", 2.5,
     "central_special;provincial_special;city_special;county_special"),
]


def code(letter: str) -> str:
    return f"county_{letter.lower()}"


def write(name: str, rows: list[dict]) -> None:
    write_table(OUT, name, rows)


def projects() -> list[dict]:
    """Twelve illustrative candidate projects; some front-load more than 50% of their cost, so
    the prepayment limit (003-p26) matters; two need another first."""
    rows = []
    spec = [  # county, name, cost profile 万元, beneficiaries, start window, prerequisite
        ("A", "A县 通村公路", "70;30", 900, (2018, 2019), ""),  # names get the prefix 示例：
        ("A", "A县 村级卫生室", "60;20", 600, (2018, 2020), "HB-P01"),
        ("B", "B县 饮水工程", "50;50", 700, (2018, 2019), ""),
        ("B", "B县 光纤宽带", "90;10", 800, (2019, 2020), ""),
        ("C", "C县 产业园道路", "80;40", 650, (2018, 2018), ""),
        ("C", "C县 产业园配套", "40;40;20", 900, (2019, 2020), "HB-P05"),
        ("D", "D县 通村公路", "75;25", 950, (2018, 2019), ""),
        ("D", "D县 学校改造", "45;45", 700, (2018, 2020), ""),
        ("E", "E县 饮水工程", "55;35", 500, (2018, 2019), ""),
        ("E", "E县 村级活动场所", "30;30", 300, (2019, 2020), ""),
        ("F", "F县 道路", "60;20", 250, (2018, 2020), ""),
        ("F", "F县 卫生室", "35;35", 280, (2019, 2020), ""),
    ]
    for i, (letter, name, profile, people, (first, last), prereq) in enumerate(spec, start=1):
        rows.append({"id": f"HB-P{i:02d}", "name": f"示例：{name}", "county_code": code(letter),
                     "category": "infrastructure", "cost_profile_wan": profile, "units": 1,
                     "beneficiaries": people, "earliest_start": first, "latest_start": last,
                     "prerequisites": prereq, "illustrative": "true"})
    return rows


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write("counties", [{"code": code(x), "name": f"示例县{x}", "city": city, "designation":
                        COUNTIES[x][0], "deep": "false",
                        "note": "illustrative county: no figure here belongs to a real county"}
                       for city, letters in CITIES.items() for x in letters])
    write("indicators", [{"county_code": code(x), "year": 2017, "poor_population": p}
                         for x, (_d, p) in COUNTIES.items()])
    write("sources", [
        {"code": "central_special", "name": "中央财政专项扶贫资金", "level": "central",
         "kind": "grant", "earmark": "true", "block": "false"},
        {"code": "provincial_special", "name": "省级财政专项扶贫资金", "level": "provincial",
         "kind": "grant", "earmark": "true", "block": "false"},
        {"code": "city_special", "name": "市级财政专项扶贫资金", "level": "city",
         "kind": "grant", "earmark": "false", "block": "false"},
        {"code": "county_special", "name": "县级财政专项扶贫资金", "level": "county",
         "kind": "grant", "earmark": "false", "block": "false"},
    ])
    budgets = []
    for y in YEARS:
        budgets.append({"source": "central_special", "year": y, "amount_wan": CENTRAL})
        budgets.append({"source": "provincial_special", "year": y,
                        "amount_wan": round(PROVINCIAL[y] * SET_SHARE, 2)})
        budgets += [{"source": "city_special", "year": y, "amount_wan": CITY_BUDGET, "city": m}
                    for m in CITIES]
        budgets += [{"source": "county_special", "year": y, "amount_wan": COUNTY_BUDGET,
                     "county_code": code(x)} for x in COUNTIES]
    write("budgets", budgets)
    write("categories", [{"code": c, "name": n, "name_en": e, "unit": u, "unit_cost_wan": k,
                          "payment_profile": pr, "benefit_per_unit": b, "sources": s}
                         for c, n, e, u, k, pr, b, s in CATEGORIES])
    needs = []
    for x, (_d, poor) in COUNTIES.items():
        needs += [
            {"county_code": code(x), "category": "relief_fund", "units": 3_000, "basis": "annual"},
            {"county_code": code(x), "category": "housing", "units": round(poor / 2.5 * 0.15)},
            {"county_code": code(x), "category": "infrastructure", "units": 6},
            {"county_code": code(x), "category": "industry", "units": round(poor / 2.5 * 0.6)},
        ]
    write("needs", needs)
    write("projects", projects())
    total = sum(p for _d, p in COUNTIES.values())
    history = []
    for x, (_d, poor) in COUNTIES.items():
        share = poor / total
        history += [
            {"year": 2017, "county_code": code(x), "source": "central_special",
             "amount_wan": round(CENTRAL * share, 2)},
            {"year": 2017, "county_code": code(x), "source": "provincial_special",
             "amount_wan": round(PROVINCIAL[2017] * SET_SHARE * share, 2)},
            {"year": 2017, "county_code": code(x), "source": "county_special",
             "amount_wan": COUNTY_BUDGET * 0.8},
        ]
    for city, letters in CITIES.items():
        poor = {x: COUNTIES[x][1] for x in letters}
        for x in letters:
            history.append({"year": 2017, "county_code": code(x), "source": "city_special",
                            "amount_wan": round(CITY_BUDGET * 0.8 * poor[x] / sum(poor.values()),
                                                2)})
    write("history", history)
    (OUT / "policy.yaml").write_text(POLICY, encoding="utf-8")
    (OUT / "provenance.yaml").write_text(
        yaml.safe_dump(provenance(), allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8")
    print(f"ok  provincial special funds {PROVINCIAL} 万元; the set's share {SET_SHARE:.0%}; "
          f"relief {RELIEF_PER_PERSON:.4f} 万元 per person; housing {HOUSING_PER_HOUSEHOLD} 万元 "
          f"per household; project {PROJECT_COST} 万元")


POLICY = f"""\
# Hebei (河北) rules of seed 003 on an illustrative set of counties. Generated by {SCRIPT}.
# synthetic: true for the whole dataset, not only some rows: the counties and cities are invented
# (示例县, 示例市), and so are every budget, need, past allocation and project, which all belong to
# them; only the rules, the province's totals and two unit costs come from 003 (provenance.yaml).
dataset:
  name: hebei
  title: 河北省规则示例(示例县) 2018-2020年财政专项扶贫资金分配
  synthetic: true
  lang: zh                # the language of every output (allocate --lang en for English)
years:
  actuals: [2017]
  plan: [2018, 2019, 2020]
objective:
  mode: impact
factor_method:
  # ESTIMATE: the weights are not published; only the illustrative poor populations are given
  weights: {{poor_population: 1.0}}
rules:
  R-INCREASE: {{status: hard, city_double_growth: false}}  # 003-p4 逐年增加
  R-PREPAY: {{status: hard, max_share: 0.5}}                 # 003-p26 预付款 50%
  R-RELIEF-FUND: {{status: hard, provincial_floor_wan: 1000, local_floor_wan: 500}}  # 003-p23
  R-EARMARK: {{status: "off"}}        # 003 names no deep-poverty counties
  R-GROWTH: {{status: "off"}}
  R-REVOLVING: {{status: "off"}}
  R-RELENDING: {{status: "off"}}
  R-INDUSTRY-FUND: {{status: "off"}}
  R-LOTTERY: {{status: "off"}}
  # 004 §2, §4, §5: Shanxi's document and its 10 deep-poverty counties, not Hebei's
  R-FOREST-QUOTA: {{status: "off"}}
  R-LABOUR-SUBSIDY: {{status: "off"}}
  R-EDUCATION-FIRST: {{status: "off"}}
  R-FARMLAND-TARGET: {{status: "off"}}
  R-PV-COVERAGE: {{status: "off"}}
  R-COUNTY-FLOOR: {{status: "off"}}
  R-DEADLINE: {{status: hard}}
"""


def provenance() -> dict:
    invented = "SYNTHETIC: invented for this example; 003 names no county"
    return {
        "dataset": {
            "rests_on_estimates": True,
            "note": "Synthetic (policy.yaml synthetic: true): the counties, cities and every "
                    "county figure are invented to show Hebei's rules (003) at work. The "
                    "province's totals, the relief fund and the unit costs of housing and "
                    "infrastructure projects come from 003.",
        },
        "counties.csv": {k: e("identifier", method=invented)
                         for k in ("code", "name", "city", "note")}
        | {"designation": e("synthetic", method=invented),
           "deep": e("synthetic", method="003 lists no deep-poverty county by name: none here")},
        "indicators.csv": {"county_code": e("identifier"), "year": e("identifier"),
                           "poor_population": e("synthetic", method=invented)},
        "sources.csv": {k: e("identifier") for k in ("code", "name", "level", "kind", "block")}
        | {"earmark": e("seed clause", ["004-8"], "central and provincial special funds")},
        "budgets.csv": {
            "source": e("identifier"), "year": e("identifier"), "city": e("identifier"),
            "county_code": e("identifier"),
            "amount_wan": [
                e("synthetic", ["003-p4", "003-p21"], rows={"source": "provincial_special"},
                  method=f"the province's provincial special funds (2018 41.11 亿, 2019 55.05 "
                  f"亿, 003-p4; 2020 55.05 x 1.265 亿, 003-p21; 2017 41.11 / 4.14 亿, 003-p4) "
                  f"times {SET_SHARE:.0%}, the share this invented set of counties is given"),
                e("synthetic", method=f"central {CENTRAL:,}, each city {CITY_BUDGET:,} and "
                  f"each county {COUNTY_BUDGET:,} 万元 a year: invented for the example"),
            ],
        },
        "categories.csv": {
            "code": e("identifier"), "name": e("identifier"), "name_en": e("identifier"),
            "unit": e("identifier"),
            "unit_cost_wan": [
                e("derived", ["003-p11"], rows={"code": "housing"},
                  method=f"13.4 亿 / 70,590 households = {HOUSING_PER_HOUSEHOLD} 万元"),
                e("derived", ["003-p13"], rows={"code": "infrastructure"},
                  method=f"a basic-infrastructure project: 23.5 亿 / 2,786 = {PROJECT_COST} 万元"),
                e("derived", ["003-p23"], rows={"code": "relief_fund"},
                  method="1 by definition: the unit is 1 万元 put into the relief fund"),
                e("estimate", method="industry support 0.5 万元 per household: an assumption"),
            ],
            "payment_profile": e("estimate", method="paid at once; infrastructure over two "
                                 "years (an assumption)"),
            "benefit_per_unit": [
                e("derived", ["003-p23"], rows={"code": "relief_fund"},
                  method=f"3.1 万人 helped with 4,044.7 万元 (003-p23) = "
                  f"{1 / RELIEF_PER_PERSON:.4f} persons per 万元"),
                e("estimate", method="2.5 persons per household and 150 per infrastructure "
                  "project are assumptions"),
            ],
            "sources": e("estimate", method="provincial, city and county funds may pay the "
                         "relief fund (003-p23); the rest as listed, an assumption"),
        },
        "needs.csv": {"county_code": e("identifier"), "category": e("identifier"),
                      "basis": e("identifier"),
                      "units": e("synthetic", method=f"{invented}: housing 15% and industry "
                                 f"60% of the households (poor / 2.5); 6 projects and 3,000 万元 "
                                 f"of relief a year per county")},
        "projects.csv": {k: e("identifier", method=f"{invented}: labels of invented projects")
                         for k in ("id", "name", "illustrative")}
        | {k: e("synthetic", ["003-p13"], f"{invented}: twelve candidate projects around the "
                f"average project cost of 003-p13, some front-loading more than 50% so that "
                f"R-PREPAY (003-p26) acts")
           for k in ("county_code", "category", "cost_profile_wan", "units", "beneficiaries",
                     "earliest_start", "latest_start", "prerequisites")},
        "history.csv": {"year": e("identifier"), "county_code": e("identifier"),
                        "source": e("identifier"),
                        "amount_wan": e("synthetic", ["003-p4"],
                                        "2017: central and provincial money split by the "
                                        "invented poor populations (provincial = 41.11 / 4.14 亿 "
                                        "x the set's invented share); city and county at 80% of "
                                        "their invented 2018 budgets")},
    }


if __name__ == "__main__":
    main()
